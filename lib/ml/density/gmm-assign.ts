/**
 * Reading a fitted 2-D Gaussian mixture (gmm.ts) as a clustering: each point goes to the component
 * of largest posterior probability P(k | x) ∝ w_k N(x | μ_k, Σ_k) (Bishop 2006, "Pattern
 * Recognition and Machine Learning", §9.2, eq. 9.13), and the groups are compared with labels the
 * fit never saw, under the best one-to-one renaming of groups to classes.
 */
import { cholesky2, gaussianLogPdf2, type Vec2 } from "./gaussian";
import type { Gmm2 } from "./gmm";

/** For each point, the index of the component with the largest w_k N(x | μ_k, Σ_k) (the lowest index on a tie). */
export function gmmAssignments(points: readonly Vec2[], model: Gmm2): number[] {
  const chols = model.covariances.map((cov, k) => {
    const chol = cholesky2(cov);
    if (!chol) throw new RangeError(`Covariance ${k + 1} is not positive definite.`);
    return chol;
  });
  return points.map(([x, y]) => {
    let best = 0;
    let bestScore = -Infinity;
    model.weights.forEach((w, k) => {
      const score = Math.log(w) + gaussianLogPdf2(x, y, model.means[k], chols[k]);
      if (score > bestScore) {
        bestScore = score;
        best = k;
      }
    });
    return best;
  });
}

/** Every ordering of 0 … n − 1. */
function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, at) => [...p.slice(0, at), n - 1, ...p.slice(at)]));
}

/**
 * The share of points whose group, renamed by the best one-to-one map from groups to classes, equals
 * their label: 1 when the clustering reproduces the classes exactly (whatever it calls them). Groups
 * and classes are numbered 0 … count − 1; at most 7 of them (7! renamings).
 */
export function bestMatchAgreement(assignments: readonly number[], labels: readonly number[], count: number): number {
  if (assignments.length !== labels.length || labels.length === 0) throw new RangeError("Expected one label per assignment, and at least one.");
  if (!Number.isInteger(count) || count < 1 || count > 7) throw new RangeError(`count must be a whole number in [1, 7], got ${count}.`);
  const table = Array.from({ length: count }, () => new Array<number>(count).fill(0));
  assignments.forEach((group, i) => {
    const label = labels[i];
    if (!(group >= 0 && group < count && label >= 0 && label < count)) throw new RangeError(`Group ${group} or label ${label} is out of range.`);
    table[group][label]++;
  });
  let best = 0;
  for (const renaming of permutations(count))
    best = Math.max(
      best,
      renaming.reduce((s, label, group) => s + table[group][label], 0),
    );
  return best / labels.length;
}
