/**
 * Dense networks as plain data, without TensorFlow.js (the submission formats and the float64 scorers
 * use them too): layer sizes, activations, where each layer's numbers sit in a flat parameter vector,
 * and the seeded initial weights. nn/dense.ts runs these networks in TensorFlow.js,
 * nn/dense-float64.ts in plain float64 JS.
 *
 * The flat layout of a network, from its `offset`: [W1 (in × out, row-major), b1, W2, b2, …], a layer
 * computing out[j] = act(b[j] + Σ_i in[i]·W[i·out + j]). Several networks may share one vector, one
 * after the other (RealNVP's couplings follow its normalization), each at its own offset.
 */
import type { Rng } from "../random";
import { uniformInit } from "../train/loop";

/** Input and output width of a dense layer. */
export interface LayerDims {
  inDim: number;
  outDim: number;
}

/** What follows x·W + b; "leakyrelu" has slope LEAKY_SLOPE below 0. */
export type Activation = "linear" | "relu" | "leakyrelu" | "tanh" | "sigmoid";

/** LeakyReLU's slope for negative inputs (the digit GANs' hidden layers; Radford et al. 2015). */
export const LEAKY_SLOPE = 0.2;

/** `depth` hidden layers of width `width`, then a layer to `outDim`. */
export function mlpDims(inDim: number, width: number, depth: number, outDim: number): LayerDims[] {
  const dims: LayerDims[] = [];
  for (let i = 0; i < depth; i++) dims.push({ inDim: i === 0 ? inDim : width, outDim: width });
  dims.push({ inDim: width, outDim });
  return dims;
}

/** One layer of a network: its sizes, its activation, and the offsets of its W and b in the flat vector. */
export interface DenseLayerSpec extends LayerDims {
  activation: Activation;
  w: number;
  b: number;
}

export interface DenseNetwork {
  layers: readonly DenseLayerSpec[];
  /** Where the network's first number sits in the flat vector. */
  offset: number;
  /** How many numbers it has: Σ in·out + out. */
  size: number;
}

/** The hidden layers' and the output layer's activation. */
export interface Activations {
  hidden: Activation;
  output: Activation;
}

/** A network of these layers whose numbers start at `offset` of a flat vector. */
export function denseNetwork(dims: readonly LayerDims[], activations: Activations, offset = 0): DenseNetwork {
  let next = offset;
  const layers = dims.map(({ inDim, outDim }, i): DenseLayerSpec => {
    const w = next;
    next += inDim * outDim + outDim;
    return { inDim, outDim, activation: i < dims.length - 1 ? activations.hidden : activations.output, w, b: w + inDim * outDim };
  });
  return { layers, offset, size: next - offset };
}

/** "784 → 256 → 4": the layer sizes, for messages. */
export const layerSizes = (net: DenseNetwork): string => [net.layers[0].inDim, ...net.layers.map((l) => l.outDim)].join(" → ");

/**
 * The uniform-init limit of a layer's weights, W ~ U(−limit, limit); null leaves W at 0 and draws
 * nothing. Biases always start at 0.
 */
export type WeightLimit = (layer: LayerDims, isOutput: boolean) => number | null;

/** Glorot-uniform (Glorot & Bengio 2010): keeps the activations' variance for tanh and linear layers. */
export const glorotLimit = ({ inDim, outDim }: LayerDims): number => Math.sqrt(6 / (inDim + outDim));

/** He-uniform (He et al. 2015) for the ReLU-like hidden layers, Glorot-uniform for the linear or sigmoid output. */
export const heHiddenGlorotOutput: WeightLimit = (layer, isOutput) => (isOutput ? glorotLimit(layer) : Math.sqrt(6 / layer.inDim));

/** Seeded initial weights of `net`, written into `into` at its offsets: layer after layer from the one stream (identical on every backend). */
export function initDenseWeights(net: DenseNetwork, limit: WeightLimit, rng: Rng, into: Float32Array): void {
  net.layers.forEach((layer, i) => {
    const l = limit(layer, i === net.layers.length - 1);
    if (l !== null) into.set(uniformInit(layer.inDim * layer.outDim, l, rng), layer.w);
  });
}
