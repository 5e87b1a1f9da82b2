/**
 * RealNVP, a normalizing flow of affine coupling layers for 2-D points, as JSON (the flow-moons
 * submission): its architecture and limits, the flat parameter layout and the validation, in plain
 * JS. The exact float64 evaluator (log p(x), the inverse, sampling), with which the server scores a
 * flow without TensorFlow, is in models/realnvp-float64.ts; the flow in TensorFlow.js in
 * models/realnvp.ts, its trainer in train/realnvp-trainer.ts, its config in configs/realnvp.ts.
 * Reference: Dinh, Sohl-Dickstein & Bengio 2017, "Density estimation using Real NVP" (§3.1 change
 * of variables, §3.2–3.3 affine coupling and its triangular Jacobian, §3.4 alternating masks).
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
import { fmt, readNumber, readObject, schemaFromChecks, type Report } from "../density/checks";
import { type DenseNetwork, denseNetwork, type LayerDims } from "../nn/dense-layout";

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
export const REALNVP_ARCHITECTURE_KEYS = Object.keys(REALNVP_ARCHITECTURE_LIMITS) as (keyof RealNvpArchitecture)[];

/** Most parameters (numbers in "weights") a submission may have. */
export const REALNVP_MAX_PARAMETERS = 100_000;
/** Largest |w|, |b| or |shift| accepted. */
export const REALNVP_WEIGHT_LIMIT = 1000;
/** Largest |logScale| accepted: e^10 ≈ 22,000 already maps the data far outside the latent's bulk (and exp stays finite). */
export const REALNVP_LOG_SCALE_LIMIT = 10;

/** Dense layers of one coupling's MLP: 1 → H (tanh), (H → H (tanh)) × (L − 1), H → 2. */
export function couplingLayerDims({ hiddenWidth: H, hiddenLayers: L }: RealNvpArchitecture): LayerDims[] {
  return [{ inDim: 1, outDim: H }, ...Array.from({ length: L - 1 }, () => ({ inDim: H, outDim: H })), { inDim: H, outDim: 2 }];
}

const COUPLING_ACTIVATIONS = { hidden: "tanh", output: "linear" } as const;
const couplingSize = (arch: RealNvpArchitecture) => denseNetwork(couplingLayerDims(arch), COUPLING_ACTIVATIONS).size;

/** The normalization's 4 numbers come first in the flat layout: logScale (2), then shift (2). */
const NORMALIZATION_SIZE = 4;

/**
 * The couplings' MLPs in the flat layout (nn/dense-layout.ts): K networks of 4H + 2 + (L − 1)(H² + H)
 * numbers each, one after the other after the normalization.
 */
export function couplingNetworks(arch: RealNvpArchitecture): DenseNetwork[] {
  const size = couplingSize(arch);
  return Array.from({ length: arch.couplings }, (_, k) => denseNetwork(couplingLayerDims(arch), COUPLING_ACTIVATIONS, NORMALIZATION_SIZE + k * size));
}

/** Numbers in "weights" for this architecture (normalization included). */
export function realNvpParameterCount(arch: RealNvpArchitecture): number {
  return NORMALIZATION_SIZE + arch.couplings * couplingSize(arch);
}

/** Which coordinate conditions coupling k ([a, b]: a conditions b). */
export const couplingAxes = (k: number): [number, number] => (k % 2 === 0 ? [0, 1] : [1, 0]);

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
export const float32Digits = (v: number): number => Number(v.toPrecision(9));

// ---------------------------------------------------------------------------------------------
// Validation of submitted JSON
// ---------------------------------------------------------------------------------------------

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
  const body = readObject(value, "architecture", REALNVP_ARCHITECTURE_KEYS, example, report);
  if (!body) return null;
  const arch: Partial<RealNvpArchitecture> = {};
  for (const key of REALNVP_ARCHITECTURE_KEYS) {
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
