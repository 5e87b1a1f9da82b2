/**
 * The maximum-likelihood Gaussian as a SteppedTrainer. The fit is closed form, so one step is the
 * whole fit (and another step refits to the same answer): the page still trains it with the shared
 * hook, which gives it the same controls, live-round reports and saved runs as every other exercise.
 */
import type { SteppedTrainer } from "../train/loop";
import { fitGaussian2, gaussianMeanLogLikelihood, type Gaussian2, type Vec2 } from "./gaussian";

export interface GaussianMleConfig {
  /** "n" is the maximum-likelihood covariance; "n-1" the unbiased one (for comparison). */
  covarianceDivisor: "n" | "n-1";
}

/** Training mean log-likelihood of the fitted Gaussian, in nats per point (NaN before the fit). */
export type GaussianMleLosses = { "log-likelihood": number };

export interface GaussianMleState {
  kind: "gaussian-mle";
  iteration: number;
}

export class GaussianMleTrainer implements SteppedTrainer<GaussianMleLosses> {
  iteration = 0;
  /** The fitted Gaussian; null before the first step. */
  gaussian: Gaussian2 | null = null;
  private trainLogLikelihood = NaN;

  constructor(
    private readonly points: readonly Vec2[],
    readonly config: GaussianMleConfig,
  ) {
    if (points.length < 2) throw new RangeError("The fit needs at least two points.");
  }

  step(n = 1): void {
    for (let i = 0; i < n; i++) {
      // Refitting is idempotent, and counting each step keeps the shared loop's budget arithmetic simple.
      if (!this.gaussian) this.fit();
      this.iteration++;
    }
  }

  async losses(): Promise<GaussianMleLosses> {
    return { "log-likelihood": this.trainLogLikelihood };
  }

  dispose(): void {
    // Plain numbers: nothing to free.
  }

  /** The fit is a function of the data and the divisor, so the step count is the whole state. */
  async exportState(): Promise<GaussianMleState> {
    return { kind: "gaussian-mle", iteration: this.iteration };
  }

  importState(state: unknown): void {
    const s = state as Partial<GaussianMleState> | null;
    if (typeof s !== "object" || s === null || s.kind !== "gaussian-mle") throw new Error("The saved run is not a Gaussian fit.");
    const iteration = s.iteration;
    if (typeof iteration !== "number" || !Number.isInteger(iteration) || iteration < 0)
      throw new Error("The saved run's step count is not a whole number ≥ 0.");
    this.gaussian = null;
    this.trainLogLikelihood = NaN;
    if (iteration > 0) this.fit();
    this.iteration = iteration;
  }

  private fit(): void {
    this.gaussian = fitGaussian2(this.points, this.config.covarianceDivisor);
    this.trainLogLikelihood = gaussianMeanLogLikelihood(this.points, this.gaussian);
  }
}
