/**
 * Hyperparameters of the digit RBM trained by contrastive divergence (lib/ml/models/rbm.ts; "guide §n"
 * is Hinton 2010, "A practical guide to training RBMs"). The config is plain data, without
 * TensorFlow.js: store it with every run.
 */
import { z } from "zod";

export const rbmConfigSchema = z
  .object({
    hidden: z.number().int().min(1).max(1024),
    /** Gibbs steps of the negative phase (CD-k). */
    k: z.number().int().min(1).max(20),
    learningRate: z.number().gt(0).max(1),
    momentum: z.number().min(0).lt(1),
    /** L2 weight cost on W (guide §10); biases are not decayed. */
    weightDecay: z.number().min(0).max(0.01),
    batchSize: z.number().int().min(1).max(1024),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
    /** Persistent CD (Tieleman 2008): the negative chains carry over from one update to the next. */
    persistent: z.boolean(),
  })
  .strict();

export type RbmConfig = z.infer<typeof rbmConfigSchema>;

export const DEFAULT_RBM_CONFIG: RbmConfig = {
  hidden: 128,
  k: 1,
  learningRate: 0.05,
  momentum: 0.9,
  weightDecay: 1e-4,
  batchSize: 64,
  seed: 1,
  persistent: false,
};
