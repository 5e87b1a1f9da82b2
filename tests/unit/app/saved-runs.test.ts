// A run saved in the browser is read back whole or not at all; a diverged loss (NaN, ±Infinity) is
// part of its history, so a run that went wrong can still be resumed (and its curve seen).
import assert from "node:assert/strict";
import { test } from "node:test";
import { readSavedRun } from "@/app/_components/trainer/saved-runs";

const run = (over: Record<string, unknown> = {}) => ({
  version: 1,
  config: { hiddenWidth: 64 },
  budget: 3000,
  iteration: 2,
  state: { weights: [1, 2, 3] },
  history: { iterations: [1, 2], losses: { "D loss": [0.69, 0.7], "G loss": [0.8, 0.81] } },
  savedAt: 1,
  ...over,
});

test("a whole run reads back as it was saved", () => {
  assert.deepEqual(readSavedRun(run()), run());
});

test("losses that diverged are kept: NaN and ±Infinity in the history", () => {
  const diverged = run({ history: { iterations: [1, 2, 3], losses: { "D loss": [0.69, NaN, Infinity], "G loss": [0.8, -Infinity, NaN] } } });
  assert.deepEqual(readSavedRun(diverged), diverged);
});

test("anything else is not a run: another version, a budget past the form's, a history out of step, a non-number loss", () => {
  assert.equal(readSavedRun(run({ version: 2 })), null);
  assert.equal(readSavedRun(run({ budget: 2e9 })), null);
  assert.equal(readSavedRun(run({ history: { iterations: [1, 2], losses: { "D loss": [0.69] } } })), null);
  assert.equal(readSavedRun(run({ history: { iterations: [1], losses: { "D loss": ["0.69"] } } })), null);
  assert.equal(readSavedRun(null), null);
});
