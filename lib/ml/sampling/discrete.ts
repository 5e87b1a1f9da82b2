/**
 * Distances between discrete distributions given as arrays over the same ordered states.
 * Natural logarithms throughout (KL in nats).
 */

/** Σ_i |a_i − b_i|. */
export function l1Distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assertSameLength(a, b);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i] - b[i]);
  return s;
}

/** Total variation ½ Σ_i |q_i − p_i|, in [0, 1] for probability vectors. */
export function tvDistance(q: ArrayLike<number>, p: ArrayLike<number>): number {
  return 0.5 * l1Distance(q, p);
}

/**
 * KL(q ‖ p) = Σ_{i: q_i > 0} q_i ln(q_i / p_i) (0 ln 0 = 0). Infinite when q puts mass where p has none.
 * With q an empirical distribution it is ≥ 0 and 0 only when the frequencies equal p exactly.
 */
export function klDivergence(q: ArrayLike<number>, p: ArrayLike<number>): number {
  assertSameLength(q, p);
  let s = 0;
  for (let i = 0; i < q.length; i++) {
    if (q[i] > 0) s += p[i] > 0 ? q[i] * Math.log(q[i] / p[i]) : Infinity;
  }
  return s;
}

/** Counts → frequencies (counts / total). */
export function normalize(counts: ArrayLike<number>): Float64Array {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (!(total > 0)) throw new RangeError("counts must have a positive total");
  return Float64Array.from(counts, (c) => c / total);
}

function assertSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new RangeError(`length mismatch: ${a.length} vs ${b.length}`);
}
