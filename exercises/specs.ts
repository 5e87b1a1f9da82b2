// The browser-safe registry: every exercise's spec (exercises/<slug>/spec.ts), in course order.
// Pages, the server and the CLI read exercises from here; scorers join them in exercises/registry.ts.
import { aaeDigitsSpec } from "./aae-digits/spec";
import { adversarialDigitsSpec } from "./adversarial-digits/spec";
import { arNamesSpec } from "./ar-names/spec";
import { autoencoderDigitsSpec } from "./autoencoder-digits/spec";
import { cganDigitsSpec } from "./cgan-digits/spec";
import { diffusion2dSpec } from "./diffusion-2d/spec";
import { flowMoonsSpec } from "./flow-moons/spec";
import { ganDigitsSpec } from "./gan-digits/spec";
import { ganRingSpec } from "./gan-ring/spec";
import { gibbsBmSpec } from "./gibbs-bm/spec";
import { gmmEmSpec } from "./gmm-em/spec";
import { hmmWeatherSpec } from "./hmm-weather/spec";
import { img2imgDigitsSpec } from "./img2img-digits/spec";
import { inverseCdfSpec } from "./inverse-cdf/spec";
import { kdeBandwidthSpec } from "./kde-bandwidth/spec";
import { markovChainSpec } from "./markov-chain/spec";
import { metropolis2dSpec } from "./metropolis-2d/spec";
import { mleGaussianSpec } from "./mle-gaussian/spec";
import { rbmDigitsSpec } from "./rbm-digits/spec";
import { vaeDigitsSpec } from "./vae-digits/spec";
import { rankedBy } from "@/lib/exercises/ranking";
import type { ExerciseSpec } from "@/lib/exercises/types";

/** Every exercise GenLab knows, in course order. Adding one is a folder and a line here (docs/adding-an-exercise.md). */
// `any`: each spec has its own submission and metric types; the list holds them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const EXERCISE_SPECS: readonly ExerciseSpec<any, any>[] = [
  inverseCdfSpec,
  markovChainSpec,
  metropolis2dSpec,
  mleGaussianSpec,
  kdeBandwidthSpec,
  gmmEmSpec,
  hmmWeatherSpec,
  gibbsBmSpec,
  rbmDigitsSpec,
  autoencoderDigitsSpec,
  vaeDigitsSpec,
  adversarialDigitsSpec,
  ganRingSpec,
  ganDigitsSpec,
  aaeDigitsSpec,
  cganDigitsSpec,
  img2imgDigitsSpec,
  diffusion2dSpec,
  arNamesSpec,
  flowMoonsSpec,
];

const bySlug = new Map(EXERCISE_SPECS.map((e) => [e.slug, e]));

export function findExerciseSpec(slug: string): ExerciseSpec | undefined {
  return bySlug.get(slug);
}

/** The largest body any exercise accepts. */
export const MAX_SUBMISSION_BYTES = Math.max(...EXERCISE_SPECS.map((e) => e.limits.maxBodyBytes));
/** A submission's training config (shown beside it, never used for scoring) is a few settings. */
export const MAX_CONFIG_BYTES = 16 * 1024;
/** Ids, the idempotency key and the JSON around a submission and its config. */
export const SUBMISSION_ENVELOPE_BYTES = MAX_CONFIG_BYTES + 4 * 1024;

/** An exercise as plain data (no functions or schemas), for listings and the CLI. */
export function describeExercise(e: ExerciseSpec) {
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
