/**
 * Exercise "gibbs-bm" (module "boltzmann-machines"): Gibbs-sample the lecture's 3-unit fully
 * visible Boltzmann machine (errata 6 and 7) and compare the visited states' frequencies with the
 * exact p(x), known by enumerating all 8 states (lib/ml/sampling/boltzmann.ts). Browser-safe: its
 * scorer is server.ts.
 */
import { z } from "zod";
import { LECTURE_BM, exactDistribution } from "@/lib/ml/sampling/boltzmann";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";

export const GIBBS_BM_SAMPLE_COUNT = 10_000;
export const GIBBS_BM_UNITS = 3;
/** The exact p(x) over the 8 states, and Z. */
export const GIBBS_BM_EXACT = exactDistribution(LECTURE_BM);
export const GIBBS_BM_MAX_BURN_IN = 1_000_000;
export const GIBBS_BM_MAX_THIN = 1000;

const unit = z
  .number({
    error: (issue) =>
      issue.input === null
        ? "is not a number (NaN and Infinity cannot be sent as JSON)"
        : typeof issue.input === "number"
          ? "is not a finite number"
          : "is not a number",
  })
  .refine((v) => v === 1 || v === -1, "must be -1 or +1");

export const gibbsBmSubmissionSchema = z.object({
  samples: z
    .array(z.tuple([unit, unit, unit], { error: "must be a triple [x1, x2, x3] of -1/+1 values" }), {
      error: (issue) => (issue.input === undefined ? "is missing" : "must be a list of [x1, x2, x3] triples"),
    })
    .refine((list) => list.length === GIBBS_BM_SAMPLE_COUNT, {
      // A refinement, not .length(): zod 4 would also length-check a string sent instead of a list.
      error: (issue) => `must contain exactly ${GIBBS_BM_SAMPLE_COUNT} states (got ${(issue.input as unknown[]).length})`,
    }),
});
export type GibbsBmSubmission = z.infer<typeof gibbsBmSubmissionSchema>;

export const gibbsBmConfigSchema = z
  .object({
    /** Sweeps (one update of each unit, in order) discarded first. */
    burnIn: z.number().int().min(0).max(GIBBS_BM_MAX_BURN_IN),
    /** Sweeps per kept state; total sweeps = burnIn + 10,000 · thin. */
    thin: z.number().int().min(1).max(GIBBS_BM_MAX_THIN),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict();
export type GibbsBmConfig = z.infer<typeof gibbsBmConfigSchema>;

// The chain crosses between its two big states (−1, 1, 1) and (1, −1, −1) only through improbable
// ones, so consecutive sweeps are strongly correlated: thinning by 10 (101,000 sweeps, instant in a
// browser) keeps the KL near the iid level of ~(8 − 1)/(2·10,000) ≈ 3.5e-4 nats.
export const DEFAULT_GIBBS_BM_CONFIG: GibbsBmConfig = { burnIn: 1000, thin: 10, seed: 1 };

export interface GibbsBmMetrics {
  /** Σ_{x: q(x) > 0} q(x) ln(q(x)/p(x)) in nats, q = empirical frequencies. */
  klEmpiricalToExact: number;
  /** ½ Σ_x |q(x) − p(x)|. */
  tvDistance: number;
}

export const gibbsBmSpec: ExerciseSpec<GibbsBmSubmission, GibbsBmMetrics> = {
  slug: "gibbs-bm",
  title: "Gibbs sampling a Boltzmann machine",
  moduleSlug: "boltzmann-machines",
  summary:
    "Gibbs-sample the lecture's 3-unit Boltzmann machine, resampling one unit at a time from p(x_i = +1 | rest) = σ(2(Σ_j W_ij x_j + b_i)), and submit 10,000 states; the closer their frequencies are to the exact p(x), the better.",
  dataset: {
    name: "Lecture fully visible Boltzmann machine",
    description: `Units x_i ∈ {−1, +1}, W12 = −1, W13 = −1, W23 = 2, b2 = 1 (others 0); E(x) = −Σ_{i<j} W_ij x_i x_j − bᵀx, p(x) = exp(−E(x))/Z, Z = ${GIBBS_BM_EXACT.Z.toFixed(3)} (errata 6 and 7).`,
  },
  modelFamily: "Markov chain Monte Carlo (Gibbs sampling)",
  defaultHyperparameters: DEFAULT_GIBBS_BM_CONFIG,
  submissionSchema: gibbsBmSubmissionSchema,
  submissionShape: `{"samples": [[x1, x2, x3], …]} with exactly ${GIBBS_BM_SAMPLE_COUNT} states, each unit -1 or +1`,
  configSchema: gibbsBmConfigSchema,
  configLabels: {
    burnIn: { label: "Burn-in", unit: "sweeps", hint: "Sweeps (one update of each unit) discarded first." },
    thin: { label: "Thinning", unit: "sweeps", hint: "Sweeps per kept state: keep every n-th." },
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server: "The server compares the frequencies of your states with the exact distribution, known by enumerating all 8 states.",
    browserEstimate: "Your browser computes the same numbers from the same states, so both should agree.",
  },
  metrics: [
    {
      key: "klEmpiricalToExact",
      label: "KL(q‖p)",
      better: "lower",
      digits: 5,
      meaning: "How far your chain's state frequencies are from the exact distribution, in nats: 0 is exact.",
      references: [
        { value: 0.0007, label: "10,000 independent exact draws (sampling noise)" },
        { value: 0.0024, label: "the default chain (worst of 20 seeds)" },
        { value: 0.15, label: "a chain stuck in the likeliest state" },
        { value: 0.35, label: "the factor 2 forgotten in σ(2(Wx + b))" },
      ],
      description:
        "KL divergence in nats from the empirical state frequencies q to the exact p(x), over the states you visited; ~0.00035 is typical of 10,000 independent draws.",
    },
    {
      key: "tvDistance",
      label: "TV distance",
      better: "lower",
      digits: 4,
      meaning: "The largest difference in probability your frequencies give any set of states: 0 is exact.",
      references: [
        { value: 0.005, label: "10,000 independent exact draws" },
        { value: 0.14, label: "a chain stuck in the likeliest state" },
      ],
      description: "Total variation ½ Σ_x |q(x) − p(x)| over the 8 states.",
    },
  ],
  rankedBy: ["klEmpiricalToExact"],
  rankingRule: "KL(empirical ‖ exact) (lower is better).",
  // The default chain scores 0.0001–0.0024 over seeds 1–20 (every sweep kept: up to 0.009); the factor 2 in
  // σ(2(Σ W x + b)) forgotten 0.35, a chain stuck in the likeliest state 0.15.
  defaultGrading: { kind: "linear", metric: "klEmpiricalToExact", full: 0.0025, zero: 0.05 },
  // The 8 state frequencies are all the score reads: a classmate could submit them as they are.
  previewShows: "parameters",
  // "[-1,-1,-1]," is 11 bytes: ≤ 110 KB compact, but JSON indented by 2 puts every unit on its own
  // line (~40 bytes per state, ~400 KB), so 448 KB.
  limits: { samplesPerSubmission: GIBBS_BM_SAMPLE_COUNT, submissionsPerDay: 20, maxBodyBytes: 448 * 1024 },
};
