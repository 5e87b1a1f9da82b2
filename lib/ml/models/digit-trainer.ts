/**
 * What the digit models share (autoencoder.ts, vae.ts; DigitBatches and DigitTrainer also rbm.ts),
 * so each model file holds only its own idea:
 * - DIGIT_MLP: the auto-encoders' networks (nn/dense.ts): ReLU hidden layers, a linear output;
 * - bernoulliNll: the Bernoulli negative log-likelihood of images under decoder logits;
 * - DigitBatches: seeded random batches of the training digits;
 * - DigitTrainer: the SteppedTrainer bookkeeping (one tidy per step; the last step's losses stay
 *   on the device until losses() reads them back) and its checkpoints (train/checkpoint.ts);
 * - matrixInput / download: Float32Array in and out of the models' async methods.
 */
import * as tf from "@tensorflow/tfjs";
import { DIGIT_PIXELS } from "../datasets/digits";
import type { MlpSpec } from "../nn/dense";
import { heHiddenGlorotOutput } from "../nn/dense-layout";
import { exportTraining, importTraining, RandomStream, type TrainingParts, type TrainingState } from "../train/checkpoint";
import type { SteppedTrainer } from "../train/loop";

/**
 * The encoders' and decoders' networks: ReLU hidden layers and a linear output (codes, or pixel
 * logits), matMul, add and ReLU as separate kernels.
 */
export const DIGIT_MLP: MlpSpec = {
  activations: { hidden: "relu", output: "linear" },
  kernels: { forward: "separate", biasGradient: "sum" },
  init: heHiddenGlorotOutput,
};


/**
 * −log p(x | logits) per image (B,) for Bernoulli pixels p = sigmoid(logits), summed over pixels:
 * Σ softplus(l) − x·l (the stable form of binary cross-entropy). For grey targets x ∈ [0, 1]
 * (not just 0/1) it stays a valid cross-entropy, bounded below by the targets' own entropy.
 */
export function bernoulliNll(logits: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.sum(tf.sub(tf.softplus(logits), tf.mul(x, logits)), 1);
}

/**
 * The training digits (count × 784 floats), kept in JS memory; each batch is copied out and
 * uploaded. Why not one device tensor and a gather: on wasm, gathering 64 rows of 8,000 took
 * ~8 ms (measured), uploading 64 × 784 floats a fraction of that; on a GPU the upload is 200 kB.
 */
export class DigitBatches {
  readonly count: number;
  /** The stream of the batches' indices (a checkpoint saves its position). */
  readonly random: RandomStream;
  private readonly images: Float32Array;

  constructor(images: Float32Array, seed: number) {
    if (images.length === 0 || images.length % DIGIT_PIXELS !== 0) {
      throw new RangeError(`Expected count × ${DIGIT_PIXELS} pixel values, got ${images.length}.`);
    }
    this.count = images.length / DIGIT_PIXELS;
    this.images = images;
    this.random = new RandomStream(seed);
  }

  /** `size` digits drawn uniformly with replacement (size, 784). */
  next(size: number): tf.Tensor2D {
    const batch = new Float32Array(size * DIGIT_PIXELS);
    for (let b = 0; b < size; b++) {
      const from = Math.floor(this.random.next() * this.count) * DIGIT_PIXELS;
      batch.set(this.images.subarray(from, from + DIGIT_PIXELS), b * DIGIT_PIXELS);
    }
    return tf.tensor2d(batch, [size, DIGIT_PIXELS]);
  }
}

/**
 * The SteppedTrainer bookkeeping of a digit model. Subclasses write update(): one optimisation
 * step, run inside a tidy, returning the losses in `lossNames` order when asked to keep them.
 */
export abstract class DigitTrainer<TLosses extends Record<string, number>> implements SteppedTrainer<TLosses> {
  private steps = 0;
  private kept: tf.Tensor | null = null;
  private disposed = false;

  protected constructor(private readonly lossNames: readonly (keyof TLosses & string)[]) {}

  protected abstract update(keepLosses: boolean): tf.Tensor1D | null;
  /** Frees the model's own tensors, variables and optimizer (called once). */
  protected abstract disposeModel(): void;

  /** What a checkpoint holds: every trained tensor, the optimisers, the random streams. */
  protected abstract trainingParts(): TrainingParts;

  get iteration(): number {
    return this.steps;
  }

  /** Runs n steps; queues device work only (no read-back). Only the last step keeps its losses. */
  step(n = 1): void {
    this.assertAlive();
    for (let i = 0; i < n; i++) {
      const losses = tf.tidy(() => this.update(i === n - 1) ?? undefined);
      if (losses) {
        this.kept?.dispose();
        this.kept = losses;
      }
      this.steps++;
    }
  }

  /** The whole training state (see train/checkpoint.ts): weights, Adam's moments, iteration, random streams. */
  async exportState(): Promise<TrainingState> {
    this.assertAlive();
    return exportTraining(this.trainingParts(), this.steps);
  }

  /** Restores exportState()'s output, checked first (a RangeError says what does not fit; nothing changes then). */
  importState(state: unknown): void {
    this.assertAlive();
    this.steps = importTraining(this.trainingParts(), state);
    this.kept?.dispose(); // the losses of a step of another run
    this.kept = null;
  }

  async losses(): Promise<TLosses> {
    const values = this.kept ? await this.kept.data() : null;
    return Object.fromEntries(this.lossNames.map((name, i) => [name, values ? values[i] : NaN])) as TLosses;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.kept?.dispose();
    this.kept = null;
    this.disposeModel();
  }

  protected assertAlive(): void {
    if (this.disposed) throw new Error(`${this.constructor.name} used after dispose()`);
  }
}

/** n rows of `width` values as a (n, width) tensor, after checking the length. */
export function matrixInput(values: Float32Array, n: number, width: number): tf.Tensor2D {
  if (!Number.isInteger(n) || n < 1 || values.length !== n * width) {
    throw new RangeError(`Expected ${n} × ${width} = ${n * width} values, got ${values.length}.`);
  }
  return tf.tensor2d(values, [n, width]);
}

/** Reads a tensor back and frees it. */
export async function download(t: tf.Tensor): Promise<Float32Array> {
  try {
    return (await t.data()) as Float32Array;
  } finally {
    t.dispose();
  }
}
