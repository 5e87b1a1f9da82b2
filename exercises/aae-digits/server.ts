// The server part of aae-digits: the submitted encoder maps the hidden test digits to codes (MMD² to the prior) and back
// (reconstruction MSE); its decoder turns samples of the prior into digits (their FID, and the preview's first 16).
import { scoreDigitImages, testFeatureStatistics } from "@/lib/datasets/digit-evaluator";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { PREVIEW_IMAGE_COUNT } from "@/lib/exercises/digit-images";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { AAE_LATENT } from "@/lib/ml/configs/aae";
import { bytesToBase64 } from "@/lib/ml/datasets/digits";
import { type AaeMetrics, compileAae, decodeCodes, priorSamples, scoreAae } from "@/lib/ml/models/aae-submission";
import type { AutoencoderSubmission } from "@/lib/ml/models/autoencoder-submission";
import { mulberry32 } from "@/lib/ml/random";
import { AAE_PRIOR_COUNT, AAE_SAMPLE_COUNT } from "./spec";

/** Fixed seeds: every submission meets the same prior samples, so scores compare (exported for the tests). */
export const AAE_SCORING_SEEDS = { PRIOR_SEED: 20_260_417, SAMPLE_SEED: 20_260_418 } as const;
const { PRIOR_SEED, SAMPLE_SEED } = AAE_SCORING_SEEDS;

let draws: { prior: Float64Array; sampleCodes: Float64Array } | undefined;
/** The prior samples the codes are compared with, and those the decoder turns into digits (drawn once). */
function priorDraws() {
  draws ??= { prior: priorSamples(AAE_PRIOR_COUNT, mulberry32(PRIOR_SEED)), sampleCodes: priorSamples(AAE_SAMPLE_COUNT, mulberry32(SAMPLE_SEED)) };
  return draws;
}

export const aaeDigitsScorer: ExerciseScorer<AutoencoderSubmission, AaeMetrics, Promise<AaeMetrics>> = {
  score: (submission) =>
    scoreAae(compileAae(submission), {
      digits: loadMnistSplit("test").images,
      ...priorDraws(),
      fid: async (images) => (await scoreDigitImages(images, AAE_SAMPLE_COUNT)).fid,
    }),
  prepare: async () => {
    loadMnistSplit("test");
    priorDraws();
    await testFeatureStatistics();
  },
  preview: (submission) => {
    const shown = decodeCodes(compileAae(submission), priorDraws().sampleCodes.subarray(0, AAE_LATENT * PREVIEW_IMAGE_COUNT));
    return { digits: { count: PREVIEW_IMAGE_COUNT, data: bytesToBase64(shown) } };
  },
};
