/**
 * Hyperparameters of the MNIST GANs (unconditional and conditional; lib/ml/models/digit-gan.ts).
 * The config is plain data, without TensorFlow.js: store it with every run.
 */
import { z } from "zod";

const finite = () => z.number().refine(Number.isFinite, "must be a finite number");

export const digitGanConfigSchema = z
  .object({
    /** Mirza & Osindero's conditional GAN: G and D also see the one-hot label. */
    conditional: z.boolean(),
    /**
     * Value of the hot entry of the label's one-hot vector (conditional GAN only). The first layer
     * sees x·W + y·V, and Adam moves every weight at about the same rate, so the label's share of
     * that sum grows with its size: a digit has ‖x‖ ≈ 9 and the noise ‖z‖ ≈ √Z = 8, against 1
     * for a plain one-hot, which both networks then ignore for thousands of steps. Ignored by
     * the unconditional GAN.
     */
    labelScale: finite().gt(0).max(100),
    noiseDim: z.number().int().min(1).max(256),
    generatorWidth: z.number().int().min(8).max(1024),
    discriminatorWidth: z.number().int().min(8).max(1024),
    /** Hidden layers in each network. */
    depth: z.number().int().min(1).max(3),
    generatorLr: finite().gt(0).max(0.1),
    discriminatorLr: finite().gt(0).max(0.1),
    /** Adam's β1 for both networks. */
    beta1: finite().min(0).lt(1),
    batchSize: z.number().int().min(2).max(1024),
    /** k of Algorithm 1: discriminator updates per generator update. */
    dSteps: z.number().int().min(1).max(10),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict();

export type DigitGanConfig = z.infer<typeof digitGanConfigSchema>;

/**
 * Tuned on wasm in Node (seeds 1–2; 3,000 iterations took 42 s, 71 it/s, on one lightly loaded
 * core), scoring 1,000 samples with a small MLP digit classifier (95% on validation digits; real
 * digits score a mean top-class probability of 0.95): digit-like strokes from ~1,000 iterations;
 * at 3,000 the classifier is 0.79 sure on average, all ten classes appear, and the mean grey
 * level is the data's (0.13). Widths 256 or learning rates 2e-4 or 1e-3 did no better per
 * iteration at up to 1.5× the cost; a second hidden layer let D win (mode collapse); batch 32
 * learns as much per iteration as 64 at ~2/3 of the cost.
 */
export const DEFAULT_DIGIT_GAN_CONFIG: DigitGanConfig = {
  conditional: false,
  labelScale: 5,
  noiseDim: 64,
  generatorWidth: 128,
  discriminatorWidth: 128,
  depth: 1,
  generatorLr: 5e-4,
  discriminatorLr: 5e-4,
  beta1: 0.5,
  batchSize: 32,
  dSteps: 1,
  seed: 1,
};

/**
 * The same networks with the label. Measured as above: samples are the requested digit 82% of
 * the time after 1,000–3,000 iterations (at batch 64: labelScale 1, 13% after 3,000; 20, 100%, but
 * G then ignores z and draws one digit per class).
 */
export const DEFAULT_DIGIT_CGAN_CONFIG: DigitGanConfig = {
  ...DEFAULT_DIGIT_GAN_CONFIG,
  conditional: true,
};
