import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { DIGIT_PIXELS, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { symmetricEigen } from "../../../lib/ml/linalg";
import { fitPpca, type PpcaModel, ppcaDecode, ppcaEncode, ppcaReconstruct, ppcaSample } from "../../../lib/ml/models/ppca";
import { gaussian, mulberry32 } from "../../../lib/ml/random";
import { cpuTime } from "../../support/cpu-time";

/** Row-major a (r × m) · b (m × c). */
function matMul(a: ArrayLike<number>, b: ArrayLike<number>, r: number, m: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let k = 0; k < m; k++) for (let j = 0; j < c; j++) out[i * c + j] += a[i * m + k] * b[k * c + j];
  return out;
}

function transpose(a: ArrayLike<number>, r: number, c: number): Float64Array {
  const out = new Float64Array(r * c);
  for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) out[j * r + i] = a[i * c + j];
  return out;
}

/** max |a − b| / max |b|. */
function relativeError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

/** Model covariance W Wᵀ + σ² I (d × d). */
function modelCovariance(m: Pick<PpcaModel, "d" | "q" | "W" | "sigma2">): Float64Array {
  const c = matMul(m.W, transpose(m.W, m.d, m.q), m.d, m.q, m.d);
  for (let i = 0; i < m.d; i++) c[i * m.d + i] += m.sigma2;
  return c;
}

/** Two-pass sample covariance (divided by n), written independently of the model's one-pass version. */
function covariance(x: ArrayLike<number>, n: number, d: number): { mean: Float64Array; S: Float64Array } {
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let i = 0; i < d; i++) mean[i] += x[r * d + i] / n;
  const S = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const ci = x[r * d + i] - mean[i];
      for (let j = 0; j < d; j++) S[i * d + j] += (ci * (x[r * d + j] - mean[j])) / n;
    }
  }
  return { mean, S };
}

// A known PPCA model: d = 30, q = 3, so the fit's subspace iteration (2q + 10 = 16 directions) does
// not simply span the whole space.
const D = 30;
const Q = 3;
const N = 20_000;
const TRUE_SIGMA2 = 0.25;
const truth = (() => {
  const rng = mulberry32(7);
  const W = Float64Array.from({ length: D * Q }, () => 2 * gaussian(rng));
  const mean = Float64Array.from({ length: D }, () => 3 * gaussian(rng));
  const x = new Float64Array(N * D);
  for (let r = 0; r < N; r++) {
    const z = [gaussian(rng), gaussian(rng), gaussian(rng)];
    for (let i = 0; i < D; i++) {
      let v = mean[i] + Math.sqrt(TRUE_SIGMA2) * gaussian(rng);
      for (let a = 0; a < Q; a++) v += W[i * Q + a] * z[a];
      x[r * D + i] = v;
    }
  }
  return { W, mean, x };
})();

describe("symmetricEigen", () => {
  test("A V = V Λ with orthonormal V, values descending (random and repeated-eigenvalue matrices)", () => {
    const rng = mulberry32(3);
    const n = 9;
    const b = Float64Array.from({ length: n * n }, () => gaussian(rng));
    const random = matMul(b, transpose(b, n, n), n, n, n); // B Bᵀ: symmetric
    const u = Float64Array.from({ length: n }, () => gaussian(rng));
    const repeated = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 2 : 0) + u[Math.floor(k / n)] * u[k % n]); // 2I + u uᵀ
    for (const A of [random, repeated]) {
      const { values, vectors } = symmetricEigen(A, n);
      const av = matMul(A, vectors, n, n, n);
      const vl = Float64Array.from(vectors, (v, k) => v * values[k % n]);
      assert.ok(relativeError(av, vl) < 1e-12, `A V − V Λ: ${relativeError(av, vl)}`);
      const vtv = matMul(transpose(vectors, n, n), vectors, n, n, n);
      const identity = Float64Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));
      assert.ok(relativeError(vtv, identity) < 1e-12);
      for (let j = 1; j < n; j++) assert.ok(values[j] <= values[j - 1]);
    }
    // 2I + u uᵀ has eigenvalue 2 + |u|² once and 2 eight times.
    const { values } = symmetricEigen(repeated, n);
    assert.ok(Math.abs(values[0] - (2 + u.reduce((s, v) => s + v * v, 0))) < 1e-12);
    for (let j = 1; j < n; j++) assert.ok(Math.abs(values[j] - 2) < 1e-12);
  });
});

describe("fitPpca on data drawn from a known PPCA model", () => {
  const model = fitPpca(truth.x, N, D, Q);
  const { mean, S } = covariance(truth.x, N, D);

  test("recovers σ² and the covariance W Wᵀ + σ² I", () => {
    assert.ok(Math.abs(model.sigma2 / TRUE_SIGMA2 - 1) < 0.03, `σ² ${model.sigma2} vs ${TRUE_SIGMA2}`);
    const trueCov = modelCovariance({ d: D, q: Q, W: truth.W, sigma2: TRUE_SIGMA2 });
    const err = relativeError(modelCovariance(model), trueCov);
    assert.ok(err < 0.05, `covariance error ${err}`);
    // Each mean coordinate within 5 standard errors √(C_ii / N).
    for (let i = 0; i < D; i++) assert.ok(Math.abs(model.mean[i] - truth.mean[i]) < 5 * Math.sqrt(trueCov[i * D + i] / N), `mean ${i}`);
  });

  test("equals Tipping & Bishop's closed form (eq. 7–8) from a full eigendecomposition of S", () => {
    const { values, vectors } = symmetricEigen(S, D);
    let rest = 0;
    for (let j = Q; j < D; j++) rest += values[j];
    const sigma2 = rest / (D - Q); // eq. 8
    const W = new Float64Array(D * Q); // eq. 7 with R = I
    for (let i = 0; i < D; i++) for (let j = 0; j < Q; j++) W[i * Q + j] = vectors[i * D + j] * Math.sqrt(values[j] - sigma2);
    assert.ok(Math.abs(model.sigma2 - sigma2) < 1e-9 * sigma2, `σ² ${model.sigma2} vs ${sigma2}`);
    // W is defined up to a rotation (and signs): compare W Wᵀ.
    const err = relativeError(matMul(model.W, transpose(model.W, D, Q), D, Q, D), matMul(W, transpose(W, D, Q), D, Q, D));
    assert.ok(err < 1e-7, `W Wᵀ error ${err}`);
    assert.ok(relativeError(model.eigenvalues, values.slice(0, Q)) < 1e-9);
  });

  test("is a stationary point of the likelihood: S C⁻¹ W = W, i.e. S W = W (WᵀW + σ² I); tr C = tr S", () => {
    const M = matMul(transpose(model.W, D, Q), model.W, Q, D, Q);
    for (let a = 0; a < Q; a++) M[a * Q + a] += model.sigma2;
    const err = relativeError(matMul(S, model.W, D, D, Q), matMul(model.W, M, D, Q, Q));
    assert.ok(err < 1e-7, `stationarity error ${err}`);
    let traceS = 0;
    let traceC = 0;
    const C = modelCovariance(model);
    for (let i = 0; i < D; i++) {
      traceS += S[i * D + i];
      traceC += C[i * D + i];
    }
    assert.ok(Math.abs(traceC - traceS) < 1e-9 * traceS);
    assert.ok(Math.abs(model.totalVariance - traceS) < 1e-9 * traceS);
    assert.ok(relativeError(model.mean, mean) < 1e-12);
  });

  test("encode solves M E[z|x] = Wᵀ(x − μ); reconstruct = decode(encode); samples have covariance C", () => {
    const rows = 5;
    const x = truth.x.subarray(0, rows * D);
    const z = ppcaEncode(model, x);
    assert.equal(z.length, rows * Q);
    const M = matMul(transpose(model.W, D, Q), model.W, Q, D, Q);
    for (let a = 0; a < Q; a++) M[a * Q + a] += model.sigma2;
    const centred = Float64Array.from(x, (v, k) => v - model.mean[k % D]);
    const rhs = matMul(centred, model.W, rows, D, Q); // rows of Wᵀ(x − μ)
    assert.ok(relativeError(matMul(z, M, rows, Q, Q), rhs) < 1e-10); // M symmetric: (M z)ᵀ = zᵀ M
    assert.deepEqual(ppcaReconstruct(model, x), ppcaDecode(model, z));

    const samples = ppcaSample(model, 40_000, mulberry32(11));
    const err = relativeError(covariance(samples, 40_000, D).S, modelCovariance(model));
    assert.ok(err < 0.05, `sample covariance error ${err}`);
  });

  test("rejects bad shapes and q", () => {
    assert.throws(() => fitPpca(truth.x, N, D, D), RangeError);
    assert.throws(() => fitPpca(truth.x, N, D, 0), RangeError);
    assert.throws(() => fitPpca(truth.x, N + 1, D, Q), RangeError);
    assert.throws(() => ppcaEncode(model, new Float64Array(D + 1)), RangeError);
  });
});

describe("fitPpca on real digits", () => {
  test("held-out reconstruction error falls as q grows; 784 × 784 fits in seconds", () => {
    const trainCount = 2000;
    const x = digitsToFloat(loadMnistSplit("train").images, 0, trainCount);
    const validation = loadMnistSplit("validation");
    const xv = digitsToFloat(validation.images, 0, 500);
    const errors: number[] = [];
    for (const q of [2, 8, 32]) {
      const { ms, result: model } = cpuTime(() => fitPpca(x, trainCount, DIGIT_PIXELS, q));
      const r = ppcaReconstruct(model, xv);
      let se = 0;
      for (let i = 0; i < xv.length; i++) se += (r[i] - xv[i]) ** 2;
      errors.push(se / 500);
      console.log(`# q = ${q}: ${ms.toFixed(0)} ms, σ² = ${model.sigma2.toFixed(4)}, held-out squared error per digit ${(se / 500).toFixed(2)}`);
      assert.ok(ms < 10_000, `fit took ${ms} ms`);
      assert.ok(model.sigma2 > 0 && model.eigenvalues.every((v, j) => j === 0 || v <= model.eigenvalues[j - 1]));
    }
    assert.ok(errors[1] < 0.8 * errors[0] && errors[2] < 0.6 * errors[1], `errors ${errors}`);
  });
});
