/**
 * Training hyperparameters of the RealNVP flow (lib/ml/models/realnvp.ts, trained by
 * lib/ml/train/realnvp-trainer.ts); the architecture limits and the parameter cap are the
 * submission's (models/realnvp-submission.ts). The config is plain data, without TensorFlow.js:
 * store it with every run.
 */
import { z } from "zod";
import { REALNVP_ARCHITECTURE_LIMITS, REALNVP_MAX_PARAMETERS, realNvpParameterCount, type RealNvpArchitecture } from "../models/realnvp-submission";

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");
const architectureValue = (key: keyof RealNvpArchitecture) =>
  z.number().int().min(REALNVP_ARCHITECTURE_LIMITS[key].min).max(REALNVP_ARCHITECTURE_LIMITS[key].max);

export const realNvpConfigSchema = z
  .object({
    couplings: architectureValue("couplings"),
    hiddenWidth: architectureValue("hiddenWidth"),
    hiddenLayers: architectureValue("hiddenLayers"),
    learningRate: finite().gt(0).max(0.1),
    batchSize: z.number().int().min(16).max(2048),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict()
  .refine((c) => realNvpParameterCount(c) <= REALNVP_MAX_PARAMETERS, {
    message: `the flow would have more than ${REALNVP_MAX_PARAMETERS} parameters, the most a submission may have`,
    path: ["hiddenWidth"],
  });

export type RealNvpConfig = z.infer<typeof realNvpConfigSchema>;

export const DEFAULT_REALNVP_CONFIG: RealNvpConfig = {
  couplings: 8,
  hiddenWidth: 32,
  hiddenLayers: 2,
  learningRate: 3e-3,
  batchSize: 256,
  seed: 1,
};
