// The server part of gibbs-bm: KL and total variation from the submitted states' frequencies to the exact p(x).
import type { ExerciseScorer } from "@/lib/exercises/types";
import { allStates, stateCounts } from "@/lib/ml/sampling/boltzmann";
import { klDivergence, normalize, tvDistance } from "@/lib/ml/sampling/discrete";
import { GIBBS_BM_EXACT as EXACT, GIBBS_BM_UNITS as UNITS, type GibbsBmMetrics, type GibbsBmSubmission } from "./spec";

function score(submission: GibbsBmSubmission): GibbsBmMetrics {
  const q = normalize(stateCounts(submission.samples.flat(), UNITS));
  return { klEmpiricalToExact: klDivergence(q, EXACT.p), tvDistance: tvDistance(q, EXACT.p) };
}

export const gibbsBmScorer: ExerciseScorer<GibbsBmSubmission, GibbsBmMetrics> = {
  score,
  preview: (submission) => ({ states: allStates(UNITS), counts: stateCounts(submission.samples.flat(), UNITS) }),
};
