/**
 * Sample-quality metrics for the 8-gaussian ring. Pure arithmetic on typed arrays (no tfjs),
 * so the web server can score student submissions cheaply.
 * References: mode coverage / "high-quality samples" as in Srivastava et al. 2017 (VEEGAN) and
 * Metz et al. 2017 (Unrolled GANs); unbiased MMD² from Gretton et al. 2012, eq. (3).
 */
import { RING, ringCentres, sampleRing } from "../datasets/ring";
import { mulberry32 } from "../random";

export interface RingMetrics {
  /** Modes k (0..8) with ≥ 1% of ALL submitted samples being high-quality samples nearest to k. */
  modesCovered: number;
  /** Share of samples within 3σ of their nearest centre, in [0, 1]. */
  highQualityFraction: number;
  /** KL(q ‖ uniform) of the high-quality samples' mode histogram q; log 8 when none is HQ. */
  modeKL: number;
  /** Unbiased MMD² against a fixed 2,000-point reference sample (can be slightly negative). */
  mmd2: number;
}

/** A sample is high quality when within this many σ of its nearest centre. */
export const HQ_SIGMAS = 3;
/** A mode is covered when at least this share of all N samples are HQ samples of that mode. */
const COVERAGE_DENOMINATOR = 100; // a mode is covered by ≥ 1 % of the samples: 1 / 0.01, kept integral for exact comparison

/**
 * Gaussian kernel bandwidths h (kernel = Σ_h exp(-|a-b|²/(2h²))), one per scale of the ring:
 * - 0.125 (≈ 6σ): sees whether samples sit tightly on the modes (sample quality);
 * - 0.5: below the 1.53 gap between neighbouring modes, so it sees which modes are hit (coverage);
 * - 2 (= radius): sees the global ring shape and the balance between far-apart modes.
 * They are a factor 4 apart, so the exponents 1/(2h²) = 32, 2, 0.125 are a factor 16 = 2⁴ apart:
 * one exp per pair plus repeated squaring gives all three (see kernelSum), ~3× fewer exps.
 */
export const MMD_BANDWIDTHS: readonly number[] = [0.125, 0.5, 2];
/** Seed of the 2,000-point sampleRing reference; fixed so scores are comparable across runs. */
export const MMD_REFERENCE_SEED = 20_240_801;
export const MMD_REFERENCE_SIZE = 2000;

/** Non-finite coordinates (a diverged generator) are moved here: far from everything else. */
const FAR_AWAY = 1e6;

function toFiniteF64(points: ArrayLike<number>): Float64Array {
  const out = new Float64Array(points.length);
  for (let i = 0; i < points.length; i++) {
    const v = points[i];
    out[i] = Number.isFinite(v) ? v : FAR_AWAY;
  }
  return out;
}

/**
 * exp(−x) for x ≥ 0 by table lookup plus a short Taylor series, ~3× faster than Math.exp in V8
 * and within a few ulps: exp(−x) = exp(−k/64)·exp(−r), k = ⌊64x⌋, r = x − k/64 ∈ [0, 1/64),
 * and the degree-6 series of exp(−r) errs by < r⁷/7! < 5e-17.
 */
const EXP_STEPS = 64; // table entries per unit of x (a power of 2, so k/EXP_STEPS is exact)
const EXP_MAX = 64; // beyond this exp(−x) < 2e-28: Math.exp handles the rare far pairs
const INV_EXP_STEPS = 1 / EXP_STEPS;
const [I2, I3, I4, I5, I6] = [1 / 2, 1 / 3, 1 / 4, 1 / 5, 1 / 6];
const EXP_TABLE = Float64Array.from({ length: EXP_STEPS * EXP_MAX + 1 }, (_, k) => Math.exp(-k / EXP_STEPS));

function expNeg(x: number): number {
  if (!(x < EXP_MAX)) return Math.exp(-x);
  const k = (x * EXP_STEPS) | 0;
  const r = x - k * INV_EXP_STEPS;
  // Horner form of Σ (−r)ⁿ/n!, n ≤ 6, with multiplications only (divisions are ~4× slower).
  const poly = 1 - r * (1 - r * I2 * (1 - r * I3 * (1 - r * I4 * (1 - r * I5 * (1 - r * I6)))));
  return EXP_TABLE[k] * poly;
}

/**
 * Plan for evaluating Σ_b exp(-c_b d²), c_b = 1/(2h_b²): if, sorted ascending, each c is the
 * previous one times 2^s (s integer ≥ 1), one exp plus s squarings gives the next term.
 */
interface KernelPlan {
  coeffs: Float64Array; // ascending c_b
  squarings: Int32Array; // squarings[b] = log2(c_b / c_{b-1}) for b ≥ 1, or -1 if not a power of 2
  chained: boolean;
}

function kernelPlan(bandwidths: readonly number[]): KernelPlan {
  if (bandwidths.length === 0) throw new RangeError("at least one bandwidth is needed");
  for (const h of bandwidths) {
    if (!(Number.isFinite(h) && h > 0)) throw new RangeError(`bad bandwidth ${h}`);
  }
  const coeffs = Float64Array.from(bandwidths.map((h) => 1 / (2 * h * h))).sort();
  const squarings = new Int32Array(coeffs.length);
  let chained = true;
  for (let b = 1; b < coeffs.length; b++) {
    const s = Math.log2(coeffs[b] / coeffs[b - 1]);
    const r = Math.round(s);
    if (r >= 1 && r <= 8 && Math.abs(s - r) < 1e-12) squarings[b] = r;
    else {
      squarings[b] = -1;
      chained = false;
    }
  }
  return { coeffs, squarings, chained };
}

/**
 * Σ_i Σ_j K(a_i, b_j) over interleaved 2-D point sets. With `same` (a === b), the diagonal
 * i = j is excluded and symmetry halves the work.
 */
function kernelSum(a: Float64Array, b: Float64Array, plan: KernelPlan, same: boolean): number {
  const total = plan.chained ? chainedSum(a, b, plan, same) : plainSum(a, b, plan.coeffs, same);
  return same ? 2 * total : total;
}

// The two loops are separate functions so that each stays monomorphic and V8 optimises it
// once (one shared loop with a branch measured ~5× slower after both paths had run).
function chainedSum(a: Float64Array, b: Float64Array, plan: KernelPlan, same: boolean): number {
  const na = a.length >> 1;
  const nb = b.length >> 1;
  const c0 = plan.coeffs[0];
  const squarings = plan.squarings;
  const nk = squarings.length;
  let total = 0;
  for (let i = 0; i < na; i++) {
    const ax = a[2 * i];
    const ay = a[2 * i + 1];
    let row = 0;
    for (let j = same ? i + 1 : 0; j < nb; j++) {
      const dx = ax - b[2 * j];
      const dy = ay - b[2 * j + 1];
      let e = expNeg(c0 * (dx * dx + dy * dy));
      row += e;
      for (let k = 1; k < nk; k++) {
        for (let s = squarings[k]; s > 0; s--) e *= e;
        row += e;
      }
    }
    total += row;
  }
  return total;
}

function plainSum(a: Float64Array, b: Float64Array, coeffs: Float64Array, same: boolean): number {
  const na = a.length >> 1;
  const nb = b.length >> 1;
  const nk = coeffs.length;
  let total = 0;
  for (let i = 0; i < na; i++) {
    const ax = a[2 * i];
    const ay = a[2 * i + 1];
    let row = 0;
    for (let j = same ? i + 1 : 0; j < nb; j++) {
      const dx = ax - b[2 * j];
      const dy = ay - b[2 * j + 1];
      const d2 = dx * dx + dy * dy;
      for (let k = 0; k < nk; k++) row += expNeg(coeffs[k] * d2);
    }
    total += row;
  }
  return total;
}

/**
 * Unbiased MMD² (Gretton et al. 2012, eq. 3) between interleaved 2-D point sets x (m points) and
 * y (n points), with the kernel Σ_h exp(-|a-b|²/(2h²)):
 *   1/(m(m-1)) Σ_{i≠j} k(x_i,x_j) + 1/(n(n-1)) Σ_{i≠j} k(y_i,y_j) − 2/(mn) Σ_{i,j} k(x_i,y_j).
 */
export function mmd2Unbiased(x: ArrayLike<number>, y: ArrayLike<number>, bandwidths: readonly number[] = MMD_BANDWIDTHS): number {
  const xs = toFiniteF64(x);
  const ys = toFiniteF64(y);
  const plan = kernelPlan(bandwidths);
  const m = xs.length >> 1;
  const n = ys.length >> 1;
  assertSizes(m, n);
  const kxx = kernelSum(xs, xs, plan, true);
  const kyy = kernelSum(ys, ys, plan, true);
  const kxy = kernelSum(xs, ys, plan, false);
  return kxx / (m * (m - 1)) + kyy / (n * (n - 1)) - (2 * kxy) / (m * n);
}

function assertSizes(m: number, n: number): void {
  if (m < 2 || n < 2) throw new RangeError("unbiased MMD² needs at least 2 points per set");
}

interface Reference {
  points: Float64Array;
  plan: KernelPlan;
  /** Σ_{i≠j} k(y_i, y_j) over the reference: computed once, it never changes. */
  withinSum: number;
}
let reference: Reference | undefined;

function getReference(): Reference {
  if (!reference) {
    const points = toFiniteF64(sampleRing(MMD_REFERENCE_SIZE, mulberry32(MMD_REFERENCE_SEED)));
    const plan = kernelPlan(MMD_BANDWIDTHS);
    reference = { points, plan, withinSum: kernelSum(points, points, plan, true) };
  }
  return reference;
}

/** Scores interleaved [x0, y0, x1, y1, …] samples against the ring (see RingMetrics). */
export function scoreRingSamples(points: Float32Array): RingMetrics {
  if (points.length % 2 !== 0) throw new RangeError("points must be interleaved x, y pairs");
  const n = points.length >> 1;
  assertSizes(n, MMD_REFERENCE_SIZE);
  const xs = toFiniteF64(points);

  // Mode histogram of the high-quality samples.
  const centres = ringCentres();
  const maxD2 = (HQ_SIGMAS * RING.sigma) ** 2;
  const counts = new Float64Array(RING.modes);
  let hq = 0;
  for (let i = 0; i < n; i++) {
    const px = xs[2 * i];
    const py = xs[2 * i + 1];
    let best = Infinity;
    let bestK = 0;
    for (let k = 0; k < RING.modes; k++) {
      const dx = px - centres[k][0];
      const dy = py - centres[k][1];
      const d2 = dx * dx + dy * dy;
      if (d2 < best) {
        best = d2;
        bestK = k;
      }
    }
    if (best <= maxD2) {
      counts[bestK]++;
      hq++;
    }
  }
  let modesCovered = 0;
  let modeKL = 0;
  for (let k = 0; k < RING.modes; k++) {
    // counts·100 ≥ N in integers: 0.01·N in floats can round up (0.01·700 = 7.000000000000001).
    if (counts[k] * COVERAGE_DENOMINATOR >= n) modesCovered++;
    if (counts[k] > 0) {
      const q = counts[k] / hq;
      modeKL += q * Math.log(q * RING.modes);
    }
  }
  if (hq === 0) modeKL = Math.log(RING.modes);

  const ref = getReference();
  const m = MMD_REFERENCE_SIZE;
  const kxx = kernelSum(xs, xs, ref.plan, true);
  const kxy = kernelSum(xs, ref.points, ref.plan, false);
  const mmd2 = kxx / (n * (n - 1)) + ref.withinSum / (m * (m - 1)) - (2 * kxy) / (n * m);

  return { modesCovered, highQualityFraction: hq / n, modeKL, mmd2 };
}
