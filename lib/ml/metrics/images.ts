/**
 * Metrics of image submissions, computed from the digit evaluator's outputs (runtime.ts):
 *
 * - fid: Fréchet distance between Gaussians fitted to the evaluator's penultimate-layer features
 *   of the submitted images and of the test digits (Heusel et al. 2017, eq. 6):
 *     ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
 *   (the symmetric form of tr (Σ₁Σ₂)^½, computed with symmetric eigendecompositions in float64).
 * - classifierScore: exp(mean_i KL(p(y|x_i) ‖ p(y))) (the "Inception score" of Salimans et al.
 *   2016 with the digit evaluator): 1 when every image gets the same prediction, at most 10 when
 *   every image is classified confidently and the classes are used evenly.
 * - conditionalAccuracy: fraction of images the evaluator assigns to the label they were made for.
 * - intraClassFid: the mean over the classes c of the FID between the images labelled c and the
 *   reference images of class c (Miyato & Koyama 2018, "cGANs with projection discriminator"): it
 *   asks each label for digits of that class that look like that class's real digits, so noise
 *   labelled with the evaluator's own predictions (conditional accuracy 1) still scores badly.
 *
 * Pure float64 arithmetic: the browser and the server compute the same numbers from the same
 * evaluator outputs.
 */
import { symmetricEigen, symmetricSqrt } from "../linalg";

export interface FeatureStatistics {
  dim: number;
  mean: Float64Array;
  /** dim × dim, row-major, normalised by n − 1. */
  covariance: Float64Array;
}

/** Mean and covariance of n feature vectors (n × dim, row-major). */
export function featureStatistics(features: ArrayLike<number>, n: number, dim: number): FeatureStatistics {
  if (n < 2) throw new RangeError("Feature statistics need at least two images.");
  const mean = new Float64Array(dim);
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) mean[d] += features[i * dim + d];
  for (let d = 0; d < dim; d++) mean[d] /= n;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) centred[d] = features[i * dim + d] - mean[d];
    for (let a = 0; a < dim; a++) {
      const ca = centred[a];
      if (ca === 0) continue;
      for (let b = a; b < dim; b++) covariance[a * dim + b] += ca * centred[b];
    }
  }
  for (let a = 0; a < dim; a++)
    for (let b = a; b < dim; b++) {
      const v = covariance[a * dim + b] / (n - 1);
      covariance[a * dim + b] = v;
      covariance[b * dim + a] = v;
    }
  return { dim, mean, covariance };
}

function multiply(a: Float64Array, b: ArrayLike<number>, dim: number): Float64Array {
  const out = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++)
    for (let k = 0; k < dim; k++) {
      const aik = a[i * dim + k];
      if (aik === 0) continue;
      for (let j = 0; j < dim; j++) out[i * dim + j] += aik * b[k * dim + j];
    }
  return out;
}

/** Fréchet distance between N(μ₁, Σ₁) and N(μ₂, Σ₂). */
export function frechetDistance(x: FeatureStatistics, y: FeatureStatistics): number {
  const dim = x.dim;
  if (y.dim !== dim) throw new RangeError("Feature dimensions differ.");
  let meanTerm = 0;
  for (let d = 0; d < dim; d++) meanTerm += (x.mean[d] - y.mean[d]) ** 2;
  const root = symmetricSqrt(x.covariance, dim);
  const inner = multiply(multiply(root, y.covariance, dim), root, dim);
  // Symmetrise away rounding before the eigen-solve.
  for (let i = 0; i < dim; i++)
    for (let j = i + 1; j < dim; j++) {
      const m = (inner[i * dim + j] + inner[j * dim + i]) / 2;
      inner[i * dim + j] = m;
      inner[j * dim + i] = m;
    }
  const { values } = symmetricEigen(inner, dim);
  let trace = 0;
  for (let d = 0; d < dim; d++) trace += x.covariance[d * dim + d] + y.covariance[d * dim + d] - 2 * Math.sqrt(Math.max(values[d], 0));
  return Math.max(0, meanTerm + trace);
}

/** exp(mean KL(p(y|x) ‖ p(y))) over n rows of class probabilities (n × classes). */
export function classifierScore(probabilities: ArrayLike<number>, n: number, classes: number): number {
  const marginal = new Float64Array(classes);
  for (let i = 0; i < n; i++) for (let c = 0; c < classes; c++) marginal[c] += probabilities[i * classes + c] / n;
  let kl = 0;
  for (let i = 0; i < n; i++)
    for (let c = 0; c < classes; c++) {
      const p = probabilities[i * classes + c];
      if (p > 0) kl += p * (Math.log(p) - Math.log(marginal[c]));
    }
  return Math.exp(kl / n);
}

/** Most probable class of each row. */
export function predictedClasses(probabilities: ArrayLike<number>, n: number, classes: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if (probabilities[i * classes + c] > probabilities[i * classes + best]) best = c;
    out[i] = best;
  }
  return out;
}

/** Fraction of rows whose most probable class is the requested label. */
export function conditionalAccuracy(probabilities: ArrayLike<number>, labels: ArrayLike<number>, classes: number): number {
  const predicted = predictedClasses(probabilities, labels.length, classes);
  let correct = 0;
  for (let i = 0; i < labels.length; i++) if (predicted[i] === labels[i]) correct++;
  return correct / labels.length;
}

/**
 * Feature statistics of each class: entry c from the rows labelled c. Every class needs at least
 * two rows (a covariance needs two); the cGAN's submission schema asks for more, so this throws
 * only on a caller's mistake.
 */
export function classFeatureStatistics(features: ArrayLike<number>, labels: ArrayLike<number>, dim: number, classes: number): FeatureStatistics[] {
  const rowsOf: number[][] = Array.from({ length: classes }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (!(Number.isInteger(label) && label >= 0 && label < classes)) throw new RangeError(`Label ${i} is ${label}, not a class 0–${classes - 1}.`);
    rowsOf[label].push(i);
  }
  return rowsOf.map((rows, c) => {
    if (rows.length < 2) throw new RangeError(`Intra-class FID needs at least two images of each class; class ${c} has ${rows.length}.`);
    const own = new Float64Array(rows.length * dim);
    rows.forEach((row, k) => {
      for (let d = 0; d < dim; d++) own[k * dim + d] = features[row * dim + d];
    });
    return featureStatistics(own, rows.length, dim);
  });
}

/** Mean over the classes of the Fréchet distance between the rows labelled c and reference class c. */
export function intraClassFid(features: ArrayLike<number>, labels: ArrayLike<number>, classReferences: readonly FeatureStatistics[]): number {
  const classes = classReferences.length;
  const own = classFeatureStatistics(features, labels, classReferences[0].dim, classes);
  let sum = 0;
  for (let c = 0; c < classes; c++) sum += frechetDistance(own[c], classReferences[c]);
  return sum / classes;
}

export interface ImageMetrics {
  fid: number;
  classifierScore: number;
  conditionalAccuracy?: number;
  intraClassFid?: number;
}

/** The labels a conditional generator was asked for, and the reference's feature statistics per class. */
export interface ConditionalReference {
  labels: ArrayLike<number>;
  classReferences: readonly FeatureStatistics[];
}

/**
 * The image metrics of evaluated images against a reference set's feature statistics (the test
 * digits on the server; the validation digits for the browser's estimate), and the conditional
 * metrics when the labels and the reference's per-class statistics are given.
 */
export function imageMetrics(
  evaluated: { features: Float32Array; probabilities: Float32Array },
  n: number,
  reference: FeatureStatistics,
  conditional?: ConditionalReference,
): ImageMetrics {
  const classes = evaluated.probabilities.length / n;
  const metrics: ImageMetrics = {
    fid: frechetDistance(featureStatistics(evaluated.features, n, reference.dim), reference),
    classifierScore: classifierScore(evaluated.probabilities, n, classes),
  };
  if (conditional) {
    metrics.conditionalAccuracy = conditionalAccuracy(evaluated.probabilities, conditional.labels, classes);
    metrics.intraClassFid = intraClassFid(evaluated.features, conditional.labels, conditional.classReferences);
  }
  return metrics;
}

/** Mean over every pixel of ((reconstruction − original) / 255)²: the auto-encoder exercise's mse. */
export function reconstructionMse(reconstructions: ArrayLike<number>, originals: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < originals.length; i++) sum += ((reconstructions[i] - originals[i]) / 255) ** 2;
  return sum / originals.length;
}
