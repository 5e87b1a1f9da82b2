"use client";
/**
 * The digit evaluator in the browser: the same ONNX model and onnxruntime-web as the server, for
 * an instant estimate before the server's score arrives. The browser never sees the test digits,
 * so its FID references (overall and per class) are the validation split: estimates are close to,
 * not equal to, the score.
 */
import { DIGIT_CLASSES, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import type { DigitEvaluator } from "@/lib/ml/evaluator/runtime";
import type { FeatureStatistics, ImageMetrics } from "@/lib/ml/metrics/images";
import { loadDigitSplit } from "./digits";

let evaluator: Promise<{ model: DigitEvaluator; reference: FeatureStatistics; classReferences: FeatureStatistics[] }> | undefined;

async function load() {
  const [ort, { createDigitEvaluator }, { classFeatureStatistics, featureStatistics }, { EVALUATOR_FEATURES }, response, validation] = await Promise.all([
    import("onnxruntime-web/wasm"),
    import("@/lib/ml/evaluator/runtime"),
    import("@/lib/ml/metrics/images"),
    import("@/lib/ml/evaluator/digit-cnn"),
    fetch("/models/digit-evaluator.onnx"),
    loadDigitSplit("validation"),
  ]);
  if (!response.ok) throw new Error(`The evaluator model could not be downloaded (HTTP ${response.status}).`);
  const model = await createDigitEvaluator(ort, new Uint8Array(await response.arrayBuffer()), { wasmPaths: "/ort-wasm/" });
  const { features } = await model.evaluate(validation.images, validation.count);
  return {
    model,
    reference: featureStatistics(features, validation.count, EVALUATOR_FEATURES),
    classReferences: classFeatureStatistics(features, validation.labels, EVALUATOR_FEATURES, DIGIT_CLASSES),
  };
}

export function browserDigitEvaluator() {
  evaluator ??= load().catch((error) => {
    evaluator = undefined;
    throw error;
  });
  return evaluator;
}

/** fid / classifierScore (/ conditionalAccuracy and intraClassFid) of n uint8 images against the validation digits. */
export async function estimateImageMetrics(images: Uint8Array, labels?: ArrayLike<number>): Promise<ImageMetrics> {
  const n = images.length / DIGIT_PIXELS;
  const [{ model, reference, classReferences }, { imageMetrics }] = await Promise.all([browserDigitEvaluator(), import("@/lib/ml/metrics/images")]);
  return imageMetrics(await model.evaluate(images, n), n, reference, labels ? { labels, classReferences } : undefined);
}
