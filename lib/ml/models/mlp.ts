/**
 * What the digit models share (autoencoder.ts, vae.ts; DigitBatches and DigitTrainer also rbm.ts),
 * so each model file holds only its own idea:
 * - Mlp: ReLU hidden layers and a linear output, every weight in ONE flat tf.variable
 *   [W1 (in·out, row-major), b1, W2, b2, …]: the optimizer then updates one tensor per network
 *   (the idea of models/gan.ts). Gradients come from tfjs autograd, except matMul's (ops.ts);
 * - bernoulliNll: the Bernoulli negative log-likelihood of images under decoder logits;
 * - DigitBatches: seeded random batches of the training digits;
 * - DigitTrainer: the SteppedTrainer bookkeeping (one tidy per step; the last step's losses stay
 *   on the device until losses() reads them back) and its checkpoints (train/checkpoint.ts);
 * - mlpWeights / loadMlpWeights: the VAE's checkpoints as plain JSON numbers (the worker pool stores them);
 * - matrixInput / download: Float32Array in and out of the models' async methods.
 */
import * as tf from "@tensorflow/tfjs";
import { DIGIT_PIXELS } from "../datasets/digits";
import { matMulFastGrad } from "../ops";
import type { Rng } from "../random";
import { exportTraining, importTraining, RandomStream, type TrainingParts } from "../train/checkpoint";
import { type SteppedTrainer, uniformInit } from "../train/loop";
import type { LayerDims } from "./gan";

export interface Mlp {
  params: tf.Variable<tf.Rank.R1>;
  dims: LayerDims[];
  /** Lengths of the W and b pieces of `params`, in order (for tf.split). */
  sizes: number[];
}

/**
 * Seeded initialisation in plain JS (identical on every backend): He-uniform for ReLU layers,
 * Glorot-uniform for the linear output layer, zero biases.
 */
export function createMlp(dims: LayerDims[], rng: Rng): Mlp {
  const sizes = dims.flatMap(({ inDim, outDim }) => [inDim * outDim, outDim]);
  const values = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  let offset = 0;
  dims.forEach(({ inDim, outDim }, i) => {
    const relu = i < dims.length - 1;
    const limit = relu ? Math.sqrt(6 / inDim) : Math.sqrt(6 / (inDim + outDim));
    values.set(uniformInit(inDim * outDim, limit, rng), offset);
    offset += inDim * outDim + outDim; // biases stay 0
  });
  const init = tf.tensor1d(values);
  const params = tf.variable(init);
  init.dispose(); // tf.variable copied it
  return { params, dims, sizes };
}

/**
 * x (B, in) -> (B, out): ReLU hidden layers, linear output. `inputNeedsGrad`: whether x itself
 * needs a gradient (a decoder fed by an encoder); data inputs do not, which skips one matMul.
 */
export function runMlp(net: Mlp, x: tf.Tensor2D, inputNeedsGrad: boolean): tf.Tensor2D {
  const pieces = tf.split(net.params, net.sizes);
  const last = net.dims.length - 1;
  let h = x;
  net.dims.forEach(({ inDim, outDim }, i) => {
    const w = tf.reshape(pieces[2 * i], [inDim, outDim]) as tf.Tensor2D;
    h = tf.add(matMulFastGrad(h, w, i > 0 || inputNeedsGrad), pieces[2 * i + 1]);
    if (i < last) h = tf.relu(h);
  });
  return h;
}

export function disposeMlp(net: Mlp): void {
  net.params.dispose();
}

/** "784 → 256 → 4": the layer sizes, for messages. */
const layerSizes = (net: Mlp) => [net.dims[0].inDim, ...net.dims.map((d) => d.outDim)].join(" → ");

/** The network's weights as plain numbers, in the flat layout of `params` (a checkpoint's JSON). */
export async function mlpWeights(net: Mlp): Promise<number[]> {
  return Array.from(await net.params.data());
}

/**
 * Loads weights from mlpWeights() into networks of the same layer sizes. Every network is checked
 * before any is changed; a checkpoint that does not fit throws a RangeError naming the network.
 */
export function loadMlpWeights(networks: { name: string; net: Mlp; weights: unknown }[]): void {
  for (const { name, net, weights } of networks) {
    if (!Array.isArray(weights)) throw new RangeError(`The checkpoint has no ${name} weights (a list of numbers).`);
    if (weights.length !== net.params.size) {
      throw new RangeError(
        `The checkpoint's ${name} has ${weights.length.toLocaleString("en")} weights; this model's ${name} (${layerSizes(net)}) has ${net.params.size.toLocaleString("en")}: the checkpoint comes from other layer sizes.`,
      );
    }
    if (!weights.every(Number.isFinite)) throw new RangeError(`The checkpoint's ${name} weights must be finite numbers.`);
  }
  tf.tidy(() => networks.forEach(({ net, weights }) => net.params.assign(tf.tensor1d(weights as number[]))));
}

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

  /** Continues the stream as it stands after `drawn` digits since construction (a resumed run). */
  resume(drawn: number): void {
    this.random.resume(drawn);
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

  /**
   * What a checkpoint holds: every trained tensor, the Adam optimisers, the random streams. The VAE
   * does without: it keeps the weights-only JSON checkpoints that the worker pool stores.
   */
  protected trainingParts(): TrainingParts {
    throw new Error(`${this.constructor.name} saves its own checkpoints.`);
  }

  get iteration(): number {
    return this.steps;
  }

  /** Sets the step count when a checkpoint is loaded (see checkpointIteration). */
  protected resumeAt(iteration: number): void {
    this.steps = iteration;
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
  async exportState(): Promise<unknown> {
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
