/**
 * Exercise "hmm-weather" (module "hmm"): fit a discrete HMM (S ≤ 8) by Baum–Welch to Seattle's
 * daily weather symbols 2012–2014. Scored by the scaled-forward log-likelihood per day of 2015
 * (server-only), after mixing every row with 1e-6 of uniform so no day scores −∞.
 * Rows are "from" states: transition[i][j] = P(z_{t+1} = j | z_t = i).
 * Browser-safe: its scorer and the weather loaders are server.ts.
 */
import { z } from "zod";
import { WEATHER_HELDOUT_SIZE, WEATHER_HELDOUT_YEAR, WEATHER_SYMBOLS, WEATHER_TRAIN_SIZE } from "@/lib/datasets/seattle-weather";
import { SHARED_CONFIG_LABELS } from "@/lib/exercises/config-labels";
import type { ExerciseSpec } from "@/lib/exercises/types";
import { checkProbabilities, readMatrix, readVector, schemaFromChecks } from "@/lib/ml/density/checks";
import type { Hmm } from "@/lib/ml/density/hmm";

export const HMM_MAX_STATES = 8;
/**
 * Before scoring, every row is mixed with this much of the uniform distribution, so that one day a
 * model calls impossible costs about log(ε) instead of making the score −∞.
 */
export const HMM_SCORE_SMOOTHING = 1e-6;

export type HmmWeatherSubmission = Hmm;
export type HmmWeatherMetrics = {
  logLikelihoodPerSymbol: number;
};

const SYMBOL_COLUMN = (j: number) => WEATHER_SYMBOLS[j] ?? `symbol ${j + 1}`;

export const hmmWeatherSubmissionSchema = schemaFromChecks<HmmWeatherSubmission>((body, report) => {
  const initial = readVector(body.initial, "initial", { min: 1, max: HMM_MAX_STATES, what: "one probability per hidden state" }, report);
  if (!initial) return null;
  const S = initial.length;
  if (!checkProbabilities(initial, "initial", report)) return null;
  const transition = readMatrix(body.transition, "transition", S, S, report);
  const emission = readMatrix(body.emission, "emission", S, WEATHER_SYMBOLS.length, report, "", SYMBOL_COLUMN);
  if (!transition || !emission) return null;
  let ok = true;
  transition.forEach((row, i) => {
    ok = checkProbabilities(row, "transition", report, `row ${i + 1}`, (j) => `column ${j + 1}`) && ok;
  });
  emission.forEach((row, i) => {
    ok = checkProbabilities(row, "emission", report, `row ${i + 1}`, (j) => `column ${j + 1} (${SYMBOL_COLUMN(j)})`) && ok;
  });
  return ok ? { initial, transition, emission } : null;
}, '{"initial": [S], "transition": [[S] × S], "emission": [[5] × S]}');

export const hmmWeatherConfigSchema = z
  .object({
    states: z.number().int().min(1).max(HMM_MAX_STATES),
    iterations: z.number().int().min(1).max(5000),
    /** Stop when log L improves by less than tolerance · |log L|. */
    tolerance: z.number().refine(Number.isFinite, "must be a finite number").min(0).max(1),
    seed: z
      .number()
      .int()
      .min(0)
      .max(2 ** 32 - 1),
  })
  .strict();
export type HmmWeatherConfig = z.infer<typeof hmmWeatherConfigSchema>;

export const DEFAULT_HMM_WEATHER_CONFIG: HmmWeatherConfig = { states: 3, iterations: 200, tolerance: 1e-8, seed: 1 };

export const hmmWeatherSpec: ExerciseSpec<HmmWeatherSubmission, HmmWeatherMetrics> = {
  slug: "hmm-weather",
  title: "Hidden Markov model of Seattle's weather",
  moduleSlug: "hmm",
  summary: `Fit a discrete hidden Markov model with up to ${HMM_MAX_STATES} hidden states to Seattle's daily weather (${WEATHER_SYMBOLS.join(", ")}) with Baum–Welch, then submit its initial, transition and emission probabilities; it is scored on how well it predicts a year it has not seen.`,
  dataset: {
    name: "Seattle daily weather 2012–2015",
    description: `The "weather" column of vega-datasets' seattle-weather.csv, one symbol per day. Training: 2012–2014 (${WEATHER_TRAIN_SIZE} days, one sequence); held-out: ${WEATHER_HELDOUT_YEAR} (${WEATHER_HELDOUT_SIZE} days), which only the server sees.`,
  },
  modelFamily: "Hidden Markov model, discrete emissions (Baum–Welch)",
  defaultHyperparameters: DEFAULT_HMM_WEATHER_CONFIG,
  submissionSchema: hmmWeatherSubmissionSchema,
  submissionShape: `{"initial": [S], "transition": [[S] × S], "emission": [[5] × S]}, 1 ≤ S ≤ ${HMM_MAX_STATES}, rows are probabilities summing to 1; transition[i][j] = P(next = j | now = i); emission columns ${WEATHER_SYMBOLS.join(", ")}`,
  configSchema: hmmWeatherConfigSchema,
  configLabels: {
    states: { label: "Hidden states S", hint: "Weather states the model may use." },
    iterations: SHARED_CONFIG_LABELS.emIterations,
    tolerance: SHARED_CONFIG_LABELS.emTolerance,
    seed: SHARED_CONFIG_LABELS.seed,
  },
  howScored: {
    server:
      "The server runs the forward algorithm with your HMM over the weather of 2015, which never leaves the server. In a course the held-out set is split in two: the leaderboard ranks the public half live; the private half is revealed at the due date.",
  },
  metrics: [
    {
      key: "logLikelihoodPerSymbol",
      label: "Held-out log-likelihood per day",
      better: "higher",
      digits: 4,
      meaning: "How probable 2015's weather is under your HMM, per day: higher means better predictions of days it never saw.",
      references: [
        { value: -1.04, label: "Baum–Welch with 3 states (best seeds)" },
        { value: -1.18, label: "the day frequencies alone (1 state)" },
        { value: -1.61, label: "uniform guessing" },
      ],
      description: `log P(${WEATHER_HELDOUT_YEAR}'s ${WEATHER_HELDOUT_SIZE} days) / ${WEATHER_HELDOUT_SIZE} by the scaled forward algorithm, in nats per day; every row is first mixed with ${HMM_SCORE_SMOOTHING} of the uniform distribution.`,
    },
  ],
  rankedBy: ["logLikelihoodPerSymbol"],
  rankingRule: "Held-out log-likelihood per day (higher is better).",
  // Baum–Welch with 3 states reaches −1.04 to −1.09 (seeds 1–10); the day frequencies alone (1 state) −1.18, uniform −1.61.
  defaultGrading: { kind: "linear", metric: "logLikelihoodPerSymbol", full: -1.09, zero: -1.18 },
  previewShows: "parameters",
  limits: { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: 32 * 1024 },
};
