// The server part of gan-ring: the ring scorer (lib/ml/metrics/ring.ts) on the submitted samples.
import { flattenPointSamples, previewPointSamples } from "@/lib/exercises/point-samples";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { scoreRingSamples } from "@/lib/ml/metrics/ring";
import type { GanRingMetrics, GanRingSubmission } from "./spec";

const PREVIEW_POINTS = 400;

export const ganRingScorer: ExerciseScorer<GanRingSubmission, GanRingMetrics> = {
  score: (submission) => scoreRingSamples(Float32Array.from(flattenPointSamples(submission.samples))),
  preview: (submission) => previewPointSamples(submission.samples, PREVIEW_POINTS),
};
