/**
 * RealNVP trained by maximum likelihood with TensorFlow.js: the flow of models/realnvp-submission.ts
 * (its math, JSON format, limits and exact float64 evaluator are described and implemented there),
 * fitted by Adam on minibatches, with a hand-written gradient.
 * References: Dinh, Sohl-Dickstein & Bengio 2017, "Density estimation using Real NVP"; the
 * data-initialised normalization and the zero-initialised last layers come from Glow (Kingma &
 * Dhariwal 2018, §3.1 ActNorm, §3.3 zero initialisation).
 * The config (schema, defaults) is plain data in configs/realnvp.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { realNvpConfigSchema, type RealNvpConfig } from "../configs/realnvp";
import { exportTraining, importTraining, RandomStream, type TrainingParts, type TrainingState } from "../train/checkpoint";
import { uniformInit, type SteppedTrainer } from "../train/loop";
import { mulberry32, type Rng } from "../random";
import {
  checkPairs,
  couplingAxes,
  couplingLayerDims,
  float32Digits,
  layerSize,
  LOG_2PI,
  NORMALIZATION_SIZE,
  REALNVP_ARCHITECTURE_KEYS,
  realNvpParameterCount,
  realNvpParameters,
  realNvpWeightsFromParameters,
  standardNormalPoints,
  type RealNvpArchitecture,
  type RealNvpSubmission,
} from "./realnvp-submission";

// ---------------------------------------------------------------------------------------------
// The flow in TensorFlow.js
// ---------------------------------------------------------------------------------------------

interface TfLayer {
  w: tf.Tensor2D;
  b: tf.Tensor1D;
}

interface TfFlow {
  logScale: tf.Tensor1D;
  shift: tf.Tensor1D;
  couplings: TfLayer[][];
}

/** Views of the flat parameter vector (one split kernel); call inside a tidy. */
function unpack(arch: RealNvpArchitecture, params: tf.Tensor1D): TfFlow {
  const dims = couplingLayerDims(arch);
  const sizes = [2, 2];
  for (let k = 0; k < arch.couplings; k++) for (const { inDim, outDim } of dims) sizes.push(inDim * outDim, outDim);
  const pieces = tf.split(params, sizes) as tf.Tensor1D[];
  let next = 2;
  const couplings = Array.from({ length: arch.couplings }, () =>
    dims.map(({ inDim, outDim }) => ({ w: tf.reshape(pieces[next++], [inDim, outDim]) as tf.Tensor2D, b: pieces[next++] })),
  );
  return { logScale: pieces[0], shift: pieces[1], couplings };
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
    const acts = [columns[a]]; // acts[i]: input of layer i; acts[L + 1]: [r, t]
    layers.forEach(({ w, b: bias }, i) => {
      const pre = tf.add(tf.matMul(acts[i], w), bias) as tf.Tensor2D; // (B, in)·(in, out) + (out)
      acts.push(i < layers.length - 1 ? tf.tanh(pre) : pre);
    });
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
 * tfjs's tape, and every matMul on wasm's fast path (explicit transposes, see models/gan.ts).
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
    let d = tf.concat([dr, dy], 1) as tf.Tensor2D; // ∂ℓ/∂[r, t] (B, 2)
    const grads: tf.Tensor[] = [];
    for (let i = layers.length - 1; i >= 0; i--) {
      const dz = i === layers.length - 1 ? d : tf.mul(d, tf.sub(1, tf.square(acts[i + 1]))); // tanh' = 1 − tanh²
      grads.unshift(tf.reshape(tf.matMul(tf.transpose(acts[i]), dz), [-1]), tf.sum(dz, 0)); // dW (in, out), db (out)
      d = tf.matMul(dz, tf.transpose(layers[i].w)); // ∂ℓ/∂(input of layer i): (B, out)·(out, in)
    }
    g[a] = tf.add(g[a], d); // u_a is both passed through and the MLP's input
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

/** x = f⁻¹(z) (B, 2): the same computation as realNvpInverse, in float32. */
function inverseTf(flow: TfFlow, latents: tf.Tensor2D): tf.Tensor2D {
  const columns = tf.split(latents, 2, 1) as tf.Tensor2D[];
  for (let k = flow.couplings.length - 1; k >= 0; k--) {
    const [a, b] = couplingAxes(k);
    const layers = flow.couplings[k];
    const out = layers.reduce((h, { w, b: bias }, i) => {
      const pre = tf.add(tf.matMul(h, w), bias) as tf.Tensor2D;
      return i < layers.length - 1 ? tf.tanh(pre) : pre;
    }, columns[a]);
    const [r, t] = tf.split(out, 2, 1);
    columns[b] = tf.mul(tf.sub(columns[b], t), tf.exp(tf.neg(tf.tanh(r))));
  }
  return tf.mul(tf.sub(tf.concat(columns, 1), flow.shift), tf.exp(tf.neg(flow.logScale)));
}

/**
 * Initial flat parameters: the normalization maps the data to zero mean and unit variance per
 * coordinate (ActNorm's data-dependent init); hidden layers Glorot-uniform (tanh); output layers
 * zero, so every coupling starts as the identity (Glow §3.3).
 */
function initialParameters(arch: RealNvpArchitecture, data: Float32Array, rng: Rng): Float32Array {
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
  const dims = couplingLayerDims(arch);
  let offset = NORMALIZATION_SIZE;
  for (let k = 0; k < arch.couplings; k++) {
    dims.forEach((d, i) => {
      if (i < dims.length - 1) flat.set(uniformInit(d.inDim * d.outDim, Math.sqrt(6 / (d.inDim + d.outDim)), rng), offset);
      offset += layerSize(d); // biases, and the whole output layer, stay 0
    });
  }
  return flat;
}

/** A rectangle [xMin, xMax] × [yMin, yMax] of the plane. */
export interface PlaneWindow {
  xMin: number;
  xMax: number;
  yMin: number;
  yMax: number;
}

/**
 * Cell centres of a resolution × resolution grid over the window, interleaved, row-major like an
 * image: row 0 is the TOP (y near yMax), column 0 the left (x near xMin).
 */
export function gridPoints(resolution: number, window: PlaneWindow): Float32Array {
  if (!Number.isInteger(resolution) || resolution < 1) throw new RangeError("resolution must be a whole number ≥ 1");
  const dx = (window.xMax - window.xMin) / resolution;
  const dy = (window.yMax - window.yMin) / resolution;
  const grid = new Float32Array(2 * resolution * resolution);
  for (let r = 0; r < resolution; r++) {
    for (let c = 0; c < resolution; c++) {
      grid[2 * (r * resolution + c)] = window.xMin + (c + 0.5) * dx;
      grid[2 * (r * resolution + c) + 1] = window.yMax - (r + 0.5) * dy;
    }
  }
  return grid;
}

export interface RealNvpTrainerOptions {
  /** Start from these weights instead of the seeded initialisation (architecture must match the config). */
  initial?: RealNvpSubmission;
}

/**
 * Maximum likelihood by Adam on minibatches: loss = −mean log p(x) over a batch drawn with
 * replacement from the training points (nats per point). All parameters live in one flat variable,
 * so Adam updates one tensor per step; nothing is read back until losses() / exportWeights().
 */
export class RealNvpTrainer implements SteppedTrainer<{ nll: number }> {
  readonly config: RealNvpConfig;
  readonly architecture: RealNvpArchitecture;
  private iterations = 0;
  private readonly params: tf.Variable<tf.Rank.R1>;
  private readonly data: tf.Tensor2D; // (N, 2)
  private readonly optimizer: tf.AdamOptimizer;
  private readonly batchRng: RandomStream;
  private readonly batchIndices: Int32Array;
  private nll: tf.Scalar | null = null;
  private disposed = false;

  /** `data`: the training points, interleaved x, y. */
  constructor(config: RealNvpConfig, data: Float32Array, options: RealNvpTrainerOptions = {}) {
    this.config = realNvpConfigSchema.parse(config);
    const { couplings, hiddenWidth, hiddenLayers, seed, batchSize, learningRate } = this.config;
    this.architecture = { couplings, hiddenWidth, hiddenLayers };
    if (data.length < 4 || data.length % 2 !== 0) throw new RangeError("data must hold ≥ 2 interleaved x, y pairs");
    const { initial } = options;
    if (initial && REALNVP_ARCHITECTURE_KEYS.some((key) => initial.architecture[key] !== this.architecture[key])) {
      throw new RangeError(`initial weights are for ${JSON.stringify(initial.architecture)}, the config asks for ${JSON.stringify(this.architecture)}`);
    }
    const values = initial ? Float32Array.from(realNvpParameters(initial)) : initialParameters(this.architecture, data, mulberry32(seed));
    const init = tf.tensor1d(values);
    this.params = tf.variable(init);
    init.dispose(); // tf.variable copied it
    this.data = tf.tensor2d(data, [data.length / 2, 2]);
    this.optimizer = tf.train.adam(learningRate);
    this.batchRng = new RandomStream(seed ^ 0x5eed);
    this.batchIndices = new Int32Array(batchSize);
  }

  get iteration(): number {
    return this.iterations;
  }

  /** Runs n Adam steps on fresh minibatches; no read-back. */
  step(n = 1): void {
    this.assertAlive();
    for (let i = 0; i < n; i++) {
      const nll = tf.tidy(() => {
        const { nll, gradient } = realNvpNllGradient(this.architecture, this.params, this.nextBatch());
        this.optimizer.applyGradients([{ name: this.params.name, tensor: gradient }]);
        return nll;
      });
      if (i === n - 1) {
        this.nll?.dispose(); // only the last step's loss is kept
        this.nll = nll;
      } else nll.dispose();
      this.iterations++;
    }
  }

  /** B indices drawn with replacement, gathered on the device: (B, 2). */
  private nextBatch(): tf.Tensor2D {
    const idx = this.batchIndices;
    const n = this.data.shape[0];
    for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(this.batchRng.next() * n);
    return tf.gather(this.data, tf.tensor1d(idx, "int32"));
  }

  /** The latest step's minibatch NLL in nats per point (NaN before the first step). */
  async losses(): Promise<{ nll: number }> {
    const value = await this.nll?.data();
    return { nll: value ? value[0] : NaN };
  }

  /** The current flow as a submission; numbers keep 9 significant digits (every float32 exactly). */
  async exportWeights(): Promise<RealNvpSubmission> {
    this.assertAlive();
    const flat = await this.params.data();
    return { architecture: { ...this.architecture }, weights: realNvpWeightsFromParameters(this.architecture, flat, float32Digits) };
  }

  /** log p(x) per point for interleaved x, y points (float32). */
  async logDensity(points: Float32Array): Promise<Float32Array> {
    this.assertAlive();
    const n = checkPairs(points);
    const logp = tf.tidy(() => realNvpLogDensityTf(this.architecture, this.params, tf.tensor2d(points, [n, 2])));
    try {
      return (await logp.data()) as Float32Array;
    } finally {
      logp.dispose();
    }
  }

  /** n samples f⁻¹(z), interleaved; z comes from standardNormalPoints(n, seed), as in realNvpSample. */
  async sample(n: number, seed: number): Promise<Float32Array> {
    this.assertAlive();
    const latents = Float32Array.from(standardNormalPoints(n, seed));
    const x = tf.tidy(() => inverseTf(unpack(this.architecture, this.params), tf.tensor2d(latents, [n, 2])));
    try {
      return (await x.data()) as Float32Array;
    } finally {
      x.dispose();
    }
  }

  /**
   * p(x) = exp(log p(x)) at the cell centres of a resolution × resolution grid (layout: gridPoints)
   * over [−extent, extent]² or a given window, for the heat map.
   */
  async densityGrid(resolution: number, extent: number | PlaneWindow): Promise<Float32Array> {
    const window = typeof extent === "number" ? { xMin: -extent, xMax: extent, yMin: -extent, yMax: extent } : extent;
    return (await this.logDensity(gridPoints(resolution, window))).map(Math.exp);
  }

  private trainingParts(): TrainingParts {
    return {
      model: "RealNVP flow",
      tensors: { parameters: this.params },
      optimizers: { Adam: { optimizer: this.optimizer, updates: ["parameters"] } },
      streams: { batches: this.batchRng },
    };
  }

  /** The flat parameters, Adam's state, the iteration and the batch stream (train/checkpoint.ts). */
  exportState(): Promise<TrainingState> {
    this.assertAlive();
    return exportTraining(this.trainingParts(), this.iterations);
  }

  /** Restores exportState()'s output, checked first (a RangeError says what does not fit; nothing changes then). */
  importState(state: unknown): void {
    this.assertAlive();
    this.iterations = importTraining(this.trainingParts(), state);
  }

  /** Frees the parameters, Adam's moments, the data and the kept loss. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.nll?.dispose();
    this.nll = null;
    this.params.dispose();
    this.optimizer.dispose();
    this.data.dispose();
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error("RealNvpTrainer used after dispose()");
  }
}
