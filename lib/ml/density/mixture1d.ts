/**
 * Gaussian mixtures on the real line, p(x) = Σ_k w_k N(x | μ_k, σ_k²): density, likelihood, EM
 * (Dempster, Laird & Rubin 1977; the 1-D updates of Bishop 2006, "Pattern Recognition and Machine
 * Learning", §9.2.2, eq. 9.23–9.27) run by the shared EmTrainer, and ancestral sampling. With one
 * component the first EM step is the closed-form maximum-likelihood Gaussian (sample mean, variance
 * divided by n). Also the Kullback–Leibler divergence between two densities given on a uniform
 * grid, for comparing a model with a smoothed data density.
 */
import { EmTrainer } from "./em-trainer";
import { LOG_2PI, logSumExp } from "./logsumexp";
import { gaussian, type Rng } from "../random";

export interface Mixture1 {
  weights: number[];
  means: number[];
  /** Standard deviations σ_k > 0. */
  sds: number[];
}

function check(model: Mixture1): void {
  const K = model.weights.length;
  if (K < 1 || model.means.length !== K || model.sds.length !== K) throw new RangeError("A mixture needs as many means and σs as weights, at least one.");
  if (!model.sds.every((s) => s > 0 && Number.isFinite(s))) throw new RangeError("Every σ must be a positive finite number.");
  if (!model.weights.every((w) => w >= 0) || Math.abs(model.weights.reduce((a, b) => a + b, 0) - 1) > 1e-9) {
    throw new RangeError("The weights must be probabilities summing to 1.");
  }
}

/** log N(x | μ, σ²). */
export function gaussianLogPdf1(x: number, mean: number, sd: number): number {
  const z = (x - mean) / sd;
  return -0.5 * LOG_2PI - Math.log(sd) - 0.5 * z * z;
}

/** The terms log w_k + log N(x | μ_k, σ_k²) into `out` (their log-sum-exp is log p(x)). */
function componentLogTerms(model: Mixture1, x: number, out: Float64Array): Float64Array {
  for (let k = 0; k < out.length; k++) out[k] = Math.log(model.weights[k]) + gaussianLogPdf1(x, model.means[k], model.sds[k]);
  return out;
}

/** log p(x) under the mixture. */
export function mixture1LogDensity(model: Mixture1, x: number): number {
  check(model);
  return logSumExp(componentLogTerms(model, x, new Float64Array(model.weights.length)));
}

/** Mean log-likelihood (1/n) Σ log p(x_i), in nats per point. */
export function mixture1MeanLogLikelihood(model: Mixture1, data: ArrayLike<number>): number {
  if (data.length === 0) throw new RangeError("No points to score.");
  check(model);
  const terms = new Float64Array(model.weights.length);
  let sum = 0;
  for (let i = 0; i < data.length; i++) sum += logSumExp(componentLogTerms(model, data[i], terms));
  return sum / data.length;
}

/**
 * One EM iteration. E-step: responsibilities r_ik = P(k | x_i). M-step: N_k = Σ_i r_ik, w_k = N_k / n,
 * μ_k = Σ_i r_ik x_i / N_k, σ_k² = max(Σ_i r_ik (x_i − μ_k)² / N_k, minSd²) — the clamp is the exact
 * maximiser over σ_k ≥ minSd (the objective is unimodal in σ_k²), so no step lowers the likelihood
 * and no component collapses onto one value. A component with no responsibility keeps its μ and σ.
 * Returns the new model and the total log-likelihood of the one that went in.
 */
export function mixture1EmStep(data: ArrayLike<number>, model: Mixture1, minSd = 0): { model: Mixture1; logLikelihood: number } {
  check(model);
  const n = data.length;
  const K = model.weights.length;
  const terms = new Float64Array(K);
  const mass = new Float64Array(K);
  const first = new Float64Array(K);
  const resp = new Float64Array(n * K);
  let logLikelihood = 0;
  for (let i = 0; i < n; i++) {
    const lse = logSumExp(componentLogTerms(model, data[i], terms));
    logLikelihood += lse;
    for (let k = 0; k < K; k++) {
      const r = Math.exp(terms[k] - lse);
      resp[i * K + k] = r;
      mass[k] += r;
      first[k] += r * data[i];
    }
  }
  const means = model.means.map((m, k) => (mass[k] > 1e-10 ? first[k] / mass[k] : m));
  const sds = model.sds.map((s, k) => {
    if (!(mass[k] > 1e-10)) return Math.max(s, minSd);
    let scatter = 0;
    for (let i = 0; i < n; i++) scatter += resp[i * K + k] * (data[i] - means[k]) ** 2;
    return Math.max(Math.sqrt(scatter / mass[k]), minSd);
  });
  const total = mass.reduce((a, b) => a + b, 0);
  return { model: { weights: Array.from(mass, (m) => m / total), means, sds }, logLikelihood };
}

export interface Mixture1FitOptions {
  /** Most EM steps (default 500). */
  iterations?: number;
  /** Stop when the log-likelihood changes by less than tolerance · |log L| (default 1e-8). */
  tolerance?: number;
  /** Floor on every σ_k (default 0: plain EM). */
  minSd?: number;
}

/** EM from `initial` to convergence (or `iterations` steps): the fitted model, the log-likelihood curve [start, …, end] and the steps taken. */
export function fitMixture1Em(
  data: ArrayLike<number>,
  initial: Mixture1,
  options: Mixture1FitOptions = {},
): { model: Mixture1; logLikelihoods: number[]; steps: number; converged: boolean } {
  if (data.length === 0) throw new RangeError("No points to fit.");
  const { iterations = 500, tolerance, minSd = 0 } = options;
  const trainer = new EmTrainer(initial, {
    emStep: (model) => mixture1EmStep(data, model, minSd),
    logLikelihood: (model) => mixture1MeanLogLikelihood(model, data) * data.length,
    tolerance,
    items: data.length,
  }).run(iterations);
  return { model: trainer.model, logLikelihoods: trainer.curve(), steps: trainer.iteration, converged: trainer.converged };
}

/** n seeded draws: a component by its weight, then x = μ_k + σ_k ε with ε ~ N(0, 1). */
export function sampleMixture1(model: Mixture1, n: number, rng: Rng): Float64Array {
  check(model);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let u = rng();
    let k = 0;
    while (k < model.weights.length - 1 && u >= model.weights[k]) u -= model.weights[k++];
    out[i] = model.means[k] + model.sds[k] * gaussian(rng);
  }
  return out;
}

/** `steps` cell midpoints of [lo, hi]: lo + (i + ½)·Δx with Δx = (hi − lo) / steps. */
export function midpointGrid(lo: number, hi: number, steps: number): Float64Array {
  if (!(hi > lo) || !Number.isInteger(steps) || steps < 1) throw new RangeError("Expected lo < hi and a whole number of steps ≥ 1.");
  const dx = (hi - lo) / steps;
  return Float64Array.from({ length: steps }, (_, i) => lo + (i + 0.5) * dx);
}

/**
 * KL(p ‖ q) = ∫ p (log p − log q) dx by the midpoint rule on a uniform grid, from the two
 * log-densities at the grid's midpoints (logs, so a q that underflows far from its mass still gives
 * a finite, large answer). p is renormalised to mass 1 on the grid, so the part of p the grid cuts
 * off does not bias the result; q is not (mass it puts elsewhere is mass it misses here).
 */
export function gridKlDivergence(logP: ArrayLike<number>, logQ: ArrayLike<number>, dx: number): number {
  if (logP.length !== logQ.length || logP.length === 0) throw new RangeError("Expected two non-empty grids of the same length.");
  if (!(dx > 0)) throw new RangeError("The grid step must be positive.");
  const logZ = logSumExp(logP) + Math.log(dx); // log ∫ p over the grid
  let kl = 0;
  for (let i = 0; i < logP.length; i++) {
    const lp = logP[i] - logZ;
    if (lp === -Infinity) continue; // 0 · log 0 = 0
    kl += Math.exp(lp) * (lp - logQ[i]) * dx;
  }
  return kl;
}
