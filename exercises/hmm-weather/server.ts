// The server part of hmm-weather: the scaled-forward log-likelihood per day of the held-out year under the
// submitted HMM (smoothed first), the training days for the page, and scoring against a caller-supplied held-out set.
import { loadWeatherHeldout } from "@/lib/datasets/heldout";
import { parseHeldoutDays } from "@/lib/datasets/heldout-input";
import { WEATHER_SYMBOLS } from "@/lib/datasets/seattle-weather";
import { loadWeatherTrain } from "@/lib/datasets/train";
import type { ExerciseScorer } from "@/lib/exercises/types";
import { roundTo } from "@/lib/ml/density/checks";
import { hmmLogLikelihood, smoothHmm } from "@/lib/ml/density/hmm";
import { HMM_SCORE_SMOOTHING, type HmmWeatherMetrics, type HmmWeatherSubmission } from "./spec";

/**
 * Scores against any held-out sequence of symbol indices (positions in WEATHER_SYMBOLS): per observed
 * day, null days (not observed: the other part of a course's split) summed over.
 */
export function scoreHmmWeatherAgainst(submission: HmmWeatherSubmission, heldout: readonly (number | null)[]): HmmWeatherMetrics {
  const observed = heldout.filter((day) => day !== null).length;
  if (observed === 0) throw new RangeError("No symbols to score.");
  const model = smoothHmm(submission, HMM_SCORE_SMOOTHING);
  return { logLikelihoodPerSymbol: hmmLogLikelihood(model, heldout) / observed };
}

/** Scores against a caller-supplied held-out JSON value (["sun", "rain", null, …]); throws HeldoutInputError. */
export function scoreHmmWeatherWithHeldout(submission: HmmWeatherSubmission, heldoutJson: unknown): HmmWeatherMetrics {
  return scoreHmmWeatherAgainst(submission, parseHeldoutDays(heldoutJson));
}

export const hmmWeatherScorer: ExerciseScorer<HmmWeatherSubmission, HmmWeatherMetrics> = {
  score: (submission) => scoreHmmWeatherAgainst(submission, loadWeatherHeldout()),
  trainingData: () => ({ kind: "symbols", symbols: [...WEATHER_SYMBOLS], sequence: loadWeatherTrain() }),
  scoreWithHeldout: (submission, heldout) => scoreHmmWeatherWithHeldout(submission, heldout),
  preview: (s) => ({
    initial: s.initial.map((v) => roundTo(v, 4)),
    transition: s.transition.map((row) => row.map((v) => roundTo(v, 4))),
    emission: s.emission.map((row) => row.map((v) => roundTo(v, 4))),
  }),
};
