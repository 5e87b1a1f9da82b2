// vae-digits: the image-samples spec (lib/exercises/digit-images.ts) with the VAE's defaults, and the shared image scorer
// (its evaluator scores are tested with gan-digits and cgan-digits, and in tests/unit/ml/memorisation.test.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { copiedDigitsFlag, IMAGE_SUBMISSION_COUNT } from "@/lib/exercises/digit-images";
import { defineExercise } from "@/lib/exercises/types";
import { base64ToBytes, bytesToBase64, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { vaeDigitsScorer } from "./server";
import { vaeDigitsSpec } from "./spec";

const vaeDigits = defineExercise(vaeDigitsSpec, vaeDigitsScorer);

describe("vae-digits", () => {
  test("1,000 digits, ranked by FID then classifier score, flagged when they copy MNIST digits", () => {
    assert.equal(vaeDigits.slug, "vae-digits");
    assert.deepEqual(
      vaeDigits.metrics.map((m) => m.key),
      ["fid", "mifid", "classifierScore", "copiedFraction"],
    );
    assert.deepEqual(vaeDigits.rankedBy, ["fid", "classifierScore"]);
    assert.equal(vaeDigits.flag, copiedDigitsFlag);
    assert.equal(vaeDigits.heavyScoring, true);
    assert.equal(vaeDigits.limits.samplesPerSubmission, IMAGE_SUBMISSION_COUNT);
    assert.ok(
      vaeDigits.metrics[0].references?.some((r) => r.label === "the default VAE after 5,000 steps"),
      "the default run is among FID's references",
    );
  });

  test("the default hyperparameters satisfy the config schema; the default grading is on FID", () => {
    assert.equal(vaeDigits.configSchema.safeParse(vaeDigits.defaultHyperparameters).success, true);
    assert.equal(vaeDigits.defaultGrading.kind === "linear" && vaeDigits.defaultGrading.metric, "fid");
    // The worker pool trains the VAE (workers/trainers.ts): its page's budget by default.
    assert.ok(vaeDigits.pool && vaeDigits.pool.defaultSteps <= vaeDigits.pool.maxSteps);
  });

  test("1,000 digits pass the schema, 999 do not; the preview is the first 16", () => {
    const images = loadMnistSplit("test").images;
    const body = { images: { dtype: "uint8", shape: [IMAGE_SUBMISSION_COUNT, 28, 28], data: bytesToBase64(images) } };
    assert.equal(vaeDigits.submissionSchema.safeParse(body).success, true);
    assert.equal(vaeDigits.submissionSchema.safeParse({ images: { ...body.images, shape: [999, 28, 28] } }).success, false);
    const preview = vaeDigits.preview(vaeDigits.submissionSchema.parse(body)) as { digits: { count: number; data: string } };
    assert.equal(preview.digits.count, 16);
    assert.deepEqual(base64ToBytes(preview.digits.data), images.subarray(0, 16 * DIGIT_PIXELS));
  });
});
