/**
 * Two ways to get P(y = 1 | x) for 2-D inputs (lecture Part 1, errata 1):
 * - generative: model p(x | y) (one Gaussian per class, fitted by maximum likelihood) and P(y),
 *   then Bayes' rule — quadratic discriminant analysis;
 * - discriminative: model P(y | x) = σ(w·x + b) directly — logistic regression, fitted by
 *   gradient descent on the mean cross-entropy.
 */
import { cholesky2, fitGaussian2, gaussianLogPdf2, type Gaussian2, type Vec2 } from "../density/gaussian";
import { gaussian, type Rng } from "../random";

export interface LabelledPoints {
  points: readonly Vec2[];
  /** 0 or 1 per point. */
  labels: readonly number[];
}

const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));

export interface GaussianClassifier {
  classes: [Gaussian2, Gaussian2];
  /** P(y = 1). */
  prior1: number;
}

export function fitGaussianClassifier({ points, labels }: LabelledPoints): GaussianClassifier {
  const byClass = [0, 1].map((c) => points.filter((_, i) => labels[i] === c));
  if (byClass[0].length < 2 || byClass[1].length < 2) throw new RangeError("Each class needs at least two points.");
  return { classes: [fitGaussian2(byClass[0]), fitGaussian2(byClass[1])], prior1: byClass[1].length / points.length };
}

/** P(y = 1 | x) by Bayes' rule: σ(log p(x|1) + log P(1) − log p(x|0) − log P(0)). */
export function gaussianPosterior1(model: GaussianClassifier, x: Vec2): number {
  const [c0, c1] = model.classes.map((g) => {
    const chol = cholesky2(g.covariance);
    if (!chol) throw new RangeError("A class covariance is not positive definite.");
    return gaussianLogPdf2(x[0], x[1], g.mean, chol);
  });
  return sigmoid(c1 + Math.log(model.prior1) - c0 - Math.log(1 - model.prior1));
}

/** The generative model can also draw new labelled points: y from the prior, then x | y. */
export function sampleGaussianClassifier(model: GaussianClassifier, n: number, rng: Rng): LabelledPoints {
  const points: Vec2[] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const y = rng() < model.prior1 ? 1 : 0;
    const { mean, covariance } = model.classes[y];
    const chol = cholesky2(covariance)!;
    const z1 = gaussian(rng);
    const z2 = gaussian(rng);
    points.push([mean[0] + chol.l11 * z1, mean[1] + chol.l21 * z1 + chol.l22 * z2]);
    labels.push(y);
  }
  return { points, labels };
}

export interface LogisticModel {
  w: [number, number];
  b: number;
  /** Inputs are standardised with these before w·x + b (keeps gradient descent well conditioned). */
  centre: Vec2;
  scale: Vec2;
}

export function logisticPosterior1(model: LogisticModel, x: Vec2): number {
  const u = (x[0] - model.centre[0]) / model.scale[0];
  const v = (x[1] - model.centre[1]) / model.scale[1];
  return sigmoid(model.w[0] * u + model.w[1] * v + model.b);
}

/** Mean cross-entropy of the labels under the model (nats). */
export function logisticLoss(model: LogisticModel, data: LabelledPoints): number {
  let loss = 0;
  data.points.forEach((x, i) => {
    const p = Math.min(Math.max(logisticPosterior1(model, x), 1e-12), 1 - 1e-12);
    loss -= data.labels[i] === 1 ? Math.log(p) : Math.log(1 - p);
  });
  return loss / data.points.length;
}

/**
 * Full-batch gradient descent on the mean cross-entropy, with a small L2 penalty so that separable
 * classes still give finite weights. Gradient: mean over points of (p − y)·[u, v, 1].
 */
export function fitLogisticRegression(data: LabelledPoints, options: { iterations?: number; learningRate?: number; l2?: number } = {}): LogisticModel {
  const { iterations = 500, learningRate = 0.5, l2 = 1e-3 } = options;
  const n = data.points.length;
  const centre: [number, number] = [0, 0];
  for (const [x, y] of data.points) {
    centre[0] += x / n;
    centre[1] += y / n;
  }
  const scale: [number, number] = [0, 0];
  for (const [x, y] of data.points) {
    scale[0] += (x - centre[0]) ** 2 / n;
    scale[1] += (y - centre[1]) ** 2 / n;
  }
  scale[0] = Math.sqrt(scale[0]) || 1;
  scale[1] = Math.sqrt(scale[1]) || 1;
  const model: LogisticModel = { w: [0, 0], b: 0, centre, scale };
  for (let it = 0; it < iterations; it++) {
    let g0 = 0;
    let g1 = 0;
    let gb = 0;
    data.points.forEach((x, i) => {
      const u = (x[0] - centre[0]) / scale[0];
      const v = (x[1] - centre[1]) / scale[1];
      const r = sigmoid(model.w[0] * u + model.w[1] * v + model.b) - data.labels[i];
      g0 += r * u;
      g1 += r * v;
      gb += r;
    });
    model.w = [model.w[0] - learningRate * (g0 / n + l2 * model.w[0]), model.w[1] - learningRate * (g1 / n + l2 * model.w[1])];
    model.b -= learningRate * (gb / n);
  }
  return model;
}

/** Fraction of points whose predicted class (P(y=1|x) > ½) matches the label. */
export function accuracy(posterior1: (x: Vec2) => number, data: LabelledPoints): number {
  let correct = 0;
  data.points.forEach((x, i) => {
    if ((posterior1(x) > 0.5 ? 1 : 0) === data.labels[i]) correct++;
  });
  return correct / data.points.length;
}
