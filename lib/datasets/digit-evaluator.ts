/**
 * SERVER-ONLY: the authoritative digit evaluator — the committed ONNX model read from disk, run by
 * onnxruntime-web, and the feature statistics of the test digits, overall and per class (the FID
 * and intra-class FID references). Created once per process (or scoring thread) on first use.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as ort from "onnxruntime-web";
import { EVALUATOR_FEATURES } from "@/lib/ml/evaluator/digit-cnn";
import { createDigitEvaluator, type DigitEvaluator } from "@/lib/ml/evaluator/runtime";
import { DIGIT_CLASSES } from "@/lib/ml/datasets/digits";
import { classFeatureStatistics, featureStatistics, imageMetrics, type FeatureStatistics, type ImageMetrics } from "@/lib/ml/metrics/images";
import { loadMnistSplit } from "./mnist";

export const DIGIT_EVALUATOR_PATH = path.resolve(import.meta.dirname, "../../models/digit-evaluator.onnx");

let evaluator: Promise<DigitEvaluator> | undefined;
let testFeatures: Promise<{ features: Float32Array; labels: Uint8Array; count: number }> | undefined;
let testStatistics: Promise<FeatureStatistics> | undefined;
let testClassStatistics: Promise<FeatureStatistics[]> | undefined;

export function digitEvaluator(): Promise<DigitEvaluator> {
  evaluator ??= createDigitEvaluator(ort, readFileSync(DIGIT_EVALUATOR_PATH));
  return evaluator;
}

/** The evaluator's features of the 1,000 test digits, evaluated once for both kinds of statistics. */
function evaluatedTestDigits() {
  testFeatures ??= (async () => {
    const test = loadMnistSplit("test");
    const { features } = await (await digitEvaluator()).evaluate(test.images, test.count);
    return { features, labels: test.labels, count: test.count };
  })();
  return testFeatures;
}

/** Mean and covariance of the evaluator's features over the 1,000 test digits. */
export function testFeatureStatistics(): Promise<FeatureStatistics> {
  testStatistics ??= evaluatedTestDigits().then((test) => featureStatistics(test.features, test.count, EVALUATOR_FEATURES));
  return testStatistics;
}

/** The same per digit class (about 100 test digits each): the intra-class FID's references. */
export function testClassFeatureStatistics(): Promise<FeatureStatistics[]> {
  testClassStatistics ??= evaluatedTestDigits().then((test) => classFeatureStatistics(test.features, test.labels, EVALUATOR_FEATURES, DIGIT_CLASSES));
  return testClassStatistics;
}

/** fid, classifierScore (and conditionalAccuracy and intraClassFid when labels are given) of n uint8 images. */
export async function scoreDigitImages(images: Uint8Array, n: number, labels?: ArrayLike<number>): Promise<ImageMetrics> {
  return digitImageMetrics(await (await digitEvaluator()).evaluate(images, n), n, labels);
}

/** The same metrics from the evaluator's outputs, for callers that use those outputs again (the copy search). */
export async function digitImageMetrics(
  evaluated: { features: Float32Array; probabilities: Float32Array },
  n: number,
  labels?: ArrayLike<number>,
): Promise<ImageMetrics> {
  const reference = await testFeatureStatistics();
  const conditional = labels ? { labels, classReferences: await testClassFeatureStatistics() } : undefined;
  return imageMetrics(evaluated, n, reference, conditional);
}
