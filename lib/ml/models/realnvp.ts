/**
 * RealNVP in TensorFlow.js: the flow of models/realnvp-submission.ts (its math, JSON format and
 * limits are described there; its exact float64 evaluator is models/realnvp-float64.ts) in float32,
 * with the hand-written gradient of the minibatch NLL and the seeded initialisation; the trainer
 * (Adam on minibatches) is train/realnvp-trainer.ts.
 * References: Dinh, Sohl-Dickstein & Bengio 2017, "Density estimation using Real NVP"; the
 * data-initialised normalization and the zero-initialised last layers come from Glow (Kingma &
 * Dhariwal 2018, §3.1 ActNorm, §3.3 zero initialisation).
 * The config (schema, defaults) is plain data in configs/realnvp.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { type DenseKernels, type DenseLayer, denseBackward, denseForward, splitDense } from "../nn/dense";
import { glorotLimit, initDenseWeights } from "../nn/dense-layout";
import type { Rng } from "../random";
import { LOG_2PI } from "./realnvp-float64";
import { couplingAxes, couplingNetworks, realNvpParameterCount, type RealNvpArchitecture } from "./realnvp-submission";

// ---------------------------------------------------------------------------------------------
// The flow in TensorFlow.js
// ---------------------------------------------------------------------------------------------

/** The couplings' layers: matMul, add and tanh as separate kernels, bias gradients by tf.sum (see nn/dense.ts). */
const KERNELS: DenseKernels = { forward: "separate", biasGradient: "sum" };

interface TfFlow {
  logScale: tf.Tensor1D;
  shift: tf.Tensor1D;
  couplings: DenseLayer[][];
}

/** Views of the flat parameter vector (one split kernel); call inside a tidy. */
function unpack(arch: RealNvpArchitecture, params: tf.Tensor1D): TfFlow {
  const { leading, layers } = splitDense(params, couplingNetworks(arch), [2, 2]);
  return { logScale: leading[0], shift: leading[1], couplings: layers };
}

/** What the backward pass needs from one coupling: the MLP's layer inputs and output, s, e^s, u_b·e^s. */
interface CouplingTrace {
  acts: tf.Tensor2D[];
  s: tf.Tensor2D;
  expS: tf.Tensor2D;
  scaled: tf.Tensor2D;
}

/** The forward pass of a batch, with what the backward pass needs. */
interface FlowTrace {
  /** log p(x) per point (B). */
  logp: tf.Tensor1D;
  /** x ⊙ exp(logScale) (B, 2). */
  scaledInput: tf.Tensor2D;
  /** The two columns of z = f(x), each (B, 1). */
  latents: tf.Tensor2D[];
  couplings: CouplingTrace[];
}

/** log p(x) for x (B, 2): the same computation as realNvpLogDensity, in float32, keeping intermediates. */
function forwardTf(flow: TfFlow, x: tf.Tensor2D): FlowTrace {
  const scaledInput = tf.mul(x, tf.exp(flow.logScale)) as tf.Tensor2D;
  const columns = tf.split(tf.add(scaledInput, flow.shift), 2, 1) as tf.Tensor2D[];
  let logDet: tf.Tensor = tf.sum(flow.logScale);
  const couplings = flow.couplings.map((layers, k) => {
    const [a, b] = couplingAxes(k);
    const acts = denseForward(layers, columns[a], KERNELS); // acts[i]: input of layer i; acts[L + 1]: [r, t]
    const [r, t] = tf.split(acts[layers.length], 2, 1) as tf.Tensor2D[];
    const s = tf.tanh(r);
    const expS = tf.exp(s);
    const scaled = tf.mul(columns[b], expS) as tf.Tensor2D;
    columns[b] = tf.add(scaled, t);
    logDet = tf.add(logDet, s);
    return { acts, s, expS, scaled };
  });
  const squaredNorm = tf.add(tf.square(columns[0]), tf.square(columns[1]));
  const logp = tf.reshape(tf.sub(logDet, tf.add(tf.mul(squaredNorm, 0.5), LOG_2PI)), [-1]) as tf.Tensor1D;
  return { logp, scaledInput, latents: columns, couplings };
}

/**
 * The gradient of the minibatch NLL ℓ = −mean log p(x) with respect to the flat parameters: the
 * chain rule through forwardTf written out by hand (micrograd-style), ~40% fewer kernels than
 * tfjs's tape, and every matMul on wasm's fast path (explicit transposes, see nn/dense.ts).
 * With B points, ℓ = (1/B) Σ [½|z|² + log 2π − Σ logScale − Σ_k s_k], so ∂ℓ/∂z = z/B, ∂ℓ/∂s_k = −1/B.
 * (tfjs 4.22's tape, run on forwardTf, returned wrong ∂ℓ/∂logScale and ∂ℓ/∂shift — through the
 * column split of u — so the test checks this gradient against float64 central differences.)
 */
function nllGradient(flow: TfFlow, trace: FlowTrace): tf.Tensor1D {
  const B = trace.logp.shape[0];
  const g = trace.latents.map((z) => tf.div(z, B)); // ∂ℓ/∂(current columns), updated coupling by coupling
  const couplingGrads: tf.Tensor[][] = [];
  for (let k = flow.couplings.length - 1; k >= 0; k--) {
    const [a, b] = couplingAxes(k);
    const { acts, s, expS, scaled } = trace.couplings[k];
    const layers = flow.couplings[k];
    const dy = g[b]; // y_b = u_b·e^s + t
    const ds = tf.sub(tf.mul(dy, scaled), 1 / B); // through y_b, and the −s/B of the log-determinant
    const dr = tf.mul(ds, tf.sub(1, tf.square(s))); // s = tanh r
    g[b] = tf.mul(dy, expS); // ∂ℓ/∂u_b
    const d = tf.concat([dr, dy], 1) as tf.Tensor2D; // ∂ℓ/∂[r, t] (B, 2)
    const { dW, db, dx } = denseBackward(layers, acts, d, { weights: true, input: true }, KERNELS);
    const grads = dW.flatMap((w, i) => [tf.reshape(w, [-1]), db[i] as tf.Tensor1D]); // in the flat layout
    g[a] = tf.add(g[a], dx as tf.Tensor2D); // u_a is both passed through and the MLP's input
    couplingGrads[k] = grads;
  }
  const du = tf.concat(g, 1); // ∂ℓ/∂u (B, 2), u = x ⊙ exp(logScale) + shift
  const dLogScale = tf.sub(tf.sum(tf.mul(du, trace.scaledInput), 0), 1); // and −Σ logScale in ℓ
  return tf.concat([dLogScale, tf.sum(du, 0), ...couplingGrads.flat()]) as tf.Tensor1D;
}

/** log p(x) per point (B) for x (B, 2) under flat parameters `params` (layout: realNvpParameters). */
export function realNvpLogDensityTf(arch: RealNvpArchitecture, params: tf.Tensor1D, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => forwardTf(unpack(arch, params), x).logp);
}

/** The minibatch NLL (−mean log p, nats per point) and its gradient with respect to the flat parameters. */
export function realNvpNllGradient(arch: RealNvpArchitecture, params: tf.Tensor1D, x: tf.Tensor2D): { nll: tf.Scalar; gradient: tf.Tensor1D } {
  return tf.tidy(() => {
    const flow = unpack(arch, params);
    const trace = forwardTf(flow, x);
    return { nll: tf.neg(tf.mean<tf.Scalar>(trace.logp)), gradient: nllGradient(flow, trace) };
  });
}

/** x = f⁻¹(z) (B, 2) for latents z (B, 2): the same computation as realNvpInverse, in float32. */
export function realNvpInverseTf(arch: RealNvpArchitecture, params: tf.Tensor1D, latents: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const flow = unpack(arch, params);
    const columns = tf.split(latents, 2, 1) as tf.Tensor2D[];
    for (let k = flow.couplings.length - 1; k >= 0; k--) {
      const [a, b] = couplingAxes(k);
      const [r, t] = tf.split(denseForward(flow.couplings[k], columns[a], KERNELS)[flow.couplings[k].length], 2, 1);
      columns[b] = tf.mul(tf.sub(columns[b], t), tf.exp(tf.neg(tf.tanh(r))));
    }
    return tf.mul(tf.sub(tf.concat(columns, 1), flow.shift), tf.exp(tf.neg(flow.logScale)));
  });
}

/**
 * Initial flat parameters: the normalization maps the data to zero mean and unit variance per
 * coordinate (ActNorm's data-dependent init); hidden layers Glorot-uniform (tanh); output layers
 * zero, so every coupling starts as the identity (Glow §3.3).
 */
export function initialRealNvpParameters(arch: RealNvpArchitecture, data: Float32Array, rng: Rng): Float32Array {
  const n = data.length / 2;
  const flat = new Float32Array(realNvpParameterCount(arch));
  for (let c = 0; c < 2; c++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += data[2 * i + c] / n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (data[2 * i + c] - mean) ** 2 / n;
    const logScale = -0.5 * Math.log(Math.max(variance, 1e-12));
    flat[c] = logScale;
    flat[2 + c] = -mean * Math.exp(logScale);
  }
  for (const net of couplingNetworks(arch)) initDenseWeights(net, (layer, isOutput) => (isOutput ? null : glorotLimit(layer)), rng, flat);
  return flat;
}
