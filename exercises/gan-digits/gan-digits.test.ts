// gan-digits: the image tensor every digit exercise shares (digitImagesSchema), refused with a sentence naming the field, and its preview.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { defineExercise, type ExerciseDefinition } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { bytesToBase64, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { ganDigitsScorer } from "./server";
import { ganDigitsSpec } from "./spec";

const ganDigits = defineExercise(ganDigitsSpec, ganDigitsScorer);

const tensor = (bytes: Uint8Array, n = bytes.length / DIGIT_PIXELS) => ({ dtype: "uint8", shape: [n, 28, 28], data: bytesToBase64(bytes) });

function refusal(definition: ExerciseDefinition<any, any>, body: unknown): string {
  const parsed = definition.submissionSchema.safeParse(body);
  assert.equal(parsed.success, false, "expected the body to be refused");
  return describeValidationError(parsed.error!, body);
}

describe("image submissions", () => {
  const test1000 = loadMnistSplit("test");
  const good = { images: tensor(test1000.images) };

  test("a well-formed body passes", () => {
    assert.equal(ganDigits.submissionSchema.safeParse(good).success, true);
  });
  test("bad tensors are refused with a sentence naming the field", () => {
    assert.match(refusal(ganDigits, { images: { ...good.images, dtype: "float32" } }), /images\.dtype.*"uint8"/);
    assert.match(refusal(ganDigits, { images: { ...good.images, shape: [999, 28, 28] } }), /images\.shape.*\[1000, 28, 28\]/);
    assert.match(refusal(ganDigits, { images: { ...good.images, data: good.images.data.slice(0, 400) } }), /784,000 bytes.*400 characters/);
    assert.match(refusal(ganDigits, { images: { ...good.images, data: "*".repeat(good.images.data.length) } }), /not base64/);
    assert.match(refusal(ganDigits, { images: { ...good.images, data: 42 } }), /base64 string/);
    assert.match(refusal(ganDigits, { samples: [] }), /images|samples/);
  });
  test("previews are 16 images, small enough for a leaderboard row", () => {
    const preview = ganDigits.preview(good as never) as { digits: { count: number; data: string } };
    assert.equal(preview.digits.count, 16);
    assert.equal(Buffer.from(preview.digits.data, "base64").length, 16 * DIGIT_PIXELS);
  });
});
