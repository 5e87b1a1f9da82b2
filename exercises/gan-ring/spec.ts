/**
 * Exercise "gan-ring" (module "gan"): a GAN on the 8-Gaussian ring, submitted as 2,000 samples and
 * scored by mode coverage, sample quality, mode balance and MMD². Browser-safe: its scorer is server.ts.
 */
import type { z } from "zod";
import { DEFAULT_GAN_CONFIG, ganConfigSchema } from "@/lib/ml/configs/gan";
import { RING } from "@/lib/ml/datasets/ring";
import { MMD_BANDWIDTHS, type RingMetrics } from "@/lib/ml/metrics/ring";
import { pointSamplesSchema } from "@/lib/exercises/point-samples";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";

export const GAN_RING_SAMPLE_COUNT = 2000;
const COORDINATE_LIMIT = 1000;

export const ganRingSubmissionSchema = pointSamplesSchema(GAN_RING_SAMPLE_COUNT, COORDINATE_LIMIT);
export type GanRingSubmission = z.infer<typeof ganRingSubmissionSchema>;
export type GanRingMetrics = RingMetrics;

export const ganRingSpec: ExerciseSpec<GanRingSubmission, GanRingMetrics> = {
  slug: "gan-ring",
  title: "GAN on the 8-Gaussian ring",
  moduleSlug: "gan",
  summary: "Train a generator to cover all eight modes of a ring of Gaussians without collapsing onto a few of them, then submit 2,000 samples.",
  dataset: {
    name: "8-Gaussian ring",
    description: `A mixture of ${RING.modes} Gaussians with centres on a circle of radius ${RING.radius} at angles 2πk/8 and standard deviation σ = ${RING.sigma} (the Unrolled-GAN and VEEGAN benchmark).`,
  },
  modelFamily: "GAN (MLP generator and discriminator)",
  defaultHyperparameters: DEFAULT_GAN_CONFIG,
  submissionSchema: ganRingSubmissionSchema,
  submissionShape: `{"samples": [[x, y], …]} with exactly ${GAN_RING_SAMPLE_COUNT} finite pairs, |x|, |y| ≤ ${COORDINATE_LIMIT}`,
  configSchema: ganConfigSchema,
  configLabels: {
    generatorLr: SHARED_CONFIG_LABELS.generatorLr,
    discriminatorLr: SHARED_CONFIG_LABELS.discriminatorLr,
    optimizer: { label: "Optimizer", hint: "adam, or SGD with momentum." },
    momentum: { label: "Momentum / Adam β₁", hint: "Adam's β₁, or the momentum of SGD." },
    dSteps: SHARED_CONFIG_LABELS.dSteps,
    loss: { label: "Generator loss", hint: "minimax: minimise log(1 − D(G(z))); non-saturating: maximise log D(G(z))." },
    hiddenWidth: { label: "Hidden width", unit: "units", hint: "Units per hidden layer." },
    depth: { label: "Hidden layers", hint: "In each network." },
    noiseDim: SHARED_CONFIG_LABELS.noiseDim,
    batchSize: { label: "Batch size", unit: "samples", hint: "Real and fake samples per step." },
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server: "The server scores your samples against the 8 known modes and a fixed 2,000-point reference sample.",
    browserEstimate: "Your browser runs the same scorer on the same samples, so both should agree (up to float32 rounding).",
  },
  metrics: [
    {
      key: "modesCovered",
      label: "Modes covered",
      better: "higher",
      digits: 0,
      meaning: "How many of the 8 Gaussians your samples reach: 8 means no mode collapse.",
      references: [
        { value: 8, label: "every mode (the goal)" },
        { value: 1, label: "a collapsed generator" },
      ],
      description: "Modes (of 8) that received at least 1% of the samples as high-quality samples.",
    },
    {
      key: "highQualityFraction",
      label: "High quality",
      better: "higher",
      digits: 3,
      meaning: "The share of your samples that lie close to some mode: higher means sharper samples.",
      references: [{ value: 0.989, label: "exact samples from the ring (within 3σ)" }],
      description: "Fraction of samples within 3σ of their nearest centre.",
    },
    {
      key: "modeKL",
      label: "Mode KL",
      better: "lower",
      digits: 3,
      meaning: "How unevenly your good samples spread over the modes: 0 means evenly.",
      references: [
        { value: 0, label: "exact samples (≈ 0)" },
        { value: 2.079, label: "every sample on one mode (log 8)" },
      ],
      description: "KL(q‖uniform) of the high-quality samples over the 8 modes; log 8 when none is high quality.",
    },
    {
      key: "mmd2",
      label: "MMD²",
      better: "lower",
      digits: 4,
      meaning: "How far your samples are from the ring as a whole: 0 means indistinguishable.",
      references: [{ value: 0, label: "exact samples (≈ 0)" }],
      description: `Unbiased MMD² against a fixed 2,000-point reference, Gaussian kernels with bandwidths ${MMD_BANDWIDTHS.join(", ")}.`,
    },
  ],
  rankedBy: ["modesCovered", "highQualityFraction", "modeKL"],
  rankingRule: "Modes covered (more is better), then high-quality fraction (higher), then mode KL (lower).",
  // All eight modes earn the points; two or fewer (a collapsed generator) none.
  defaultGrading: { kind: "linear", metric: "modesCovered", full: 8, zero: 2 },
  previewShows: "samples",
  // The browser's budget is 5,000 iterations; the pool trains the same model ten times longer.
  pool: { defaultSteps: 20_000, maxSteps: 50_000 },
  limits: { samplesPerSubmission: GAN_RING_SAMPLE_COUNT, submissionsPerDay: 20, maxBodyBytes: 256 * 1024 },
};
