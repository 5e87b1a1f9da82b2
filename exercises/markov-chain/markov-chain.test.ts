import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { l1Distance } from "@/lib/ml/sampling/discrete";
import { applyChain, LECTURE_CHAIN, PowerIteration, powerIteration, stationaryDistribution } from "@/lib/ml/sampling/markov-chain";
import { runFrames } from "@/lib/ml/train/loop";
import { assertContract, close, compareKeys, messageFor, timeScore } from "@/tests/support/exercise-contract";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { markovChainScorer } from "./server";
import { markovChainSpec } from "./spec";

const markovChain = defineExercise(markovChainSpec, markovChainScorer);

const EXACT = [4 / 51, 40 / 51, 7 / 51]; // errata 3

describe("the lecture's Markov chain", () => {
  test("P is column-stochastic", () => {
    for (let j = 0; j < 3; j++)
      close(
        LECTURE_CHAIN.reduce((s, row) => s + row[j], 0),
        1,
        1e-15,
      );
  });

  test("the linear solve gives π = (4/51, 40/51, 7/51), and Pπ = π", () => {
    const pi = stationaryDistribution(LECTURE_CHAIN);
    pi.forEach((v, i) => close(v, EXACT[i], 1e-14));
    applyChain(LECTURE_CHAIN, pi).forEach((v, i) => close(v, pi[i], 1e-14));
    // By hand: π1 = 0.1 π2 and π3 = 0.7 π1 + 0.6 π3 → π3 = 1.75 π1; π1 + 10 π1 + 1.75 π1 = 1 → π1 = 4/51.
    close(pi[1] / pi[0], 10, 1e-12);
    close(pi[2] / pi[0], 1.75, 1e-12);
  });

  test("the linear solve works for other chains too", () => {
    // Two states, column-stochastic [[0.9, 0.5], [0.1, 0.5]]: π = (5/6, 1/6).
    const pi = stationaryDistribution([
      [0.9, 0.5],
      [0.1, 0.5],
    ]);
    close(pi[0], 5 / 6, 1e-14);
    close(pi[1], 1 / 6, 1e-14);
    assert.throws(
      () =>
        stationaryDistribution([
          [1, 0],
          [0, 1],
        ]),
      RangeError,
    ); // reducible: no unique π
  });

  test("power iteration from any start converges to π (the browser's default of 100 steps)", () => {
    for (const x0 of [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0.2, 0.3, 0.5],
    ]) {
      powerIteration(LECTURE_CHAIN, x0, 100).forEach((v, i) => close(v, EXACT[i], 1e-12));
    }
  });

  test("l1Distance of a known vector", () => {
    // |0.1 − 4/51| + |0.8 − 40/51| + |0.1 − 7/51| = (1.1 + 0.8 + 1.9)/51 = 3.8/51.
    close(l1Distance([0.1, 0.8, 0.1], EXACT), 3.8 / 51, 1e-15);
    assert.throws(() => l1Distance([1], [1, 2]), RangeError);
  });
});

describe("markov-chain exercise", () => {
  test("contract", () => assertContract(markovChain, { pi: EXACT }));

  test("scores the L1 error, and the exact answer ranks above a uniform guess", () => {
    const exact = markovChain.score(markovChain.submissionSchema.parse({ pi: EXACT }));
    const known = markovChain.score(markovChain.submissionSchema.parse({ pi: [0.1, 0.8, 0.1] }));
    const uniform = markovChain.score(markovChain.submissionSchema.parse({ pi: [1 / 3, 1 / 3, 1 / 3] }));
    close(exact.l1Error, 0, 1e-15);
    close(known.l1Error, 3.8 / 51, 1e-15);
    assert.ok(compareKeys(rankKeysOf(markovChain, exact), rankKeysOf(markovChain, uniform)) < 0);
    assert.ok(compareKeys(rankKeysOf(markovChain, known), rankKeysOf(markovChain, uniform)) < 0);
    assert.deepEqual(markovChain.preview(markovChain.submissionSchema.parse({ pi: [0.1, 0.8, 0.1] })), { pi: [0.1, 0.8, 0.1] });
  });

  test("each bad input is refused with a precise message", () => {
    assert.equal(messageFor(markovChain, { pi: [0.5, 0.5] }), '"pi" must contain exactly 3 probabilities (got 2).');
    assert.equal(messageFor(markovChain, { pi: [0.25, 0.25, 0.25, 0.25] }), '"pi" must contain exactly 3 probabilities (got 4).');
    assert.equal(messageFor(markovChain, { pi: [null, 0.5, 0.5] }), "pi: entry 1 is not a number (NaN and Infinity cannot be sent as JSON).");
    assert.equal(messageFor(markovChain, { pi: [0.5, "0.5", 0] }), "pi: entry 2 is not a number.");
    assert.equal(messageFor(markovChain, { pi: [-0.1, 0.6, 0.5] }), "pi: entry 1 must be non-negative (it is a probability).");
    assert.equal(messageFor(markovChain, { pi: [0.5, 0.5, 0.5] }), '"pi" must sum to 1 within 0.000001 (it sums to 1.5).');
    assert.equal(messageFor(markovChain, { pi: [0.5, 0.5, 2e-6] }), '"pi" must sum to 1 within 0.000001 (it sums to 1.000002).');
    assert.equal(messageFor(markovChain, { pi: [0.5, 0.5, 5e-7] }), "ok"); // within tolerance
    assert.equal(messageFor(markovChain, {}), '"pi" is missing.');
    assert.equal(messageFor(markovChain, { pi: "0.1,0.8,0.1" }), '"pi" must be a list of 3 probabilities.');
  });

  test("scoring is fast", () => {
    const ms = timeScore(markovChain, markovChain.submissionSchema.parse({ pi: EXACT }));
    console.log(`# markov-chain score(3 numbers): ${ms.toFixed(3)} ms`);
    assert.ok(ms < 200);
  });
});

describe("the page's power iteration, step by step (PowerIteration)", () => {
  test("t steps give powerIteration(P, x0, t); the losses are the last change and the probabilities", async () => {
    const chain = new PowerIteration(LECTURE_CHAIN, [0, 0, 1]);
    assert.ok(Number.isNaN((await chain.losses()).change));
    assert.equal(chain.change, null);
    chain.step();
    chain.step(9);
    await runFrames(chain, { maxIterations: 100 }); // as the page's Start runs it
    assert.equal(chain.iteration, 100);
    assert.deepEqual(chain.distribution, powerIteration(LECTURE_CHAIN, [0, 0, 1], 100));
    const before = powerIteration(LECTURE_CHAIN, [0, 0, 1], 99);
    const losses = await chain.losses();
    assert.deepEqual(Object.keys(losses), ["change", "p1", "p2", "p3"]); // ≤ 4 keys: what a live round reports
    assert.equal(losses.change, l1Distance(chain.distribution, before));
    assert.deepEqual([losses.p1, losses.p2, losses.p3], chain.distribution);
    // The submission the e2e flow checks (start in state 3, 100 steps): L1 error 0.0000dd.
    assert.match(l1Distance(chain.distribution, EXACT).toFixed(6), /^0\.0000\d\d$/);
    assert.equal(chain.history.length, 101);
    assert.deepEqual(chain.history[37], powerIteration(LECTURE_CHAIN, [0, 0, 1], 37));
  });

  test("the history stops at its limit while the chain goes on", () => {
    const chain = new PowerIteration(LECTURE_CHAIN, [1, 0, 0], 5);
    chain.step(12);
    assert.equal(chain.iteration, 12);
    assert.equal(chain.history.length, 6);
    assert.deepEqual(chain.distribution, powerIteration(LECTURE_CHAIN, [1, 0, 0], 12));
  });

  test("export → structured clone → import continues identically, history included", async () => {
    const uninterrupted = new PowerIteration(LECTURE_CHAIN, [1 / 3, 1 / 3, 1 / 3], 50);
    uninterrupted.step(7);
    const resumed = new PowerIteration(LECTURE_CHAIN, [1 / 3, 1 / 3, 1 / 3], 50);
    resumed.importState(structuredClone(await uninterrupted.exportState()));
    assert.equal(resumed.iteration, 7);
    for (const n of [1, 3, 100]) {
      uninterrupted.step(n);
      resumed.step(n);
      assert.deepEqual(await resumed.losses(), await uninterrupted.losses());
      assert.deepEqual(resumed.history, uninterrupted.history);
    }
    const fresh = new PowerIteration(LECTURE_CHAIN, [1, 0, 0]);
    fresh.importState(await new PowerIteration(LECTURE_CHAIN, [1, 0, 0]).exportState()); // a run saved before its first step
    assert.equal(fresh.iteration, 0);
  });

  test("a saved state that does not fit is refused in words, and nothing changes", async () => {
    const chain = new PowerIteration(LECTURE_CHAIN, [1, 0, 0]);
    chain.step(4);
    const good = await chain.exportState();
    assert.throws(() => chain.importState("4 steps"), /not an object/);
    assert.throws(() => chain.importState({ ...good, iteration: -1 }), /whole number ≥ 0, got -1/);
    assert.throws(() => chain.importState({ ...good, x: [0.5, 0.5] }), /not 3 non-negative numbers/);
    assert.throws(() => chain.importState({ ...good, x: [0.5, Number.NaN, 0.5] }), /not 3 non-negative numbers/);
    assert.throws(() => chain.importState({ ...good, previous: null }), /previous distribution/);
    assert.deepEqual(await chain.exportState(), good);
    assert.throws(() => new PowerIteration(LECTURE_CHAIN, [1, 0]), /P must be 2 × 2/);
  });
});
