// mle-gaussian's stepped trainer (lib/ml/density/gaussian-mle-trainer.ts): one step is the closed-form
// fit the page always computed (both divisors), and a saved run resumes to the same fit.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPenguinTrain } from "@/lib/datasets/train";
import { fitGaussian2, gaussianMeanLogLikelihood, sampleGaussian2, standardise2, type Gaussian2 } from "@/lib/ml/density/gaussian";
import { GaussianMleTrainer } from "@/lib/ml/density/gaussian-mle-trainer";
import { mulberry32 } from "@/lib/ml/random";
import { DEFAULT_MLE_GAUSSIAN_CONFIG as DEFAULTS } from "./spec";

const points = loadPenguinTrain();

/** What the page computed before the trainer existed, verbatim. */
function pageFit(d: "n" | "n-1"): Gaussian2 {
  const g = fitGaussian2(points);
  const n = points.length;
  const s = d === "n" ? 1 : n / (n - 1);
  return {
    mean: g.mean,
    covariance: [
      [g.covariance[0][0] * s, g.covariance[0][1] * s],
      [g.covariance[1][0] * s, g.covariance[1][1] * s],
    ],
  };
}

describe("mle-gaussian trainer", () => {
  test("one step is exactly the page's closed-form fit, for either divisor", async () => {
    for (const covarianceDivisor of ["n", "n-1"] as const) {
      const trainer = new GaussianMleTrainer(points, { covarianceDivisor });
      assert.equal(trainer.gaussian, null);
      assert.ok(Number.isNaN((await trainer.losses())["log-likelihood"]));
      trainer.step();
      assert.deepEqual(trainer.gaussian, pageFit(covarianceDivisor));
      assert.equal((await trainer.losses())["log-likelihood"], gaussianMeanLogLikelihood(points, pageFit(covarianceDivisor)));
    }
  });

  test("the MLE beats the unbiased covariance on the training penguins, and more steps change nothing", async () => {
    const mle = new GaussianMleTrainer(points, DEFAULTS);
    const unbiased = new GaussianMleTrainer(points, { covarianceDivisor: "n-1" });
    mle.step();
    unbiased.step();
    assert.ok((await mle.losses())["log-likelihood"] > (await unbiased.losses())["log-likelihood"]);
    const fit = mle.gaussian;
    mle.step(3);
    assert.equal(mle.iteration, 4);
    assert.equal(mle.gaussian, fit);
  });

  test("exportState → importState into a fresh trainer gives the same fit and step count", async () => {
    const first = new GaussianMleTrainer(points, DEFAULTS);
    first.step(2);
    const resumed = new GaussianMleTrainer(points, DEFAULTS);
    resumed.importState(structuredClone(await first.exportState()));
    assert.equal(resumed.iteration, 2);
    assert.deepEqual(resumed.gaussian, first.gaussian);
    assert.deepEqual(await resumed.losses(), await first.losses());
    resumed.step();
    first.step();
    assert.deepEqual(await resumed.losses(), await first.losses());
    for (const bad of [null, { kind: "em", iteration: 1 }, { kind: "gaussian-mle", iteration: -2 }, { kind: "gaussian-mle" }]) {
      assert.throws(() => new GaussianMleTrainer(points, DEFAULTS).importState(bad), /not a Gaussian fit|not a whole number/);
    }
  });

  test("the class grid's thumbnail: 64 seeded draws of the fit, standardised into view", () => {
    const trainer = new GaussianMleTrainer(points, DEFAULTS);
    trainer.step();
    const draws = standardise2(sampleGaussian2(trainer.gaussian!, 64, mulberry32(7)), points);
    assert.equal(draws.length, 64);
    for (const [x, y] of draws) assert.ok(Math.abs(x) < 5 && Math.abs(y) < 5, `${x}, ${y}`);
    // Standardised training points have mean 0 and standard deviation 1 per coordinate.
    const z = standardise2(points, points);
    const { mean, covariance } = fitGaussian2(z);
    assert.ok(Math.abs(mean[0]) < 1e-12 && Math.abs(mean[1]) < 1e-12 && Math.abs(covariance[0][0] - 1) < 1e-12 && Math.abs(covariance[1][1] - 1) < 1e-12);
  });
});
