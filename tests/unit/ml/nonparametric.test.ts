import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { hmmForward, viterbi, type Hmm } from "../../../lib/ml/density/hmm";
import { kdeLogDensity } from "../../../lib/ml/density/kde";
import {
  buildHistogram,
  histogramDensity,
  histogramIntegral,
  integrateMidpoint,
  kthNeighbourDistance,
  knnDensity,
  maxMultiplicity,
} from "../../../lib/ml/density/nonparametric";

const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

describe("histogram", () => {
  test("density is count / (N w) and integrates to exactly 1", () => {
    const h = buildHistogram([0.1, 0.2, 0.7, 1.4], 0.5);
    assert.deepEqual(h.counts, [2, 1, 1]);
    close(histogramDensity(h, 0.3), 2 / (4 * 0.5));
    close(histogramDensity(h, 1.2), 1 / (4 * 0.5));
    assert.equal(histogramDensity(h, -0.1), 0);
    assert.equal(histogramDensity(h, 1.6), 0);
    close(histogramIntegral(h, -10, 10), 1, 1e-12);
    close(histogramIntegral(h, 0, 0.25), 0.25, 1e-12);
  });
});

describe("KNN density", () => {
  const pts = [0, 1, 3];
  test("hand-computed values on three points, k = 2", () => {
    close(kthNeighbourDistance(pts, 0, 2), 1);
    close(knnDensity(pts, 0, 2), 2 / (3 * 2 * 1));
    close(knnDensity(pts, 2, 2), 1 / 3);
    close(knnDensity(pts, 5, 2), 2 / (3 * 2 * 4));
    close(knnDensity(pts, -2, 2), 2 / (3 * 2 * 3));
    close(kthNeighbourDistance(pts, 1, 3), 2);
    close(kthNeighbourDistance(pts, 1, 1), 0);
  });
  test("the integral grows like the log of the range: data {−1, 1}, K = 2 gives ln(1 + R)", () => {
    // r_2(x) = |x| + 1, so p(x) = 1 / (2(|x| + 1)) and ∫_{−R}^{R} p = ln(1 + R).
    for (const R of [10, 100, 1000])
      close(
        integrateMidpoint((x) => knnDensity([-1, 1], x, 2), -R, R, 200000),
        Math.log(1 + R),
        1e-4,
      );
  });
  test("maxMultiplicity", () => {
    assert.equal(maxMultiplicity([1, 2, 2, 3, 3, 3]), 3);
    assert.equal(maxMultiplicity([]), 0);
  });
});

describe("Parzen window", () => {
  test("integrates to 1 numerically", () => {
    const c = [1, 2, 2.5];
    close(
      integrateMidpoint((x) => Math.exp(kdeLogDensity(x, c, 0.3)), -10, 15, 20000),
      1,
      1e-9,
    );
  });
});

describe("Viterbi", () => {
  const model: Hmm = {
    initial: [0.6, 0.4],
    transition: [
      [0.7, 0.3],
      [0.4, 0.6],
    ],
    emission: [
      [0.9, 0.1],
      [0.2, 0.8],
    ],
  };
  test("the module's example: y = (a, a)", () => {
    const v = viterbi(model, [0, 0]);
    assert.deepEqual(v.path, [0, 0]);
    close(Math.exp(v.logProbability), 0.3402);
    close(Math.exp(hmmForward(model, [0, 0]).logLikelihood), 0.411);
  });
  test("agrees with brute force over all 2^5 paths", () => {
    for (const y of [
      [0, 1, 1, 0, 1],
      [1, 1, 1, 1, 0],
      [0, 0, 1, 0, 0],
    ]) {
      let best = -1;
      let bestPath: number[] = [];
      let total = 0;
      for (let m = 0; m < 1 << y.length; m++) {
        const z = y.map((_, t) => (m >> t) & 1);
        let p = model.initial[z[0]] * model.emission[z[0]][y[0]];
        for (let t = 1; t < y.length; t++) p *= model.transition[z[t - 1]][z[t]] * model.emission[z[t]][y[t]];
        total += p;
        if (p > best) {
          best = p;
          bestPath = z;
        }
      }
      const v = viterbi(model, y);
      assert.deepEqual(v.path, bestPath);
      close(Math.exp(v.logProbability), best, 1e-12);
      close(Math.exp(hmmForward(model, y).logLikelihood), total, 1e-12);
    }
  });
});
