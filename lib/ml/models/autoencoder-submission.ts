/**
 * A trained auto-encoder as JSON (the autoencoder-digits submission): its format, its validation,
 * and its reconstructions of digits in plain float64 JS, so the server scores it without
 * TensorFlow. Pixels are grey levels / 255, in [0, 1]; d = 784.
 *
 * Probabilistic PCA (models/ppca.ts):
 *   {"model": {"kind": "ppca", "q": q, "mean": [784 numbers], "W": W, "sigma2": σ²}}
 *   W is 784 × q: either 784·q numbers, row-major (W[i·q + j] is pixel i, direction j), or 784
 *   rows of q numbers. The reconstruction is the posterior-mean code mapped back (ppcaReconstruct):
 *   x̂ = μ + W M⁻¹ Wᵀ (x − μ) with M = WᵀW + σ² I. A fitted model's own fields (PpcaModel) are
 *   exactly these.
 *   Limits: 1 ≤ q ≤ 64; |mean_i|, |W_ij| ≤ 20 (a fit to [0, 1] pixels has |W_ij| ≤ √(tr S) ≤ 14);
 *   1e-6 ≤ σ² ≤ 100 (σ² > 0 keeps M invertible; a tiny σ² gives plain PCA's projection).
 *
 * MLP auto-encoder (models/autoencoder.ts, AutoencoderTrainer's two networks):
 *   {"model": {"kind": "mlp", "hidden": H, "latent": L, "encoder": weights, "decoder": weights}}
 *   encoder 784 → H (ReLU) → L (linear, the code); decoder L → H (ReLU) → 784 (sigmoid).
 *   Each network's weights are in the flat layout of its tfjs variable (nn/dense-layout.ts):
 *   [W1 (in × out, row-major), b1, W2, b2], a layer computing out[j] = act(b[j] + Σ_i in[i]·W[i·out + j]);
 *   so the encoder has 784·H + H + H·L + L numbers and the decoder L·H + H + H·784 + 784.
 *   `weights` is a list of numbers, or {"dtype": "float32", "data": "<base64 of the little-endian
 *   float32 bytes>"} — what the page sends: 5⅓ characters per weight instead of about 14 as text.
 *   Limits: 1 ≤ L ≤ 32, H ≥ 1, at most 500,000 parameters in both networks (the page's default,
 *   H = 256 and L = 2, has 403,730); every |weight| ≤ 1000.
 *
 * The code's size is what rules out the identity: with at most 64 (PPCA) or 32 (MLP) numbers per
 * digit, no model passes a digit through unchanged (the best 64-direction projection of the hidden
 * digits themselves still scores an MSE of 0.007). The exercise accepts only 2-D codes
 * (`submittedMaxCode`): a larger code wins by its size alone (PCA with q = 32: 0.016).
 *
 * Validation messages name entries as in the JSON, counting from 0: `"model.W[17][1]" is not a
 * number`, `"model.decoder.data" holds NaN at weight 3`.
 */
import { fmt, readNumber, readObject, schemaFromChecks, type Report } from "../density/checks";
import { bytesToBase64, DIGIT_PIXELS, digitsToFloat, floatToDigits } from "../datasets/digits";
import { reconstructionMse } from "../metrics/images";
import { activate64, compileDense64, denseLayer64, runDense64, sparseAffine64 } from "../nn/dense-float64";
import { denseNetwork, mlpDims } from "../nn/dense-layout";
import { type PpcaParameters, ppcaReconstruct } from "./ppca";
import { readFlatWeights, readWeight, readWholeNumber } from "./submitted-weights";

export const AUTOENCODER_LIMITS = {
  /**
   * The code a submitted model squeezes digits through: the exercise compares 2-D codes (a larger
   * code wins by its size alone: PCA with q = 32 beats any 2-D model). Pages may explore larger ones.
   */
  submittedMaxCode: 2,
  ppcaMaxQ: 64,
  /** Largest |mean_i| and |W_ij| of a PPCA. */
  ppcaValueLimit: 20,
  ppcaSigma2: { min: 1e-6, max: 100 },
  mlpMaxLatent: 32,
  /** Encoder and decoder together. */
  mlpMaxParameters: 500_000,
  mlpWeightLimit: 1000,
} as const;

/** Weights as base64 of little-endian float32 bytes. */
export interface Float32Base64 {
  dtype: "float32";
  data: string;
}

export interface PpcaJson {
  kind: "ppca";
  q: number;
  mean: number[];
  /** 784 × q, row-major or as rows. */
  W: number[] | number[][];
  sigma2: number;
}

export interface MlpAutoencoderJson {
  kind: "mlp";
  hidden: number;
  latent: number;
  encoder: number[] | Float32Base64;
  decoder: number[] | Float32Base64;
}

/** The submission, as sent (it is stored as it came). */
export interface AutoencoderSubmission {
  model: PpcaJson | MlpAutoencoderJson;
}

/** A checked submission, ready to reconstruct digits. */
export type AutoencoderModel =
  | { kind: "ppca"; ppca: PpcaParameters }
  | { kind: "mlp"; hidden: number; latent: number; encoder: Float64Array; decoder: Float64Array };

export const AUTOENCODER_SUBMISSION_SHAPE =
  '{"model": {"kind": "ppca", "q": q, "mean": [784], "W": [784 × q, row-major or 784 rows of q], "sigma2": σ²}} or {"model": {"kind": "mlp", "hidden": H, "latent": L, "encoder": [784·H + H + H·L + L], "decoder": [L·H + H + H·784 + 784]}}';

/** Numbers in the encoder (784 → H → L) and decoder (L → H → 784) together. */
export function mlpAutoencoderParameterCount(hidden: number, latent: number): number {
  return encoderSize(hidden, latent) + decoderSize(hidden, latent);
}
/** The networks' flat layouts (nn/dense-layout.ts), with the activations of the float64 forward pass. */
const encoderNetwork = (hidden: number, latent: number) => denseNetwork(mlpDims(DIGIT_PIXELS, hidden, 1, latent), { hidden: "relu", output: "linear" });
const decoderNetwork = (hidden: number, latent: number) => denseNetwork(mlpDims(latent, hidden, 1, DIGIT_PIXELS), { hidden: "relu", output: "sigmoid" });
const encoderSize = (hidden: number, latent: number) => encoderNetwork(hidden, latent).size;
const decoderSize = (hidden: number, latent: number) => decoderNetwork(hidden, latent).size;

// ---------------------------------------------------------------------------------------------
// Validation

const count = (n: number) => n.toLocaleString("en");

/** W as 784·q numbers or 784 rows of q, row-major either way. */
function readProjection(value: unknown, q: number, report: Report): Float64Array | null {
  const limit = AUTOENCODER_LIMITS.ppcaValueLimit;
  if (!Array.isArray(value) || !Array.isArray(value[0])) {
    return readFlatWeights(value, "model.W", DIGIT_PIXELS * q, `784 × q = 784 × ${q}, row-major`, limit, report, { base64: false });
  }
  if (value.length !== DIGIT_PIXELS) {
    report("model.W", `must have 784 rows (one per pixel) of q = ${q} numbers; it has ${count(value.length)} rows`);
    return null;
  }
  const out = new Float64Array(DIGIT_PIXELS * q);
  for (let i = 0; i < DIGIT_PIXELS; i++) {
    const row: unknown = value[i];
    if (!Array.isArray(row) || row.length !== q) {
      report(`model.W[${i}]`, `must be a list of q = ${q} numbers (one per latent direction)${Array.isArray(row) ? `; it has ${row.length}` : ""}`);
      return null;
    }
    for (let j = 0; j < q; j++) {
      const v = readWeight(row[j], `model.W[${i}][${j}]`, limit, report);
      if (v === null) return null;
      out[i * q + j] = v;
    }
  }
  return out;
}

const CODE_SIZE_REASON = " (a larger code could nearly copy any digit)";

function readPpca(model: Record<string, unknown>, report: Report): AutoencoderModel | null {
  const { ppcaMaxQ, ppcaValueLimit, ppcaSigma2 } = AUTOENCODER_LIMITS;
  if (!readObject(model, "model", ["kind", "q", "mean", "W", "sigma2"], '{"kind": "ppca", "q": 2, "mean": […], "W": […], "sigma2": 0.05}', report)) return null;
  const q = readWholeNumber(model.q, "model.q", 1, ppcaMaxQ, CODE_SIZE_REASON, report);
  if (q === null) return null;
  const mean = readFlatWeights(model.mean, "model.mean", DIGIT_PIXELS, "one per pixel", ppcaValueLimit, report, { base64: false });
  const W = mean && readProjection(model.W, q, report);
  if (!W) return null;
  const sigma2 = readNumber(model.sigma2, "model.sigma2", report);
  if (sigma2 === null) return null;
  if (sigma2 < ppcaSigma2.min || sigma2 > ppcaSigma2.max) {
    report("model.sigma2", `is ${fmt(sigma2)}; it must be from ${ppcaSigma2.min.toExponential()} to ${ppcaSigma2.max} (for plain PCA's projection, use a tiny σ² such as 1e-6)`);
    return null;
  }
  return { kind: "ppca", ppca: { d: DIGIT_PIXELS, q, mean, W, sigma2 } };
}

function readMlp(model: Record<string, unknown>, report: Report): AutoencoderModel | null {
  const { mlpMaxLatent, mlpMaxParameters, mlpWeightLimit } = AUTOENCODER_LIMITS;
  if (!readObject(model, "model", ["kind", "hidden", "latent", "encoder", "decoder"], '{"kind": "mlp", "hidden": 256, "latent": 2, "encoder": […], "decoder": […]}', report)) return null;
  const latent = readWholeNumber(model.latent, "model.latent", 1, mlpMaxLatent, CODE_SIZE_REASON, report);
  if (latent === null) return null;
  // The parameter count, H·(1570 + 2L) + L + 784, grows with H: the cap bounds H for this L.
  const maxHidden = Math.floor((mlpMaxParameters - latent - DIGIT_PIXELS) / (2 * DIGIT_PIXELS + 2 + 2 * latent));
  const hidden = readWholeNumber(model.hidden, "model.hidden", 1, maxHidden, ` (with latent = ${latent}; more would exceed ${count(mlpMaxParameters)} parameters)`, report);
  if (hidden === null) return null;
  const layout = (from: number, to: number) => `${from} → ${hidden} → ${to}: W1, b1, W2, b2`;
  const encoder = readFlatWeights(model.encoder, "model.encoder", encoderSize(hidden, latent), layout(DIGIT_PIXELS, latent), mlpWeightLimit, report);
  const decoder = encoder && readFlatWeights(model.decoder, "model.decoder", decoderSize(hidden, latent), layout(latent, DIGIT_PIXELS), mlpWeightLimit, report);
  return decoder && { kind: "mlp", hidden, latent, encoder, decoder };
}

/** Checks a submission and compiles it; null after reporting every problem found. */
export function readAutoencoderSubmission(body: unknown, report: Report): AutoencoderModel | null {
  if (typeof body === "object" && body !== null && "reconstructions" in body) {
    report("reconstructions", 'are no longer accepted: submit the model itself, {"model": …}; the server reconstructs digits it keeps hidden');
    return null;
  }
  const top = readObject(body, "", ["model"], AUTOENCODER_SUBMISSION_SHAPE, report);
  if (!top) return null;
  const model = top.model;
  if (typeof model !== "object" || model === null || Array.isArray(model)) {
    report("model", `${model === undefined ? "is missing; it " : ""}must be an object like {"kind": "ppca", …} or {"kind": "mlp", …}`);
    return null;
  }
  const kind = (model as { kind?: unknown }).kind;
  if (kind === "ppca") return readPpca(model as Record<string, unknown>, report);
  if (kind === "mlp") return readMlp(model as Record<string, unknown>, report);
  report("model.kind", kind === undefined ? 'is missing; it must be "ppca" or "mlp"' : 'must be "ppca" or "mlp"');
  return null;
}

/** Validates a submission: shapes, finiteness, ranges and the caps on the code and the parameters. The body is kept as sent. */
export const autoencoderSubmissionSchema = schemaFromChecks<AutoencoderSubmission>(
  (body, report) => (readAutoencoderSubmission(body, report) ? (body as unknown as AutoencoderSubmission) : null),
  AUTOENCODER_SUBMISSION_SHAPE,
);

/** A validated submission, compiled (throws a RangeError naming the first problem of an invalid one). */
export function compileAutoencoder(submission: AutoencoderSubmission): AutoencoderModel {
  let problem = "";
  const model = readAutoencoderSubmission(submission, (field, message) => (problem ||= `${field ? `"${field}" ` : "The submission "}${message}.`));
  if (!model) throw new RangeError(problem || "The submission is not a valid auto-encoder.");
  return model;
}

// ---------------------------------------------------------------------------------------------
// Reconstruction

/** The MLP's codes of n digits (n × 784 values in [0, 1]) → n × latent. */
export function mlpAutoencoderEncode(model: Extract<AutoencoderModel, { kind: "mlp" }>, x: ArrayLike<number>, n: number): Float64Array {
  const { hidden, latent, encoder } = model;
  const [first, second] = encoderNetwork(hidden, latent).layers;
  const h = activate64(sparseAffine64(x, n, encoder, first), first.activation); // digits are mostly 0
  return runDense64([denseLayer64(encoder, second)], h, n);
}

/** The MLP's images of n codes (n × latent) → n × 784 in [0, 1]. */
export function mlpAutoencoderDecode(model: Extract<AutoencoderModel, { kind: "mlp" }>, z: Float64Array, n: number): Float64Array {
  const { hidden, latent, decoder } = model;
  return runDense64(compileDense64(decoderNetwork(hidden, latent), decoder), z, n);
}

/** Reconstructions of n digits (n × 784 values in [0, 1]) → n × 784 values (PPCA's may leave [0, 1]). */
export function autoencoderReconstruct(model: AutoencoderModel, x: ArrayLike<number>): Float64Array {
  if (x.length === 0 || x.length % DIGIT_PIXELS !== 0) throw new RangeError(`Expected n × ${DIGIT_PIXELS} pixel values, got ${x.length}.`);
  if (model.kind === "ppca") return ppcaReconstruct(model.ppca, x);
  const n = x.length / DIGIT_PIXELS;
  return mlpAutoencoderDecode(model, mlpAutoencoderEncode(model, x, n), n);
}

/**
 * Reconstructions of digits given as bytes (0–255), as images: clipped to [0, 1] and rounded to
 * the nearest of the 256 grey levels (floatToDigits), like every digit the site shows or scores.
 */
export function reconstructDigitImages(model: AutoencoderModel, images: Uint8Array): Uint8Array {
  return floatToDigits(autoencoderReconstruct(model, digitsToFloat(images)));
}

/** The exercise's mse: mean over every pixel of ((reconstruction − original) / 255)², reconstructions as images. */
export function autoencoderMse(model: AutoencoderModel, images: Uint8Array): number {
  return reconstructionMse(reconstructDigitImages(model, images), images);
}

// ---------------------------------------------------------------------------------------------
// Building submissions

/** Numbers as base64 of little-endian float32 bytes (the compact form of MLP weights). */
export function float32Base64(values: ArrayLike<number>): Float32Base64 {
  const bytes = new Uint8Array(4 * values.length);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < values.length; i++) view.setFloat32(4 * i, values[i], true);
  return { dtype: "float32", data: bytesToBase64(bytes) };
}

/** A fitted PPCA as the submission's model (W row-major, as PpcaModel stores it). */
export function ppcaJson(model: PpcaParameters): PpcaJson {
  return { kind: "ppca", q: model.q, mean: Array.from(model.mean), W: Array.from(model.W), sigma2: model.sigma2 };
}
