/**
 * Exercise "gan-digits" (module "gan"): an MLP GAN trained on digits; 1,000 generated digits are
 * scored by the digit evaluator (FID and classifier score, lib/exercises/digit-images.ts).
 * Browser-safe: its scorer is server.ts. Its page (Trainer.tsx) also serves cgan-digits.
 */
import { imageSamplesSpec, type ImageSamplesSubmission, type SampleMetrics } from "@/lib/exercises/digit-images";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { DEFAULT_DIGIT_GAN_CONFIG, digitGanConfigSchema } from "@/lib/ml/configs/digit-gan";

export const ganDigitsSpec: ExerciseSpec<ImageSamplesSubmission, SampleMetrics> = imageSamplesSpec({
  slug: "gan-digits",
  title: "GAN on digits",
  moduleSlug: "gan",
  summary: "Train a generator and a discriminator against each other on handwritten digits until the fakes pass, then submit 1,000 generated digits.",
  modelFamily: "GAN (MLP generator and discriminator)",
  defaultHyperparameters: DEFAULT_DIGIT_GAN_CONFIG,
  configSchema: digitGanConfigSchema,
  // The default config scores 48 after the page's 3,000 iterations, 155 after 1,000; untrained 451.
  defaultRun: { value: 48, label: "the default GAN after 3,000 iterations" },
  defaultGrading: { kind: "linear", metric: "fid", full: 40, zero: 200 },
});
