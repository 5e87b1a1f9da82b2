/**
 * GANs on 28×28 MNIST digits, trained in the browser (wasm / WebGL / WebGPU) or in Node:
 * - unconditional: Goodfellow et al. 2014, "Generative Adversarial Nets" (Algorithm 1, with the
 *   non-saturating generator loss of §3);
 * - conditional: Mirza & Osindero 2014, "Conditional Generative Adversarial Nets" (§3.2): the
 *   label y enters both networks as a one-hot vector concatenated to their input, G(z, y), D(x, y).
 *
 * Both networks are MLPs with LeakyReLU(0.2) hidden layers (Radford et al. 2015 use it in D; it
 * also keeps G's units from dying). G ends in a sigmoid, so its images are grey levels in [0, 1]
 * like the data, as in the original GAN code's MNIST generator. (A tanh output on data scaled
 * to [-1, 1] is equivalent, tanh(a) = 2σ(2a) − 1, but wasm's tanh kernel is ~10× slower than its
 * sigmoid, which also fuses into the last matMul.) Adam with β1 = 0.5 (Radford et al. 2015, §4).
 *
 * No DCGAN variant: the wasm backend of tfjs 4.22 has no Conv2DBackpropFilter kernel, so a
 * convolutional network cannot be trained on it (the backend of CPU-only classroom machines).
 *
 * Shapes: B = batch, Z = noiseDim, C = DIGIT_CLASSES (10), P = DIGIT_PIXELS (784);
 * G: (B, Z [+ C]) -> (B, P), D: (B, P [+ C]) -> (B, 1) logits.
 * The config (schema, defaults) is plain data in configs/digit-gan.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { DIGIT_CLASSES, DIGIT_PIXELS, digitsToFloat, type DigitSet } from "../datasets/digits";
import { gaussian, mulberry32, type Rng } from "../random";
import { exportTraining, importTraining, RandomStream, type TrainingParts, type TrainingState } from "../train/checkpoint";
import type { SteppedTrainer } from "../train/loop";
import { digitGanConfigSchema, type DigitGanConfig } from "../configs/digit-gan";
import { createLayerVariables, type DenseKernels, runDense, type VariableLayer } from "../nn/dense";
import { heHiddenGlorotOutput, type LayerDims, mlpDims } from "../nn/dense-layout";
import { discriminatorLoss, discriminatorSigns, generatorLoss } from "./gan";

export interface DigitGanLosses extends Record<string, number> {
  /** Discriminator BCE over real + fake (log 2 ≈ 0.693 when D cannot tell them apart). */
  dLoss: number;
  /** Non-saturating generator loss, −mean log D(G(z)). */
  gLoss: number;
}

export interface DigitSamples {
  /** n × 784 grey levels in [0, 1], image after image, row-major. */
  images: Float32Array;
  /** The label each image was generated for (conditional GAN only). */
  labels?: Int32Array;
}

export interface DigitSampleGrid extends DigitSamples {
  rows: number;
  columns: number;
}

// ---------------------------------------------------------------------------------------------
// The networks (nn/dense.ts): LeakyReLU hidden layers, a W and a b variable per layer.

/** The kernels of every layer: fused matMul + bias + activation, bias gradients by tf.sum. */
const KERNELS: DenseKernels = { forward: "fused", biasGradient: "sum" };

/** G ends in a sigmoid (grey levels), D in a linear logit. */
function createNetwork(dims: LayerDims[], output: "sigmoid" | "linear", rng: Rng): VariableLayer[] {
  return createLayerVariables(dims, { activations: { hidden: "leakyrelu", output }, init: heHiddenGlorotOutput }, rng);
}

const parametersOf = (net: VariableLayer[]): tf.Variable[] => net.flatMap(({ w, b }) => [w, b]);

/** The layers' variables by name ("generator W1", "generator b1", …), in parametersOf's order. */
function namedParameters(name: string, net: VariableLayer[]): Record<string, tf.Variable> {
  return Object.fromEntries(net.flatMap(({ w, b }, i) => [[`${name} W${i + 1}`, w], [`${name} b${i + 1}`, b]]));
}

// ---------------------------------------------------------------------------------------------

/** Labels (n) as one-hot rows (n, C) whose hot entry is `scale`. */
function oneHot(labels: Int32Array, scale: number): tf.Tensor2D {
  const values = new Float32Array(labels.length * DIGIT_CLASSES);
  labels.forEach((label, i) => (values[i * DIGIT_CLASSES + label] = scale));
  return tf.tensor2d(values, [labels.length, DIGIT_CLASSES]);
}

/** Standard normal noise (n, Z) drawn in JS from `rng`. */
function noise(n: number, noiseDim: number, rng: Rng): tf.Tensor2D {
  const values = new Float32Array(n * noiseDim);
  for (let i = 0; i < values.length; i++) values[i] = gaussian(rng);
  return tf.tensor2d(values, [n, noiseDim]);
}

export class DigitGanTrainer implements SteppedTrainer<DigitGanLosses> {
  readonly config: DigitGanConfig;
  iteration = 0;

  private readonly generator: VariableLayer[];
  private readonly discriminator: VariableLayer[];
  /** Training images (N, P) in [0, 1], uploaded once; batches are gathered from it. */
  private readonly images: tf.Tensor2D;
  private readonly labels: Uint8Array;
  private readonly signs: tf.Tensor2D; // (2B, 1), see discriminatorSigns
  private readonly dOptimizer: tf.Optimizer;
  private readonly gOptimizer: tf.Optimizer;
  /** Batch indices, fake labels and noise of training; sampling uses its own seeds. */
  private readonly random: RandomStream;
  private dLossT: tf.Scalar | null = null;
  private gLossT: tf.Scalar | null = null;
  private disposed = false;

  constructor(config: DigitGanConfig, data: DigitSet) {
    this.config = digitGanConfigSchema.parse(config);
    if (!(data.count >= 1) || data.images.length < data.count * DIGIT_PIXELS || data.labels.length < data.count) {
      throw new RangeError("data must hold count ≥ 1 digits (count × 784 pixels and count labels)");
    }
    const { conditional, noiseDim, generatorWidth, discriminatorWidth, depth, batchSize, beta1, seed } = this.config;
    const label = conditional ? DIGIT_CLASSES : 0;
    // Distinct, fixed streams per network so resizing one leaves the other's init alone.
    const gDims = mlpDims(noiseDim + label, generatorWidth, depth, DIGIT_PIXELS);
    const dDims = mlpDims(DIGIT_PIXELS + label, discriminatorWidth, depth, 1);
    this.generator = createNetwork(gDims, "sigmoid", mulberry32(seed * 2 + 1));
    this.discriminator = createNetwork(dDims, "linear", mulberry32(seed * 2 + 2));
    this.images = tf.tensor2d(digitsToFloat(data.images, 0, data.count), [data.count, DIGIT_PIXELS]);
    this.labels = data.labels.slice(0, data.count);
    this.signs = discriminatorSigns(batchSize);
    this.dOptimizer = tf.train.adam(this.config.discriminatorLr, beta1);
    this.gOptimizer = tf.train.adam(this.config.generatorLr, beta1);
    this.random = new RandomStream(seed ^ 0x9e3779b9);
  }

  /** G(z [, y]) (B, P) in [0, 1]; gradients reach G's weights, not z. */
  private generate(z: tf.Tensor2D, labels: Int32Array): tf.Tensor2D {
    return runDense(this.generator, this.withLabels(z, labels), "weights", KERNELS);
  }

  /** D's logits (B, 1) of images x (B, P) in [0, 1]; `frozen`: only x gets a gradient. */
  private discriminate(x: tf.Tensor2D, labels: Int32Array, frozen: boolean): tf.Tensor2D {
    return runDense(this.discriminator, this.withLabels(x, labels), frozen ? "input" : "weights", KERNELS);
  }

  /** [x, one-hot(y)] for the conditional GAN; x itself otherwise. */
  private withLabels(x: tf.Tensor2D, labels: Int32Array): tf.Tensor2D {
    return this.config.conditional ? tf.concat([x, oneHot(labels, this.config.labelScale)], 1) : x;
  }

  /** Runs n iterations (k D steps + 1 G step each, Algorithm 1); no read-back. */
  step(n = 1): void {
    this.assertAlive();
    for (let i = 0; i < n; i++) {
      const keep = i === n - 1; // only the last iteration's losses are kept
      const losses = tf.tidy(() => this.iterate(keep) ?? []);
      if (losses.length === 2) {
        tf.dispose([this.dLossT, this.gLossT].filter((t): t is tf.Scalar => t !== null));
        [this.dLossT, this.gLossT] = losses;
      }
      this.iteration++;
    }
  }

  private iterate(keepLosses: boolean): tf.Scalar[] | null {
    const { dSteps, batchSize, noiseDim } = this.config;
    let dCost: tf.Scalar | null = null;
    for (let k = 0; k < dSteps; k++) {
      const { indices, labels } = this.randomBatch();
      const real = tf.gather(this.images, indices); // (B, P)
      // Fakes for the real batch's labels (balanced per class for D); made outside the closure: not taped.
      const fake = this.generate(noise(batchSize, noiseDim, this.random.next), labels);
      const x = tf.concat([real, fake], 0) as tf.Tensor2D; // (2B, P)
      const xLabels = new Int32Array(2 * batchSize);
      xLabels.set(labels);
      xLabels.set(labels, batchSize);
      const last = keepLosses && k === dSteps - 1;
      dCost = this.dOptimizer.minimize(
        () => discriminatorLoss(this.discriminate(x, xLabels, false), this.signs),
        last,
        parametersOf(this.discriminator),
      );
    }
    const z = noise(batchSize, noiseDim, this.random.next);
    const labels = this.randomLabels(batchSize);
    const gCost = this.gOptimizer.minimize(
      () => generatorLoss(this.discriminate(this.generate(z, labels), labels, true), "non-saturating"),
      keepLosses,
      parametersOf(this.generator),
    );
    return keepLosses && dCost && gCost ? [dCost, gCost] : null;
  }

  /** B random training indices (with replacement) and their labels. */
  private randomBatch(): { indices: tf.Tensor1D; labels: Int32Array } {
    const { batchSize } = this.config;
    const indices = new Int32Array(batchSize);
    const labels = new Int32Array(batchSize);
    for (let b = 0; b < batchSize; b++) {
      indices[b] = Math.floor(this.random.next() * this.labels.length);
      labels[b] = this.labels[indices[b]];
    }
    return { indices: tf.tensor1d(indices, "int32"), labels };
  }

  private randomLabels(n: number): Int32Array {
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) labels[i] = Math.floor(this.random.next() * DIGIT_CLASSES);
    return labels;
  }

  private trainingParts(): TrainingParts {
    const generator = namedParameters("generator", this.generator);
    const discriminator = namedParameters("discriminator", this.discriminator);
    return {
      model: this.config.conditional ? "conditional digit GAN" : "digit GAN",
      tensors: { ...generator, ...discriminator },
      optimizers: {
        generator: { optimizer: this.gOptimizer, updates: Object.keys(generator) },
        discriminator: { optimizer: this.dOptimizer, updates: Object.keys(discriminator) },
      },
      streams: { "batches and noise": this.random },
    };
  }

  /** Both networks, both Adam optimisers, the iteration and the stream of batches and noise (train/checkpoint.ts). */
  exportState(): Promise<TrainingState> {
    this.assertAlive();
    return exportTraining(this.trainingParts(), this.iteration);
  }

  /** Restores exportState()'s output, checked first (a RangeError says what does not fit; nothing changes then). */
  importState(state: unknown): void {
    this.assertAlive();
    this.iteration = importTraining(this.trainingParts(), state);
  }

  /** The losses of the latest step (NaN before the first step). */
  async losses(): Promise<DigitGanLosses> {
    const [d, g] = await Promise.all([this.dLossT?.data(), this.gLossT?.data()]);
    return { dLoss: d ? d[0] : NaN, gLoss: g ? g[0] : NaN };
  }

  /**
   * n samples of the current generator, images in [0, 1]. The noise comes from mulberry32(seed),
   * so the same seed gives the same z every call (watch one sample change while training).
   * Conditional GAN: `labels` (n values 0–9), or 0, 1, …, 9, 0, … when omitted.
   */
  async sample(n: number, seed: number, labels?: Int32Array): Promise<DigitSamples> {
    this.assertAlive();
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
    const y = this.sampleLabels(n, labels);
    const z = noise(n, this.config.noiseDim, mulberry32(seed));
    return this.render(z, y);
  }

  /**
   * A rows × 10 grid of samples whose noise depends only on `seed` (default: config.seed), so
   * the same grid can be redrawn while training. Conditional GAN: row r holds ONE z and column c
   * the label c (the label changes the digit, z its style); unconditional: rows × 10 different z.
   */
  async sampleGrid(rows: number, seed = this.config.seed): Promise<DigitSampleGrid> {
    this.assertAlive();
    if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`rows must be a positive integer, got ${rows}`);
    const columns = DIGIT_CLASSES;
    const n = rows * columns;
    const { noiseDim, conditional } = this.config;
    const rng = mulberry32(seed);
    const rowNoise = conditional ? noise(rows, noiseDim, rng) : null;
    const z = rowNoise ? tf.tidy(() => tf.reshape(tf.tile(rowNoise, [1, columns]), [n, noiseDim]) as tf.Tensor2D) : noise(n, noiseDim, rng);
    rowNoise?.dispose();
    const y = this.sampleLabels(n);
    return { ...(await this.render(z, y)), rows, columns };
  }

  /** Given labels (checked) or 0–9 cycling; undefined for the unconditional GAN. */
  private sampleLabels(n: number, labels?: Int32Array): Int32Array | undefined {
    if (!this.config.conditional) {
      if (labels) throw new RangeError("labels are only for the conditional GAN");
      return undefined;
    }
    if (!labels) return Int32Array.from({ length: n }, (_, i) => i % DIGIT_CLASSES);
    if (labels.length !== n) throw new RangeError(`labels must hold ${n} values, got ${labels.length}`);
    const bad = labels.findIndex((l) => !Number.isInteger(l) || l < 0 || l >= DIGIT_CLASSES);
    if (bad >= 0) throw new RangeError(`labels[${bad}] = ${labels[bad]} is not a digit 0–9`);
    return Int32Array.from(labels);
  }

  /** G(z, y) read back; disposes z. */
  private async render(z: tf.Tensor2D, labels: Int32Array | undefined): Promise<DigitSamples> {
    const images = tf.tidy(() => this.generate(z, labels ?? new Int32Array(0)));
    z.dispose();
    try {
      return { images: (await images.data()) as Float32Array, ...(labels ? { labels } : {}) };
    } finally {
      images.dispose();
    }
  }

  /** Frees weights, optimizer state, data and kept losses. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    tf.dispose([this.dLossT, this.gLossT].filter((t): t is tf.Scalar => t !== null));
    this.dLossT = null;
    this.gLossT = null;
    tf.dispose([...parametersOf(this.generator), ...parametersOf(this.discriminator)]);
    this.dOptimizer.dispose();
    this.gOptimizer.dispose();
    this.images.dispose();
    this.signs.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error("DigitGanTrainer used after dispose()");
  }
}
