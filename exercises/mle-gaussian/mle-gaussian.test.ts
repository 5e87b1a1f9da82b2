// mle-gaussian: its schema refuses each class of bad input with a clear message, and fitting on the
// training split beats a bad model on the held-out data.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPenguinHeldout } from "@/lib/datasets/heldout";
import { loadPenguinTrain } from "@/lib/datasets/train";
import { mleGaussianScorer, scoreMleGaussianAgainst, scoreMleGaussianWithHeldout } from "./server";
import { mleGaussianSpec } from "./spec";
import { defineExercise, type ExerciseDefinition } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { fitGaussian2, gaussianMeanLogLikelihood } from "@/lib/ml/density/gaussian";

const mleGaussian = defineExercise(mleGaussianSpec, mleGaussianScorer);
const close = (a: number, b: number, tol = 1e-10) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);
/** The sentence the API and the CLI print for a refused body. */
function refusal(definition: ExerciseDefinition<any, any>, body: unknown): string {
  const parsed = definition.submissionSchema.safeParse(body);
  assert.ok(!parsed.success, `${definition.slug} accepted ${JSON.stringify(body)}`);
  return describeValidationError(parsed.error);
}
/** Round-trips through JSON, as a real submission does (NaN and Infinity become null). */
const json = <T>(v: T): unknown => JSON.parse(JSON.stringify(v));

const COV: [[number, number], [number, number]] = [
  [30, 47],
  [47, 190],
];

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
      [
        {
          mean: [44, 200],
          covariance: [
            [30, 47, 1],
            [47, 190],
          ],
        },
        /^"covariance" row 1 must have 2 numbers; it has 3\.$/,
      ],
      [
        {
          mean: [44, 200],
          covariance: [
            [30, 47],
            [47, Infinity],
          ],
        },
        /^"covariance" row 2, column 2 is not a number \(NaN and Infinity/,
      ],
      [
        {
          mean: [44, 200],
          covariance: [
            [30, 47],
            [46, 190],
          ],
        },
        /^"covariance" is not symmetric: row 1, column 2 is 47 but row 2, column 1 is 46\.$/,
      ],
      [
        {
          mean: [44, 200],
          covariance: [
            [30, 80],
            [80, 190],
          ],
        },
        /^"covariance" is not positive definite: its determinant a·d − b² is -700, it must be > 0\.$/,
      ],
      [
        {
          mean: [44, 200],
          covariance: [
            [-30, 0],
            [0, 190],
          ],
        },
        /^"covariance" is not positive definite: its variances \(-30, 190\) must both be > 0\.$/,
      ],
      [
        {
          mean: [44, 200],
          covariance: [
            [0.5, 0],
            [0, 190],
          ],
        },
        /^"covariance" has a smallest eigenvalue of 0\.5 mm²; at least 1 mm² is required/,
      ],
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
      {
        mean: fit.mean,
        covariance: [
          [fit.covariance[0][0], 0],
          [0, fit.covariance[1][1]],
        ],
      }, // correlation ignored
      {
        mean: fit.mean,
        covariance: [
          [fit.covariance[0][0] * 4, fit.covariance[0][1] * 4],
          [fit.covariance[1][0] * 4, fit.covariance[1][1] * 4],
        ],
      }, // too wide
    ];
    for (const b of bad) assert.ok(mleGaussian.score(mleGaussian.submissionSchema.parse(json(b))).meanLogLikelihood < best - 0.05);
  });

  test("scoring against a caller-supplied held-out set", () => {
    const s = mleGaussian.submissionSchema.parse({
      mean: [0, 0],
      covariance: [
        [1, 0],
        [0, 1],
      ],
    });
    close(scoreMleGaussianWithHeldout(s, [[0, 0]]).meanLogLikelihood, -Math.log(2 * Math.PI), 1e-14);
    close(scoreMleGaussianAgainst(s, loadPenguinHeldout()).meanLogLikelihood, mleGaussian.score(s).meanLogLikelihood, 1e-14);
    assert.throws(() => scoreMleGaussianWithHeldout(s, [1, 2]), /entry 1 must be a pair/);
  });
});
