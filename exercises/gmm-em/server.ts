// The server part of gmm-em: the held-out mean log-likelihood and training BIC of the submitted mixture,
// the training penguins for the page, and scoring against a caller-supplied held-out set.
import { loadPenguinHeldout } from "@/lib/datasets/heldout";
import { parseHeldoutPoints } from "@/lib/datasets/heldout-input";
import { loadPenguinTrain } from "@/lib/datasets/train";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { roundTo } from "@/lib/ml/density/checks";
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { gmmBic, gmmMeanLogLikelihood, type Gmm2 } from "@/lib/ml/density/gmm";
import type { GmmEmMetrics, GmmEmSubmission } from "./spec";

/** Exact weights: the schema allows a 1e-6 slack, the score does not reward it. */
function normalised(s: GmmEmSubmission): Gmm2 {
  const total = s.weights.reduce((a, w) => a + w, 0);
  return { weights: s.weights.map((w) => w / total), means: s.means, covariances: s.covariances };
}

/** Held-out mean log-likelihood on any [beak, flipper] points; BIC always on the training split. */
export function scoreGmmEmAgainst(submission: GmmEmSubmission, heldout: readonly Vec2[]): GmmEmMetrics {
  const model = normalised(submission);
  return { meanLogLikelihood: gmmMeanLogLikelihood(heldout, model), bic: gmmBic(loadPenguinTrain(), model) };
}

/** Scores against a caller-supplied held-out JSON value ([[x, y], …]); throws HeldoutInputError. */
export function scoreGmmEmWithHeldout(submission: GmmEmSubmission, heldoutJson: unknown): GmmEmMetrics {
  return scoreGmmEmAgainst(submission, parseHeldoutPoints(heldoutJson));
}

export const gmmEmScorer: ExerciseScorer<GmmEmSubmission, GmmEmMetrics> = {
  score: (submission) => scoreGmmEmAgainst(submission, loadPenguinHeldout()),
  trainingData: () => ({ kind: "points", labels: ["Beak length (mm)", "Flipper length (mm)"], points: loadPenguinTrain() }),
  scoreWithHeldout: (submission, heldout) => scoreGmmEmWithHeldout(submission, heldout),
  preview: (s) => ({
    weights: s.weights.map((w) => roundTo(w, 4)),
    means: s.means.map((m) => m.map((v) => roundTo(v, 3))),
    covariances: s.covariances.map((c) => c.map((row) => row.map((v) => roundTo(v, 3)))),
  }),
};
