// lib/grading/rules.ts: fractions at and beyond both thresholds, in both directions, against
// (value − zero) / (full − zero) worked out by hand; validation; problems and descriptions in words.
import { test } from "node:test";
import assert from "node:assert/strict";
import type { MetricSpec } from "@/lib/exercises/types";
import { describeRule, gradingRuleSchema, ruleFraction, ruleProblem, type GradingRule } from "@/lib/grading/rules";

const RING_METRICS: MetricSpec[] = [
  { key: "modesCovered", label: "Modes covered", better: "higher", digits: 0, description: "" },
  { key: "mmd2", label: "MMD²", better: "lower", digits: 4, description: "" },
];
const MODES: GradingRule = { kind: "linear", metric: "modesCovered", full: 8, zero: 2 };
const FID: GradingRule = { kind: "linear", metric: "fid", full: 40, zero: 200 };

test("higher is better: 0 at zero and below, 1 at full and above, linear in between", () => {
  const cases: [number, number][] = [
    [8, 1],
    [2, 0],
    [5, 0.5], // midpoint
    [6.5, 0.75], // (6.5 − 2) / 6
    [9, 1], // beyond full
    [0, 0], // beyond zero
    [-3, 0],
  ];
  for (const [value, fraction] of cases) assert.equal(ruleFraction(MODES, { modesCovered: value }), fraction, `modesCovered ${value}`);
});

test("lower is better: the same formula with full below zero", () => {
  const cases: [number, number][] = [
    [40, 1],
    [200, 0],
    [120, 0.5], // midpoint
    [80, 0.75], // (80 − 200) / (40 − 200)
    [2, 1], // beyond full
    [450, 0], // beyond zero
  ];
  for (const [value, fraction] of cases) assert.equal(ruleFraction(FID, { fid: value }), fraction, `fid ${value}`);
});

test("a missing or non-finite metric earns nothing; completion pays for any scored submission", () => {
  assert.equal(ruleFraction(FID, {}), 0);
  assert.equal(ruleFraction(FID, { classifierScore: 9 }), 0);
  assert.equal(ruleFraction(FID, { fid: Number.NaN }), 0);
  assert.equal(ruleFraction(FID, { fid: Number.POSITIVE_INFINITY }), 0);
  assert.equal(ruleFraction({ kind: "linear", metric: "mmd2", full: 0.001, zero: 0.1 }, { mmd2: Number.NEGATIVE_INFINITY }), 0);
  // Inherited properties are not metrics.
  assert.equal(ruleFraction({ kind: "linear", metric: "constructor", full: 1, zero: 0 }, {}), 0);
  assert.equal(ruleFraction({ kind: "completion" }, {}), 1);
  assert.equal(ruleFraction({ kind: "completion" }, { fid: 900 }), 1);
});

test("gradingRuleSchema accepts the two kinds and refuses equal thresholds, non-finite numbers, bad metric names", () => {
  assert.deepEqual(gradingRuleSchema.parse(MODES), MODES);
  assert.deepEqual(gradingRuleSchema.parse({ kind: "completion" }), { kind: "completion" });
  assert.ok(gradingRuleSchema.safeParse({ kind: "linear", metric: "m".repeat(64), full: -1, zero: 1 }).success);
  const refused = [
    { kind: "linear", metric: "fid", full: 40, zero: 40 },
    { kind: "linear", metric: "fid", full: Number.POSITIVE_INFINITY, zero: 200 },
    { kind: "linear", metric: "fid", full: 40, zero: Number.NaN },
    { kind: "linear", metric: "", full: 40, zero: 200 },
    { kind: "linear", metric: "m".repeat(65), full: 40, zero: 200 },
    { kind: "linear", metric: "fid", full: "40", zero: 200 },
    { kind: "linear", metric: "fid", full: 40 },
    { kind: "linear", metric: "fid", full: 40, zero: 200, extra: 1 },
    { kind: "completion", metric: "fid" },
    { kind: "threshold", metric: "fid" },
    null,
  ];
  for (const rule of refused) assert.equal(gradingRuleSchema.safeParse(rule).success, false, JSON.stringify(rule));
  const equal = gradingRuleSchema.safeParse({ kind: "linear", metric: "fid", full: 40, zero: 40 });
  assert.equal(equal.success ? "" : equal.error.issues[0].message, "full and zero must differ");
});

test("ruleProblem names the valid metrics and the direction a metric needs", () => {
  assert.equal(ruleProblem(MODES, RING_METRICS), null);
  assert.equal(ruleProblem({ kind: "linear", metric: "mmd2", full: 0.001, zero: 0.05 }, RING_METRICS), null);
  assert.equal(ruleProblem({ kind: "completion" }, RING_METRICS), null);
  assert.equal(
    ruleProblem({ kind: "linear", metric: "fid", full: 40, zero: 200 }, RING_METRICS),
    '"fid" is not a metric of this exercise; its metrics are "modesCovered" (Modes covered), "mmd2" (MMD²).',
  );
  assert.equal(
    ruleProblem({ kind: "linear", metric: "modesCovered", full: 2, zero: 8 }, RING_METRICS),
    "Modes covered: higher is better, so the value for full points (2) must be greater than the value for none (8).",
  );
  assert.equal(
    ruleProblem({ kind: "linear", metric: "mmd2", full: 0.05, zero: 0.001 }, RING_METRICS),
    "MMD²: lower is better, so the value for full points (0.05) must be less than the value for none (0.001).",
  );
  // A metric reachable without honest work (here: a KS distance that quantiles match) is never worth points.
  const withFree: MetricSpec[] = [...RING_METRICS, { key: "ks", label: "KS distance", better: "lower", gradable: false, digits: 4, description: "" }];
  assert.equal(
    ruleProblem({ kind: "linear", metric: "ks", full: 0.01, zero: 0.05 }, withFree),
    "KS distance is shown for information: it can be reached without honest work, so it cannot earn points. Grade on Modes covered instead.",
  );
});

test("describeRule uses the metric's label and plain numbers", () => {
  assert.equal(describeRule(MODES, RING_METRICS), "Full points at Modes covered ≥ 8, none at ≤ 2, linear in between.");
  assert.equal(
    describeRule({ kind: "linear", metric: "mmd2", full: 0.0005, zero: 0.05 }, RING_METRICS),
    "Full points at MMD² ≤ 0.0005, none at ≥ 0.05, linear in between.",
  );
  assert.equal(
    describeRule({ kind: "linear", metric: "fid", full: 40, zero: 200 }, RING_METRICS),
    "Full points at fid ≤ 40, none at ≥ 200, linear in between.",
  );
  assert.equal(describeRule({ kind: "completion" }, RING_METRICS), "Full points for any scored submission.");
});
