/**
 * RealNVP: a normalizing flow of affine coupling layers for 2-D points, trained by maximum
 * likelihood with TensorFlow.js and scored exactly by a float64 evaluator in plain JS.
 * References: Dinh, Sohl-Dickstein & Bengio 2017, "Density estimation using Real NVP" (§3.1 change
 * of variables, §3.2–3.3 affine coupling and its triangular Jacobian, §3.4 alternating masks);
 * the data-initialised normalization and the zero-initialised last layers come from Glow
 * (Kingma & Dhariwal 2018, §3.1 ActNorm, §3.3 zero initialisation).
 *
 * The flow f maps a data point x to a latent z ~ N(0, I); by the change of variables
 *   log p(x) = log N(f(x); 0, I) + log |det ∂f/∂x|.
 * f = c_{K−1} ∘ … ∘ c_1 ∘ c_0 ∘ norm, where
 *   norm (elementwise affine):  u = x ⊙ exp(logScale) + shift,          log det = Σ logScale
 *   coupling k: k even: a = 1st coordinate, b = 2nd (x1 conditions x2); k odd: the reverse;
 *               y_a = u_a,  y_b = u_b · exp(s) + t,                       log det = s
 *               with [r, t] = MLP_k(u_a) and s = tanh(r): the log-scale is bounded to (−1, 1),
 *               so one coupling stretches or squeezes by at most a factor e.
 *   MLP_k: 1 input → L hidden tanh layers of width H → 2 linear outputs (r, t).
 * All-zero weights give the identity flow, p = N(0, I).
 *
 * Submission JSON (also what RealNvpTrainer.exportWeights returns); lists are plain numbers:
 * {
 *   "architecture": {"couplings": K, "hiddenWidth": H, "hiddenLayers": L},
 *   "weights": {
 *     "normalization": {"logScale": [2 numbers], "shift": [2 numbers]},
 *     "couplings": [                    K entries; couplings[0] is applied first to the data
 *       {"layers": [                    L + 1 entries: the hidden layers in order, then the output layer
 *         {"w": [[…], …], "b": […]}     w: one row per input, one column per output; b: one per output
 *       ]}
 *     ]
 *   }
 * }
 * A layer computes out[j] = act(b[j] + Σ_i in[i] · w[i][j]) (act = tanh, none for the output layer).
 * Shapes: layers[0].w is 1 × H, the other hidden layers H × H, the output layer H × 2 with b of 2;
 * output column 0 is r (s = tanh(r)), column 1 is t.
 * Limits: 1 ≤ K ≤ 16, 4 ≤ H ≤ 128, 1 ≤ L ≤ 3, at most 100,000 parameters in all; every w, b and
 * shift within ±1000, logScale within ±10. Validation messages name entries as in the JSON, counting
 * from 0: "weights.couplings[2].layers[0].w[3][1] is not a finite number".
 */
import * as tf from "@tensorflow/tfjs";
import { z } from "zod";
import { fmt, readNumber, schemaFromChecks, type Report } from "../density/checks";
import { uniformInit, type SteppedTrainer } from "../train/loop";
import { gaussian, mulberry32, type Rng } from "../random";
import { mlpDims, type LayerDims } from "./gan";

// ---------------------------------------------------------------------------------------------
// Architecture, limits and the flat parameter layout
// ---------------------------------------------------------------------------------------------

export interface RealNvpArchitecture {
  couplings: number;
  hiddenWidth: number;
  hiddenLayers: number;
}

/** Allowed range of each architecture value (whole numbers). */
export const REALNVP_ARCHITECTURE_LIMITS = {
  couplings: { min: 1, max: 16 },
  hiddenWidth: { min: 4, max: 128 },
  hiddenLayers: { min: 1, max: 3 },
} as const satisfies Record<keyof RealNvpArchitecture, { min: number; max: number }>;
const ARCHITECTURE_KEYS = Object.keys(REALNVP_ARCHITECTURE_LIMITS) as (keyof RealNvpArchitecture)[];

/** Most parameters (numbers in "weights") a submission may have. */
export const REALNVP_MAX_PARAMETERS = 100_000;
/** Largest |w|, |b| or |shift| accepted. */
export const REALNVP_WEIGHT_LIMIT = 1000;
/** Largest |logScale| accepted: e^10 ≈ 22,000 already maps the data far outside the latent's bulk (and exp stays finite). */
export const REALNVP_LOG_SCALE_LIMIT = 10;

/** Dense layers of one coupling's MLP: 1 → H (tanh), (H → H (tanh)) × (L − 1), H → 2. */
export function couplingLayerDims(arch: RealNvpArchitecture): LayerDims[] {
  return mlpDims(1, arch.hiddenWidth, arch.hiddenLayers, 2);
}

const layerSize = ({ inDim, outDim }: LayerDims) => inDim * outDim + outDim;

/** Numbers in one coupling's MLP: 4H + 2 + (L − 1)(H² + H). */
function couplingSize(arch: RealNvpArchitecture): number {
  return couplingLayerDims(arch).reduce((sum, dims) => sum + layerSize(dims), 0);
}

/** The normalization's 4 numbers come first in the flat layout: logScale (2), then shift (2). */
const NORMALIZATION_SIZE = 4;

/** Numbers in "weights" for this architecture (normalization included). */
export function realNvpParameterCount(arch: RealNvpArchitecture): number {
  return NORMALIZATION_SIZE + arch.couplings * couplingSize(arch);
}

export interface DenseLayerWeights {
  /** inDim rows × outDim columns. */
  w: number[][];
  b: number[];
}

export interface RealNvpWeights {
  normalization: { logScale: [number, number]; shift: [number, number] };
  couplings: { layers: DenseLayerWeights[] }[];
}

export interface RealNvpSubmission {
  architecture: RealNvpArchitecture;
  weights: RealNvpWeights;
}

/**
 * All parameters in one flat list, the layout shared by the tfjs variable and the float64
 * evaluator: [logScale (2), shift (2), then per coupling, per layer: w (row-major, in × out), b (out)].
 */
export function realNvpParameters({ architecture, weights }: RealNvpSubmission): Float64Array {
  const flat = new Float64Array(realNvpParameterCount(architecture));
  flat.set([...weights.normalization.logScale, ...weights.normalization.shift]);
  let offset = NORMALIZATION_SIZE;
  for (const { layers } of weights.couplings) {
    for (const { w, b } of layers) {
      for (const row of w) {
        flat.set(row, offset);
        offset += row.length;
      }
      flat.set(b, offset);
      offset += b.length;
    }
  }
  return flat;
}

/** The inverse of realNvpParameters; `round` is applied to every number (e.g. to shorten the JSON). */
export function realNvpWeightsFromParameters(arch: RealNvpArchitecture, flat: ArrayLike<number>, round: (v: number) => number = (v) => v): RealNvpWeights {
  let offset = 0;
  const take = (n: number): number[] => Array.from({ length: n }, () => round(flat[offset++]));
  const logScale = take(2) as [number, number];
  const shift = take(2) as [number, number];
  const couplings = Array.from({ length: arch.couplings }, () => ({
    layers: couplingLayerDims(arch).map(({ inDim, outDim }) => ({ w: Array.from({ length: inDim }, () => take(outDim)), b: take(outDim) })),
  }));
  return { normalization: { logScale, shift }, couplings };
}

/** 9 significant digits: enough for every float32 to read back exactly, about half the JSON of full float64 precision. */
const float32Digits = (v: number): number => Number(v.toPrecision(9));

// ---------------------------------------------------------------------------------------------
// Validation of submitted JSON
// ---------------------------------------------------------------------------------------------

const child = (field: string, key: string) => (field ? `${field}.${key}` : key);

/** An object with only the given keys; null after reporting a problem. */
function readObject(value: unknown, field: string, keys: readonly string[], example: string, report: Report): Record<string, unknown> | null {
  if (value === undefined) {
    report(field, `is missing; it must be an object like ${example}`);
    return null;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    report(field, `must be an object like ${example}`);
    return null;
  }
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    report(child(field, unknown), `is not a known field; ${field ? `"${field}"` : "the submission"} has only ${keys.map((k) => `"${k}"`).join(", ")}`);
    return null;
  }
  return value as Record<string, unknown>;
}

const count = (n: number, singular: string, plural = `${singular}s`) => `${n} ${n === 1 ? singular : plural}`;

/** A list of exactly `length` entries; `what` describes them, count included ("4 numbers (one per output)"). */
function readList(value: unknown, field: string, length: number, what: string, report: Report): unknown[] | null {
  if (value === undefined) {
    report(field, `is missing; it must be a list of ${what}`);
    return null;
  }
  if (!Array.isArray(value)) {
    report(field, `must be a list of ${what}`);
    return null;
  }
  if (value.length !== length) {
    report(field, `must have ${what}; it has ${value.length}`);
    return null;
  }
  return value;
}

/** `length` finite numbers within ±limit; a problem is reported at the exact entry, field[i]. */
function readNumbers(value: unknown, field: string, length: number, onePer: string, limit: number, report: Report): number[] | null {
  const list = readList(value, field, length, `${count(length, "number")} (one per ${onePer})`, report);
  if (!list) return null;
  const out = new Array<number>(length);
  for (let i = 0; i < length; i++) {
    const at = `${field}[${i}]`;
    const v = readNumber(list[i], at, report);
    if (v === null) return null;
    if (Math.abs(v) > limit) {
      report(at, `is ${fmt(v)}; it must be within ±${limit}`);
      return null;
    }
    out[i] = v;
  }
  return out;
}

function readArchitecture(value: unknown, report: Report): RealNvpArchitecture | null {
  const example = '{"couplings": 8, "hiddenWidth": 32, "hiddenLayers": 2}';
  const body = readObject(value, "architecture", ARCHITECTURE_KEYS, example, report);
  if (!body) return null;
  const arch: Partial<RealNvpArchitecture> = {};
  for (const key of ARCHITECTURE_KEYS) {
    const { min, max } = REALNVP_ARCHITECTURE_LIMITS[key];
    const field = `architecture.${key}`;
    const range = `a whole number from ${min} to ${max}`;
    if (body[key] === undefined) {
      report(field, `is missing; it must be ${range}`);
      return null;
    }
    const v = readNumber(body[key], field, report);
    if (v === null) return null;
    if (!Number.isInteger(v) || v < min || v > max) {
      report(field, `must be ${range}; it is ${fmt(v)}`);
      return null;
    }
    arch[key] = v;
  }
  return arch as RealNvpArchitecture;
}

function readLayer(value: unknown, field: string, { inDim, outDim }: LayerDims, report: Report): DenseLayerWeights | null {
  const layer = readObject(value, field, ["w", "b"], '{"w": [[…], …], "b": […]}', report);
  if (!layer) return null;
  const rows = readList(layer.w, `${field}.w`, inDim, `${count(inDim, "row")} (one per input), each a list of ${count(outDim, "number")} (one per output)`, report);
  if (!rows) return null;
  const w: number[][] = [];
  for (let i = 0; i < inDim; i++) {
    const row = readNumbers(rows[i], `${field}.w[${i}]`, outDim, "output", REALNVP_WEIGHT_LIMIT, report);
    if (!row) return null;
    w.push(row);
  }
  const b = readNumbers(layer.b, `${field}.b`, outDim, "output", REALNVP_WEIGHT_LIMIT, report);
  return b && { w, b };
}

function readWeights(value: unknown, arch: RealNvpArchitecture, report: Report): RealNvpWeights | null {
  const weights = readObject(value, "weights", ["normalization", "couplings"], '{"normalization": {…}, "couplings": […]}', report);
  if (!weights) return null;
  const normalization = readObject(weights.normalization, "weights.normalization", ["logScale", "shift"], '{"logScale": [0, 0], "shift": [0, 0]}', report);
  if (!normalization) return null;
  const logScale = readNumbers(normalization.logScale, "weights.normalization.logScale", 2, "coordinate", REALNVP_LOG_SCALE_LIMIT, report);
  const shift = logScale && readNumbers(normalization.shift, "weights.normalization.shift", 2, "coordinate", REALNVP_WEIGHT_LIMIT, report);
  if (!logScale || !shift) return null;
  const couplingList = readList(weights.couplings, "weights.couplings", arch.couplings, `${count(arch.couplings, "entry", "entries")} (architecture.couplings is ${arch.couplings})`, report);
  if (!couplingList) return null;
  const dims = couplingLayerDims(arch);
  const couplings: RealNvpWeights["couplings"] = [];
  for (let k = 0; k < arch.couplings; k++) {
    const field = `weights.couplings[${k}]`;
    const coupling = readObject(couplingList[k], field, ["layers"], '{"layers": […]}', report);
    const layerList = coupling && readList(coupling.layers, `${field}.layers`, dims.length, `${count(dims.length, "entry", "entries")} (${count(arch.hiddenLayers, "hidden layer")}, then the output layer)`, report);
    if (!layerList) return null;
    const layers: DenseLayerWeights[] = [];
    for (let l = 0; l < dims.length; l++) {
      const layer = readLayer(layerList[l], `${field}.layers[${l}]`, dims[l], report);
      if (!layer) return null;
      layers.push(layer);
    }
    couplings.push({ layers });
  }
  return { normalization: { logScale: logScale as [number, number], shift: shift as [number, number] }, couplings };
}

export const REALNVP_SUBMISSION_SHAPE =
  '{"architecture": {"couplings": K, "hiddenWidth": H, "hiddenLayers": L}, "weights": {"normalization": {"logScale": [2], "shift": [2]}, "couplings": [{"layers": [{"w": [[in × out]], "b": [out]} × (L + 1)]} × K]}}';

/** Validates a submission: keys, architecture ranges, the parameter cap, every shape and number. */
export const realNvpSubmissionSchema = schemaFromChecks<RealNvpSubmission>((body, report) => {
  if (!readObject(body, "", ["architecture", "weights"], REALNVP_SUBMISSION_SHAPE, report)) return null;
  const architecture = readArchitecture(body.architecture, report);
  if (!architecture) return null;
  const count = realNvpParameterCount(architecture);
  if (count > REALNVP_MAX_PARAMETERS) {
    report("architecture", `describes ${count} parameters; at most ${REALNVP_MAX_PARAMETERS} are accepted (use fewer couplings, a smaller hiddenWidth or fewer hiddenLayers)`);
    return null;
  }
  const weights = readWeights(body.weights, architecture, report);
  return weights && { architecture, weights };
}, REALNVP_SUBMISSION_SHAPE);

// ---------------------------------------------------------------------------------------------
// The float64 evaluator (plain JS, independent of tfjs): the authoritative score
// ---------------------------------------------------------------------------------------------

const LOG_2PI = Math.log(2 * Math.PI);

/**
 * One coupling's MLP, laid out for speed: each hidden layer's weights transposed (out × in), so
 * every output unit is one contiguous dot product with a local accumulator.
 */
interface Coupling64 {
  /** 1 → H: w[0][j] and b[j]. */
  inWeights: Float64Array;
  inBias: Float64Array;
  /** H → H: wT[j·H + i] = w[i][j]. */
  hidden: { wT: Float64Array; b: Float64Array }[];
  /** H → 2: the columns of the output layer (r, then t) and their biases. */
  rWeights: Float64Array;
  tWeights: Float64Array;
  rBias: number;
  tBias: number;
}

/** Points evaluated together: each weight loaded once serves four independent running sums. */
const BLOCK = 4;

/** A submission compiled for evaluation, with scratch space for one block of points. */
interface Flow64 {
  logScale: readonly [number, number];
  shift: readonly [number, number];
  couplings: Coupling64[];
  /** Conditioning values of the block's points (unused slots hold 0). */
  a: Float64Array;
  /** Activations, point-major: h[p·H + i]. */
  h: Float64Array;
  g: Float64Array;
  /** s and t of the block's points, from the latest couplingScaleShift. */
  s: Float64Array;
  t: Float64Array;
}

function compile({ architecture, weights }: RealNvpSubmission): Flow64 {
  const H = architecture.hiddenWidth;
  const column = (w: number[][], j: number) => Float64Array.from(w, (row) => row[j]);
  const couplings = weights.couplings.map(({ layers }): Coupling64 => {
    const [first, ...rest] = layers;
    const out = rest.pop() as DenseLayerWeights;
    return {
      inWeights: Float64Array.from(first.w[0]),
      inBias: Float64Array.from(first.b),
      hidden: rest.map(({ w, b }) => ({ wT: Float64Array.from({ length: H * H }, (_, k) => w[k % H][Math.floor(k / H)]), b: Float64Array.from(b) })),
      rWeights: column(out.w, 0),
      tWeights: column(out.w, 1),
      rBias: out.b[0],
      tBias: out.b[1],
    };
  });
  const { logScale, shift } = weights.normalization;
  const block = () => new Float64Array(BLOCK);
  return { logScale, shift, couplings, a: block(), h: new Float64Array(BLOCK * H), g: new Float64Array(BLOCK * H), s: block(), t: block() };
}

/** s = tanh(r) and t of one coupling for the BLOCK conditioning values in flow.a, left in flow.s and flow.t. */
function couplingScaleShift(flow: Flow64, c: Coupling64): void {
  const H = c.inBias.length;
  let h = flow.h;
  let g = flow.g;
  for (let p = 0; p < BLOCK; p++) {
    for (let j = 0; j < H; j++) h[p * H + j] = Math.tanh(flow.a[p] * c.inWeights[j] + c.inBias[j]);
  }
  for (const { wT, b } of c.hidden) {
    for (let j = 0; j < H; j++) {
      const row = j * H;
      let s0 = b[j];
      let s1 = b[j];
      let s2 = b[j];
      let s3 = b[j];
      for (let i = 0; i < H; i++) {
        const w = wT[row + i];
        s0 += w * h[i];
        s1 += w * h[H + i];
        s2 += w * h[2 * H + i];
        s3 += w * h[3 * H + i];
      }
      g[j] = Math.tanh(s0);
      g[H + j] = Math.tanh(s1);
      g[2 * H + j] = Math.tanh(s2);
      g[3 * H + j] = Math.tanh(s3);
    }
    const swap = h;
    h = g;
    g = swap;
  }
  for (let p = 0; p < BLOCK; p++) {
    let r = c.rBias;
    let t = c.tBias;
    for (let i = 0; i < H; i++) {
      r += c.rWeights[i] * h[p * H + i];
      t += c.tWeights[i] * h[p * H + i];
    }
    flow.s[p] = Math.tanh(r);
    flow.t[p] = t;
  }
}

/**
 * Runs one coupling's MLP on every point of `xy` (interleaved), conditioned on coordinate `a`,
 * BLOCK points at a time; update(p, i) is called for point i (block slot p) once flow.s and flow.t hold its values.
 */
function forEachBlock(flow: Flow64, c: Coupling64, xy: Float64Array, a: number, update: (p: number, i: number) => void): void {
  const n = xy.length / 2;
  for (let start = 0; start < n; start += BLOCK) {
    const count = Math.min(BLOCK, n - start);
    flow.a.fill(0);
    for (let p = 0; p < count; p++) flow.a[p] = xy[2 * (start + p) + a];
    couplingScaleShift(flow, c);
    for (let p = 0; p < count; p++) update(p, start + p);
  }
}

/** Which coordinate conditions coupling k ([a, b]: a conditions b). */
const couplingAxes = (k: number): [number, number] => (k % 2 === 0 ? [0, 1] : [1, 0]);

function checkPairs(points: ArrayLike<number>): number {
  if (points.length % 2 !== 0) throw new RangeError("points must be interleaved x, y pairs");
  return points.length / 2;
}

/**
 * z = f(x) and log |det ∂f/∂x| per point, in float64. `points` are interleaved [x0, y0, x1, y1, …];
 * `latents` has the same layout.
 */
export function realNvpForward(submission: RealNvpSubmission, points: ArrayLike<number>): { latents: Float64Array; logDetJacobian: Float64Array } {
  const flow = compile(submission);
  const n = checkPairs(points);
  const z = Float64Array.from(points);
  const logDet = new Float64Array(n);
  const [logScale0, logScale1] = flow.logScale;
  const [shift0, shift1] = flow.shift;
  const [scale0, scale1] = [Math.exp(logScale0), Math.exp(logScale1)];
  for (let i = 0; i < n; i++) {
    z[2 * i] = z[2 * i] * scale0 + shift0;
    z[2 * i + 1] = z[2 * i + 1] * scale1 + shift1;
    logDet[i] = logScale0 + logScale1;
  }
  // Coupling by coupling over all points, so one coupling's weights stay in cache.
  flow.couplings.forEach((coupling, k) => {
    const [a, b] = couplingAxes(k);
    forEachBlock(flow, coupling, z, a, (p, i) => {
      z[2 * i + b] = z[2 * i + b] * Math.exp(flow.s[p]) + flow.t[p];
      logDet[i] += flow.s[p];
    });
  });
  return { latents: z, logDetJacobian: logDet };
}

/** log p(x) = log N(f(x); 0, I) + log |det ∂f/∂x| per point, in float64 (nats). */
export function realNvpLogDensity(submission: RealNvpSubmission, points: ArrayLike<number>): Float64Array {
  const { latents: z, logDetJacobian } = realNvpForward(submission, points);
  return logDetJacobian.map((logDet, i) => logDet - 0.5 * (z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1]) - LOG_2PI);
}

/** x = f⁻¹(z) in float64, couplings undone last to first (interleaved pairs in and out). */
export function realNvpInverse(submission: RealNvpSubmission, latents: ArrayLike<number>): Float64Array {
  const flow = compile(submission);
  const n = checkPairs(latents);
  const x = Float64Array.from(latents);
  for (let k = flow.couplings.length - 1; k >= 0; k--) {
    const [a, b] = couplingAxes(k);
    // y_a = u_a, so s and t are recomputed exactly from the coupling's output.
    forEachBlock(flow, flow.couplings[k], x, a, (p, i) => {
      x[2 * i + b] = (x[2 * i + b] - flow.t[p]) * Math.exp(-flow.s[p]);
    });
  }
  const [logScale0, logScale1] = flow.logScale;
  const [shift0, shift1] = flow.shift;
  for (let i = 0; i < n; i++) {
    x[2 * i] = (x[2 * i] - shift0) * Math.exp(-logScale0);
    x[2 * i + 1] = (x[2 * i + 1] - shift1) * Math.exp(-logScale1);
  }
  return x;
}

/** n standard normal 2-D points from a seed (interleaved); the latents of every sampler here. */
export function standardNormalPoints(n: number, seed: number): Float64Array {
  const rng = mulberry32(seed);
  return Float64Array.from({ length: 2 * n }, () => gaussian(rng));
}

/** n samples x = f⁻¹(z), z ~ N(0, I) from `seed`, in float64 (the same z as RealNvpTrainer.sample). */
export function realNvpSample(submission: RealNvpSubmission, n: number, seed: number): Float64Array {
  return realNvpInverse(submission, standardNormalPoints(n, seed));
}

// ---------------------------------------------------------------------------------------------
// Training configuration
// ---------------------------------------------------------------------------------------------

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");
const architectureValue = (key: keyof RealNvpArchitecture) => z.number().int().min(REALNVP_ARCHITECTURE_LIMITS[key].min).max(REALNVP_ARCHITECTURE_LIMITS[key].max);

export const realNvpConfigSchema = z
  .object({
    couplings: architectureValue("couplings"),
    hiddenWidth: architectureValue("hiddenWidth"),
    hiddenLayers: architectureValue("hiddenLayers"),
    learningRate: finite().gt(0).max(0.1),
    batchSize: z.number().int().min(16).max(2048),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
  })
  .strict()
  .refine((c) => realNvpParameterCount(c) <= REALNVP_MAX_PARAMETERS, {
    message: `the flow would have more than ${REALNVP_MAX_PARAMETERS} parameters, the most a submission may have`,
    path: ["hiddenWidth"],
  });

export type RealNvpConfig = z.infer<typeof realNvpConfigSchema>;

export const DEFAULT_REALNVP_CONFIG: RealNvpConfig = {
  couplings: 8,
  hiddenWidth: 32,
  hiddenLayers: 2,
  learningRate: 3e-3,
  batchSize: 256,
  seed: 1,
};

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
  private readonly batchRng: Rng;
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
    if (initial && ARCHITECTURE_KEYS.some((key) => initial.architecture[key] !== this.architecture[key])) {
      throw new RangeError(`initial weights are for ${JSON.stringify(initial.architecture)}, the config asks for ${JSON.stringify(this.architecture)}`);
    }
    const values = initial ? Float32Array.from(realNvpParameters(initial)) : initialParameters(this.architecture, data, mulberry32(seed));
    const init = tf.tensor1d(values);
    this.params = tf.variable(init);
    init.dispose(); // tf.variable copied it
    this.data = tf.tensor2d(data, [data.length / 2, 2]);
    this.optimizer = tf.train.adam(learningRate);
    this.batchRng = mulberry32(seed ^ 0x5eed);
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
    for (let i = 0; i < idx.length; i++) idx[i] = Math.floor(this.batchRng() * n);
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
