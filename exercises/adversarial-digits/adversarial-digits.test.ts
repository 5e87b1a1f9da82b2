// adversarial-digits: the L∞ budget, checked pixel by pixel by the server's schema (server.ts: it needs the original digits),
// and the evaluator's verdict on the perturbed digits.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { defineExercise, type ExerciseSpec } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { bytesToBase64, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { adversarialDigitsScorer, adversarialTargets } from "./server";
import { ADVERSARIAL_COUNT, ADVERSARIAL_MAX_LEVELS, adversarialDigitsSpec } from "./spec";

const adversarialDigits = defineExercise(adversarialDigitsSpec, adversarialDigitsScorer);

const tensor = (bytes: Uint8Array, n = bytes.length / DIGIT_PIXELS) => ({ dtype: "uint8", shape: [n, 28, 28], data: bytesToBase64(bytes) });

function refusal(definition: Pick<ExerciseSpec<any, any>, "submissionSchema">, body: unknown): string {
  const parsed = definition.submissionSchema.safeParse(body);
  assert.equal(parsed.success, false, "expected the body to be refused");
  return describeValidationError(parsed.error!, body);
}

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
    // The browser-safe spec checks the tensor's form only: the budget needs the originals, which only the server loads.
    assert.equal(adversarialDigitsSpec.submissionSchema.safeParse({ images: tensor(beyond) }).success, true);
    assert.match(refusal(adversarialDigitsSpec, { images: tensor(targets.images.slice(0, 100 * DIGIT_PIXELS)) }), /\[200, 28, 28\]/);
    // A body that skipped validation (another path to the scorer) is refused by the scorer itself.
    await assert.rejects(adversarialDigits.score({ images: tensor(beyond) } as never), /exceed the budget: image 4/);
  });
  test(`a perturbation that erases the ink of all ${ADVERSARIAL_COUNT} digits is scored by the evaluator`, async () => {
    const faded = Uint8Array.from(targets.images, (v) => Math.max(0, v - ADVERSARIAL_MAX_LEVELS));
    const metrics = await adversarialDigits.score({ images: tensor(faded) } as never);
    assert.ok(metrics.fooledFraction >= 0 && metrics.fooledFraction <= 1);
    assert.ok(metrics.meanPerturbation > 0 && metrics.meanPerturbation <= ADVERSARIAL_MAX_LEVELS / 255);
  });
});
