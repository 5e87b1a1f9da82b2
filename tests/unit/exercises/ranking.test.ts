// The one ranking (lib/exercises/ranking.ts): flagged entries below every unflagged one, each
// metric in its own direction, missing values last; and every registry entry ranks by its metrics.
import assert from "node:assert/strict";
import { test } from "node:test";
import { rankedBy, rankingOf, rankKeysOf } from "@/lib/exercises/ranking";
import { EXERCISES } from "@/exercises/registry";
import type { MetricSpec } from "@/lib/exercises/types";

const metric = (key: string, better: MetricSpec["better"]): MetricSpec => ({ key, label: key, better, digits: 2, description: key });
const board = {
  slug: "test-board",
  metrics: [metric("fid", "lower"), metric("accuracy", "higher")],
  rankedBy: ["fid", "accuracy"] as const,
  flag: (m: Record<string, number>) => (m.copied > 0.05 ? `${Math.round(m.copied * 100)} % copies` : null),
};
/** PostgreSQL's order of float8[]: element by element. */
const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
};

test("a flagged submission ranks below every unflagged one, however good its metric", () => {
  const copy = { fid: 0, accuracy: 1, copied: 1 };
  const honest = { fid: 48, accuracy: 0.5, copied: 0 };
  assert.ok(compare(rankKeysOf(board, honest), rankKeysOf(board, copy)) < 0);
  assert.deepEqual(rankingOf(board, copy), { value: 0, better: "lower", flagged: true, reason: "100 % copies" });
  assert.deepEqual(rankingOf(board, honest), { value: 48, better: "lower", flagged: false });
});

test("the ranked metric in its direction, then the tie-break in its own; a missing value last", () => {
  assert.deepEqual(rankKeysOf(board, { fid: 40, accuracy: 0.9, copied: 0 }), [0, 40, -0.9]);
  assert.ok(compare(rankKeysOf(board, { fid: 40, accuracy: 0.9, copied: 0 }), rankKeysOf(board, { fid: 40, accuracy: 0.8, copied: 0 })) < 0);
  assert.ok(compare(rankKeysOf(board, { fid: 500, accuracy: 0, copied: 0 }), rankKeysOf(board, { accuracy: 1, copied: 0 })) < 0);
  assert.deepEqual(rankedBy(board), { metric: "fid", better: "lower" });
});

test("every exercise ranks by metrics it reports, and says which way is better", () => {
  for (const e of EXERCISES) {
    for (const key of e.rankedBy)
      assert.ok(
        e.metrics.some((m: MetricSpec) => m.key === key),
        `${e.slug}: ${key}`,
      );
    assert.ok(["lower", "higher"].includes(rankedBy(e).better));
  }
});

test("a score that lacks one of the exercise's metrics was made under earlier rules: flagged, saying so", () => {
  const before = { fid: 0, accuracy: 1 }; // scored before copies were measured
  const ranking = rankingOf({ ...board, metrics: [...board.metrics, metric("copied", "lower")] }, before);
  assert.equal(ranking.flagged, true);
  assert.match(ranking.reason ?? "", /earlier rules, before “copied” was measured: submit again/);
});
