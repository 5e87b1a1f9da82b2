/**
 * Training hyperparameters of the character-level language models of first names
 * (lib/ml/models/char-lm.ts, trained by lib/ml/train/char-lm-trainer.ts); the architecture schema,
 * its limits and the parameter cap are the submission's (models/char-lm-submission.ts). The config
 * is plain data, without TensorFlow.js: store it with every run.
 */
import { z } from "zod";
import { MAX_BLOCK_SIZE } from "../datasets/names";
import { CHAR_LM_MAX_PARAMETERS, charLmArchitectureSchema, charLmParameterCount, type CharLmKind } from "../models/char-lm-submission";

const whole = (min: number, max: number) =>
  z
    .number({ error: (issue) => (issue.input === undefined ? "is missing" : "must be a number") })
    .int("must be a whole number")
    .min(min, `must be at least ${min}`)
    .max(max, `must be at most ${max}`);

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");

/** Training hyperparameters (plain data: stored with every run; never used for scoring). */
export const charLmConfigSchema = z
  .object({
    architecture: charLmArchitectureSchema,
    /** Adam's step size (Kingma & Ba 2015; β1 = 0.9, β2 = 0.999). */
    learningRate: finite().gt(0).max(1),
    /** Examples per step: contexts (bigram, mlp) or windows of blockSize positions (transformer). */
    batchSize: whole(1, 4096),
    /** Length of a default run, in steps (the page's stopping point). */
    steps: whole(1, 1_000_000),
    seed: whole(0, 2 ** 32 - 1),
  })
  .strict()
  .refine((c) => charLmParameterCount(c.architecture) <= CHAR_LM_MAX_PARAMETERS, {
    path: ["architecture"],
    message: `has more than ${CHAR_LM_MAX_PARAMETERS} parameters`,
  });

export type CharLmConfig = z.infer<typeof charLmConfigSchema>;

/**
 * Defaults per kind, each at most a few minutes in a browser. Measured in Node on wasm (2 shared
 * CPU cores; CPU time of the whole run), bits per character on validation / test after `steps`:
 * bigram 3.498 / 3.519 in 3.5 s (the counted bigram with α = 1: 3.497 / 3.520), MLP 2.995 / 3.048
 * in 15 s, transformer 2.926 / 2.963 in 165 s. Tuning notes: the MLP sees 4 characters (makemore
 * part 2's 3 × 10-dimensional context reached 3.06) and learning rates above 0.003 overfit the
 * 6,738 training names within a few thousand steps; the transformer sees whole names
 * (blockSize 16); 3 layers of 32 beat 2 of 48 (2.95) and 1 of 64 (2.97) at equal steps.
 */
export const DEFAULT_CHAR_LM_CONFIG: Record<CharLmKind, CharLmConfig> = {
  bigram: { architecture: { kind: "bigram" }, learningRate: 0.03, batchSize: 1024, steps: 1000, seed: 1 },
  mlp: { architecture: { kind: "mlp", blockSize: 4, embedding: 16, hidden: 200 }, learningRate: 0.002, batchSize: 128, steps: 4000, seed: 1 },
  transformer: {
    architecture: { kind: "transformer", blockSize: MAX_BLOCK_SIZE, embedding: 32, heads: 4, layers: 3 },
    learningRate: 0.001,
    batchSize: 48,
    steps: 3000,
    seed: 1,
  },
};
