/**
 * Dense networks in TensorFlow.js, the one implementation behind every MLP of the course: the ring
 * GAN and the DDPM (models/gan.ts), the digit GANs, the auto-encoder and the VAE, RealNVP's coupling
 * networks and the character models' MLPs. Their sizes, activations, flat layout and seeded
 * initialisation are plain data in nn/dense-layout.ts.
 *
 * A layer is act(x·W + b). The backward pass is written by hand (denseBackward): inside a custom op
 * nothing is taped, so a step runs a few kernels per layer instead of tfjs's automatic gradients,
 * which also copy what they save; and every transposed product is an explicit transpose followed by
 * a plain matMul, because tfjs's matMul gradient uses transposeA / transposeB, which the wasm backend
 * runs ~8× slower (512×128×128: 10 ms vs 1.3 ms).
 * - runMlp: a network whose weights are ONE flat variable (Mlp), as one taped op;
 * - runDense: a network of given W and b tensors (variables, or views of a flat vector that autodiff
 *   carries back to it), as one taped op;
 * - denseForward / denseBackward: the two passes, for a model that writes its own gradient (RealNVP).
 */
import * as tf from "@tensorflow/tfjs";
import type { Rng } from "../random";
import {
  type Activation,
  type Activations,
  type DenseNetwork,
  denseNetwork,
  initDenseWeights,
  type LayerDims,
  LEAKY_SLOPE,
  layerSizes,
  type WeightLimit,
} from "./dense-layout";

/** A layer's tensors: W (in, out), and b (out) or null (an embedding table: one-hot · W). */
export interface DenseLayer {
  w: tf.Tensor2D;
  b: tf.Tensor1D | null;
  activation: Activation;
}

/**
 * Which kernels compute a layer. The choices agree up to float32 rounding, not bit for bit (on wasm
 * a fused kernel starts its sums from the bias; on the cpu backend a product with ones sums in
 * blocks), so each model keeps the kernels it was trained with and a seed repeats its run exactly:
 * - forward "fused": act(x·W + b) as one _FusedMatMul kernel (tanh, which tfjs cannot fuse, follows
 *   it); "separate": matMul, add, then the activation;
 * - biasGradient "ones": db = ones(1, B)·dz, faster on wasm than "sum", tf.sum(dz, 0).
 */
export interface DenseKernels {
  forward: "fused" | "separate";
  biasGradient: "ones" | "sum";
}

/**
 * Which inputs of a network get gradients: its weights (the input is data or noise), its input
 * only (frozen weights: the discriminator in the generator step), or both (a decoder fed by an encoder).
 */
export type DenseGrads = "weights" | "input" | "both";

/**
 * act(x·W + b) as ONE _FusedMatMul kernel. tf.fused.matMul splits it into three kernels whenever a
 * gradient is being recorded; this runs inside a custom op's forward pass (nothing is recorded there)
 * or outside any tape, so it stays one.
 */
function fusedLayer(x: tf.Tensor2D, { w, b, activation }: DenseLayer): tf.Tensor2D {
  const [rows, inDim] = x.shape;
  const outDim = w.shape[1];
  // The kernel takes batched operands: (1, B, in) · (1, in, out) + (out) -> (1, B, out)
  const y = tf
    .engine()
    .runKernel(
      "_FusedMatMul",
      { a: tf.reshape(x, [1, rows, inDim]), b: tf.reshape(w, [1, inDim, outDim]), ...(b ? { bias: b } : {}) },
      { transposeA: false, transposeB: false, activation: activation === "tanh" ? "linear" : activation, leakyreluAlpha: LEAKY_SLOPE },
    ) as tf.Tensor3D;
  const out = tf.reshape(y, [rows, outDim]) as tf.Tensor2D;
  return activation === "tanh" ? tf.tanh(out) : out;
}

function separateLayer(x: tf.Tensor2D, { w, b, activation }: DenseLayer): tf.Tensor2D {
  const product = tf.matMul(x, w);
  const z = (b ? tf.add(product, b) : product) as tf.Tensor2D;
  switch (activation) {
    case "linear":
      return z;
    case "relu":
      return tf.relu(z);
    case "leakyrelu":
      return tf.leakyRelu(z, LEAKY_SLOPE);
    case "tanh":
      return tf.tanh(z);
    case "sigmoid":
      return tf.sigmoid(z);
  }
}

/** x (B, in) through every layer: acts[0] = x, acts[i + 1] = the output of layer i (B, out_i). */
export function denseForward(layers: readonly DenseLayer[], x: tf.Tensor2D, kernels: DenseKernels): tf.Tensor2D[] {
  const acts = [x];
  layers.forEach((layer, i) => acts.push(kernels.forward === "fused" ? fusedLayer(acts[i], layer) : separateLayer(acts[i], layer)));
  return acts;
}

/** d loss / d (x·W + b) from d loss / d y, with act′ written in terms of the output y. */
function throughActivation(d: tf.Tensor2D, y: tf.Tensor2D, activation: Activation): tf.Tensor2D {
  switch (activation) {
    case "linear":
      return d;
    case "relu":
      return tf.mul(d, tf.step(y));
    case "leakyrelu":
      return tf.mul(d, tf.step(y, LEAKY_SLOPE)); // LeakyReLU keeps the sign: slope 1 or LEAKY_SLOPE
    case "tanh":
      return tf.mul(d, tf.sub(1, tf.square(y))); // tanh′ = 1 − tanh²
    case "sigmoid":
      return tf.mul(d, tf.mul(y, tf.sub(1, y))); // σ′ = σ(1 − σ)
  }
}

export interface DenseGradients {
  /** d loss / d W (in, out) and d loss / d b (out; null for a layer without b) per layer; empty unless the weights' were asked for. */
  dW: tf.Tensor2D[];
  db: (tf.Tensor1D | null)[];
  /** d loss / d x (B, in); null unless asked for. */
  dx: tf.Tensor2D | null;
}

/** Where the flat networks keep what they reuse across passes (see Mlp). */
interface BackwardCache {
  transposed(layer: number): tf.Tensor2D;
  ones(rows: number): tf.Tensor2D;
}

/**
 * The backward pass from dy = d loss / d output (B, out) and denseForward's activations. Per layer:
 * dz = dy ⊙ act′, dW = xᵀ·dz, db = Σ_rows dz, dx = dz·Wᵀ; gradients not asked for are not computed.
 */
export function denseBackward(
  layers: readonly DenseLayer[],
  acts: readonly tf.Tensor2D[],
  dy: tf.Tensor2D,
  wanted: { weights: boolean; input: boolean },
  kernels: DenseKernels,
  cache?: BackwardCache,
): DenseGradients {
  const n = layers.length;
  const dW: tf.Tensor2D[] = [];
  const db: (tf.Tensor1D | null)[] = [];
  let d = dy; // d loss / d (output of layer i)
  for (let i = n - 1; i >= 0; i--) {
    const dz = throughActivation(d, acts[i + 1], layers[i].activation); // (B, out)
    if (wanted.weights) {
      dW[i] = tf.matMul(tf.transpose(acts[i]), dz); // (in, B)·(B, out)
      if (!layers[i].b) db[i] = null;
      else if (kernels.biasGradient === "sum") db[i] = tf.sum(dz, 0) as tf.Tensor1D;
      else db[i] = tf.reshape(tf.matMul(cache?.ones(dz.shape[0]) ?? tf.ones([1, dz.shape[0]]), dz), [-1]); // (1, B)·(B, out)
    }
    if (i > 0 || wanted.input) d = tf.matMul(dz, cache?.transposed(i) ?? tf.transpose(layers[i].w)); // (B, out)·(out, in)
  }
  return { dW, db, dx: wanted.input ? d : null };
}

/**
 * The network as ONE taped op whose gradient is denseBackward, for layers given as tensors: each
 * layer's W and b get gradients ("weights", "both"), and so does x ("input", "both").
 */
export function runDense(layers: readonly DenseLayer[], x: tf.Tensor2D, grads: DenseGrads, kernels: DenseKernels): tf.Tensor2D {
  const wanted = { weights: grads !== "input", input: grads !== "weights" };
  const n = layers.length;
  const op = tf.customGrad((...args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const acts = denseForward(layers, x, kernels);
    // The tape frees the forward pass's tensors: keep the activations, and the weights (views of a
    // flat vector do not outlive the forward pass).
    save([...acts, ...layers.map((l) => l.w)]);
    return {
      value: acts[n],
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const savedLayers = layers.map((l, i) => ({ ...l, w: saved[n + 1 + i] as tf.Tensor2D }));
        const g = denseBackward(savedLayers, saved.slice(0, n + 1) as tf.Tensor2D[], dy as tf.Tensor2D, wanted, kernels);
        const dWeights = wanted.weights ? layers.flatMap((l, i) => (l.b ? [g.dW[i], g.db[i] as tf.Tensor1D] : [g.dW[i]])) : [];
        return [...(g.dx ? [g.dx] : []), ...dWeights];
      },
    };
  });
  const weights = wanted.weights ? layers.flatMap((l) => (l.b ? [l.w, l.b] : [l.w])) : [];
  return op(...(wanted.input ? [x] : []), ...weights) as tf.Tensor2D;
}

/**
 * Per-layer views {W (in, out), b (out)} of networks that share the flat vector `params`, from ONE
 * split kernel. The networks follow one another up to the end of the vector; the numbers before the
 * first come back as `leading` pieces of the given sizes (RealNVP's log-scales and shifts).
 */
export function splitDense(
  params: tf.Tensor1D,
  nets: readonly DenseNetwork[],
  leading: readonly number[] = [],
): { leading: tf.Tensor1D[]; layers: DenseLayer[][] } {
  const sizes = [...leading];
  let next = leading.reduce((a, b) => a + b, 0);
  for (const net of nets) {
    if (net.offset !== next) throw new RangeError(`A network starts at ${net.offset}, not right after the previous piece (${next}).`);
    for (const { inDim, outDim } of net.layers) sizes.push(inDim * outDim, outDim);
    next += net.size;
  }
  if (next !== params.size) throw new RangeError(`The networks end at ${next}; the vector has ${params.size} numbers.`);
  const pieces = tf.split(params, sizes) as tf.Tensor1D[];
  let p = leading.length;
  const layers = nets.map((net) =>
    net.layers.map(({ inDim, outDim, activation }) => ({ w: tf.reshape(pieces[p++], [inDim, outDim]) as tf.Tensor2D, b: pieces[p++], activation })),
  );
  return { leading: pieces.slice(0, leading.length), layers };
}

// ---------------------------------------------------------------------------------------------
// Networks in one flat variable

/** How a model builds its flat networks. */
export interface MlpSpec {
  activations: Activations;
  kernels: DenseKernels;
  init: WeightLimit;
}

interface CachedLayer extends DenseLayer {
  /** Wᵀ (out, in) of every layer but the first: dx passes through them in every gradient mode. */
  wT?: tf.Tensor2D;
}

/**
 * A network whose weights live in ONE flat variable (layout: `net`, from 0): the optimizer then
 * updates one tensor per network instead of two per layer (~20 kernels each for Adam), which is most
 * of a step's kernel count for networks this small.
 */
export interface Mlp {
  readonly net: DenseNetwork;
  readonly params: tf.Variable<tf.Rank.R1>;
  readonly kernels: DenseKernels;
  /**
   * Per-layer views of `params` and their transposes, kept until the optimizer assigns new values
   * (which gives the variable a new dataId): a GAN's networks serve several passes per update, and
   * are split and transposed once per update instead of once per pass.
   */
  view?: { dataId: object; layers: CachedLayer[] };
  /** ones(1, B) per batch size B, for "ones" bias gradients. */
  readonly ones: Map<number, tf.Tensor2D>;
}

/** A flat network of these layer sizes, with seeded initial weights (spec.init) and zero biases. */
export function createMlp(dims: readonly LayerDims[], spec: MlpSpec, rng: Rng): Mlp {
  const net = denseNetwork(dims, spec.activations);
  const values = new Float32Array(net.size);
  initDenseWeights(net, spec.init, rng, values);
  const init = tf.tensor1d(values);
  const params = tf.variable(init);
  init.dispose(); // tf.variable copied it
  return { net, params, kernels: spec.kernels, ones: new Map() };
}

function cachedLayers(mlp: Mlp): CachedLayer[] {
  const dataId = mlp.params.dataId as object;
  if (mlp.view?.dataId !== dataId) {
    disposeView(mlp);
    const made = () => splitDense(mlp.params, [mlp.net]).layers[0].map((layer, i): CachedLayer => (i > 0 ? { ...layer, wT: tf.transpose(layer.w) } : layer));
    const layers = tf.tidy(made as unknown as () => tf.TensorContainer) as unknown as CachedLayer[]; // (tidy keeps the tensors it returns)
    for (const { w, b, wT } of layers) [w, b as tf.Tensor1D, ...(wT ? [wT] : [])].forEach((t) => tf.keep(t)); // outlive the caller's tidy
    mlp.view = { dataId, layers };
  }
  return mlp.view.layers;
}

function disposeView(mlp: Mlp): void {
  for (const l of mlp.view?.layers ?? []) tf.dispose([l.w, l.b as tf.Tensor1D, ...(l.wT ? [l.wT] : [])]);
  mlp.view = undefined;
}

/**
 * x (B, in) -> (B, out) as ONE taped op: gradients reach the flat variable ("weights": one gradient,
 * in its layout), x ("input"), or both.
 */
export function runMlp(mlp: Mlp, x: tf.Tensor2D, grads: DenseGrads): tf.Tensor2D {
  const wanted = { weights: grads !== "input", input: grads !== "weights" };
  const layers = cachedLayers(mlp); // kept: the backward pass may use them without saving
  const n = layers.length;
  const cache: BackwardCache = {
    transposed: (i) => layers[i].wT ?? tf.transpose(layers[i].w),
    ones: (rows) => {
      let ones = mlp.ones.get(rows);
      if (!ones) mlp.ones.set(rows, (ones = tf.keep(tf.ones([1, rows]) as tf.Tensor2D)));
      return ones;
    },
  };
  const op = tf.customGrad((...args) => {
    const save = args[args.length - 1] as tf.GradSaveFunc;
    const acts = denseForward(layers, x, mlp.kernels);
    save(acts); // the tape frees the forward pass's tensors: keep the activations
    return {
      value: acts[n],
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const g = denseBackward(layers, saved as tf.Tensor2D[], dy as tf.Tensor2D, wanted, mlp.kernels, cache);
        const dParams = wanted.weights ? [tf.concat(g.dW.flatMap((dW, i) => [tf.reshape(dW, [-1]), g.db[i] as tf.Tensor1D]))] : [];
        return [...dParams, ...(g.dx ? [g.dx] : [])];
      },
    };
  });
  return op(...(wanted.weights ? [mlp.params] : []), ...(wanted.input ? [x] : [])) as tf.Tensor2D;
}

export function disposeMlp(mlp: Mlp): void {
  disposeView(mlp);
  tf.dispose([...mlp.ones.values()]);
  mlp.ones.clear();
  mlp.params.dispose();
}

/**
 * Checks each network's weights of a checkpoint's JSON: plain numbers in the network's flat layout (its
 * `params`). Weights that do not fit throw a RangeError naming the network and its layer sizes.
 */
export function checkMlpWeights(networks: { name: string; mlp: Mlp; weights: unknown }[]): void {
  for (const { name, mlp, weights } of networks) {
    if (!Array.isArray(weights)) throw new RangeError(`The checkpoint has no ${name} weights (a list of numbers).`);
    if (weights.length !== mlp.params.size) {
      throw new RangeError(
        `The checkpoint's ${name} has ${weights.length.toLocaleString("en")} weights; this model's ${name} (${layerSizes(mlp.net)}) has ${mlp.params.size.toLocaleString("en")}: the checkpoint comes from other layer sizes.`,
      );
    }
    if (!weights.every(Number.isFinite)) throw new RangeError(`The checkpoint's ${name} weights must be finite numbers.`);
  }
}

// ---------------------------------------------------------------------------------------------
// Networks with a variable per W and b

export interface VariableLayer extends DenseLayer {
  w: tf.Variable<tf.Rank.R2>;
  b: tf.Variable<tf.Rank.R1>;
}

/**
 * One W and one b variable per layer, with the seeded weights of initDenseWeights. For networks of
 * ~200k weights (the digit GANs), splitting a flat vector every pass (~7% of a step's kernel time,
 * measured on wasm) and concatenating the gradients cost more than the optimizer's extra kernels.
 */
export function createLayerVariables(dims: readonly LayerDims[], spec: Omit<MlpSpec, "kernels">, rng: Rng): VariableLayer[] {
  const net = denseNetwork(dims, spec.activations);
  const values = new Float32Array(net.size);
  initDenseWeights(net, spec.init, rng, values);
  return net.layers.map(({ inDim, outDim, activation, w, b }) =>
    tf.tidy(() => ({
      w: tf.variable(tf.tensor2d(values.subarray(w, b), [inDim, outDim])),
      b: tf.variable(tf.tensor1d(values.subarray(b, b + outDim))),
      activation,
    })),
  );
}
