// Every exercise's default grading rule applies to its own metrics, and the library stays
// browser-safe: lib/grading imports nothing from Node.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { EXERCISES, findExercise } from "@/exercises/registry";
import { describeRule, gradingRuleSchema, ruleFraction, ruleProblem } from "@/lib/grading/rules";

test("every registry exercise has a valid default rule for its own metrics", () => {
  assert.ok(EXERCISES.length >= 18);
  for (const exercise of EXERCISES) {
    const rule = exercise.defaultGrading;
    assert.ok(gradingRuleSchema.safeParse(rule).success, `${exercise.slug}: ${JSON.stringify(rule)}`);
    assert.equal(ruleProblem(rule, exercise.metrics), null, exercise.slug);
    assert.match(describeRule(rule, exercise.metrics), /^Full points /, exercise.slug);
  }
});

test("the required defaults of gan-ring and gan-digits", () => {
  assert.deepEqual(findExercise("gan-ring")?.defaultGrading, { kind: "linear", metric: "modesCovered", full: 8, zero: 2 });
  assert.deepEqual(findExercise("gan-digits")?.defaultGrading, { kind: "linear", metric: "fid", full: 40, zero: 200 });
  assert.equal(
    describeRule(findExercise("gan-ring")!.defaultGrading, findExercise("gan-ring")!.metrics),
    "Full points at Modes covered ≥ 8, none at ≤ 2, linear in between.",
  );
  // A GAN covering 5 of the 8 modes earns half.
  assert.equal(ruleFraction(findExercise("gan-ring")!.defaultGrading, { modesCovered: 5, highQualityFraction: 0.9, modeKL: 0.1, mmd2: 0.01 }), 0.5);
});

test("lib/grading imports only zod, its own files and types", () => {
  const dir = path.resolve(import.meta.dirname, "../../../lib/grading");
  for (const file of readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    const source = readFileSync(path.join(dir, file), "utf8");
    for (const [, what, from] of source.matchAll(/^import (type )?[^;]*? from "([^"]+)";/gm)) {
      const allowed = from === "zod" || from.startsWith("./") || (what === "type " && from.startsWith("@/lib/"));
      assert.ok(allowed, `${file} imports ${what ?? ""}"${from}"`);
    }
  }
});
