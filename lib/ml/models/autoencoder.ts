/**
 * An MLP auto-encoder for 28×28 digits: 784 → hidden (ReLU) → latent (linear) → hidden (ReLU) →
 * 784 (sigmoid). With a 2-D latent (the default) the codes of all digits can be drawn as a map,
 * and decode() turns any point of that map into an image.
 * Reference: Hinton & Salakhutdinov 2006, "Reducing the dimensionality of data with neural
 * networks" (trained here end to end with Adam, Kingma & Ba 2015, instead of RBM pre-training).
 *
 * Loss, per image (summed over the 784 pixels, averaged over the batch):
 * - "bce" (default): Σ −x log x̂ − (1 − x) log(1 − x̂), the Bernoulli negative log-likelihood, in
 *   nats (comparable with the VAE's reconstruction term); grey targets keep it above 0;
 * - "mse": Σ (x̂ − x)².
 * The config (schema, defaults) is plain data in configs/autoencoder.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { autoencoderConfigSchema, type AutoencoderConfig } from "../configs/autoencoder";
import { DIGIT_PIXELS } from "../datasets/digits";
import { mulberry32 } from "../random";
import type { TrainingParts } from "../train/checkpoint";
import { float32Base64, type MlpAutoencoderJson } from "./autoencoder-submission";
import { createMlp, disposeMlp, type Mlp, runMlp } from "../nn/dense";
import { mlpDims } from "../nn/dense-layout";
import { bernoulliNll, DIGIT_MLP, DigitBatches, DigitTrainer, download, matrixInput } from "./digit-trainer";

export type AutoencoderLosses = { loss: number };

export class AutoencoderTrainer extends DigitTrainer<AutoencoderLosses> {
  readonly config: AutoencoderConfig;
  private readonly encoder: Mlp; // 784 → hidden → latent
  private readonly decoder: Mlp; // latent → hidden → 784 (logits)
  private readonly digits: DigitBatches;
  private readonly optimizer: tf.Optimizer;

  /** `data`: training digits, count × 784 floats in [0, 1] (see digitsToFloat). */
  constructor(config: AutoencoderConfig, data: Float32Array) {
    super(["loss"]);
    this.config = autoencoderConfigSchema.parse(config);
    const { hidden, latent, learningRate, seed } = this.config;
    // Distinct, fixed streams per network and for the batches.
    this.encoder = createMlp(mlpDims(DIGIT_PIXELS, hidden, 1, latent), DIGIT_MLP, mulberry32(seed * 3 + 1));
    this.decoder = createMlp(mlpDims(latent, hidden, 1, DIGIT_PIXELS), DIGIT_MLP, mulberry32(seed * 3 + 2));
    this.digits = new DigitBatches(data, seed * 3 + 3);
    this.optimizer = tf.train.adam(learningRate);
  }

  protected update(keepLosses: boolean): tf.Tensor1D | null {
    const x = this.digits.next(this.config.batchSize);
    const cost = this.optimizer.minimize(() => tf.mean(this.lossPerImage(x)), keepLosses, [this.encoder.params, this.decoder.params]);
    return cost ? tf.reshape(cost, [1]) : null;
  }

  private lossPerImage(x: tf.Tensor2D): tf.Tensor1D {
    const logits = runMlp(this.decoder, runMlp(this.encoder, x, "weights"), "both");
    if (this.config.loss === "bce") return bernoulliNll(logits, x);
    return tf.sum(tf.squaredDifference(tf.sigmoid(logits), x), 1);
  }

  /** Codes of n digits (n × 784 floats in [0, 1]) → n × latent. */
  async encode(x: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => runMlp(this.encoder, matrixInput(x, n, DIGIT_PIXELS), "weights")));
  }

  /** Images of n codes (n × latent) → n × 784 in [0, 1]. */
  async decode(z: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => tf.sigmoid(runMlp(this.decoder, matrixInput(z, n, this.config.latent), "weights"))));
  }

  /** decode(encode(x)): n × 784 in [0, 1]. */
  async reconstruct(x: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(
      tf.tidy(() => tf.sigmoid(runMlp(this.decoder, runMlp(this.encoder, matrixInput(x, n, DIGIT_PIXELS), "weights"), "weights"))),
    );
  }

  /** The networks as the autoencoder-digits submission's model (autoencoder-submission.ts), weights as base64 float32. */
  async exportModel(): Promise<MlpAutoencoderJson> {
    this.assertAlive();
    const { hidden, latent } = this.config;
    const [encoder, decoder] = await Promise.all([this.encoder.params.data(), this.decoder.params.data()]);
    return { kind: "mlp", hidden, latent, encoder: float32Base64(encoder), decoder: float32Base64(decoder) };
  }

  protected trainingParts(): TrainingParts {
    return {
      model: "MLP auto-encoder",
      tensors: { encoder: this.encoder.params, decoder: this.decoder.params },
      optimizers: { Adam: { optimizer: this.optimizer, updates: ["encoder", "decoder"] } },
      streams: { batches: this.digits.random },
    };
  }

  protected disposeModel(): void {
    disposeMlp(this.encoder);
    disposeMlp(this.decoder);
    this.optimizer.dispose();
  }
}
