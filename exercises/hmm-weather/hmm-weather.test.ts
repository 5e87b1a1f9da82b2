// hmm-weather: its schema refuses each class of bad input with a clear message, and fitting on the
// training split beats a bad model on the held-out data.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadWeatherHeldout } from "@/lib/datasets/heldout";
import { WEATHER_SYMBOLS } from "@/lib/datasets/seattle-weather";
import { loadWeatherTrain } from "@/lib/datasets/train";
import { hmmWeatherScorer, scoreHmmWeatherAgainst, scoreHmmWeatherWithHeldout } from "./server";
import { HMM_SCORE_SMOOTHING, hmmWeatherSpec } from "./spec";
import { defineExercise, type ExerciseDefinition } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { fitHmmBaumWelch, hmmLogLikelihood, smoothHmm } from "@/lib/ml/density/hmm";

const hmmWeather = defineExercise(hmmWeatherSpec, hmmWeatherScorer);

const close = (a: number, b: number, tol = 1e-10) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);
/** The sentence the API and the CLI print for a refused body. */
function refusal(definition: ExerciseDefinition<any, any>, body: unknown): string {
  const parsed = definition.submissionSchema.safeParse(body);
  assert.ok(!parsed.success, `${definition.slug} accepted ${JSON.stringify(body)}`);
  return describeValidationError(parsed.error);
}
/** Round-trips through JSON, as a real submission does (NaN and Infinity become null). */
const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));

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

describe("hmm-weather", () => {
  test("refuses bad bodies with clear messages", () => {
    const h = GOOD_HMM;
    const cases: [unknown, RegExp][] = [
      [{ ...h, initial: [0.7, 0.31] }, /^"initial" sums to 1\.01, not 1 \(allowed error ±1e-6\)\.$/],
      [
        {
          ...h,
          transition: [
            [0.8, 0.2],
            [0.3, 0.6],
          ],
        },
        /^"transition" row 2 sums to 0\.9, not 1 \(allowed error ±1e-6\)\.$/,
      ],
      [
        { ...h, emission: [h.emission[0], [0.2, 0.8, 0.1, -0.05, -0.05]] },
        /^"emission" row 2, column 4 \(drizzle\) is negative \(-0\.05\); probabilities must be ≥ 0/,
      ],
      [
        {
          ...h,
          transition: [
            [1.2, -0.2],
            [0.3, 0.7],
          ],
        },
        /^"transition" row 1, column 1 is 1\.2; a probability cannot exceed 1/,
      ],
      [{ ...h, emission: [h.emission[0], [0.25, 0.25, 0.25, 0.25]] }, /^"emission" row 2 must have 5 numbers \(sun, rain, fog, drizzle, snow\); it has 4\.$/],
      [{ ...h, emission: [h.emission[0]] }, /^"emission" must have 2 rows of 5 numbers; it has 1 row\.$/],
      [
        {
          ...h,
          transition: [
            [0.8, 0.2, 0],
            [0.3, 0.7, 0],
          ],
        },
        /^"transition" row 1 must have 2 numbers; it has 3/,
      ],
      [
        { initial: Array(9).fill(1 / 9), transition: [], emission: [] },
        /^"initial" must have 1 to 8 numbers \(one probability per hidden state\); it has 9\.$/,
      ],
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
    for (let i = 1; i < logLikelihoods.length; i++)
      assert.ok(logLikelihoods[i] >= logLikelihoods[i - 1] - 1e-9 * Math.abs(logLikelihoods[i]), `Baum–Welch step ${i} on the weather`);
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
    close(
      scoreHmmWeatherWithHeldout(s, ["sun", "rain", "snow"]).logLikelihoodPerSymbol,
      (Math.log(mix(0.5)) + Math.log(mix(0.25)) + Math.log(mix(0.0625))) / 3,
      1e-12,
    );
    close(scoreHmmWeatherAgainst(s, loadWeatherHeldout()).logLikelihoodPerSymbol, hmmWeather.score(s).logLikelihoodPerSymbol, 1e-14);
    assert.throws(() => scoreHmmWeatherWithHeldout(s, ["sun", "hail"]), /entry 2 is "hail"/);
    // A day not observed (the other part of a course's split) is summed over and not counted.
    close(scoreHmmWeatherWithHeldout(s, ["sun", null, "rain"]).logLikelihoodPerSymbol, (Math.log(mix(0.5)) + Math.log(mix(0.25))) / 2, 1e-12);
    assert.throws(() => scoreHmmWeatherWithHeldout(s, [null, null]), /at least one needs its weather/);
  });
});
