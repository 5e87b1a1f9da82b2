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

/** Input and output width of each dense layer of an MLP. */
export interface LayerDims {
  inDim: number;
  outDim: number;
}

/** `depth` hidden ReLU layers of width H, then a linear layer to `outDim`. */
export function mlpDims(inDim: number, width: number, depth: number, outDim: number): LayerDims[] {
  const dims: LayerDims[] = [];
  for (let i = 0; i < depth; i++) dims.push({ inDim: i === 0 ? inDim : width, outDim: width });
  dims.push({ inDim: width, outDim });
  return dims;
}

/** One layer's weights as views of the flat variable; wT = Wᵀ (out, in), made on first use. */
interface LayerView {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
  wT?: tf.Tensor2D;
}

/**
 * An MLP whose weights live in ONE flat variable [W1 (in·out, row-major), b1, W2, b2, …]:
 * the optimizer then updates one tensor per network instead of two per layer (~20 kernels each
 * for Adam), which is most of a step's kernel count for networks this small.
 */
interface Mlp {
  params: tf.Variable<tf.Rank.R1>;
  dims: LayerDims[];
  /** Lengths of the W and b pieces of `params`, in order (for tf.split). */
  sizes: number[];
  /**
   * Per-layer views of `params`, kept until the optimizer assigns new values (which gives the
   * variable a new dataId): G's serve the D step and the G step, D's the G step and the next
   * D step, so each network is split once per update instead of once per pass.
   */
  view?: { dataId: object; layers: LayerView[] };
  /** ones(1, B) per batch size B, for the bias gradients. */
  ones: Map<number, tf.Tensor2D>;
}

/**
 * Seeded initialisation in plain JS (identical on every backend): He-uniform for ReLU layers,
 * Glorot-uniform for the linear output layer, zero biases.
 */
function initMlp(dims: LayerDims[], rng: Rng): Mlp {
  const sizes = dims.flatMap(({ inDim, outDim }) => [inDim * outDim, outDim]);
  const values = new Float32Array(sizes.reduce((a, b) => a + b, 0));
  let offset = 0;
  dims.forEach(({ inDim, outDim }, i) => {
    const relu = i < dims.length - 1;
    const limit = relu ? Math.sqrt(6 / inDim) : Math.sqrt(6 / (inDim + outDim));
    for (let k = 0; k < inDim * outDim; k++) values[offset + k] = (2 * rng() - 1) * limit;
    offset += inDim * outDim + outDim; // biases stay 0
  });
  const init = tf.tensor1d(values);
  const params = tf.variable(init);
  init.dispose(); // tf.variable copied it
  return { params, dims, sizes, ones: new Map() };
}

/** The current (W, b) views of every layer: one split kernel per parameter update. */
function layersOf(net: Mlp): LayerView[] {
  const dataId = net.params.dataId as object;
  if (net.view?.dataId !== dataId) {
    disposeView(net);
    const layers: LayerView[] = tf.tidy(() => {
      const pieces = tf.split(net.params, net.sizes);
      return net.dims.map(({ inDim, outDim }, i) => ({
        w: tf.reshape(pieces[2 * i], [inDim, outDim]) as tf.Tensor2D,
        b: pieces[2 * i + 1] as tf.Tensor1D,
      }));
    });
    for (const l of layers) {
      tf.keep(l.w); // outlive the caller's tidy
      tf.keep(l.b);
    }
    net.view = { dataId, layers };
    return layers;
  }
  return net.view.layers;
}

function transposedWeights(layer: LayerView): tf.Tensor2D {
  if (!layer.wT) layer.wT = tf.keep(tf.transpose(layer.w) as tf.Tensor2D);
  return layer.wT;
}

function onesRow(net: Mlp, n: number): tf.Tensor2D {
  let ones = net.ones.get(n);
  if (!ones) {
    ones = tf.keep(tf.ones([1, n]) as tf.Tensor2D);
    net.ones.set(n, ones);
  }
  return ones;
}

function disposeView(net: Mlp): void {
  for (const l of net.view?.layers ?? []) tf.dispose([l.w, l.b, ...(l.wT ? [l.wT] : [])]);
  net.view = undefined;
}

function disposeMlp(net: Mlp): void {
  disposeView(net);
  tf.dispose([...net.ones.values()]);
  net.ones.clear();
  net.params.dispose();
}

/**
 * act(x·W + b) as ONE _FusedMatMul kernel. tf.fused.matMul falls back to three kernels
 * (matMul, add, relu) whenever a gradient is being recorded, but this runs inside runMlp's
 * custom-gradient forward pass, where nothing is recorded, so the fused kernel is safe.
 */
function fusedDense(x: tf.Tensor2D, layer: LayerView, activation: "relu" | "linear"): tf.Tensor2D {
  const [rows, inDim] = x.shape;
  const outDim = layer.w.shape[1];
  // The kernel takes batched 3-D operands: (1, B, in) · (1, in, out) + (out) -> (1, B, out)
  const y = tf.engine().runKernel(
    "_FusedMatMul",
    { a: tf.reshape(x, [1, rows, inDim]), b: tf.reshape(layer.w, [1, inDim, outDim]), bias: layer.b },
    { transposeA: false, transposeB: false, activation },
  ) as tf.Tensor3D;
  return tf.reshape(y, [rows, outDim]); // (B, out)
}

/**
 * Which gradients the backward pass computes (unneeded ones are not taped, so never run):
 * - "weights": d params only (the input is data or noise, never trained);
 * - "input": d x only (weights frozen: the discriminator during the generator step).
 */
type GradMode = "weights" | "input";

/**
 * Runs an MLP (ReLU hidden layers, linear output; one fused matMul + bias + activation kernel
 * per layer) as ONE taped op with a hand-written backward pass. Why by hand: tfjs's matMul
 * gradient calls matMul with transposeA / transposeB, which the wasm backend runs ~8× slower
 * than a plain matMul (512×128×128: 10 ms vs 1.3 ms); an explicit transpose followed by a plain
 * matMul keeps the fast path. db is ones(1, B)·dz, faster on wasm than a sum over axis 0.
 */
function runMlp(net: Mlp, x: tf.Tensor2D, mode: GradMode): tf.Tensor2D {
  const n = net.dims.length;
  const layers = layersOf(net); // cached: the backward pass may use them without saving
  const forward = (save: tf.GradSaveFunc): tf.Tensor2D => {
    const acts: tf.Tensor2D[] = [x]; // acts[i]: input of layer i (B, in_i); acts[n]: output
    for (let i = 0; i < n; i++) {
      const activation = i < n - 1 ? "relu" : "linear";
      acts.push(fusedDense(acts[i], layers[i], activation)); // (B, in) -> (B, out)
    }
    // The tape frees forward intermediates (and what is saved, once done); keep the activations.
    save(acts);
    return acts[n];
  };
  const backward = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
    const acts = saved as tf.Tensor2D[];
    const grads: tf.Tensor1D[] = [];
    let d = dy as tf.Tensor2D; // d loss / d (output of layer i)
    for (let i = n - 1; i >= 0; i--) {
      const dz = i < n - 1 ? tf.mul(d, tf.step(acts[i + 1])) : d; // through ReLU: (B, out)
      if (mode === "weights") {
        grads.unshift(
          tf.reshape(tf.matMul(tf.transpose(acts[i]), dz), [-1]), // dW: (in, B)·(B, out)
          tf.reshape(tf.matMul(onesRow(net, dz.shape[0]), dz), [-1]), // db: (1, B)·(B, out)
        );
      }
      if (i > 0 || mode === "input") d = tf.matMul(dz, transposedWeights(layers[i])); // dx: (B, out)·(out, in)
    }
    return [mode === "weights" ? tf.concat(grads) : d];
  };
  // Only the argument of `op` is taped as an input; everything else is a constant here.
  const op = tf.customGrad((_input, save) => ({ value: forward(save as tf.GradSaveFunc), gradFunc: backward }));
  return op(mode === "weights" ? net.params : x) as tf.Tensor2D;
}

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
    this.g = initMlp(mlpDims(noiseDim, hiddenWidth, depth, DATA_DIM), mulberry32(seed * 2 + 1));
    this.d = initMlp(mlpDims(DATA_DIM, hiddenWidth, depth, 1), mulberry32(seed * 2 + 2));
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

  /** G's weights, one flat variable (layout: see Mlp; shapes: generatorDims). */
  get generatorParameters(): tf.Variable[] {
    return [this.g.params];
  }

  get discriminatorParameters(): tf.Variable[] {
    return [this.d.params];
  }

  get generatorDims(): readonly LayerDims[] {
    return this.g.dims;
  }

  get discriminatorDims(): readonly LayerDims[] {
    return this.d.dims;
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
