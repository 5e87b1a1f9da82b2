/**
 * Exercise "diffusion-2d" (module "hierarchical-vae-diffusion"): train a DDPM (Ho et al. 2020,
 * lib/ml/models/ddpm.ts) on the 2-D swiss roll and submit 2,000 samples. Scored by unbiased MMD²
 * (Gretton et al. 2012) against a fixed reference sample of the same distribution. Browser-safe: its scorer
 * and the reference sample are in server.ts.
 */
import type { z } from "zod";
import { DEFAULT_DDPM_CONFIG, ddpmConfigSchema } from "@/lib/ml/configs/ddpm";
import { SWISS_ROLL } from "@/lib/ml/datasets/toy2d";
import { pointSamplesSchema } from "@/lib/exercises/point-samples";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";

export const DIFFUSION_2D_SAMPLE_COUNT = 2000;
const COORDINATE_LIMIT = 1000;

/**
 * The training set and the scoring reference: two independent sampleSwissRoll draws.
 * Bandwidths h of the MMD kernel Σ_h exp(−|a − b|²/(2h²)), one per scale of the roll:
 * - 0.05 (= the roll's noise σ): are samples as tight on the curve as the data (sharpness);
 * - 0.2: well under the ≈ 1.26 gap between neighbouring turns (2π · 0.2): are the turns
 *   separated, and evenly filled along the curve;
 * - 0.8: the global shape (extent ≈ 5) and the balance between inner and outer turns.
 * A factor 4 apart, so mmd2Unbiased takes its fast chained-exp path. Measured: a fresh
 * 2,000-point roll scores |MMD²| < 0.0005; the roll with N(0, 0.1²) extra noise ≈ 0.0013, with
 * 0.2 ≈ 0.006; a Gaussian with the roll's mean and variances ≈ 0.05; DEFAULT_DDPM_CONFIG after its
 * 4,000-step default run ≈ 0.001.
 */
export const DIFFUSION_2D = {
  trainingSize: 4000,
  trainingSeed: 2020,
  referenceSize: 2000,
  referenceSeed: 20_200_619,
  bandwidths: [0.05, 0.2, 0.8],
} as const;

export const diffusion2dSubmissionSchema = pointSamplesSchema(DIFFUSION_2D_SAMPLE_COUNT, COORDINATE_LIMIT);
export type Diffusion2dSubmission = z.infer<typeof diffusion2dSubmissionSchema>;

export interface Diffusion2dMetrics {
  /** Unbiased MMD² against the reference roll (≈ 0 is perfect; can be slightly negative). */
  mmd2: number;
}

export const diffusion2dSpec: ExerciseSpec<Diffusion2dSubmission, Diffusion2dMetrics> = {
  slug: "diffusion-2d",
  title: "Diffusion model on the swiss roll",
  moduleSlug: "hierarchical-vae-diffusion",
  summary:
    "Train a denoising diffusion model (DDPM) that learns to turn Gaussian noise back into a 2-D swiss roll, watch the forward noising and the reverse denoising step by step, then submit 2,000 samples.",
  dataset: {
    name: "2-D swiss roll",
    description: `scikit-learn's make_swiss_roll (its x and z coordinates) scaled by ${SWISS_ROLL.scale}: t ~ U(1.5π, 4.5π), (t cos t, t sin t) / ${1 / SWISS_ROLL.scale} plus N(0, ${SWISS_ROLL.noise}²) noise. Training: ${DIFFUSION_2D.trainingSize} points (seed ${DIFFUSION_2D.trainingSeed}); the score uses an independent ${DIFFUSION_2D.referenceSize}-point reference (seed ${DIFFUSION_2D.referenceSeed}).`,
  },
  modelFamily: "Denoising diffusion probabilistic model (MLP noise predictor)",
  defaultHyperparameters: DEFAULT_DDPM_CONFIG,
  submissionSchema: diffusion2dSubmissionSchema,
  submissionShape: `{"samples": [[x, y], …]} with exactly ${DIFFUSION_2D_SAMPLE_COUNT} finite pairs, |x|, |y| ≤ ${COORDINATE_LIMIT}`,
  configSchema: ddpmConfigSchema,
  configLabels: {
    steps: { label: "Diffusion steps T", unit: "steps", hint: "Noise levels from data to pure noise." },
    hiddenWidth: { label: "Hidden width", unit: "units", hint: "Units per hidden layer of the noise predictor ε_θ." },
    hiddenLayers: { label: "Hidden layers", hint: "Of the noise predictor ε_θ." },
    learningRate: SHARED_CONFIG_LABELS.learningRate,
    batchSize: SHARED_CONFIG_LABELS.batchSize,
    emaDecay: { label: "EMA decay of the weights", hint: "Sampling uses an average of recent weights; 0 samples with the raw weights." },
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server: "The server compares your samples with an independent 2,000-point reference roll that your browser never sees.",
    browserEstimate: "Your browser compares them with its own training roll, so its MMD² is usually a little lower than the server's.",
  },
  metrics: [
    {
      key: "mmd2",
      label: "MMD²",
      better: "lower",
      digits: 4,
      meaning: "How far your samples are from the swiss roll: 0 means indistinguishable.",
      references: [
        { value: 0.0006, label: "the default DDPM" },
        { value: 0.0022, label: "a 3-layer network" },
        { value: 0.016, label: "a batch of 128" },
        { value: 0.05, label: "a Gaussian blob with the roll's moments" },
      ],
      description: `Unbiased MMD² against a fixed ${DIFFUSION_2D.referenceSize}-point reference roll, Gaussian kernels with bandwidths ${DIFFUSION_2D.bandwidths.join(", ")}; about ±0.0005 is sampling noise, a Gaussian blob scores about 0.05.`,
    },
  ],
  rankedBy: ["mmd2"],
  rankingRule: "MMD² to the reference swiss roll (lower is better).",
  // The default DDPM scores ≈ 0.0006 (3 layers 0.0022, batch 128 0.016); a Gaussian blob with the roll's moments ≈ 0.05.
  defaultGrading: { kind: "linear", metric: "mmd2", full: 0.003, zero: 0.05 },
  previewShows: "samples",
  limits: { samplesPerSubmission: DIFFUSION_2D_SAMPLE_COUNT, submissionsPerDay: 20, maxBodyBytes: 256 * 1024 },
};
