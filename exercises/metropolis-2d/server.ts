// The server part of metropolis-2d: MMD² of the submitted chain against exact banana samples.
import type { ExerciseScorer } from "@/lib/exercises/types";
import { bananaMmd2 } from "@/lib/ml/sampling/banana";
import type { Metropolis2dMetrics, Metropolis2dSubmission } from "./spec";

const PREVIEW_POINTS = 300;

function flatten(samples: [number, number][]): Float64Array {
  const points = new Float64Array(samples.length * 2);
  samples.forEach(([x, y], i) => {
    points[2 * i] = x;
    points[2 * i + 1] = y;
  });
  return points;
}

const round3 = (v: number) => Math.round(v * 1000) / 1000;

export const metropolis2dScorer: ExerciseScorer<Metropolis2dSubmission, Metropolis2dMetrics> = {
  score: (submission) => ({ mmd2: bananaMmd2(flatten(submission.samples)), acceptanceRate: submission.acceptanceRate }),
  preview: (submission) => {
    // Evenly spaced through the chain (not its first 300 states, which would all sit near the start).
    const stride = Math.max(1, Math.floor(submission.samples.length / PREVIEW_POINTS));
    const out: [number, number][] = [];
    for (let i = 0; i < submission.samples.length && out.length < PREVIEW_POINTS; i += stride) {
      const [x, y] = submission.samples[i];
      out.push([round3(x), round3(y)]);
    }
    return out;
  },
};
