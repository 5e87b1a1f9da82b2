/**
 * Exercise "flow-moons" (module "normalizing-flows"): train a RealNVP normalizing flow (Dinh et al.
 * 2017, affine coupling layers; lib/ml/models/realnvp.ts) on two moons in the browser and submit
 * its weights. The server recomputes log p(x) exactly, in float64, on 2,000 held-out moons.
 *
 * Data: sklearn-style two moons with Gaussian noise σ = 0.1 (sampleMoons, lib/ml/datasets/toy2d.ts).
 * Training: 2,000 points from seed FLOW_MOONS_TRAIN_SEED; held-out: 2,000 points from seed
 * FLOW_MOONS_HELDOUT_SEED. Both are generated, not downloaded; the held-out seed is only a
 * convention (the page never shows those points), since anyone could draw more moons.
 *
 * Preview (leaderboard thumbnail): 400 samples of the submitted flow as [[x, y], …], drawn in
 * float64 by realNvpSample with the fixed latent seed FLOW_MOONS_PREVIEW_SEED, rounded to 0.01 and
 * clamped to ±FLOW_MOONS_PREVIEW_LIMIT so the JSON stays small whatever the weights.
 *
 * Browser-safe: the scorer, the data and the preview are in server.ts.
 */
import { MOONS } from "@/lib/ml/datasets/toy2d";
import {
  REALNVP_ARCHITECTURE_LIMITS,
  REALNVP_LOG_SCALE_LIMIT,
  REALNVP_MAX_PARAMETERS,
  REALNVP_WEIGHT_LIMIT,
  realNvpSubmissionSchema,
  type RealNvpSubmission,
} from "@/lib/ml/models/realnvp-submission";
import { DEFAULT_REALNVP_CONFIG, realNvpConfigSchema } from "@/lib/ml/configs/realnvp";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";

export const FLOW_MOONS_TRAIN_SIZE = 2000;
/** Dinh, Sohl-Dickstein & Bengio's year. */
export const FLOW_MOONS_TRAIN_SEED = 2017;
export const FLOW_MOONS_HELDOUT_SIZE = 2000;
export const FLOW_MOONS_HELDOUT_SEED = 31415;
export const FLOW_MOONS_PREVIEW_POINTS = 400;
export const FLOW_MOONS_PREVIEW_SEED = 7;
export const FLOW_MOONS_PREVIEW_LIMIT = 99.99;

export type FlowMoonsSubmission = RealNvpSubmission;
export type FlowMoonsMetrics = {
  meanLogLikelihood: number;
};

const { couplings: K, hiddenWidth: H, hiddenLayers: L } = REALNVP_ARCHITECTURE_LIMITS;

export const flowMoonsSpec: ExerciseSpec<FlowMoonsSubmission, FlowMoonsMetrics> = {
  slug: "flow-moons",
  title: "RealNVP normalizing flow on two moons",
  moduleSlug: "normalizing-flows",
  summary:
    "Train a RealNVP flow (affine coupling layers) on the two-moons data in your browser by maximum likelihood, then submit its weights; the server computes the exact log-density of points it has kept aside.",
  dataset: {
    name: "Two moons (σ = 0.1)",
    description: `Two interleaving half circles (scikit-learn's make_moons) with Gaussian noise σ = ${MOONS.noise}, generated from a seed: ${FLOW_MOONS_TRAIN_SIZE} training points (seed ${FLOW_MOONS_TRAIN_SEED}) and ${FLOW_MOONS_HELDOUT_SIZE} held-out points (another seed), which only the server scores.`,
  },
  modelFamily: "Normalizing flow (RealNVP, affine coupling layers)",
  defaultHyperparameters: DEFAULT_REALNVP_CONFIG,
  submissionSchema: realNvpSubmissionSchema,
  submissionShape: `{"architecture": {"couplings": K, "hiddenWidth": H, "hiddenLayers": L}, "weights": {"normalization": {"logScale": [2], "shift": [2]}, "couplings": [{"layers": [{"w": [[in × out]], "b": [out]} × (L + 1)]} × K]}}, ${K.min} ≤ K ≤ ${K.max}, ${H.min} ≤ H ≤ ${H.max}, ${L.min} ≤ L ≤ ${L.max}, at most ${REALNVP_MAX_PARAMETERS} parameters; layers are 1→H, H→H, …, H→2 (tanh hidden; outputs r, t with log-scale s = tanh r); |w|, |b|, |shift| ≤ ${REALNVP_WEIGHT_LIMIT}, |logScale| ≤ ${REALNVP_LOG_SCALE_LIMIT}; coupling k even: x1 conditions x2, odd: the reverse`,
  configSchema: realNvpConfigSchema,
  configLabels: {
    couplings: { label: "Coupling layers", hint: "Alternating which coordinate is transformed." },
    hiddenWidth: { label: "Hidden width of s and t", unit: "units" },
    hiddenLayers: { label: "Hidden layers of s and t" },
    learningRate: SHARED_CONFIG_LABELS.learningRate,
    batchSize: SHARED_CONFIG_LABELS.batchSize,
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server: "The server computes the exact log-likelihood of your flow on held-out moons it generated from a seed it keeps.",
    browserEstimate: "Your browser uses 2,000 fresh moons from another seed, so the two differ by sampling noise (a few hundredths).",
  },
  metrics: [
    {
      key: "meanLogLikelihood",
      label: "Held-out log-likelihood",
      better: "higher",
      digits: 4,
      meaning: "How probable the held-out moons are under your flow, per point: higher means a better density.",
      references: [
        { value: -1.13, label: "the default flow after 2,000 steps" },
        { value: -1.15, label: "the default flow after 500 steps" },
        { value: -2.03, label: "untrained (a Gaussian fitted to the data)" },
      ],
      description: `Mean log p(x) of the ${FLOW_MOONS_HELDOUT_SIZE} held-out moons under the submitted flow, in nats per point: log N(f(x); 0, I) + log |det ∂f/∂x|, computed in float64.`,
    },
  ],
  rankedBy: ["meanLogLikelihood"],
  rankingRule: "Held-out mean log-likelihood (higher is better).",
  // The default flow reaches −1.15 after 500 steps and −1.13 after its 2,000; untrained (its data-initialised diagonal Gaussian) −2.03.
  defaultGrading: { kind: "linear", metric: "meanLogLikelihood", full: -1.2, zero: -2 },
  // Points sampled from the submitted flow, never its weights.
  previewShows: "samples",
  // The largest flow (≈ 100,000 numbers) as compact JSON at full float64 precision is ≈ 2.2 MB;
  // as exported (9 significant digits), even indented by 2 spaces, it is ≈ 3.4 MB.
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: 4 * 1024 * 1024 },
};
