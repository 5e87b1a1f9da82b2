/**
 * The 2-D Gaussian: log-density through a Cholesky factor, and the maximum-likelihood fit.
 * Pure arithmetic on plain arrays, so the browser and the server compute the same numbers.
 */
import { LOG_2PI } from "./logsumexp";
import { gaussian, type Rng } from "../random";

export type Vec2 = readonly [number, number];
/** A 2×2 matrix as rows: [[a, b], [c, d]]; covariances are symmetric (b = c). */
export type Mat2 = readonly [readonly [number, number], readonly [number, number]];

export interface Gaussian2 {
  mean: Vec2;
  covariance: Mat2;
}

/** Lower-triangular factor L with L·Lᵀ = Σ, plus log det Σ. */
export interface Cholesky2 {
  l11: number;
  l21: number;
  l22: number;
  logDet: number;
}

/**
 * Cholesky factor of a symmetric 2×2 matrix (reads a, b = Σ[0][1] and d); null when the matrix is
 * not positive definite (a ≤ 0 or a·d − b² ≤ 0) or not finite.
 */
export function cholesky2(cov: Mat2): Cholesky2 | null {
  const a = cov[0][0];
  const b = cov[0][1];
  const d = cov[1][1];
  if (!(a > 0) || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(d)) return null;
  const l11 = Math.sqrt(a);
  const l21 = b / l11;
  const s = d - l21 * l21;
  if (!(s > 0)) return null;
  const l22 = Math.sqrt(s);
  return { l11, l21, l22, logDet: 2 * (Math.log(l11) + Math.log(l22)) };
}

/** Eigenvalues [smallest, largest] of a symmetric 2×2 matrix. */
export function eigenvalues2(cov: Mat2): [number, number] {
  const a = cov[0][0];
  const b = cov[0][1];
  const d = cov[1][1];
  const mid = (a + d) / 2;
  const r = Math.hypot((a - d) / 2, b);
  const largest = mid + r;
  // λ₁λ₂ = det: dividing avoids the cancellation in mid − r when λ₁ ≪ λ₂.
  const smallest = largest > 0 ? (a * d - b * b) / largest : mid - r;
  return [smallest, largest];
}

/** log N(x, y | mean, L·Lᵀ) = −log 2π − ½ log det Σ − ½ ‖L⁻¹(x − μ)‖². */
export function gaussianLogPdf2(x: number, y: number, mean: Vec2, chol: Cholesky2): number {
  const z1 = (x - mean[0]) / chol.l11;
  const z2 = (y - mean[1] - chol.l21 * z1) / chol.l22;
  return -LOG_2PI - 0.5 * chol.logDet - 0.5 * (z1 * z1 + z2 * z2);
}

function requireCholesky(cov: Mat2): Cholesky2 {
  const chol = cholesky2(cov);
  if (!chol) throw new RangeError("The covariance is not positive definite.");
  return chol;
}

/** Mean log-likelihood (nats per point) of points under one Gaussian. */
export function gaussianMeanLogLikelihood(points: readonly Vec2[], g: Gaussian2): number {
  if (points.length === 0) throw new RangeError("No points to score.");
  const chol = requireCholesky(g.covariance);
  let sum = 0;
  for (const [x, y] of points) sum += gaussianLogPdf2(x, y, g.mean, chol);
  return sum / points.length;
}

/**
 * Maximum-likelihood Gaussian: the sample mean and the covariance divided by n (not n − 1). With
 * divisor "n-1" the covariance is the unbiased one instead (for comparison: it is not the MLE).
 */
export function fitGaussian2(points: readonly Vec2[], divisor: "n" | "n-1" = "n"): Gaussian2 {
  const n = points.length;
  if (n < 1) throw new RangeError("Need at least one point.");
  if (divisor === "n-1" && n < 2) throw new RangeError("The unbiased covariance needs at least two points.");
  let mx = 0;
  let my = 0;
  for (const [x, y] of points) {
    mx += x;
    my += y;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    const dx = x - mx;
    const dy = y - my;
    sxx += dx * dx;
    sxy += dx * dy;
    syy += dy * dy;
  }
  if (divisor === "n-1") {
    // Scaled from the 1/n sums exactly as the page always did, so both fits differ only by n / (n − 1).
    const s = n / (n - 1);
    return {
      mean: [mx, my],
      covariance: [
        [(sxx / n) * s, (sxy / n) * s],
        [(sxy / n) * s, (syy / n) * s],
      ],
    };
  }
  return {
    mean: [mx, my],
    covariance: [
      [sxx / n, sxy / n],
      [sxy / n, syy / n],
    ],
  };
}

/** One draw mean + L·z, z ~ N(0, I). */
export function drawGaussian2(mean: Vec2, chol: Cholesky2, rng: Rng): [number, number] {
  const z1 = gaussian(rng);
  const z2 = gaussian(rng);
  return [mean[0] + chol.l11 * z1, mean[1] + chol.l21 * z1 + chol.l22 * z2];
}

/** n seeded draws from one Gaussian. */
export function sampleGaussian2(g: Gaussian2, n: number, rng: Rng): [number, number][] {
  const chol = requireCholesky(g.covariance);
  return Array.from({ length: n }, () => drawGaussian2(g.mean, chol, rng));
}

/**
 * Points in the units of `reference`'s standard deviations from its mean, coordinate by coordinate:
 * the live class grid draws [−3, 3]², where penguins in millimetres would all fall outside.
 */
export function standardise2(points: readonly Vec2[], reference: readonly Vec2[]): [number, number][] {
  const { mean, covariance } = fitGaussian2(reference);
  const sx = Math.sqrt(covariance[0][0]) || 1;
  const sy = Math.sqrt(covariance[1][1]) || 1;
  return points.map(([x, y]) => [(x - mean[0]) / sx, (y - mean[1]) / sy]);
}
