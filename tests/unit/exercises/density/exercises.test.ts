// The four density exercises: schemas refuse each class of bad input with a clear message, the
// scorers return exactly their metrics, and fitting on the training split beats a bad model.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadBodyMassHeldout, loadPenguinHeldout, loadWeatherHeldout } from "@/lib/datasets/heldout";
import { WEATHER_SYMBOLS } from "@/lib/datasets/seattle-weather";
import { loadBodyMassTrain, loadPenguinTrain, loadWeatherTrain } from "@/lib/datasets/train";
import { gmmEm, scoreGmmEmAgainst, scoreGmmEmWithHeldout } from "@/lib/exercises/gmm-em";
import { HMM_SCORE_SMOOTHING, hmmWeather, scoreHmmWeatherAgainst, scoreHmmWeatherWithHeldout } from "@/lib/exercises/hmm-weather";
import { KDE_INITIAL_BANDWIDTH, kdeBandwidth, scoreKdeBandwidthAgainst, scoreKdeBandwidthWithHeldout } from "@/lib/exercises/kde-bandwidth";
import { mleGaussian, scoreMleGaussianAgainst, scoreMleGaussianWithHeldout } from "@/lib/exercises/mle-gaussian";
import type { ExerciseDefinition } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { fitGaussian2, gaussianMeanLogLikelihood } from "@/lib/ml/density/gaussian";
import { fitGmmEm, gmmBic, gmmMeanLogLikelihood } from "@/lib/ml/density/gmm";
import { fitHmmBaumWelch, hmmLogLikelihood, smoothHmm } from "@/lib/ml/density/hmm";
import { kdeMeanLogLikelihood, silvermanBandwidth } from "@/lib/ml/density/kde";
import { rankKeysOf } from "@/lib/exercises/ranking";

const close = (a: number, b: number, tol = 1e-10) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);
const EXERCISES = [mleGaussian, kdeBandwidth, gmmEm, hmmWeather] as ExerciseDefinition<any, any>[];

/** The sentence the API and the CLI print for a refused body. */
function refusal(definition: ExerciseDefinition<any, any>, body: unknown): string {
  const parsed = definition.submissionSchema.safeParse(body);
  assert.ok(!parsed.success, `${definition.slug} accepted ${JSON.stringify(body)}`);
  return describeValidationError(parsed.error);
}
/** Round-trips through JSON, as a real submission does (NaN and Infinity become null). */
const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));

const COV: [[number, number], [number, number]] = [[30, 47], [47, 190]];
const GOOD_GMM = { weights: [0.4, 0.6], means: [[39, 190], [47, 212]], covariances: [COV, COV] };
const GOOD_HMM = {
  initial: [0.7, 0.3],
  transition: [[0.8, 0.2], [0.3, 0.7]],
  emission: [[0.6, 0.2, 0.1, 0.05, 0.05], [0.1, 0.7, 0.1, 0.05, 0.05]],
};

describe("definitions", () => {
  test("slugs, modules, metrics and limits are as specified", () => {
    assert.deepEqual(EXERCISES.map((e) => [e.slug, e.moduleSlug]), [
      ["mle-gaussian", "parametric-density-estimation"],
      ["kde-bandwidth", "non-parametric-density-estimation"],
      ["gmm-em", "gmm-em"],
      ["hmm-weather", "hmm"],
    ]);
    assert.deepEqual(EXERCISES.map((e) => e.metrics.map((m) => `${m.key}:${m.better}`)), [
      ["meanLogLikelihood:higher"],
      ["meanLogLikelihood:higher"],
      ["meanLogLikelihood:higher", "bic:lower"],
      ["logLikelihoodPerSymbol:higher"],
    ]);
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

describe("mle-gaussian", () => {
  const I = COV;
  test("refuses bad bodies with clear messages", () => {
    const cases: [unknown, RegExp][] = [
      [[1, 2], /^The submission must be a JSON object like \{"mean"/],
      [{ covariance: I }, /^"mean" is missing/],
      [{ mean: [44, NaN], covariance: I }, /^"mean" entry 2 \(flipper length\) is not a number \(NaN and Infinity cannot be sent as JSON\)\.$/],
      [{ mean: [44, "200"], covariance: I }, /^"mean" entry 2 \(flipper length\) is not a number\.$/],
      [{ mean: [44], covariance: I }, /^"mean" must have 2 numbers; it has 1\.$/],
      [{ mean: [1e5, 200], covariance: I }, /^"mean" entry 1 \(beak length\) is 100000; it must be within ±10000 mm\.$/],
      [{ mean: [44, 200], covariance: [[30, 47]] }, /^"covariance" must have 2 rows of 2 numbers; it has 1 row\.$/],
      [{ mean: [44, 200], covariance: [[30, 47, 1], [47, 190]] }, /^"covariance" row 1 must have 2 numbers; it has 3\.$/],
      [{ mean: [44, 200], covariance: [[30, 47], [47, Infinity]] }, /^"covariance" row 2, column 2 is not a number \(NaN and Infinity/],
      [{ mean: [44, 200], covariance: [[30, 47], [46, 190]] }, /^"covariance" is not symmetric: row 1, column 2 is 47 but row 2, column 1 is 46\.$/],
      [{ mean: [44, 200], covariance: [[30, 80], [80, 190]] }, /^"covariance" is not positive definite: its determinant a·d − b² is -700, it must be > 0\.$/],
      [{ mean: [44, 200], covariance: [[-30, 0], [0, 190]] }, /^"covariance" is not positive definite: its variances \(-30, 190\) must both be > 0\.$/],
      [{ mean: [44, 200], covariance: [[0.5, 0], [0, 190]] }, /^"covariance" has a smallest eigenvalue of 0\.5 mm²; at least 1 mm² is required/],
    ];
    for (const [body, re] of cases) assert.match(refusal(mleGaussian, json(body)), re);
  });

  test("the MLE fit on the training split beats deliberately bad Gaussians on the held-out penguins", () => {
    const fit = fitGaussian2(loadPenguinTrain());
    const body = json({ mean: fit.mean, covariance: fit.covariance });
    const best = mleGaussian.score(mleGaussian.submissionSchema.parse(body)).meanLogLikelihood;
    close(best, gaussianMeanLogLikelihood(loadPenguinHeldout(), fit), 1e-12);
    assert.ok(best > -7 && best < -6.5, `${best}`);
    const bad = [
      { mean: [fit.mean[0] + 5, fit.mean[1]], covariance: fit.covariance }, // shifted
      { mean: fit.mean, covariance: [[fit.covariance[0][0], 0], [0, fit.covariance[1][1]]] }, // correlation ignored
      { mean: fit.mean, covariance: [[fit.covariance[0][0] * 4, fit.covariance[0][1] * 4], [fit.covariance[1][0] * 4, fit.covariance[1][1] * 4]] }, // too wide
    ];
    for (const b of bad) assert.ok(mleGaussian.score(mleGaussian.submissionSchema.parse(json(b))).meanLogLikelihood < best - 0.05);
  });

  test("scoring against a caller-supplied held-out set", () => {
    const s = mleGaussian.submissionSchema.parse({ mean: [0, 0], covariance: [[1, 0], [0, 1]] });
    close(scoreMleGaussianWithHeldout(s, [[0, 0]]).meanLogLikelihood, -Math.log(2 * Math.PI), 1e-14);
    close(scoreMleGaussianAgainst(s, loadPenguinHeldout()).meanLogLikelihood, mleGaussian.score(s).meanLogLikelihood, 1e-14);
    assert.throws(() => scoreMleGaussianWithHeldout(s, [1, 2]), /entry 1 must be a pair/);
  });
});

describe("kde-bandwidth", () => {
  test("refuses bad bodies with clear messages", () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^"bandwidth" is missing\.$/],
      [{ bandwidth: 0 }, /^"bandwidth" must be greater than 0 \(it is 0\)\.$/],
      [{ bandwidth: -0.2 }, /^"bandwidth" must be greater than 0 \(it is -0\.2\)\.$/],
      [{ bandwidth: NaN }, /^"bandwidth" is not a number \(NaN and Infinity cannot be sent as JSON\)\.$/],
      [{ bandwidth: "0.2" }, /^"bandwidth" is not a number\.$/],
      [{ bandwidth: 1e-9 }, /^"bandwidth" is 1e-9 kg; it must be between 0\.0001 and 100 kg\.$/],
      [{ bandwidth: 1000 }, /^"bandwidth" is 1000 kg; it must be between/],
      [0.2, /^The submission must be a JSON object like \{"bandwidth": 0\.25\}\.$/],
    ];
    for (const [body, re] of cases) assert.match(refusal(kdeBandwidth, json(body)), re);
  });

  test("a sensible bandwidth beats far too narrow and far too wide ones; the curve has an interior maximum", () => {
    const score = (h: number) => kdeBandwidth.score({ bandwidth: h }).meanLogLikelihood;
    const silverman = silvermanBandwidth(loadBodyMassTrain());
    close(silverman, 0.2309, 1e-3);
    assert.ok(score(silverman) > score(0.005) + 10);
    assert.ok(score(silverman) > score(2) + 0.3);
    assert.ok(score(silverman) > score(KDE_INITIAL_BANDWIDTH));
    close(score(0.2), kdeMeanLogLikelihood(loadBodyMassTrain(), loadBodyMassHeldout(), 0.2), 1e-14);
    assert.ok(Number.isFinite(score(1e-4)));
  });

  test("scoring against a caller-supplied held-out set uses the training KDE", () => {
    close(scoreKdeBandwidthWithHeldout({ bandwidth: 0.3 }, [4, 5]).meanLogLikelihood, kdeMeanLogLikelihood(loadBodyMassTrain(), [4, 5], 0.3), 1e-14);
    close(scoreKdeBandwidthAgainst({ bandwidth: 0.3 }, loadBodyMassHeldout()).meanLogLikelihood, kdeBandwidth.score({ bandwidth: 0.3 }).meanLogLikelihood, 1e-14);
    assert.throws(() => scoreKdeBandwidthWithHeldout({ bandwidth: 0.3 }, [[4, 5]]), /entry 1 must be a finite number/);
  });
});

describe("gmm-em", () => {
  test("refuses bad bodies with clear messages", () => {
    const g = GOOD_GMM;
    const cases: [unknown, RegExp][] = [
      [{ ...g, weights: [0.5, 0.6] }, /^"weights" sums to 1\.1, not 1 \(allowed error ±1e-6\)\.$/],
      [{ ...g, weights: [1.2, -0.2] }, /^"weights" entry 1 is 1\.2; a probability cannot exceed 1 \(and 1 more problem\)\.$/],
      [{ ...g, weights: [-0.2, 1.2] }, /^"weights" entry 1 is negative \(-0\.2\); probabilities must be ≥ 0/],
      [{ weights: Array(11).fill(1 / 11), means: [], covariances: [] }, /^"weights" must have 1 to 10 numbers \(one weight per component\); it has 11\.$/],
      [{ weights: [], means: [], covariances: [] }, /^"weights" must have 1 to 10 numbers .*; it has 0\.$/],
      [{ ...g, weights: [0.5, null] }, /^"weights" entry 2 is not a number \(NaN and Infinity/],
      [{ ...g, means: [[39, 190]] }, /^"means" has 1 entry but "weights" has 2; give one per component\.$/],
      [{ weights: g.weights, means: g.means }, /^"covariances" is missing; it must be a list with one entry per component \(2, as in "weights"\)\.$/],
      [{ ...g, means: [[39, 190], [47, NaN]] }, /^"means" component 2, entry 2 \(flipper length\) is not a number \(NaN and Infinity/],
      [{ ...g, covariances: [COV, [[30, 47], [47, null]]] }, /^"covariances" component 2, row 2, column 2 is not a number \(NaN and Infinity/],
      [{ ...g, covariances: [COV, [[30, 47, 0], [47, 190]]] }, /^"covariances" component 2, row 1 must have 2 numbers; it has 3\.$/],
      [{ ...g, covariances: [COV, [[30, 47], [48, 190]]] }, /^"covariances" component 2 is not symmetric: row 1, column 2 is 47 but row 2, column 1 is 48\.$/],
      [{ ...g, covariances: [[[30, 80], [80, 190]], COV] }, /^"covariances" component 1 is not positive definite: its determinant a·d − b² is -700, it must be > 0\.$/],
      [{ ...g, covariances: [COV, [[30, 0], [0, 1e-12]]] }, /^"covariances" component 2 has a smallest eigenvalue of 1e-12 mm²; at least 1 mm² is required \(flipper lengths are whole millimetres/],
    ];
    for (const [body, re] of cases) assert.match(refusal(gmmEm, json(body)), re);
  });

  test("EM on the training split beats one Gaussian and a bad mixture held-out; BIC is on the training split", () => {
    const train = loadPenguinTrain();
    const { model, logLikelihoods } = fitGmmEm(train, { ...(gmmEm.defaultHyperparameters as { components: number; iterations: number; seed: number; tolerance: number; minEigenvalue: number }) });
    for (let i = 1; i < logLikelihoods.length; i++) assert.ok(logLikelihoods[i] >= logLikelihoods[i - 1] - 1e-9 * Math.abs(logLikelihoods[i]), `EM step ${i} on penguins`);
    const submission = gmmEm.submissionSchema.parse(json(model));
    const m = gmmEm.score(submission);
    close(m.meanLogLikelihood, gmmMeanLogLikelihood(loadPenguinHeldout(), model), 1e-9);
    close(m.bic, gmmBic(train, model), 1e-9);
    const single = fitGaussian2(train);
    const one = gmmEm.score(gmmEm.submissionSchema.parse(json({ weights: [1], means: [single.mean], covariances: [single.covariance] })));
    close(one.meanLogLikelihood, mleGaussian.score(mleGaussian.submissionSchema.parse(json(single))).meanLogLikelihood, 1e-12);
    close(one.bic, -2 * gaussianMeanLogLikelihood(train, single) * train.length + 5 * Math.log(train.length), 1e-9);
    assert.ok(m.meanLogLikelihood > one.meanLogLikelihood + 0.1, `${m.meanLogLikelihood} vs ${one.meanLogLikelihood}`);
    assert.ok(m.bic < one.bic);
    const bad = gmmEm.score(gmmEm.submissionSchema.parse(json({ ...model, means: model.means.map(([x, y]) => [x + 4, y - 10]) })));
    assert.ok(bad.meanLogLikelihood < m.meanLogLikelihood - 0.5);
  });

  test("weights within the 1e-6 slack are renormalised before scoring", () => {
    const a = gmmEm.score(gmmEm.submissionSchema.parse({ ...GOOD_GMM, weights: [0.4, 0.6] }));
    const b = gmmEm.score(gmmEm.submissionSchema.parse({ ...GOOD_GMM, weights: [0.4 * (1 + 9e-7), 0.6 * (1 + 9e-7)] }));
    close(a.meanLogLikelihood, b.meanLogLikelihood, 1e-12);
  });

  test("scoring against a caller-supplied held-out set", () => {
    const s = gmmEm.submissionSchema.parse(GOOD_GMM);
    close(scoreGmmEmAgainst(s, loadPenguinHeldout()).meanLogLikelihood, gmmEm.score(s).meanLogLikelihood, 1e-14);
    assert.equal(scoreGmmEmWithHeldout(s, [[40, 190]]).bic, gmmEm.score(s).bic);
  });
});

describe("hmm-weather", () => {
  test("refuses bad bodies with clear messages", () => {
    const h = GOOD_HMM;
    const cases: [unknown, RegExp][] = [
      [{ ...h, initial: [0.7, 0.31] }, /^"initial" sums to 1\.01, not 1 \(allowed error ±1e-6\)\.$/],
      [{ ...h, transition: [[0.8, 0.2], [0.3, 0.6]] }, /^"transition" row 2 sums to 0\.9, not 1 \(allowed error ±1e-6\)\.$/],
      [{ ...h, emission: [h.emission[0], [0.2, 0.8, 0.1, -0.05, -0.05]] }, /^"emission" row 2, column 4 \(drizzle\) is negative \(-0\.05\); probabilities must be ≥ 0/],
      [{ ...h, transition: [[1.2, -0.2], [0.3, 0.7]] }, /^"transition" row 1, column 1 is 1\.2; a probability cannot exceed 1/],
      [{ ...h, emission: [h.emission[0], [0.25, 0.25, 0.25, 0.25]] }, /^"emission" row 2 must have 5 numbers \(sun, rain, fog, drizzle, snow\); it has 4\.$/],
      [{ ...h, emission: [h.emission[0]] }, /^"emission" must have 2 rows of 5 numbers; it has 1 row\.$/],
      [{ ...h, transition: [[0.8, 0.2, 0], [0.3, 0.7, 0]] }, /^"transition" row 1 must have 2 numbers; it has 3/],
      [{ initial: Array(9).fill(1 / 9), transition: [], emission: [] }, /^"initial" must have 1 to 8 numbers \(one probability per hidden state\); it has 9\.$/],
      [{ ...h, emission: [h.emission[0], [0.2, 0.2, 0.2, 0.2, NaN]] }, /^"emission" row 2, column 5 \(snow\) is not a number \(NaN and Infinity/],
      [{ transition: h.transition, emission: h.emission }, /^"initial" is missing/],
      ["sun", /^The submission must be a JSON object/],
    ];
    for (const [body, re] of cases) assert.match(refusal(hmmWeather, json(body)), re);
    // Within the tolerance is accepted.
    assert.ok(hmmWeather.submissionSchema.safeParse({ ...h, initial: [0.7, 0.3000009] }).success);
  });

  test("Baum–Welch on 2012–2014 beats a bad model on 2015; the score is the smoothed forward log-likelihood per day", () => {
    const train = loadWeatherTrain();
    const { model, logLikelihoods } = fitHmmBaumWelch(train, { states: 3, symbols: WEATHER_SYMBOLS.length, iterations: 100, seed: 1 });
    for (let i = 1; i < logLikelihoods.length; i++) assert.ok(logLikelihoods[i] >= logLikelihoods[i - 1] - 1e-9 * Math.abs(logLikelihoods[i]), `Baum–Welch step ${i} on the weather`);
    const m = hmmWeather.score(hmmWeather.submissionSchema.parse(json(model)));
    const heldout = loadWeatherHeldout();
    close(m.logLikelihoodPerSymbol, hmmLogLikelihood(smoothHmm(model, HMM_SCORE_SMOOTHING), heldout) / 365, 1e-12);
    assert.ok(m.logLikelihoodPerSymbol > -1.2 && m.logLikelihoodPerSymbol < -0.9, `${m.logLikelihoodPerSymbol}`);
    const uniform = hmmWeather.score({ initial: [1], transition: [[1]], emission: [[0.2, 0.2, 0.2, 0.2, 0.2]] });
    close(uniform.logLikelihoodPerSymbol, Math.log(0.2), 1e-12);
    assert.ok(m.logLikelihoodPerSymbol > uniform.logLikelihoodPerSymbol + 0.3);
  });

  test("a day the model calls impossible costs about log ε, not −∞", () => {
    // 2015 has fog days; a model that never emits fog still gets a finite (terrible) score.
    const noFog = { initial: [1], transition: [[1]], emission: [[0.5, 0.5, 0, 0, 0]] };
    const m = hmmWeather.score(hmmWeather.submissionSchema.parse(noFog));
    assert.ok(Number.isFinite(m.logLikelihoodPerSymbol));
    assert.ok(m.logLikelihoodPerSymbol < -2);
  });

  test("scoring against a caller-supplied held-out sequence of symbol names", () => {
    const s = hmmWeather.submissionSchema.parse({ initial: [1], transition: [[1]], emission: [[0.5, 0.25, 0.125, 0.0625, 0.0625]] });
    const mix = (p: number) => (1 - HMM_SCORE_SMOOTHING) * p + HMM_SCORE_SMOOTHING / 5;
    close(scoreHmmWeatherWithHeldout(s, ["sun", "rain", "snow"]).logLikelihoodPerSymbol, (Math.log(mix(0.5)) + Math.log(mix(0.25)) + Math.log(mix(0.0625))) / 3, 1e-12);
    close(scoreHmmWeatherAgainst(s, loadWeatherHeldout()).logLikelihoodPerSymbol, hmmWeather.score(s).logLikelihoodPerSymbol, 1e-14);
    assert.throws(() => scoreHmmWeatherWithHeldout(s, ["sun", "hail"]), /entry 2 is "hail"/);
    // A day not observed (the other part of a course's split) is summed over and not counted.
    close(scoreHmmWeatherWithHeldout(s, ["sun", null, "rain"]).logLikelihoodPerSymbol, (Math.log(mix(0.5)) + Math.log(mix(0.25))) / 2, 1e-12);
    assert.throws(() => scoreHmmWeatherWithHeldout(s, [null, null]), /at least one needs its weather/);
  });
});

test("scorer timings (largest submissions)", () => {
  const time = (label: string, f: () => unknown) => {
    f(); // warm: loads and caches the data
    const runs = 20;
    const t0 = performance.now();
    for (let i = 0; i < runs; i++) f();
    const ms = (performance.now() - t0) / runs;
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
