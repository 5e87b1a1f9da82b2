// cgan-digits: the labels beside the images (count, range, at least 10 of each digit), and intra-class FID, which labelled noise
// and shuffled labels cannot game.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { digitEvaluator } from "@/lib/datasets/digit-evaluator";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise, type ExerciseDefinition } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { bytesToBase64, DIGIT_CLASSES, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { predictedClasses } from "@/lib/ml/metrics/images";
import { mulberry32 } from "@/lib/ml/random";
import { cganDigitsScorer } from "./server";
import { cganDigitsSpec } from "./spec";

const cganDigits = defineExercise(cganDigitsSpec, cganDigitsScorer);

const tensor = (bytes: Uint8Array, n = bytes.length / DIGIT_PIXELS) => ({ dtype: "uint8", shape: [n, 28, 28], data: bytesToBase64(bytes) });

function refusal(definition: ExerciseDefinition<any, any>, body: unknown): string {
  const parsed = definition.submissionSchema.safeParse(body);
  assert.equal(parsed.success, false, "expected the body to be refused");
  return describeValidationError(parsed.error!, body);
}

describe("conditional image submissions", () => {
  const test1000 = loadMnistSplit("test");
  const good = { images: tensor(test1000.images) };

  test("conditional labels: count and range", () => {
    const labels = Array.from({ length: 1000 }, (_, i) => i % 10);
    assert.equal(cganDigits.submissionSchema.safeParse({ ...good, labels }).success, true);
    assert.match(refusal(cganDigits, { ...good, labels: labels.slice(1) }), /exactly 1000 labels/);
    assert.match(refusal(cganDigits, { ...good, labels: labels.map((l, i) => (i === 5 ? 10 : l)) }), /labels: entry 6.*above 9/);
    assert.match(refusal(cganDigits, { ...good, labels: labels.map((l, i) => (i === 7 ? 2.5 : l)) }), /labels: entry 8.*whole number/);
    const fewThrees = labels.map((l, i) => (l === 3 && i >= 90 ? 4 : l)); // nine 3s
    assert.match(refusal(cganDigits, { ...good, labels: fewThrees }), /"labels" must contain each digit 0–9 at least 10 times .*; 3 appears 9 times\.$/);
  });
  test("cgan: real test digits with their true labels are almost all recognised", async () => {
    const labels = Array.from(test1000.labels);
    const metrics = await cganDigits.score({ images: good.images, labels } as never);
    assert.ok(metrics.conditionalAccuracy >= 0.97, String(metrics.conditionalAccuracy));
    assert.ok(metrics.intraClassFid < 1e-3, `the reference's own classes: ${metrics.intraClassFid}`);
    const shuffled = labels.map((l) => (l + 1) % 10);
    assert.ok((await cganDigits.score({ images: good.images, labels: shuffled } as never)).conditionalAccuracy < 0.05);
  });
  test("cgan: labelled noise and shuffled labels rank far below real digits by intra-class FID", async () => {
    const validation = loadMnistSplit("validation");
    const real = await cganDigits.score({ images: tensor(validation.images), labels: Array.from(validation.labels) } as never);
    const rng = mulberry32(5);
    const shuffledLabels = Array.from(validation.labels);
    for (let i = shuffledLabels.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [shuffledLabels[i], shuffledLabels[j]] = [shuffledLabels[j], shuffledLabels[i]];
    }
    const shuffled = await cganDigits.score({ images: tensor(validation.images), labels: shuffledLabels } as never);

    // Blobs (7 × 7 cells of 4 pixels, on or off) labelled with the evaluator's own predictions, the
    // few labels it never predicts given to the blobs it finds likeliest to be them (10 of each are required).
    const n = 1000;
    const blobs = new Uint8Array(n * DIGIT_PIXELS);
    for (let i = 0; i < n; i++) {
      const density = 0.05 + 0.5 * rng();
      const cells = Array.from({ length: 49 }, () => (rng() < density ? 255 : 0));
      for (let p = 0; p < DIGIT_PIXELS; p++) blobs[i * DIGIT_PIXELS + p] = cells[Math.floor(p / 112) * 7 + Math.floor((p % 28) / 4)];
    }
    const { probabilities } = await (await digitEvaluator()).evaluate(blobs, n);
    const noiseLabels = Array.from(predictedClasses(probabilities, n, DIGIT_CLASSES));
    const count = (c: number) => noiseLabels.filter((l) => l === c).length;
    for (let c = 0; c < DIGIT_CLASSES; c++)
      while (count(c) < 10) {
        let best = -1;
        for (let i = 0; i < n; i++) if (count(noiseLabels[i]) > 10 && (best < 0 || probabilities[i * 10 + c] > probabilities[best * 10 + c])) best = i;
        noiseLabels[best] = c;
      }
    const noise = await cganDigits.score({ images: tensor(blobs), labels: noiseLabels } as never);

    assert.ok(real.intraClassFid < 15, `real digits: ${real.intraClassFid}`);
    assert.ok(noise.conditionalAccuracy >= 0.95, `the noise's labels are the evaluator's own: ${noise.conditionalAccuracy}`);
    assert.ok(noise.intraClassFid > 10 * real.intraClassFid, `noise ${noise.intraClassFid} vs real ${real.intraClassFid}`);
    assert.ok(shuffled.intraClassFid > 10 * real.intraClassFid, `shuffled ${shuffled.intraClassFid} vs real ${real.intraClassFid}`);
    // Ranked first by intra-class FID, so the noise's perfect conditional accuracy does not lift it.
    assert.ok(rankKeysOf(cganDigits, noise)[1] > rankKeysOf(cganDigits, real)[1]);
  });
  test("the preview is the first 16 images with their labels", () => {
    const labels = Array.from(test1000.labels);
    const preview = cganDigits.preview({ images: good.images, labels } as never) as { digits: { count: number; data: string }; labels: number[] };
    assert.equal(preview.digits.count, 16);
    assert.equal(Buffer.from(preview.digits.data, "base64").length, 16 * DIGIT_PIXELS);
    assert.deepEqual(preview.labels, labels.slice(0, 16));
  });
});
