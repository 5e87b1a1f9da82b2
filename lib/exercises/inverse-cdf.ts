/**
 * Exercise "inverse-cdf" (module "sampling"): turn uniforms into Laplace(0, 1) draws with the
 * inverse-CDF transform, x = F⁻¹(u). Scored by the Kolmogorov–Smirnov distance to the exact CDF.
 */
import { z } from "zod";
import { ksStatistic } from "@/lib/ml/sampling/ks";
import { laplaceCdf } from "@/lib/ml/sampling/laplace";
import type { ExerciseDefinition } from "./types";

const SAMPLE_COUNT = 5000;
/** The largest |x| a submission may hold (the page's sandbox checks it too). */
export const INVERSE_CDF_VALUE_LIMIT = 1000;
const VALUE_LIMIT = INVERSE_CDF_VALUE_LIMIT;
/** Preview histogram: 48 bins of width 0.25 over [−6, 6] (holds all but e^−6 ≈ 0.25% of Laplace(0, 1)). */
const PREVIEW = { min: -6, max: 6, bins: 48 } as const;

const number = z
  .number({
    error: (issue) =>
      issue.input === undefined ? "is missing"
      : issue.input === null ? "is not a number (NaN and Infinity cannot be sent as JSON)"
      : typeof issue.input === "number" ? "is not a finite number"
      : "is not a number",
  })
  .refine((v) => Math.abs(v) <= VALUE_LIMIT, `is beyond ±${VALUE_LIMIT}`);

export const inverseCdfSubmissionSchema = z.object({
  samples: z
    .array(number, { error: (issue) => (issue.input === undefined ? "is missing" : "must be a list of numbers") })
    .refine((list) => list.length === SAMPLE_COUNT, {
      // A refinement, not .length(): zod 4 would also length-check a string sent instead of a list.
      error: (issue) => `must contain exactly ${SAMPLE_COUNT} numbers (got ${(issue.input as unknown[]).length})`,
    }),
});
export type InverseCdfSubmission = z.infer<typeof inverseCdfSubmissionSchema>;

export const inverseCdfConfigSchema = z
  .object({ seed: z.number().int().min(0).max(2 ** 32 - 1) })
  .strict();

export interface InverseCdfMetrics {
  /** sup_x |F_n(x) − F(x)| against the Laplace(0, 1) CDF, in [0, 1]. */
  ksStatistic: number;
}

/** Counts per bin over [PREVIEW.min, PREVIEW.max), plus what fell outside. */
function histogram(samples: readonly number[]) {
  const counts = new Array<number>(PREVIEW.bins).fill(0);
  const width = (PREVIEW.max - PREVIEW.min) / PREVIEW.bins;
  let below = 0;
  let above = 0;
  for (const x of samples) {
    if (x < PREVIEW.min) below++;
    else if (x >= PREVIEW.max) above++;
    else counts[Math.min(PREVIEW.bins - 1, Math.floor((x - PREVIEW.min) / width))]++;
  }
  return { ...PREVIEW, counts, below, above };
}

export const inverseCdf: ExerciseDefinition<InverseCdfSubmission, InverseCdfMetrics> = {
  slug: "inverse-cdf",
  title: "Inverse-CDF sampling: the Laplace distribution",
  moduleSlug: "sampling",
  summary:
    "Write a sampler that turns uniform random numbers into Laplace(0, 1) draws by inverting its CDF, then submit 5,000 samples; the closer their empirical CDF is to the exact one, the better.",
  dataset: {
    name: "Laplace(0, 1)",
    description:
      "Density p(x) = ½ e^{−|x|}; CDF F(x) = ½ e^x for x < 0 and 1 − ½ e^{−x} for x ≥ 0; inverse F⁻¹(u) = −sign(u − ½) ln(1 − 2|u − ½|).",
  },
  modelFamily: "Inverse transform sampling",
  defaultHyperparameters: { seed: 1 },
  submissionSchema: inverseCdfSubmissionSchema,
  submissionShape: `{"samples": [x, …]} with exactly ${SAMPLE_COUNT} finite numbers, |x| ≤ ${VALUE_LIMIT}`,
  configSchema: inverseCdfConfigSchema,
  metrics: [
    {
      key: "ksStatistic",
      label: "KS distance",
      better: "lower",
      digits: 4,
      description: `Kolmogorov–Smirnov statistic sup_x |F_n(x) − F(x)| between the empirical CDF of the ${SAMPLE_COUNT} samples and the exact Laplace(0, 1) CDF; about 0.012 is typical for a correct sampler.`,
    },
  ],
  score: (submission) => ({ ksStatistic: ksStatistic(submission.samples, (x) => laplaceCdf(x)) }),
  rankedBy: ["ksStatistic"],
  rankingRule: "KS distance to the exact Laplace(0, 1) CDF (lower is better).",
  // A correct sampler scores ≈ 0.01 (95 % of them under 1.36/√5000 ≈ 0.019); a Gaussian of the same variance 0.067.
  defaultGrading: { kind: "linear", metric: "ksStatistic", full: 0.02, zero: 0.06 },
  preview: (submission) => histogram(submission.samples),
  // Worst case ~25 bytes per number in compact JSON (17 significant digits, sign, exponent, comma)
  // ≈ 125 KB; 160 KB leaves room for whitespace.
  limits: { samplesPerSubmission: SAMPLE_COUNT, submissionsPerDay: 20, maxBodyBytes: 160 * 1024 },
};
