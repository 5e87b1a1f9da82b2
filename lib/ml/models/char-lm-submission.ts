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
 * This module (plain JS, no TensorFlow) holds the format: the architectures, the parameter layout
 * and the validation of a submission. The float64 evaluator and sampler that score one, and the
 * closed-form bigram, are in models/char-lm-float64.ts; the TensorFlow.js model in models/char-lm.ts,
 * its trainer in train/char-lm-trainer.ts, its config in configs/char-lm.ts.
 */
import { z } from "zod";
import { fmt, readNumber, schemaFromChecks, type Report } from "../density/checks";
import { MAX_BLOCK_SIZE, NAME_VOCAB_SIZE as V } from "../datasets/names";

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
    if (!Object.hasOwn(expected, key)) {
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
export function charLmFlatWeights(submission: CharLmSubmission): Float64Array {
  const read = readCharLmSubmission(submission as unknown as Record<string, unknown>, (field, message) => {
    throw new RangeError(`"${field}" ${message}.`);
  });
  if (!read) throw new RangeError("The model is not valid.");
  return read.flat;
}
