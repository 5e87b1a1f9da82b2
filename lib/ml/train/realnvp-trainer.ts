/**
 * RealNVP trained by maximum likelihood with TensorFlow.js: the flow of models/realnvp.ts (its math,
 * JSON format and limits are in models/realnvp-submission.ts, its exact float64 evaluator in
 * models/realnvp-float64.ts), fitted by Adam on minibatches with its hand-written gradient.
 * The config (schema, defaults) is plain data in configs/realnvp.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { realNvpConfigSchema, type RealNvpConfig } from "../configs/realnvp";
import { initialRealNvpParameters, realNvpInverseTf, realNvpLogDensityTf, realNvpNllGradient } from "../models/realnvp";
import { checkPairs, standardNormalPoints } from "../models/realnvp-float64";
import {
  float32Digits,
  REALNVP_ARCHITECTURE_KEYS,
  realNvpParameters,
  realNvpWeightsFromParameters,
  type RealNvpArchitecture,
  type RealNvpSubmission,
} from "../models/realnvp-submission";
import { mulberry32 } from "../random";
import { exportTraining, importTraining, RandomStream, type TrainingParts, type TrainingState } from "./checkpoint";
import type { SteppedTrainer } from "./loop";

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
    const values = initial ? Float32Array.from(realNvpParameters(initial)) : initialRealNvpParameters(this.architecture, data, mulberry32(seed));
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
    const x = tf.tidy(() => realNvpInverseTf(this.architecture, this.params, tf.tensor2d(latents, [n, 2])));
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
