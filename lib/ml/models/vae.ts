/**
 * A variational auto-encoder for 28×28 digits (Kingma & Welling 2014, "Auto-Encoding Variational
 * Bayes": §2.4 the reparameterisation trick, Appendix B the Gaussian KL, Appendix C.1 the
 * Bernoulli decoder).
 *
 *   encoder q(z|x) = N(μ(x), diag σ²(x)):  784 → hidden (ReLU) → [μ, log σ²] (2·latent, linear)
 *   decoder p(x|z) = Bernoulli(sigmoid(logits(z))):  latent → hidden (ReLU) → 784 logits
 *   prior p(z) = N(0, I)
 *
 * Per image, in nats: reconstruction = −log p(x|z) with z = μ + σ ⊙ ε, ε ~ N(0, I) (one sample),
 * kl = KL(q(z|x) ‖ p(z)), ELBO = −reconstruction − kl (a lower bound of log p(x)). Training
 * minimises reconstruction + β·kl (β = 1: the ELBO; β ≠ 1: Higgins et al. 2017's β-VAE); the
 * reported ELBO is always the β = 1 bound. Grey pixels are used as Bernoulli targets, as is
 * common; the bound is then a cross-entropy, not a log-likelihood of binary images.
 * The config (schema, defaults) is plain data in configs/vae.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { vaeConfigSchema, type VaeConfig } from "../configs/vae";
import { DIGIT_PIXELS } from "../datasets/digits";
import { gaussian, mulberry32, type Rng } from "../random";
import { mulberry32After } from "../random";
import { checkpointIteration } from "../train/checkpoint";
import { createMlp, disposeMlp, loadMlpWeights, type Mlp, mlpWeights, runMlp } from "../nn/dense";
import { mlpDims } from "../nn/dense-layout";
import { bernoulliNll, DIGIT_MLP, DigitBatches, DigitTrainer, download, matrixInput } from "./digit-trainer";

export type VaeLosses = { elbo: number; reconstruction: number; kl: number };

/**
 * A checkpoint, plain JSON: each network's weights in its flat layout (nn/dense-layout.ts) and the step
 * count. The data and noise streams are positions, not state: they follow from the iteration.
 */
export interface VaeTrainerState {
  iteration: number;
  encoder: number[];
  decoder: number[];
}

/** KL(N(μ, diag σ²) ‖ N(0, I)) per row = ½ Σ_j (μ_j² + σ_j² − 1 − log σ_j²) (Appendix B). */
export function gaussianKl(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Tensor1D {
  return tf.mul(0.5, tf.sum(tf.sub(tf.add(tf.square(mean), tf.exp(logVar)), tf.add(1, logVar)), 1));
}

/** z = μ + σ ⊙ ε with σ = exp(½ log σ²): a sample of N(μ, σ²) differentiable in μ and log σ² (§2.4). */
export function reparameterize(mean: tf.Tensor2D, logVar: tf.Tensor2D, epsilon: tf.Tensor2D): tf.Tensor2D {
  return tf.add(mean, tf.mul(tf.exp(tf.mul(0.5, logVar)), epsilon));
}

/** Standard normal noise (rows, cols), drawn in JS from a seeded stream (identical on every backend). */
function standardNormal(rows: number, cols: number, rng: Rng): tf.Tensor2D {
  const values = new Float32Array(rows * cols);
  for (let i = 0; i < values.length; i++) values[i] = gaussian(rng);
  return tf.tensor2d(values, [rows, cols]);
}

export class VaeTrainer extends DigitTrainer<VaeLosses> {
  readonly config: VaeConfig;
  private readonly encoder: Mlp; // 784 → hidden → 2·latent: [μ, log σ²]
  private readonly decoder: Mlp; // latent → hidden → 784 (logits)
  private readonly digits: DigitBatches;
  private readonly optimizer: tf.Optimizer;
  private readonly noiseSeed: number;
  private rng: Rng; // ε of the training steps

  /** `data`: training digits, count × 784 floats in [0, 1] (see digitsToFloat). */
  constructor(config: VaeConfig, data: Float32Array) {
    super(["elbo", "reconstruction", "kl"]);
    this.config = vaeConfigSchema.parse(config);
    const { hidden, latent, learningRate, seed } = this.config;
    // Distinct, fixed streams per network, for the batches and for ε.
    this.encoder = createMlp(mlpDims(DIGIT_PIXELS, hidden, 1, 2 * latent), DIGIT_MLP, mulberry32(seed * 4 + 1));
    this.decoder = createMlp(mlpDims(latent, hidden, 1, DIGIT_PIXELS), DIGIT_MLP, mulberry32(seed * 4 + 2));
    this.digits = new DigitBatches(data, seed * 4 + 3);
    this.noiseSeed = seed * 4 + 4;
    this.rng = mulberry32(this.noiseSeed);
    this.optimizer = tf.train.adam(learningRate);
  }

  protected update(keepLosses: boolean): tf.Tensor1D | null {
    const { batchSize, latent, beta } = this.config;
    const x = this.digits.next(batchSize);
    const epsilon = standardNormal(batchSize, latent, this.rng);
    let kept = null as tf.Tensor1D | null;
    this.optimizer.minimize(
      () => {
        const { mean, logVar } = this.posterior(x);
        const logits = runMlp(this.decoder, reparameterize(mean, logVar, epsilon), "both");
        const reconstruction = tf.mean<tf.Scalar>(bernoulliNll(logits, x));
        const kl = tf.mean<tf.Scalar>(gaussianKl(mean, logVar));
        // Read out of the gradient scope, which frees everything else it made.
        if (keepLosses) kept = tf.keep(tf.stack([tf.neg(tf.add(reconstruction, kl)), reconstruction, kl]) as tf.Tensor1D);
        return tf.add(reconstruction, tf.mul(beta, kl));
      },
      false,
      [this.encoder.params, this.decoder.params],
    );
    return kept;
  }

  /** q(z|x)'s parameters for a batch x (B, 784): μ and log σ², each (B, latent). */
  private posterior(x: tf.Tensor2D): { mean: tf.Tensor2D; logVar: tf.Tensor2D } {
    const [mean, logVar] = tf.split(runMlp(this.encoder, x, "weights"), 2, 1) as [tf.Tensor2D, tf.Tensor2D];
    return { mean, logVar };
  }

  private decodeMeans(z: tf.Tensor2D): tf.Tensor2D {
    return tf.sigmoid(runMlp(this.decoder, z, "weights"));
  }

  /** Posterior means μ(x) of n digits (n × 784 floats in [0, 1]) → n × latent. */
  async encode(x: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => this.posterior(matrixInput(x, n, DIGIT_PIXELS)).mean));
  }

  /** Decoder means (pixel probabilities) of n codes (n × latent) → n × 784 in [0, 1]. */
  async decode(z: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => this.decodeMeans(matrixInput(z, n, this.config.latent))));
  }

  /** decode(encode(x)): the decoder means at the posterior means, n × 784 in [0, 1]. */
  async reconstruct(x: Float32Array, n: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => this.decodeMeans(this.posterior(matrixInput(x, n, DIGIT_PIXELS)).mean)));
  }

  /** n × 784 decoder means at z ~ N(0, I) drawn with mulberry32(seed). */
  async sample(n: number, seed: number): Promise<Float32Array> {
    this.assertAlive();
    return download(tf.tidy(() => this.decodeMeans(standardNormal(n, this.config.latent, mulberry32(seed)))));
  }

  /**
   * Decoded images along the straight line between the posterior means of digits a and b
   * (784 floats each): steps × 784, the first at μ(a), the last at μ(b) (steps ≥ 2).
   */
  async interpolate(a: Float32Array, b: Float32Array, steps: number): Promise<Float32Array> {
    this.assertAlive();
    if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`steps must be an integer ≥ 2, got ${steps}.`);
    if (a.length !== DIGIT_PIXELS || b.length !== DIGIT_PIXELS) throw new RangeError(`a and b must hold ${DIGIT_PIXELS} pixels each.`);
    const ends = new Float32Array(2 * DIGIT_PIXELS);
    ends.set(a);
    ends.set(b, DIGIT_PIXELS);
    return download(
      tf.tidy(() => {
        const mu = this.posterior(matrixInput(ends, 2, DIGIT_PIXELS)).mean; // (2, latent)
        const t = tf.linspace(0, 1, steps).reshape([steps, 1]); // (steps, 1)
        const [muA, muB] = tf.split(mu, 2, 0);
        return this.decodeMeans(tf.add(muA, tf.mul(t, tf.sub(muB, muA)))); // (1−t)·μa + t·μb
      }),
    );
  }

  /**
   * The weights and the iteration (see VaeTrainerState). Adam's moments are not kept: a resumed
   * run restarts its averages, which costs a few steps, not the weights.
   */
  async exportState(): Promise<VaeTrainerState> {
    this.assertAlive();
    const iteration = this.iteration; // before the read-back: steps may run meanwhile
    const [encoder, decoder] = await Promise.all([mlpWeights(this.encoder), mlpWeights(this.decoder)]);
    return { iteration, encoder, decoder };
  }

  /**
   * Loads exportState() of a VAE with the same hidden and latent sizes (anything else throws a
   * RangeError saying which network does not fit, before anything changes). The batches and ε
   * continue from where that run's streams stood, so a resumed run sees the same data and noise
   * as an uninterrupted one would (for the same batch size).
   */
  importState(state: VaeTrainerState): void {
    this.assertAlive();
    if (typeof state !== "object" || state === null) throw new RangeError("A VAE checkpoint is an object {iteration, encoder, decoder}.");
    const iteration = checkpointIteration(state.iteration);
    loadMlpWeights([
      { name: "encoder", mlp: this.encoder, weights: state.encoder },
      { name: "decoder", mlp: this.decoder, weights: state.decoder },
    ]);
    this.resumeAt(iteration);
    const { batchSize, latent } = this.config;
    this.digits.resume(iteration * batchSize);
    this.rng = mulberry32After(this.noiseSeed, iteration * batchSize * latent * 2); // gaussian() draws two uniforms
  }

  protected disposeModel(): void {
    disposeMlp(this.encoder);
    disposeMlp(this.decoder);
    this.optimizer.dispose();
  }
}
