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
import { checkpointIteration, RandomStream, type TrainingParts, type TrainingState, weightsOnlyTraining } from "../train/checkpoint";
import { checkMlpWeights, createMlp, disposeMlp, type Mlp, runMlp } from "../nn/dense";
import { mlpDims } from "../nn/dense-layout";
import { bernoulliNll, DIGIT_MLP, DigitBatches, DigitTrainer, download, matrixInput } from "./digit-trainer";

export type VaeLosses = { elbo: number; reconstruction: number; kl: number };

/**
 * The worker pool's VAE checkpoint, plain JSON: each network's weights in its flat layout
 * (nn/dense-layout.ts) and the step count, without Adam's moments, which would triple its size.
 */
export interface VaeWeights {
  iteration: number;
  encoder: number[];
  decoder: number[];
}

/**
 * exportState(): the whole training state (train/checkpoint.ts), which this browser's storage keeps
 * (structured clone); as JSON, which is how the worker pool stores it, it is VaeWeights.
 */
export type VaeTrainerState = TrainingState & { toJSON(): VaeWeights };

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
  private readonly noise: RandomStream; // ε of the training steps

  /** `data`: training digits, count × 784 floats in [0, 1] (see digitsToFloat). */
  constructor(config: VaeConfig, data: Float32Array) {
    super(["elbo", "reconstruction", "kl"]);
    this.config = vaeConfigSchema.parse(config);
    const { hidden, latent, learningRate, seed } = this.config;
    // Distinct, fixed streams per network, for the batches and for ε.
    this.encoder = createMlp(mlpDims(DIGIT_PIXELS, hidden, 1, 2 * latent), DIGIT_MLP, mulberry32(seed * 4 + 1));
    this.decoder = createMlp(mlpDims(latent, hidden, 1, DIGIT_PIXELS), DIGIT_MLP, mulberry32(seed * 4 + 2));
    this.digits = new DigitBatches(data, seed * 4 + 3);
    this.noise = new RandomStream(seed * 4 + 4);
    this.optimizer = tf.train.adam(learningRate);
  }

  protected update(keepLosses: boolean): tf.Tensor1D | null {
    const { batchSize, latent, beta } = this.config;
    const x = this.digits.next(batchSize);
    const epsilon = standardNormal(batchSize, latent, this.noise.next);
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

  protected trainingParts(): TrainingParts {
    return {
      model: "VAE",
      tensors: { encoder: this.encoder.params, decoder: this.decoder.params },
      optimizers: { Adam: { optimizer: this.optimizer, updates: ["encoder", "decoder"] } },
      streams: { batches: this.digits.random, noise: this.noise },
    };
  }

  /** The whole training state, whose JSON is the pool's VaeWeights (see VaeTrainerState). */
  async exportState(): Promise<VaeTrainerState> {
    const state = await super.exportState();
    const toJSON = (): VaeWeights => ({ iteration: state.iteration, encoder: Array.from(state.tensors.encoder.values), decoder: Array.from(state.tensors.decoder.values) });
    // Not enumerable: structuredClone (IndexedDB) and deepEqual skip it, JSON.stringify calls it.
    return Object.defineProperty(state, "toJSON", { value: toJSON }) as VaeTrainerState;
  }

  /**
   * Loads exportState() of a VAE with the same settings, or its JSON (VaeWeights: the pool's
   * checkpoints and runs, and what this page saved before it kept Adam's state). Anything else throws
   * a RangeError saying what does not fit, before anything changes. From VaeWeights, Adam restarts,
   * and the batches and ε continue from where that run's streams stood (for the same batch size).
   */
  importState(state: unknown): void {
    this.assertAlive();
    if (typeof state !== "object" || state === null) {
      throw new RangeError("A VAE checkpoint is an object {model, iteration, tensors, optimizers, streams}, or {iteration, encoder, decoder}.");
    }
    super.importState("tensors" in state ? state : this.weightsOnly(state));
  }

  private weightsOnly(state: object): TrainingState<ArrayLike<number>> {
    const { iteration: savedIteration, encoder, decoder } = state as Partial<Record<keyof VaeWeights, unknown>>;
    const iteration = checkpointIteration(savedIteration);
    checkMlpWeights([
      { name: "encoder", mlp: this.encoder, weights: encoder },
      { name: "decoder", mlp: this.decoder, weights: decoder },
    ]);
    const { batchSize, latent } = this.config;
    return weightsOnlyTraining(
      this.trainingParts(),
      iteration,
      { encoder: encoder as number[], decoder: decoder as number[] },
      { batches: iteration * batchSize, noise: iteration * batchSize * latent * 2 }, // gaussian() draws two uniforms
    );
  }

  protected disposeModel(): void {
    disposeMlp(this.encoder);
    disposeMlp(this.decoder);
    this.optimizer.dispose();
  }
}
