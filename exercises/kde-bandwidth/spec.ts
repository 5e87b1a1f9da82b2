/**
 * Exercise "kde-bandwidth" (module "non-parametric-density-estimation"): choose the bandwidth of a
 * Gaussian-kernel Parzen window on penguin body mass (kg). The KDE is built on the 256 training
 * masses and scored by the mean log-likelihood of the 86 held-out masses (server-only).
 * Browser-safe: its scorer and the body-mass loaders are server.ts.
 */
import { z } from "zod";
import type { MeanLogLikelihoodMetrics } from "@/exercises/mle-gaussian/spec";
import { PENGUIN_HELDOUT_SIZE, PENGUIN_SPLIT_SEED, PENGUIN_TRAIN_SIZE } from "@/lib/datasets/penguins";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { fmt, readNumber, schemaFromChecks } from "@/lib/ml/density/checks";

/** Bandwidth limits in kg: below the minimum the score would stop being a finite number. */
export const KDE_MIN_BANDWIDTH = 1e-4;
export const KDE_MAX_BANDWIDTH = 100;
/** The browser's starting bandwidth (kg): deliberately too wide; Silverman's rule gives ≈ 0.231. */
export const KDE_INITIAL_BANDWIDTH = 0.5;

export interface KdeBandwidthSubmission {
  bandwidth: number;
}

export const kdeBandwidthSubmissionSchema = schemaFromChecks<KdeBandwidthSubmission>((body, report) => {
  const h = readNumber(body.bandwidth, "bandwidth", report);
  if (h === null) return null;
  if (h <= 0) {
    report("bandwidth", `must be greater than 0 (it is ${fmt(h)})`);
    return null;
  }
  if (h < KDE_MIN_BANDWIDTH || h > KDE_MAX_BANDWIDTH) {
    report("bandwidth", `is ${fmt(h)} kg; it must be between ${KDE_MIN_BANDWIDTH} and ${KDE_MAX_BANDWIDTH} kg`);
    return null;
  }
  return { bandwidth: h };
}, '{"bandwidth": 0.25}');

export const kdeBandwidthConfigSchema = z
  .object({
    bandwidth: z.number().refine(Number.isFinite, "must be a finite number").gt(0),
    /** How the student chose it: by hand, by leave-one-out likelihood on the training split, or Silverman's rule. */
    selection: z.enum(["manual", "leave-one-out", "silverman"]),
  })
  .strict();
export type KdeBandwidthConfig = z.infer<typeof kdeBandwidthConfigSchema>;

export const DEFAULT_KDE_BANDWIDTH_CONFIG: KdeBandwidthConfig = { bandwidth: KDE_INITIAL_BANDWIDTH, selection: "manual" };

export const kdeBandwidthSpec: ExerciseSpec<KdeBandwidthSubmission, MeanLogLikelihoodMetrics> = {
  slug: "kde-bandwidth",
  title: "Choosing a Parzen-window bandwidth",
  moduleSlug: "non-parametric-density-estimation",
  summary:
    "A Gaussian-kernel density estimate of penguin body mass is only as good as its bandwidth: too narrow and it memorises the training penguins, too wide and it blurs the species together. Choose the bandwidth h and submit it.",
  dataset: {
    name: "Palmer penguins: body mass (kg)",
    description: `"Body Mass (g)" of the 342 complete rows of vega-datasets' penguins.json, in kg, with the same seeded split as the other penguin exercises (mulberry32, seed ${PENGUIN_SPLIT_SEED}): the KDE is built on the ${PENGUIN_TRAIN_SIZE} training penguins and scored on the ${PENGUIN_HELDOUT_SIZE} held-out ones, which only the server sees.`,
  },
  modelFamily: "Kernel density estimate (Parzen window, Gaussian kernel)",
  defaultHyperparameters: DEFAULT_KDE_BANDWIDTH_CONFIG,
  submissionSchema: kdeBandwidthSubmissionSchema,
  submissionShape: `{"bandwidth": h} with h in kg, ${KDE_MIN_BANDWIDTH} ≤ h ≤ ${KDE_MAX_BANDWIDTH}`,
  configSchema: kdeBandwidthConfigSchema,
  configLabels: {
    bandwidth: { label: "Bandwidth h", unit: "kg", hint: "Standard deviation of each Gaussian kernel." },
    selection: { label: "How h was chosen", hint: "By hand, by leave-one-out likelihood on the training split, or by Silverman's rule." },
  },
  howScored: {
    server:
      "The server builds the KDE of the training masses with your bandwidth and scores it on the held-out penguins, which never leave the server. In a course the held-out set is split in two: the leaderboard ranks the public half live; the private half is revealed at the due date.",
  },
  metrics: [
    {
      key: "meanLogLikelihood",
      label: "Held-out log-likelihood",
      better: "higher",
      digits: 4,
      meaning: "How probable the held-out body masses are under your KDE, per penguin: higher means the bandwidth generalises better.",
      references: [
        { value: -1.18, label: "Silverman's rule (0.23 kg)" },
        { value: -1.23, label: "the page's starting bandwidth (0.5 kg)" },
        { value: -1.29, label: "one Gaussian instead of a KDE" },
        { value: -1.4, label: "h = 0.05 kg or 1 kg" },
      ],
      description: `Mean log-density of the held-out body masses under the Gaussian KDE of the ${PENGUIN_TRAIN_SIZE} training masses with the submitted bandwidth, in nats per penguin (masses in kg).`,
    },
  ],
  rankedBy: ["meanLogLikelihood"],
  rankingRule: "Held-out mean log-likelihood (higher is better).",
  // Silverman's 0.23 kg and the leave-one-out 0.175 kg score −1.18 and −1.19; the page's deliberately wide
  // 0.5 kg −1.23 (a third of the points); one Gaussian −1.29, h = 0.05 or 1 kg about −1.40.
  defaultGrading: { kind: "linear", metric: "meanLogLikelihood", full: -1.2, zero: -1.25 },
  previewShows: "parameters",
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: 32 * 1024 },
};
