/**
 * 1-D non-parametric density estimates (histogram, K nearest neighbours) and a numeric integrator,
 * used to show that histograms and Parzen windows integrate to one while the KNN estimate does not.
 * The Parzen (Gaussian kernel) density itself lives in ./kde.ts.
 */

export interface Histogram {
  /** Left edge of bin 0. */
  origin: number;
  binWidth: number;
  counts: number[];
  n: number;
}

/** Bins of width w anchored at a multiple of w, covering all of `data`. */
export function buildHistogram(data: ArrayLike<number>, binWidth: number): Histogram {
  const n = data.length;
  if (n === 0) throw new RangeError("The histogram needs at least one point.");
  if (!(binWidth > 0) || !Number.isFinite(binWidth)) throw new RangeError("The bin width must be a positive finite number.");
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    min = Math.min(min, data[i]);
    max = Math.max(max, data[i]);
  }
  const origin = Math.floor(min / binWidth) * binWidth;
  const bins = Math.max(1, Math.floor((max - origin) / binWidth) + 1);
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) counts[Math.min(bins - 1, Math.floor((data[i] - origin) / binWidth))]++;
  return { origin, binWidth, counts, n };
}

/** p(x) = (count in x's bin) / (N · w); 0 outside the bins. */
export function histogramDensity(h: Histogram, x: number): number {
  const b = Math.floor((x - h.origin) / h.binWidth);
  if (b < 0 || b >= h.counts.length) return 0;
  return h.counts[b] / (h.n * h.binWidth);
}

/** Exact ∫_a^b of the histogram density (piecewise constant, so no quadrature is needed). */
export function histogramIntegral(h: Histogram, a: number, b: number): number {
  let s = 0;
  for (let k = 0; k < h.counts.length; k++) {
    const lo = h.origin + k * h.binWidth;
    const overlap = Math.max(0, Math.min(b, lo + h.binWidth) - Math.max(a, lo));
    s += (h.counts[k] / (h.n * h.binWidth)) * overlap;
  }
  return s;
}

/** Distance from x to its k-th nearest point in an ascending-sorted array (k ≥ 1). O(log N + k). */
export function kthNeighbourDistance(sorted: ArrayLike<number>, x: number, k: number): number {
  const n = sorted.length;
  if (!(k >= 1 && k <= n && Number.isInteger(k))) throw new RangeError("k must be an integer in [1, N].");
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  let left = lo - 1;
  let right = lo;
  let d = 0;
  for (let taken = 0; taken < k; taken++) {
    const dl = left >= 0 ? x - sorted[left] : Infinity;
    const dr = right < n ? sorted[right] - x : Infinity;
    if (dl <= dr) {
      d = dl;
      left--;
    } else {
      d = dr;
      right++;
    }
  }
  return d;
}

/** KNN density in 1-D: p(x) = K / (N · V(x)) with V(x) = 2 r_K(x). Infinite where r_K(x) = 0. */
export function knnDensity(sorted: ArrayLike<number>, x: number, k: number): number {
  return k / (sorted.length * 2 * kthNeighbourDistance(sorted, x, k));
}

/** Composite midpoint rule for ∫_a^b f with `steps` equal sub-intervals (never evaluates f at a or b). */
export function integrateMidpoint(f: (x: number) => number, a: number, b: number, steps: number): number {
  const h = (b - a) / steps;
  let s = 0;
  for (let i = 0; i < steps; i++) s += f(a + (i + 0.5) * h);
  return s * h;
}

/** The largest number of identical values in `data` (K must exceed it, or the KNN estimate has infinite spikes). */
export function maxMultiplicity(sorted: ArrayLike<number>): number {
  let best = 0;
  let run = 0;
  for (let i = 0; i < sorted.length; i++) {
    run = i > 0 && sorted[i] === sorted[i - 1] ? run + 1 : 1;
    best = Math.max(best, run);
  }
  return best;
}
