/**
 * Reading one probabilistic PCA fit (ppca.ts) at every smaller latent dimension, for a page that
 * lets students vary q without refitting. The maximum-likelihood solution for q uses the top q
 * eigenpairs of S (Tipping & Bishop 1999, eq. 7–8), so a fit with q_max latent dimensions already
 * holds the one for every q ≤ q_max: column j of W is u_j √(λ_j − σ²), so u_j = W_j / √(λ_j − σ²),
 * and σ²(q) = (tr S − Σ_{j≤q} λ_j) / (d − q).
 */
import type { PpcaModel } from "./ppca";

/** The ML PPCA with q latent dimensions, 1 ≤ q ≤ model.q, from a fit with model.q (same μ, same principal directions). */
export function truncatePpca(model: PpcaModel, q: number): PpcaModel {
  const { d, q: qMax, W, sigma2, eigenvalues, totalVariance } = model;
  if (!Number.isInteger(q) || q < 1 || q > qMax) throw new RangeError(`q must be a whole number in [1, ${qMax}], got ${q}.`);
  const kept = eigenvalues.slice(0, q);
  const newSigma2 = (totalVariance - kept.reduce((a, b) => a + b, 0)) / (d - q);
  const newW = new Float64Array(d * q);
  for (let j = 0; j < q; j++) {
    const old = Math.sqrt(eigenvalues[j] - sigma2);
    if (!(old > 1e-12 * Math.sqrt(eigenvalues[0]))) throw new RangeError(`Direction ${j + 1} has λ = σ²: its eigenvector cannot be read back from W.`);
    const scale = Math.sqrt(Math.max(kept[j] - newSigma2, 0)) / old;
    for (let i = 0; i < d; i++) newW[i * q + j] = W[i * qMax + j] * scale;
  }
  return { d, q, mean: model.mean, W: newW, sigma2: newSigma2, eigenvalues: kept, totalVariance };
}

/** Σ_{j≤q} λ_j / tr S: the share of the data's variance along the model's q principal directions. */
export function explainedVarianceShare(model: Pick<PpcaModel, "eigenvalues" | "totalVariance">): number {
  return model.eigenvalues.reduce((a, b) => a + b, 0) / model.totalVariance;
}

/**
 * How the k codes nearest to z (Euclidean, in the latent space) are labelled: [label, count] pairs,
 * most frequent first (smaller label first on a tie). codes is n × dim row-major, z has dim values.
 */
export function nearestLabelCounts(codes: ArrayLike<number>, labels: ArrayLike<number>, z: readonly number[], k: number): [label: number, count: number][] {
  const dim = z.length;
  const n = labels.length;
  if (dim < 1 || codes.length !== n * dim) throw new RangeError(`Expected ${n} codes of ${dim} values, got ${codes.length} values.`);
  const distances = Array.from({ length: n }, (_, i) => {
    let s = 0;
    for (let a = 0; a < dim; a++) s += (codes[i * dim + a] - z[a]) ** 2;
    return { i, s };
  }).sort((p, q) => p.s - q.s || p.i - q.i);
  const counts = new Map<number, number>();
  for (const { i } of distances.slice(0, Math.max(0, k))) counts.set(labels[i], (counts.get(labels[i]) ?? 0) + 1);
  return [...counts].sort((p, q) => q[1] - p[1] || p[0] - q[0]);
}
