/**
 * Exercise "mle-gaussian" (module "parametric-density-estimation"): fit a 2-D Gaussian to the
 * penguins' (beak length, flipper length) in mm by maximum likelihood. Scored by the mean
 * log-likelihood of the 86 held-out penguins (lib/datasets/heldout.ts, server-only).
 * Also exports the penguin mean/covariance readers and bounds that gmm-em shares.
 * Browser-safe: its scorer and the penguin loaders are server.ts.
 */
import { z } from "zod";
import { PENGUIN_HELDOUT_SIZE, PENGUIN_SPLIT_SEED, PENGUIN_TRAIN_SIZE } from "@/lib/datasets/penguins";
import { checkCovariance2, readMatrix, readVector, schemaFromChecks, type CovarianceBounds, type Report } from "@/lib/ml/density/checks";
import type { ExerciseSpec } from "@/lib/exercises/types";

/** |mean coordinate| limit in mm, so every score stays finite. */
export const PENGUIN_COORDINATE_LIMIT = 10_000;

/**
 * Covariances of the penguin exercises (mle-gaussian, gmm-em). The eigenvalue floor matters for
 * mixtures: flipper lengths are whole millimetres, so a component squeezed onto one value (variance
 * → 0) would earn an unbounded likelihood on the held-out penguins that share it.
 */
export const PENGUIN_COVARIANCE_BOUNDS: CovarianceBounds = {
  minEigenvalue: 1,
  maxEntry: 1e6,
  unit: "mm²",
  floorReason: "flipper lengths are whole millimetres, and narrower Gaussians would only fit that rounding",
};

export type Mat2Rows = [[number, number], [number, number]];

export interface MleGaussianSubmission {
  mean: [number, number];
  covariance: Mat2Rows;
}
export type MeanLogLikelihoodMetrics = {
  meanLogLikelihood: number;
};

const FEATURE = (i: number) => (i === 0 ? "entry 1 (beak length)" : i === 1 ? "entry 2 (flipper length)" : `entry ${i + 1}`);

/** Reads a [beak, flipper] mean in mm. */
export function readPenguinMean(value: unknown, field: string, report: Report, label = ""): [number, number] | null {
  const mean = readVector(value, field, 2, report, label, FEATURE);
  if (!mean) return null;
  for (const [i, v] of mean.entries()) {
    if (Math.abs(v) > PENGUIN_COORDINATE_LIMIT) {
      report(field, `${label ? `${label}, ` : ""}${FEATURE(i)} is ${v}; it must be within ±${PENGUIN_COORDINATE_LIMIT} mm`);
      return null;
    }
  }
  return [mean[0], mean[1]];
}

/** Reads a 2×2 covariance in mm² and checks symmetry, positive definiteness and the floor. */
export function readPenguinCovariance(value: unknown, field: string, report: Report, label = ""): Mat2Rows | null {
  const m = readMatrix(value, field, 2, 2, report, label);
  if (!m || !checkCovariance2(m, field, report, PENGUIN_COVARIANCE_BOUNDS, label)) return null;
  const b = (m[0][1] + m[1][0]) / 2;
  return [
    [m[0][0], b],
    [b, m[1][1]],
  ];
}

export const mleGaussianSubmissionSchema = schemaFromChecks<MleGaussianSubmission>((body, report) => {
  const mean = readPenguinMean(body.mean, "mean", report);
  const covariance = readPenguinCovariance(body.covariance, "covariance", report);
  return mean && covariance ? { mean, covariance } : null;
}, '{"mean": [x, y], "covariance": [[a, b], [b, d]]}');

export const mleGaussianConfigSchema = z
  .object({
    /** "n" is the maximum-likelihood covariance; "n-1" the unbiased one (for comparison). */
    covarianceDivisor: z.enum(["n", "n-1"]),
  })
  .strict();
export type MleGaussianConfig = z.infer<typeof mleGaussianConfigSchema>;

export const DEFAULT_MLE_GAUSSIAN_CONFIG: MleGaussianConfig = { covarianceDivisor: "n" };

export const mleGaussianSpec: ExerciseSpec<MleGaussianSubmission, MeanLogLikelihoodMetrics> = {
  slug: "mle-gaussian",
  title: "Maximum-likelihood Gaussian for penguins",
  moduleSlug: "parametric-density-estimation",
  summary:
    "Fit a 2-D Gaussian to the penguins' beak and flipper lengths by maximum likelihood, then submit its mean and covariance; it is scored by the log-likelihood of penguins it has never seen.",
  dataset: {
    name: "Palmer penguins: beak length × flipper length (mm)",
    description: `The 342 complete rows of vega-datasets' penguins.json ("Beak Length (mm)", "Flipper Length (mm)"), split once by a seeded shuffle (mulberry32, seed ${PENGUIN_SPLIT_SEED}): ${PENGUIN_TRAIN_SIZE} training penguins and ${PENGUIN_HELDOUT_SIZE} held-out penguins, which only the server sees.`,
  },
  modelFamily: "Multivariate Gaussian (maximum likelihood)",
  defaultHyperparameters: DEFAULT_MLE_GAUSSIAN_CONFIG,
  submissionSchema: mleGaussianSubmissionSchema,
  submissionShape: `{"mean": [beak, flipper], "covariance": [[a, b], [b, d]]} in mm and mm²; symmetric, positive definite, eigenvalues ≥ ${PENGUIN_COVARIANCE_BOUNDS.minEigenvalue} mm²`,
  configSchema: mleGaussianConfigSchema,
  configLabels: {
    covarianceDivisor: { label: "Covariance divisor", hint: "n: the maximum-likelihood covariance; n−1: the unbiased one." },
  },
  howScored: {
    server:
      "The server scores your Gaussian on the held-out penguins, which never leave the server. In a course the held-out set is split in two: the leaderboard ranks the public half live; the private half is revealed at the due date.",
  },
  metrics: [
    {
      key: "meanLogLikelihood",
      label: "Held-out log-likelihood",
      better: "higher",
      digits: 4,
      meaning: "How probable the held-out penguins are under your Gaussian, per penguin: higher means a better fit to data it never saw.",
      references: [
        { value: -6.9, label: "the maximum-likelihood Gaussian" },
        { value: -7.27, label: "the same without correlation (diagonal covariance)" },
        { value: -7.53, label: "a covariance 4× too wide" },
      ],
      description: `Mean log-density of the held-out penguins under the submitted Gaussian, in nats per penguin (coordinates in mm).`,
    },
  ],
  rankedBy: ["meanLogLikelihood"],
  rankingRule: "Held-out mean log-likelihood (higher is better).",
  // The maximum-likelihood fit scores −6.90; dropping the correlation (diagonal) −7.27, a covariance 4× too wide −7.53.
  defaultGrading: { kind: "linear", metric: "meanLogLikelihood", full: -6.95, zero: -7.5 },
  previewShows: "parameters",
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: 32 * 1024 },
};
