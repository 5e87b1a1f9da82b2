import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { RING, ringCentres, sampleRing } from "../../../lib/ml/datasets/ring";
import { MMD_BANDWIDTHS, MMD_REFERENCE_SEED, MMD_REFERENCE_SIZE, mmd2Unbiased, scoreRingSamples } from "../../../lib/ml/metrics/ring";
import { gaussian, mulberry32 } from "../../../lib/ml/random";
import { cpuTime } from "../../support/cpu-time";

const LOG8 = Math.log(8);
const C = ringCentres();
const close = (a: number, b: number, tol = 1e-9) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);

/** Interleaves [x, y] pairs into a Float32Array. */
function pts(list: [number, number][]): Float32Array {
  return Float32Array.from(list.flat());
}
const repeat = (p: [number, number], n: number): [number, number][] => Array.from({ length: n }, () => p);

/** Independent brute-force unbiased MMD² with Math.exp per bandwidth (no tricks). */
function bruteMmd2(x: number[][], y: number[][], hs: readonly number[]): number {
  const k = (a: number[], b: number[]) => hs.reduce((s, h) => s + Math.exp(-((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) / (2 * h * h)), 0);
  let xx = 0,
    yy = 0,
    xy = 0;
  for (let i = 0; i < x.length; i++) for (let j = 0; j < x.length; j++) if (i !== j) xx += k(x[i], x[j]);
  for (let i = 0; i < y.length; i++) for (let j = 0; j < y.length; j++) if (i !== j) yy += k(y[i], y[j]);
  for (const a of x) for (const b of y) xy += k(a, b);
  const m = x.length,
    n = y.length;
  return xx / (m * (m - 1)) + yy / (n * (n - 1)) - (2 * xy) / (m * n);
}

describe("ring dataset", () => {
  test("centres sit on the radius-2 circle at angles 2πk/8", () => {
    assert.equal(C.length, 8);
    close(C[0][0], 2);
    close(C[2][1], 2);
    close(C[1][0], Math.SQRT2, 1e-12);
  });
  test("samples are seeded and all high quality-ish", () => {
    const a = sampleRing(500, mulberry32(7));
    assert.deepEqual(a, sampleRing(500, mulberry32(7)));
    assert.equal(a.length, 1000);
    assert.ok(scoreRingSamples(a).highQualityFraction > 0.98); // 3σ in 2-D holds 98.9%
  });
  test("gaussian has mean 0 and variance 1", () => {
    const rng = mulberry32(3);
    let s = 0,
      s2 = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      const g = gaussian(rng);
      s += g;
      s2 += g * g;
    }
    assert.ok(Math.abs(s / n) < 0.03);
    assert.ok(Math.abs(s2 / n - 1) < 0.05);
  });
});

describe("scoreRingSamples", () => {
  test("all samples exactly on the 8 centres, evenly", () => {
    const m = scoreRingSamples(pts(C.flatMap((c) => repeat(c, 10))));
    assert.equal(m.modesCovered, 8);
    assert.equal(m.highQualityFraction, 1);
    close(m.modeKL, 0, 1e-12);
  });

  test("all samples on one centre", () => {
    const m = scoreRingSamples(pts(repeat(C[3], 100)));
    assert.equal(m.modesCovered, 1);
    assert.equal(m.highQualityFraction, 1);
    close(m.modeKL, LOG8, 1e-12);
  });

  test("no sample is high quality", () => {
    const m = scoreRingSamples(pts([...repeat([0, 0], 40), ...repeat([5, 5], 10)]));
    assert.equal(m.modesCovered, 0);
    assert.equal(m.highQualityFraction, 0);
    close(m.modeKL, LOG8, 1e-12);
  });

  test("a hand-counted mix", () => {
    // N = 200 samples (σ = 0.02, so HQ means within 0.06 of the nearest centre):
    //   100 exactly on centre 0 (2, 0)                       -> HQ, mode 0
    //    50 on centre 2 (0, 2) pushed out radially by 2σ     -> (0, 2.04), HQ, mode 2
    //     1 exactly on centre 4 (-2, 0)                      -> HQ, mode 4
    //     2 on centre 6 (0, -2) pushed out by 2.5σ           -> (0, -2.05), HQ, mode 6
    //     1 at 3.5σ from centre 0                            -> (2.07, 0), not HQ
    //    46 at the origin (2 from every centre)              -> not HQ
    // HQ = 153, so highQualityFraction = 153/200 = 0.765.
    // Covered needs ≥ 1% of N = 2 HQ samples: modes 0 (100), 2 (50), 6 (2) yes, mode 4 (1) no -> 3.
    // q = (100, 50, 1, 2)/153 over modes (0, 2, 4, 6):
    // KL = (100/153)ln(800/153) + (50/153)ln(400/153) + (1/153)ln(8/153) + (2/153)ln(16/153)
    //    ≈ 1.08118 + 0.31406 − 0.01929 − 0.02951 ≈ 1.34644
    const points = pts([...repeat([2, 0], 100), ...repeat([0, 2.04], 50), [-2, 0], ...repeat([0, -2.05], 2), [2.07, 0], ...repeat([0, 0], 46)]);
    assert.equal(points.length, 400);
    const m = scoreRingSamples(points);
    assert.equal(m.modesCovered, 3);
    assert.equal(m.highQualityFraction, 0.765);
    const kl = (100 / 153) * Math.log(800 / 153) + (50 / 153) * Math.log(400 / 153) + (1 / 153) * Math.log(8 / 153) + (2 / 153) * Math.log(16 / 153);
    close(m.modeKL, kl, 1e-9);
    close(m.modeKL, 1.34644, 1e-4);
  });

  test("1% coverage threshold counts all N samples, not just the HQ ones", () => {
    const withHq = (k: number) => pts([...repeat(C[3], k), ...repeat([0, 0], 1000 - k)]);
    assert.equal(scoreRingSamples(withHq(10)).modesCovered, 1); // 10/1000 = 1%: covered
    assert.equal(scoreRingSamples(withHq(9)).modesCovered, 0); // 0.9%: not covered
    // 700 samples: 7 is exactly 1% (0.01·700 is 7.000000000000001 in floats).
    assert.equal(scoreRingSamples(pts([...repeat(C[1], 7), ...repeat([0, 0], 693)])).modesCovered, 1);
  });

  test("the 3σ quality radius", () => {
    const inside = scoreRingSamples(pts(repeat([2 + 2.99 * RING.sigma, 0], 10)));
    const outside = scoreRingSamples(pts(repeat([2 + 3.01 * RING.sigma, 0], 10)));
    assert.equal(inside.highQualityFraction, 1);
    assert.equal(outside.highQualityFraction, 0);
  });

  test("mmd2 is ~0 for a fresh ring sample and clearly larger for a collapsed one", () => {
    const fresh = scoreRingSamples(sampleRing(2000, mulberry32(MMD_REFERENCE_SEED + 1)));
    const rng = mulberry32(5);
    const collapsed = new Float32Array(4000);
    for (let i = 0; i < 2000; i++) {
      collapsed[2 * i] = C[0][0] + RING.sigma * gaussian(rng);
      collapsed[2 * i + 1] = C[0][1] + RING.sigma * gaussian(rng);
    }
    const bad = scoreRingSamples(collapsed);
    assert.ok(Math.abs(fresh.mmd2) < 0.005, `fresh mmd2 ${fresh.mmd2}`);
    assert.ok(bad.mmd2 > 0.5, `collapsed mmd2 ${bad.mmd2}`);
    assert.equal(bad.modesCovered, 1);
  });

  test("the reference sample scores as itself: mmd2 equals the exact self value", () => {
    const ref = sampleRing(MMD_REFERENCE_SIZE, mulberry32(MMD_REFERENCE_SEED));
    const m = scoreRingSamples(ref);
    close(m.mmd2, mmd2Unbiased(ref, ref), 1e-12);
  });

  test("non-finite samples do not poison the score", () => {
    const m = scoreRingSamples(pts([...repeat(C[0], 50), ...repeat([NaN, Infinity], 50)]));
    assert.equal(m.highQualityFraction, 0.5);
    assert.ok(Number.isFinite(m.mmd2));
  });

  test("rejects odd-length or too-small input", () => {
    assert.throws(() => scoreRingSamples(new Float32Array(3)), RangeError);
    assert.throws(() => scoreRingSamples(new Float32Array(2)), RangeError);
  });
});

describe("mmd2Unbiased", () => {
  test("2-point sets, one bandwidth, by hand", () => {
    // x = {(0,0), (1,0)}, y = {(0,0), (0,2)}, h = 1: k = exp(−d²/2).
    // xx: 2·k(d²=1)/(2·1) = e^−½;   yy: 2·k(d²=4)/(2·1) = e^−2;
    // xy: [k(0) + k(4) + k(1) + k(5)]·2/(2·2) = ½(1 + e^−2 + e^−½ + e^−2.5).
    // MMD² = ½e^−½ + ½e^−2 − ½ − ½e^−2.5 ≈ 0.303265 + 0.067668 − 0.5 − 0.041042 = −0.170109.
    const v = mmd2Unbiased([0, 0, 1, 0], [0, 0, 0, 2], [1]);
    close(v, 0.5 * Math.exp(-0.5) + 0.5 * Math.exp(-2) - 0.5 - 0.5 * Math.exp(-2.5), 1e-14);
    close(v, -0.170109, 1e-6);
  });

  test("identical 2-point sets far apart internally", () => {
    // x = y = {(0,0), (10,0)}, h = 1: every off-diagonal and cross term with d² = 100 is ~0,
    // xx = yy ≈ 0, xy = 2·(1 + 1)/(2·2) = 1 -> MMD² ≈ −1 (the unbiased estimate can be negative).
    close(mmd2Unbiased([0, 0, 10, 0], [0, 0, 10, 0], [1]), -1, 1e-12);
  });

  test("3-point sets match an independent brute force, chained and plain bandwidth paths", () => {
    const x = [
      [0.1, -0.2],
      [1.5, 0.3],
      [-0.7, 0.9],
    ];
    const y = [
      [0.0, 0.0],
      [0.4, -1.1],
      [2.0, 0.5],
    ];
    for (const hs of [MMD_BANDWIDTHS, [1, 2], [0.3, 0.7, 1.1], [0.5]]) {
      close(mmd2Unbiased(x.flat(), y.flat(), hs), bruteMmd2(x, y, hs), 1e-12);
    }
  });

  test("random sets of different sizes match the brute force", () => {
    const rng = mulberry32(11);
    const x = Array.from({ length: 37 }, () => [3 * rng() - 1.5, 3 * rng() - 1.5]);
    const y = Array.from({ length: 23 }, () => [3 * rng() - 1.5, 3 * rng() - 1.5]);
    close(mmd2Unbiased(x.flat(), y.flat()), bruteMmd2(x, y, MMD_BANDWIDTHS), 1e-12);
  });

  test("bad bandwidths are rejected", () => {
    assert.throws(() => mmd2Unbiased([0, 0, 1, 1], [0, 0, 1, 1], []), RangeError);
    assert.throws(() => mmd2Unbiased([0, 0, 1, 1], [0, 0, 1, 1], [0]), RangeError);
    assert.throws(() => mmd2Unbiased([0, 0, 1, 1], [0, 0, 1, 1], [NaN]), RangeError);
  });

  test("scoring 2,000 points is fast", () => {
    const pts2000 = sampleRing(2000, mulberry32(99));
    scoreRingSamples(pts2000); // builds the cached reference
    const runs = 5;
    const ms =
      cpuTime(() => {
        for (let i = 0; i < runs; i++) scoreRingSamples(pts2000);
      }).ms / runs;
    console.log(`# scoreRingSamples(2,000 points): ${ms.toFixed(1)} ms`);
    assert.ok(ms < 500, `${ms} ms`);
  });
});
