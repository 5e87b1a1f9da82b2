// The server part of autoencoder-digits: the submitted model reconstructs the hidden test digits (its score) and the first
// validation digits (its preview).
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { PREVIEW_IMAGE_COUNT } from "@/lib/exercises/digit-images";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { bytesToBase64, DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import { type AutoencoderSubmission, autoencoderMse, compileAutoencoder, reconstructDigitImages } from "@/lib/ml/models/autoencoder-submission";
import type { AutoencoderMetrics } from "./spec";

export const autoencoderDigitsScorer: ExerciseScorer<AutoencoderSubmission, AutoencoderMetrics> = {
  score: (submission) => ({ mse: autoencoderMse(compileAutoencoder(submission), loadMnistSplit("test").images) }),
  prepare: async () => void loadMnistSplit("test"),
  preview: (submission) => {
    const shown = loadMnistSplit("validation").images.subarray(0, PREVIEW_IMAGE_COUNT * DIGIT_PIXELS);
    return { digits: { count: PREVIEW_IMAGE_COUNT, data: bytesToBase64(reconstructDigitImages(compileAutoencoder(submission), shown)) } };
  },
};
