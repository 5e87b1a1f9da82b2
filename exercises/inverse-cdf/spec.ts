/**
 * Exercise "inverse-cdf" (module "sampling"): turn uniforms into Laplace(0, 1) draws with the
 * inverse-CDF transform, x = F⁻¹(u). The uniforms are a challenge the server drew from a secret seed
 * (server/services/challenges.ts); each returned x is checked against its own uniform, |F(x_i) − u_i|,
 * so a fixed list (e.g. the quantiles F⁻¹((i − ½)/n), whose KS distance is tiny) cannot pass.
 * Browser-safe: its scorer and the challenge's uniforms are server.ts; the sandboxed worker program is sandbox.ts.
 */
import { z } from "zod";
import type { ExerciseSpec } from "@/lib/exercises/types";

/** Uniforms per challenge, and so samples per submission. */
export const INVERSE_CDF_SAMPLE_COUNT = 2000;
const SAMPLE_COUNT = INVERSE_CDF_SAMPLE_COUNT;
/** The largest |x| a submission may hold (the page's sandbox checks it too). */
export const INVERSE_CDF_VALUE_LIMIT = 1000;
const VALUE_LIMIT = INVERSE_CDF_VALUE_LIMIT;
/** Preview histogram: 48 bins of width 0.25 over [−6, 6] (holds all but e^−6 ≈ 0.25% of Laplace(0, 1)). */
export const INVERSE_CDF_PREVIEW_HISTOGRAM = { min: -6, max: 6, bins: 48 } as const;
/** Where the server serves the sandboxed worker program (sandbox.ts), which the page loads. */
export const INVERSE_CDF_SANDBOX_PATH = "/sandbox/inverse-cdf.js";

const number = z
  .number({
    error: (issue) =>
      issue.input === undefined
        ? "is missing"
        : issue.input === null
          ? "is not a number (NaN and Infinity cannot be sent as JSON)"
          : typeof issue.input === "number"
            ? "is not a finite number"
            : "is not a number",
  })
  .refine((v) => Math.abs(v) <= VALUE_LIMIT, `is beyond ±${VALUE_LIMIT}`);

export const inverseCdfSubmissionSchema = z.object({
  // Required by the server (submissions.ts refuses a body without one); absent in `genlab score`'s
  // offline files, which carry the uniforms themselves.
  challengeId: z.string({ error: "must be the id of a challenge (a string)" }).min(1, "must not be empty").max(64, "is too long").optional(),
  samples: z
    .array(number, { error: (issue) => (issue.input === undefined ? "is missing" : "must be a list of numbers") })
    .refine((list) => list.length === SAMPLE_COUNT, {
      // A refinement, not .length(): zod 4 would also length-check a string sent instead of a list.
      error: (issue) => `must contain exactly ${SAMPLE_COUNT} numbers (got ${(issue.input as unknown[]).length})`,
    }),
});
export type InverseCdfSubmission = z.infer<typeof inverseCdfSubmissionSchema>;

/** Nothing to configure: the uniforms come with the challenge. */
export const inverseCdfConfigSchema = z.object({}).strict();

export interface InverseCdfMetrics {
  /** max_i |F(x_i) − u_i| over the challenge's uniforms, in [0, 1]: ranked. */
  maxError: number;
  /** sup_x |F_n(x) − F(x)| against the Laplace(0, 1) CDF, in [0, 1]: shown, not ranked. */
  ksStatistic: number;
}

export const inverseCdfSpec: ExerciseSpec<InverseCdfSubmission, InverseCdfMetrics> = {
  slug: "inverse-cdf",
  title: "Inverse-CDF sampling: the Laplace distribution",
  moduleSlug: "sampling",
  summary:
    "Write a sampler that turns uniform random numbers into Laplace(0, 1) draws by inverting its CDF. The server hands out 2,000 uniforms (a fresh challenge each time); your code turns each u into x = F⁻¹(u), and the server checks every x against its own u.",
  dataset: {
    name: "Laplace(0, 1)",
    description: "Density p(x) = ½ e^{−|x|}; CDF F(x) = ½ e^x for x < 0 and 1 − ½ e^{−x} for x ≥ 0; inverse F⁻¹(u) = −sign(u − ½) ln(1 − 2|u − ½|).",
  },
  modelFamily: "Inverse transform sampling",
  defaultHyperparameters: {},
  submissionSchema: inverseCdfSubmissionSchema,
  submissionShape: `{"challengeId": "…", "samples": [x, …]}: the id that exercise.challenge returned with its ${SAMPLE_COUNT} uniforms, and exactly ${SAMPLE_COUNT} finite numbers, |x| ≤ ${VALUE_LIMIT}, samples[i] computed from uniforms[i]. \`genlab score\` takes {"uniforms": [u, …], "samples": [x, …]} instead`,
  configSchema: inverseCdfConfigSchema,
  configLabels: {},
  howScored: {
    server: "The server regenerates your challenge's uniforms from the seed it kept and checks each of your draws against its own uniform.",
    browserEstimate: "Your browser checks the same uniforms, so its numbers are the server's.",
  },
  metrics: [
    {
      key: "maxError",
      label: "Largest CDF error",
      better: "lower",
      digits: 6,
      description: `max_i |F(x_i) − u_i| over the challenge's ${SAMPLE_COUNT} uniforms u_i, where x_i is your sample for u_i and F the exact Laplace(0, 1) CDF: 0 when every x_i is F⁻¹(u_i). The exact inverse scores ≈ 3e-17 (rounding); a list not computed from these uniforms ≈ 1.`,
      meaning: "How far your worst draw is from the Laplace quantile of its own uniform, in probability: 0 is exact.",
      references: [
        { value: 3e-17, label: "the exact inverse CDF (either of its usual forms)" },
        { value: 0.062, label: "a Gaussian of the same variance, √2·Φ⁻¹(u)" },
        { value: 0.97, label: "samples not computed from these uniforms (e.g. the quantiles F⁻¹((i − ½)/n))" },
      ],
    },
    {
      key: "ksStatistic",
      label: "KS distance",
      better: "lower",
      gradable: false,
      digits: 4,
      meaning: "How far the spread of your samples is from Laplace(0, 1), whichever uniforms they came from: shown, not ranked.",
      references: [
        { value: 0.00025, label: "the quantiles F⁻¹((i − ½)/n), which are not random at all" },
        { value: 0.019, label: "2,000 correct draws, typically" },
        { value: 0.075, label: "a Gaussian of the same variance" },
      ],
      description: `Shown, not ranked: the Kolmogorov–Smirnov statistic sup_x |F_n(x) − F(x)| between the empirical CDF of the ${SAMPLE_COUNT} samples and the exact Laplace(0, 1) CDF; about 0.019 is typical for correct samples (those of the exact inverse have the KS distance of the challenge's own uniforms).`,
    },
  ],
  challenge: { count: SAMPLE_COUNT },
  rankedBy: ["maxError"],
  rankingRule: "Largest |F(x_i) − u_i| over the challenge's uniforms: how far the worst draw is from F⁻¹ of its own uniform (lower is better).",
  // The exact inverse scores the floor, 1e-12 (≈ 3e-17 in float64); √2·Φ⁻¹(u) (a Gaussian of the same variance) 0.062;
  // samples that ignore the uniforms ≈ 0.97.
  defaultGrading: { kind: "linear", metric: "maxError", full: 1e-6, zero: 0.05 },
  previewShows: "samples",
  // Worst case ~25 bytes per number in compact JSON (17 significant digits, sign, exponent, comma)
  // ≈ 50 KB; 64 KB leaves room for whitespace and the challenge's id.
  limits: { samplesPerSubmission: SAMPLE_COUNT, submissionsPerDay: 20, maxBodyBytes: 64 * 1024 },
};
