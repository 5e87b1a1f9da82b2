/**
 * Exercise "vae-digits" (module "autoencoders-vae"): a variational auto-encoder trained on digits;
 * 1,000 digits decoded from its prior are scored by the digit evaluator (FID and classifier score,
 * lib/exercises/digit-images.ts). Browser-safe: its scorer is server.ts.
 */
import { imageSamplesSpec, type ImageSamplesSubmission, type SampleMetrics } from "@/lib/exercises/digit-images";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { DEFAULT_VAE_CONFIG, vaeConfigSchema } from "@/lib/ml/configs/vae";

/** The page's default training budget, in Adam steps (also the worker pool's default). */
export const VAE_PAGE_STEPS = 5_000;
/** The seed of the codes z ~ N(0, I) that the page's submit button (and the pool's job) decodes. */
export const VAE_SUBMISSION_SEED = 12345;

export const vaeDigitsSpec: ExerciseSpec<ImageSamplesSubmission, SampleMetrics> = imageSamplesSpec({
  slug: "vae-digits",
  title: "Variational auto-encoder on digits",
  moduleSlug: "autoencoders-vae",
  summary:
    "Train a VAE with the reparameterisation trick, follow the two terms of the ELBO, explore and interpolate in its latent space, then submit 1,000 digits decoded from the prior.",
  modelFamily: "Variational auto-encoder (Gaussian encoder, Bernoulli decoder)",
  defaultHyperparameters: DEFAULT_VAE_CONFIG,
  configSchema: vaeConfigSchema,
  configLabels: {
    hidden: SHARED_CONFIG_LABELS.hiddenUnits,
    latent: { label: "Latent dimension", hint: "Size of the code z." },
    beta: { label: "KL weight β", hint: "Weight of the KL term; 1 is the ELBO." },
    learningRate: SHARED_CONFIG_LABELS.learningRate,
    batchSize: SHARED_CONFIG_LABELS.batchSize,
    seed: SHARED_CONFIG_LABELS.seed,
  },
  // A step of the 2-D config costs 1/27 s on one core of a 2-core machine in Node's WASM backend
  // (single-threaded; npm run bench:worker: 26.7 steps/s with one worker, 16.3 each with two
  // sharing the machine); a 16-D code costs no more (bench/default-runs.ts trains 5,000 steps of
  // either in 55–70 s). 5,000 steps (the page's budget) take 3–5 min; 15,000 take 9–15 min,
  // inside the 20-minute job timeout even with both cores busy.
  pool: { defaultSteps: VAE_PAGE_STEPS, maxSteps: 15_000 },
  // Measured with bench/default-runs.ts (the 1,000 prior samples the page submits, the server's
  // scorer): the default 16-D code 70 after the page's 5,000 steps (seed 2: 73; 58 after the pool's
  // 15,000); other codes after 5,000 steps: 2-D 172 (157 after 15,000), 8-D 96, 32-D 72. PPCA's
  // q = 2 samples 299, untrained 438.
  defaultRun: { value: 70, label: "the default VAE after 5,000 steps" },
  defaultGrading: { kind: "linear", metric: "fid", full: 150, zero: 300 },
});
