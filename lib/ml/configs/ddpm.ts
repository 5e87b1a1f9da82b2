/**
 * Hyperparameters of the 2-D DDPM (Ho, Jain & Abbeel 2020; lib/ml/models/ddpm.ts) on the swiss
 * roll. The config is plain data, without TensorFlow.js: store it with every run.
 */
import { z } from "zod";

/** Fewest diffusion steps the config accepts (see linearSchedule in models/ddpm.ts). */
export const MIN_STEPS = 25;

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");

export const ddpmConfigSchema = z
  .object({
    /** T, the number of diffusion steps; at least 25 so that the scaled β_T = 20 / T stays ≤ 0.8. */
    steps: z.number().int().min(MIN_STEPS).max(1000),
    hiddenWidth: z.number().int().min(16).max(256),
    /** ReLU hidden layers of ε_θ. */
    hiddenLayers: z.number().int().min(1).max(6),
    /** Adam's step size. */
    learningRate: finite().gt(0).max(0.1),
    batchSize: z.number().int().min(16).max(1024),
    /**
     * Decay of the exponential moving average of the weights that sample() uses (Ho et al. use
     * 0.9999 over 800k steps, Appendix B); 0 samples with the raw weights.
     */
    emaDecay: finite().min(0).lt(1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict();

export type DdpmConfig = z.infer<typeof ddpmConfigSchema>;

/**
 * Tuned on wasm for a DEFAULT_TRAINING_ITERATIONS-step run on the 4,000-point swiss roll, scored by
 * MMD² against 2,000 reference points (bandwidths 0.05, 0.2, 0.8; see exercises/diffusion-2d/spec.ts;
 * a fresh roll scores |MMD²| < 0.0005, a Gaussian blob ≈ 0.05). Measured, seed 1 unless noted:
 * - 4 hidden layers: 0.0006 (seeds 1 and 2); 3 layers: 0.0022 (seed 2: 0.0026) at 3/4 of the cost;
 * - the weight average: 0.0022 with emaDecay 0.99 or 0.995, 0.0026 with 0.999, 0.0044 without
 *   (3 layers); without it the samples stay blurred however long it trains (0.003–0.005 up to
 *   12,000 steps);
 * - learning rate 4e-3: 0.0009 (4 layers); 1e-3 is still blurred after 4,000 steps;
 * - batch 512: about as good as a 4th layer at twice the cost; 128: 0.016 (3 layers);
 * - T = 50 or 200 instead of 100: no better (3 layers, no average), and sampling costs ∝ T.
 */
export const DEFAULT_DDPM_CONFIG: DdpmConfig = {
  steps: 100,
  hiddenWidth: 128,
  hiddenLayers: 4,
  learningRate: 2e-3,
  batchSize: 256,
  emaDecay: 0.995,
  seed: 1,
};

/** Length of the default training run, for which DEFAULT_DDPM_CONFIG was tuned. */
export const DEFAULT_TRAINING_ITERATIONS = 4000;
