/**
 * A GAN of two small MLPs for 2-D data, written with tf.variable weights and tfjs-core ops
 * (no layers API), so a training step is a short, fixed list of kernels.
 * References: Goodfellow et al. 2014, "Generative Adversarial Nets" (Algorithm 1, and the
 * non-saturating generator loss of §3); GAN Lab (Kahng et al. 2018) for the 2-D setting.
 *
 * Shapes: B = batch, Z = noiseDim, H = hiddenWidth, D = DATA_DIM = 2.
 */
import * as tf from "@tensorflow/tfjs";
import type { GanConfig } from "../configs/gan";
import { checkMlpWeights, createMlp, disposeMlp, type Mlp, type MlpSpec, runMlp } from "../nn/dense";
import { heHiddenGlorotOutput, type LayerDims, mlpDims } from "../nn/dense-layout";
import { gaussian, mulberry32, type Rng } from "../random";

export const DATA_DIM = 2;

export type GanModelConfig = Pick<GanConfig, "noiseDim" | "hiddenWidth" | "depth" | "seed">;
export type GanLoss = GanConfig["loss"];

/** Both networks: ReLU hidden layers, a linear output (the data, or D's logit); see nn/dense.ts. */
const GAN_MLP: MlpSpec = {
  activations: { hidden: "relu", output: "linear" },
  kernels: { forward: "fused", biasGradient: "ones" },
  init: heHiddenGlorotOutput,
};

export class GanModel {
  readonly config: GanModelConfig;
  private readonly g: Mlp;
  private readonly d: Mlp;
  /** Noise source of `noise` / `generate`; seeded, so runs are reproducible. */
  private readonly rng: Rng;
  private disposed = false;

  constructor(config: GanModelConfig) {
    this.config = config;
    const { noiseDim, hiddenWidth, depth, seed } = config;
    // Distinct, fixed streams per network so changing one network's size leaves the other alone.
    this.g = createMlp(mlpDims(noiseDim, hiddenWidth, depth, DATA_DIM), GAN_MLP, mulberry32(seed * 2 + 1));
    this.d = createMlp(mlpDims(DATA_DIM, hiddenWidth, depth, 1), GAN_MLP, mulberry32(seed * 2 + 2));
    this.rng = mulberry32(seed ^ 0x9e3779b9);
  }

  /** z (B, Z) -> x (B, 2). Gradients reach G's weights, not z. */
  generator(z: tf.Tensor2D): tf.Tensor2D {
    tf.util.assert(z.shape[1] === this.config.noiseDim, () => `noise must be (B, ${this.config.noiseDim})`);
    return runMlp(this.g, z, "weights");
  }

  /**
   * x (B, 2) -> logits (B, 1); D(x) = sigmoid(logits) is the probability that x is real.
   * `frozen`: D's weights are constants for gradients (the G step), only x gets a gradient;
   * otherwise only D's weights do.
   */
  discriminatorLogits(x: tf.Tensor2D, frozen = false): tf.Tensor2D {
    tf.util.assert(x.shape[1] === DATA_DIM, () => `x must be (B, ${DATA_DIM})`);
    return runMlp(this.d, x, frozen ? "input" : "weights");
  }

  /**
   * Standard normal noise (n, Z), drawn in JS from the seeded stream, or from `rng` (a trainer keeps
   * its training noise in a stream of its own, so that drawing samples for the page leaves it alone).
   */
  noise(n: number, rng: Rng = this.rng): tf.Tensor2D {
    const z = this.config.noiseDim;
    const values = new Float32Array(n * z);
    for (let i = 0; i < values.length; i++) values[i] = gaussian(rng);
    return tf.tensor2d(values, [n, z]);
  }

  /** n fresh samples (n, 2), their noise from `rng` as in noise(). No gradient is taped outside an optimizer closure. */
  generate(n: number, rng: Rng = this.rng): tf.Tensor2D {
    return tf.tidy(() => this.generator(this.noise(n, rng)));
  }

  /** G's weights, one flat variable (layout: nn/dense-layout.ts; shapes: generatorDims). */
  get generatorParameters(): tf.Variable[] {
    return [this.g.params];
  }

  get discriminatorParameters(): tf.Variable[] {
    return [this.d.params];
  }

  get generatorDims(): readonly LayerDims[] {
    return this.g.net.layers;
  }

  get discriminatorDims(): readonly LayerDims[] {
    return this.d.net.layers;
  }

  /** Checks both networks' weights of a checkpoint's JSON (flat layouts): a RangeError names the network that does not fit. */
  checkWeights(generator: unknown, discriminator: unknown): void {
    checkMlpWeights([
      { name: "generator", mlp: this.g, weights: generator },
      { name: "discriminator", mlp: this.d, weights: discriminator },
    ]);
  }

  /** All trainable variables: generator first, then discriminator. */
  parameters(): tf.Variable[] {
    return [...this.generatorParameters, ...this.discriminatorParameters];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeMlp(this.g);
    disposeMlp(this.d);
  }
}

/**
 * Discriminator loss on logits (2B, 1) of [real; fake] stacked in one batch, with
 * `signs` (2B, 1) = [-1 (B times); +1 (B times)]:
 *   mean(softplus(signs ⊙ logits)) = ½[mean −log D(real) + mean −log(1 − D(fake))],
 * i.e. binary cross-entropy over the 2B samples; log 2 ≈ 0.693 when D cannot tell them apart.
 */
export function discriminatorLoss(logits: tf.Tensor2D, signs: tf.Tensor2D): tf.Scalar {
  return tf.mean(tf.softplus(tf.mul(logits, signs)));
}

/** Stacking signs for discriminatorLoss: (2B, 1), −1 for the B real rows, +1 for the B fake rows. */
export function discriminatorSigns(batchSize: number): tf.Tensor2D {
  const s = new Float32Array(2 * batchSize);
  s.fill(-1, 0, batchSize).fill(1, batchSize);
  return tf.tensor2d(s, [2 * batchSize, 1]);
}

/**
 * Generator loss on the logits (B, 1) of generated samples.
 * - "minimax": minimise mean log(1 − D(G(z))) = −mean softplus(logits) (saturates when D wins);
 * - "non-saturating": minimise −mean log D(G(z)) = mean softplus(−logits) (Goodfellow et al. §3).
 */
export function generatorLoss(fakeLogits: tf.Tensor2D, loss: GanLoss): tf.Scalar {
  switch (loss) {
    case "minimax":
      return tf.neg(tf.mean<tf.Scalar>(tf.softplus(fakeLogits)));
    case "non-saturating":
      return tf.mean(tf.softplus(tf.neg(fakeLogits)));
    default: {
      const never: never = loss;
      throw new Error(`unknown loss ${String(never)}`);
    }
  }
}
