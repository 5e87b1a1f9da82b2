/**
 * SERVER-ONLY: the reference of memorisation detection (lib/ml/metrics/memorisation.ts) — every
 * digit the `mnist` package ships (train, validation and test: anyone can reproduce all three)
 * with its evaluator features — built once per process (or scoring thread) on first use.
 */
import { EVALUATOR_FEATURES } from "@/lib/ml/evaluator/digit-cnn";
import { DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { detectCopies, memorisationReference, type MemorisationReference } from "@/lib/ml/metrics/memorisation";
import { digitEvaluator } from "./digit-evaluator";
import { loadAllMnist } from "./mnist";

/** Digits per evaluator call while building the reference: the thread serves other work in between. */
const FEATURE_CHUNK = 1000;

let reference: Promise<MemorisationReference> | undefined;

/** Evaluator features of n images (n × 784), FEATURE_CHUNK at a time, yielding to the event loop between chunks. */
export async function digitFeatures(images: Uint8Array, n: number): Promise<Float32Array> {
  const model = await digitEvaluator();
  const features = new Float32Array(n * EVALUATOR_FEATURES);
  for (let start = 0; start < n; start += FEATURE_CHUNK) {
    const count = Math.min(FEATURE_CHUNK, n - start);
    const out = await model.evaluate(images.subarray(start * DIGIT_PIXELS, (start + count) * DIGIT_PIXELS), count);
    features.set(out.features, start * EVALUATOR_FEATURES);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return features;
}

/** All 10,000 MNIST digits prepared for copy search (about 3 s the first time: docs/MEMORISATION.md, "Cost"). */
export function mnistMemorisationReference(): Promise<MemorisationReference> {
  reference ??= (async () => {
    const all = loadAllMnist();
    return memorisationReference(all.images, await digitFeatures(all.images, all.count), all.count);
  })();
  return reference;
}

export interface DigitMemorisation {
  /** Fraction of the images that are copies of MNIST digits. */
  copiedFraction: number;
  /** MiFID's memorisation distance d (mean nearest cosine distance of features). */
  memorisationDistance: number;
}

/**
 * How much of n images (n × 784 grey levels) copies MNIST digits: the copied fraction and MiFID's d.
 * `features`: the images' evaluator features when the caller has them already.
 */
export async function digitMemorisation(images: Uint8Array, n: number, features?: Float32Array): Promise<DigitMemorisation> {
  const [imageFeatures, mnist] = await Promise.all([features ?? digitFeatures(images, n), mnistMemorisationReference()]);
  const { copiedFraction, memorisationDistance } = detectCopies(mnist, images, imageFeatures, n);
  return { copiedFraction, memorisationDistance };
}
