// The server part of img2img-digits: the submitted generator completes the lower halves of the hidden test digits (its
// score, by the digit evaluator) and of the first validation digits (its preview).
import { scoreDigitImages, testClassFeatureStatistics, testFeatureStatistics } from "@/lib/datasets/digit-evaluator";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { PREVIEW_IMAGE_COUNT } from "@/lib/exercises/digit-images";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { bytesToBase64, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { compileImg2Img, completeDigitImages, type Img2ImgSubmission, lowerHalfL1 } from "@/lib/ml/models/img2img-submission";
import type { Img2ImgMetrics } from "./spec";

export const img2imgDigitsScorer: ExerciseScorer<Img2ImgSubmission, Img2ImgMetrics, Promise<Img2ImgMetrics>> = {
  score: async (submission) => {
    const test = loadMnistSplit("test");
    const completed = completeDigitImages(compileImg2Img(submission), test.images);
    // Against the true labels: each digit's completions against the test digits of that digit (intra-class FID), and
    // the evaluator's reading of each completed digit (conditional accuracy); then the FID of all of them.
    const { intraClassFid, conditionalAccuracy, fid } = await scoreDigitImages(completed, test.count, test.labels);
    return { intraClassFid: intraClassFid ?? NaN, accuracy: conditionalAccuracy ?? 0, fid, l1: lowerHalfL1(completed, test.images) };
  },
  prepare: async () => void (await Promise.all([testFeatureStatistics(), testClassFeatureStatistics()])),
  preview: (submission) => {
    const shown = loadMnistSplit("validation").images.subarray(0, PREVIEW_IMAGE_COUNT * DIGIT_PIXELS);
    return { digits: { count: PREVIEW_IMAGE_COUNT, data: bytesToBase64(completeDigitImages(compileImg2Img(submission), shown)) } };
  },
};
