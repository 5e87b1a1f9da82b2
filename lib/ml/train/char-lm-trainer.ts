/**
 * Training of the character-level language models of first names (models/char-lm.ts) with
 * TensorFlow.js. Their JSON format (the exercise's submission) is in models/char-lm-submission.ts,
 * the exact float64 evaluator and sampler in models/char-lm-float64.ts; the config (schema,
 * defaults) is plain data in configs/char-lm.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { charLmConfigSchema, type CharLmConfig } from "../configs/char-lm";
import { countPredictedCharacters, nameContexts, nameWindows, NAME_VOCAB_SIZE as V } from "../datasets/names";
import { charLmBatchNats, charLmLogits, initialCharLmParameters } from "../models/char-lm";
import { charLmAttention, charLmSample, type CharLmAttention, type SampleOptions } from "../models/char-lm-float64";
import { charLmParameterCount, charLmWeightsFromFlat, type CharLmArchitecture, type CharLmSubmission } from "../models/char-lm-submission";
import { mulberry32 } from "../random";
import { exportTraining, importTraining, RandomStream, type TrainingParts, type TrainingState } from "./checkpoint";
import type { SteppedTrainer } from "./loop";

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
    const init = tf.tensor1d(initialCharLmParameters(this.architecture, mulberry32(this.config.seed)));
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
        return (
          this.optimizer.minimize(() => tf.div(charLmBatchNats(this.architecture, this.params, inputs, targets, weights), total), keep, [this.params]) ?? []
        );
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
            return charLmBatchNats(
              this.architecture,
              this.params,
              rows(examples.inputs) as tf.Tensor2D,
              rows(examples.targets),
              examples.weights && rows(examples.weights),
            );
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
    const logp = tf.tidy(() => tf.logSoftmax(charLmLogits(this.architecture, this.params, examples.inputs)));
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
