/**
 * Training of the character-level language models of first names (bigram, MLP, transformer) with
 * TensorFlow.js. What the models are, what they predict, their JSON format (the exercise's
 * submission) and the exact float64 evaluator are in models/char-lm-submission.ts; the config
 * (schema, defaults) is plain data in configs/char-lm.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { charLmConfigSchema, type CharLmConfig } from "../configs/char-lm";
import { countPredictedCharacters, nameContexts, nameWindows, NAME_VOCAB_SIZE as V } from "../datasets/names";
import { gaussian, mulberry32, type Rng } from "../random";
import { exportTraining, importTraining, RandomStream, type TrainingParts, type TrainingState } from "../train/checkpoint";
import type { SteppedTrainer } from "../train/loop";
import {
  assemble,
  type BigramWeights,
  type BlockWeights,
  charLmAttention,
  charLmParameterCount,
  charLmParameterSpecs,
  charLmSample,
  charLmWeightsFromFlat,
  LAYER_NORM_EPSILON,
  type CharLmArchitecture,
  type CharLmAttention,
  type CharLmSubmission,
  type LayerNormWeights,
  type MlpWeights,
  type ParameterSpec,
  type SampleOptions,
  type TransformerWeights,
} from "./char-lm-submission";

/** Seeded initial values in plain JS (identical on every backend), in layout order. */
function initialParameters(specs: readonly ParameterSpec[], rng: Rng): Float32Array {
  const last = specs[specs.length - 1];
  const values = new Float32Array(last.offset + last.size);
  for (const { offset, size, init } of specs) {
    if (init === "ones") values.fill(1, offset, offset + size);
    else if (init !== "zeros") for (let i = 0; i < size; i++) values[offset + i] = init * gaussian(rng);
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// tfjs model (browser: WebGPU / WebGL / wasm; Node tests: wasm)
//
// The model is built from four taped ops with hand-written backward passes (dense, layerNorm,
// selfAttention, crossEntropy): inside a custom op nothing is recorded, so a step runs ~3× fewer
// kernels than tfjs's automatic gradients (which also copy every tensor they save), and
// transposed products are explicit transposes followed by plain matMuls — tfjs's matMul gradient
// uses transposeA / transposeB, which the wasm backend runs several times slower (models/gan.ts).
// tests/unit/ml/char-lm.test.ts checks every gradient against tfjs's automatic one.

/** Activation after a dense layer: "relu" is fused into the matMul kernel, "tanh" follows it. */
type Activation = "linear" | "relu" | "tanh";

/**
 * act(x·W + b) (b optional) as one taped op. Backward: dz = dy ⊙ act′, dx = dz·Wᵀ, dW = xᵀ·dz,
 * db = Σ_rows dz.
 */
function dense(x: tf.Tensor2D, w: tf.Tensor, b: tf.Tensor | null, activation: Activation): tf.Tensor2D {
  const op = tf.customGrad((...args) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, weights, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D | undefined];
    const [rows, inDim] = input.shape;
    const outDim = weights.shape[1];
    // act(x·W + b) as ONE kernel; it takes batched operands: (1, rows, in)·(1, in, out) + (out)
    const fused = tf.engine().runKernel(
      "_FusedMatMul",
      { a: tf.reshape(input, [1, rows, inDim]), b: tf.reshape(weights, [1, inDim, outDim]), ...(bias ? { bias } : {}) },
      { transposeA: false, transposeB: false, activation: activation === "relu" ? "relu" : "linear" },
    ) as tf.Tensor3D;
    const y = tf.reshape(activation === "tanh" ? tf.tanh(fused) : fused, [rows, outDim]) as tf.Tensor2D;
    save([input, weights, y]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [xs, ws, ys]: tf.Tensor[]) => {
        const dz = activation === "relu" ? tf.mul(dy, tf.step(ys)) : activation === "tanh" ? tf.mul(dy, tf.sub(1, tf.square(ys))) : dy;
        const grads = [tf.matMul(dz, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dz)];
        return bias ? [...grads, tf.sum(dz, 0)] : grads;
      },
    };
  });
  return (b ? op(x, w, b) : op(x, w)) as tf.Tensor2D;
}

/**
 * LayerNorm of each row as one taped op: y = x̂·gain + bias with x̂ = (x − mean)·r,
 * r = 1/√(variance + ε). Backward: dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) with dx̂ = dy ⊙ gain.
 */
function layerNorm(x: tf.Tensor2D, { gain, bias }: LayerNormWeights<tf.Tensor>): tf.Tensor2D {
  const op = tf.customGrad((input, g, b, save) => {
    const centered = tf.sub(input as tf.Tensor2D, tf.mean(input as tf.Tensor2D, -1, true));
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), LAYER_NORM_EPSILON));
    const xHat = tf.mul(centered, r);
    (save as tf.GradSaveFunc)([xHat, r, g as tf.Tensor]);
    return {
      value: tf.add(tf.mul(xHat, g as tf.Tensor), b as tf.Tensor) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, [xh, rs, gs]: tf.Tensor[]) => {
        const dxHat = tf.mul(dy, gs);
        const dx = tf.mul(rs, tf.sub(tf.sub(dxHat, tf.mean(dxHat, -1, true)), tf.mul(xh, tf.mean(tf.mul(dxHat, xh), -1, true))));
        return [dx, tf.sum(tf.mul(dy, xh), 0), tf.sum(dy, 0)];
      },
    };
  });
  return op(x, gain, bias);
}

/**
 * Multi-head causal self-attention (Vaswani et al. §3.2.2–3.2.3) of rows h (N·T × E) of N windows
 * of T positions, as one taped op: q, k, v = h·wq, h·wk, h·wv split into heads (N, heads, T, D);
 * P = softmax(q·kᵀ/√D + mask); y = [P·v, heads concatenated]·wo. Backward (S = the scores):
 * dP = dO·vᵀ, dv = Pᵀ·dO, dS = P ⊙ (dP − Σ_row dP ⊙ P), dq = dS·k/√D, dk = dSᵀ·q/√D.
 */
function selfAttention(h: tf.Tensor2D, a: BlockWeights<tf.Tensor>["attention"], n: number, T: number, heads: number, mask: tf.Tensor2D): tf.Tensor2D {
  const E = h.shape[1];
  const D = E / heads;
  const scale = 1 / Math.sqrt(D);
  const split = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [n, T, heads, D]), [0, 2, 1, 3]); // (N·T, E) → (N, h, T, D)
  const merge = (x: tf.Tensor) => tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [n * T, E]) as tf.Tensor2D; // and back
  const swap = (x: tf.Tensor) => tf.transpose(x, [0, 1, 3, 2]); // last two axes
  const op = tf.customGrad((...args) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, wq, wk, wv, wo] = args as tf.Tensor2D[];
    const q = split(tf.matMul(input, wq));
    const k = split(tf.matMul(input, wk));
    const v = split(tf.matMul(input, wv));
    const p = tf.softmax(tf.add(tf.mul(tf.matMul(q, swap(k)), scale), mask)); // (N, h, T, T)
    const mixed = merge(tf.matMul(p, v)); // (N·T, E)
    save([input, q, k, v, p, mixed, wq, wk, wv, wo]);
    return {
      value: tf.matMul(mixed, wo),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [hs, qs, ks, vs, ps, ms, wqs, wks, wvs, wos] = saved;
        const dMixed = split(tf.matMul(dy, tf.transpose(wos)));
        const dp = tf.matMul(dMixed, swap(vs));
        const dScores = tf.mul(tf.mul(ps, tf.sub(dp, tf.sum(tf.mul(dp, ps), -1, true))), scale);
        const dq = merge(tf.matMul(dScores, ks));
        const dk = merge(tf.matMul(swap(dScores), qs));
        const dv = merge(tf.matMul(swap(ps), dMixed));
        const hT = tf.transpose(hs);
        const dh = tf.addN([tf.matMul(dq, tf.transpose(wqs)), tf.matMul(dk, tf.transpose(wks)), tf.matMul(dv, tf.transpose(wvs))]);
        return [dh, tf.matMul(hT, dq), tf.matMul(hT, dk), tf.matMul(hT, dv), tf.matMul(tf.transpose(ms), dy)];
      },
    };
  });
  return op(h, a.wq, a.wk, a.wv, a.wo) as tf.Tensor2D;
}

/** 0 on and below the diagonal, −1e9 above: added to the scores, it hides later positions (exp → 0). */
function causalMask(T: number): tf.Tensor2D {
  const values = new Float32Array(T * T);
  for (let t = 0; t < T; t++) values.fill(-1e9, t * T + t + 1, (t + 1) * T);
  return tf.tensor2d(values, [T, T]);
}

/**
 * Σ_rows weight · (−log softmax(logits)[target]) in nats, as one taped op (only the logits get a
 * gradient: weight · (softmax − one-hot)). `weights` (rows) null means all 1.
 */
function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor, weights: tf.Tensor | null): tf.Scalar {
  const oneHot = tf.cast(tf.oneHot(tf.reshape(targets, [-1]), V), "float32"); // (the wasm OneHot ignores its dtype argument)
  const column = weights ? tf.reshape(weights, [-1, 1]) : null;
  const op = tf.customGrad((x, save) => {
    const logp = tf.logSoftmax(x as tf.Tensor2D);
    (save as tf.GradSaveFunc)(column ? [logp, oneHot, column] : [logp, oneHot]); // kept for the backward pass
    const perRow = tf.mul(logp, oneHot);
    return {
      value: tf.neg(tf.sum<tf.Scalar>(column ? tf.mul(perRow, column) : perRow)),
      gradFunc: (dy: tf.Tensor, [lp, targetRows, rowWeights]: tf.Tensor[]) => {
        const d = tf.mul(tf.sub(tf.exp(lp), targetRows), dy);
        return rowWeights ? tf.mul(d, rowWeights) : d;
      },
    };
  });
  return op(logits);
}

/** Next-token logits (N·T × V) of token windows (N × T int32); T = 1 (bigram) or B (mlp: contexts). */
function tfLogits(architecture: CharLmArchitecture, w: unknown, inputs: tf.Tensor2D): tf.Tensor2D {
  const [n, T] = inputs.shape;
  // Embedding lookups as one-hot · table: a gather's gradient needs UnsortedSegmentSum, which the
  // wasm backend lacks; with V = 28 the product is cheap.
  const oneHot = tf.cast(tf.oneHot(tf.reshape(inputs, [-1]), V), "float32") as tf.Tensor2D; // (N·T, V)
  switch (architecture.kind) {
    case "bigram":
      return dense(oneHot, (w as BigramWeights<tf.Tensor>).logits, null, "linear");
    case "mlp": {
      const m = w as MlpWeights<tf.Tensor>;
      const x = tf.reshape(dense(oneHot, m.embedding, null, "linear"), [n, T * architecture.embedding]) as tf.Tensor2D; // (N, B·E)
      const h = dense(x, m.hidden.w, m.hidden.b, "tanh"); // (N, H)
      return dense(h, m.output.w, m.output.b, "linear");
    }
    case "transformer": {
      const t = w as TransformerWeights<tf.Tensor>;
      const E = architecture.embedding;
      const mask = causalMask(T);
      const tokens = tf.reshape(dense(oneHot, t.tokenEmbedding, null, "linear"), [n, T, E]);
      const positions = T === architecture.blockSize ? t.positionEmbedding : tf.slice(t.positionEmbedding, [0, 0], [T, E]);
      let x = tf.reshape(tf.add(tokens, positions), [n * T, E]) as tf.Tensor2D; // (N·T, E)
      for (const layer of t.layers) {
        x = tf.add(x, selfAttention(layerNorm(x, layer.norm1), layer.attention, n, T, architecture.heads, mask));
        const hidden = dense(layerNorm(x, layer.norm2), layer.mlp.w1, layer.mlp.b1, "relu"); // (N·T, 4E)
        x = tf.add(x, dense(hidden, layer.mlp.w2, layer.mlp.b2, "linear"));
      }
      return dense(layerNorm(x, t.finalNorm), t.output.w, t.output.b, "linear");
    }
  }
}

/**
 * Σ −log p (nats) of a batch's counted targets under weights given as one flat vector in layout
 * order (charLmParameterSpecs), differentiable with respect to it. inputs: (N × T) int32 contexts
 * (bigram: T = 1, mlp: T = blockSize) with targets (N), or transformer windows (N × blockSize)
 * with targets and weights (N × blockSize; 0 = padding).
 */
export function charLmBatchNats(architecture: CharLmArchitecture, params: tf.Tensor1D, inputs: tf.Tensor2D, targets: tf.Tensor, weights: tf.Tensor | null): tf.Scalar {
  return crossEntropy(tfLogits(architecture, weightViews(architecture, params), inputs), targets, weights);
}

/** The weights as tensors in the JSON layout: views of the flat vector (gradients flow back through the split). */
function weightViews(architecture: CharLmArchitecture, params: tf.Tensor1D): unknown {
  const specs = charLmParameterSpecs(architecture);
  // (tfjs 4.22's split gradient fails for a single piece: the bigram's one table)
  const pieces = specs.length === 1 ? [params] : tf.split(params, specs.map((s) => s.size));
  let i = 0;
  return assemble(specs, (spec) => tf.reshape(pieces[i++], spec.shape));
}

// ---------------------------------------------------------------------------------------------
// Trainer

/** Examples on the device: contexts → targets (bigram, mlp) or causal windows with weights (transformer). */
interface DeviceExamples {
  count: number;
  inputs: tf.Tensor2D; // int32 (count × T)
  targets: tf.Tensor; // int32 (count) or (count × T)
  weights: tf.Tensor2D | null; // float32 (count × T), transformer only
}

function deviceExamples(architecture: CharLmArchitecture, names: readonly string[]): DeviceExamples {
  if (architecture.kind === "transformer") {
    const { count, inputs, targets, weights } = nameWindows(names, architecture.blockSize);
    const shape: [number, number] = [count, architecture.blockSize];
    return { count, inputs: tf.tensor2d(inputs, shape, "int32"), targets: tf.tensor2d(targets, shape, "int32"), weights: tf.tensor2d(weights, shape) };
  }
  const B = architecture.kind === "mlp" ? architecture.blockSize : 1;
  const { count, contexts, targets } = nameContexts(names, B);
  return { count, inputs: tf.tensor2d(contexts, [count, B], "int32"), targets: tf.tensor1d(targets, "int32"), weights: null };
}

function disposeExamples(e: DeviceExamples): void {
  tf.dispose([e.inputs, e.targets, ...(e.weights ? [e.weights] : [])]);
}

/** Rows per forward pass when evaluating many names (bounds memory). */
const EVALUATION_CHUNK = 512;

/**
 * Trains any of the three kinds on the training names with Adam on the mean cross-entropy (nats
 * per predicted character) of random mini-batches drawn with replacement. All weights live in ONE
 * flat variable (layout: charLmParameterSpecs), split into views inside each step, so Adam runs
 * one update instead of one per tensor.
 */
export class CharLmTrainer implements SteppedTrainer<{ loss: number }> {
  readonly config: CharLmConfig;
  readonly architecture: CharLmArchitecture;
  readonly parameterCount: number;
  iteration = 0;

  private readonly params: tf.Variable<tf.Rank.R1>;
  private readonly optimizer: tf.Optimizer;
  private readonly train: DeviceExamples;
  private readonly random: RandomStream; // batch indices
  private readonly indexBuffer: Int32Array;
  private lossT: tf.Scalar | null = null;
  private exported: { iteration: number; submission: CharLmSubmission } | null = null;
  private disposed = false;

  constructor(config: CharLmConfig, trainNames: readonly string[]) {
    this.config = charLmConfigSchema.parse(config);
    this.architecture = this.config.architecture;
    if (trainNames.length === 0) throw new RangeError("No training names.");
    this.parameterCount = charLmParameterCount(this.architecture);
    const init = tf.tensor1d(initialParameters(charLmParameterSpecs(this.architecture), mulberry32(this.config.seed)));
    this.params = tf.variable(init);
    init.dispose(); // tf.variable copied it
    this.optimizer = tf.train.adam(this.config.learningRate);
    this.train = deviceExamples(this.architecture, trainNames);
    this.random = new RandomStream(this.config.seed + 0xba7c4);
    this.indexBuffer = new Int32Array(this.config.batchSize);
  }

  /** Runs n Adam steps; no read-back. */
  step(n = 1): void {
    this.assertAlive();
    for (let i = 0; i < n; i++) {
      const keep = i === n - 1; // only the last step's loss is kept
      const loss = tf.tidy(() => {
        const idx = this.randomIndices();
        const inputs = tf.gather(this.train.inputs, idx);
        const targets = tf.gather(this.train.targets, idx);
        const weights = this.train.weights && tf.gather(this.train.weights, idx);
        const total = weights ? tf.sum(weights) : this.config.batchSize;
        return this.optimizer.minimize(() => tf.div(charLmBatchNats(this.architecture, this.params, inputs, targets, weights), total), keep, [this.params]) ?? [];
      });
      if (!Array.isArray(loss)) {
        this.lossT?.dispose();
        this.lossT = loss;
      }
      this.iteration++;
    }
  }

  private randomIndices(): tf.Tensor1D {
    const idx = this.indexBuffer;
    for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(this.random.next() * this.train.count);
    return tf.tensor1d(idx, "int32");
  }

  /** The latest step's mean cross-entropy in nats per character (NaN before the first step). */
  async losses(): Promise<{ loss: number }> {
    const data = await this.lossT?.data();
    return { loss: data ? data[0] : NaN };
  }

  /** The current model in the JSON format (the submission); weights to 9 significant digits. */
  async exportWeights(): Promise<CharLmSubmission> {
    this.assertAlive();
    if (this.exported?.iteration !== this.iteration) {
      const iteration = this.iteration;
      const flat = await this.params.data();
      this.exported = { iteration, submission: { architecture: this.architecture, weights: charLmWeightsFromFlat(this.architecture, flat) } };
    }
    return this.exported.submission;
  }

  /** Names sampled from the current weights (by the float64 sampler, as the leaderboard does). */
  async sample(count: number, options: SampleOptions = {}): Promise<string[]> {
    return charLmSample(await this.exportWeights(), count, options);
  }

  /** Per layer and head attention matrices on ". name" (transformer only), for the heat map. */
  async attention(name: string): Promise<CharLmAttention> {
    return charLmAttention(await this.exportWeights(), name);
  }

  /** Bits per character of the current model on `names` (tfjs, float32; same counting as the scorer). */
  async validationBitsPerChar(names: readonly string[]): Promise<number> {
    return (await this.totalNats(names)) / countPredictedCharacters(names) / Math.LN2;
  }

  /** Σ −log p in nats over every prediction of `names`, computed by tfjs in chunks. */
  async totalNats(names: readonly string[]): Promise<number> {
    this.assertAlive();
    if (names.length === 0) throw new RangeError("No names to score.");
    const examples = deviceExamples(this.architecture, names);
    try {
      const sums: tf.Scalar[] = [];
      for (let start = 0; start < examples.count; start += EVALUATION_CHUNK) {
        const size = Math.min(EVALUATION_CHUNK, examples.count - start);
        sums.push(
          tf.tidy(() => {
            const rows = (t: tf.Tensor) => tf.slice(t, start, size);
            return charLmBatchNats(this.architecture, this.params, rows(examples.inputs) as tf.Tensor2D, rows(examples.targets), examples.weights && rows(examples.weights));
          }),
        );
      }
      const total = tf.addN(sums);
      const value = (await total.data())[0];
      tf.dispose([...sums, total]);
      return value;
    } finally {
      disposeExamples(examples);
    }
  }

  /** tfjs log-probabilities (nats) of the name's n + 1 predictions (rows as in charLmLogProbabilities). */
  async logProbabilities(name: string): Promise<number[][]> {
    this.assertAlive();
    const examples = deviceExamples(this.architecture, [name]);
    const logp = tf.tidy(() => tf.logSoftmax(tfLogits(this.architecture, weightViews(this.architecture, this.params), examples.inputs)));
    try {
      const [values, weights] = await Promise.all([logp.data(), examples.weights?.data()]);
      const rows: number[][] = [];
      for (let r = 0; r < values.length / V; r++) if (!weights || weights[r] > 0) rows.push(Array.from(values.subarray(r * V, (r + 1) * V)));
      return rows;
    } finally {
      logp.dispose();
      disposeExamples(examples);
    }
  }

  private trainingParts(): TrainingParts {
    return {
      model: `${this.architecture.kind} language model`,
      tensors: { weights: this.params },
      optimizers: { Adam: { optimizer: this.optimizer, updates: ["weights"] } },
      streams: { batches: this.random },
    };
  }

  /** The flat weights, Adam's state, the iteration and the batch stream (train/checkpoint.ts). */
  exportState(): Promise<TrainingState> {
    this.assertAlive();
    return exportTraining(this.trainingParts(), this.iteration);
  }

  /** Restores exportState()'s output, checked first (a RangeError says what does not fit; nothing changes then). */
  importState(state: unknown): void {
    this.assertAlive();
    this.iteration = importTraining(this.trainingParts(), state);
    this.exported = null; // the JSON of other weights at perhaps the same iteration
  }

  /** Frees the weights, optimizer state, data and kept loss. Idempotent. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lossT?.dispose();
    this.lossT = null;
    this.params.dispose();
    this.optimizer.dispose();
    disposeExamples(this.train);
  }

  private assertAlive(): void {
    if (this.disposed) throw new Error("CharLmTrainer used after dispose()");
  }
}
