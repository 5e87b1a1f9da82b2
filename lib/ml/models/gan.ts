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
import { gaussian, mulberry32, type Rng } from "../random";

export const DATA_DIM = 2;

export type GanModelConfig = Pick<GanConfig, "noiseDim" | "hiddenWidth" | "depth" | "seed">;
export type GanLoss = GanConfig["loss"];

/** One dense layer: y = act(x·W + b), W (in, out), b (out). */
interface Dense {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/**
 * Seeded initialisation in plain JS (identical on every backend): He-uniform for ReLU layers,
 * Glorot-uniform for the linear output layer, zero biases.
 */
function initDense(fanIn: number, fanOut: number, relu: boolean, rng: Rng): Dense {
  const limit = relu ? Math.sqrt(6 / fanIn) : Math.sqrt(6 / (fanIn + fanOut));
  const values = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < values.length; i++) values[i] = (2 * rng() - 1) * limit;
  const wInit = tf.tensor2d(values, [fanIn, fanOut]);
  const bInit = tf.zeros([fanOut]) as tf.Tensor1D;
  const layer = { w: tf.variable(wInit), b: tf.variable(bInit) };
  wInit.dispose(); // tf.variable copied the data
  bInit.dispose();
  return layer;
}

/** `depth` hidden ReLU layers of width H, then a linear layer to `outDim`. */
function mlp(inDim: number, width: number, depth: number, outDim: number, rng: Rng): Dense[] {
  const layers: Dense[] = [];
  for (let i = 0; i < depth; i++) layers.push(initDense(i === 0 ? inDim : width, width, true, rng));
  layers.push(initDense(width, outDim, false, rng));
  return layers;
}

/**
 * Which gradients a dense layer's backward pass computes:
 * - "full": dx, dW, db (a hidden layer being trained);
 * - "weights": dW, db only (the first layer: its input is data or noise, never trained);
 * - "input": dx only (W, b frozen: the discriminator during the generator step).
 * Unneeded gradients are not even taped, so their matMuls never run.
 */
type GradMode = "full" | "weights" | "input";
type Activation = "relu" | "linear";

/**
 * Dense layer y = act(x·W + b), one fused kernel forward, with a hand-written gradient. tfjs's
 * own matMul gradient calls matMul with transposeA / transposeB, which the wasm backend runs ~8×
 * slower than a plain matMul (512×128×128: 10 ms vs 1.3 ms); an explicit transpose followed by a
 * plain matMul keeps the fast path. db is ones(1, B)·dz: faster than a sum over axis 0 on wasm.
 */
function dense(x: tf.Tensor2D, layer: Dense, activation: Activation, mode: GradMode): tf.Tensor2D {
  const { w, b } = layer; // variables: alive through the backward pass
  const run = (save: tf.GradSaveFunc) => {
    const y = tf.fused.matMul({ a: x, b: w, bias: b, activation }); // (B, in)·(in, out) -> (B, out)
    // Tensors the backward pass needs must be saved: the tape frees the other intermediates.
    save(mode === "input" ? [y] : [y, x]);
    return y;
  };
  const backward = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const dz = (activation === "relu" ? tf.mul(dy, tf.step(saved[0])) : dy) as tf.Tensor2D; // (B, out)
    const grads: tf.Tensor[] = [];
    if (mode !== "weights") grads.push(tf.matMul(dz, tf.transpose(w))); // dx: (B, out)·(out, in)
    if (mode !== "input") {
      grads.push(tf.matMul(tf.transpose(saved[1]), dz)); // dW: (in, B)·(B, out) -> (in, out)
      grads.push(tf.reshape(tf.matMul(tf.ones([1, x.shape[0]]), dz), [dz.shape[1]])); // db: (out)
    }
    return grads;
  };
  // Only the tensors passed as arguments are taped as inputs; the rest are constants here.
  const op =
    mode === "full"
      ? tf.customGrad((_x, _w, _b, save) => ({ value: run(save as tf.GradSaveFunc), gradFunc: backward }))
      : mode === "weights"
        ? tf.customGrad((_w, _b, save) => ({ value: run(save as tf.GradSaveFunc), gradFunc: backward }))
        : tf.customGrad((_x, save) => ({ value: run(save as tf.GradSaveFunc), gradFunc: backward }));
  const inputs = mode === "full" ? [x, w, b] : mode === "weights" ? [w, b] : [x];
  return op(...inputs) as tf.Tensor2D;
}

/**
 * Runs an MLP: hidden ReLU layers, linear output. `frozen`: gradients reach the input only
 * (weights held constant); otherwise they reach the weights only (the input is a constant).
 */
function forward(layers: Dense[], x: tf.Tensor2D, frozen = false): tf.Tensor2D {
  let h = x;
  for (let i = 0; i < layers.length; i++) {
    const activation = i === layers.length - 1 ? "linear" : "relu";
    const mode: GradMode = frozen ? "input" : i === 0 ? "weights" : "full";
    h = dense(h, layers[i], activation, mode); // (B, in) -> (B, out)
  }
  return h;
}

function flatten(layers: Dense[]): tf.Variable[] {
  return layers.flatMap((l) => [l.w, l.b]);
}

export class GanModel {
  readonly config: GanModelConfig;
  private readonly gLayers: Dense[];
  private readonly dLayers: Dense[];
  /** Noise source of `noise` / `generate`; seeded, so runs are reproducible. */
  private readonly rng: Rng;
  private disposed = false;

  constructor(config: GanModelConfig) {
    this.config = config;
    const { noiseDim, hiddenWidth, depth, seed } = config;
    // Distinct, fixed streams per network so changing one network's size leaves the other alone.
    this.gLayers = mlp(noiseDim, hiddenWidth, depth, DATA_DIM, mulberry32(seed * 2 + 1));
    this.dLayers = mlp(DATA_DIM, hiddenWidth, depth, 1, mulberry32(seed * 2 + 2));
    this.rng = mulberry32(seed ^ 0x9e3779b9);
  }

  /** z (B, Z) -> x (B, 2). Gradients reach G's weights, not z. */
  generator(z: tf.Tensor2D): tf.Tensor2D {
    tf.util.assert(z.shape[1] === this.config.noiseDim, () => `noise must be (B, ${this.config.noiseDim})`);
    return forward(this.gLayers, z);
  }

  /**
   * x (B, 2) -> logits (B, 1); D(x) = sigmoid(logits) is the probability that x is real.
   * `frozen`: D's weights are constants for gradients (the G step), only x gets a gradient;
   * otherwise only D's weights do.
   */
  discriminatorLogits(x: tf.Tensor2D, frozen = false): tf.Tensor2D {
    tf.util.assert(x.shape[1] === DATA_DIM, () => `x must be (B, ${DATA_DIM})`);
    return forward(this.dLayers, x, frozen);
  }

  /** Standard normal noise (n, Z), drawn in JS from the seeded stream. */
  noise(n: number): tf.Tensor2D {
    const z = this.config.noiseDim;
    const values = new Float32Array(n * z);
    for (let i = 0; i < values.length; i++) values[i] = gaussian(this.rng);
    return tf.tensor2d(values, [n, z]);
  }

  /** n fresh samples (n, 2). No gradient is taped outside an optimizer closure. */
  generate(n: number): tf.Tensor2D {
    return tf.tidy(() => this.generator(this.noise(n)));
  }

  get generatorParameters(): tf.Variable[] {
    return flatten(this.gLayers);
  }

  get discriminatorParameters(): tf.Variable[] {
    return flatten(this.dLayers);
  }

  /** All trainable variables: generator first, then discriminator. */
  parameters(): tf.Variable[] {
    return [...this.generatorParameters, ...this.discriminatorParameters];
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const v of this.parameters()) v.dispose();
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
