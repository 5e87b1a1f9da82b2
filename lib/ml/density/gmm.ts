/**
 * Gaussian mixtures in 2-D: log-likelihood, BIC and EM (Dempster, Laird & Rubin 1977) with a
 * seeded k-means++ or random start. The M-step's covariance is the weighted scatter with its
 * eigenvalues raised to a floor: that is the exact maximiser of the M-step objective over
 * covariances whose eigenvalues are all ≥ the floor, so every EM step still never lowers the
 * log-likelihood (in exact arithmetic), and no component can collapse onto a single point.
 */
import { EmTrainer } from "./em-trainer";
import { cholesky2, drawGaussian2, eigenvalues2, gaussianLogPdf2, type Cholesky2, type Mat2, type Vec2 } from "./gaussian";
import { logSumExp } from "./logsumexp";
import { mulberry32, type Rng } from "../random";

export interface Gmm2 {
  weights: number[];
  means: [number, number][];
  covariances: [[number, number], [number, number]][];
}

/** Free parameters of a K-component GMM in 2-D: (K − 1) weights + 2K means + 3K covariance entries. */
export function gmmParameterCount(components: number): number {
  return components - 1 + 2 * components + 3 * components;
}

function factorise(model: Gmm2): { logWeights: number[]; chols: Cholesky2[] } {
  const chols = model.covariances.map((cov, k) => {
    const chol = cholesky2(cov);
    if (!chol) throw new RangeError(`Covariance ${k + 1} is not positive definite.`);
    return chol;
  });
  return { logWeights: model.weights.map((w) => Math.log(w)), chols };
}

/** Total log-likelihood Σᵢ log Σₖ wₖ N(xᵢ | μₖ, Σₖ). */
export function gmmLogLikelihood(points: readonly Vec2[], model: Gmm2): number {
  const { logWeights, chols } = factorise(model);
  const terms = new Float64Array(model.weights.length);
  let total = 0;
  for (const [x, y] of points) {
    for (let k = 0; k < terms.length; k++) terms[k] = logWeights[k] + gaussianLogPdf2(x, y, model.means[k], chols[k]);
    total += logSumExp(terms);
  }
  return total;
}

/** Mean log-likelihood in nats per point. */
export function gmmMeanLogLikelihood(points: readonly Vec2[], model: Gmm2): number {
  if (points.length === 0) throw new RangeError("No points to score.");
  return gmmLogLikelihood(points, model) / points.length;
}

/** Bayesian information criterion −2 log L + p log n on the given (training) points; lower is better. */
export function gmmBic(points: readonly Vec2[], model: Gmm2): number {
  return -2 * gmmLogLikelihood(points, model) + gmmParameterCount(model.weights.length) * Math.log(points.length);
}

/** The symmetric matrix with the same eigenvectors and every eigenvalue raised to at least `floor`. */
export function floorEigenvalues(cov: Mat2, floor: number): [[number, number], [number, number]] {
  const a = cov[0][0];
  const b = (cov[0][1] + cov[1][0]) / 2;
  const d = cov[1][1];
  const [l1, l2] = eigenvalues2([
    [a, b],
    [b, d],
  ]);
  if (l1 >= floor)
    return [
      [a, b],
      [b, d],
    ];
  // Unit eigenvector for the smaller eigenvalue l1; the other is perpendicular.
  let vx: number;
  let vy: number;
  if (Math.abs(b) > 1e-300) {
    vx = b;
    vy = l1 - a;
    const len = Math.hypot(vx, vy);
    vx /= len;
    vy /= len;
  } else if (a <= d) {
    vx = 1;
    vy = 0;
  } else {
    vx = 0;
    vy = 1;
  }
  const f1 = floor;
  const f2 = Math.max(l2, floor);
  // Σ' = f1·v vᵀ + f2·u uᵀ with u = (−vy, vx).
  const xx = f1 * vx * vx + f2 * vy * vy;
  const xy = (f1 - f2) * vx * vy || 0; // no −0
  const yy = f1 * vy * vy + f2 * vx * vx;
  return [
    [xx, xy],
    [xy, yy],
  ];
}

export interface EmStepResult {
  /** The model after one E- and M-step. */
  model: Gmm2;
  /** Total log-likelihood of the model that went in (computed in the E-step). */
  logLikelihood: number;
}

/** One EM iteration. `minEigenvalue` is the covariance floor (0 for plain EM). */
export function emStep(points: readonly Vec2[], model: Gmm2, minEigenvalue = 0): EmStepResult {
  const n = points.length;
  const K = model.weights.length;
  const { logWeights, chols } = factorise(model);
  const resp = new Float64Array(n * K);
  const terms = new Float64Array(K);
  let logLikelihood = 0;
  points.forEach(([x, y], i) => {
    for (let k = 0; k < K; k++) terms[k] = logWeights[k] + gaussianLogPdf2(x, y, model.means[k], chols[k]);
    const lse = logSumExp(terms);
    logLikelihood += lse;
    for (let k = 0; k < K; k++) resp[i * K + k] = Math.exp(terms[k] - lse);
  });

  const weights: number[] = [];
  const means: [number, number][] = [];
  const covariances: [[number, number], [number, number]][] = [];
  for (let k = 0; k < K; k++) {
    let nk = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < n; i++) {
      const r = resp[i * K + k];
      nk += r;
      sx += r * points[i][0];
      sy += r * points[i][1];
    }
    weights.push(nk / n);
    if (nk < 1e-10) {
      // An empty component: its parameters do not matter to the likelihood; keep them.
      means.push([model.means[k][0], model.means[k][1]]);
      covariances.push(floorEigenvalues(model.covariances[k], minEigenvalue));
      continue;
    }
    const mx = sx / nk;
    const my = sy / nk;
    let sxx = 0;
    let sxy = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const r = resp[i * K + k];
      const dx = points[i][0] - mx;
      const dy = points[i][1] - my;
      sxx += r * dx * dx;
      sxy += r * dx * dy;
      syy += r * dy * dy;
    }
    means.push([mx, my]);
    covariances.push(
      floorEigenvalues(
        [
          [sxx / nk, sxy / nk],
          [sxy / nk, syy / nk],
        ],
        minEigenvalue,
      ),
    );
  }
  // Renormalise against rounding so the weights sum to 1 exactly enough for validation.
  const total = weights.reduce((s, w) => s + w, 0);
  return { model: { weights: weights.map((w) => w / total), means, covariances }, logLikelihood };
}

export interface EmOptions {
  components: number;
  /** Most EM iterations. */
  iterations: number;
  seed: number;
  init?: "kmeans++" | "random";
  /** Stop when the log-likelihood improves by less than tolerance · |log L|. */
  tolerance?: number;
  /** Covariance eigenvalue floor (same units as the data squared). */
  minEigenvalue?: number;
}

export interface EmResult {
  model: Gmm2;
  /** Total training log-likelihood: [initial model, after step 1, after step 2, …]. */
  logLikelihoods: number[];
  converged: boolean;
}

function sampleCovariance(points: readonly Vec2[]): [[number, number], [number, number]] {
  const n = points.length;
  const mx = points.reduce((s, p) => s + p[0], 0) / n;
  const my = points.reduce((s, p) => s + p[1], 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const [x, y] of points) {
    sxx += (x - mx) ** 2;
    sxy += (x - mx) * (y - my);
    syy += (y - my) ** 2;
  }
  return [
    [sxx / n, sxy / n],
    [sxy / n, syy / n],
  ];
}

/** Initial means: k-means++ (D² sampling, Arthur & Vassilvitskii 2007) or K distinct random points. */
export function initialMeans(points: readonly Vec2[], K: number, rng: Rng, init: "kmeans++" | "random" = "kmeans++"): [number, number][] {
  const n = points.length;
  if (n === 0) throw new RangeError("No points.");
  const pick = (i: number): [number, number] => [points[i][0], points[i][1]];
  if (init === "random") {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    return Array.from({ length: K }, (_, k) => pick(order[k % n]));
  }
  const means: [number, number][] = [pick(Math.floor(rng() * n))];
  const d2 = points.map(([x, y]) => (x - means[0][0]) ** 2 + (y - means[0][1]) ** 2);
  while (means.length < K) {
    const total = d2.reduce((s, v) => s + v, 0);
    let chosen = Math.floor(rng() * n);
    if (total > 0) {
      let u = rng() * total;
      for (let i = 0; i < n; i++) {
        u -= d2[i];
        if (u < 0) {
          chosen = i;
          break;
        }
      }
    }
    const m = pick(chosen);
    means.push(m);
    points.forEach(([x, y], i) => {
      d2[i] = Math.min(d2[i], (x - m[0]) ** 2 + (y - m[1]) ** 2);
    });
  }
  return means;
}

/** The seeded starting model: chosen means, the data's covariance for every component, equal weights. */
export function initialGmm(points: readonly Vec2[], options: Pick<EmOptions, "components" | "seed" | "init" | "minEigenvalue">): Gmm2 {
  const K = options.components;
  const cov = floorEigenvalues(sampleCovariance(points), Math.max(options.minEigenvalue ?? 0, 1e-9));
  return {
    weights: Array.from({ length: K }, () => 1 / K),
    means: initialMeans(points, K, mulberry32(options.seed), options.init),
    covariances: Array.from(
      { length: K },
      () =>
        [
          [cov[0][0], cov[0][1]],
          [cov[1][0], cov[1][1]],
        ] as [[number, number], [number, number]],
    ),
  };
}

/** Checks a mixture read back from storage: K components, weights summing to 1, positive definite covariances. */
export function readGmm2(value: unknown, components: number): Gmm2 {
  const fail = (what: string): never => {
    throw new Error(`The saved mixture ${what}.`);
  };
  if (typeof value !== "object" || value === null) fail("is not an object");
  const { weights, means, covariances } = value as Record<string, unknown>;
  const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
  const pair = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && v.every(finite);
  if (!Array.isArray(weights) || weights.length !== components) fail(`does not have ${components} weights`);
  if (!Array.isArray(means) || means.length !== components || !means.every(pair)) fail(`does not have ${components} means of 2 numbers`);
  if (!Array.isArray(covariances) || covariances.length !== components || !covariances.every((c) => Array.isArray(c) && c.length === 2 && c.every(pair))) {
    fail(`does not have ${components} 2 × 2 covariances`);
  }
  const w = weights as unknown[];
  if (!w.every((v) => finite(v) && v >= 0) || Math.abs((w as number[]).reduce((s, v) => s + v, 0) - 1) > 1e-6)
    fail("has weights that are not probabilities summing to 1");
  const model: Gmm2 = {
    weights: (w as number[]).slice(),
    means: (means as [number, number][]).map(([x, y]) => [x, y]),
    covariances: (covariances as [[number, number], [number, number]][]).map(([[a, b], [c, d]]) => [
      [a, b],
      [c, d],
    ]),
  };
  model.covariances.forEach((cov, k) => cholesky2(cov) ?? fail(`has a covariance ${k + 1} that is not positive definite`));
  return model;
}

/** EM for a GMM as a stepped trainer (the exercise page trains it; fitGmmEm runs it to the end). */
export function createGmmEmTrainer(points: readonly Vec2[], options: Omit<EmOptions, "iterations">): EmTrainer<Gmm2> {
  if (!Number.isInteger(options.components) || options.components < 1) throw new RangeError("components must be a positive integer.");
  const floor = options.minEigenvalue ?? 0;
  return new EmTrainer(initialGmm(points, options), {
    emStep: (model) => emStep(points, model, floor),
    logLikelihood: (model) => gmmLogLikelihood(points, model),
    tolerance: options.tolerance,
    items: points.length,
    readModel: (value) => readGmm2(value, options.components),
  });
}

/** Fits a GMM by EM from a seeded start; `onIteration(i, model after step i, log L before it)` sees every step (live plots). */
export function fitGmmEm(points: readonly Vec2[], options: EmOptions, onIteration?: (iteration: number, model: Gmm2, logLikelihood: number) => void): EmResult {
  const trainer = createGmmEmTrainer(points, options).run(options.iterations, onIteration);
  return { model: trainer.model, logLikelihoods: trainer.curve(), converged: trainer.converged };
}

/** n seeded draws from the mixture: a component by its weight, then its Gaussian. */
export function sampleGmm2(model: Gmm2, n: number, rng: Rng): [number, number][] {
  const { chols } = factorise(model);
  const out: [number, number][] = [];
  for (let i = 0; i < n; i++) {
    let u = rng();
    let k = 0;
    while (k < model.weights.length - 1 && u >= model.weights[k]) u -= model.weights[k++];
    out.push(drawGaussian2(model.means[k], chols[k], rng));
  }
  return out;
}
