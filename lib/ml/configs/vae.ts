/**
 * Hyperparameters of the digit VAE (Kingma & Welling 2014; lib/ml/models/vae.ts).
 * The config is plain data, without TensorFlow.js: store it with every run.
 */
import { z } from "zod";

export const vaeConfigSchema = z
  .object({
    hidden: z.number().int().min(16).max(1024),
    latent: z.number().int().min(1).max(32),
    /** Weight of the KL term in the training objective (1: the ELBO). */
    beta: z.number().gt(0).max(10),
    /** Adam's step size. */
    learningRate: z.number().gt(0).max(0.1),
    batchSize: z.number().int().min(1).max(1024),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict();

export type VaeConfig = z.infer<typeof vaeConfigSchema>;

export const DEFAULT_VAE_CONFIG: VaeConfig = {
  hidden: 256,
  // A 16-D code: recognisable digits. FID of the page's 1,000 prior samples after its 5,000 steps
  // (bench/default-runs.ts): 172 with a 2-D code (blurred digits, but one the page can map), 96
  // with 8, 70 with 16, 72 with 32. The page offers the 2-D code for its latent map.
  latent: 16,
  beta: 1,
  learningRate: 1e-3,
  batchSize: 64,
  seed: 1,
};
