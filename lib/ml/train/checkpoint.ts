/**
 * Checkpoints of the TensorFlow.js trainers (SteppedTrainer.exportState / importState): a page saves one
 * so that a reload resumes the run exactly where it stood. A trainer lists its parts once (TrainingParts):
 * - every tensor training changes: weights, moving averages, momentum velocities, persistent chains;
 * - its optimisers: Adam's first and second moments, β₁ᵗ and β₂ᵗ and step count, or the velocities of
 *   SGD with momentum;
 * - its seeded random streams (RandomStream), by the number of draws so far;
 * and exportTraining / importTraining turn them into plain structured-clonable data (a Float32Array per
 * tensor, fit for IndexedDB) and back. Restored, a run continues as if it had never stopped: the next
 * steps see the same batches and noise and make the same updates as an uninterrupted run.
 * For the trainers the worker pool also runs (it stores checkpoints as JSON): plainTraining, the same
 * state in lists of numbers, and weightsOnlyTraining, the state of a checkpoint that kept the weights only.
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
   * Each optimiser, Adam (tf.train.adam) or SGD with momentum (tf.train.momentum), with the names in
   * `tensors` of the variables it updates, in the order its minimize() / applyGradients() receives
   * them (the order of its moments or velocities).
   */
  optimizers: Record<string, { optimizer: tf.Optimizer; updates: readonly string[] }>;
  /** The seeded random streams of training (batches, noise, Gibbs sampling). */
  streams: Record<string, RandomStream>;
}

/** `Values`: Float32Array as exportTraining makes them, number[] once converted for JSON (plainTraining). */
export interface TensorState<Values = Float32Array> {
  shape: number[];
  values: Values;
}

/** Adam's state (Kingma & Ba 2015, Algorithm 1): m and v per variable (none before the first step), β₁ᵗ⁺¹, β₂ᵗ⁺¹ and t. */
export interface AdamState<Values = Float32Array> {
  steps: number;
  beta1Power: number;
  beta2Power: number;
  firstMoments: Values[];
  secondMoments: Values[];
}

/** The state of SGD with momentum: a velocity per variable (none before the first step), and its step count. */
export interface MomentumState<Values = Float32Array> {
  steps: number;
  velocities: Values[];
}

/** exportTraining's output: plain data that survives structuredClone (IndexedDB), not JSON (typed arrays: see plainTraining). */
export interface TrainingState<Values = Float32Array> {
  model: string;
  iteration: number;
  tensors: Record<string, TensorState<Values>>;
  optimizers: Record<string, AdamState<Values> | MomentumState<Values>>;
  /** Draws of each random stream so far. */
  streams: Record<string, number>;
}

interface OptimizerVariable {
  originalName: string;
  variable: tf.Variable;
}

/**
 * The fields of tfjs 4.22's AdamOptimizer that hold its state (and β₁, β₂, where it starts). Why not its public getWeights() /
 * setWeights(): setWeights is asynchronous (it reads the step count back from a tensor) while a
 * SteppedTrainer's importState is synchronous, it leaks the moment variables it replaces, and it
 * recomputes β^t with pow(), which differs in the last bits from the product the optimiser keeps.
 */
interface AdamInternals {
  beta1: number;
  beta2: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: OptimizerVariable[];
  accumulatedSecondMoment: OptimizerVariable[];
  iterations_?: number;
}

/** tfjs 4.22's MomentumOptimizer: a velocity per variable, created at its first step. */
interface MomentumInternals {
  accumulations: OptimizerVariable[];
  iterations_?: number;
}

type Internals = { kind: "Adam"; adam: AdamInternals } | { kind: "momentum"; momentum: MomentumInternals };

function optimizerInternals(optimizer: tf.Optimizer, name: string): Internals {
  const adam = optimizer as unknown as Partial<AdamInternals>;
  if (optimizer instanceof tf.AdamOptimizer && adam.accBeta1 && Array.isArray(adam.accumulatedFirstMoment) && Array.isArray(adam.accumulatedSecondMoment)) {
    return { kind: "Adam", adam: adam as AdamInternals };
  }
  const momentum = optimizer as unknown as Partial<MomentumInternals>;
  if (optimizer instanceof tf.MomentumOptimizer && Array.isArray(momentum.accumulations)) return { kind: "momentum", momentum: momentum as MomentumInternals };
  throw new TypeError(`The ${name} optimiser is neither Adam nor SGD with momentum of TensorFlow.js 4: its state cannot be saved.`);
}

/** The tensors that hold an optimiser's state, and how their values make it (the step count is taken now). */
function optimizerReader(optimizer: tf.Optimizer, name: string): { tensors: tf.Tensor[]; state(values: Float32Array[]): AdamState | MomentumState } {
  const internals = optimizerInternals(optimizer, name);
  if (internals.kind === "momentum") {
    const { accumulations, iterations_ } = internals.momentum;
    return { tensors: accumulations.map((a) => a.variable), state: (velocities) => ({ steps: iterations_ ?? 0, velocities }) };
  }
  const { accBeta1, accBeta2, accumulatedFirstMoment, accumulatedSecondMoment, iterations_ } = internals.adam;
  const count = accumulatedFirstMoment.length;
  return {
    tensors: [accBeta1, accBeta2, ...[...accumulatedFirstMoment, ...accumulatedSecondMoment].map((m) => m.variable)],
    state: ([beta1Power, beta2Power, ...moments]) => ({
      steps: iterations_ ?? 0,
      beta1Power: beta1Power[0],
      beta2Power: beta2Power[0],
      firstMoments: moments.slice(0, count),
      secondMoments: moments.slice(count),
    }),
  };
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
    const reader = optimizerReader(optimizer, name);
    const from = read.length;
    read.push(...reader.tensors);
    return { name, reader, from };
  });
  const streams = Object.fromEntries(Object.entries(parts.streams).map(([name, stream]) => [name, stream.draws]));
  const values = await Promise.all(read.map((t) => t.data() as Promise<Float32Array>));

  const tensors = Object.fromEntries(tensorNames.map((name, i) => [name, { shape: [...parts.tensors[name].shape], values: values[i] }]));
  const states = optimizers.map(({ name, reader, from }): [string, AdamState | MomentumState] => [
    name,
    reader.state(values.slice(from, from + reader.tensors.length)),
  ]);
  return { model: parts.model, iteration, tensors, optimizers: Object.fromEntries(states), streams };
}

/** A TrainingState fit for JSON (for a checkpoint stored as JSON): lists of numbers where it had Float32Arrays. */
export function plainTraining(state: TrainingState): TrainingState<number[]> {
  const plain = (values: Float32Array[]) => values.map((v) => Array.from(v));
  return {
    ...state,
    tensors: Object.fromEntries(Object.entries(state.tensors).map(([name, { shape, values }]) => [name, { shape, values: Array.from(values) }])),
    optimizers: Object.fromEntries(
      Object.entries(state.optimizers).map(([name, o]): [string, AdamState<number[]> | MomentumState<number[]>] => [
        name,
        "velocities" in o ? { ...o, velocities: plain(o.velocities) } : { ...o, firstMoments: plain(o.firstMoments), secondMoments: plain(o.secondMoments) },
      ]),
    ),
  };
}

/**
 * The TrainingState of weights saved without the rest of training (the worker pool's checkpoints, runs
 * saved before checkpoints held the optimisers): `weights` by the names of the parts' tensors, every
 * optimiser as before its first step, each stream at its number of `draws`. A run resumed from it
 * has the weights, the iteration and the data and noise of the saved run, and restarts its optimisers.
 */
export function weightsOnlyTraining(
  parts: TrainingParts,
  iteration: number,
  weights: Record<string, ArrayLike<number>>,
  draws: Record<string, number>,
): TrainingState<ArrayLike<number>> {
  const optimizers = Object.entries(parts.optimizers).map(([name, { optimizer }]): [string, AdamState<never> | MomentumState<never>] => {
    const internals = optimizerInternals(optimizer, name);
    // As tf.train.adam starts: β₁ᵗ⁺¹ = β₁ at t = 0.
    const fresh =
      internals.kind === "Adam"
        ? { steps: 0, beta1Power: internals.adam.beta1, beta2Power: internals.adam.beta2, firstMoments: [], secondMoments: [] }
        : { steps: 0, velocities: [] };
    return [name, fresh];
  });
  return {
    model: parts.model,
    iteration,
    tensors: Object.fromEntries(Object.entries(parts.tensors).map(([name, v]) => [name, { shape: [...v.shape], values: weights[name] }])),
    optimizers: Object.fromEntries(optimizers),
    streams: draws,
  };
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

const arrayOf = (values: ArrayLike<number>) => (values instanceof Float32Array ? values : Float32Array.from(values));

/** Each of `list` (moments, velocities), checked against the variables it belongs to; none before the first step. */
function checkPerVariable(list: unknown, variables: tf.Variable[], what: string): ArrayLike<number>[] {
  if (!Array.isArray(list)) throw new RangeError(`The checkpoint has no ${what}s.`);
  if (list.length !== 0 && list.length !== variables.length) {
    throw new RangeError(
      `The checkpoint has ${what}s for ${list.length} variables where this model's optimiser updates ${variables.length}: it comes from other settings.`,
    );
  }
  return list.map((m, i) => checkValues(m, variables[i].size, `${what} ${i + 1}`));
}

/** The saved state of one optimiser, checked against the variables it updates; what restores it. */
function checkOptimizer(internals: Internals, value: unknown, variables: tf.Variable[], name: string): () => void {
  if (!isRecord(value)) throw new RangeError(`The checkpoint has no state for the ${name} optimiser.`);
  const { steps } = value;
  if (typeof steps !== "number" || !Number.isSafeInteger(steps) || steps < 0)
    throw new RangeError(`The ${name} optimiser's step count must be a whole number ≥ 0, got ${JSON.stringify(steps)}.`);
  // New variables rather than assign(): before its first step an optimiser has none.
  const slots = (list: ArrayLike<number>[], suffix: string): OptimizerVariable[] =>
    list.map((m, i) => ({ originalName: `${variables[i].name}/${suffix}`, variable: tf.variable(tf.tensor(arrayOf(m), variables[i].shape), false) }));

  if (internals.kind === "momentum") {
    const velocities = checkPerVariable(value.velocities, variables, `${name} optimiser's velocity`);
    const momentum = internals.momentum;
    return () => {
      tf.dispose(momentum.accumulations.map((a) => a.variable));
      momentum.accumulations = slots(velocities, "momentum");
      momentum.iterations_ = steps;
    };
  }
  const { beta1Power, beta2Power } = value;
  for (const [power, label] of [
    [beta1Power, "β₁ᵗ"],
    [beta2Power, "β₂ᵗ"],
  ] as const) {
    if (typeof power !== "number" || !(power >= 0 && power <= 1))
      throw new RangeError(`The ${name} optimiser's ${label} must be a number in [0, 1], got ${JSON.stringify(power)}.`);
  }
  const first = checkPerVariable(value.firstMoments, variables, `${name} optimiser's first moment`);
  const second = checkPerVariable(value.secondMoments, variables, `${name} optimiser's second moment`);
  if (first.length !== second.length) throw new RangeError(`The ${name} optimiser's moments must be two lists of the same length.`);
  const adam = internals.adam;
  return () => {
    tf.dispose([...adam.accumulatedFirstMoment, ...adam.accumulatedSecondMoment].map((m) => m.variable));
    adam.accumulatedFirstMoment = slots(first, "m");
    adam.accumulatedSecondMoment = slots(second, "v");
    adam.accBeta1.assign(tf.scalar(beta1Power as number));
    adam.accBeta2.assign(tf.scalar(beta2Power as number));
    adam.iterations_ = steps;
  };
}

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
  const restorers = Object.entries(parts.optimizers).map(([name, { optimizer, updates }]) =>
    checkOptimizer(
      optimizerInternals(optimizer, name),
      optimizers[name],
      updates.map((u) => parts.tensors[u]),
      name,
    ),
  );
  const draws = Object.keys(parts.streams).map((name) => {
    const n = streams[name];
    if (typeof n !== "number" || !Number.isSafeInteger(n) || n < 0)
      throw new RangeError(`The checkpoint's ${name} random stream must be at a whole number of draws ≥ 0, got ${JSON.stringify(n)}.`);
    return n;
  });

  tf.tidy(() => {
    for (const { variable, values: v } of values) variable.assign(tf.tensor(arrayOf(v), variable.shape));
    for (const restore of restorers) restore();
  });
  Object.values(parts.streams).forEach((stream, i) => stream.resume(draws[i]));
  return iteration;
}
