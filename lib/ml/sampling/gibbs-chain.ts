/**
 * A Gibbs chain on a fully visible Boltzmann machine (boltzmann.ts) as a SteppedTrainer: one step is
 * one systematic sweep. The first `burnIn` sweeps are discarded, then every `thin`-th sweep's state is
 * kept until `samples` states are collected; the chain then ends (totalIterations). Its losses compare
 * the kept states' frequencies q with the exact p(x): KL(q‖p) and TV(q, p).
 *
 * Run to its end from mulberry32(seed) it keeps exactly the states of
 * gibbsSample(bm, { samples, burnIn, thin }, mulberry32(seed)).
 */
import { mulberry32, mulberry32After, type Rng } from "../random";
import type { SteppedTrainer } from "../train/loop";
import { type BoltzmannMachine, exactDistribution, gibbsSweep, stateIndex } from "./boltzmann";
import { klDivergence, normalize, tvDistance } from "./discrete";

export interface GibbsChainConfig {
  /** Sweeps discarded first. */
  burnIn: number;
  /** Sweeps per kept state (1 keeps every sweep). */
  thin: number;
  seed: number;
  /** States to keep. */
  samples: number;
}

export type GibbsChainLosses = { kl: number; tv: number };

/** What exportState returns: the chain's state after `sweeps` sweeps (the random state follows from the seed and the sweeps). */
export interface GibbsChainState {
  sweeps: number;
  /** The current state of the chain, ±1 per unit. */
  x: number[];
  /** The states kept so far, interleaved. */
  kept: Int8Array;
}

export class GibbsChain implements SteppedTrainer<GibbsChainLosses> {
  readonly units: number;
  readonly totalIterations: number;
  private readonly p: number[];
  private sweeps = 0;
  private x: number[];
  private rng: Rng;
  private readonly out: Int8Array;
  private count = 0;
  private readonly counts: number[];

  constructor(
    readonly bm: BoltzmannMachine,
    readonly config: GibbsChainConfig,
  ) {
    const { burnIn, thin, seed, samples } = config;
    for (const [name, v, min] of [
      ["burn-in", burnIn, 0],
      ["thinning", thin, 1],
      ["seed", seed, 0],
      ["sample count", samples, 1],
    ] as const) {
      if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`the ${name} must be a whole number ≥ ${min} (got ${v})`);
    }
    this.units = bm.b.length;
    this.totalIterations = burnIn + samples * thin;
    this.p = exactDistribution(bm).p;
    this.x = new Array<number>(this.units).fill(-1);
    this.rng = mulberry32(seed);
    this.out = new Int8Array(this.units * samples);
    this.counts = new Array<number>(2 ** this.units).fill(0);
  }

  /** Sweeps done. */
  get iteration(): number {
    return this.sweeps;
  }

  /** States kept so far. */
  get keptCount(): number {
    return this.count;
  }

  get phase(): "burn-in" | "sampling" | "done" {
    return this.sweeps < this.config.burnIn ? "burn-in" : this.count < this.config.samples ? "sampling" : "done";
  }

  /** The kept states so far, interleaved [x_1, …, x_n, x_1, …] (a view: copy it to keep it). */
  keptStates(): Int8Array {
    return this.out.subarray(0, this.units * this.count);
  }

  /** How often each state (allStates order) was kept. */
  stateCounts(): number[] {
    return this.counts.slice();
  }

  /** The kept states' frequencies q (null before the first one). */
  frequencies(): Float64Array | null {
    return this.count > 0 ? normalize(this.counts) : null;
  }

  /** Runs n sweeps (fewer at the end of the chain, none past it). */
  step(n = 1): void {
    const { burnIn, thin } = this.config;
    const last = Math.min(this.totalIterations, this.sweeps + n);
    while (this.sweeps < last) {
      gibbsSweep(this.bm, this.x, this.rng);
      this.sweeps++;
      const after = this.sweeps - burnIn;
      if (after > 0 && after % thin === 0) {
        this.out.set(this.x, this.units * this.count);
        this.counts[stateIndex(this.x)]++;
        this.count++;
      }
    }
  }

  async losses(): Promise<GibbsChainLosses> {
    const q = this.frequencies();
    return q ? { kl: klDivergence(q, this.p), tv: tvDistance(q, this.p) } : { kl: NaN, tv: NaN };
  }

  dispose(): void {}

  async exportState(): Promise<GibbsChainState> {
    return { sweeps: this.sweeps, x: this.x.slice(), kept: this.keptStates().slice() };
  }

  importState(state: unknown): void {
    const s = state as Partial<GibbsChainState> | null;
    const { burnIn, thin, seed } = this.config;
    if (!s || typeof s !== "object") throw new Error("the saved chain is not an object");
    if (!Number.isSafeInteger(s.sweeps) || s.sweeps! < 0 || s.sweeps! > this.totalIterations) {
      throw new Error(`the saved chain's sweep count is not a whole number from 0 to ${this.totalIterations}`);
    }
    const sweeps = s.sweeps!;
    if (!Array.isArray(s.x) || s.x.length !== this.units || !s.x.every((v) => v === 1 || v === -1)) {
      throw new Error(`the saved chain's state is not ${this.units} values of −1 or +1`);
    }
    const count = Math.max(0, Math.floor((sweeps - burnIn) / thin));
    if (!(s.kept instanceof Int8Array) || s.kept.length !== this.units * count || !s.kept.every((v) => v === 1 || v === -1)) {
      throw new Error(`the saved chain should hold ${count} kept states of −1/+1 units after ${sweeps} sweeps`);
    }
    this.sweeps = sweeps;
    this.x = s.x.slice();
    this.rng = mulberry32After(seed, this.units * sweeps); // gibbsSweep draws exactly one number per unit
    this.out.fill(0).set(s.kept);
    this.count = count;
    this.counts.fill(0);
    for (let k = 0; k < count; k++) this.counts[stateIndex(s.kept.subarray(this.units * k, this.units * (k + 1)))]++;
  }
}
