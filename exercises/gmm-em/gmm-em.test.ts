// gmm-em: its schema refuses each class of bad input with a clear message, and fitting on the
// training split beats a bad model on the held-out data.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPenguinHeldout } from "@/lib/datasets/heldout";
import { loadPenguinTrain } from "@/lib/datasets/train";
import { gmmEmScorer, scoreGmmEmAgainst, scoreGmmEmWithHeldout } from "./server";
import { gmmEmSpec } from "./spec";
import { mleGaussianScorer } from "@/exercises/mle-gaussian/server";
import { mleGaussianSpec } from "@/exercises/mle-gaussian/spec";
import { defineExercise, type ExerciseDefinition } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { fitGaussian2, gaussianMeanLogLikelihood } from "@/lib/ml/density/gaussian";
import { fitGmmEm, gmmBic, gmmMeanLogLikelihood } from "@/lib/ml/density/gmm";

const mleGaussian = defineExercise(mleGaussianSpec, mleGaussianScorer);
const gmmEm = defineExercise(gmmEmSpec, gmmEmScorer);
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
const GOOD_GMM = {
  weights: [0.4, 0.6],
  means: [
    [39, 190],
    [47, 212],
  ],
  covariances: [COV, COV],
};

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
      [
        {
          ...g,
          means: [
            [39, 190],
            [47, NaN],
          ],
        },
        /^"means" component 2, entry 2 \(flipper length\) is not a number \(NaN and Infinity/,
      ],
      [
        {
          ...g,
          covariances: [
            COV,
            [
              [30, 47],
              [47, null],
            ],
          ],
        },
        /^"covariances" component 2, row 2, column 2 is not a number \(NaN and Infinity/,
      ],
      [
        {
          ...g,
          covariances: [
            COV,
            [
              [30, 47, 0],
              [47, 190],
            ],
          ],
        },
        /^"covariances" component 2, row 1 must have 2 numbers; it has 3\.$/,
      ],
      [
        {
          ...g,
          covariances: [
            COV,
            [
              [30, 47],
              [48, 190],
            ],
          ],
        },
        /^"covariances" component 2 is not symmetric: row 1, column 2 is 47 but row 2, column 1 is 48\.$/,
      ],
      [
        {
          ...g,
          covariances: [
            [
              [30, 80],
              [80, 190],
            ],
            COV,
          ],
        },
        /^"covariances" component 1 is not positive definite: its determinant a·d − b² is -700, it must be > 0\.$/,
      ],
      [
        {
          ...g,
          covariances: [
            COV,
            [
              [30, 0],
              [0, 1e-12],
            ],
          ],
        },
        /^"covariances" component 2 has a smallest eigenvalue of 1e-12 mm²; at least 1 mm² is required \(flipper lengths are whole millimetres/,
      ],
    ];
    for (const [body, re] of cases) assert.match(refusal(gmmEm, json(body)), re);
  });

  test("EM on the training split beats one Gaussian and a bad mixture held-out; BIC is on the training split", () => {
    const train = loadPenguinTrain();
    const { model, logLikelihoods } = fitGmmEm(train, {
      ...(gmmEm.defaultHyperparameters as { components: number; iterations: number; seed: number; tolerance: number; minEigenvalue: number }),
    });
    for (let i = 1; i < logLikelihoods.length; i++)
      assert.ok(logLikelihoods[i] >= logLikelihoods[i - 1] - 1e-9 * Math.abs(logLikelihoods[i]), `EM step ${i} on penguins`);
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
