// The server part of mle-gaussian: the held-out mean log-likelihood of the submitted Gaussian, the
// training penguins for the page, and scoring against a caller-supplied held-out set.
import { loadPenguinHeldout } from "@/lib/datasets/heldout";
import { parseHeldoutPoints } from "@/lib/datasets/heldout-input";
import { loadPenguinTrain } from "@/lib/datasets/train";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { roundTo as round } from "@/lib/ml/density/checks";
import { gaussianMeanLogLikelihood, type Vec2 } from "@/lib/ml/density/gaussian";
import type { MeanLogLikelihoodMetrics, MleGaussianSubmission } from "./spec";

/** Scores against any held-out set of [beak, flipper] points. */
export function scoreMleGaussianAgainst(submission: MleGaussianSubmission, heldout: readonly Vec2[]): MeanLogLikelihoodMetrics {
  return { meanLogLikelihood: gaussianMeanLogLikelihood(heldout, submission) };
}

/** Scores against a caller-supplied held-out JSON value ([[x, y], …]); throws HeldoutInputError. */
export function scoreMleGaussianWithHeldout(submission: MleGaussianSubmission, heldoutJson: unknown): MeanLogLikelihoodMetrics {
  return scoreMleGaussianAgainst(submission, parseHeldoutPoints(heldoutJson));
}

export const mleGaussianScorer: ExerciseScorer<MleGaussianSubmission, MeanLogLikelihoodMetrics> = {
  score: (submission) => scoreMleGaussianAgainst(submission, loadPenguinHeldout()),
  trainingData: () => ({ kind: "points", labels: ["Beak length (mm)", "Flipper length (mm)"], points: loadPenguinTrain() }),
  scoreWithHeldout: (submission, heldout) => scoreMleGaussianWithHeldout(submission, heldout),
  preview: (s) => ({ mean: s.mean.map((v) => round(v, 3)), covariance: s.covariance.map((row) => row.map((v) => round(v, 3))) }),
};
