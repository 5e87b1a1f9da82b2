/**
 * Exercise "gmm-em" (module "gmm-em"): fit a Gaussian mixture (K ≤ 10) by EM to the penguins'
 * (beak length, flipper length). Scored by the held-out mean log-likelihood (ranked) and BIC on
 * the training split (shown; tie-breaker). Covariance eigenvalues must be ≥ 1 mm²: flipper
 * lengths are whole millimetres, and a degenerate component on one value would otherwise win.
 * Browser-safe: its scorer and the penguin loaders are server.ts.
 */
import { z } from "zod";
import { PENGUIN_COVARIANCE_BOUNDS, readPenguinCovariance, readPenguinMean, type Mat2Rows } from "@/exercises/mle-gaussian/spec";
import { PENGUIN_HELDOUT_SIZE, PENGUIN_SPLIT_SEED, PENGUIN_TRAIN_SIZE } from "@/lib/datasets/penguins";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { checkProbabilities, readVector, schemaFromChecks } from "@/lib/ml/density/checks";

export const GMM_MAX_COMPONENTS = 10;

export interface GmmEmSubmission {
  weights: number[];
  means: [number, number][];
  covariances: Mat2Rows[];
}
export type GmmEmMetrics = {
  meanLogLikelihood: number;
  bic: number;
};

export const gmmEmSubmissionSchema = schemaFromChecks<GmmEmSubmission>((body, report) => {
  const weights = readVector(body.weights, "weights", { min: 1, max: GMM_MAX_COMPONENTS, what: "one weight per component" }, report);
  if (!weights) return null;
  const K = weights.length;
  if (!checkProbabilities(weights, "weights", report)) return null;
  const lists: [string, unknown][] = [
    ["means", body.means],
    ["covariances", body.covariances],
  ];
  for (const [field, value] of lists) {
    if (!Array.isArray(value)) {
      report(field, `${value === undefined ? "is missing; it" : ""} must be a list with one entry per component (${K}, as in "weights")`.trim());
      return null;
    }
    if (value.length !== K) {
      report(field, `has ${value.length} ${value.length === 1 ? "entry" : "entries"} but "weights" has ${K}; give one per component`);
      return null;
    }
  }
  const means: [number, number][] = [];
  const covariances: Mat2Rows[] = [];
  let ok = true;
  for (let k = 0; k < K; k++) {
    const label = `component ${k + 1}`;
    const mean = readPenguinMean((body.means as unknown[])[k], "means", report, label);
    const cov = readPenguinCovariance((body.covariances as unknown[])[k], "covariances", report, label);
    if (mean && cov) {
      means.push(mean);
      covariances.push(cov);
    } else ok = false;
  }
  return ok ? { weights, means, covariances } : null;
}, '{"weights": [w₁, …], "means": [[x, y], …], "covariances": [[[a, b], [b, d]], …]}');

export const gmmEmConfigSchema = z
  .object({
    components: z.number().int().min(1).max(GMM_MAX_COMPONENTS),
    iterations: z.number().int().min(1).max(5000),
    /** Stop when log L improves by less than tolerance · |log L|. */
    tolerance: z.number().refine(Number.isFinite, "must be a finite number").min(0).max(1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    init: z.enum(["kmeans++", "random"]),
    /** Covariance eigenvalue floor used by EM (mm²); submissions need at least PENGUIN_COVARIANCE_BOUNDS.minEigenvalue. */
    minEigenvalue: z.number().refine(Number.isFinite, "must be a finite number").min(PENGUIN_COVARIANCE_BOUNDS.minEigenvalue),
  })
  .strict();
export type GmmEmConfig = z.infer<typeof gmmEmConfigSchema>;

export const DEFAULT_GMM_EM_CONFIG: GmmEmConfig = {
  components: 3,
  iterations: 300,
  tolerance: 1e-8,
  seed: 1,
  init: "kmeans++",
  minEigenvalue: PENGUIN_COVARIANCE_BOUNDS.minEigenvalue,
};

export const gmmEmSpec: ExerciseSpec<GmmEmSubmission, GmmEmMetrics> = {
  slug: "gmm-em",
  title: "Gaussian mixture by EM for penguins",
  moduleSlug: "gmm-em",
  summary: `Fit a mixture of up to ${GMM_MAX_COMPONENTS} Gaussians to the penguins' beak and flipper lengths with expectation–maximisation. More components always fit the training penguins better; the held-out penguins and BIC tell you when to stop.`,
  dataset: {
    name: "Palmer penguins: beak length × flipper length (mm)",
    description: `The 342 complete rows of vega-datasets' penguins.json ("Beak Length (mm)", "Flipper Length (mm)"), split once by a seeded shuffle (mulberry32, seed ${PENGUIN_SPLIT_SEED}): ${PENGUIN_TRAIN_SIZE} training penguins (EM and BIC) and ${PENGUIN_HELDOUT_SIZE} held-out penguins, which only the server sees.`,
  },
  modelFamily: "Gaussian mixture model (EM)",
  defaultHyperparameters: DEFAULT_GMM_EM_CONFIG,
  submissionSchema: gmmEmSubmissionSchema,
  submissionShape: `{"weights": [K], "means": [[x, y] × K], "covariances": [[[a, b], [b, d]] × K]}, 1 ≤ K ≤ ${GMM_MAX_COMPONENTS}, weights ≥ 0 summing to 1, covariances symmetric with eigenvalues ≥ ${PENGUIN_COVARIANCE_BOUNDS.minEigenvalue} mm²`,
  configSchema: gmmEmConfigSchema,
  configLabels: {
    components: { label: "Components K", hint: "Gaussians in the mixture." },
    iterations: SHARED_CONFIG_LABELS.emIterations,
    tolerance: SHARED_CONFIG_LABELS.emTolerance,
    seed: SHARED_CONFIG_LABELS.seed,
    init: { label: "Initialisation", hint: "kmeans++: spread-out starting means; random: random data points." },
    minEigenvalue: { label: "Covariance floor", unit: "mm²", hint: "Smallest eigenvalue EM lets a covariance have." },
  },
  howScored: {
    server:
      "The server scores your mixture on the held-out penguins, which never leave the server; the BIC is computed on the training penguins. In a course the held-out set is split in two: the leaderboard ranks the public half live; the private half is revealed at the due date.",
  },
  metrics: [
    {
      key: "meanLogLikelihood",
      label: "Held-out log-likelihood",
      better: "higher",
      digits: 4,
      meaning: "How probable the held-out penguins are under your mixture, per penguin: higher means a better fit to data it never saw.",
      references: [
        { value: -6.73, label: "EM with K = 3" },
        { value: -6.78, label: "EM with K = 2" },
        { value: -6.9, label: "one Gaussian (K = 1)" },
      ],
      description: `Mean log-density of the held-out penguins under the submitted mixture, in nats per penguin (coordinates in mm).`,
    },
    {
      key: "bic",
      label: "BIC (training)",
      better: "lower",
      digits: 1,
      meaning: "The training fit penalised by the number of parameters; it only breaks ties.",
      references: [
        { value: 3430.7, label: "EM with K = 3" },
        { value: 3455.9, label: "EM with K = 2" },
        { value: 3556.8, label: "one Gaussian (K = 1)" },
      ],
      description: `−2 log L + p log n on the ${PENGUIN_TRAIN_SIZE} training penguins, with p = 6K − 1 free parameters (K − 1 weights, 2K mean and 3K covariance entries).`,
    },
  ],
  rankedBy: ["meanLogLikelihood", "bic"],
  rankingRule: "Held-out mean log-likelihood (higher is better); ties broken by training BIC (lower).",
  // EM with K = 3 scores −6.73 from every seed tried (1–10), K = 2 −6.78 to −6.84; one Gaussian (K = 1) −6.90.
  defaultGrading: { kind: "linear", metric: "meanLogLikelihood", full: -6.75, zero: -6.9 },
  previewShows: "parameters",
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: 32 * 1024 },
};
