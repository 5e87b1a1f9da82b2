/**
 * The server part of the digit-image exercises (digit-images.ts): decoding a submitted image tensor,
 * and the scorers that run the digit evaluator (lib/datasets/digit-evaluator.ts) and the copy search
 * (lib/datasets/digit-memorisation.ts) over it. Node only.
 */
import { digitEvaluator, digitImageMetrics, testClassFeatureStatistics, testFeatureStatistics } from "@/lib/datasets/digit-evaluator";
import { digitMemorisation, mnistMemorisationReference } from "@/lib/datasets/digit-memorisation";
import { base64ToBytes, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { mifid } from "@/lib/ml/metrics/memorisation";
import {
  type ConditionalMetrics,
  type ConditionalSamplesSubmission,
  type DigitImages,
  digitPreview,
  IMAGE_SUBMISSION_COUNT,
  type ImageSamplesSubmission,
  type SampleMetrics,
} from "./digit-images";
import type { ExerciseScorer } from "./types";

/** The pixels of a validated image tensor. */
export function decodeDigitImages(images: DigitImages): Uint8Array {
  const bytes = base64ToBytes(images.data);
  if (!bytes || bytes.length !== images.shape[0] * DIGIT_PIXELS) throw new RangeError("The image data is not valid base64 of the declared shape.");
  return bytes;
}

/** A submission's image metrics and copy search, from one run of the evaluator over its digits. */
async function scoreSubmittedDigits(images: Uint8Array, labels?: readonly number[]) {
  const evaluated = await (await digitEvaluator()).evaluate(images, IMAGE_SUBMISSION_COUNT);
  const [metrics, memorisation] = await Promise.all([
    digitImageMetrics(evaluated, IMAGE_SUBMISSION_COUNT, labels),
    digitMemorisation(images, IMAGE_SUBMISSION_COUNT, evaluated.features),
  ]);
  return { ...metrics, mifid: mifid(metrics.fid, memorisation.memorisationDistance), copiedFraction: memorisation.copiedFraction };
}

/** The scorer of an imageSamplesSpec exercise: FID and classifier score of the 1,000 digits, and the share that copies MNIST digits. */
export function imageSamplesScorer(): ExerciseScorer<ImageSamplesSubmission, SampleMetrics, Promise<SampleMetrics>> {
  return {
    score: async (s) => {
      const { fid, mifid, classifierScore, copiedFraction } = await scoreSubmittedDigits(decodeDigitImages(s.images));
      return { fid, mifid, classifierScore, copiedFraction };
    },
    prepare: async () => void (await Promise.all([testFeatureStatistics(), mnistMemorisationReference()])),
    preview: (s) => digitPreview(s.images),
  };
}

/** The scorer of a conditionalSamplesSpec exercise: intra-class FID and conditional accuracy of the labelled digits, FID, copies. */
export function conditionalSamplesScorer(): ExerciseScorer<ConditionalSamplesSubmission, ConditionalMetrics, Promise<ConditionalMetrics>> {
  return {
    score: async (s) => {
      const m = await scoreSubmittedDigits(decodeDigitImages(s.images), s.labels);
      return {
        intraClassFid: m.intraClassFid ?? NaN,
        conditionalAccuracy: m.conditionalAccuracy ?? 0,
        fid: m.fid,
        mifid: m.mifid,
        copiedFraction: m.copiedFraction,
      };
    },
    prepare: async () => void (await Promise.all([testFeatureStatistics(), testClassFeatureStatistics(), mnistMemorisationReference()])),
    preview: (s) => digitPreview(s.images, s.labels),
  };
}
