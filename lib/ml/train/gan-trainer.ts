/**
 * Fast GAN training loop (Goodfellow et al. 2014, Algorithm 1: k discriminator steps, then one
 * generator step) for the browser's wasm / WebGPU backends and Node.
 *
 * Why it is fast (measured on wasm, the default config: ~4× the naive layers-API loop):
 * - the real data lives in one tensor, uploaded once; a batch is one gather of random indices;
 * - the discriminator sees real and fake in ONE forward pass (concatenated batch);
 * - the fake batch for a D step is computed outside the gradient closure (not taped), and in
 *   the G step D's weights are frozen, so no dW is computed for them;
 * - each network is one flat variable (one Adam update, not two per layer) and one taped op
 *   with a hand-written backward pass that keeps wasm's matMul on its fast path and its
 *   forward pass on fused matMul+bias+ReLU kernels (models/gan.ts, nn/dense.ts);
 * - every iteration runs in a single tf.tidy;
 * - nothing is read back per step: the latest losses stay on the device and the training loop
 *   (loop.ts's runFrames, as every page's trainer) reads them once per animation frame with an async `data()`.
 * It is a SteppedTrainer: the exercise page drives it through useTrainer, the worker pool through workers/trainers.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { ganConfigSchema, type GanConfig } from "../configs/gan";
import { sampleRing } from "../datasets/ring";
import { discriminatorLoss, discriminatorSigns, GanModel, generatorLoss } from "../models/gan";
import { mulberry32 } from "../random";
import {
  checkpointIteration,
  exportTraining,
  importTraining,
  plainTraining,
  RandomStream,
  type TrainingParts,
  type TrainingState,
  weightsOnlyTraining,
} from "./checkpoint";
import { runFrames, type SteppedTrainer } from "./loop";

/** Real points held on the device; batches are gathered from them. */
export const DEFAULT_DATASET_SIZE = 20_000;

export interface GanLosses extends Record<string, number> {
  /** Discriminator BCE, the mean over the real and fake batch (log 2 ≈ 0.693 at equilibrium); NaN before any step. */
  dLoss: number;
  /** The generator's loss (non-saturating −log D(G(z)) or minimax log(1 − D(G(z))), per the config). */
  gLoss: number;
}

/**
 * exportState(): the whole training state (train/checkpoint.ts) in lists of numbers, as the worker pool
 * stores it in JSON (its checkpoints, and the weights of a finished run that a page loads).
 */
export type GanTrainerState = TrainingState<number[]>;

export interface TrainStats extends GanLosses {
  iteration: number;
  /** Iterations per second since the previous frame. */
  itsPerSec: number;
}

export interface RunOptions {
  signal?: AbortSignal;
  /** Stop once `iteration` reaches this value (absolute, not relative to the call). */
  maxIterations?: number;
  frameBudgetMs?: number;
  onFrame?: (stats: TrainStats) => void;
}

export interface GanTrainerOptions {
  /** Interleaved x, y training points; defaults to DEFAULT_DATASET_SIZE ring samples. */
  data?: Float32Array;
}

export class GanTrainer implements SteppedTrainer<GanLosses> {
  readonly config: GanConfig;
  readonly model: GanModel;
  iteration = 0;

  private readonly data: tf.Tensor2D; // (N, 2)
  private readonly signs: tf.Tensor2D; // (2B, 1), see discriminatorSigns
  private readonly dOptimizer: tf.Optimizer;
  private readonly gOptimizer: tf.Optimizer;
  /** The training streams: batch indices, and the noise of the fake batches and the G step. */
  private readonly batches: RandomStream;
  private readonly noise: RandomStream;
  private readonly indexBuffer: Int32Array;
  private dLossT: tf.Scalar | null = null;
  private gLossT: tf.Scalar | null = null;
  private disposed = false;
  /** Aborts a run() in progress when the trainer is disposed. */
  private stopRun: AbortController | null = null;

  constructor(config: GanConfig, options: GanTrainerOptions = {}) {
    this.config = ganConfigSchema.parse(config);
    const { seed, batchSize } = this.config;
    this.model = new GanModel(this.config);
    const points = options.data ?? sampleRing(DEFAULT_DATASET_SIZE, mulberry32(seed + 0x5eed));
    if (points.length < 4 || points.length % 2 !== 0) throw new RangeError("data must hold ≥ 2 x, y pairs");
    this.data = tf.tensor2d(points, [points.length / 2, 2]);
    this.signs = discriminatorSigns(batchSize);
    this.dOptimizer = makeOptimizer(this.config.discriminatorLr, this.config);
    this.gOptimizer = makeOptimizer(this.config.generatorLr, this.config);
    this.batches = new RandomStream(seed + 0xba7c4);
    // Training noise has a stream of its own (the model's serves sample()), so however often a page
    // draws samples, the run is the same, and a checkpoint can say where it stands.
    this.noise = new RandomStream((seed ^ 0x2545f491) >>> 0);
    this.indexBuffer = new Int32Array(batchSize);
  }

  /** Runs n iterations synchronously (k D steps + 1 G step each); no read-back. */
  step(n = 1): void {
    this.assertAlive();
    for (let i = 0; i < n; i++) {
      const keep = i === n - 1; // only the last iteration's losses are kept
      // One tidy per iteration: everything but the kept losses is freed here.
      const losses = tf.tidy(() => this.iterate(keep) ?? []);
      if (losses.length === 2) this.setLosses(losses[0], losses[1]);
      this.iteration++;
    }
  }

  private iterate(keepLosses: boolean): tf.Scalar[] | null {
    const { dSteps, batchSize, loss } = this.config;
    const model = this.model;
    const dVars = model.discriminatorParameters;
    const gVars = model.generatorParameters;
    let dCost: tf.Scalar | null = null;
    for (let k = 0; k < dSteps; k++) {
      const real = tf.gather(this.data, this.randomIndices()); // (B, 2)
      const fake = model.generate(batchSize, this.noise.next); // (B, 2), outside the closure: not taped
      const x = tf.concat([real, fake], 0) as tf.Tensor2D; // (2B, 2)
      const last = keepLosses && k === dSteps - 1;
      dCost = this.dOptimizer.minimize(() => discriminatorLoss(model.discriminatorLogits(x), this.signs), last, dVars);
    }
    const z = model.noise(batchSize, this.noise.next); // (B, Z)
    const gCost = this.gOptimizer.minimize(
      () => generatorLoss(model.discriminatorLogits(model.generator(z), true), loss), // D frozen
      keepLosses,
      gVars,
    );
    return keepLosses && dCost && gCost ? [dCost, gCost] : null;
  }

  private randomIndices(): tf.Tensor1D {
    const n = this.data.shape[0];
    const idx = this.indexBuffer;
    for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(this.batches.next() * n);
    return tf.tensor1d(idx, "int32");
  }

  private setLosses(d: tf.Scalar | null, g: tf.Scalar | null): void {
    this.dLossT?.dispose();
    this.gLossT?.dispose();
    this.dLossT = d;
    this.gLossT = g;
  }

  /** Reads the latest losses back (async; NaN before the first step). */
  async losses(): Promise<GanLosses> {
    const [d, g] = await Promise.all([this.dLossT?.data(), this.gLossT?.data()]);
    return { dLoss: d ? d[0] : NaN, gLoss: g ? g[0] : NaN };
  }

  /**
   * Trains until aborted, disposed or `maxIterations`, a frame at a time (loop.ts's runFrames, the
   * loop of every page): the benchmarks and tests call it; pages use useTrainer, which runs the same loop.
   */
  async run(options: RunOptions = {}): Promise<void> {
    this.assertAlive();
    if (this.stopRun) throw new Error("GanTrainer.run() is already running");
    const stop = new AbortController();
    this.stopRun = stop;
    const onAbort = () => stop.abort();
    options.signal?.addEventListener("abort", onAbort);
    if (options.signal?.aborted) stop.abort();
    try {
      await runFrames(this, {
        signal: stop.signal,
        maxIterations: options.maxIterations,
        frameBudgetMs: options.frameBudgetMs,
        onFrame: ({ iteration, losses, itsPerSec }) => options.onFrame?.({ iteration, ...losses, itsPerSec }),
      });
    } finally {
      options.signal?.removeEventListener("abort", onAbort);
      this.stopRun = null;
    }
  }

  /** Both networks (each one flat vector, in GanModel's layout), both optimisers, the batch and noise streams. */
  private trainingParts(): TrainingParts {
    return {
      model: "ring GAN",
      tensors: { generator: this.model.generatorParameters[0], discriminator: this.model.discriminatorParameters[0] },
      optimizers: {
        discriminator: { optimizer: this.dOptimizer, updates: ["discriminator"] },
        generator: { optimizer: this.gOptimizer, updates: ["generator"] },
      },
      streams: { batches: this.batches, noise: this.noise },
    };
  }

  /** The whole training state (see GanTrainerState): a run resumed from it continues as if never stopped. */
  async exportState(): Promise<GanTrainerState> {
    this.assertAlive();
    return plainTraining(await exportTraining(this.trainingParts(), this.iteration));
  }

  /**
   * Loads exportState() of a GAN with the same settings (from the pool's database or this browser's
   * storage: anything else throws a RangeError saying what does not fit, before anything changes), or
   * a checkpoint of the weights alone {iteration, generator, discriminator}, as the pool and this page
   * saved them before: then the optimisers restart, and the batch and noise streams continue from the
   * iteration (for the same batch size, k and noise size).
   */
  importState(state: unknown): void {
    this.assertAlive();
    if (typeof state !== "object" || state === null) {
      throw new RangeError("A GAN checkpoint is an object {model, iteration, tensors, optimizers, streams}, or {iteration, generator, discriminator}.");
    }
    const parts = this.trainingParts();
    this.iteration = importTraining(parts, "tensors" in state ? state : this.weightsOnly(parts, state));
    // The losses of the last step belong to the run this model had before.
    this.setLosses(null, null);
  }

  private weightsOnly(parts: TrainingParts, state: object): TrainingState<ArrayLike<number>> {
    const { iteration: savedIteration, generator, discriminator } = state as Partial<Record<"iteration" | "generator" | "discriminator", unknown>>;
    const iteration = checkpointIteration(savedIteration);
    this.model.checkWeights(generator, discriminator);
    const { batchSize, dSteps, noiseDim } = this.config;
    return weightsOnlyTraining(
      parts,
      iteration,
      { generator: generator as number[], discriminator: discriminator as number[] },
      { batches: iteration * dSteps * batchSize, noise: iteration * (dSteps + 1) * batchSize * noiseDim * 2 }, // gaussian() draws two uniforms
    );
  }

  /** n generator samples, interleaved x, y (their noise from the model's own stream, not training's). */
  async sample(n: number): Promise<Float32Array> {
    this.assertAlive();
    const x = this.model.generate(n);
    try {
      return (await x.data()) as Float32Array;
    } finally {
      x.dispose();
    }
  }

  /**
   * D(x) = P(real) in (0, 1) on a resolution × resolution grid of cell centres over
   * [-extent, extent]², row-major like an image: row 0 is the TOP (y near +extent), column 0 is
   * the left (x near −extent), so it can be drawn as-is.
   */
  async discriminatorGrid(resolution: number, extent: number): Promise<Float32Array> {
    this.assertAlive();
    if (!Number.isInteger(resolution) || resolution < 1) throw new RangeError("bad resolution");
    const cell = (2 * extent) / resolution;
    const grid = new Float32Array(2 * resolution * resolution);
    for (let r = 0; r < resolution; r++) {
      const y = extent - (r + 0.5) * cell;
      for (let c = 0; c < resolution; c++) {
        const o = 2 * (r * resolution + c);
        grid[o] = -extent + (c + 0.5) * cell;
        grid[o + 1] = y;
      }
    }
    const probs = tf.tidy(() => tf.sigmoid(this.model.discriminatorLogits(tf.tensor2d(grid, [resolution * resolution, 2]))));
    try {
      return (await probs.data()) as Float32Array;
    } finally {
      probs.dispose();
    }
  }

  /** Frees the model, optimizer state, data and kept losses. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.stopRun?.abort();
    this.dLossT?.dispose();
    this.gLossT?.dispose();
    this.dLossT = null;
    this.gLossT = null;
    this.model.dispose();
    disposeOptimizer(this.dOptimizer);
    disposeOptimizer(this.gOptimizer);
    this.data.dispose();
    this.signs.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error("GanTrainer used after dispose()");
  }
}

/**
 * tfjs 4.22's MomentumOptimizer.dispose() does not call SGDOptimizer.dispose(), which leaks the
 * learning-rate scalar `c` (one tensor per optimizer); free it here, once.
 */
function disposeOptimizer(optimizer: tf.Optimizer): void {
  optimizer.dispose();
  if (optimizer instanceof tf.MomentumOptimizer) {
    const c = (optimizer as unknown as { c?: tf.Tensor }).c;
    if (c && !c.isDisposed) c.dispose();
  }
}

function makeOptimizer(lr: number, config: GanConfig): tf.Optimizer {
  switch (config.optimizer) {
    case "adam":
      return tf.train.adam(lr, config.momentum);
    case "sgd-momentum":
      return tf.train.momentum(lr, config.momentum);
    default: {
      const never: never = config.optimizer;
      throw new Error(`unknown optimizer ${String(never)}`);
    }
  }
}
