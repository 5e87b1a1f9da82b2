/**
 * Exercise "metropolis-2d" (module "markov-chains-mcmc"): random-walk Metropolis–Hastings on the
 * 2-D twisted-Gaussian "banana" of lib/ml/sampling/banana.ts. Scored by MMD² against exact
 * reference samples; the submitted acceptance rate is shown, not ranked. Browser-safe: its scorer is server.ts.
 */
import { z } from "zod";
import { BANANA, BANANA_MMD } from "@/lib/ml/sampling/banana";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";

export const METROPOLIS_2D_SAMPLE_COUNT = 5000;
const COORDINATE_LIMIT = 1000;

const coordinate = z
  .number({
    error: (issue) =>
      issue.input === null
        ? "is not a number (NaN and Infinity cannot be sent as JSON)"
        : typeof issue.input === "number"
          ? "is not a finite number"
          : "is not a number",
  })
  .refine((v) => Math.abs(v) <= COORDINATE_LIMIT, `is beyond ±${COORDINATE_LIMIT}`);

export const metropolis2dSubmissionSchema = z.object({
  samples: z
    .array(z.tuple([coordinate, coordinate], { error: "must be a pair [x, y]" }), {
      error: (issue) => (issue.input === undefined ? "is missing" : "must be a list of [x, y] pairs"),
    })
    .refine((list) => list.length === METROPOLIS_2D_SAMPLE_COUNT, {
      // A refinement, not .length(): zod 4 would also length-check a string sent instead of a list.
      error: (issue) => `must contain exactly ${METROPOLIS_2D_SAMPLE_COUNT} samples (got ${(issue.input as unknown[]).length})`,
    }),
  acceptanceRate: z
    .number({
      error: (issue) =>
        issue.input === undefined ? "is missing" : issue.input === null ? "is not a number (NaN and Infinity cannot be sent as JSON)" : "is not a number",
    })
    .min(0, "must be between 0 and 1 (accepted proposals / all proposals)")
    .max(1, "must be between 0 and 1 (accepted proposals / all proposals)"),
});
export type Metropolis2dSubmission = z.infer<typeof metropolis2dSubmissionSchema>;

export const metropolis2dConfigSchema = z
  .object({
    /** Standard deviation of the isotropic Gaussian random-walk proposal. */
    proposalStd: z.number().gt(0).max(100),
    /** Steps discarded before the first kept sample. */
    burnIn: z.number().int().min(0).max(1_000_000),
    /** Steps per kept sample; chain length = burnIn + 5,000 · thin. */
    thin: z.number().int().min(1).max(1000),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict();
export type Metropolis2dConfig = z.infer<typeof metropolis2dConfigSchema>;

// Measured with metropolisHastings2d (seed 3): step 1.5 accepts ~40% and, thinned by 10,
// gives MMD² within the exact sampler's noise (|MMD²| < 0.001).
export const DEFAULT_METROPOLIS_2D_CONFIG: Metropolis2dConfig = { proposalStd: 1.5, burnIn: 1000, thin: 10, seed: 1 };

export interface Metropolis2dMetrics {
  /** Unbiased MMD² against exact samples (≈ 0 is perfect; can be slightly negative). */
  mmd2: number;
  /** As submitted, in [0, 1]; not ranked. */
  acceptanceRate: number;
}

export const metropolis2dSpec: ExerciseSpec<Metropolis2dSubmission, Metropolis2dMetrics> = {
  slug: "metropolis-2d",
  title: "Metropolis–Hastings on a banana",
  moduleSlug: "markov-chains-mcmc",
  summary:
    "Run a random-walk Metropolis–Hastings chain on a banana-shaped 2-D density, tune its step size, and submit 5,000 samples with your acceptance rate; samples closer to the true density score better.",
  dataset: {
    name: "Twisted-Gaussian banana",
    description: `x ~ N(0, ${BANANA.sigmaX ** 2}), y | x ~ N(${BANANA.curvature}(x² − ${BANANA.sigmaX ** 2}), ${BANANA.sigmaY ** 2}): the 2-D twisted Gaussian of Haario, Saksman & Tamminen (1999), opening upward. log p(x, y) = −x²/${2 * BANANA.sigmaX ** 2} − (y − ${BANANA.curvature}(x² − ${BANANA.sigmaX ** 2}))²/2 − log(2π·${BANANA.sigmaX}).`,
  },
  modelFamily: "Markov chain Monte Carlo (random-walk Metropolis–Hastings)",
  defaultHyperparameters: DEFAULT_METROPOLIS_2D_CONFIG,
  submissionSchema: metropolis2dSubmissionSchema,
  submissionShape: `{"samples": [[x, y], …], "acceptanceRate": a} with exactly ${METROPOLIS_2D_SAMPLE_COUNT} finite pairs, |x|, |y| ≤ ${COORDINATE_LIMIT}, and 0 ≤ a ≤ 1`,
  configSchema: metropolis2dConfigSchema,
  configLabels: {
    proposalStd: { label: "Proposal standard deviation", hint: "Step size of the Gaussian random-walk proposal." },
    burnIn: { label: "Burn-in", unit: "steps", hint: "Steps discarded before the first kept sample." },
    thin: { label: "Thinning", unit: "steps", hint: "Steps per kept sample: keep every n-th step." },
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: { server: "The server compares every 10th state of your chain with a fixed sample from the exact banana." },
  metrics: [
    {
      key: "mmd2",
      label: "MMD²",
      better: "lower",
      digits: 4,
      meaning: "How far your chain's samples are from exact banana samples: 0 means indistinguishable.",
      references: [
        { value: 0, label: "the default chain (≈ 0)" },
        { value: 0.03, label: "a step size of 10" },
        { value: 0.16, label: "a Gaussian with the banana's moments" },
        { value: 0.18, label: "a step of 0.1 that barely moves" },
      ],
      description: `Unbiased MMD² of every ${BANANA_MMD.stride}th sample (${METROPOLIS_2D_SAMPLE_COUNT / BANANA_MMD.stride} points) against a fixed ${BANANA_MMD.referenceSize}-point exact sample, Gaussian kernels with bandwidths ${BANANA_MMD.bandwidths.join(", ")}; about ±0.001 is sampling noise.`,
    },
    {
      key: "acceptanceRate",
      label: "Acceptance",
      // Informational only (not ranked): neither direction is better; ~0.2–0.5 is typical of a tuned random walk.
      better: "higher",
      gradable: false,
      digits: 3,
      meaning: "The share of proposals your chain accepted: not ranked; between 0.2 and 0.5 is typical of a tuned random walk.",
      references: [
        { value: 0.5, label: "upper end of the typical range" },
        { value: 0.2, label: "lower end of the typical range" },
      ],
      description:
        "The acceptance rate you reported (accepted / proposed steps); shown for comparison, not ranked. Around 0.2–0.5 is typical of a well-tuned random walk.",
    },
  ],
  rankedBy: ["mmd2"],
  rankingRule: "MMD² to exact banana samples (lower is better); the acceptance rate is not ranked.",
  // The default chain scores ≈ 0 (unthinned 0.003, a step of 10: 0.03); a Gaussian with the banana's moments 0.16, a step of 0.1 that barely moves 0.18.
  defaultGrading: { kind: "linear", metric: "mmd2", full: 0.005, zero: 0.1 },
  previewShows: "samples",
  // Worst case ~(2 × 24 + 4) bytes per pair in compact JSON ≈ 260 KB; 384 KB leaves room for whitespace.
  limits: { samplesPerSubmission: METROPOLIS_2D_SAMPLE_COUNT, submissionsPerDay: 20, maxBodyBytes: 384 * 1024 },
};
