/**
 * Choosing a KDE bandwidth by the leave-one-out likelihood of the training data, as a SteppedTrainer:
 * one step evaluates one bandwidth. First a sweep over log-spaced bandwidths (the curve the page
 * plots), then a golden-section search for the maximum between the best grid point's neighbours,
 * in log h. The page trains it with the shared hook (progress, pause, saved runs, live reports).
 */
import type { SteppedTrainer } from "../train/loop";
import { kdeLeaveOneOutMeanLogLikelihood } from "./kde";

export interface KdeSearchOptions {
  /** The sweep: `gridSize` bandwidths log-spaced over [gridLo, gridHi] (units of the data). */
  gridLo?: number;
  gridHi?: number;
  gridSize?: number;
  /** Golden-section iterations after the sweep, each one evaluation. */
  goldenIterations?: number;
}

export const DEFAULT_KDE_SEARCH: Required<KdeSearchOptions> = { gridLo: 0.01, gridHi: 3, gridSize: 80, goldenIterations: 30 };

/** Steps of a whole search: the sweep, one bracketing step, then the golden-section steps. */
export function kdeSearchSteps(options: KdeSearchOptions = {}): number {
  const { gridSize, goldenIterations } = { ...DEFAULT_KDE_SEARCH, ...options };
  return gridSize + 1 + goldenIterations;
}

export type KdeSearchLosses = {
  /** Leave-one-out mean log-likelihood (nats per point) at the bandwidth this step evaluated. */
  "leave-one-out": number;
  /** The highest leave-one-out mean log-likelihood evaluated so far. */
  best: number;
  /** The bandwidth this step evaluated. */
  bandwidth: number;
};

export interface KdeSearchState {
  kind: "kde-search";
  iteration: number;
  /** Number of training values the evaluations belong to (a different data set cannot resume them). */
  points: number;
  /** Every leave-one-out value computed so far, in order: replaying them restores the search exactly. */
  evaluations: Float64Array;
}

/** The golden ratio's conjugate: each golden-section step keeps this share of the bracket. */
const R = (Math.sqrt(5) - 1) / 2;

interface Golden {
  a: number;
  b: number;
  c: number;
  d: number;
  fc: number;
  fd: number;
}

export class KdeBandwidthSearch implements SteppedTrainer<KdeSearchLosses> {
  iteration = 0;
  /** The sweep's bandwidths and, for the first `curve.length` of them, their leave-one-out values. */
  readonly grid: number[];
  curve: number[] = [];
  /** The maximiser once the search is done (exp of the final bracket's midpoint, in log h); null before. */
  result: number | null = null;
  /** The sweep, one bracketing step (two evaluations), then the golden-section steps. */
  readonly totalSteps: number;
  private golden: Golden | null = null;
  private evaluations: number[] = [];
  private latest = { h: NaN, value: NaN };
  private best = { h: NaN, value: -Infinity };
  private readonly options: Required<KdeSearchOptions>;
  /** Replaying a saved run reads its recorded values instead of recomputing them. */
  private replay: number[] | null = null;

  constructor(
    private readonly data: ArrayLike<number>,
    options: KdeSearchOptions = {},
  ) {
    if (data.length < 2) throw new RangeError("Leave-one-out needs at least two points.");
    this.options = { ...DEFAULT_KDE_SEARCH, ...options };
    const { gridLo, gridHi, gridSize } = this.options;
    if (!(gridLo > 0) || !(gridHi > gridLo) || !Number.isInteger(gridSize) || gridSize < 3)
      throw new RangeError("The sweep needs 0 < gridLo < gridHi and at least 3 bandwidths.");
    if (!Number.isInteger(this.options.goldenIterations) || this.options.goldenIterations < 0)
      throw new RangeError("goldenIterations must be a whole number ≥ 0.");
    this.grid = Array.from({ length: gridSize }, (_, i) => gridLo * (gridHi / gridLo) ** (i / (gridSize - 1)));
    this.totalSteps = kdeSearchSteps(this.options);
  }

  get done(): boolean {
    return this.result !== null;
  }

  /** The sweep and the golden-section steps: the search ends there (runFrames stops). */
  get totalIterations(): number {
    return this.totalSteps;
  }

  /** The highest-scoring bandwidth evaluated so far (NaN before the first step). */
  get bestBandwidth(): number {
    return this.best.h;
  }

  /** One bandwidth evaluated per step, up to totalIterations. */
  step(n = 1): void {
    for (let i = 0; i < n && this.iteration < this.totalSteps; i++) {
      this.advance();
      this.iteration++;
    }
  }

  async losses(): Promise<KdeSearchLosses> {
    return { "leave-one-out": this.latest.value, best: this.best.value === -Infinity ? NaN : this.best.value, bandwidth: this.latest.h };
  }

  dispose(): void {
    // Plain numbers: nothing to free.
  }

  async exportState(): Promise<KdeSearchState> {
    return { kind: "kde-search", iteration: this.iteration, points: this.data.length, evaluations: Float64Array.from(this.evaluations) };
  }

  /** Replays the saved evaluations through the same steps (checked: they come back from storage). */
  importState(state: unknown): void {
    const s = state as Partial<KdeSearchState> | null;
    if (typeof s !== "object" || s === null || s.kind !== "kde-search") throw new Error("The saved run is not a bandwidth search.");
    const { iteration, points, evaluations } = s;
    if (typeof iteration !== "number" || !Number.isInteger(iteration) || iteration < 0)
      throw new Error("The saved run's step count is not a whole number ≥ 0.");
    if (points !== this.data.length) throw new Error(`The saved search was run on ${String(points)} training values, not these ${this.data.length}.`);
    if (!(evaluations instanceof Float64Array) && !Array.isArray(evaluations)) throw new Error("The saved search has no evaluations.");
    const values = Array.from(evaluations as ArrayLike<unknown>, (v) => {
      if (typeof v !== "number" || Number.isNaN(v)) throw new Error("The saved search's evaluations are not all numbers.");
      return v;
    });
    const fresh = new KdeBandwidthSearch(this.data, this.options);
    fresh.replay = values.slice();
    try {
      fresh.step(iteration);
    } catch {
      throw new Error(`The saved search has ${values.length} evaluations, too few for its ${iteration} steps.`);
    }
    if (fresh.replay.length > 0) throw new Error(`The saved search has ${values.length} evaluations, more than its ${iteration} steps make.`);
    fresh.replay = null;
    Object.assign(this, fresh);
  }

  /** The leave-one-out value at bandwidth h (read back from the saved run while replaying it). */
  private evaluate(h: number): number {
    let value: number;
    if (this.replay) {
      const v = this.replay.shift();
      if (v === undefined) throw new RangeError("Out of recorded evaluations.");
      value = v;
    } else value = kdeLeaveOneOutMeanLogLikelihood(this.data, h);
    this.evaluations.push(value);
    this.latest = { h, value };
    if (value > this.best.value) this.best = { h, value };
    return value;
  }

  private advance(): void {
    const { gridSize } = this.options;
    const i = this.iteration;
    if (this.done) return;
    if (i < gridSize) {
      this.curve.push(this.evaluate(this.grid[i]));
    } else if (i === gridSize) {
      // Bracket the maximum between the best grid point's neighbours (the first best, on ties).
      let k = 0;
      for (let j = 1; j < this.curve.length; j++) if (this.curve[j] > this.curve[k]) k = j;
      const a = Math.log(this.grid[Math.max(0, k - 1)]);
      const b = Math.log(this.grid[Math.min(gridSize - 1, k + 1)]);
      const c = b - R * (b - a);
      const d = a + R * (b - a);
      const fc = this.evaluate(Math.exp(c));
      const fd = this.evaluate(Math.exp(d));
      this.golden = { a, b, c, d, fc, fd };
    } else {
      const g = this.golden!;
      if (g.fc > g.fd) {
        g.b = g.d;
        g.d = g.c;
        g.fd = g.fc;
        g.c = g.b - R * (g.b - g.a);
        g.fc = this.evaluate(Math.exp(g.c));
      } else {
        g.a = g.c;
        g.c = g.d;
        g.fc = g.fd;
        g.d = g.a + R * (g.b - g.a);
        g.fd = this.evaluate(Math.exp(g.d));
      }
    }
    if (i + 1 === this.totalSteps) this.result = Math.exp((this.golden!.a + this.golden!.b) / 2);
  }
}
