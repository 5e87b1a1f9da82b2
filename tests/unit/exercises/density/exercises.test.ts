// What the four density exercises share: their definitions, the scorers' metric keys, rank keys and
// previews, and their timings (each exercise's own behaviour is tested in exercises/<slug>/).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPenguinTrain, loadWeatherTrain } from "@/lib/datasets/train";
import { gmmEmScorer } from "@/exercises/gmm-em/server";
import { gmmEmSpec } from "@/exercises/gmm-em/spec";
import { hmmWeatherScorer } from "@/exercises/hmm-weather/server";
import { hmmWeatherSpec } from "@/exercises/hmm-weather/spec";
import { kdeBandwidthScorer } from "@/exercises/kde-bandwidth/server";
import { kdeBandwidthSpec } from "@/exercises/kde-bandwidth/spec";
import { mleGaussianScorer } from "@/exercises/mle-gaussian/server";
import { mleGaussianSpec } from "@/exercises/mle-gaussian/spec";
import { defineExercise, type ExerciseDefinition } from "@/lib/exercises/types";
import { fitGmmEm } from "@/lib/ml/density/gmm";
import { fitHmmBaumWelch } from "@/lib/ml/density/hmm";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { cpuTime } from "../../../support/cpu-time";

const mleGaussian = defineExercise(mleGaussianSpec, mleGaussianScorer);
const kdeBandwidth = defineExercise(kdeBandwidthSpec, kdeBandwidthScorer);
const gmmEm = defineExercise(gmmEmSpec, gmmEmScorer);
const hmmWeather = defineExercise(hmmWeatherSpec, hmmWeatherScorer);

const EXERCISES = [mleGaussian, kdeBandwidth, gmmEm, hmmWeather] as ExerciseDefinition<any, any>[];

/** Round-trips through JSON, as a real submission does (NaN and Infinity become null). */
const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));

const COV: [[number, number], [number, number]] = [
  [30, 47],
  [47, 190],
];
const GOOD_GMM = {
  weights: [0.4, 0.6],
  means: [
    [39, 190],
    [47, 212],
  ],
  covariances: [COV, COV],
};
const GOOD_HMM = {
  initial: [0.7, 0.3],
  transition: [
    [0.8, 0.2],
    [0.3, 0.7],
  ],
  emission: [
    [0.6, 0.2, 0.1, 0.05, 0.05],
    [0.1, 0.7, 0.1, 0.05, 0.05],
  ],
};

describe("definitions", () => {
  test("slugs, modules, metrics and limits are as specified", () => {
    assert.deepEqual(
      EXERCISES.map((e) => [e.slug, e.moduleSlug]),
      [
        ["mle-gaussian", "parametric-density-estimation"],
        ["kde-bandwidth", "non-parametric-density-estimation"],
        ["gmm-em", "gmm-em"],
        ["hmm-weather", "hmm"],
      ],
    );
    assert.deepEqual(
      EXERCISES.map((e) => e.metrics.map((m) => `${m.key}:${m.better}`)),
      [["meanLogLikelihood:higher"], ["meanLogLikelihood:higher"], ["meanLogLikelihood:higher", "bic:lower"], ["logLikelihoodPerSymbol:higher"]],
    );
    for (const e of EXERCISES) {
      assert.deepEqual(e.limits, { samplesPerSubmission: 1, submissionsPerDay: 20, maxBodyBytes: 32 * 1024 });
      assert.ok(e.configSchema.safeParse(e.defaultHyperparameters).success, `${e.slug}: defaults fit the config schema`);
      assert.ok(!e.configSchema.safeParse({ ...e.defaultHyperparameters, unknownKey: 1 }).success, `${e.slug}: config is strict`);
      assert.ok(!e.submissionShape.includes("\n") && e.submissionShape.length > 0);
      assert.ok(e.dataset.description.includes("held-out"));
    }
  });

  test("scores have exactly the metric keys, finite rank keys, and a JSON-safe preview", () => {
    const bodies: unknown[] = [{ mean: [44, 200], covariance: COV }, { bandwidth: 0.2 }, GOOD_GMM, GOOD_HMM];
    EXERCISES.forEach((e, i) => {
      const submission = e.submissionSchema.parse(json(bodies[i]));
      const metrics = e.score(submission) as Record<string, number>;
      assert.deepEqual(Object.keys(metrics).sort(), e.metrics.map((m) => m.key).sort());
      const keys = rankKeysOf(e, metrics);
      assert.ok(keys.every(Number.isFinite));
      assert.deepEqual(keys.slice(0, 2), [0, -metrics[e.metrics[0].key]], `${e.slug}: unflagged, then ranked by the first metric, higher is better`);
      const preview = e.preview(submission);
      assert.deepEqual(json(preview), preview);
      assert.ok(JSON.stringify(preview).length < 4000);
    });
  });
});

test("scorer timings (largest submissions)", () => {
  const time = (label: string, f: () => unknown) => {
    f(); // warm: loads and caches the data
    const runs = 20;
    const ms =
      cpuTime(() => {
        for (let i = 0; i < runs; i++) f();
      }).ms / runs;
    console.log(`# ${label}: ${ms.toFixed(3)} ms`);
    assert.ok(ms < 50, `${label}: ${ms} ms`);
  };
  const gmm10 = fitGmmEm(loadPenguinTrain(), { components: 10, iterations: 50, seed: 3, minEigenvalue: 1 }).model;
  const hmm8 = fitHmmBaumWelch(loadWeatherTrain(), { states: 8, symbols: 5, iterations: 20, seed: 3 }).model;
  const bodies = [
    [mleGaussian, { mean: [44, 200], covariance: COV }, "mle-gaussian"],
    [kdeBandwidth, { bandwidth: 0.2 }, "kde-bandwidth (256 centres × 86 points)"],
    [gmmEm, gmm10, "gmm-em, K = 10 (held-out + BIC)"],
    [hmmWeather, hmm8, "hmm-weather, S = 8 (365 days)"],
  ] as const;
  for (const [e, body, label] of bodies) {
    const d = e as ExerciseDefinition<any, any>;
    const parsed = d.submissionSchema.parse(json(body));
    time(`validate + score ${label}`, () => d.score(d.submissionSchema.parse(json(body))));
    void parsed;
  }
});
