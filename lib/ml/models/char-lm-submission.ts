/**
 * Character-level language models of first names, three of them sharing one JSON format, one
 * trainer and one exact evaluator:
 * - "bigram": a table of next-character logits per previous character (makemore part 1;
 *   Shannon 1948 §3 for n-gram models of text). Its maximum-likelihood fit has a closed form
 *   from counts (`countedBigram`, with add-α smoothing); it can also be trained by gradient descent.
 * - "mlp": embeddings of the `blockSize` previous characters, concatenated, one tanh hidden layer,
 *   a linear output layer (Bengio et al. 2003, "A Neural Probabilistic Language Model", §2,
 *   without the direct input-to-output connections; makemore part 2).
 * - "transformer": a small decoder-only transformer (Vaswani et al. 2017 §3; the GPT-2 layout of
 *   nanoGPT): token + learned position embeddings, `layers` pre-LayerNorm blocks, each
 *   x += Attention(LN1(x)); x += MLP(LN2(x)) with multi-head CAUSAL self-attention (no biases on
 *   the q, k, v, o projections) and a 4× MLP with ReLU (as in Vaswani et al. §3.3; cheaper than
 *   GPT-2's GELU in the browser: it fuses into the matMul kernel), then a final LayerNorm
 *   (Ba et al. 2016; ε = 1e-5, biased variance) and the output layer.
 *
 * What is predicted (every model, the trainer and the evaluator alike): a name c1 … cn is the
 * sequence . c1 … cn . where "." (token 0) is the boundary; the model predicts c1, …, cn and then
 * the end token "." — n + 1 predictions, each from the characters before it:
 * - bigram: from the previous token ("." for c1);
 * - mlp: from the previous `blockSize` tokens, with "." standing in before the start
 *   (nameContexts in datasets/names.ts);
 * - transformer: from the whole prefix . c1 … c(i−1), cut to its last `blockSize` tokens when
 *   longer (positions counted from the start of that window; nameWindows in datasets/names.ts).
 * bits per character = Σ −log2 p(prediction) over every prediction of every name / Σ (n + 1).
 *
 * The JSON format (the training code exports it; it is also the exercise's submission):
 *   {"architecture": {"kind": "bigram"}
 *                  | {"kind": "mlp", "blockSize": B, "embedding": E, "hidden": H}
 *                  | {"kind": "transformer", "blockSize": B, "embedding": E, "heads": h, "layers": L},
 *    "weights": {…}}
 * with V = 28 (NAME_ALPHABET: "." then "-", a … z), matrices as lists of rows, y = x·W + b (W is
 * [in][out]), embeddings one row per token:
 *   bigram:       logits [V][V]                      (row = previous token, column = next token)
 *   mlp:          embedding [V][E], hidden {w [B·E][H], b [H]}, output {w [H][V], b [V]}
 *                 (the hidden layer's input is the context's embeddings, oldest first, concatenated)
 *   transformer:  tokenEmbedding [V][E], positionEmbedding [B][E],
 *                 layers: L × {norm1 {gain [E], bias [E]},
 *                              attention {wq [E][E], wk [E][E], wv [E][E], wo [E][E]},
 *                              norm2 {gain [E], bias [E]},
 *                              mlp {w1 [E][4E], b1 [4E], w2 [4E][E], b2 [E]}},
 *                 finalNorm {gain [E], bias [E]}, output {w [E][V], b [V]}
 * Head k of the attention uses columns k·E/h … (k+1)·E/h − 1 of q, k and v (heads concatenated in
 * order before wo); scores are q·kᵀ/√(E/h).
 *
 * This module (plain JS, no TensorFlow) holds the format, its validation, the closed-form bigram and
 * the float64 evaluator and sampler that score a submission; training (TensorFlow.js) is in
 * models/char-lm.ts, its config in configs/char-lm.ts.
 */
import { z } from "zod";
import { fmt, readNumber, schemaFromChecks, type Report } from "../density/checks";
import { logSumExp } from "../density/logsumexp";
import {
  bigramCounts,
  BOUNDARY_TOKEN,
  countPredictedCharacters,
  decodeName,
  encodeName,
  MAX_BLOCK_SIZE,
  MAX_NAME_LENGTH,
  NAME_ALPHABET,
  NAME_VOCAB_SIZE as V,
} from "../datasets/names";
import { mulberry32, type Rng } from "../random";

/** Most trainable numbers a model may have (a submission's size, and the evaluator's time). */
export const CHAR_LM_MAX_PARAMETERS = 200_000;
/** Largest |weight| accepted: keeps every score finite (trained models stay far below). */
export const CHAR_LM_MAX_ABS_WEIGHT = 1000;
export const CHAR_LM_LIMITS = { embedding: 256, mlpHidden: 1024, heads: 16, layers: 8 } as const;
/** Width of the transformer's MLP relative to the embedding (Vaswani et al. §3.3). */
export const MLP_EXPANSION = 4;
export const LAYER_NORM_EPSILON = 1e-5;

// ---------------------------------------------------------------------------------------------
// Architecture schema

const whole = (min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? "is missing" : "must be a number") })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const blockSize = whole(1, MAX_BLOCK_SIZE);

export const charLmArchitectureSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("bigram") }).strict(),
    z.object({ kind: z.literal("mlp"), blockSize, embedding: whole(1, CHAR_LM_LIMITS.embedding), hidden: whole(1, CHAR_LM_LIMITS.mlpHidden) }).strict(),
    z
      .object({
        kind: z.literal("transformer"),
        blockSize,
        embedding: whole(1, CHAR_LM_LIMITS.embedding),
        heads: whole(1, CHAR_LM_LIMITS.heads),
        layers: whole(1, CHAR_LM_LIMITS.layers),
      })
      .strict()
      .refine((a) => a.embedding % a.heads === 0, { path: ["heads"], message: "must divide embedding (each head gets embedding / heads dimensions)" }),
  ],
  { error: 'must be {"kind": "bigram"}, {"kind": "mlp", …} or {"kind": "transformer", …}' },
);

export type CharLmArchitecture = z.infer<typeof charLmArchitectureSchema>;
export type CharLmKind = CharLmArchitecture["kind"];
type MlpArchitecture = Extract<CharLmArchitecture, { kind: "mlp" }>;
type TransformerArchitecture = Extract<CharLmArchitecture, { kind: "transformer" }>;

// ---------------------------------------------------------------------------------------------
// Parameter layout: one list of named shapes drives initialisation, validation, export, the tfjs
// views and the float64 views, so they cannot disagree.

/** One weight tensor: where it sits in the JSON, its shape, its offset in the flat vector. */
export interface ParameterSpec {
  /** Keys from `weights` down, e.g. ["layers", 1, "attention", "wq"]. */
  path: (string | number)[];
  shape: number[];
  size: number;
  offset: number;
  /** Initial values: a standard deviation of a zero-mean normal, or all zeros / ones. */
  init: number | "zeros" | "ones";
}

/** Weights in the JSON's nested layout with leaves of type T (nested arrays, tensors, float64 views). */
export interface LayerNormWeights<T> {
  gain: T;
  bias: T;
}
export interface BigramWeights<T> {
  logits: T;
}
export interface MlpWeights<T> {
  embedding: T;
  hidden: { w: T; b: T };
  output: { w: T; b: T };
}
export interface BlockWeights<T> {
  norm1: LayerNormWeights<T>;
  attention: { wq: T; wk: T; wv: T; wo: T };
  norm2: LayerNormWeights<T>;
  mlp: { w1: T; b1: T; w2: T; b2: T };
}
export interface TransformerWeights<T> {
  tokenEmbedding: T;
  positionEmbedding: T;
  layers: BlockWeights<T>[];
  finalNorm: LayerNormWeights<T>;
  output: { w: T; b: T };
}

/** The nested JSON of a model's weights (lists of numbers and lists of rows under named keys). */
export type CharLmWeights = { [name: string]: number[] | number[][] | CharLmWeights | CharLmWeights[] };

export interface CharLmSubmission {
  architecture: CharLmArchitecture;
  weights: CharLmWeights;
}

/** "layers[1].attention.wq" */
export function formatParameterPath(path: readonly (string | number)[]): string {
  return path.map((key, i) => (typeof key === "number" ? `[${key}]` : i === 0 ? key : `.${key}`)).join("");
}

/**
 * Every weight tensor of an architecture, in a fixed order. Initial scales: makemore part 3 for the
 * MLP (unit-normal embeddings, tanh-gain (5/3)/√fan-in hidden weights, output weights × 0.01 so the
 * first predictions are near uniform); GPT-2 / nanoGPT for the transformer (N(0, 0.02), residual
 * projections wo and w2 scaled by 1/√(2L), LayerNorm gains 1).
 */
export function charLmParameterSpecs(architecture: CharLmArchitecture): ParameterSpec[] {
  const specs: ParameterSpec[] = [];
  const add = (path: (string | number)[], shape: number[], init: ParameterSpec["init"]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const last = specs[specs.length - 1];
    specs.push({ path, shape, size, offset: last ? last.offset + last.size : 0, init });
  };
  switch (architecture.kind) {
    case "bigram":
      add(["logits"], [V, V], "zeros");
      break;
    case "mlp": {
      const { blockSize, embedding: E, hidden: H } = architecture;
      add(["embedding"], [V, E], 1);
      add(["hidden", "w"], [blockSize * E, H], 5 / 3 / Math.sqrt(blockSize * E));
      add(["hidden", "b"], [H], "zeros");
      add(["output", "w"], [H, V], 0.01);
      add(["output", "b"], [V], "zeros");
      break;
    }
    case "transformer": {
      const { blockSize, embedding: E, layers } = architecture;
      const std = 0.02;
      const residualStd = std / Math.sqrt(2 * layers);
      const norm = (path: (string | number)[]) => {
        add([...path, "gain"], [E], "ones");
        add([...path, "bias"], [E], "zeros");
      };
      add(["tokenEmbedding"], [V, E], std);
      add(["positionEmbedding"], [blockSize, E], std);
      for (let l = 0; l < layers; l++) {
        norm(["layers", l, "norm1"]);
        for (const name of ["wq", "wk", "wv"]) add(["layers", l, "attention", name], [E, E], std);
        add(["layers", l, "attention", "wo"], [E, E], residualStd);
        norm(["layers", l, "norm2"]);
        add(["layers", l, "mlp", "w1"], [E, MLP_EXPANSION * E], std);
        add(["layers", l, "mlp", "b1"], [MLP_EXPANSION * E], "zeros");
        add(["layers", l, "mlp", "w2"], [MLP_EXPANSION * E, E], residualStd);
        add(["layers", l, "mlp", "b2"], [E], "zeros");
      }
      norm(["finalNorm"]);
      add(["output", "w"], [E, V], std);
      add(["output", "b"], [V], "zeros");
      break;
    }
  }
  return specs;
}

/** Number of trainable numbers (computed from the layout). */
export function charLmParameterCount(architecture: CharLmArchitecture): number {
  const specs = charLmParameterSpecs(architecture);
  const last = specs[specs.length - 1];
  return last.offset + last.size;
}

/** Builds the nested object of the JSON layout with one leaf per spec. */
export function assemble<T>(specs: readonly ParameterSpec[], leaf: (spec: ParameterSpec) => T): unknown {
  const root: Record<string | number, unknown> = {};
  for (const spec of specs) {
    let node = root;
    spec.path.forEach((key, d) => {
      if (d === spec.path.length - 1) node[key] = leaf(spec);
      else node = (node[key] ??= typeof spec.path[d + 1] === "number" ? [] : {}) as Record<string | number, unknown>;
    });
  }
  return root;
}

/**
 * Flat values in layout order (charLmParameterSpecs) → the JSON layout, rounded to 9 significant
 * digits (float32 values round-trip exactly).
 */
export function charLmWeightsFromFlat(architecture: CharLmArchitecture, flat: ArrayLike<number>): CharLmWeights {
  const read = (at: number) => Number(flat[at].toPrecision(9));
  return assemble(charLmParameterSpecs(architecture), ({ shape, offset }) => {
    if (shape.length === 1) return Array.from({ length: shape[0] }, (_, i) => read(offset + i));
    const [rows, cols] = shape;
    return Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => read(offset + r * cols + c)));
  }) as CharLmWeights;
}

// ---------------------------------------------------------------------------------------------
// Validation: every problem is reported with the exact entry, e.g.
// "weights.layers[1].attention.wq[3][7]" is not a finite number.

type Tree = ParameterSpec | Tree[] | { [key: string]: Tree };
const isSpec = (node: Tree): node is ParameterSpec => "offset" in node && "shape" in node;

/** "a list of 28 rows of 48 numbers" */
function describeShape(shape: readonly number[]): string {
  const numbers = (n: number) => `${n} number${n === 1 ? "" : "s"}`;
  return shape.length === 1 ? `a list of ${numbers(shape[0])}` : `a list of ${shape[0]} row${shape[0] === 1 ? "" : "s"} of ${numbers(shape[1])}`;
}

/** Reads nested numbers of `shape` into out[offset…]; false after reporting the first problem. */
function readTensor(value: unknown, shape: readonly number[], name: string, out: Float64Array, offset: number, report: Report): boolean {
  if (!Array.isArray(value)) {
    report(name, value === undefined ? `is missing; it must be ${describeShape(shape)}` : `must be ${describeShape(shape)}`);
    return false;
  }
  if (value.length !== shape[0]) {
    report(name, `must be ${describeShape(shape)}; it has ${value.length} ${shape.length === 1 ? "numbers" : "rows"}`);
    return false;
  }
  const inner = shape.slice(1);
  const stride = inner.reduce((a, b) => a * b, 1);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (inner.length > 0) {
      if (!readTensor(v, inner, `${name}[${i}]`, out, offset + i * stride, report)) return false;
    } else if (typeof v === "number" && Number.isFinite(v)) {
      if (Math.abs(v) > CHAR_LM_MAX_ABS_WEIGHT) {
        report(`${name}[${i}]`, `is ${fmt(v)}; weights must be within ±${CHAR_LM_MAX_ABS_WEIGHT}`);
        return false;
      }
      out[offset + i] = v;
    } else {
      readNumber(v, `${name}[${i}]`, report); // reports what is wrong with it
      return false;
    }
  }
  return true;
}

function readTree(expected: Tree, value: unknown, name: string, out: Float64Array, report: Report): boolean {
  if (isSpec(expected)) return readTensor(value, expected.shape, name, out, expected.offset, report);
  if (Array.isArray(expected)) {
    const what = `a list of ${expected.length} layer${expected.length === 1 ? "" : "s"} (architecture.layers)`;
    if (!Array.isArray(value)) {
      report(name, value === undefined ? `is missing; it must be ${what}` : `must be ${what}`);
      return false;
    }
    if (value.length !== expected.length) {
      report(name, `must be ${what}; it has ${value.length}`);
      return false;
    }
    let ok = true;
    expected.forEach((node, i) => {
      ok = readTree(node, value[i], `${name}[${i}]`, out, report) && ok;
    });
    return ok;
  }
  const keys = Object.keys(expected);
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    report(name, `${value === undefined ? "is missing; it must be" : "must be"} an object with ${keys.map((k) => `"${k}"`).join(", ")}`);
    return false;
  }
  let ok = true;
  for (const key of Object.keys(value)) {
    if (!(key in expected)) {
      report(`${name}.${key}`, `is not a weight of this architecture (expected ${keys.map((k) => `"${k}"`).join(", ")})`);
      ok = false;
    }
  }
  for (const key of keys) ok = readTree(expected[key], (value as Record<string, unknown>)[key], `${name}.${key}`, out, report) && ok;
  return ok;
}

/**
 * Checks a submission body (architecture, size cap, every weight's shape, finiteness and range)
 * and returns it typed with its weights as one float64 vector in layout order; null after reporting.
 */
export function readCharLmSubmission(body: Record<string, unknown>, report: Report): { submission: CharLmSubmission; flat: Float64Array } | null {
  let ok = true;
  for (const key of Object.keys(body)) {
    if (key !== "architecture" && key !== "weights") {
      report(key, 'is not part of a submission (expected "architecture" and "weights")');
      ok = false;
    }
  }
  const parsed = charLmArchitectureSchema.safeParse(body.architecture);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const message = body.architecture === undefined ? 'is missing; it must be like {"kind": "bigram"}' : issue.message;
    report(formatParameterPath(["architecture", ...issue.path.map((k) => (typeof k === "number" ? k : String(k)))]), message);
    return null;
  }
  const architecture = parsed.data;
  const count = charLmParameterCount(architecture);
  if (count > CHAR_LM_MAX_PARAMETERS) {
    report("architecture", `has ${count} parameters; at most ${CHAR_LM_MAX_PARAMETERS} are allowed`);
    return null;
  }
  const specs = charLmParameterSpecs(architecture);
  const flat = new Float64Array(count);
  ok = readTree(assemble(specs, (s) => s) as Tree, body.weights, "weights", flat, report) && ok;
  return ok ? { submission: { architecture, weights: body.weights as CharLmWeights }, flat } : null;
}

export const CHAR_LM_SUBMISSION_SHAPE =
  '{"architecture": {"kind": "bigram"} | {"kind": "mlp", "blockSize", "embedding", "hidden"} | {"kind": "transformer", "blockSize", "embedding", "heads", "layers"}, "weights": {named lists of numbers and lists of rows}}';

/** The submission body's schema: messages name the exact entry ("weights.layers[1].attention.wq[3][7]" is not a finite number). */
export const charLmSubmissionSchema = schemaFromChecks<CharLmSubmission>((body, report) => readCharLmSubmission(body, report)?.submission ?? null, CHAR_LM_SUBMISSION_SHAPE);

/** A submission's weights as one float64 vector in layout order; throws a readable error if invalid. */
function flatWeights(submission: CharLmSubmission): Float64Array {
  const read = readCharLmSubmission(submission as unknown as Record<string, unknown>, (field, message) => {
    throw new RangeError(`"${field}" ${message}.`);
  });
  if (!read) throw new RangeError("The model is not valid.");
  return read.flat;
}

// ---------------------------------------------------------------------------------------------
// Closed-form bigram

/**
 * The maximum-likelihood bigram with add-α (Laplace / Lidstone) smoothing, in closed form:
 * logits[i][j] = log((N_ij + α) / (N_i + V·α)) with N_ij = how often j follows i in `names`
 * (boundary included) and N_i = Σ_j N_ij. Its softmax rows are exactly those probabilities.
 */
export function countedBigram(names: readonly string[], alpha = 1): CharLmSubmission {
  if (!(alpha > 0) || !Number.isFinite(alpha)) throw new RangeError("alpha must be a positive number (a zero count would give log 0).");
  const counts = bigramCounts(names);
  const logits: number[][] = [];
  for (let i = 0; i < V; i++) {
    let rowTotal = 0;
    for (let j = 0; j < V; j++) rowTotal += counts[i * V + j];
    logits.push(Array.from({ length: V }, (_, j) => Math.log((counts[i * V + j] + alpha) / (rowTotal + V * alpha))));
  }
  return { architecture: { kind: "bigram" }, weights: { logits } };
}

// ---------------------------------------------------------------------------------------------
// Float64 evaluator in plain JS (independent from tfjs): the exercise's scorer and sampler.

/** A dense layer y = x·W + b with W stored transposed (outDim × inDim), so each output is a contiguous dot product. */
interface Linear64 {
  wT: Float64Array;
  b: Float64Array | null;
  inDim: number;
  outDim: number;
}

function linear64(w: Float64Array, inDim: number, outDim: number, b: Float64Array | null = null): Linear64 {
  const wT = new Float64Array(inDim * outDim);
  for (let i = 0; i < inDim; i++) for (let j = 0; j < outDim; j++) wT[j * inDim + i] = w[i * outDim + j];
  return { wT, b, inDim, outDim };
}

/** Σ_i x[xo + i] · wT[wo + i], left to right. */
function dot(x: Float64Array, xo: number, wT: Float64Array, wo: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += x[xo + i] * wT[wo + i];
  return s;
}

/**
 * x (rows × inDim) · W + b. Blocks of 4 rows × 2 outputs share their loads (8 products per 6
 * loads: about 3× the plain loop's speed in V8); every output is still the left-to-right sum
 * over i, as `dot` computes the leftovers.
 */
function affine(x: Float64Array, rows: number, { wT, b, inDim, outDim }: Linear64): Float64Array {
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
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0, c0 = 0, c1 = 0, c2 = 0, c3 = 0;
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
    for (let j = blockCols; j < outDim; j++) for (let k = 0; k < 4; k++) y[(r + k) * outDim + j] = dot(x, (r + k) * inDim, wT, j * inDim, inDim);
  }
  for (let r = blockRows; r < rows; r++) for (let j = 0; j < outDim; j++) y[r * outDim + j] = dot(x, r * inDim, wT, j * inDim, inDim);
  if (b) for (let r = 0; r < rows; r++) for (let j = 0; j < outDim; j++) y[r * outDim + j] += b[j];
  return y;
}

/** LayerNorm of each row (Ba et al. 2016): (x − mean) / √(biased variance + ε) · gain + bias. */
function layerNormRows(x: Float64Array, rows: number, dim: number, { gain, bias }: LayerNormWeights<Float64Array>): Float64Array {
  const y = new Float64Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let mean = 0;
    for (let i = 0; i < dim; i++) mean += x[o + i];
    mean /= dim;
    let variance = 0;
    for (let i = 0; i < dim; i++) variance += (x[o + i] - mean) ** 2;
    const scale = 1 / Math.sqrt(variance / dim + LAYER_NORM_EPSILON);
    for (let i = 0; i < dim; i++) y[o + i] = (x[o + i] - mean) * scale * gain[i] + bias[i];
  }
  return y;
}

const relu = (x: number) => (x > 0 ? x : 0);

/**
 * A submission read into float64 arrays. A window is a run of consecutive tokens of a sequence
 * (". c1 … ck"); `forward` returns the next-token logits at every position of every window
 * (rows in order, × V). The bigram and the MLP look back a fixed distance ("." before the start),
 * so a whole sequence is one window; the transformer takes windows of at most blockSize tokens
 * whose first token is position 0 (`maxWindow`).
 */
interface Float64Model {
  maxWindow: number;
  forward(windows: readonly (readonly number[])[]): Float64Array;
  /** Transformer only: attention probabilities [layer][head] (T × T, row = query) of one window. */
  attention?(window: readonly number[]): Float64Array[][];
}

function float64Model(submission: CharLmSubmission): Float64Model {
  const { architecture } = submission;
  const flat = flatWeights(submission);
  const w = assemble(charLmParameterSpecs(architecture), ({ offset, size }) => flat.subarray(offset, offset + size));
  switch (architecture.kind) {
    case "bigram":
      return bigram64(w as BigramWeights<Float64Array>);
    case "mlp":
      return mlp64(architecture, w as MlpWeights<Float64Array>);
    case "transformer":
      return transformer64(architecture, w as TransformerWeights<Float64Array>);
  }
}

function bigram64(w: BigramWeights<Float64Array>): Float64Model {
  return {
    maxWindow: Infinity,
    forward(windows) {
      const tokens = windows.flat();
      const out = new Float64Array(tokens.length * V);
      tokens.forEach((token, r) => out.set(w.logits.subarray(token * V, (token + 1) * V), r * V));
      return out;
    },
  };
}

function mlp64(architecture: MlpArchitecture, w: MlpWeights<Float64Array>): Float64Model {
  const { blockSize: B, embedding: E, hidden: H } = architecture;
  const hidden = linear64(w.hidden.w, B * E, H, w.hidden.b);
  const output = linear64(w.output.w, H, V, w.output.b);
  return {
    maxWindow: Infinity,
    forward(windows) {
      const rows = windows.reduce((n, window) => n + window.length, 0);
      const x = new Float64Array(rows * B * E); // per position: the embeddings of its context, oldest first
      let r = 0;
      for (const window of windows) {
        for (let t = 0; t < window.length; t++, r++) {
          for (let k = 0; k < B; k++) {
            const position = t - B + 1 + k;
            const token = position >= 0 ? window[position] : BOUNDARY_TOKEN; // "." before the start
            x.set(w.embedding.subarray(token * E, (token + 1) * E), (r * B + k) * E);
          }
        }
      }
      return affine(affine(x, rows, hidden).map(Math.tanh), rows, output);
    },
  };
}

function transformer64(architecture: TransformerArchitecture, w: TransformerWeights<Float64Array>): Float64Model {
  const { blockSize: B, embedding: E, heads } = architecture;
  const D = E / heads;
  const F = MLP_EXPANSION * E;
  const layers = w.layers.map((layer) => ({
    ...layer,
    q: linear64(layer.attention.wq, E, E),
    k: linear64(layer.attention.wk, E, E),
    v: linear64(layer.attention.wv, E, E),
    o: linear64(layer.attention.wo, E, E),
    up: linear64(layer.mlp.w1, E, F, layer.mlp.b1),
    down: linear64(layer.mlp.w2, F, E, layer.mlp.b2),
  }));
  const output = linear64(w.output.w, E, V, w.output.b);

  /** Logits at every position of every window (rows in order); `attention` collects the probabilities. */
  function forward(windows: readonly (readonly number[])[], attention?: Float64Array[][]): Float64Array {
    const starts: number[] = []; // first row of each window
    let rows = 0;
    for (const window of windows) {
      starts.push(rows);
      rows += window.length;
    }
    let x = new Float64Array(rows * E);
    windows.forEach((window, n) =>
      window.forEach((token, t) => {
        const o = (starts[n] + t) * E;
        for (let i = 0; i < E; i++) x[o + i] = w.tokenEmbedding[token * E + i] + w.positionEmbedding[t * E + i];
      }),
    );
    for (const layer of layers) {
      const h = layerNormRows(x, rows, E, layer.norm1);
      const [q, k, v] = [layer.q, layer.k, layer.v].map((projection) => affine(h, rows, projection));
      const mixed = new Float64Array(rows * E);
      windows.forEach((window, n) => {
        const T = window.length;
        const perHead: Float64Array[] = [];
        for (let head = 0; head < heads; head++) {
          const p = new Float64Array(T * T); // p[t·T + s]: attention of query t to key s ≤ t
          for (let t = 0; t < T; t++) {
            const qt = (starts[n] + t) * E + head * D;
            let max = -Infinity;
            for (let s = 0; s <= t; s++) {
              const ks = (starts[n] + s) * E + head * D;
              let dot = 0;
              for (let d = 0; d < D; d++) dot += q[qt + d] * k[ks + d];
              p[t * T + s] = dot / Math.sqrt(D);
              if (p[t * T + s] > max) max = p[t * T + s];
            }
            let sum = 0;
            for (let s = 0; s <= t; s++) sum += p[t * T + s] = Math.exp(p[t * T + s] - max);
            for (let s = 0; s <= t; s++) {
              const weight = (p[t * T + s] /= sum);
              const vs = (starts[n] + s) * E + head * D;
              for (let d = 0; d < D; d++) mixed[qt + d] += weight * v[vs + d];
            }
          }
          perHead.push(p);
        }
        attention?.push(perHead);
      });
      const attended = affine(mixed, rows, layer.o);
      x = x.map((xi, i) => xi + attended[i]);
      const fed = affine(affine(layerNormRows(x, rows, E, layer.norm2), rows, layer.up).map(relu), rows, layer.down);
      x = x.map((xi, i) => xi + fed[i]);
    }
    return affine(layerNormRows(x, rows, E, w.finalNorm), rows, output);
  }

  return {
    maxWindow: B,
    forward: (windows) => forward(windows),
    attention(window) {
      const probabilities: Float64Array[][] = [];
      forward([window], probabilities);
      return probabilities;
    },
  };
}

/** Sequences per batched forward pass: enough rows for affine's 4-row blocks, few enough to stay in cache (measured: 256 was 1.6× slower at embedding 120). */
const SEQUENCES_PER_PASS = 32;

/**
 * Next-token logits (rows × V) at every position of each sequence (". c1 … ck"). A sequence longer
 * than the model's window is cut as in nameWindows: its first window gives positions 0 … B−1, and
 * position t ≥ B is the last row of the window t−B+1 … t.
 */
function sequenceLogits(model: Float64Model, sequences: readonly (readonly number[])[]): Float64Array[] {
  const out: Float64Array[] = [];
  for (let start = 0; start < sequences.length; start += SEQUENCES_PER_PASS) {
    const chunk = sequences.slice(start, start + SEQUENCES_PER_PASS);
    const windows: (readonly number[])[] = [];
    for (const sequence of chunk) {
      windows.push(sequence.slice(0, model.maxWindow));
      for (let t = model.maxWindow; t < sequence.length; t++) windows.push(sequence.slice(t - model.maxWindow + 1, t + 1));
    }
    const logits = model.forward(windows);
    let row = 0; // first row of the current window in `logits`
    for (const sequence of chunk) {
      const first = Math.min(sequence.length, model.maxWindow);
      const rows = new Float64Array(sequence.length * V);
      rows.set(logits.subarray(row * V, (row + first) * V));
      row += first;
      for (let t = first; t < sequence.length; t++) {
        row += model.maxWindow;
        rows.set(logits.subarray((row - 1) * V, row * V), t * V);
      }
      out.push(rows);
    }
  }
  return out;
}

/** Natural-log probabilities from logits, row by row (rows × V). */
function logSoftmaxRows(logits: Float64Array): Float64Array {
  const out = new Float64Array(logits.length);
  for (let o = 0; o < logits.length; o += V) {
    const row = logits.subarray(o, o + V);
    const lse = logSumExp(row);
    for (let j = 0; j < V; j++) out[o + j] = row[j] - lse;
  }
  return out;
}

/**
 * log p (nats) of each of the name's n + 1 predictions, every row over the V tokens of
 * NAME_ALPHABET: row i is the distribution of character i + 1 (row n: of the end token).
 */
export function charLmLogProbabilities(submission: CharLmSubmission, name: string): number[][] {
  const sequence = [BOUNDARY_TOKEN, ...encodeName(name)];
  const logp = logSoftmaxRows(sequenceLogits(float64Model(submission), [sequence])[0]);
  return sequence.map((_, i) => Array.from(logp.subarray(i * V, (i + 1) * V)));
}

/**
 * Bits per character: Σ −log2 p over every prediction of every name (each character and the end
 * token) divided by the number of predictions Σ (n + 1). Float64 throughout.
 */
export function charLmBitsPerChar(submission: CharLmSubmission, names: readonly string[]): number {
  if (names.length === 0) throw new RangeError("No names to score.");
  const encoded = names.map(encodeName);
  const logits = sequenceLogits(
    float64Model(submission),
    encoded.map((characters) => [BOUNDARY_TOKEN, ...characters]),
  );
  let nats = 0;
  encoded.forEach((characters, n) => {
    [...characters, BOUNDARY_TOKEN].forEach((target, i) => {
      nats -= logits[n][i * V + target] - logSumExp(logits[n].subarray(i * V, (i + 1) * V));
    });
  });
  return nats / countPredictedCharacters(names) / Math.LN2;
}

export interface SampleOptions {
  /** Logits are divided by it: < 1 sharpens, > 1 flattens (default 1). */
  temperature?: number;
  /** Only the k most likely tokens can be drawn (default V: all); 1 is greedy decoding. */
  topK?: number;
  /** Seed of the mulberry32 stream that draws the tokens (default 1). */
  seed?: number;
}

/** Index drawn from softmax(logits / temperature) restricted to the topK largest (ties: lower index first). */
function drawToken(logits: Float64Array, temperature: number, topK: number, rng: Rng): number {
  const kept = Array.from({ length: V }, (_, j) => j)
    .sort((a, b) => logits[b] - logits[a] || a - b)
    .slice(0, topK);
  const scaled = kept.map((j) => logits[j] / temperature);
  const lse = logSumExp(scaled);
  let u = rng();
  for (let i = 0; i < kept.length; i++) {
    u -= Math.exp(scaled[i] - lse);
    if (u < 0) return kept[i];
  }
  return kept[kept.length - 1]; // u was within rounding of 1
}

/**
 * `count` names drawn one character at a time (ancestral sampling) from the float64 model; all
 * names grow together (one batched forward pass per character position), drawing their next
 * characters in order from one seeded stream. A name ends at the end token or after
 * MAX_NAME_LENGTH characters.
 */
export function charLmSample(submission: CharLmSubmission, count: number, options: SampleOptions = {}): string[] {
  const { temperature = 1, topK = V, seed = 1 } = options;
  if (!Number.isInteger(count) || count < 0) throw new RangeError("count must be a non-negative integer.");
  if (!(temperature > 0) || !Number.isFinite(temperature)) throw new RangeError("temperature must be a positive number.");
  if (!Number.isInteger(topK) || topK < 1 || topK > V) throw new RangeError(`topK must be an integer from 1 to ${V}.`);
  const model = float64Model(submission);
  const rng = mulberry32(seed);
  const sequences = Array.from({ length: count }, () => [BOUNDARY_TOKEN]);
  let growing = sequences;
  while (growing.length > 0) {
    const logits = sequenceLogits(model, growing);
    growing = growing.filter((sequence, n) => {
      const next = drawToken(logits[n].subarray(logits[n].length - V), temperature, topK, rng);
      if (next === BOUNDARY_TOKEN) return false;
      sequence.push(next);
      return sequence.length <= MAX_NAME_LENGTH;
    });
  }
  return sequences.map((sequence) => decodeName(sequence.slice(1)));
}

export interface CharLmAttention {
  /** The window's input tokens: "." then the name's characters (at most blockSize). */
  tokens: string[];
  /** weights[layer][head][query][key]: how much position `query` attends to `key` (0 for key > query). */
  weights: number[][][][];
}

/** Attention probabilities of a transformer on ". name" (its first blockSize tokens), for a heat map. */
export function charLmAttention(submission: CharLmSubmission, name: string): CharLmAttention {
  const model = float64Model(submission);
  if (!model.attention) throw new RangeError("Only a transformer has attention weights.");
  const window = [BOUNDARY_TOKEN, ...encodeName(name)].slice(0, model.maxWindow);
  const T = window.length;
  return {
    tokens: window.map((t) => NAME_ALPHABET[t]),
    weights: model.attention(window).map((layer) =>
      layer.map((p) => Array.from({ length: T }, (_, q) => Array.from(p.subarray(q * T, (q + 1) * T)))),
    ),
  };
}
