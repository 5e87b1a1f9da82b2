/**
 * The aae-digits submission and its scores, in plain float64 JS without TensorFlow.js: the server
 * scores with it, and the page computes its estimate with the same functions on public digits.
 *
 * Format: the MLP auto-encoder of models/autoencoder-submission.ts with a 2-D code,
 *   {"model": {"kind": "mlp", "hidden": H, "latent": 2, "encoder": weights, "decoder": weights}},
 * encoder 784 → H (ReLU) → 2, decoder 2 → H (ReLU) → 784 (sigmoid), weights as there (a list of
 * numbers or base64 float32), at most 500,000 parameters (H ≤ 317). The discriminator is not sent:
 * it only shapes the encoder during training.
 *
 * Scores of a model, given digits (the hidden test digits on the server, the validation digits in
 * the browser) and samples of the prior p(z) = N(0, I):
 * - mmd2: the unbiased MMD² (Gretton et al. 2012, eq. 3; metrics/ring.ts's mmd2Unbiased) between
 *   the digits' codes and prior samples, with the Gaussian kernel k(a, b) = exp(−‖a − b‖² / (2h²)),
 *   h = 1, the prior's own scale: 0 when the codes are distributed as the prior (up to sampling
 *   noise, either sign), 1/3 when every code is the origin;
 * - fid: the FID of digits decoded from other prior samples (the caller's evaluator);
 * - mse: the reconstruction error per pixel of the digits, as autoencoder-digits measures it.
 */
import { type Report, schemaFromChecks } from "../density/checks";
import { DIGIT_PIXELS, digitsToFloat, floatToDigits } from "../datasets/digits";
import { reconstructionMse } from "../metrics/images";
import { mmd2Unbiased } from "../metrics/ring";
import { gaussian, type Rng } from "../random";
import { AAE_LATENT } from "../configs/aae";
import {
  type AutoencoderModel,
  type AutoencoderSubmission,
  compileAutoencoder,
  mlpAutoencoderDecode,
  mlpAutoencoderEncode,
  readAutoencoderSubmission,
} from "./autoencoder-submission";

/** A checked MLP auto-encoder with a 2-D code. */
export type AaeModel = Extract<AutoencoderModel, { kind: "mlp" }>;

/** Bandwidth h of the MMD's Gaussian kernel: the prior's standard deviation. */
export const AAE_MMD_BANDWIDTH = 1;

export const AAE_SUBMISSION_SHAPE = `{"model": {"kind": "mlp", "hidden": H, "latent": ${AAE_LATENT}, "encoder": [784·H + H + H·${AAE_LATENT} + ${AAE_LATENT}], "decoder": [${AAE_LATENT}·H + H + H·784 + 784]}}`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Checks a submission: an MLP auto-encoder (autoencoder-submission.ts) whose code has 2 numbers.
 * The kind and the code size are checked before the weights are read. Null after reporting a problem.
 */
export function readAaeSubmission(body: unknown, report: Report): AaeModel | null {
  const model = isRecord(body) && isRecord(body.model) ? body.model : null;
  if (model && model.kind !== "mlp") {
    const missing = model.kind === undefined ? "is missing; it " : "";
    report("model.kind", `${missing}must be "mlp": this exercise scores an encoder network and a decoder network (${AAE_SUBMISSION_SHAPE})`);
    return null;
  }
  if (model && typeof model.latent === "number" && model.latent !== AAE_LATENT) {
    report("model.latent", `is ${model.latent}; it must be ${AAE_LATENT}: the codes are compared with the ${AAE_LATENT}-D prior N(0, I)`);
    return null;
  }
  const read = readAutoencoderSubmission(body, report);
  return read?.kind === "mlp" ? read : null;
}

/** Validates a submission (shapes, finiteness, ranges, the parameter cap); the body is kept as sent. */
export const aaeSubmissionSchema = schemaFromChecks<AutoencoderSubmission>(
  (body, report) => (readAaeSubmission(body, report) ? (body as unknown as AutoencoderSubmission) : null),
  AAE_SUBMISSION_SHAPE,
);

/** A validated submission, compiled (throws a RangeError naming the first problem of an invalid one). */
export function compileAae(submission: AutoencoderSubmission): AaeModel {
  const model = compileAutoencoder(submission);
  if (model.kind !== "mlp" || model.latent !== AAE_LATENT) throw new RangeError(`The submission is not an MLP auto-encoder with a ${AAE_LATENT}-D code.`);
  return model;
}

/** n draws of the prior N(0, I) in 2-D, interleaved z₁, z₂ (two uniforms of `rng` per number: Box–Muller). */
export function priorSamples(n: number, rng: Rng): Float64Array {
  const z = new Float64Array(AAE_LATENT * n);
  for (let i = 0; i < z.length; i++) z[i] = gaussian(rng);
  return z;
}

/** The codes of digits given as bytes (0–255, n × 784): n × 2, interleaved. */
export function encodeDigits(model: AaeModel, digits: Uint8Array): Float64Array {
  return mlpAutoencoderEncode(model, digitsToFloat(digits), digits.length / DIGIT_PIXELS);
}

/** The decoder's images of n codes (interleaved): n × 784 bytes, clipped and rounded to grey levels like every digit the site scores. */
export function decodeCodes(model: AaeModel, codes: Float64Array): Uint8Array {
  return floatToDigits(mlpAutoencoderDecode(model, codes, codes.length / AAE_LATENT));
}

/** Unbiased MMD² between codes and prior samples (both interleaved 2-D), kernel bandwidth AAE_MMD_BANDWIDTH. */
export function codeMmd2(codes: ArrayLike<number>, prior: ArrayLike<number>): number {
  return mmd2Unbiased(codes, prior, [AAE_MMD_BANDWIDTH]);
}

export type AaeMetrics = { fid: number; mmd2: number; mse: number };

export interface AaeScoring {
  /** Digits to encode and reconstruct, as bytes (n × 784). */
  digits: Uint8Array;
  /** Prior samples the digits' codes are compared with (interleaved). */
  prior: Float64Array;
  /** Other prior samples, decoded into the digits whose FID is measured (interleaved). */
  sampleCodes: Float64Array;
  /** The FID of decoded digits (the server's evaluator against the test digits; the page's against the validation digits). */
  fid(images: Uint8Array): Promise<number>;
}

/** The exercise's three numbers for one model (see the header). */
export async function scoreAae(model: AaeModel, { digits, prior, sampleCodes, fid }: AaeScoring): Promise<AaeMetrics> {
  const codes = encodeDigits(model, digits);
  const mse = reconstructionMse(decodeCodes(model, codes), digits);
  return { fid: await fid(decodeCodes(model, sampleCodes)), mmd2: codeMmd2(codes, prior), mse };
}
