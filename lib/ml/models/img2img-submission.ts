/**
 * A trained digit-completion generator as JSON (the img2img-digits submission): its format, its
 * validation, and its completions in plain float64 JS, so the server scores it without TensorFlow.
 *
 * The task: a digit's upper half x (its top 14 rows, 392 pixels) in, its lower half y (the bottom
 * 14 rows, 392 pixels) out; pixels are grey levels / 255, in [0, 1], row-major, so the upper half
 * is pixels 0–391 of the 784 and the lower half pixels 392–783.
 *
 *   {"model": {"kind": "mlp", "hidden": H, "depth": L, "generator": weights}}
 *
 * The generator G: 392 → H → … → H (L hidden layers, LeakyReLU with slope 0.2) → 392 (sigmoid),
 * deterministic (no noise input). Its weights are in the flat layout of nn/dense-layout.ts:
 * [W1 (in × out, row-major), b1, W2, b2, …], a layer computing out[j] = act(b[j] + Σ_i in[i]·W[i·out + j]);
 * so 392·H + H + (L − 1)·(H·H + H) + H·392 + 392 numbers, as a list or as {"dtype": "float32",
 * "data": "<base64 of the little-endian float32 bytes>"} (models/submitted-weights.ts).
 * Limits: 1 ≤ L ≤ 3, H ≥ 1, at most 500,000 parameters (the page's default, H = 256 and L = 2,
 * has 267,144), every |weight| ≤ 1000. The cap bounds the scoring time and the body, not what a
 * generator may learn: the lower halves of the hidden test digits are nowhere in its input.
 *
 * A completed digit is the given upper half over the generated lower half, rounded to grey levels
 * (floatToDigits), like every digit the site shows or scores.
 */
import { readObject, schemaFromChecks, type Report } from "../density/checks";
import { DIGIT_PIXELS, floatToDigits } from "../datasets/digits";
import { activate64, denseLayer64, runDense64, sparseAffine64 } from "../nn/dense-float64";
import { type DenseNetwork, denseNetwork, layerSizes, mlpDims } from "../nn/dense-layout";
import { readFlatWeights, readWholeNumber } from "./submitted-weights";

/** Pixels in half a digit: 14 rows of 28. */
export const HALF_PIXELS = DIGIT_PIXELS / 2;

export const IMG2IMG_LIMITS = {
  maxDepth: 3,
  maxParameters: 500_000,
  weightLimit: 1000,
} as const;

/** The submission, as sent (it is stored as it came). */
export interface Img2ImgSubmission {
  model: {
    kind: "mlp";
    hidden: number;
    depth: number;
    generator: number[] | { dtype: "float32"; data: string };
  };
}

/** A checked submission, ready to complete digits. */
export interface Img2ImgModel {
  hidden: number;
  depth: number;
  generator: Float64Array;
}

export const IMG2IMG_SUBMISSION_SHAPE =
  '{"model": {"kind": "mlp", "hidden": H, "depth": L, "generator": [392·H + H + (L − 1)·(H·H + H) + H·392 + 392 numbers] or {"dtype": "float32", "data": "<base64>"}}}';

/** G's layers: 392 → hidden × depth (LeakyReLU) → 392 (sigmoid), in the flat layout of nn/dense-layout.ts. */
export function generatorNetwork(hidden: number, depth: number): DenseNetwork {
  return denseNetwork(mlpDims(HALF_PIXELS, hidden, depth, HALF_PIXELS), { hidden: "leakyrelu", output: "sigmoid" });
}

/** Numbers in G's flat layout. */
export const img2imgParameterCount = (hidden: number, depth: number): number => generatorNetwork(hidden, depth).size;

/** The widest hidden layers a generator of this depth may have within the parameter cap (the count grows with H). */
export function maxHiddenUnits(depth: number): number {
  let [low, high] = [0, IMG2IMG_LIMITS.maxParameters];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (img2imgParameterCount(mid, depth) <= IMG2IMG_LIMITS.maxParameters) low = mid;
    else high = mid - 1;
  }
  return low;
}

/** Checks a submission and compiles it; null after reporting the first problem found. */
export function readImg2ImgSubmission(body: unknown, report: Report): Img2ImgModel | null {
  if (typeof body === "object" && body !== null && "images" in body) {
    report("images", 'are not accepted: submit the generator itself, {"model": …}; the server completes digits it keeps hidden');
    return null;
  }
  const top = readObject(body, "", ["model"], IMG2IMG_SUBMISSION_SHAPE, report);
  const model = top && readObject(top.model, "model", ["kind", "hidden", "depth", "generator"], '{"kind": "mlp", "hidden": 256, "depth": 2, "generator": …}', report);
  if (!model) return null;
  if (model.kind !== "mlp") {
    report("model.kind", model.kind === undefined ? 'is missing; it must be "mlp"' : 'must be "mlp"');
    return null;
  }
  const { maxDepth, maxParameters, weightLimit } = IMG2IMG_LIMITS;
  const depth = readWholeNumber(model.depth, "model.depth", 1, maxDepth, " (hidden layers)", report);
  if (depth === null) return null;
  const hiddenMax = maxHiddenUnits(depth);
  const hidden = readWholeNumber(
    model.hidden,
    "model.hidden",
    1,
    hiddenMax,
    ` (with depth = ${depth}; more would exceed ${maxParameters.toLocaleString("en")} parameters)`,
    report,
  );
  if (hidden === null) return null;
  const net = generatorNetwork(hidden, depth);
  const generator = readFlatWeights(model.generator, "model.generator", net.size, `${layerSizes(net)}: W1, b1, W2, b2, …`, weightLimit, report);
  return generator && { hidden, depth, generator };
}

/** Validates a submission: shapes, finiteness, ranges and the parameter cap. The body is kept as sent. */
export const img2imgSubmissionSchema = schemaFromChecks<Img2ImgSubmission>(
  (body, report) => (readImg2ImgSubmission(body, report) ? (body as unknown as Img2ImgSubmission) : null),
  IMG2IMG_SUBMISSION_SHAPE,
);

/** A validated submission, compiled (throws a RangeError naming the first problem of an invalid one). */
export function compileImg2Img(submission: Img2ImgSubmission): Img2ImgModel {
  let problem = "";
  const model = readImg2ImgSubmission(submission, (field, message) => (problem ||= `${field ? `"${field}" ` : "The submission "}${message}.`));
  if (!model) throw new RangeError(problem || "The submission is not a valid generator.");
  return model;
}

// ---------------------------------------------------------------------------------------------
// Completion

/** G(x) of n upper halves (n × 392 values in [0, 1]) → n × 392 values in (0, 1), in float64. */
export function completeLowerHalves(model: Img2ImgModel, upper: ArrayLike<number>, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 1 || upper.length !== n * HALF_PIXELS) throw new RangeError(`Expected ${n} × ${HALF_PIXELS} pixel values, got ${upper.length}.`);
  const [first, ...rest] = generatorNetwork(model.hidden, model.depth).layers;
  // Upper halves are mostly background: the first layer adds one row of W per inked pixel.
  const h = activate64(sparseAffine64(upper, n, model.generator, first), first.activation);
  return runDense64(
    rest.map((layer) => denseLayer64(model.generator, layer)),
    h,
    n,
  );
}

/** The upper halves of n digits (n × 784 bytes) as n × 392 values in [0, 1]. */
export function upperHalves(images: Uint8Array): Float64Array {
  const n = images.length / DIGIT_PIXELS;
  const out = new Float64Array(n * HALF_PIXELS);
  for (let i = 0; i < n; i++) for (let p = 0; p < HALF_PIXELS; p++) out[i * HALF_PIXELS + p] = images[i * DIGIT_PIXELS + p] / 255;
  return out;
}

/** The digits (n × 784 bytes) with their lower halves replaced by `lower` (n × 392 bytes). */
export function withLowerHalves(images: Uint8Array, lower: Uint8Array): Uint8Array {
  const n = images.length / DIGIT_PIXELS;
  if (!Number.isInteger(n) || lower.length !== n * HALF_PIXELS) throw new RangeError(`Expected n × ${DIGIT_PIXELS} and n × ${HALF_PIXELS} pixel values.`);
  const out = Uint8Array.from(images);
  for (let i = 0; i < n; i++) out.set(lower.subarray(i * HALF_PIXELS, (i + 1) * HALF_PIXELS), i * DIGIT_PIXELS + HALF_PIXELS);
  return out;
}

/** Each digit (n × 784 bytes) with its lower half replaced by G's completion of its upper half, as grey levels. */
export function completeDigitImages(model: Img2ImgModel, images: Uint8Array): Uint8Array {
  if (images.length === 0 || images.length % DIGIT_PIXELS !== 0) throw new RangeError(`Expected n × ${DIGIT_PIXELS} pixel values, got ${images.length}.`);
  const n = images.length / DIGIT_PIXELS;
  return withLowerHalves(images, floatToDigits(completeLowerHalves(model, upperHalves(images), n)));
}

/** Mean over the lower-half pixels of |completed − original| / 255: the L1 error per pixel of the completions. */
export function lowerHalfL1(completed: Uint8Array, originals: Uint8Array): number {
  if (completed.length !== originals.length || originals.length % DIGIT_PIXELS !== 0) throw new RangeError("The two sets of digits differ in size.");
  const n = originals.length / DIGIT_PIXELS;
  let sum = 0;
  for (let i = 0; i < n; i++) for (let p = HALF_PIXELS; p < DIGIT_PIXELS; p++) sum += Math.abs(completed[i * DIGIT_PIXELS + p] - originals[i * DIGIT_PIXELS + p]);
  return sum / (255 * n * HALF_PIXELS);
}
