// The server part of inverse-cdf: the challenge's uniforms (drawn from a seed that never leaves the server),
// the scorer, which checks every sample against its own uniform, and the preview histogram.
import type { ExerciseScorer, ScoringContext } from "@/lib/exercises/types";
import { mulberry32 } from "@/lib/ml/random";
import { largestCdfError } from "@/lib/ml/sampling/inverse-cdf-check";
import { ksStatistic } from "@/lib/ml/sampling/ks";
import { laplaceCdf, uniformOpen } from "@/lib/ml/sampling/laplace";
import { INVERSE_CDF_PREVIEW_HISTOGRAM as PREVIEW, INVERSE_CDF_SAMPLE_COUNT as SAMPLE_COUNT, type InverseCdfMetrics, type InverseCdfSubmission } from "./spec";

/** A challenge's uniforms: mulberry32 from its seed, on the open interval (0, 1) so that every F⁻¹(u) is finite. */
export function inverseCdfUniforms(seed: number): number[] {
  const rng = mulberry32(seed);
  return Array.from({ length: SAMPLE_COUNT }, () => uniformOpen(rng));
}

/** Below this, an error is rounding, not the sampler: every exact inverse scores it, so they tie. */
export const INVERSE_CDF_ERROR_FLOOR = 1e-12;

/** How far each sample is from the Laplace quantile of its own uniform, in probability: max_i |F(x_i) − u_i|. */
function inverseCdfMetrics(samples: readonly number[], uniforms: readonly number[]): InverseCdfMetrics {
  if (uniforms.length !== samples.length) throw new RangeError(`${samples.length} samples cannot answer ${uniforms.length} uniforms.`);
  const maxError = Math.max(INVERSE_CDF_ERROR_FLOOR, largestCdfError(samples, uniforms, (x) => laplaceCdf(x)).maxError);
  return { maxError, ksStatistic: ksStatistic(samples, (x) => laplaceCdf(x)) };
}

function scoreInverseCdf(submission: InverseCdfSubmission, context?: ScoringContext): InverseCdfMetrics {
  // The server always passes the challenge's uniforms, and the CLI the file's: none means a caller's bug.
  if (!context?.uniforms) throw new Error("inverse-cdf is scored against the uniforms of a challenge, and none were given.");
  return inverseCdfMetrics(submission.samples, context.uniforms);
}

/** Counts per bin over [PREVIEW.min, PREVIEW.max), plus what fell outside. */
function histogram(samples: readonly number[]) {
  const counts = new Array<number>(PREVIEW.bins).fill(0);
  const width = (PREVIEW.max - PREVIEW.min) / PREVIEW.bins;
  let below = 0;
  let above = 0;
  for (const x of samples) {
    if (x < PREVIEW.min) below++;
    else if (x >= PREVIEW.max) above++;
    else counts[Math.min(PREVIEW.bins - 1, Math.floor((x - PREVIEW.min) / width))]++;
  }
  return { ...PREVIEW, counts, below, above };
}

export const inverseCdfScorer: ExerciseScorer<InverseCdfSubmission, InverseCdfMetrics> = {
  score: scoreInverseCdf,
  drawChallenge: inverseCdfUniforms,
  preview: (submission) => histogram(submission.samples),
};
