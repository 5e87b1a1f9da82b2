/**
 * Exercise "gan-digits" (module "gan"): an MLP GAN trained on digits; 1,000 generated digits are
 * scored by the digit evaluator (FID and classifier score, lib/exercises/digit-images.ts).
 * Browser-safe: its scorer is server.ts. Its page (Trainer.tsx) also serves cgan-digits.
 */
import { imageSamplesSpec, type ImageSamplesSubmission, type SampleMetrics } from "@/lib/exercises/digit-images";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { DEFAULT_DIGIT_GAN_CONFIG, digitGanConfigSchema } from "@/lib/ml/configs/digit-gan";

/** The digit GAN's settings in words: this exercise's and cgan-digits' (one model, one page). */
export const DIGIT_GAN_CONFIG_LABELS: NonNullable<ExerciseSpec["configLabels"]> = {
  conditional: { label: "Conditional GAN", hint: "G and D also see the digit's label." },
  labelScale: { label: "Label strength", hint: "Size of the label's one-hot entry (conditional GAN only)." },
  noiseDim: SHARED_CONFIG_LABELS.noiseDim,
  generatorWidth: { label: "Generator width", unit: "units", hint: "Units per hidden layer of G." },
  discriminatorWidth: { label: "Discriminator width", unit: "units", hint: "Units per hidden layer of D." },
  depth: { label: "Hidden layers", hint: "In each network." },
  generatorLr: SHARED_CONFIG_LABELS.generatorLr,
  discriminatorLr: SHARED_CONFIG_LABELS.discriminatorLr,
  beta1: { label: "Adam β₁", hint: "Momentum of both networks' Adam." },
  batchSize: SHARED_CONFIG_LABELS.batchSize,
  dSteps: SHARED_CONFIG_LABELS.dSteps,
  seed: SHARED_CONFIG_LABELS.seed,
};

export const ganDigitsSpec: ExerciseSpec<ImageSamplesSubmission, SampleMetrics> = imageSamplesSpec({
  slug: "gan-digits",
  title: "GAN on digits",
  moduleSlug: "gan",
  summary: "Train a generator and a discriminator against each other on handwritten digits until the fakes pass, then submit 1,000 generated digits.",
  modelFamily: "GAN (MLP generator and discriminator)",
  defaultHyperparameters: DEFAULT_DIGIT_GAN_CONFIG,
  configSchema: digitGanConfigSchema,
  configLabels: DIGIT_GAN_CONFIG_LABELS,
  // The default config scores 48 after the page's 3,000 iterations, 155 after 1,000; untrained 451.
  defaultRun: { value: 48, label: "the default GAN after 3,000 iterations" },
  defaultGrading: { kind: "linear", metric: "fid", full: 40, zero: 200 },
});
