// The server part of diffusion-2d: the training roll, the fixed reference roll and MMD² against it.
import { flattenPointSamples, previewPointSamples } from "@/lib/exercises/point-samples";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { sampleSwissRoll } from "@/lib/ml/datasets/toy2d";
import { mmd2Unbiased } from "@/lib/ml/metrics/ring";
import { DIFFUSION_2D, type Diffusion2dMetrics, type Diffusion2dSubmission } from "./spec";

const PREVIEW_POINTS = 400;

/** The training points, interleaved x, y (what DdpmTrainer takes). */
export function diffusion2dTrainingPoints(): Float32Array {
  return sampleSwissRoll(DIFFUSION_2D.trainingSize, DIFFUSION_2D.trainingSeed);
}

let reference: Float32Array | undefined;
/** The fixed reference sample, interleaved x, y (made once). */
export function diffusion2dReference(): Float32Array {
  reference ??= sampleSwissRoll(DIFFUSION_2D.referenceSize, DIFFUSION_2D.referenceSeed);
  return reference;
}

/** MMD² of interleaved samples against the reference (what score() computes). */
export function diffusion2dMmd2(points: ArrayLike<number>): number {
  return mmd2Unbiased(points, diffusion2dReference(), DIFFUSION_2D.bandwidths);
}

export const diffusion2dScorer: ExerciseScorer<Diffusion2dSubmission, Diffusion2dMetrics> = {
  score: (submission) => ({ mmd2: diffusion2dMmd2(flattenPointSamples(submission.samples)) }),
  trainingData: () => {
    const flat = diffusion2dTrainingPoints();
    const points = Array.from({ length: flat.length / 2 }, (_, i) => [flat[2 * i], flat[2 * i + 1]] as const);
    return { kind: "points", labels: ["x", "y"], points };
  },
  preview: (submission) => previewPointSamples(submission.samples, PREVIEW_POINTS),
};
