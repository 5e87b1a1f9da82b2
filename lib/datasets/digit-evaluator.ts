/**
 * SERVER-ONLY: the authoritative digit evaluator — the committed ONNX model read from disk, run by
 * onnxruntime-web, and the feature statistics of the test digits (the FID reference). Created
 * once per process (or scoring thread) on first use.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as ort from "onnxruntime-web";
import { EVALUATOR_FEATURES } from "@/lib/ml/evaluator/digit-cnn";
import { createDigitEvaluator, type DigitEvaluator } from "@/lib/ml/evaluator/runtime";
import { featureStatistics, imageMetrics, type FeatureStatistics, type ImageMetrics } from "@/lib/ml/metrics/images";
import { loadMnistSplit } from "./mnist";

export const DIGIT_EVALUATOR_PATH = path.resolve(import.meta.dirname, "../../models/digit-evaluator.onnx");

let evaluator: Promise<DigitEvaluator> | undefined;
let testStatistics: Promise<FeatureStatistics> | undefined;

export function digitEvaluator(): Promise<DigitEvaluator> {
  evaluator ??= createDigitEvaluator(ort, readFileSync(DIGIT_EVALUATOR_PATH));
  return evaluator;
}

/** Mean and covariance of the evaluator's features over the 1,000 test digits. */
export function testFeatureStatistics(): Promise<FeatureStatistics> {
  testStatistics ??= (async () => {
    const test = loadMnistSplit("test");
    const { features } = await (await digitEvaluator()).evaluate(test.images, test.count);
    return featureStatistics(features, test.count, EVALUATOR_FEATURES);
  })();
  return testStatistics;
}

/** fid, classifierScore (and conditionalAccuracy when labels are given) of n uint8 images. */
export async function scoreDigitImages(images: Uint8Array, n: number, labels?: ArrayLike<number>): Promise<ImageMetrics> {
  const [model, reference] = await Promise.all([digitEvaluator(), testFeatureStatistics()]);
  return imageMetrics(await model.evaluate(images, n), n, reference, labels);
}
