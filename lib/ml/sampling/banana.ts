/**
 * A 2-D "banana": the twisted Gaussian of Haario, Saksman & Tamminen (1999, "Adaptive proposal
 * distribution for random walk Metropolis algorithm", Comput. Stat. 14: 375–395), in 2-D, rescaled
 * and mirrored so that it opens upward:
 *   x ~ N(0, σx²),   y | x ~ N(b·(x² − σx²), σy²).
 * The map (x, y) ↦ (x, y − b(x² − σx²)) has unit Jacobian and sends it to N(0, diag(σx², σy²)),
 * so the density is exact and normalised, and exact samples come from two Gaussians.
 * Moments: E x = E y = 0, Var x = σx², Var y = 2b²σx⁴ + σy² (= 9 for the parameters below).
 * Also: a random-walk Metropolis–Hastings sampler for any 2-D log-density (the browser's reference),
 * and the exercise's MMD² score against a fixed exact reference sample (BANANA_MMD).
 */
import { mmd2Unbiased } from "../metrics/ring";
import { gaussian, mulberry32, type Rng } from "../random";

export const BANANA = { sigmaX: 2, curvature: 0.5, sigmaY: 1 } as const;

/** log p(x, y), normalised. */
export function bananaLogDensity(x: number, y: number): number {
  const { sigmaX, curvature, sigmaY } = BANANA;
  const u = x / sigmaX;
  const v = (y - curvature * (x * x - sigmaX * sigmaX)) / sigmaY;
  return -0.5 * (u * u + v * v) - Math.log(2 * Math.PI * sigmaX * sigmaY);
}

/** n exact, independent samples, interleaved [x0, y0, x1, y1, …]. */
export function sampleBanana(n: number, rng: Rng): Float64Array {
  const { sigmaX, curvature, sigmaY } = BANANA;
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    const x = sigmaX * gaussian(rng);
    out[2 * i] = x;
    out[2 * i + 1] = curvature * (x * x - sigmaX * sigmaX) + sigmaY * gaussian(rng);
  }
  return out;
}

export interface MetropolisOptions {
  /** Samples to return. */
  samples: number;
  /** Standard deviation of the isotropic Gaussian random-walk proposal. */
  proposalStd: number;
  /** Steps discarded before the first kept sample. */
  burnIn: number;
  /** Keep every `thin`-th state after burn-in (1 keeps all). */
  thin: number;
  /** Initial state; the origin by default. */
  start?: readonly [number, number];
}

export interface MetropolisResult {
  /** Kept states, interleaved [x0, y0, …]. */
  samples: Float64Array;
  /** Accepted / proposed, over every step including burn-in. */
  acceptanceRate: number;
}

/** Where a Metropolis–Hastings chain stands: its state and the log-density there. */
export interface MetropolisState {
  x: number;
  y: number;
  logP: number;
}

/**
 * One random-walk Metropolis–Hastings step (Metropolis et al. 1953; Hastings 1970): propose
 * z' = z + s·ε, ε ~ N(0, I); the proposal is symmetric, so accept with probability
 * min(1, p(z')/p(z)), i.e. when ln u < ln p(z') − ln p(z) for u ~ U(0, 1]. Moves `state` when it
 * accepts and says whether it did. It always draws exactly METROPOLIS_DRAWS_PER_STEP numbers from rng.
 */
export function metropolisStep(state: MetropolisState, logDensity: (x: number, y: number) => number, proposalStd: number, rng: Rng): boolean {
  const px = state.x + proposalStd * gaussian(rng);
  const py = state.y + proposalStd * gaussian(rng);
  const logQ = logDensity(px, py);
  if (Math.log(1 - rng()) < logQ - state.logP) {
    state.x = px;
    state.y = py;
    state.logP = logQ;
    return true;
  }
  return false;
}

/** Two gaussian() draws of two numbers each, and the uniform of the accept test: a resumed chain jumps its stream by this much per step. */
export const METROPOLIS_DRAWS_PER_STEP = 5;

/**
 * Random-walk Metropolis–Hastings (metropolisStep) run to its end. A rejected step repeats the
 * current state (it is NOT skipped: skipping would bias the chain). sampling/metropolis-chain.ts
 * runs the same chain step by step in the browser.
 */
export function metropolisHastings2d(logDensity: (x: number, y: number) => number, options: MetropolisOptions, rng: Rng): MetropolisResult {
  const { samples, proposalStd, burnIn, thin } = options;
  const [x, y] = options.start ?? [0, 0];
  const state: MetropolisState = { x, y, logP: logDensity(x, y) };
  const out = new Float64Array(2 * samples);
  const steps = burnIn + samples * thin;
  let accepted = 0;
  for (let t = 1; t <= steps; t++) {
    if (metropolisStep(state, logDensity, proposalStd, rng)) accepted++;
    const kept = t - burnIn;
    if (kept > 0 && kept % thin === 0) {
      const i = kept / thin - 1;
      out[2 * i] = state.x;
      out[2 * i + 1] = state.y;
    }
  }
  return { samples: out, acceptanceRate: steps > 0 ? accepted / steps : 0 };
}

/**
 * How a submission is compared with the banana (unbiased MMD², Gretton et al. 2012, eq. 3, via
 * mmd2Unbiased): every `stride`-th submitted point (5,000 / 5 = 1,000 points; MCMC output is
 * autocorrelated anyway) against a fixed 1,000-point exact reference. Full 5,000 × 5,000 sums
 * would cost ~25M kernel pairs; this costs ~2M (tens of ms).
 * Bandwidths h (kernel Σ_h exp(−|a − b|²/(2h²))): 0.5 resolves the banana's ~1-wide arms,
 * 1 its bend, 2 its overall extent (std 2 in x, 3 in y); they are a factor 2 apart, so the
 * exponents are a factor 4 apart and mmd2Unbiased's fast chained-exponential path applies.
 */
export const BANANA_MMD = {
  bandwidths: [0.5, 1, 2] as readonly number[],
  referenceSeed: 20_250_301,
  referenceSize: 1000,
  stride: 5,
} as const;

let reference: Float64Array | undefined;

/** The fixed exact reference sample (built once, then cached). */
export function bananaReference(): Float64Array {
  reference ??= sampleBanana(BANANA_MMD.referenceSize, mulberry32(BANANA_MMD.referenceSeed));
  return reference;
}

/** Points 0, stride, 2·stride, … of interleaved 2-D points. */
export function everyNth(points: ArrayLike<number>, stride: number): Float64Array {
  const n = Math.ceil(points.length / 2 / stride);
  const out = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    out[2 * i] = points[2 * i * stride];
    out[2 * i + 1] = points[2 * i * stride + 1];
  }
  return out;
}

/** MMD² of interleaved [x0, y0, …] samples against the banana (see BANANA_MMD). */
export function bananaMmd2(points: ArrayLike<number>): number {
  return mmd2Unbiased(everyNth(points, BANANA_MMD.stride), bananaReference(), BANANA_MMD.bandwidths);
}
