import { adversarialDigits } from "./adversarial-digits";
import { arNames } from "./ar-names";
import { autoencoderDigits } from "./autoencoder-digits";
import { diffusion2d } from "./diffusion-2d";
import { cganDigits, ganDigits, rbmDigits, vaeDigits } from "./digit-generators";
import { flowMoons } from "./flow-moons";
import { ganRing } from "./gan-ring";
import { gibbsBm } from "./gibbs-bm";
import { gmmEm } from "./gmm-em";
import { hmmWeather } from "./hmm-weather";
import { inverseCdf } from "./inverse-cdf";
import { kdeBandwidth } from "./kde-bandwidth";
import { markovChain } from "./markov-chain";
import { metropolis2d } from "./metropolis-2d";
import { mleGaussian } from "./mle-gaussian";
import { rankedBy } from "./ranking";
import type { ExerciseDefinition } from "./types";

/** Every exercise GenLab knows, in course order. Pages, server and CLI read only this. */
export const EXERCISES: readonly ExerciseDefinition<any, any>[] = [
  inverseCdf,
  markovChain,
  metropolis2d,
  mleGaussian,
  kdeBandwidth,
  gmmEm,
  hmmWeather,
  gibbsBm,
  rbmDigits,
  autoencoderDigits,
  vaeDigits,
  adversarialDigits,
  ganRing,
  ganDigits,
  cganDigits,
  diffusion2d,
  arNames,
  flowMoons,
];

const bySlug = new Map(EXERCISES.map((e) => [e.slug, e]));

export function findExercise(slug: string): ExerciseDefinition | undefined {
  return bySlug.get(slug);
}

/** The largest body any exercise accepts. */
export const MAX_SUBMISSION_BYTES = Math.max(...EXERCISES.map((e) => e.limits.maxBodyBytes));
/** A submission's training config (shown beside it, never used for scoring) is a few settings. */
export const MAX_CONFIG_BYTES = 16 * 1024;
/** Ids, the idempotency key and the JSON around a submission and its config. */
export const SUBMISSION_ENVELOPE_BYTES = MAX_CONFIG_BYTES + 4 * 1024;

/** The registry as plain data (no functions or schemas), for listings and the CLI. */
export function describeExercise(e: ExerciseDefinition) {
  return {
    slug: e.slug,
    title: e.title,
    module: e.moduleSlug,
    summary: e.summary,
    dataset: e.dataset,
    modelFamily: e.modelFamily,
    submissionShape: e.submissionShape,
    metrics: e.metrics,
    howScored: e.howScored,
    rankedBy: rankedBy(e),
    rankingRule: e.rankingRule,
    defaultGrading: e.defaultGrading,
    limits: e.limits,
    defaultHyperparameters: e.defaultHyperparameters,
    pool: e.pool ?? null,
  };
}
export type ExerciseSummary = ReturnType<typeof describeExercise>;
