/**
 * Finite Markov chains in the lecture's convention: a COLUMN-stochastic matrix P acts on a
 * probability column vector, x_{t+1} = P x_t, so P[i][j] = P(next = i | now = j).
 * The stationary distribution solves π = Pπ with Σπ = 1 (lecture "Monte Carlo Markov chain";
 * errata 3: for the lecture's P, π = (4/51, 40/51, 7/51)).
 */

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
