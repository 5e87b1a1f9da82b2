/**
 * 1-D Parzen window with a Gaussian kernel: p̂(x) = (1/n) Σᵢ N(x | xᵢ, h²).
 * Log-densities go through log-sum-exp, so tiny bandwidths give large negative numbers, not −∞.
 */
import { LOG_2PI, logSumExp } from "./logsumexp";

/** log p̂(x) for the KDE on `centres` with bandwidth h. */
export function kdeLogDensity(x: number, centres: ArrayLike<number>, h: number, scratch = new Float64Array(centres.length)): number {
  const n = centres.length;
  if (n === 0) throw new RangeError("The KDE needs at least one centre.");
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError("The bandwidth must be a positive finite number.");
  for (let i = 0; i < n; i++) {
    const z = (x - centres[i]) / h;
    scratch[i] = -0.5 * z * z;
  }
  return logSumExp(scratch.subarray(0, n)) - Math.log(n) - Math.log(h) - 0.5 * LOG_2PI;
}

/** Mean log-likelihood (nats per point) of `points` under the KDE built on `centres`. */
export function kdeMeanLogLikelihood(centres: ArrayLike<number>, points: ArrayLike<number>, h: number): number {
  if (points.length === 0) throw new RangeError("No points to score.");
  const scratch = new Float64Array(centres.length);
  let sum = 0;
  for (let j = 0; j < points.length; j++) sum += kdeLogDensity(points[j], centres, h, scratch);
  return sum / points.length;
}

/**
 * Leave-one-out mean log-likelihood on the training data itself: each point is scored by the KDE of
 * the other n − 1. The browser can maximise this over h without touching any held-out data.
 */
export function kdeLeaveOneOutMeanLogLikelihood(data: ArrayLike<number>, h: number): number {
  const n = data.length;
  if (n < 2) throw new RangeError("Leave-one-out needs at least two points.");
  const others = new Float64Array(n - 1);
  const scratch = new Float64Array(n - 1);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let k = 0;
    for (let j = 0; j < n; j++) if (j !== i) others[k++] = data[j];
    sum += kdeLogDensity(data[i], others, h, scratch);
  }
  return sum / n;
}

/** Silverman's rule of thumb: h = 0.9 · min(σ̂, IQR/1.34) · n^(−1/5). */
export function silvermanBandwidth(data: ArrayLike<number>): number {
  const n = data.length;
  if (n < 2) throw new RangeError("Need at least two points.");
  const xs = Array.from(data).sort((a, b) => a - b);
  const mean = xs.reduce((s, v) => s + v, 0) / n;
  const sd = Math.sqrt(xs.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1));
  const q = (p: number) => {
    const pos = (n - 1) * p;
    const lo = Math.floor(pos);
    return xs[lo] + (xs[Math.min(lo + 1, n - 1)] - xs[lo]) * (pos - lo);
  };
  const iqr = q(0.75) - q(0.25);
  const spread = iqr > 0 ? Math.min(sd, iqr / 1.34) : sd;
  return 0.9 * spread * n ** -0.2;
}
