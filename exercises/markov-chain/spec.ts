/**
 * Exercise "markov-chain" (module "markov-chains-mcmc"): find the stationary distribution π = Pπ
 * of the lecture's column-stochastic 3-state chain (errata 3). Scored by the L1 distance to the
 * exact π, which is computed by a linear solve in lib/ml/sampling/markov-chain.ts.
 * Browser-safe: its scorer is server.ts.
 */
import { z } from "zod";
import type { ExerciseSpec } from "@/lib/exercises/types";

const STATES = 3;
const SUM_TOLERANCE = 1e-6;

const probability = z
  .number({
    error: (issue) =>
      issue.input === null
        ? "is not a number (NaN and Infinity cannot be sent as JSON)"
        : typeof issue.input === "number"
          ? "is not a finite number"
          : "is not a number",
  })
  .min(0, "must be non-negative (it is a probability)");

export const markovChainSubmissionSchema = z.object({
  pi: z
    .array(probability, { error: (issue) => (issue.input === undefined ? "is missing" : `must be a list of ${STATES} probabilities`) })
    .refine((list) => list.length === STATES, {
      // A refinement, not .length(): zod 4 would also length-check a string sent instead of a list.
      error: (issue) => `must contain exactly ${STATES} probabilities (got ${(issue.input as unknown[]).length})`,
    })
    .refine((pi) => pi.length !== STATES || Math.abs(pi.reduce((s, v) => s + v, 0) - 1) <= SUM_TOLERANCE, {
      error: (issue) => `must sum to 1 within ${SUM_TOLERANCE} (it sums to ${(issue.input as number[]).reduce((s, v) => s + v, 0)})`,
    }),
});
export type MarkovChainSubmission = z.infer<typeof markovChainSubmissionSchema>;

export const markovChainConfigSchema = z
  .object({
    /** How the student found π: repeated x ← Px, solving (P − I)π = 0 with Σπ = 1, or simulating one chain. */
    method: z.enum(["power-iteration", "linear-solve", "simulation"]),
    /** Multiplications (power iteration) or steps (simulation); ignored by linear-solve. */
    iterations: z.number().int().min(0).max(10_000_000),
  })
  .strict();

export interface MarkovChainMetrics {
  /** Σ_i |π_i − π*_i|, in [0, 2]. */
  l1Error: number;
}

export const markovChainSpec: ExerciseSpec<MarkovChainSubmission, MarkovChainMetrics> = {
  slug: "markov-chain",
  title: "Stationary distribution of a Markov chain",
  moduleSlug: "markov-chains-mcmc",
  summary:
    "Find the distribution π that the lecture's 3-state chain x_{t+1} = P x_t settles into (π = Pπ), by iterating the chain or by solving the linear system, and submit its three probabilities.",
  dataset: {
    name: "Lecture 3-state chain",
    description: "P = [[0, 0.1, 0], [0.3, 0.9, 0.4], [0.7, 0, 0.6]], column-stochastic: P[i][j] = P(next = i | now = j), each column sums to 1 (errata 3).",
  },
  modelFamily: "Markov chain",
  defaultHyperparameters: { method: "power-iteration", iterations: 100 },
  submissionSchema: markovChainSubmissionSchema,
  submissionShape: `{"pi": [π1, π2, π3]} with ${STATES} non-negative numbers summing to 1 (within ${SUM_TOLERANCE})`,
  configSchema: markovChainConfigSchema,
  configLabels: {
    method: {
      label: "Method",
      hint: "power-iteration: repeat x ← Px; linear-solve: solve (P − I)π = 0 with Σπ = 1; simulation: count the visits of one long chain.",
    },
    iterations: { label: "Iterations", unit: "steps", hint: "Multiplications (power iteration) or simulated steps; ignored by linear-solve." },
  },
  howScored: { server: "The server compares your distribution with the exact stationary distribution." },
  metrics: [
    {
      key: "l1Error",
      label: "L1 error",
      better: "lower",
      digits: 6,
      meaning: "How far your stationary distribution is from the exact one: 0 is exact.",
      references: [
        { value: 0.011, label: "10 power iterations or a 1,000-step simulation (or less)" },
        { value: 0.59, label: "a single power step" },
        { value: 0.9, label: "the uniform guess" },
      ],
      description: "Σ_i |π_i − π*_i| against the exact stationary distribution π* = (4/51, 40/51, 7/51).",
    },
  ],
  rankedBy: ["l1Error"],
  rankingRule: "L1 distance to the exact stationary distribution (lower is better).",
  // Solving, 10 power iterations or a 1,000-step simulation reach ≤ 0.011; one power step 0.59, the uniform guess 0.90.
  defaultGrading: { kind: "linear", metric: "l1Error", full: 0.01, zero: 0.5 },
  previewShows: "parameters",
  limits: { samplesPerSubmission: STATES, submissionsPerDay: 20, maxBodyBytes: 4 * 1024 },
};
