/**
 * Checkpoints of the TensorFlow.js trainers (SteppedTrainer.exportState / importState): a page saves one
 * so that a reload resumes the run exactly where it stood. A trainer lists its parts once (TrainingParts):
 * - every tensor training changes: weights, moving averages, momentum velocities, persistent chains;
 * - its Adam optimisers: the first and second moments, β₁ᵗ and β₂ᵗ and the step count;
 * - its seeded random streams (RandomStream), by the number of draws so far;
 * and exportTraining / importTraining turn them into plain structured-clonable data (a Float32Array per
 * tensor, fit for IndexedDB) and back. Restored, a run continues as if it had never stopped: the next
 * steps see the same batches and noise and make the same updates as an uninterrupted run.
 */
import * as tf from "@tensorflow/tfjs";
import { mulberry32, mulberry32After, type Rng } from "../random";

/** A checkpoint's iteration, checked: a whole number ≥ 0. */
export function checkpointIteration(value: unknown): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`The checkpoint's iteration must be a whole number ≥ 0, got ${JSON.stringify(value)}.`);
  }
  return value;
}

/**
 * A seeded mulberry32 stream that counts its draws, so a checkpoint can say where it stands and a
 * resumed run continue it (mulberry32After), whatever the number of draws per step.
 */
export class RandomStream {
  private rng: Rng;
  private count = 0;

  constructor(private readonly seed: number) {
    this.rng = mulberry32(seed);
  }

  /** The next uniform number in [0, 1): an Rng, so it can be handed to gaussian() and the like. */
  readonly next: Rng = () => {
    this.count++;
    return this.rng();
  };

  /** Numbers drawn since construction (or since the position resume() set). */
  get draws(): number {
    return this.count;
  }

  /** Continues the stream as it stands after `draws` numbers since construction. */
  resume(draws: number): void {
    this.rng = mulberry32After(this.seed, draws);
    this.count = draws;
  }
}

/** What a trainer's checkpoint holds; names appear in the messages of a checkpoint that does not fit. */
export interface TrainingParts {
  /** The model, in words ("digit GAN"): a checkpoint of another model is refused by it. */
  model: string;
  /** Every tensor training changes, by name, except the optimisers' own state. */
  tensors: Record<string, tf.Variable>;
  /**
   * Each Adam optimiser (tf.train.adam) with the names in `tensors` of the variables it updates, in
   * the order its minimize() / applyGradients() receives them (the order of its moments).
   */
  optimizers: Record<string, { optimizer: tf.Optimizer; updates: readonly string[] }>;
  /** The seeded random streams of training (batches, noise, Gibbs sampling). */
  streams: Record<string, RandomStream>;
}

export interface TensorState {
  shape: number[];
  values: Float32Array;
}

/** Adam's state (Kingma & Ba 2015, Algorithm 1): m and v per variable (none before the first step), β₁ᵗ⁺¹, β₂ᵗ⁺¹ and t. */
export interface AdamState {
  steps: number;
  beta1Power: number;
  beta2Power: number;
  firstMoments: Float32Array[];
  secondMoments: Float32Array[];
}

/** exportTraining's output: plain data that survives structuredClone (IndexedDB), not JSON (typed arrays). */
export interface TrainingState {
  model: string;
  iteration: number;
  tensors: Record<string, TensorState>;
  optimizers: Record<string, AdamState>;
  /** Draws of each random stream so far. */
  streams: Record<string, number>;
}

interface Moment {
  originalName: string;
  variable: tf.Variable;
}

/**
 * The fields of tfjs 4.22's AdamOptimizer that hold its state. Why not its public getWeights() /
 * setWeights(): setWeights is asynchronous (it reads the step count back from a tensor) while a
 * SteppedTrainer's importState is synchronous, it leaks the moment variables it replaces, and it
 * recomputes β^t with pow(), which differs in the last bits from the product the optimiser keeps.
 */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Moment[];
  accumulatedSecondMoment: Moment[];
  iterations_?: number;
}

function adamInternals(optimizer: tf.Optimizer, name: string): AdamInternals {
  const adam = optimizer as unknown as Partial<AdamInternals>;
  if (
    !(optimizer instanceof tf.AdamOptimizer) ||
    !adam.accBeta1 ||
    !Array.isArray(adam.accumulatedFirstMoment) ||
    !Array.isArray(adam.accumulatedSecondMoment)
  ) {
    throw new TypeError(`The ${name} optimiser is not an Adam optimiser of TensorFlow.js 4: its state cannot be saved.`);
  }
  return adam as AdamInternals;
}

/**
 * Reads the parts back as a TrainingState. Everything is captured in one synchronous stretch before
 * the first await (the iteration, the streams' positions, and the read of every tensor, which the
 * backends serve from the data as it was when asked even if a later step replaces it), so steps
 * that run while the reads complete cannot mix two iterations into one checkpoint.
 */
export async function exportTraining(parts: TrainingParts, iteration: number): Promise<TrainingState> {
  const tensorNames = Object.keys(parts.tensors);
  const read: tf.Tensor[] = tensorNames.map((name) => parts.tensors[name]);
  const optimizers = Object.entries(parts.optimizers).map(([name, { optimizer }]) => {
    const adam = adamInternals(optimizer, name);
    const from = read.length;
    read.push(adam.accBeta1, adam.accBeta2, ...[...adam.accumulatedFirstMoment, ...adam.accumulatedSecondMoment].map((m) => m.variable));
    return { name, steps: adam.iterations_ ?? 0, count: adam.accumulatedFirstMoment.length, from };
  });
  const streams = Object.fromEntries(Object.entries(parts.streams).map(([name, stream]) => [name, stream.draws]));
  const values = await Promise.all(read.map((t) => t.data() as Promise<Float32Array>));

  const tensors = Object.fromEntries(tensorNames.map((name, i) => [name, { shape: [...parts.tensors[name].shape], values: values[i] }]));
  const adamStates = optimizers.map(({ name, steps, count, from }): [string, AdamState] => {
    const moments = values.slice(from + 2, from + 2 + 2 * count);
    return [
      name,
      { steps, beta1Power: values[from][0], beta2Power: values[from + 1][0], firstMoments: moments.slice(0, count), secondMoments: moments.slice(count) },
    ];
  });
  return { model: parts.model, iteration, tensors, optimizers: Object.fromEntries(adamStates), streams };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** Float32Array values (or plain numbers) of the expected length, all finite; `what` names them in messages. */
function checkValues(value: unknown, size: number, what: string): ArrayLike<number> {
  if (!(value instanceof Float32Array || value instanceof Float64Array || (Array.isArray(value) && value.every((v) => typeof v === "number")))) {
    throw new RangeError(`The checkpoint has no values for ${what}.`);
  }
  if (value.length !== size) {
    throw new RangeError(
      `The checkpoint's ${what} has ${value.length.toLocaleString("en")} values where this model has ${size.toLocaleString("en")}: it comes from other settings.`,
    );
  }
  for (let i = 0; i < value.length; i++) if (!Number.isFinite(value[i])) throw new RangeError(`The checkpoint's ${what} must be finite numbers.`);
  return value;
}

/** The state of one Adam optimiser, checked against the variables it updates. */
function checkAdam(value: unknown, variables: tf.Variable[], name: string): AdamState {
  if (!isRecord(value)) throw new RangeError(`The checkpoint has no state for the ${name} optimiser.`);
  const { steps, beta1Power, beta2Power, firstMoments, secondMoments } = value;
  if (typeof steps !== "number" || !Number.isSafeInteger(steps) || steps < 0)
    throw new RangeError(`The ${name} optimiser's step count must be a whole number ≥ 0, got ${JSON.stringify(steps)}.`);
  for (const [power, label] of [
    [beta1Power, "β₁ᵗ"],
    [beta2Power, "β₂ᵗ"],
  ] as const) {
    if (typeof power !== "number" || !(power >= 0 && power <= 1))
      throw new RangeError(`The ${name} optimiser's ${label} must be a number in [0, 1], got ${JSON.stringify(power)}.`);
  }
  if (!Array.isArray(firstMoments) || !Array.isArray(secondMoments) || firstMoments.length !== secondMoments.length) {
    throw new RangeError(`The ${name} optimiser's moments must be two lists of the same length.`);
  }
  // No moments: saved before the first step (Adam creates them then).
  if (firstMoments.length !== 0 && firstMoments.length !== variables.length) {
    throw new RangeError(
      `The ${name} optimiser has moments for ${firstMoments.length} variables where this model's updates ${variables.length}: it comes from other settings.`,
    );
  }
  firstMoments.forEach((m, i) => checkValues(m, variables[i].size, `${name} optimiser's first moment ${i + 1}`));
  secondMoments.forEach((m, i) => checkValues(m, variables[i].size, `${name} optimiser's second moment ${i + 1}`));
  return value as unknown as AdamState;
}

const arrayOf = (values: ArrayLike<number>) => (values instanceof Float32Array ? values : Float32Array.from(values));

/**
 * Restores exportTraining's output into the parts and returns its iteration. It arrives from storage,
 * so all of it is checked first (a RangeError says what does not fit, and nothing has changed then).
 */
export function importTraining(parts: TrainingParts, state: unknown): number {
  const { model } = parts;
  if (!isRecord(state)) throw new RangeError(`A ${model} checkpoint is an object {model, iteration, tensors, optimizers, streams}.`);
  if (state.model !== model)
    throw new RangeError(`This checkpoint is of ${typeof state.model === "string" ? `a ${state.model}` : "another model"}, not of a ${model}.`);
  const iteration = checkpointIteration(state.iteration);
  const { tensors, optimizers, streams } = state;
  if (!isRecord(tensors) || !isRecord(optimizers) || !isRecord(streams)) throw new RangeError(`A ${model} checkpoint has tensors, optimizers and streams.`);

  const values = Object.entries(parts.tensors).map(([name, variable]) => {
    const saved = tensors[name];
    if (!isRecord(saved)) throw new RangeError(`The checkpoint has no ${name}.`);
    const shape = saved.shape;
    if (!Array.isArray(shape) || shape.length !== variable.shape.length || shape.some((d, i) => d !== variable.shape[i])) {
      throw new RangeError(
        `The checkpoint's ${name} has shape [${String(shape)}] where this model's is [${variable.shape.join(", ")}]: it comes from other settings.`,
      );
    }
    return { variable, values: checkValues(saved.values, variable.size, name) };
  });
  const adams = Object.entries(parts.optimizers).map(([name, { optimizer, updates }]) => {
    const variables = updates.map((u) => parts.tensors[u]);
    return { adam: adamInternals(optimizer, name), variables, saved: checkAdam(optimizers[name], variables, name) };
  });
  const draws = Object.keys(parts.streams).map((name) => {
    const n = streams[name];
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`The checkpoint's ${name} random stream must be at a whole number of draws ≥ 0, got ${JSON.stringify(n)}.`);
    return n;
  });

  tf.tidy(() => {
    for (const { variable, values: v } of values) variable.assign(tf.tensor(arrayOf(v), variable.shape));
    for (const { adam, variables, saved } of adams) {
      // New moment variables rather than assign(): before its first step an optimiser has none.
      tf.dispose([...adam.accumulatedFirstMoment, ...adam.accumulatedSecondMoment].map((m) => m.variable));
      const moments = (list: Float32Array[], suffix: string) =>
        list.map((m, i) => ({ originalName: `${variables[i].name}/${suffix}`, variable: tf.variable(tf.tensor(arrayOf(m), variables[i].shape), false) }));
      adam.accumulatedFirstMoment = moments(saved.firstMoments, "m");
      adam.accumulatedSecondMoment = moments(saved.secondMoments, "v");
      adam.accBeta1.assign(tf.scalar(saved.beta1Power));
      adam.accBeta2.assign(tf.scalar(saved.beta2Power));
      adam.iterations_ = saved.steps;
    }
  });
  Object.values(parts.streams).forEach((stream, i) => stream.resume(draws[i]));
  return iteration;
}
