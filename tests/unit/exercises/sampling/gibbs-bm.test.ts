import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { DEFAULT_GIBBS_BM_CONFIG, gibbsBm } from "@/lib/exercises/gibbs-bm";
import { mulberry32 } from "@/lib/ml/random";
import {
  LECTURE_BM,
  allStates,
  conditionalPlusOne,
  energy,
  exactDistribution,
  gibbsSample,
  stateCounts,
  stateIndex,
} from "@/lib/ml/sampling/boltzmann";
import { klDivergence, normalize, tvDistance } from "@/lib/ml/sampling/discrete";
import { assertContract, close, compareKeys, messageFor, timeScore } from "./helpers";
import { rankKeysOf } from "@/lib/exercises/ranking";

/**
 * Independent brute force, written out from errata 6/7: one term per pair,
 * H(x) = W12 x1x2 + W13 x1x3 + W23 x2x3 + b2 x2 = −x1x2 − x1x3 + 2 x2x3 + x2,
 * rows in the lecture table's order (x1 slowest, −1 first).
 */
const TABLE: { x: number[]; h: number }[] = [];
for (const x1 of [-1, 1]) for (const x2 of [-1, 1]) for (const x3 of [-1, 1]) {
  TABLE.push({ x: [x1, x2, x3], h: -x1 * x2 - x1 * x3 + 2 * x2 * x3 + x2 });
}
const Z = TABLE.reduce((s, r) => s + Math.exp(r.h), 0);
const P = TABLE.map((r) => Math.exp(r.h) / Z);
const pOf = (x: number[]) => P[TABLE.findIndex((r) => r.x.every((v, i) => v === x[i]))];

const chainStates = (flat: ArrayLike<number>) => Array.from({ length: flat.length / 3 }, (_, i) => [flat[3 * i], flat[3 * i + 1], flat[3 * i + 2]]);

describe("the lecture's Boltzmann machine, exactly", () => {
  test("brute-force table: H per row (errata 7), Z ≈ 172.420, and p(−1, 1, −1) ≈ 0.0021", () => {
    assert.deepEqual(TABLE.map((r) => r.h), [-1, -3, -1, 5, 3, -3, -1, 1]);
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
    assert.deepEqual(exact.states, TABLE.map((r) => r.x));
    TABLE.forEach((r, k) => {
      close(exact.h[k], r.h, 1e-15);
      close(energy(LECTURE_BM, r.x), -r.h, 1e-15);
      close(exact.p[k], P[k], 1e-15);
      assert.equal(stateIndex(r.x), k);
    });
    close(exact.Z, Z, 1e-12);
    assert.deepEqual(allStates(2), [[-1, -1], [-1, 1], [1, -1], [1, 1]]);
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
    const tv = 0.5 * (Math.abs(0.6 - pOf([-1, 1, 1])) + Math.abs(0.3 - pOf([1, -1, -1])) + Math.abs(0.1 - pOf([1, 1, 1])) + (1 - pOf([-1, 1, 1]) - pOf([1, -1, -1]) - pOf([1, 1, 1])));
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
    assert.equal(p.counts.reduce((s, c) => s + c, 0), 10000);
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

  test("scoring 10,000 states is fast", () => {
    const ms = timeScore(gibbsBm, gibbsBm.submissionSchema.parse(good));
    console.log(`# gibbs-bm score(10,000 states): ${ms.toFixed(1)} ms`);
    assert.ok(ms < 200, `${ms} ms`);
  });
});
