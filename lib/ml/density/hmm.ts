/**
 * Discrete hidden Markov models: the scaled forward algorithm and Baum–Welch (Rabiner 1989).
 *
 * Conventions (row-stochastic, unlike the column-stochastic Markov chain of errata item 3):
 *   initial[i]       = P(z₁ = i)
 *   transition[i][j] = P(z_{t+1} = j | z_t = i)   (each row sums to 1)
 *   emission[i][k]   = P(y_t = k | z_t = i)       (each row sums to 1)
 * and the joint is P(y_{1:T}, z_{1:T}) = P(z₁) Π_{t≥2} P(z_t | z_{t−1}) Π_t P(y_t | z_t) (errata item 9).
 */
import { EmTrainer } from "./em-trainer";
import { mulberry32, type Rng } from "../random";

export interface Hmm {
  initial: number[];
  transition: number[][];
  emission: number[][];
}

export interface ForwardResult {
  /** log P(y_{1:T}); −Infinity when the sequence is impossible under the model. */
  logLikelihood: number;
  /** Scaled forward variables α̂_t(i) = P(z_t = i | y_{1:t}), T rows of S. */
  alpha: Float64Array[];
  /** Scale factors c_t = P(y_t | y_{1:t−1}); log L = Σ log c_t. */
  scales: Float64Array;
}

/**
 * The scaled forward algorithm. `observations` are symbol indices; null marks a step not observed,
 * whose symbol is summed over (emission 1), so log L is that of the observed steps alone.
 */
export function hmmForward(model: Hmm, observations: readonly (number | null)[]): ForwardResult {
  const S = model.initial.length;
  const T = observations.length;
  const alpha: Float64Array[] = [];
  const scales = new Float64Array(T);
  let logLikelihood = 0;
  for (let t = 0; t < T; t++) {
    const y = observations[t];
    const a = new Float64Array(S);
    let c = 0;
    for (let j = 0; j < S; j++) {
      let prior: number;
      if (t === 0) prior = model.initial[j];
      else {
        prior = 0;
        const prev = alpha[t - 1];
        for (let i = 0; i < S; i++) prior += prev[i] * model.transition[i][j];
      }
      a[j] = y === null ? prior : prior * model.emission[j][y];
      c += a[j];
    }
    scales[t] = c;
    if (!(c > 0)) {
      // Impossible from here on; keep the shape but stop accumulating.
      alpha.push(a);
      logLikelihood = -Infinity;
      for (let r = t + 1; r < T; r++) alpha.push(new Float64Array(S));
      return { logLikelihood, alpha, scales };
    }
    for (let j = 0; j < S; j++) a[j] /= c;
    alpha.push(a);
    logLikelihood += Math.log(c);
  }
  return { logLikelihood, alpha, scales };
}

/** log P(y_{1:T}) by the scaled forward algorithm (of the observed steps: null ones are summed over). */
export function hmmLogLikelihood(model: Hmm, observations: readonly (number | null)[]): number {
  return hmmForward(model, observations).logLikelihood;
}

/** Scaled backward variables β̂_t, using the forward pass's scales. */
export function hmmBackward(model: Hmm, observations: readonly number[], scales: Float64Array): Float64Array[] {
  const S = model.initial.length;
  const T = observations.length;
  const beta: Float64Array[] = new Array(T);
  beta[T - 1] = new Float64Array(S).fill(1);
  for (let t = T - 2; t >= 0; t--) {
    const next = beta[t + 1];
    const y = observations[t + 1];
    const b = new Float64Array(S);
    for (let i = 0; i < S; i++) {
      let s = 0;
      for (let j = 0; j < S; j++) s += model.transition[i][j] * model.emission[j][y] * next[j];
      b[i] = s / scales[t + 1];
    }
    beta[t] = b;
  }
  return beta;
}

export interface BaumWelchStepResult {
  model: Hmm;
  /** log P(y) under the model that went in. */
  logLikelihood: number;
}

/** One Baum–Welch (EM) iteration on one sequence of symbol indices in [0, symbols). */
export function baumWelchStep(model: Hmm, observations: readonly number[], symbols = model.emission[0]?.length ?? 0): BaumWelchStepResult {
  const S = model.initial.length;
  const T = observations.length;
  if (T < 2) throw new RangeError("Baum–Welch needs at least two observations.");
  const { logLikelihood, alpha, scales } = hmmForward(model, observations);
  if (!Number.isFinite(logLikelihood)) throw new RangeError("The sequence has probability 0 under the starting model.");
  const beta = hmmBackward(model, observations, scales);

  const xi = Array.from({ length: S }, () => new Float64Array(S));
  const emit = Array.from({ length: S }, () => new Float64Array(symbols));
  const emitTotal = new Float64Array(S); // Σ_t γ_t(i)
  const initial = new Array<number>(S).fill(0);
  for (let t = 0; t < T; t++) {
    const y = observations[t];
    for (let i = 0; i < S; i++) {
      const g = alpha[t][i] * beta[t][i];
      if (t === 0) initial[i] = g;
      emit[i][y] += g;
      emitTotal[i] += g;
    }
    if (t < T - 1) {
      const yn = observations[t + 1];
      const c = scales[t + 1];
      for (let i = 0; i < S; i++) {
        const ai = alpha[t][i];
        if (ai === 0) continue;
        for (let j = 0; j < S; j++) xi[i][j] += (ai * model.transition[i][j] * model.emission[j][yn] * beta[t + 1][j]) / c;
      }
    }
  }
  const initialTotal = initial.reduce((s, v) => s + v, 0);
  const next: Hmm = {
    initial: initial.map((v) => v / initialTotal),
    // Σ_j ξ_t(i, j) = γ_t(i), so normalising the rows of Σ_t ξ_t divides by Σ_{t<T} γ_t(i).
    transition: xi.map((row, i) => {
      const total = row.reduce((s, v) => s + v, 0);
      return total > 0 ? Array.from(row, (v) => v / total) : model.transition[i].slice();
    }),
    emission: emit.map((row, i) => (emitTotal[i] > 0 ? Array.from(row, (v) => v / emitTotal[i]) : model.emission[i].slice())),
  };
  return { model: next, logLikelihood };
}

function randomStochasticRow(length: number, rng: Rng): number[] {
  const row = Array.from({ length }, () => 0.1 + rng());
  const total = row.reduce((s, v) => s + v, 0);
  return row.map((v) => v / total);
}

/** A seeded random starting HMM with every probability positive. */
export function randomHmm(states: number, symbols: number, seed: number): Hmm {
  const rng = mulberry32(seed);
  return {
    initial: randomStochasticRow(states, rng),
    transition: Array.from({ length: states }, () => randomStochasticRow(states, rng)),
    emission: Array.from({ length: states }, () => randomStochasticRow(symbols, rng)),
  };
}

export interface BaumWelchOptions {
  states: number;
  symbols: number;
  iterations: number;
  seed: number;
  /** Stop when log L improves by less than tolerance · |log L|. */
  tolerance?: number;
}

export interface BaumWelchResult {
  model: Hmm;
  /** log P(training sequence): [initial model, after step 1, …]. */
  logLikelihoods: number[];
  converged: boolean;
}

/** Checks an HMM read back from storage: `states` states, `symbols` symbols, every row a probability distribution. */
export function readHmm(value: unknown, states: number, symbols: number): Hmm {
  const fail = (what: string): never => {
    throw new Error(`The saved HMM ${what}.`);
  };
  if (typeof value !== "object" || value === null) fail("is not an object");
  const { initial, transition, emission } = value as Record<string, unknown>;
  const row = (v: unknown, length: number, name: string): number[] => {
    if (!Array.isArray(v) || v.length !== length) return fail(`has a ${name} row that does not have ${length} entries`);
    if (!v.every((p) => typeof p === "number" && Number.isFinite(p) && p >= 0) || Math.abs(v.reduce((s: number, p: number) => s + p, 0) - 1) > 1e-6) {
      return fail(`has a ${name} row that is not a probability distribution`);
    }
    return (v as number[]).slice();
  };
  const rows = (v: unknown, length: number, name: string): number[][] => {
    if (!Array.isArray(v) || v.length !== states) return fail(`does not have ${states} ${name} rows`);
    return v.map((r) => row(r, length, name));
  };
  return { initial: row(initial, states, "initial"), transition: rows(transition, states, "transition"), emission: rows(emission, symbols, "emission") };
}

/** Baum–Welch from a seeded random start as a stepped trainer (the exercise page trains it; fitHmmBaumWelch runs it to the end). */
export function createBaumWelchTrainer(observations: readonly number[], options: Omit<BaumWelchOptions, "iterations">): EmTrainer<Hmm> {
  return new EmTrainer(randomHmm(options.states, options.symbols, options.seed), {
    emStep: (model) => baumWelchStep(model, observations, options.symbols),
    logLikelihood: (model) => hmmLogLikelihood(model, observations),
    tolerance: options.tolerance,
    items: observations.length,
    readModel: (value) => readHmm(value, options.states, options.symbols),
  });
}

/** Fits an HMM by Baum–Welch from a seeded random start; `onIteration(i, model after step i, log L before it)` sees every step. */
export function fitHmmBaumWelch(
  observations: readonly number[],
  options: BaumWelchOptions,
  onIteration?: (iteration: number, model: Hmm, logLikelihood: number) => void,
): BaumWelchResult {
  const trainer = createBaumWelchTrainer(observations, options).run(options.iterations, onIteration);
  return { model: trainer.model, logLikelihoods: trainer.curve(), converged: trainer.converged };
}

/**
 * Mixes every row with ε of the uniform distribution: (1 − ε)·p + ε/n. The scorer does this with a
 * tiny ε so that one symbol a model calls impossible costs a large but finite penalty, not −∞.
 */
export function smoothHmm(model: Hmm, epsilon: number): Hmm {
  const mix = (row: readonly number[]) => {
    const total = row.reduce((s, v) => s + v, 0);
    return row.map((v) => (1 - epsilon) * (v / total) + epsilon / row.length);
  };
  return { initial: mix(model.initial), transition: model.transition.map(mix), emission: model.emission.map(mix) };
}

export interface ViterbiResult {
  /** The most probable hidden path z*_{1:T} (state indices). */
  path: number[];
  /** log P(y_{1:T}, z*_{1:T}); −Infinity when every path is impossible. */
  logProbability: number;
  /** log δ_t(j): T rows of S. */
  logDelta: Float64Array[];
}

/** Viterbi decoding in log-space: δ_t(j) = b_j(y_t) max_i δ_{t−1}(i) A_ij, then backtracking through ψ. */
export function viterbi(model: Hmm, observations: readonly number[]): ViterbiResult {
  const S = model.initial.length;
  const T = observations.length;
  if (T === 0) return { path: [], logProbability: 0, logDelta: [] };
  const logDelta: Float64Array[] = [];
  const psi: Int32Array[] = [];
  for (let t = 0; t < T; t++) {
    const y = observations[t];
    const d = new Float64Array(S);
    const p = new Int32Array(S);
    for (let j = 0; j < S; j++) {
      let best = -Infinity;
      let arg = 0;
      if (t === 0) best = Math.log(model.initial[j]);
      else
        for (let i = 0; i < S; i++) {
          const v = logDelta[t - 1][i] + Math.log(model.transition[i][j]);
          if (v > best) {
            best = v;
            arg = i;
          }
        }
      d[j] = best + Math.log(model.emission[j][y]);
      p[j] = arg;
    }
    logDelta.push(d);
    psi.push(p);
  }
  let last = 0;
  for (let j = 1; j < S; j++) if (logDelta[T - 1][j] > logDelta[T - 1][last]) last = j;
  const path = new Array<number>(T);
  path[T - 1] = last;
  for (let t = T - 1; t > 0; t--) path[t - 1] = psi[t][path[t]];
  return { path, logProbability: logDelta[T - 1][last], logDelta };
}
