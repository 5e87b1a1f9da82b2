/**
 * Dense layers in plain float64 JS, independent of TensorFlow.js: the forward passes with which the
 * server scores submitted networks (the auto-encoder, RealNVP's couplings, the character models).
 * Every output is the left-to-right sum b[j] + Σ_i x[i]·W[i][j] (from 0 without b), whichever loop
 * computes it, so the blocked and the plain loops agree to the last bit.
 */
import { type Activation, type DenseLayerSpec, type DenseNetwork, LEAKY_SLOPE } from "./dense-layout";

/** A layer with W transposed (out × in), so each output is a contiguous dot product. */
export interface Dense64 {
  wT: Float64Array;
  b: Float64Array | null;
  inDim: number;
  outDim: number;
  activation: Activation;
}

/** W (in × out, row-major), b and the activation, compiled for affine64. */
export function dense64(w: ArrayLike<number>, inDim: number, outDim: number, b: Float64Array | null = null, activation: Activation = "linear"): Dense64 {
  const wT = new Float64Array(inDim * outDim);
  for (let i = 0; i < inDim; i++) for (let j = 0; j < outDim; j++) wT[j * inDim + i] = w[i * outDim + j];
  return { wT, b, inDim, outDim, activation };
}

/** One layer of a flat layout (nn/dense-layout.ts), compiled. */
export function denseLayer64(flat: Float64Array, { w, b, inDim, outDim, activation }: DenseLayerSpec): Dense64 {
  return dense64(flat.subarray(w, b), inDim, outDim, flat.subarray(b, b + outDim), activation);
}

/** Every layer of a network in a flat vector, compiled. */
export function compileDense64(net: DenseNetwork, flat: Float64Array): Dense64[] {
  return net.layers.map((layer) => denseLayer64(flat, layer));
}

/** start + Σ_i x[xo + i] · wT[wo + i], left to right. */
function dot(x: Float64Array, xo: number, wT: Float64Array, wo: number, n: number, start: number): number {
  let s = start;
  for (let i = 0; i < n; i++) s += x[xo + i] * wT[wo + i];
  return s;
}

/**
 * x (rows × in)·W + b, without the activation. Blocks of 4 rows × 2 outputs share their loads
 * (8 products per 6 loads: about 3× the plain loop's speed in V8).
 */
export function affine64(x: Float64Array, rows: number, { wT, b, inDim, outDim }: Dense64): Float64Array {
  const y = new Float64Array(rows * outDim);
  const blockRows = rows - (rows % 4);
  const blockCols = outDim - (outDim % 2);
  for (let r = 0; r < blockRows; r += 4) {
    // (plain scalars, no destructuring: V8 keeps them in registers)
    const x0 = r * inDim;
    const x1 = x0 + inDim;
    const x2 = x1 + inDim;
    const x3 = x2 + inDim;
    for (let j = 0; j < blockCols; j += 2) {
      const wj = j * inDim;
      const wk = wj + inDim;
      const bj = b ? b[j] : 0;
      const bk = b ? b[j + 1] : 0;
      let a0 = bj,
        a1 = bj,
        a2 = bj,
        a3 = bj,
        c0 = bk,
        c1 = bk,
        c2 = bk,
        c3 = bk;
      for (let i = 0; i < inDim; i++) {
        const u = wT[wj + i];
        const v = wT[wk + i];
        const p0 = x[x0 + i];
        const p1 = x[x1 + i];
        const p2 = x[x2 + i];
        const p3 = x[x3 + i];
        a0 += p0 * u;
        a1 += p1 * u;
        a2 += p2 * u;
        a3 += p3 * u;
        c0 += p0 * v;
        c1 += p1 * v;
        c2 += p2 * v;
        c3 += p3 * v;
      }
      const y0 = r * outDim + j;
      y[y0] = a0;
      y[y0 + outDim] = a1;
      y[y0 + 2 * outDim] = a2;
      y[y0 + 3 * outDim] = a3;
      y[y0 + 1] = c0;
      y[y0 + outDim + 1] = c1;
      y[y0 + 2 * outDim + 1] = c2;
      y[y0 + 3 * outDim + 1] = c3;
    }
    for (let j = blockCols; j < outDim; j++) {
      for (let k = 0; k < 4; k++) y[(r + k) * outDim + j] = dot(x, (r + k) * inDim, wT, j * inDim, inDim, b ? b[j] : 0);
    }
  }
  for (let r = blockRows; r < rows; r++) for (let j = 0; j < outDim; j++) y[r * outDim + j] = dot(x, r * inDim, wT, j * inDim, inDim, b ? b[j] : 0);
  return y;
}

/**
 * x (rows × in)·W + b for mostly-zero inputs (digits: about 80 % background), W read row-major from
 * `flat` (a layer of a flat layout): each nonzero input adds its row of W, so zeros cost nothing.
 */
export function sparseAffine64(x: ArrayLike<number>, rows: number, flat: Float64Array, { w, b, inDim, outDim }: DenseLayerSpec): Float64Array {
  const y = new Float64Array(rows * outDim);
  const bias = flat.subarray(b, b + outDim);
  for (let r = 0; r < rows; r++) {
    const o = r * outDim;
    y.set(bias, o);
    for (let i = 0; i < inDim; i++) {
      const v = x[r * inDim + i];
      if (v === 0) continue;
      const row = w + i * outDim;
      for (let j = 0; j < outDim; j++) y[o + j] += v * flat[row + j];
    }
  }
  return y;
}

/** The activation applied in place. */
export function activate64(values: Float64Array, activation: Activation): Float64Array {
  const n = values.length;
  switch (activation) {
    case "linear":
      break;
    case "relu":
      for (let k = 0; k < n; k++) values[k] = values[k] > 0 ? values[k] : 0;
      break;
    case "leakyrelu":
      for (let k = 0; k < n; k++) values[k] = values[k] > 0 ? values[k] : LEAKY_SLOPE * values[k];
      break;
    case "tanh":
      for (let k = 0; k < n; k++) values[k] = Math.tanh(values[k]);
      break;
    case "sigmoid":
      for (let k = 0; k < n; k++) values[k] = 1 / (1 + Math.exp(-values[k]));
      break;
  }
  return values;
}

/** x (rows × in) through every layer. */
export function runDense64(layers: readonly Dense64[], x: Float64Array, rows: number): Float64Array {
  return layers.reduce((h, layer) => activate64(affine64(h, rows, layer), layer.activation), x);
}
