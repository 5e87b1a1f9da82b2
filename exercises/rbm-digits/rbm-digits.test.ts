// rbm-digits: the image-samples spec (lib/exercises/digit-images.ts) with the RBM's defaults, and the shared image scorer
// (its evaluator scores are tested with gan-digits and cgan-digits, and in tests/unit/ml/memorisation.test.ts).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { copiedDigitsFlag, IMAGE_SUBMISSION_COUNT } from "@/lib/exercises/digit-images";
import { defineExercise } from "@/lib/exercises/types";
import { base64ToBytes, bytesToBase64, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { rbmDigitsScorer } from "./server";
import { rbmDigitsSpec } from "./spec";

const rbmDigits = defineExercise(rbmDigitsSpec, rbmDigitsScorer);

describe("rbm-digits", () => {
  test("1,000 digits, ranked by FID then classifier score, flagged when they copy MNIST digits", () => {
    assert.equal(rbmDigits.slug, "rbm-digits");
    assert.deepEqual(
      rbmDigits.metrics.map((m) => m.key),
      ["fid", "mifid", "classifierScore", "copiedFraction"],
    );
    assert.deepEqual(rbmDigits.rankedBy, ["fid", "classifierScore"]);
    assert.equal(rbmDigits.flag, copiedDigitsFlag);
    assert.equal(rbmDigits.heavyScoring, true);
    assert.equal(rbmDigits.limits.samplesPerSubmission, IMAGE_SUBMISSION_COUNT);
    assert.ok(
      rbmDigits.metrics[0].references?.some((r) => r.label === "the default RBM after 3,000 updates"),
      "the default run is among FID's references",
    );
  });

  test("the default hyperparameters satisfy the config schema; the default grading is on FID", () => {
    assert.equal(rbmDigits.configSchema.safeParse(rbmDigits.defaultHyperparameters).success, true);
    assert.equal(rbmDigits.defaultGrading.kind === "linear" && rbmDigits.defaultGrading.metric, "fid");
  });

  test("1,000 digits pass the schema, 999 do not; the preview is the first 16", () => {
    const images = loadMnistSplit("test").images;
    const body = { images: { dtype: "uint8", shape: [IMAGE_SUBMISSION_COUNT, 28, 28], data: bytesToBase64(images) } };
    assert.equal(rbmDigits.submissionSchema.safeParse(body).success, true);
    assert.equal(rbmDigits.submissionSchema.safeParse({ images: { ...body.images, shape: [999, 28, 28] } }).success, false);
    const preview = rbmDigits.preview(rbmDigits.submissionSchema.parse(body)) as { digits: { count: number; data: string } };
    assert.equal(preview.digits.count, 16);
    assert.deepEqual(base64ToBytes(preview.digits.data), images.subarray(0, 16 * DIGIT_PIXELS));
  });
});
