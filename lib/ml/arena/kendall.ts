/**
 * Kendall's rank correlation τ-b (Kendall 1945, "The treatment of ties in ranking problems", Biometrika 33(3)):
 *   τ_b = (C − D) / √((n₀ − n_x)(n₀ − n_y)),
 * with C and D the concordant and discordant pairs, n₀ = n(n − 1)/2 and n_x, n_y the pairs tied in x and in y. It is the
 * τ of scipy.stats.kendalltau's default. Used to compare arena ratings with a known or reference ranking.
 * O(n²) over all pairs: fine for the arena's sizes (n ≤ 1000, half a million pairs).
 */

/** τ-b of two equally long sequences; NaN when there are fewer than 2 values or either side is constant (0/0). */
export function kendallTauB(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`kendallTauB: lengths differ (${n} and ${y.length})`);
  let concordantMinusDiscordant = 0;
  let untiedInX = 0;
  let untiedInY = 0;
  for (let i = 1; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const signX = Math.sign(x[i] - x[j]);
      const signY = Math.sign(y[i] - y[j]);
      concordantMinusDiscordant += signX * signY;
      untiedInX += signX * signX;
      untiedInY += signY * signY;
    }
  }
  if (untiedInX === 0 || untiedInY === 0) return NaN;
  return concordantMinusDiscordant / Math.sqrt(untiedInX * untiedInY);
}
