/**
 * Finite Markov chains in the lecture's convention: a COLUMN-stochastic matrix P acts on a
 * probability column vector, x_{t+1} = P x_t, so P[i][j] = P(next = i | now = j).
 * The stationary distribution solves π = Pπ with Σπ = 1 (lecture "Monte Carlo Markov chain";
 * errata 3: for the lecture's P, π = (4/51, 40/51, 7/51)).
 */
import type { SteppedTrainer } from "../train/loop";
import { l1Distance } from "./discrete";

export type Matrix = readonly (readonly number[])[];

/** The lecture's 3-state chain; each column sums to 1. */
export const LECTURE_CHAIN: Matrix = [
  [0, 0.1, 0],
  [0.3, 0.9, 0.4],
  [0.7, 0, 0.6],
];

/** y = P x. */
export function applyChain(P: Matrix, x: ArrayLike<number>): number[] {
  return P.map((row) => row.reduce((s, pij, j) => s + pij * x[j], 0));
}

/** x_t = P^t x_0 by repeated multiplication (the "power iteration" a student runs). */
export function powerIteration(P: Matrix, x0: ArrayLike<number>, iterations: number): number[] {
  let x = Array.from(x0);
  for (let t = 0; t < iterations; t++) x = applyChain(P, x);
  return x;
}

/** One power-iteration step's numbers: the L1 change ‖x_t − x_{t−1}‖₁ and each probability, p1 … pn. */
export type PowerIterationLosses = { change: number } & Record<string, number>;

/** What exportState returns: x_t and x_{t−1} after t multiplications. */
export interface PowerIterationState {
  iteration: number;
  x: number[];
  /** x_{t−1}; null at t = 0. */
  previous: number[] | null;
}

/**
 * x ← P x as a SteppedTrainer, one multiplication per step (the browser's markov-chain page): after
 * t steps `distribution` is powerIteration(P, x0, t). Its losses are the change the last step made
 * and the probabilities themselves. It keeps x_0 … x_t for the first `historyLimit` steps so a page
 * can draw every step of the approach to π (the training loop sees only one step per frame).
 */
export class PowerIteration implements SteppedTrainer<PowerIterationLosses> {
  private t = 0;
  private x: number[];
  private previous: number[] | null = null;
  private readonly kept: number[][];

  constructor(
    readonly P: Matrix,
    readonly x0: readonly number[],
    readonly historyLimit = 1000,
  ) {
    if (x0.length !== P.length || P.some((row) => row.length !== P.length))
      throw new RangeError(`P must be ${x0.length} × ${x0.length} for a start of ${x0.length} states.`);
    if (!x0.every((v) => Number.isFinite(v) && v >= 0)) throw new RangeError("The start must be non-negative probabilities.");
    this.x = Array.from(x0);
    this.kept = [this.x];
  }

  get iteration(): number {
    return this.t;
  }

  /** x_t. */
  get distribution(): readonly number[] {
    return this.x;
  }

  /** ‖x_t − x_{t−1}‖₁ (null at t = 0). */
  get change(): number | null {
    return this.previous ? l1Distance(this.x, this.previous) : null;
  }

  /** x_0, x_1, … up to x_min(t, historyLimit). */
  get history(): readonly (readonly number[])[] {
    return this.kept;
  }

  step(n = 1): void {
    for (let i = 0; i < n; i++) {
      this.previous = this.x;
      this.x = applyChain(this.P, this.x);
      this.t++;
      if (this.t <= this.historyLimit) this.kept.push(this.x);
    }
  }

  async losses(): Promise<PowerIterationLosses> {
    const probabilities = Object.fromEntries(this.x.map((v, i) => [`p${i + 1}`, v]));
    return { change: this.change ?? NaN, ...probabilities };
  }

  dispose(): void {}

  async exportState(): Promise<PowerIterationState> {
    return { iteration: this.t, x: this.x.slice(), previous: this.previous?.slice() ?? null };
  }

  /**
   * Restores exportState()'s output, checked first (it comes back from storage). The drawn history is
   * recomputed from x_0, so it is the very one an uninterrupted run would have drawn.
   */
  importState(state: unknown): void {
    const s = state as Partial<PowerIterationState> | null;
    const n = this.P.length;
    const isDistribution = (v: unknown): v is number[] =>
      Array.isArray(v) && v.length === n && v.every((p) => typeof p === "number" && Number.isFinite(p) && p >= 0);
    if (!s || typeof s !== "object") throw new Error("The saved chain is not an object.");
    if (!Number.isSafeInteger(s.iteration) || s.iteration! < 0)
      throw new Error(`The saved chain's step count must be a whole number ≥ 0, got ${JSON.stringify(s.iteration)}.`);
    if (!isDistribution(s.x)) throw new Error(`The saved distribution is not ${n} non-negative numbers.`);
    if (s.iteration === 0 ? s.previous !== null : !isDistribution(s.previous))
      throw new Error(`The saved previous distribution must be ${n} non-negative numbers (null before the first step).`);
    const replay = new PowerIteration(this.P, this.x0, this.historyLimit);
    replay.step(Math.min(s.iteration!, this.historyLimit));
    this.kept.splice(0, this.kept.length, ...replay.kept);
    this.t = s.iteration!;
    this.x = s.x.slice();
    this.previous = s.previous ? s.previous.slice() : null;
  }
}

/**
 * The stationary distribution by a direct linear solve: (P − I)π = 0 has rank n − 1 for an
 * irreducible chain, so one of its equations is redundant; replacing the last with Σπ = 1 gives
 * a nonsingular system, solved by Gaussian elimination with partial pivoting.
 */
export function stationaryDistribution(P: Matrix): number[] {
  const n = P.length;
  const a = P.map((row, i) => [...row.map((v, j) => v - (i === j ? 1 : 0)), 0]);
  a[n - 1] = [...new Array<number>(n).fill(1), 1];
  return solveAugmented(a);
}

/** Solves A x = c for an n × (n+1) augmented matrix [A | c] (modified in place). */
function solveAugmented(a: number[][]): number[] {
  const n = a.length;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) throw new RangeError("singular system: the chain is not irreducible");
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let c = r + 1; c < n; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}
