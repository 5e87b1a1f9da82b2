// The server registry: each exercise's spec joined with its server part (exercises/<slug>/server.ts:
// scorer, data loaders). Node only — pages read exercises/specs.ts.
import { aaeDigitsScorer } from "./aae-digits/server";
import { adversarialDigitsScorer } from "./adversarial-digits/server";
import { arNamesScorer } from "./ar-names/server";
import { autoencoderDigitsScorer } from "./autoencoder-digits/server";
import { cganDigitsScorer } from "./cgan-digits/server";
import { diffusion2dScorer } from "./diffusion-2d/server";
import { flowMoonsScorer } from "./flow-moons/server";
import { ganDigitsScorer } from "./gan-digits/server";
import { ganRingScorer } from "./gan-ring/server";
import { gibbsBmScorer } from "./gibbs-bm/server";
import { gmmEmScorer } from "./gmm-em/server";
import { hmmWeatherScorer } from "./hmm-weather/server";
import { img2imgDigitsScorer } from "./img2img-digits/server";
import { inverseCdfScorer } from "./inverse-cdf/server";
import { kdeBandwidthScorer } from "./kde-bandwidth/server";
import { markovChainScorer } from "./markov-chain/server";
import { metropolis2dScorer } from "./metropolis-2d/server";
import { mleGaussianScorer } from "./mle-gaussian/server";
import { rbmDigitsScorer } from "./rbm-digits/server";
import { vaeDigitsScorer } from "./vae-digits/server";
import { defineExercise, type ExerciseDefinition, type ExerciseScorer } from "@/lib/exercises/types";
import { EXERCISE_SPECS } from "./specs";

// `any`: each scorer has its own submission and metric types; the registry holds them side by side.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyScorer = ExerciseScorer<any, any, any>;

/** Each exercise's server part, by slug: one line per exercise. */
const SCORERS: Record<string, AnyScorer> = {
  "inverse-cdf": inverseCdfScorer,
  "markov-chain": markovChainScorer,
  "metropolis-2d": metropolis2dScorer,
  "mle-gaussian": mleGaussianScorer,
  "kde-bandwidth": kdeBandwidthScorer,
  "gmm-em": gmmEmScorer,
  "hmm-weather": hmmWeatherScorer,
  "gibbs-bm": gibbsBmScorer,
  "rbm-digits": rbmDigitsScorer,
  "autoencoder-digits": autoencoderDigitsScorer,
  "vae-digits": vaeDigitsScorer,
  "adversarial-digits": adversarialDigitsScorer,
  "gan-ring": ganRingScorer,
  "gan-digits": ganDigitsScorer,
  "aae-digits": aaeDigitsScorer,
  "cgan-digits": cganDigitsScorer,
  "img2img-digits": img2imgDigitsScorer,
  "diffusion-2d": diffusion2dScorer,
  "ar-names": arNamesScorer,
  "flow-moons": flowMoonsScorer,
};

/** Every exercise with its scorer, in course order (the order of EXERCISE_SPECS). */
export const EXERCISES: readonly ExerciseDefinition[] = EXERCISE_SPECS.map((spec) => {
  const scorer = SCORERS[spec.slug];
  if (!scorer) throw new Error(`exercises/registry.ts lists no server part for "${spec.slug}" (exercises/${spec.slug}/server.ts).`);
  return defineExercise(spec, scorer) as ExerciseDefinition;
});

const bySlug = new Map(EXERCISES.map((e) => [e.slug, e]));

export function findExercise(slug: string): ExerciseDefinition | undefined {
  return bySlug.get(slug);
}

export { describeExercise, MAX_CONFIG_BYTES, MAX_SUBMISSION_BYTES, SUBMISSION_ENVELOPE_BYTES } from "./specs";
