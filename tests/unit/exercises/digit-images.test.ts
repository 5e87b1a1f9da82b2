import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { ADVERSARIAL_COUNT, ADVERSARIAL_MAX_LEVELS, adversarialDigits, adversarialTargets } from "../../../lib/exercises/adversarial-digits";
import { digitEvaluator } from "../../../lib/datasets/digit-evaluator";
import { cganDigits, ganDigits } from "../../../lib/exercises/digit-generators";
import { rankKeysOf } from "../../../lib/exercises/ranking";
import { describeValidationError } from "../../../lib/exercises/validation";
import { bytesToBase64, DIGIT_CLASSES, DIGIT_PIXELS } from "../../../lib/ml/datasets/digits";
import { predictedClasses } from "../../../lib/ml/metrics/images";
import { mulberry32 } from "../../../lib/ml/random";
import type { ExerciseDefinition } from "../../../lib/exercises/types";

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
  test("previews are 16 images, small enough for a leaderboard row", () => {
    const preview = ganDigits.preview(good as never) as { digits: { count: number; data: string } };
    assert.equal(preview.digits.count, 16);
    assert.equal(Buffer.from(preview.digits.data, "base64").length, 16 * DIGIT_PIXELS);
  });
});

describe("adversarial-digits", () => {
  const targets = adversarialTargets();
  test("the untouched digits fool the evaluator rarely; the budget is enforced pixel by pixel", async () => {
    const clean = { images: tensor(Uint8Array.from(targets.images)) };
    assert.equal(adversarialDigits.submissionSchema.safeParse(clean).success, true);
    const metrics = await adversarialDigits.score(clean as never);
    assert.ok(metrics.fooledFraction <= 0.05, String(metrics.fooledFraction));
    assert.equal(metrics.meanPerturbation, 0);

    const within = Uint8Array.from(targets.images, (v) => (v >= 128 ? v - ADVERSARIAL_MAX_LEVELS : v + ADVERSARIAL_MAX_LEVELS));
    assert.equal(adversarialDigits.submissionSchema.safeParse({ images: tensor(within) }).success, true);

    const beyond = Uint8Array.from(within);
    const at = 3 * DIGIT_PIXELS + 5 * 28 + 9; // image 4, row 6, column 10
    beyond[at] = targets.images[at] >= 128 ? targets.images[at] - ADVERSARIAL_MAX_LEVELS - 1 : targets.images[at] + ADVERSARIAL_MAX_LEVELS + 1;
    assert.match(refusal(adversarialDigits, { images: tensor(beyond) }), /image 4, pixel \(row 6, column 10\) changed by 0\.10[0-9], more than ε = 0\.1/);
    assert.match(refusal(adversarialDigits, { images: tensor(targets.images.slice(0, 100 * DIGIT_PIXELS)) }), /\[200, 28, 28\]/);
  });
  test(`a perturbation that erases the ink of all ${ADVERSARIAL_COUNT} digits is scored by the evaluator`, async () => {
    const faded = Uint8Array.from(targets.images, (v) => Math.max(0, v - ADVERSARIAL_MAX_LEVELS));
    const metrics = await adversarialDigits.score({ images: tensor(faded) } as never);
    assert.ok(metrics.fooledFraction >= 0 && metrics.fooledFraction <= 1);
    assert.ok(metrics.meanPerturbation > 0 && metrics.meanPerturbation <= ADVERSARIAL_MAX_LEVELS / 255);
  });
});
