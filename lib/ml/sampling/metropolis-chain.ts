/**
 * A random-walk Metropolis–Hastings chain on a 2-D log-density (banana.ts) as a SteppedTrainer: one
 * step is one proposal (metropolisStep), and step(n) runs n of them in one batch. The first `burnIn`
 * steps are discarded, then every `thin`-th state is kept until `samples` states are collected; the
 * chain then ends (totalIterations). Its loss is the acceptance rate so far.
 *
 * Run to its end from mulberry32(seed) it keeps exactly the states, and reports exactly the acceptance
 * rate, of metropolisHastings2d(logDensity, options, mulberry32(seed)).
 */
import { mulberry32, mulberry32After, type Rng } from "../random";
import type { SteppedTrainer } from "../train/loop";
import { METROPOLIS_DRAWS_PER_STEP, metropolisStep, type MetropolisOptions, type MetropolisState } from "./banana";

export type MetropolisChainLosses = {
  /** Accepted / proposed over every step so far, burn-in included (what the exercise submits). */
  acceptance: number;
};

/** What exportState returns: the chain after `steps` steps (its random state follows from the seed and the steps). */
export interface MetropolisChainState {
  steps: number;
  accepted: number;
  /** The current state. */
  x: number;
  y: number;
  /** The states kept so far, interleaved [x0, y0, x1, y1, …]. */
  kept: Float64Array;
}

export class MetropolisChain2d implements SteppedTrainer<MetropolisChainLosses> {
  readonly totalIterations: number;
  private steps = 0;
  private accepted = 0;
  private readonly state: MetropolisState;
  private rng: Rng;
  private readonly out: Float64Array;
  private count = 0;

  constructor(
    readonly logDensity: (x: number, y: number) => number,
    readonly options: MetropolisOptions,
    readonly seed: number,
  ) {
    const { samples, proposalStd, burnIn, thin } = options;
    for (const [name, v, min] of [
      ["burn-in", burnIn, 0],
      ["thinning", thin, 1],
      ["seed", seed, 0],
      ["sample count", samples, 0],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`The ${name} must be a whole number ≥ ${min} (got ${v}).`);
    }
    if (!(proposalStd > 0) || !Number.isFinite(proposalStd))
      throw new RangeError(`The proposal standard deviation must be a positive number (got ${proposalStd}).`);
    this.totalIterations = burnIn + samples * thin;
    const [x, y] = options.start ?? [0, 0];
    this.state = { x, y, logP: logDensity(x, y) };
    this.rng = mulberry32(seed);
    this.out = new Float64Array(2 * samples);
  }

  /** Steps (proposals) done. */
  get iteration(): number {
    return this.steps;
  }

  /** States kept so far. */
  get keptCount(): number {
    return this.count;
  }

  /** Accepted / proposed over every step so far (0 before the first, as metropolisHastings2d reports an empty chain). */
  get acceptanceRate(): number {
    return this.steps > 0 ? this.accepted / this.steps : 0;
  }

  get phase(): "burn-in" | "sampling" | "done" {
    return this.steps < this.options.burnIn ? "burn-in" : this.steps < this.totalIterations ? "sampling" : "done";
  }

  /** The current state [x, y]. */
  get current(): [number, number] {
    return [this.state.x, this.state.y];
  }

  /** The kept states so far, interleaved (a view: copy it to keep it). */
  keptSamples(): Float64Array {
    return this.out.subarray(0, 2 * this.count);
  }

  /** The latest n kept states, interleaved, oldest first; the current state alone during burn-in. */
  recentStates(n: number): Float64Array {
    return this.count > 0 ? this.out.slice(2 * Math.max(0, this.count - n), 2 * this.count) : Float64Array.of(this.state.x, this.state.y);
  }

  /** Runs n steps (fewer at the end of the chain, none past it). */
  step(n = 1): void {
    const { burnIn, thin, proposalStd } = this.options;
    const last = Math.min(this.totalIterations, this.steps + n);
    while (this.steps < last) {
      if (metropolisStep(this.state, this.logDensity, proposalStd, this.rng)) this.accepted++;
      this.steps++;
      const after = this.steps - burnIn;
      if (after > 0 && after % thin === 0) {
        this.out[2 * this.count] = this.state.x;
        this.out[2 * this.count + 1] = this.state.y;
        this.count++;
      }
    }
  }

  async losses(): Promise<MetropolisChainLosses> {
    return { acceptance: this.steps > 0 ? this.accepted / this.steps : NaN };
  }

  dispose(): void {}

  async exportState(): Promise<MetropolisChainState> {
    return { steps: this.steps, accepted: this.accepted, x: this.state.x, y: this.state.y, kept: this.keptSamples().slice() };
  }

  /** Restores exportState()'s output, checked first (it comes back from storage): an Error says what does not fit, and nothing changes then. */
  importState(state: unknown): void {
    const s = state as Partial<MetropolisChainState> | null;
    const { burnIn, thin } = this.options;
    if (!s || typeof s !== "object") throw new Error("The saved chain is not an object.");
    const steps = s.steps!;
    if (!Number.isSafeInteger(steps) || steps < 0 || steps > this.totalIterations) {
      throw new Error(
        `The saved chain's step count is not a whole number from 0 to ${this.totalIterations.toLocaleString("en")}: it comes from other settings.`,
      );
    }
    if (!Number.isSafeInteger(s.accepted) || s.accepted! < 0 || s.accepted! > steps)
      throw new Error(`The saved chain's accepted steps are not a whole number from 0 to ${steps}.`);
    if (!Number.isFinite(s.x) || !Number.isFinite(s.y)) throw new Error("The saved chain's current state is not two finite numbers.");
    const logP = this.logDensity(s.x!, s.y!);
    if (Number.isNaN(logP)) throw new Error("The saved chain's current state has no density.");
    const count = Math.max(0, Math.floor((steps - burnIn) / thin));
    const kept = s.kept;
    if (!(kept instanceof Float64Array) || kept.length !== 2 * count || !kept.every(Number.isFinite)) {
      throw new Error(`The saved chain should hold ${count.toLocaleString("en")} kept states (finite x, y pairs) after ${steps.toLocaleString("en")} steps.`);
    }
    this.steps = steps;
    this.accepted = s.accepted!;
    Object.assign(this.state, { x: s.x, y: s.y, logP });
    this.rng = mulberry32After(this.seed, METROPOLIS_DRAWS_PER_STEP * steps);
    this.out.fill(0).set(kept);
    this.count = count;
  }
}
