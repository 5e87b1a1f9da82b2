import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { DIGIT_PIXELS, digitsToFloat } from "@/lib/ml/datasets/digits";
import { symmetricEigen } from "@/lib/ml/linalg";
import { fitPpca, type PpcaModel, ppcaEncode } from "@/lib/ml/models/ppca";
import { explainedVarianceShare, nearestLabelCounts, truncatePpca } from "@/lib/ml/models/ppca-explore";
import { gaussian, mulberry32 } from "@/lib/ml/random";
import { cpuTime } from "../../support/cpu-time";

const close = (a: number, b: number, tol: number, what = "") => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what} ${a} ≉ ${b}`);

/** Two-pass sample covariance (divided by n). */
function covariance(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; S: Float64Array } {
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i] += x[r * d + i] / n;
  const S = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) S[i * d + j] += ((x[r * d + i] - mean[i]) * (x[r * d + j] - mean[j])) / n;
  }
  return { mean, S };
}

/** W Wᵀ + σ² I: the model covariance C, which does not depend on W's arbitrary rotation or column signs. */
function modelCovariance({ d, q, W, sigma2 }: Pick<PpcaModel, "d" | "q" | "W" | "sigma2">): Float64Array {
  const C = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let s = i === j ? sigma2 : 0;
      for (let a = 0; a < q; a++) s += W[i * q + a] * W[j * q + a];
      C[i * d + j] = s;
    }
  }
  return C;
}

/**
 * PPCA's mean log-likelihood per point at the sample mean, written from eq. 4 of Tipping & Bishop:
 * −½ (d ln 2π + ln |C| + tr(C⁻¹ S)), with |C| and C⁻¹ from C's eigendecomposition.
 */
function meanLogLikelihood(S: Float64Array, d: number, m: Pick<PpcaModel, "d" | "q" | "W" | "sigma2">): number {
  const { values, vectors } = symmetricEigen(modelCovariance(m), d);
  let logDet = 0;
  let trace = 0;
  for (let k = 0; k < d; k++) {
    logDet += Math.log(values[k]);
    // tr(C⁻¹ S) = Σ_k v_kᵀ S v_k / θ_k
    let vSv = 0;
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) vSv += vectors[i * d + k] * S[i * d + j] * vectors[j * d + k];
    trace += vSv / values[k];
  }
  return -0.5 * (d * Math.log(2 * Math.PI) + logDet + trace);
}

// Data from a known PPCA model with d = 8, q = 3 and distinct loadings.
const D = 8;
const N = 4000;
const x = (() => {
  const rng = mulberry32(21);
  const W = Float64Array.from({ length: D * 3 }, (_, k) => (3 - (k % 3)) * gaussian(rng));
  const out = new Float64Array(N * D);
  for (let r = 0; r < N; r++) {
    const z = [gaussian(rng), gaussian(rng), gaussian(rng)];
    for (let i = 0; i < D; i++) out[r * D + i] = 1 + 0.5 * gaussian(rng) + W[i * 3] * z[0] + W[i * 3 + 1] * z[1] + W[i * 3 + 2] * z[2];
  }
  return out;
})();
const { S } = covariance(x, N, D);
const full = symmetricEigen(S, D);

describe("symmetricEigen on a matrix with a known decomposition", () => {
  test("[[2, 1], [1, 2]] has eigenvalues 3 and 1 along (1, 1)/√2 and (1, −1)/√2; Q diag(5, 2, 1) Qᵀ gives back 5, 2, 1 and Q", () => {
    const two = symmetricEigen([2, 1, 1, 2], 2);
    close(two.values[0], 3, 1e-12);
    close(two.values[1], 1, 1e-12);
    close(Math.abs(two.vectors[0] * two.vectors[2] + two.vectors[1] * two.vectors[3]), 0, 1e-12, "orthogonal");
    close(Math.abs(two.vectors[0]), Math.SQRT1_2, 1e-12);
    close(two.vectors[0] * two.vectors[2], 0.5, 1e-12, "first vector ∝ (1, 1)");
    // Q: a rotation by θ about z, then by φ about x.
    const [c, s, cp, sp] = [Math.cos(0.7), Math.sin(0.7), Math.cos(-1.1), Math.sin(-1.1)];
    const Q = [c, -s, 0, cp * s, cp * c, -sp, sp * s, sp * c, cp];
    const lambda = [5, 2, 1];
    const A = Array.from({ length: 9 }, (_, k) => {
      const [i, j] = [Math.floor(k / 3), k % 3];
      return lambda.reduce((sum, l, a) => sum + Q[i * 3 + a] * l * Q[j * 3 + a], 0);
    });
    const three = symmetricEigen(A, 3);
    lambda.forEach((l, a) => {
      close(three.values[a], l, 1e-12, `λ${a + 1}`);
      const dot = [0, 1, 2].reduce((sum, i) => sum + three.vectors[i * 3 + a] * Q[i * 3 + a], 0);
      close(Math.abs(dot), 1, 1e-12, `eigenvector ${a + 1} = ± column ${a + 1} of Q`);
    });
  });
});

describe("truncatePpca", () => {
  const big = fitPpca(x, N, D, 5);

  test("gives the closed-form ML fit for every smaller q: σ² = mean of the discarded eigenvalues, same W Wᵀ as a direct fit", () => {
    for (const q of [1, 2, 3, 4, 5]) {
      const small = truncatePpca(big, q);
      const direct = fitPpca(x, N, D, q);
      const discarded = full.values.slice(q);
      close(small.sigma2, discarded.reduce((a, b) => a + b, 0) / (D - q), 1e-9, `σ² at q = ${q}`);
      close(small.sigma2, direct.sigma2, 1e-9, `σ² against a direct fit at q = ${q}`);
      const C = modelCovariance(small);
      const Cd = modelCovariance(direct);
      C.forEach((v, k) => close(v, Cd[k], 1e-7, `C[${k}] at q = ${q}`));
      assert.equal(small.q, q);
      assert.equal(small.W.length, D * q);
      close(explainedVarianceShare(small), full.values.slice(0, q).reduce((a, b) => a + b, 0) / full.values.reduce((a, b) => a + b, 0), 1e-9, "share");
    }
    assert.throws(() => truncatePpca(big, 6), RangeError);
    assert.throws(() => truncatePpca(big, 0), RangeError);
  });

  test("the truncated fit maximises the likelihood: perturbing σ² or W lowers it, rotating W does not change it", () => {
    const m = truncatePpca(big, 2);
    const best = meanLogLikelihood(S, D, m);
    for (const factor of [0.9, 1.1]) assert.ok(meanLogLikelihood(S, D, { ...m, sigma2: m.sigma2 * factor }) < best, `σ² × ${factor}`);
    const rng = mulberry32(3);
    for (let trial = 0; trial < 5; trial++) {
      const W = m.W.map((w) => w + 0.05 * gaussian(rng));
      assert.ok(meanLogLikelihood(S, D, { ...m, W }) < best, `W perturbed (${trial})`);
    }
    // W R for a rotation R: the same C, so the same likelihood.
    const [c, s] = [Math.cos(0.4), Math.sin(0.4)];
    const rotated = new Float64Array(D * 2);
    for (let i = 0; i < D; i++) {
      rotated[i * 2] = c * m.W[i * 2] - s * m.W[i * 2 + 1];
      rotated[i * 2 + 1] = s * m.W[i * 2] + c * m.W[i * 2 + 1];
    }
    close(meanLogLikelihood(S, D, { ...m, W: rotated }), best, 1e-10, "rotated W");
    // The Tipping–Bishop maximum: −½ (d ln 2π + Σ_{j≤q} ln λ_j + (d − q) ln σ² + d).
    const closedForm = -0.5 * (D * Math.log(2 * Math.PI) + Math.log(full.values[0]) + Math.log(full.values[1]) + (D - 2) * Math.log(m.sigma2) + D);
    close(best, closedForm, 1e-9, "maximum log-likelihood");
  });
});

describe("nearestLabelCounts", () => {
  test("counts the labels of the k nearest codes, most frequent first", () => {
    const codes = [0, 0, 1, 0, 0, 1, 5, 5, 5, 6, 0.5, 0.5];
    const labels = [3, 3, 7, 7, 7, 1];
    // From (0, 0): itself (label 3), (0.5, 0.5) (label 1), then (1, 0) and (0, 1) at distance 1 (labels 3 and 7).
    assert.deepEqual(nearestLabelCounts(codes, labels, [0, 0], 4), [
      [3, 2],
      [1, 1],
      [7, 1],
    ]);
    assert.deepEqual(nearestLabelCounts(codes, labels, [5, 5.4], 2), [[7, 2]]);
    assert.deepEqual(nearestLabelCounts(codes, labels, [0, 0], 0), []);
    assert.throws(() => nearestLabelCounts([0, 0, 1], labels, [0, 0], 1), RangeError);
  });
});

describe("on 500 digits, as the latent-walk widget fits them", () => {
  test("one fit with q = 20 gives the q = 2 model of a direct fit, quickly; digits of one class sit together in the latent plane", () => {
    const validation = loadMnistSplit("validation");
    const n = 500;
    const images = digitsToFloat(validation.images, 0, n);
    const { ms, result: big } = cpuTime(() => fitPpca(images, n, DIGIT_PIXELS, 20, { tolerance: 1e-6 }));
    console.log(`# q = 20 on ${n} digits: ${ms.toFixed(0)} ms, σ² = ${big.sigma2.toFixed(4)}, explained ${(100 * explainedVarianceShare(big)).toFixed(1)}%`);
    assert.ok(ms < 5000, `fit took ${ms} ms`);
    const two = truncatePpca(big, 2);
    const direct = fitPpca(images, n, DIGIT_PIXELS, 2, { tolerance: 1e-9 });
    close(two.sigma2, direct.sigma2, 1e-6, "σ²");
    close(two.eigenvalues[1], direct.eigenvalues[1], 1e-6, "λ₂");
    assert.ok(explainedVarianceShare(two) < explainedVarianceShare(truncatePpca(big, 10)));
    // The codes of one digit class are closer to each other than to the codes of all digits.
    const codes = ppcaEncode(two, images);
    const labels = validation.labels.subarray(0, n);
    let agree = 0;
    for (let i = 0; i < n; i++) {
      const z = [codes[2 * i], codes[2 * i + 1]];
      const [[top]] = nearestLabelCounts(codes, labels, z, 11); // itself and its 10 neighbours
      if (top === labels[i]) agree++;
    }
    assert.ok(agree / n > 0.4, `the majority of a digit's 10 latent neighbours share its label for ${agree} of ${n} (chance ≈ 0.1)`);
  });
});
