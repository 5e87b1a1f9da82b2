import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { markovChain } from "@/lib/exercises/markov-chain";
import { l1Distance } from "@/lib/ml/sampling/discrete";
import { applyChain, LECTURE_CHAIN, powerIteration, stationaryDistribution } from "@/lib/ml/sampling/markov-chain";
import { assertContract, close, compareKeys, messageFor, timeScore } from "./helpers";
import { rankKeysOf } from "@/lib/exercises/ranking";

const EXACT = [4 / 51, 40 / 51, 7 / 51]; // errata 3

describe("the lecture's Markov chain", () => {
  test("P is column-stochastic", () => {
    for (let j = 0; j < 3; j++) close(LECTURE_CHAIN.reduce((s, row) => s + row[j], 0), 1, 1e-15);
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
    const pi = stationaryDistribution([[0.9, 0.5], [0.1, 0.5]]);
    close(pi[0], 5 / 6, 1e-14);
    close(pi[1], 1 / 6, 1e-14);
    assert.throws(() => stationaryDistribution([[1, 0], [0, 1]]), RangeError); // reducible: no unique π
  });

  test("power iteration from any start converges to π (the browser's default of 100 steps)", () => {
    for (const x0 of [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0.2, 0.3, 0.5]]) {
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
