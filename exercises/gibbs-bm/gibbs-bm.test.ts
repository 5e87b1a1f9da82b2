import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { mulberry32 } from "@/lib/ml/random";
import {
  LECTURE_BM,
  allStates,
  boltzmannTable,
  conditionalPlusOne,
  energy,
  exactDistribution,
  gibbsSample,
  stateCounts,
  stateIndex,
} from "@/lib/ml/sampling/boltzmann";
import { GibbsChain } from "@/lib/ml/sampling/gibbs-chain";
import { runFrames } from "@/lib/ml/train/loop";
import { klDivergence, normalize, tvDistance } from "@/lib/ml/sampling/discrete";
import { assertContract, close, compareKeys, messageFor, timeScore } from "@/tests/support/exercise-contract";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { gibbsBmScorer } from "./server";
import { DEFAULT_GIBBS_BM_CONFIG, gibbsBmSpec } from "./spec";

const gibbsBm = defineExercise(gibbsBmSpec, gibbsBmScorer);

/**
 * Independent brute force, written out from errata 6/7: one term per pair,
 * H(x) = W12 x1x2 + W13 x1x3 + W23 x2x3 + b2 x2 = −x1x2 − x1x3 + 2 x2x3 + x2,
 * rows in the lecture table's order (x1 slowest, −1 first).
 */
const TABLE: { x: number[]; h: number }[] = [];
for (const x1 of [-1, 1])
  for (const x2 of [-1, 1])
    for (const x3 of [-1, 1]) {
      TABLE.push({ x: [x1, x2, x3], h: -x1 * x2 - x1 * x3 + 2 * x2 * x3 + x2 });
    }
const Z = TABLE.reduce((s, r) => s + Math.exp(r.h), 0);
const P = TABLE.map((r) => Math.exp(r.h) / Z);
const pOf = (x: number[]) => P[TABLE.findIndex((r) => r.x.every((v, i) => v === x[i]))];

const chainStates = (flat: ArrayLike<number>) => Array.from({ length: flat.length / 3 }, (_, i) => [flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]]);

describe("the lecture's Boltzmann machine, exactly", () => {
  test("brute-force table: H per row (errata 7), Z ≈ 172.420, and p(−1, 1, −1) ≈ 0.0021", () => {
    assert.deepEqual(
      TABLE.map((r) => r.h),
      [-1, -3, -1, 5, 3, -3, -1, 1],
    );
    close(Z, 172.42, 5e-4); // 3e^−1 + 2e^−3 + e^5 + e^3 + e = 172.4202
    const row = TABLE[2];
    assert.deepEqual(row.x, [-1, 1, -1]);
    assert.equal(row.h, -1); // the lecture prints −3; errata 7 corrects it
    close(pOf([-1, 1, -1]), 0.0021, 5e-5);
    close(pOf([-1, 1, 1]), 0.8608, 5e-5);
    close(pOf([1, -1, -1]), 0.1165, 5e-5);
  });

  test("the library's enumeration and energy agree with the brute force", () => {
    const exact = exactDistribution(LECTURE_BM);
    assert.deepEqual(
      exact.states,
      TABLE.map((r) => r.x),
    );
    TABLE.forEach((r, k) => {
      close(exact.h[k], r.h, 1e-15);
      close(energy(LECTURE_BM, r.x), -r.h, 1e-15);
      close(exact.p[k], P[k], 1e-15);
      assert.equal(stateIndex(r.x), k);
    });
    close(exact.Z, Z, 1e-12);
    assert.deepEqual(allStates(2), [
      [-1, -1],
      [-1, 1],
      [1, -1],
      [1, 1],
    ]);
  });

  test("the table of all states (module text, widget, exercise): terms, H, exp H and p per row", () => {
    const { rows, Z: z } = boltzmannTable(LECTURE_BM);
    assert.deepEqual(
      rows.map((r) => r.x),
      TABLE.map((r) => r.x),
    );
    rows.forEach((r, k) => {
      const [x1, x2, x3] = r.x;
      assert.deepEqual(r.pairTerms, [-x1 * x2, -x1 * x3, 2 * x2 * x3]);
      assert.equal(r.biasTerm, x2);
      assert.equal(r.h, TABLE[k].h);
      close(r.expH, Math.exp(TABLE[k].h), 1e-12);
      close(r.p, P[k], 1e-15);
    });
    close(z, Z, 1e-12);
    // The widget lets every weight reach ±100: exp(H) may be huge, p must stay a distribution.
    const big = boltzmannTable({
      W: [
        [0, 100, 100],
        [100, 0, 100],
        [100, 100, 0],
      ],
      b: [100, 100, 100],
    });
    close(
      big.rows.reduce((s, r) => s + r.p, 0),
      1,
      1e-15,
    );
    close(big.rows[7].p, 1, 1e-15);
    assert.ok(Number.isFinite(big.Z) && big.Z > 1e260);
  });

  test("Gibbs conditional σ(2(Σ_j W_ij x_j + b_i)) equals the ratio of joint probabilities", () => {
    for (const { x } of TABLE) {
      for (let i = 0; i < 3; i++) {
        const plus = x.map((v, j) => (j === i ? 1 : v));
        const minus = x.map((v, j) => (j === i ? -1 : v));
        close(conditionalPlusOne(LECTURE_BM, x, i), pOf(plus) / (pOf(plus) + pOf(minus)), 1e-14);
      }
    }
    // By hand at x = (·, 1, 1): a_1 = W12 + W13 = −2, so p(x1 = +1 | rest) = σ(−4) ≈ 0.01799.
    close(conditionalPlusOne(LECTURE_BM, [-1, 1, 1], 0), 1 / (1 + Math.exp(4)), 1e-15);
  });

  test("one systematic sweep leaves p invariant (exact transition matrix)", () => {
    // T[from][to] for a sweep updating x1, x2, x3 in order, built from the conditionals.
    let dist = P.slice();
    for (let i = 0; i < 3; i++) {
      const next = new Array<number>(8).fill(0);
      TABLE.forEach(({ x }, k) => {
        const up = conditionalPlusOne(LECTURE_BM, x, i);
        next[stateIndex(x.map((v, j) => (j === i ? 1 : v)))] += dist[k] * up;
        next[stateIndex(x.map((v, j) => (j === i ? -1 : v)))] += dist[k] * (1 - up);
      });
      dist = next;
    }
    dist.forEach((v, k) => close(v, P[k], 1e-14));
  });
});

describe("KL and TV", () => {
  test("hand-made distributions", () => {
    close(klDivergence([0.5, 0.5, 0], [0.25, 0.25, 0.5]), Math.LN2, 1e-15); // ½ln2 + ½ln2, the q = 0 state adds nothing
    close(tvDistance([0.5, 0.5, 0], [0.25, 0.25, 0.5]), 0.5, 1e-15);
    assert.equal(klDivergence([0.5, 0.5], [1, 0]), Infinity);
    close(klDivergence([0.2, 0.8], [0.2, 0.8]), 0, 1e-15);
  });

  test("a hand-made empirical distribution of BM states", () => {
    // 10 states: 6 × (−1, 1, 1), 3 × (1, −1, −1), 1 × (1, 1, 1).
    const samples = [...Array(6).fill([-1, 1, 1]), ...Array(3).fill([1, -1, -1]), [1, 1, 1]] as number[][];
    const q = normalize(stateCounts(samples.flat(), 3));
    assert.deepEqual(Array.from(q), [0, 0, 0, 0.6, 0.3, 0, 0, 0.1]);
    const kl = 0.6 * Math.log(0.6 / pOf([-1, 1, 1])) + 0.3 * Math.log(0.3 / pOf([1, -1, -1])) + 0.1 * Math.log(0.1 / pOf([1, 1, 1]));
    const tv =
      0.5 *
      (Math.abs(0.6 - pOf([-1, 1, 1])) +
        Math.abs(0.3 - pOf([1, -1, -1])) +
        Math.abs(0.1 - pOf([1, 1, 1])) +
        (1 - pOf([-1, 1, 1]) - pOf([1, -1, -1]) - pOf([1, 1, 1])));
    close(klDivergence(q, P), kl, 1e-14);
    close(tvDistance(q, P), tv, 1e-14);
  });
});

describe("gibbs-bm exercise", () => {
  const { burnIn, thin } = DEFAULT_GIBBS_BM_CONFIG;
  const chain = gibbsSample(LECTURE_BM, { samples: 10000, burnIn, thin }, mulberry32(1));
  const good = { samples: chainStates(chain) };

  test("contract", () => assertContract(gibbsBm, good));

  test("the default Gibbs chain scores a small KL and ranks above a stuck chain", () => {
    const a = gibbsBm.score(gibbsBm.submissionSchema.parse(good));
    assert.ok(a.klEmpiricalToExact < 0.005, `kl ${a.klEmpiricalToExact}`);
    assert.ok(a.tvDistance < 0.04, `tv ${a.tvDistance}`);
    // Stuck in the most probable state: KL = ln(1/p(−1, 1, 1)) ≈ 0.150, TV = 1 − 0.8608.
    const stuck = gibbsBm.score(gibbsBm.submissionSchema.parse({ samples: Array(10000).fill([-1, 1, 1]) }));
    close(stuck.klEmpiricalToExact, -Math.log(pOf([-1, 1, 1])), 1e-12);
    close(stuck.tvDistance, 1 - pOf([-1, 1, 1]), 1e-12);
    assert.ok(compareKeys(rankKeysOf(gibbsBm, a), rankKeysOf(gibbsBm, stuck)) < 0);
    assert.deepEqual(rankKeysOf(gibbsBm, a), [0, a.klEmpiricalToExact]);
  });

  test("preview: counts per state", () => {
    const p = gibbsBm.preview(gibbsBm.submissionSchema.parse(good)) as { states: number[][]; counts: number[] };
    assert.equal(p.states.length, 8);
    assert.equal(
      p.counts.reduce((s, c) => s + c, 0),
      10000,
    );
  });

  test("each bad input is refused with a precise message", () => {
    const at = (i: number, v: unknown) => ({ samples: good.samples.map((s, j) => (j === i ? v : s)) });
    assert.equal(messageFor(gibbsBm, { samples: good.samples.slice(1) }), '"samples" must contain exactly 10000 states (got 9999).');
    assert.equal(messageFor(gibbsBm, at(4, [1, 0, 1])), "samples: entry 5, coordinate y must be -1 or +1.");
    assert.equal(messageFor(gibbsBm, at(4, [1, 1, 2])), "samples: entry 5, coordinate 3 must be -1 or +1.");
    assert.equal(messageFor(gibbsBm, at(4, [null, 1, 1])), "samples: entry 5, coordinate x is not a number (NaN and Infinity cannot be sent as JSON).");
    assert.equal(messageFor(gibbsBm, at(4, ["1", 1, 1])), "samples: entry 5, coordinate x is not a number.");
    assert.equal(messageFor(gibbsBm, at(4, [1, 1])), "samples: entry 5 must be a triple [x1, x2, x3] of -1/+1 values.");
    assert.equal(messageFor(gibbsBm, at(4, 1)), "samples: entry 5 must be a triple [x1, x2, x3] of -1/+1 values.");
    assert.equal(messageFor(gibbsBm, {}), '"samples" is missing.');
    assert.equal(messageFor(gibbsBm, { samples: "abc" }), '"samples" must be a list of [x1, x2, x3] triples.');
  });

  test("the page's GibbsChain keeps exactly gibbsSample's states, frame by frame, and ends by itself", async () => {
    const config = { burnIn: 37, thin: 3, seed: 5, samples: 500 };
    const g = new GibbsChain(LECTURE_BM, config);
    assert.equal(g.totalIterations, 37 + 500 * 3);
    assert.ok(Number.isNaN((await g.losses()).tv), "nothing kept yet");
    g.step(36);
    assert.equal(g.phase, "burn-in");
    g.step(1);
    assert.equal(g.phase, "sampling");
    assert.equal(g.keptCount, 0);
    let frames = 0;
    await runFrames(g, { maxIterations: Infinity, frameBudgetMs: 0.05, onFrame: () => void frames++ });
    assert.ok(frames > 1, "more than one frame");
    assert.equal(g.iteration, g.totalIterations, "runFrames stops at the chain's end");
    assert.equal(g.phase, "done");
    const expected = gibbsSample(LECTURE_BM, config, mulberry32(config.seed));
    assert.deepEqual(g.keptStates(), expected);
    g.step(10);
    assert.equal(g.iteration, g.totalIterations, "no sweeps past the end");
    const q = normalize(stateCounts(expected, 3));
    const { p } = exactDistribution(LECTURE_BM);
    assert.deepEqual(await g.losses(), { kl: klDivergence(q, p), tv: tvDistance(q, p) });

    // The default run equals the old page's single gibbsSample call.
    const full = new GibbsChain(LECTURE_BM, { ...DEFAULT_GIBBS_BM_CONFIG, samples: 10_000 });
    full.step(full.totalIterations);
    assert.deepEqual(full.keptStates(), chain);
  });

  test("a saved chain restored into a fresh one continues identically (sweeps, kept states, random stream)", async () => {
    const config = { burnIn: 20, thin: 4, seed: 77, samples: 300 };
    const straight = new GibbsChain(LECTURE_BM, config);
    straight.step(1220);
    for (const at of [0, 13, 20, 21, 500, 1220]) {
      const first = new GibbsChain(LECTURE_BM, config);
      first.step(at);
      // Through structured cloning, as IndexedDB stores it.
      const saved = structuredClone(await first.exportState());
      const resumed = new GibbsChain(LECTURE_BM, config);
      resumed.importState(saved);
      assert.equal(resumed.iteration, at);
      resumed.step(1220 - at);
      assert.deepEqual(resumed.keptStates(), straight.keptStates(), `resumed at sweep ${at}`);
      assert.deepEqual(await resumed.losses(), await straight.losses());
    }
    const saved = await straight.exportState();
    const fresh = () => new GibbsChain(LECTURE_BM, config);
    assert.throws(() => fresh().importState(null), /not an object/);
    assert.throws(() => fresh().importState({ ...saved, sweeps: 1e9 }), /sweep count/);
    assert.throws(() => fresh().importState({ ...saved, x: [1, 0, 1] }), /−1 or \+1/);
    assert.throws(() => fresh().importState({ ...saved, kept: saved.kept.subarray(3) }), /should hold 300 kept states/);
    assert.throws(() => fresh().importState({ ...saved, kept: Array.from(saved.kept) }), /kept states/);
    assert.throws(() => new GibbsChain(LECTURE_BM, { ...config, thin: 0 }), /thinning must be a whole number ≥ 1/);
  });

  test("scoring 10,000 states is fast", () => {
    const ms = timeScore(gibbsBm, gibbsBm.submissionSchema.parse(good));
    console.log(`# gibbs-bm score(10,000 states): ${ms.toFixed(1)} ms`);
    assert.ok(ms < 200, `${ms} ms`);
  });
});
