// The server part of kde-bandwidth: the KDE of the training masses with the submitted bandwidth, scored on
// the held-out masses; the training masses for the page; scoring against a caller-supplied held-out set.
import type { MeanLogLikelihoodMetrics } from "@/exercises/mle-gaussian/spec";
import { loadBodyMassHeldout } from "@/lib/datasets/heldout";
import { parseHeldoutNumbers } from "@/lib/datasets/heldout-input";
import { loadBodyMassTrain } from "@/lib/datasets/train";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { roundTo } from "@/lib/ml/density/checks";
import { kdeMeanLogLikelihood } from "@/lib/ml/density/kde";
import type { KdeBandwidthSubmission } from "./spec";

/** Scores the KDE on the training split against any held-out body masses (kg). */
export function scoreKdeBandwidthAgainst(submission: KdeBandwidthSubmission, heldout: readonly number[]): MeanLogLikelihoodMetrics {
  return { meanLogLikelihood: kdeMeanLogLikelihood(loadBodyMassTrain(), heldout, submission.bandwidth) };
}

/** Scores against a caller-supplied held-out JSON value ([x, …] in kg); throws HeldoutInputError. */
export function scoreKdeBandwidthWithHeldout(submission: KdeBandwidthSubmission, heldoutJson: unknown): MeanLogLikelihoodMetrics {
  return scoreKdeBandwidthAgainst(submission, parseHeldoutNumbers(heldoutJson));
}

export const kdeBandwidthScorer: ExerciseScorer<KdeBandwidthSubmission, MeanLogLikelihoodMetrics> = {
  score: (submission) => scoreKdeBandwidthAgainst(submission, loadBodyMassHeldout()),
  trainingData: () => ({ kind: "numbers", label: "Body mass (kg)", values: loadBodyMassTrain() }),
  scoreWithHeldout: (submission, heldout) => scoreKdeBandwidthWithHeldout(submission, heldout),
  preview: (s) => ({ bandwidth: roundTo(s.bandwidth, 5) }),
};
