/**
 * A fully visible Boltzmann machine on units x_i ∈ {−1, +1} (lecture "Fully visible BM", with
 * errata 6 and 7): one term per pair,
 *   E(x) = −Σ_{i<j} W_ij x_i x_j − bᵀx,   H(x) = −E(x),   p(x) = exp(H(x)) / Z,   Z = Σ_x exp(H(x)).
 * For the lecture's machine (W12 = −1, W13 = −1, W23 = 2, b2 = 1) Z ≈ 172.420 and the row
 * x = (−1, 1, −1) has H = −1 and p ≈ 0.0021, as in the errata.
 *
 * Gibbs conditional for ±1 units: with a_i = Σ_{j≠i} W_ij x_j + b_i, the terms of H that involve
 * x_i are x_i·a_i, so p(x_i = +1 | x_−i) = e^{a_i} / (e^{a_i} + e^{−a_i}) = σ(2 a_i).
 */
import type { Rng } from "../random";

export interface BoltzmannMachine {
  /** Symmetric couplings with zero diagonal; W[i][j] = W[j][i] = W_ij. */
  W: readonly (readonly number[])[];
  b: readonly number[];
}

export const LECTURE_BM: BoltzmannMachine = {
  W: [
    [0, -1, -1],
    [-1, 0, 2],
    [-1, 2, 0],
  ],
  b: [0, 1, 0],
};

/** E(x) = −Σ_{i<j} W_ij x_i x_j − bᵀx. */
export function energy(bm: BoltzmannMachine, x: ArrayLike<number>): number {
  let e = 0;
  for (let i = 0; i < bm.b.length; i++) {
    e -= bm.b[i] * x[i];
    for (let j = i + 1; j < bm.b.length; j++) e -= bm.W[i][j] * x[i] * x[j];
  }
  return e;
}

/**
 * All 2ⁿ states in the lecture table's order: x1 varies slowest, −1 before +1, so the state with
 * bits (k_1 … k_n) (k_i = 1 for +1) sits at index Σ k_i 2^{n−i}.
 */
export function allStates(n: number): number[][] {
  return Array.from({ length: 2 ** n }, (_, k) => Array.from({ length: n }, (_, i) => ((k >> (n - 1 - i)) & 1 ? 1 : -1)));
}

/** Index of a ±1 state in allStates order. */
export function stateIndex(x: ArrayLike<number>): number {
  let k = 0;
  for (let i = 0; i < x.length; i++) k = 2 * k + (x[i] > 0 ? 1 : 0);
  return k;
}

export interface ExactTable {
  states: number[][];
  /** H(x) = −E(x) per state. */
  h: number[];
  Z: number;
  /** p(x) per state; sums to 1. */
  p: number[];
}

/** Exact distribution by enumerating all 2ⁿ states (fine for small n). */
export function exactDistribution(bm: BoltzmannMachine): ExactTable {
  const states = allStates(bm.b.length);
  const h = states.map((x) => -energy(bm, x));
  const weights = h.map(Math.exp);
  const Z = weights.reduce((s, w) => s + w, 0);
  return { states, h, Z, p: weights.map((w) => w / Z) };
}

/** p(x_i = +1 | all other units) = σ(2(Σ_{j≠i} W_ij x_j + b_i)); x_i's own value is ignored. */
export function conditionalPlusOne(bm: BoltzmannMachine, x: ArrayLike<number>, i: number): number {
  let a = bm.b[i];
  for (let j = 0; j < bm.b.length; j++) if (j !== i) a += bm.W[i][j] * x[j];
  return 1 / (1 + Math.exp(-2 * a));
}

export interface GibbsOptions {
  /** States to return. */
  samples: number;
  /** Sweeps discarded first. */
  burnIn: number;
  /** Sweeps between kept states (1 keeps every sweep). */
  thin: number;
  /** Initial state; all −1 by default. */
  start?: readonly number[];
}

/**
 * Systematic-scan Gibbs sampling (lecture "Gibbs sampling"): one sweep resamples x_1, …, x_n in
 * order, each from its conditional given the current others. Returns the kept states
 * interleaved [x_1, …, x_n, x_1, …] as ±1 integers.
 */
export function gibbsSample(bm: BoltzmannMachine, options: GibbsOptions, rng: Rng): Int8Array {
  const n = bm.b.length;
  const { samples, burnIn, thin } = options;
  const x = Array.from(options.start ?? new Array<number>(n).fill(-1));
  const out = new Int8Array(n * samples);
  const sweeps = burnIn + samples * thin;
  for (let t = 1; t <= sweeps; t++) {
    for (let i = 0; i < n; i++) x[i] = rng() < conditionalPlusOne(bm, x, i) ? 1 : -1;
    const kept = t - burnIn;
    if (kept > 0 && kept % thin === 0) out.set(x, n * (kept / thin - 1));
  }
  return out;
}

/** Histogram of interleaved ±1 states over allStates order. */
export function stateCounts(samples: ArrayLike<number>, n: number): number[] {
  const counts = new Array<number>(2 ** n).fill(0);
  for (let s = 0; s + n <= samples.length; s += n) {
    let k = 0;
    for (let i = 0; i < n; i++) k = 2 * k + (samples[s + i] > 0 ? 1 : 0);
    counts[k]++;
  }
  return counts;
}
