// The server part of flow-moons: the training and held-out moons, the exact float64 log-likelihood and the preview.
import { parseHeldoutPoints } from "@/lib/datasets/heldout-input";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { sampleMoons } from "@/lib/ml/datasets/toy2d";
import { roundTo } from "@/lib/ml/density/checks";
import { realNvpLogDensity, realNvpSample } from "@/lib/ml/models/realnvp-float64";
import {
  FLOW_MOONS_HELDOUT_SEED,
  FLOW_MOONS_HELDOUT_SIZE,
  FLOW_MOONS_PREVIEW_LIMIT,
  FLOW_MOONS_PREVIEW_POINTS,
  FLOW_MOONS_PREVIEW_SEED,
  FLOW_MOONS_TRAIN_SEED,
  FLOW_MOONS_TRAIN_SIZE,
  type FlowMoonsMetrics,
  type FlowMoonsSubmission,
} from "./spec";

/** The training moons, interleaved x, y (isomorphic: the browser can draw the same points). */
export function flowMoonsTrainingPoints(): Float32Array {
  return sampleMoons(FLOW_MOONS_TRAIN_SIZE, FLOW_MOONS_TRAIN_SEED);
}

let heldout: Float32Array | null = null;

/** The held-out moons, interleaved x, y (generated once, then cached). */
export function flowMoonsHeldoutPoints(): Float32Array {
  heldout ??= sampleMoons(FLOW_MOONS_HELDOUT_SIZE, FLOW_MOONS_HELDOUT_SEED);
  return heldout;
}

/** Mean log p(x) in nats per point over any interleaved x, y points, by the float64 evaluator. */
export function scoreFlowMoonsAgainst(submission: FlowMoonsSubmission, points: ArrayLike<number>): FlowMoonsMetrics {
  if (points.length < 2) throw new RangeError("No points to score.");
  const logp = realNvpLogDensity(submission, points);
  let sum = 0;
  for (const v of logp) sum += v;
  return { meanLogLikelihood: sum / logp.length };
}

/** Scores against a caller-supplied held-out JSON value ([[x, y], …]); throws HeldoutInputError. */
export function scoreFlowMoonsWithHeldout(submission: FlowMoonsSubmission, heldoutJson: unknown): FlowMoonsMetrics {
  return scoreFlowMoonsAgainst(submission, parseHeldoutPoints(heldoutJson).flat());
}

/** FLOW_MOONS_PREVIEW_POINTS float64 samples as [[x, y], …], rounded to 0.01 and clamped (see the header). */
export function flowMoonsPreview(submission: FlowMoonsSubmission): [number, number][] {
  const x = realNvpSample(submission, FLOW_MOONS_PREVIEW_POINTS, FLOW_MOONS_PREVIEW_SEED);
  // + 0 turns −0 into 0, which JSON would write as 0 anyway.
  const show = (v: number) => roundTo(Math.min(FLOW_MOONS_PREVIEW_LIMIT, Math.max(-FLOW_MOONS_PREVIEW_LIMIT, v)), 2) + 0;
  return Array.from({ length: FLOW_MOONS_PREVIEW_POINTS }, (_, i) => [show(x[2 * i]), show(x[2 * i + 1])]);
}

export const flowMoonsScorer: ExerciseScorer<FlowMoonsSubmission, FlowMoonsMetrics> = {
  score: (submission) => scoreFlowMoonsAgainst(submission, flowMoonsHeldoutPoints()),
  trainingData: () => {
    const x = flowMoonsTrainingPoints();
    return { kind: "points", labels: ["x", "y"], points: Array.from({ length: FLOW_MOONS_TRAIN_SIZE }, (_, i) => [x[2 * i], x[2 * i + 1]] as const) };
  },
  scoreWithHeldout: (submission, heldoutJson) => scoreFlowMoonsWithHeldout(submission, heldoutJson),
  preview: flowMoonsPreview,
};
