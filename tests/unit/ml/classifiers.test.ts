import assert from "node:assert/strict";
import { test } from "node:test";
import {
  accuracy,
  fitGaussianClassifier,
  fitLogisticRegression,
  gaussianPosterior1,
  logisticLoss,
  logisticPosterior1,
  sampleGaussianClassifier,
} from "@/lib/ml/classifiers/binary";
import { mulberry32 } from "@/lib/ml/random";

test("the Gaussian classifier's posterior is Bayes' rule on the class densities", () => {
  // Two classes with identity-like covariances around (0,0) and (2,0), priors 1/2 each.
  const data = {
    points: [
      [-1, -1],
      [1, 1],
      [-1, 1],
      [1, -1],
      [1, -1],
      [3, 1],
      [1, 1],
      [3, -1],
    ] as [number, number][],
    labels: [0, 0, 0, 0, 1, 1, 1, 1],
  };
  const model = fitGaussianClassifier(data);
  assert.deepEqual(model.classes[0].mean, [0, 0]);
  assert.deepEqual(model.classes[1].mean, [2, 0]);
  assert.equal(model.prior1, 0.5);
  // Both covariances are the identity here, so the log-odds are linear: (x·(μ1−μ0) − (|μ1|²−|μ0|²)/2) = 2x − 2.
  for (const x of [-1, 0, 1, 2.5]) {
    const expected = 1 / (1 + Math.exp(-(2 * x - 2)));
    assert.ok(Math.abs(gaussianPosterior1(model, [x, 0.3]) - expected) < 1e-12, `x = ${x}`);
  }
});

test("sampling from the generative classifier reproduces its class means and prior", () => {
  const model = {
    classes: [
      {
        mean: [0, 0],
        covariance: [
          [1, 0],
          [0, 1],
        ],
      },
      {
        mean: [5, 5],
        covariance: [
          [1, 0.5],
          [0.5, 1],
        ],
      },
    ],
    prior1: 0.25,
  } as const;
  const drawn = sampleGaussianClassifier(model as never, 20_000, mulberry32(3));
  const ones = drawn.points.filter((_, i) => drawn.labels[i] === 1);
  assert.ok(Math.abs(ones.length / 20_000 - 0.25) < 0.01);
  const meanX = ones.reduce((s, p) => s + p[0], 0) / ones.length;
  assert.ok(Math.abs(meanX - 5) < 0.05);
});

test("logistic regression descends the cross-entropy and separates separable data", () => {
  const rng = mulberry32(11);
  const points: [number, number][] = [];
  const labels: number[] = [];
  for (let i = 0; i < 200; i++) {
    const x: [number, number] = [rng() * 10, rng() * 10];
    points.push(x);
    labels.push(x[0] + x[1] > 10.5 ? 1 : 0);
  }
  const data = { points, labels };
  const short = fitLogisticRegression(data, { iterations: 10 });
  const long = fitLogisticRegression(data, { iterations: 2000 });
  assert.ok(logisticLoss(long, data) < logisticLoss(short, data));
  assert.ok(accuracy((x) => logisticPosterior1(long, x), data) >= 0.97);
  // The true boundary is x + y = 10.5 and both inputs have about the same spread, so w points along (1, 1).
  assert.ok(Math.abs(long.w[0] / long.w[1] - 1) < 0.15, `w = ${long.w}`);
});
