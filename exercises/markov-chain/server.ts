// The server part of markov-chain: the L1 distance of the submitted π to the exact stationary distribution.
import type { ExerciseScorer } from "@/lib/exercises/types";
import { l1Distance } from "@/lib/ml/sampling/discrete";
import { LECTURE_CHAIN, stationaryDistribution } from "@/lib/ml/sampling/markov-chain";
import type { MarkovChainMetrics, MarkovChainSubmission } from "./spec";

/** Exact π = (4/51, 40/51, 7/51), solved once at load. */
const EXACT_PI = stationaryDistribution(LECTURE_CHAIN);

export const markovChainScorer: ExerciseScorer<MarkovChainSubmission, MarkovChainMetrics> = {
  score: (submission) => ({ l1Error: l1Distance(submission.pi, EXACT_PI) }),
  preview: (submission) => ({ pi: submission.pi.map((v) => Math.round(v * 1e6) / 1e6) }),
};
