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

/**
 * Picked for the page's samples (bench/default-runs.ts: FID of the 1,000 digits its submit button
 * draws, 200 Gibbs steps each, after the page's 3,000 updates; the table is in
 * exercises/rbm-digits/spec.ts). CD-1 at rate 0.05 with momentum 0.9 (the earlier default) learns
 * good filters and reconstructions, but the free-running chains of its model all end on one blurred
 * shape (FID 221 and classifier score 1.1 after 3,000 updates; 57 after 500).
 */
export const DEFAULT_RBM_CONFIG: RbmConfig = {
  // 256 filters rather than 128: sharper samples (CD-10: FID 52 with 128, 38 with 256).
  hidden: 256,
  // CD-10: a negative phase long enough to wander from the data into the model's own modes, whose
  // probability the update then lowers (CD-5: FID 54; PCD-1 at rate 0.01: 94).
  k: 10,
  // With momentum 0.5 the step is 0.04 in effect (0.1 with rate 0.05: FID 64).
  learningRate: 0.02,
  momentum: 0.5,
  weightDecay: 1e-4,
  batchSize: 64,
  seed: 1,
  persistent: false,
};
