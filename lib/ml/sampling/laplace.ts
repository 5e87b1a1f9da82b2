/**
 * The Laplace (double-exponential) distribution and its inverse-CDF sampler.
 * Density p(x) = exp(−|x − μ|/s) / (2s); location μ, scale s > 0 (variance 2s²).
 * Reference: inverse transform sampling, e.g. Devroye, "Non-Uniform Random Variate Generation"
 * (1986), §II.2; the Laplace quantile function is in any table of distributions.
 */
import type { Rng } from "../random";

/** F(x) = ½ e^{(x−μ)/s} for x < μ, and 1 − ½ e^{−(x−μ)/s} for x ≥ μ. */
export function laplaceCdf(x: number, location = 0, scale = 1): number {
  const z = (x - location) / scale;
  return z < 0 ? 0.5 * Math.exp(z) : 1 - 0.5 * Math.exp(-z);
}

/**
 * F⁻¹(u) = μ − s·sign(u − ½)·ln(1 − 2|u − ½|) for u in (0, 1).
 * u = 0 and u = 1 map to ∓∞: feed it uniformOpen, not a raw rng() (which can return 0).
 */
export function laplaceInverseCdf(u: number, location = 0, scale = 1): number {
  const d = u - 0.5;
  // −ln(1 − 2|d|) is ≥ 0; the sign of d picks the side. log1p keeps precision near u = ½.
  const magnitude = -Math.log1p(-2 * Math.abs(d));
  return location + scale * (d < 0 ? -magnitude : magnitude);
}

/**
 * A uniform on the OPEN interval (0, 1): mulberry32 returns k/2³², k = 0 … 2³² − 1, and the half
 * step 2⁻³³ moves it off 0 without reaching 1, so every inverse CDF stays finite (Laplace: |x| ≤ 32 ln 2 ≈ 22.2).
 */
export function uniformOpen(rng: Rng): number {
  return rng() + 2 ** -33;
}

/** n independent Laplace(μ, s) draws, each from ONE uniform through F⁻¹. */
export function sampleLaplace(n: number, rng: Rng, location = 0, scale = 1): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = laplaceInverseCdf(uniformOpen(rng), location, scale);
  return out;
}
