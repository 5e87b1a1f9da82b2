/**
 * An adversarial auto-encoder for 28×28 digits with a 2-D code (Makhzani et al. 2016, "Adversarial
 * Autoencoders", §2: a deterministic encoder, the prior p(z) = N(0, I)).
 *
 *   encoder z = f(x):   784 → hidden (ReLU) → 2 (linear)          (the auto-encoder's, autoencoder.ts)
 *   decoder x̂ = g(z):   2 → hidden (ReLU) → 784 logits (sigmoid)
 *   discriminator D(z): 2 → D (LeakyReLU) → D (LeakyReLU) → 1 logit, D(z) = P(z is a prior sample)
 *
 * Each step takes one minibatch x of B digits through the two phases of §2, each with its own Adam:
 * 1. reconstruction: encoder and decoder minimise the Bernoulli cross-entropy
 *    Σ_pixels −x log x̂ − (1 − x) log(1 − x̂) per digit (in nats, as the auto-encoder's and the
 *    VAE's reconstruction term; bernoulliNll), averaged over the batch;
 * 2. regularisation: (a) D minimises −mean log D(z′) − mean log(1 − D(f(x))) over B prior samples
 *    z′ ~ N(0, I) ("real") and the batch's codes ("fake"), the codes computed after phase 1 and
 *    held fixed; (b) the ENCODER alone then minimises the non-saturating −mean log D(f(x)) through
 *    the updated, frozen D. The decoder never sees D; D never sees an image.
 * Reported per step: the reconstruction loss, D's loss (the mean over its 2B examples: log 2 ≈
 * 0.693 when it cannot tell codes from prior samples) and the encoder's adversarial loss (log 2 at
 * the same balance). The adversarial optimisers use Adam's β₁ = 0.5 (Radford et al. 2015, as the
 * digit GANs). The config (schema, defaults) is plain data in configs/aae.ts.
 */
import * as tf from "@tensorflow/tfjs";
import { AAE_LATENT, aaeConfigSchema, type AaeConfig } from "../configs/aae";
import { DIGIT_PIXELS } from "../datasets/digits";
import { mulberry32, type Rng } from "../random";
import { RandomStream, type TrainingParts } from "../train/checkpoint";
import { float32Base64, type MlpAutoencoderJson } from "./autoencoder-submission";
import { priorSamples } from "./aae-submission";
import { discriminatorLoss, discriminatorSigns, generatorLoss } from "./gan";
import { createMlp, disposeMlp, type Mlp, type MlpSpec, runMlp } from "../nn/dense";
import { heHiddenGlorotOutput, mlpDims } from "../nn/dense-layout";
import { bernoulliNll, DIGIT_MLP, DigitBatches, DigitTrainer, download, matrixInput } from "./digit-trainer";

export type AaeLosses = { reconstruction: number; discriminator: number; encoder: number };

/** Adam's β₁ of the discriminator's and the encoder's adversarial updates. */
const ADVERSARIAL_BETA1 = 0.5;

/** The discriminator on codes: LeakyReLU hidden layers (no dead units on a 2-D input), a linear logit. */
const DISCRIMINATOR_MLP: MlpSpec = {
  activations: { hidden: "leakyrelu", output: "linear" },
  kernels: { forward: "separate", biasGradient: "sum" },
  init: heHiddenGlorotOutput,
};
const DISCRIMINATOR_DEPTH = 2;

/** n prior samples z ~ N(0, I) as a (n, 2) tensor. */
const priorTensor = (n: number, rng: Rng): tf.Tensor2D => tf.tensor2d(Float32Array.from(priorSamples(n, rng)), [n, AAE_LATENT]);

export class AaeTrainer extends DigitTrainer<AaeLosses> {
  readonly config: AaeConfig;
  private readonly encoder: Mlp; // 784 → hidden → 2
  private readonly decoder: Mlp; // 2 → hidden → 784 (logits)
  private readonly discriminator: Mlp; // 2 → D → D → 1 (logit)
  private readonly digits: DigitBatches;
  /** The prior samples the discriminator sees. */
  private readonly prior: RandomStream;
  private readonly signs: tf.Tensor2D; // (2B, 1): −1 for the prior rows, +1 for the codes
  private readonly reconstructionOptimizer: tf.Optimizer;
  private readonly discriminatorOptimizer: tf.Optimizer;
  private readonly encoderOptimizer: tf.Optimizer;

  /** `data`: training digits, count × 784 floats in [0, 1] (see digitsToFloat). */
  constructor(config: AaeConfig, data: Float32Array) {
    super(["reconstruction", "discriminator", "encoder"]);
    this.config = aaeConfigSchema.parse(config);
    const { hidden, discriminatorHidden, learningRate, discriminatorLr, encoderLr, batchSize, seed } = this.config;
    // Distinct, fixed streams per network, for the batches and for the prior samples.
    this.encoder = createMlp(mlpDims(DIGIT_PIXELS, hidden, 1, AAE_LATENT), DIGIT_MLP, mulberry32(seed * 5 + 1));
    this.decoder = createMlp(mlpDims(AAE_LATENT, hidden, 1, DIGIT_PIXELS), DIGIT_MLP, mulberry32(seed * 5 + 2));
    this.discriminator = createMlp(mlpDims(AAE_LATENT, discriminatorHidden, DISCRIMINATOR_DEPTH, 1), DISCRIMINATOR_MLP, mulberry32(seed * 5 + 3));
    this.digits = new DigitBatches(data, seed * 5 + 4);
    this.prior = new RandomStream(seed * 5 + 5);
    this.signs = discriminatorSigns(batchSize);
    this.reconstructionOptimizer = tf.train.adam(learningRate);
    this.discriminatorOptimizer = tf.train.adam(discriminatorLr, ADVERSARIAL_BETA1);
    this.encoderOptimizer = tf.train.adam(encoderLr, ADVERSARIAL_BETA1);
  }

  protected update(keepLosses: boolean): tf.Tensor1D | null {
    const { batchSize } = this.config;
    const x = this.digits.next(batchSize);
    // 1. Reconstruction: encoder and decoder.
    const reconstruction = this.reconstructionOptimizer.minimize(
      () => tf.mean(bernoulliNll(runMlp(this.decoder, runMlp(this.encoder, x, "weights"), "both"), x)),
      keepLosses,
      [this.encoder.params, this.decoder.params],
    );
    // 2a. The discriminator: prior samples (real) above the codes (fake), computed outside its closure (not taped).
    const real = priorTensor(batchSize, this.prior.next);
    const both = tf.concat([real, runMlp(this.encoder, x, "weights")], 0) as tf.Tensor2D;
    const discriminator = this.discriminatorOptimizer.minimize(
      () => discriminatorLoss(runMlp(this.discriminator, both, "weights"), this.signs),
      keepLosses,
      [this.discriminator.params],
    );
    // 2b. The encoder fools the updated discriminator, whose weights stay frozen.
    const encoder = this.encoderOptimizer.minimize(
      () => generatorLoss(runMlp(this.discriminator, runMlp(this.encoder, x, "weights"), "input"), "non-saturating"),
      keepLosses,
      [this.encoder.params],
    );
    return reconstruction && discriminator && encoder ? (tf.stack([reconstruction, discriminator, encoder]) as tf.Tensor1D) : null;
  }

  /** The codes f(x) of n digits (n × 784 floats in [0, 1]) → n × 2. */
  encode(x: Float32Array, n: number): Promise<Float32Array> {
    return this.evaluate(this.encoder, x, n, DIGIT_PIXELS, (codes) => codes);
  }

  /** The decoder's images g(z) of n codes (n × 2) → n × 784 pixel values in [0, 1]. */
  decode(z: Float32Array, n: number): Promise<Float32Array> {
    return this.evaluate(this.decoder, z, n, AAE_LATENT, tf.sigmoid);
  }

  /** `then` of a network's outputs for n rows of `width` inputs, read back (no gradient). */
  private async evaluate(mlp: Mlp, values: Float32Array, n: number, width: number, then: (y: tf.Tensor2D) => tf.Tensor2D): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => then(runMlp(mlp, matrixInput(values, n, width), "weights"))));
  }

  /** n × 784 images decoded from z ~ N(0, I) drawn with mulberry32(seed) (priorSamples). */
  async sample(n: number, seed: number): Promise<Float32Array> {
    return this.decode(Float32Array.from(priorSamples(n, mulberry32(seed))), n);
  }

  /** Encoder and decoder as the aae-digits submission's model (models/aae-submission.ts), weights as base64 float32. */
  async exportModel(): Promise<MlpAutoencoderJson> {
    this.assertAlive();
    const weights = await Promise.all([this.encoder, this.decoder].map((mlp) => mlp.params.data()));
    return { kind: "mlp", hidden: this.config.hidden, latent: AAE_LATENT, encoder: float32Base64(weights[0]), decoder: float32Base64(weights[1]) };
  }

  protected trainingParts(): TrainingParts {
    return {
      model: "digit adversarial auto-encoder",
      tensors: { encoder: this.encoder.params, decoder: this.decoder.params, discriminator: this.discriminator.params },
      optimizers: {
        reconstruction: { optimizer: this.reconstructionOptimizer, updates: ["encoder", "decoder"] },
        discriminator: { optimizer: this.discriminatorOptimizer, updates: ["discriminator"] },
        "encoder's adversarial": { optimizer: this.encoderOptimizer, updates: ["encoder"] },
      },
      streams: { batches: this.digits.random, prior: this.prior },
    };
  }

  protected disposeModel(): void {
    for (const mlp of [this.encoder, this.decoder, this.discriminator]) disposeMlp(mlp);
    for (const optimizer of [this.reconstructionOptimizer, this.discriminatorOptimizer, this.encoderOptimizer]) optimizer.dispose();
    this.signs.dispose();
  }
}
