/**
 * pix2pix on digits (Isola et al. 2017, "Image-to-image translation with conditional adversarial
 * networks"): a generator G completes the lower half y of a digit from its upper half x, trained with
 *   L_G = adversarialWeight · (−mean log D(x, G(x))) + l1Weight · mean |y − G(x)|,
 * and a discriminator D that tells real pairs (x, y) from completed pairs (x, G(x)), with the
 * binary cross-entropy of the GAN (models/gan.ts; the non-saturating generator loss of Goodfellow
 * et al. 2014, §3). D sees the input x too: judging the output alone, it would let G draw a sharp
 * lower half unrelated to its upper half.
 *
 * G is deterministic (no noise input): pix2pix found that G learns to ignore a noise input and
 * kept noise only as dropout, so its outputs are close to deterministic anyway. Both networks are
 * MLPs with LeakyReLU(0.2) hidden layers (as the digit GANs, models/digit-gan.ts), G ending in a
 * sigmoid (grey levels in [0, 1]), D in a linear logit; no U-Net (the output is the other half of
 * the image: no pixel of it is in the input to skip across) and no PatchGAN (a 28 × 14 image is
 * one patch). Adam with β1 = 0.5, one D step then one G step on the same batch per iteration.
 *
 * Shapes: B = batch, X = Y = HALF_PIXELS (392); G: (B, X) → (B, Y), D: (B, X + Y) → (B, 1) logits.
 * The config (schema, defaults) is plain data in configs/img2img.ts; the submission format and the
 * float64 forward pass that scores it are in img2img-submission.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { img2imgConfigSchema, type Img2ImgConfig } from "../configs/img2img";
import { DIGIT_PIXELS } from "../datasets/digits";
import { createLayerVariables, type DenseKernels, runDense, type VariableLayer } from "../nn/dense";
import { heHiddenGlorotOutput, type LayerDims, mlpDims } from "../nn/dense-layout";
import { mulberry32, type Rng } from "../random";
import type { TrainingParts } from "../train/checkpoint";
import { float32Base64 } from "./autoencoder-submission";
import { DigitBatches, DigitTrainer, download, matrixInput } from "./digit-trainer";
import { discriminatorLoss, discriminatorSigns, generatorLoss } from "./gan";
import { generatorNetwork, HALF_PIXELS, type Img2ImgSubmission } from "./img2img-submission";

export interface Img2ImgLosses extends Record<string, number> {
  /** mean |y − G(x)| over the batch's lower-half pixels, on the 0–1 grey scale. */
  l1: number;
  /** The generator's adversarial loss, −mean log D(x, G(x)) (non-saturating). */
  gAdversarial: number;
  /** D's binary cross-entropy, the mean over the real and completed pairs (log 2 ≈ 0.693 when it cannot tell them apart). */
  dLoss: number;
}

const LOSS_NAMES = ["l1", "gAdversarial", "dLoss"] as const;

/** Fused matMul + bias + activation per layer, bias gradients by tf.sum (as the digit GANs). */
const KERNELS: DenseKernels = { forward: "fused", biasGradient: "sum" };

function createNetwork(dims: LayerDims[], output: "sigmoid" | "linear", rng: Rng): VariableLayer[] {
  return createLayerVariables(dims, { activations: { hidden: "leakyrelu", output }, init: heHiddenGlorotOutput }, rng);
}

const variablesOf = (net: VariableLayer[]): tf.Variable[] => net.flatMap(({ w, b }) => [w, b]);

/** "generator W1", "generator b1", … in variablesOf's order. */
const named = (name: string, net: VariableLayer[]): Record<string, tf.Variable> =>
  Object.fromEntries(net.flatMap(({ w, b }, i) => [[`${name} W${i + 1}`, w], [`${name} b${i + 1}`, b]]));

export class Img2ImgTrainer extends DigitTrainer<Img2ImgLosses> {
  readonly config: Img2ImgConfig;
  private readonly generator: VariableLayer[];
  private readonly discriminator: VariableLayer[];
  private readonly digits: DigitBatches;
  private readonly signs: tf.Tensor2D; // (2B, 1), see discriminatorSigns
  private readonly gOptimizer: tf.Optimizer;
  private readonly dOptimizer: tf.Optimizer;

  /** `data`: the training digits, count × 784 floats in [0, 1] (digitsToFloat); each is split into its two halves. */
  constructor(config: Img2ImgConfig, data: Float32Array) {
    super(LOSS_NAMES);
    this.config = img2imgConfigSchema.parse(config);
    const { generatorWidth, generatorDepth, discriminatorWidth, generatorLr, discriminatorLr, beta1, batchSize, seed } = this.config;
    // Distinct, fixed streams per network and for the batches, so resizing one network leaves the rest alone.
    const gDims = generatorNetwork(generatorWidth, generatorDepth).layers.map(({ inDim, outDim }) => ({ inDim, outDim }));
    this.generator = createNetwork(gDims, "sigmoid", mulberry32(seed * 3 + 1));
    this.discriminator = createNetwork(mlpDims(DIGIT_PIXELS, discriminatorWidth, 1, 1), "linear", mulberry32(seed * 3 + 2));
    this.digits = new DigitBatches(data, seed * 3 + 3);
    this.signs = discriminatorSigns(batchSize);
    this.gOptimizer = tf.train.adam(generatorLr, beta1);
    this.dOptimizer = tf.train.adam(discriminatorLr, beta1);
  }

  /** G(x) (B, 392) in (0, 1); gradients reach G's weights. */
  private completion(upper: tf.Tensor2D): tf.Tensor2D {
    return runDense(this.generator, upper, "weights", KERNELS);
  }

  /** D's logits (B, 1) of whole digits [x | y] (B, 784); `frozen`: only the digits get a gradient (the G step). */
  private discriminate(pairs: tf.Tensor2D, frozen: boolean): tf.Tensor2D {
    return runDense(this.discriminator, pairs, frozen ? "input" : "weights", KERNELS);
  }

  protected update(keepLosses: boolean): tf.Tensor1D | null {
    const { batchSize, l1Weight, adversarialWeight } = this.config;
    const real = this.digits.next(batchSize); // (B, 784) = [x | y]
    const [upper, lower] = tf.split(real, 2, 1) as [tf.Tensor2D, tf.Tensor2D]; // (B, 392) each
    // D step: real pairs against completed ones, G(x) made outside the closure (not taped).
    const pairs = tf.concat([real, tf.concat([upper, this.completion(upper)], 1)], 0) as tf.Tensor2D; // (2B, 784)
    const dCost = this.dOptimizer.minimize(() => discriminatorLoss(this.discriminate(pairs, false), this.signs), keepLosses, variablesOf(this.discriminator));
    // G step on the same batch; the two terms are kept (they outlive the gradient's own tidy) to be reported.
    let terms: tf.Scalar[] = [];
    this.gOptimizer.minimize(
      () => {
        const fake = this.completion(upper);
        const l1 = tf.mean<tf.Scalar>(tf.abs(tf.sub(fake, lower)));
        const adversarial = generatorLoss(this.discriminate(tf.concat([upper, fake], 1) as tf.Tensor2D, true), "non-saturating");
        if (keepLosses) terms = [tf.keep(l1), tf.keep(adversarial)];
        return tf.add(tf.mul(adversarialWeight, adversarial), tf.mul(l1Weight, l1));
      },
      false,
      variablesOf(this.generator),
    );
    if (!keepLosses || !dCost) return null;
    const losses = tf.stack([...terms, dCost]) as tf.Tensor1D;
    tf.dispose(terms);
    return losses;
  }

  /** G's completions of n upper halves (n × 392 values in [0, 1]) → n × 392 values in (0, 1). */
  async complete(upper: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => this.completion(matrixInput(upper, n, HALF_PIXELS))));
  }

  /** G as the img2img-digits submission's model (img2img-submission.ts), its weights in their flat layout as base64 float32. */
  async exportModel(): Promise<Img2ImgSubmission["model"]> {
    this.assertAlive();
    const parts = await Promise.all(variablesOf(this.generator).map((v) => v.data() as Promise<Float32Array>));
    const flat = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (flat.set(p, at), at + p.length), 0); // W1 (in × out, row-major), b1, W2, b2, …
    const { generatorWidth: hidden, generatorDepth: depth } = this.config;
    return { kind: "mlp", hidden, depth, generator: float32Base64(flat) };
  }

  protected trainingParts(): TrainingParts {
    const generator = named("generator", this.generator);
    const discriminator = named("discriminator", this.discriminator);
    return {
      model: "digit pix2pix",
      tensors: { ...generator, ...discriminator },
      optimizers: {
        generator: { optimizer: this.gOptimizer, updates: Object.keys(generator) },
        discriminator: { optimizer: this.dOptimizer, updates: Object.keys(discriminator) },
      },
      streams: { batches: this.digits.random },
    };
  }

  protected disposeModel(): void {
    tf.dispose([...variablesOf(this.generator), ...variablesOf(this.discriminator)]);
    this.gOptimizer.dispose();
    this.dOptimizer.dispose();
    this.signs.dispose();
  }
}
