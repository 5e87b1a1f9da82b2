// The server part of adversarial-digits: the budget check against the original digits, then the evaluator CNN on the perturbed ones.
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { digitEvaluator } from "@/lib/datasets/digit-evaluator";
import { decodeDigitImages } from "@/lib/exercises/digit-images-scoring";
import { digitPreview } from "@/lib/exercises/digit-images";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { base64ToBytes, DIGIT_CLASSES, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { predictedClasses } from "@/lib/ml/metrics/images";
import { ADVERSARIAL_COUNT, adversarialImagesSchema, type AdversarialMetrics, type AdversarialSubmission, findBudgetViolation } from "./spec";

/** The digits to attack: the first 200 validation digits and their labels. */
export function adversarialTargets() {
  const v = loadMnistSplit("validation");
  return { images: v.images.subarray(0, ADVERSARIAL_COUNT * DIGIT_PIXELS), labels: v.labels.subarray(0, ADVERSARIAL_COUNT) };
}

/** The spec's schema with the budget checked on every pixel against the original digits (which only the server loads). */
export const adversarialSubmissionSchema = adversarialImagesSchema.superRefine((body, ctx) => {
  const bytes = base64ToBytes(body.images.data);
  if (!bytes) return void ctx.addIssue({ code: "custom", path: ["images", "data"], message: "is not valid base64" });
  const violation = findBudgetViolation(bytes, adversarialTargets().images);
  if (violation) ctx.addIssue({ code: "custom", path: ["images"], message: `exceed the budget: ${violation}` });
});

export const adversarialDigitsScorer: ExerciseScorer<AdversarialSubmission, AdversarialMetrics, Promise<AdversarialMetrics>> = {
  // Form and budget (the spec's schema checks the form only: the original digits stay on the server).
  submissionSchema: adversarialSubmissionSchema,
  score: async (s) => {
    const perturbed = decodeDigitImages(s.images);
    const targets = adversarialTargets();
    // Checked again here, not only by the schema: whatever path hands a body to the scorer, no budget is bypassed.
    const violation = findBudgetViolation(perturbed, targets.images);
    if (violation) throw new RangeError(`The images exceed the budget: ${violation}`);
    const { probabilities } = await (await digitEvaluator()).evaluate(perturbed, ADVERSARIAL_COUNT);
    const predicted = predictedClasses(probabilities, ADVERSARIAL_COUNT, DIGIT_CLASSES);
    let fooled = 0;
    for (let i = 0; i < ADVERSARIAL_COUNT; i++) if (predicted[i] !== targets.labels[i]) fooled++;
    let change = 0;
    for (let i = 0; i < perturbed.length; i++) change += Math.abs(perturbed[i] - targets.images[i]) / 255;
    return { fooledFraction: fooled / ADVERSARIAL_COUNT, meanPerturbation: change / perturbed.length };
  },
  preview: (s) => digitPreview(s.images),
};
