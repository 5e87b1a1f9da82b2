/**
 * The one expectation–maximisation loop of the density models: Gaussian mixtures (gmm.ts) and
 * Baum–Welch for hidden Markov models (hmm.ts) supply their E- and M-step, this class runs it step
 * by step with the convergence test, and is a SteppedTrainer so the exercise pages train it with
 * the shared hook (start / pause / step / autosave) while fitGmmEm and fitHmmBaumWelch run the very
 * same steps to the end.
 */
import type { SteppedTrainer } from "../train/loop";

export interface EmStepOutcome<M> {
  /** The model after one E- and M-step. */
  model: M;
  /** Total log-likelihood of the model that went in (the E-step computes it anyway). */
  logLikelihood: number;
}

/** losses(): the current model's log-likelihood per item (per point, per day), so it reads like the held-out metric. */
export type EmLosses = { "log-likelihood": number };

export interface EmTrainerOptions<M> {
  /** One E- and M-step. */
  emStep: (model: M) => EmStepOutcome<M>;
  /** Total training log-likelihood of a model (losses() and the final entry of a fit's curve). */
  logLikelihood: (model: M) => number;
  /** Converged when two successive E-steps' log-likelihoods differ by less than tolerance · |log L| (default 1e-8). */
  tolerance?: number;
  /** losses() divides the total log-likelihood by this (the number of points or symbols); default 1. */
  items?: number;
  /** Checks a model that comes back from storage (importState), throwing an Error that says what is wrong. */
  readModel?: (value: unknown) => M;
}

/** What exportState() returns: plain data, so IndexedDB can keep it. */
export interface EmTrainerState<M> {
  kind: "em";
  iteration: number;
  model: M;
  /** The E-step log-likelihood of every step so far (one per iteration). */
  logLikelihoods: Float64Array;
}

export class EmTrainer<M> implements SteppedTrainer<EmLosses> {
  iteration = 0;
  model: M;
  /** Total log-likelihood of the model that went into each step: [model 0, model 1, …, model iteration − 1]. */
  logLikelihoods: number[] = [];
  converged = false;
  readonly tolerance: number;
  private readonly options: EmTrainerOptions<M>;
  /** log L of the current model, computed at most once per iteration (losses() is read every frame). */
  private cached: { iteration: number; value: number } | null = null;

  constructor(initial: M, options: EmTrainerOptions<M>) {
    this.model = initial;
    this.options = options;
    this.tolerance = options.tolerance ?? 1e-8;
  }

  /** Converged EM stops changing the model: the run ends there (runFrames stops; the page shows it finished). */
  get totalIterations(): number | undefined {
    return this.converged ? this.iteration : undefined;
  }

  /** Runs up to n EM steps, stopping early at convergence. */
  step(n = 1): void {
    for (let i = 0; i < n && !this.converged; i++) {
      const { model, logLikelihood } = this.options.emStep(this.model);
      this.logLikelihoods.push(logLikelihood);
      this.model = model;
      this.iteration++;
      this.converged = this.isConverged();
    }
  }

  /**
   * Steps until convergence or `maxIterations` EM steps in all; `onStep(iteration, model after it,
   * log L of the model before it)` sees every step (live plots of the fit functions).
   */
  run(maxIterations: number, onStep?: (iteration: number, model: M, logLikelihood: number) => void): this {
    while (!this.converged && this.iteration < maxIterations) {
      this.step(1);
      onStep?.(this.iteration, this.model, this.logLikelihoods[this.logLikelihoods.length - 1]);
    }
    return this;
  }

  /** Total training log-likelihood of the current model. */
  currentLogLikelihood(): number {
    if (this.cached?.iteration !== this.iteration) this.cached = { iteration: this.iteration, value: this.options.logLikelihood(this.model) };
    return this.cached.value;
  }

  /** [model 0, …, current model]: what the fit functions return and the page plots. */
  curve(): number[] {
    return [...this.logLikelihoods, this.currentLogLikelihood()];
  }

  async losses(): Promise<EmLosses> {
    return { "log-likelihood": this.currentLogLikelihood() / (this.options.items ?? 1) };
  }

  dispose(): void {
    // Plain arrays: nothing to free.
  }

  async exportState(): Promise<EmTrainerState<M>> {
    return { kind: "em", iteration: this.iteration, model: this.model, logLikelihoods: Float64Array.from(this.logLikelihoods) };
  }

  /** Restores exportState()'s output (from IndexedDB, so checked first); the convergence flag is recomputed, not trusted. */
  importState(state: unknown): void {
    const readModel = this.options.readModel;
    if (!readModel) throw new Error("This EM model cannot restore a saved run.");
    if (typeof state !== "object" || state === null || (state as { kind?: unknown }).kind !== "em") throw new Error("The saved run is not an EM run.");
    const s = state as Partial<EmTrainerState<unknown>>;
    const iteration = s.iteration;
    if (typeof iteration !== "number" || !Number.isInteger(iteration) || iteration < 0) throw new Error("The saved run's iteration is not a whole number ≥ 0.");
    const lls = s.logLikelihoods;
    if (!(lls instanceof Float64Array) && !Array.isArray(lls)) throw new Error("The saved run has no log-likelihood history.");
    if (lls.length !== iteration) throw new Error(`The saved run has ${lls.length} log-likelihoods for ${iteration} EM steps.`);
    const history = Array.from(lls as ArrayLike<unknown>, (v) => {
      if (typeof v !== "number" || !Number.isFinite(v)) throw new Error("The saved run's log-likelihoods are not all finite numbers.");
      return v;
    });
    const model = readModel(s.model);
    this.model = model;
    this.logLikelihoods = history;
    this.iteration = iteration;
    this.cached = null;
    this.converged = this.isConverged();
  }

  /** The test fitGmmEm and fitHmmBaumWelch have always used: the last two E-step log-likelihoods. */
  private isConverged(): boolean {
    const lls = this.logLikelihoods;
    const m = lls.length;
    return m >= 2 && Math.abs(lls[m - 1] - lls[m - 2]) < this.tolerance * Math.abs(lls[m - 1]);
  }
}
