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

/** H(x) = −E(x) split into its terms: W_ij x_i x_j for each pair i < j, in the order (1, 2), (1, 3), …, (2, 3), …, and bᵀx. */
export function energyTerms(bm: BoltzmannMachine, x: ArrayLike<number>): { pairTerms: number[]; biasTerm: number } {
  const pairTerms: number[] = [];
  let biasTerm = 0;
  for (let i = 0; i < bm.b.length; i++) {
    biasTerm += bm.b[i] * x[i];
    for (let j = i + 1; j < bm.b.length; j++) pairTerms.push(bm.W[i][j] * x[i] * x[j]);
  }
  return { pairTerms, biasTerm };
}

/** E(x) = −Σ_{i<j} W_ij x_i x_j − bᵀx. */
export function energy(bm: BoltzmannMachine, x: ArrayLike<number>): number {
  const { pairTerms, biasTerm } = energyTerms(bm, x);
  return -pairTerms.reduce((s, t) => s + t, biasTerm);
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

/** One row of the table of all states (lecture "Fully visible BM", errata 7). */
export interface BoltzmannRow {
  x: number[];
  /** W_ij x_i x_j for each pair i < j, in energyTerms order. */
  pairTerms: number[];
  /** bᵀx. */
  biasTerm: number;
  /** H(x) = −E(x): the sum of the terms. */
  h: number;
  /** exp(H(x)): Infinity once H passes ~709. */
  expH: number;
  /** p(x) = exp(H(x)) / Z. */
  p: number;
}

/**
 * Every state with its terms, H(x), exp(H(x)) and p(x), in allStates order, and Z = Σ_x exp(H(x)):
 * the one implementation behind the module's worked table, its editable widget and the exercises.
 * Enumerates all 2ⁿ states (fine for small n).
 */
export function boltzmannTable(bm: BoltzmannMachine): { rows: BoltzmannRow[]; Z: number } {
  const rows = allStates(bm.b.length).map((x): BoltzmannRow => {
    const { pairTerms, biasTerm } = energyTerms(bm, x);
    const h = pairTerms.reduce((s, t) => s + t, biasTerm);
    return { x, pairTerms, biasTerm, h, expH: Math.exp(h), p: 0 };
  });
  const Z = rows.reduce((s, r) => s + r.expH, 0);
  // p through exp(H − max H), so that it stays exact where exp(H) alone would overflow (the widget lets weights reach ±100).
  const hMax = Math.max(...rows.map((r) => r.h));
  const shifted = rows.reduce((s, r) => s + Math.exp(r.h - hMax), 0);
  for (const r of rows) r.p = Math.exp(r.h - hMax) / shifted;
  return { rows, Z };
}

export interface ExactTable {
  states: number[][];
  /** H(x) = −E(x) per state. */
  h: number[];
  Z: number;
  /** p(x) per state; sums to 1. */
  p: number[];
}

/** Exact distribution by enumerating all 2ⁿ states (boltzmannTable's columns). */
export function exactDistribution(bm: BoltzmannMachine): ExactTable {
  const { rows, Z } = boltzmannTable(bm);
  return { states: rows.map((r) => r.x), h: rows.map((r) => r.h), Z, p: rows.map((r) => r.p) };
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
    gibbsSweep(bm, x, rng);
    const kept = t - burnIn;
    if (kept > 0 && kept % thin === 0) out.set(x, n * (kept / thin - 1));
  }
  return out;
}

/** One systematic sweep in place: x_1, …, x_n in order, each from its conditional; exactly n draws of `rng`. */
export function gibbsSweep(bm: BoltzmannMachine, x: number[], rng: Rng): void {
  for (let i = 0; i < x.length; i++) x[i] = rng() < conditionalPlusOne(bm, x, i) ? 1 : -1;
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
