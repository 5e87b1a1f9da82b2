/**
 * One-sample Kolmogorov–Smirnov statistic D_n = sup_x |F_n(x) − F(x)| against a continuous CDF F.
 * Reference: e.g. Wasserman, "All of Nonparametric Statistics" (2006), §2.2; the sup is attained
 * at a sample point, just before or after the empirical CDF's jump there.
 */

/** D_n for the samples (any order; copied and sorted) against `cdf`. O(n log n). */
export function ksStatistic(samples: ArrayLike<number>, cdf: (x: number) => number): number {
  const n = samples.length;
  if (n === 0) throw new RangeError("the KS statistic needs at least one sample");
  const sorted = Float64Array.from(samples).sort(); // numeric sort for typed arrays
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]);
    // F_n jumps from i/n to (i+1)/n at sorted[i]; with ties the widest gap still shows up
    // (first tied index for the lower side, last for the upper side).
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  }
  return d;
}
