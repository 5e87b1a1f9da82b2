/**
 * Hyperparameters of the MLP auto-encoder for digits (lib/ml/models/autoencoder.ts).
 * The config is plain data, without TensorFlow.js: store it with every run.
 */
import { z } from "zod";
import { AUTOENCODER_LIMITS } from "../models/autoencoder-submission";

export const autoencoderConfigSchema = z
  .object({
    hidden: z.number().int().min(16).max(1024),
    latent: z.number().int().min(1).max(AUTOENCODER_LIMITS.mlpMaxLatent),
    loss: z.enum(["bce", "mse"]),
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

export type AutoencoderConfig = z.infer<typeof autoencoderConfigSchema>;

export const DEFAULT_AUTOENCODER_CONFIG: AutoencoderConfig = {
  hidden: 256,
  latent: 2,
  loss: "bce",
  learningRate: 1e-3,
  batchSize: 64,
  seed: 1,
};
