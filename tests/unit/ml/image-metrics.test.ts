import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { base64ToBytes, bytesToBase64, decodeDigitSet, encodeDigitSet, floatToDigits } from "../../../lib/ml/datasets/digits";
import { symmetricEigen, symmetricSqrt } from "../../../lib/ml/linalg";
import {
  classFeatureStatistics,
  classifierScore,
  conditionalAccuracy,
  featureStatistics,
  frechetDistance,
  intraClassFid,
  type FeatureStatistics,
} from "../../../lib/ml/metrics/images";
import { mulberry32 } from "../../../lib/ml/random";

const stats = (mean: number[], covariance: number[]): FeatureStatistics => ({
  dim: mean.length,
  mean: Float64Array.from(mean),
  covariance: Float64Array.from(covariance),
});

function randomSymmetric(dim: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  const a = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) for (let j = i; j < dim; j++) a[i * dim + j] = a[j * dim + i] = 2 * rng() - 1;
  return a;
}

describe("symmetric eigen-decomposition", () => {
  test("V diag(λ) Vᵀ rebuilds the matrix and V is orthogonal", () => {
    const dim = 12;
    const a = randomSymmetric(dim, 3);
    const { values, vectors } = symmetricEigen(a, dim);
    for (let i = 0; i < dim; i++)
      for (let j = 0; j < dim; j++) {
        let rebuilt = 0;
        let gram = 0;
        for (let k = 0; k < dim; k++) {
          rebuilt += vectors[i * dim + k] * values[k] * vectors[j * dim + k];
          gram += vectors[k * dim + i] * vectors[k * dim + j];
        }
        assert.ok(Math.abs(rebuilt - a[i * dim + j]) < 1e-10);
        assert.ok(Math.abs(gram - (i === j ? 1 : 0)) < 1e-10);
      }
  });
  test("the square root of a PSD matrix squares back to it", () => {
    const dim = 8;
    const b = randomSymmetric(dim, 5);
    const psd = new Float64Array(dim * dim); // BᵀB is PSD
    for (let i = 0; i < dim; i++) for (let j = 0; j < dim; j++) for (let k = 0; k < dim; k++) psd[i * dim + j] += b[k * dim + i] * b[k * dim + j];
    const root = symmetricSqrt(psd, dim);
    for (let i = 0; i < dim; i++)
      for (let j = 0; j < dim; j++) {
        let sq = 0;
        for (let k = 0; k < dim; k++) sq += root[i * dim + k] * root[k * dim + j];
        assert.ok(Math.abs(sq - psd[i * dim + j]) < 1e-9);
      }
  });
});

describe("Fréchet distance", () => {
  test("diagonal covariances: ‖Δμ‖² + Σ(√a − √b)²", () => {
    const x = stats([1, 2, 3], [4, 0, 0, 0, 9, 0, 0, 0, 1]);
    const y = stats([0, 2, 5], [1, 0, 0, 0, 4, 0, 0, 0, 0.25]);
    const expected = 1 + 0 + 4 + (2 - 1) ** 2 + (3 - 2) ** 2 + (1 - 0.5) ** 2;
    assert.ok(Math.abs(frechetDistance(x, y) - expected) < 1e-10);
  });
  test("2 × 2 non-commuting covariances: tr √(Σ₁Σ₂) = √(tr Σ₁Σ₂ + 2√det Σ₁Σ₂)", () => {
    const s1 = [2, 0.8, 0.8, 1];
    const s2 = [1, -0.3, -0.3, 3];
    const p = [s1[0] * s2[0] + s1[1] * s2[2], s1[0] * s2[1] + s1[1] * s2[3], s1[2] * s2[0] + s1[3] * s2[2], s1[2] * s2[1] + s1[3] * s2[3]];
    const trSqrt = Math.sqrt(p[0] + p[3] + 2 * Math.sqrt(p[0] * p[3] - p[1] * p[2]));
    const expected = (1 - 0.5) ** 2 + (0 + 1) ** 2 + s1[0] + s1[3] + s2[0] + s2[3] - 2 * trSqrt;
    assert.ok(Math.abs(frechetDistance(stats([1, 0], s1), stats([0.5, -1], s2)) - expected) < 1e-10);
  });
  test("a set against itself is 0; a shifted copy is the squared shift", () => {
    const rng = mulberry32(9);
    const n = 500;
    const dim = 6;
    const features = Float32Array.from({ length: n * dim }, () => rng() * 3);
    const a = featureStatistics(features, n, dim);
    assert.ok(frechetDistance(a, a) < 1e-8);
    const shifted = features.map((v, i) => (i % dim === 2 ? v + 0.5 : v));
    assert.ok(Math.abs(frechetDistance(a, featureStatistics(shifted, n, dim)) - 0.25) < 1e-5);
  });
  test("featureStatistics: mean and unbiased covariance by hand", () => {
    const s = featureStatistics([1, 2, 3, 6, 5, 4], 3, 2);
    assert.deepEqual(Array.from(s.mean), [3, 4]);
    // x: 1,3,5 (var 4); y: 2,6,4 (var 4); cov = ((-2)(-2) + 0·2 + 2·0) / 2 = 2
    assert.deepEqual(Array.from(s.covariance), [4, 2, 2, 4]);
  });
});

describe("intra-class FID", () => {
  // Two classes of 2-D features, their rows interleaved; each class's FID is computed here in
  // closed form, without featureStatistics or the eigen-solver.
  const class0 = [
    [3, 1],
    [1, 1],
    [2, 3],
    [2, -1],
  ]; // mean (2, 1); variances 2/3 and 8/3, covariance 0
  const class1 = [
    [0.5, 2],
    [1.5, -1],
    [-2, 0.3],
    [0.7, 0.9],
    [2.2, 1.4],
  ];
  const rows = [class1[0], class0[0], class0[1], class1[1], class1[2], class0[2], class1[3], class0[3], class1[4]];
  const labels = rows.map((row) => (class0.includes(row) ? 0 : 1));
  const features = rows.flat();
  const references = [stats([0, 1], [1, 0, 0, 4]), stats([1, -1], [2, 0.8, 0.8, 1])];

  /** Sample mean and unbiased covariance of 2-D points, written out. */
  function moments(points: number[][]) {
    const n = points.length;
    const mx = points.reduce((s, p) => s + p[0], 0) / n;
    const my = points.reduce((s, p) => s + p[1], 0) / n;
    const sum = (f: (p: number[]) => number) => points.reduce((s, p) => s + f(p), 0) / (n - 1);
    return {
      mean: [mx, my],
      cov: [sum((p) => (p[0] - mx) ** 2), sum((p) => (p[0] - mx) * (p[1] - my)), sum((p) => (p[0] - mx) * (p[1] - my)), sum((p) => (p[1] - my) ** 2)],
    };
  }

  test("the mean of the per-class Fréchet distances, each in closed form", () => {
    // Class 0 against a diagonal reference: ‖Δμ‖² + Σ(√a − √b)².
    const fid0 = 2 ** 2 + 0 + (Math.sqrt(2 / 3) - 1) ** 2 + (Math.sqrt(8 / 3) - 2) ** 2;
    // Class 1 against a full 2 × 2 reference: tr √(Σ₁Σ₂) = √(tr Σ₁Σ₂ + 2√det Σ₁Σ₂).
    const { mean, cov: s1 } = moments(class1);
    const s2 = [2, 0.8, 0.8, 1];
    const p = [s1[0] * s2[0] + s1[1] * s2[2], s1[0] * s2[1] + s1[1] * s2[3], s1[2] * s2[0] + s1[3] * s2[2], s1[2] * s2[1] + s1[3] * s2[3]];
    const trSqrt = Math.sqrt(p[0] + p[3] + 2 * Math.sqrt(p[0] * p[3] - p[1] * p[2]));
    const fid1 = (mean[0] - 1) ** 2 + (mean[1] + 1) ** 2 + s1[0] + s1[3] + s2[0] + s2[3] - 2 * trSqrt;
    assert.ok(Math.abs(intraClassFid(features, labels, references) - (fid0 + fid1) / 2) < 1e-10);
  });
  test("each class's statistics come from its own rows only", () => {
    const [own0, own1] = classFeatureStatistics(features, labels, 2, 2);
    assert.deepEqual(Array.from(own0.mean), [2, 1]);
    const { mean, cov } = moments(class1);
    [...mean, ...cov].forEach((v, i) => assert.ok(Math.abs(v - [...own1.mean, ...own1.covariance][i]) < 1e-12));
  });
  test("a class with fewer than two rows, or a label outside the classes, is refused", () => {
    assert.throws(() => intraClassFid([...features, 7, 7], [...labels, 2], [...references, stats([0, 0], [1, 0, 0, 1])]), /class 2 has 1/);
    assert.throws(
      () =>
        intraClassFid(
          features,
          labels.map((l, i) => (i === 4 ? 5 : l)),
          references,
        ),
      /Label 4 is 5/,
    );
  });
});

describe("classifier score and conditional accuracy", () => {
  test("identical predictions score 1; confident, balanced predictions score the class count", () => {
    const uniform = new Float64Array(20 * 10).fill(0.1);
    assert.ok(Math.abs(classifierScore(uniform, 20, 10) - 1) < 1e-12);
    const balanced = new Float64Array(20 * 10);
    for (let i = 0; i < 20; i++) balanced[i * 10 + (i % 10)] = 1;
    assert.ok(Math.abs(classifierScore(balanced, 20, 10) - 10) < 1e-9);
    const collapsed = new Float64Array(20 * 10);
    for (let i = 0; i < 20; i++) collapsed[i * 10 + 3] = 1;
    assert.ok(Math.abs(classifierScore(collapsed, 20, 10) - 1) < 1e-12);
    // Two classes used evenly: exp(log 2) = 2.
    const two = new Float64Array(20 * 10);
    for (let i = 0; i < 20; i++) two[i * 10 + (i % 2)] = 1;
    assert.ok(Math.abs(classifierScore(two, 20, 10) - 2) < 1e-9);
  });
  test("conditional accuracy counts argmax = label", () => {
    const p = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4];
    assert.equal(conditionalAccuracy(p, [0, 1, 1], 2), 2 / 3);
  });
});

describe("digit encodings", () => {
  test("base64 agrees with Node's Buffer for every length remainder and rejects bad text", () => {
    for (const length of [0, 1, 2, 3, 4, 5, 784, 785]) {
      const bytes = Uint8Array.from({ length }, (_, i) => (i * 37 + 11) % 256);
      const text = bytesToBase64(bytes);
      assert.equal(text, Buffer.from(bytes).toString("base64"));
      assert.deepEqual(base64ToBytes(text), bytes);
    }
    assert.equal(base64ToBytes("abc"), null);
    assert.equal(base64ToBytes("ab!d"), null);
    assert.equal(base64ToBytes("a=bc"), null);
  });
  test("digit sets round-trip; floats are clipped and rounded to grey levels", () => {
    const set = { count: 2, labels: Uint8Array.from([3, 7]), images: Uint8Array.from({ length: 2 * 784 }, (_, i) => i % 256) };
    assert.deepEqual(decodeDigitSet(encodeDigitSet(set)), set);
    assert.throws(() => decodeDigitSet(new Uint8Array(10)), /Not a digit set/);
    assert.deepEqual(Array.from(floatToDigits([-1, 0, 0.5, 1, 2, NaN])), [0, 0, 128, 255, 255, 0]);
  });
});
