// Scores in words: every metric of the registry says what it means, which way is better and what
// known submissions score; every exercise says what the server measures.
import assert from "node:assert/strict";
import { test } from "node:test";
import { formatMetrics, metricScale } from "@/lib/scoring/metric-text";
import { EXERCISES } from "@/exercises/registry";
import type { MetricSpec } from "@/lib/exercises/types";

const fid: MetricSpec = {
  key: "fid",
  label: "FID",
  better: "lower",
  digits: 2,
  description: "Fréchet distance",
  meaning: "How far the samples' features are from real digits'.",
  references: [
    { value: 2, label: "real digits" },
    { value: 48, label: "the default GAN" },
  ],
};

test("a metric's scale: its direction, then the references with the digits they were measured with", () => {
  assert.equal(metricScale(fid), "Lower is better; real digits ≈ 2, the default GAN ≈ 48.");
  assert.equal(metricScale({ ...fid, better: "higher", digits: 2, references: [{ value: 0.0006, label: "tiny" }] }), "Higher is better; tiny ≈ 0.0006.");
  assert.equal(metricScale({ ...fid, references: [] }), "Lower is better.");
  assert.equal(formatMetrics([fid], { fid: 47.899, other: 1 }), "FID 47.90");
});

test("every metric in the registry has a meaning and reference values; every exercise says how it is scored", () => {
  for (const e of EXERCISES) {
    assert.ok(e.howScored.server, `${e.slug}: howScored.server`);
    for (const m of e.metrics as MetricSpec[]) {
      assert.ok(m.meaning && m.meaning.length < 200, `${e.slug}.${m.key}: a one-line meaning`);
      assert.ok((m.references ?? []).length > 0, `${e.slug}.${m.key}: reference values`);
      for (const r of m.references ?? []) assert.ok(Number.isFinite(r.value) && r.label.length > 0, `${e.slug}.${m.key}: ${r.label}`);
    }
  }
});
