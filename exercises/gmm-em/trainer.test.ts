// gmm-em's stepped trainer (lib/ml/density/em-trainer.ts via createGmmEmTrainer): stepping it is
// the loop fitGmmEm always ran, a saved run resumes exactly, and a bad save is refused in words.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadPenguinTrain } from "@/lib/datasets/train";
import { createGmmEmTrainer, emStep, fitGmmEm, gmmLogLikelihood, initialGmm, sampleGmm2, type Gmm2 } from "@/lib/ml/density/gmm";
import { standardise2 } from "@/lib/ml/density/gaussian";
import { mulberry32 } from "@/lib/ml/random";
import { DEFAULT_GMM_EM_CONFIG as DEFAULTS } from "./spec";

const points = loadPenguinTrain();

/** The loop fitGmmEm ran before the EM trainer existed, verbatim: the reference the trainer must reproduce. */
function referenceEm(options: typeof DEFAULTS): { model: Gmm2; logLikelihoods: number[]; converged: boolean } {
  let model = initialGmm(points, options);
  const logLikelihoods: number[] = [];
  let converged = false;
  for (let it = 0; it < options.iterations; it++) {
    const step = emStep(points, model, options.minEigenvalue);
    logLikelihoods.push(step.logLikelihood);
    model = step.model;
    const m = logLikelihoods.length;
    if (m >= 2 && Math.abs(logLikelihoods[m - 1] - logLikelihoods[m - 2]) < options.tolerance * Math.abs(logLikelihoods[m - 1])) {
      converged = true;
      break;
    }
  }
  logLikelihoods.push(gmmLogLikelihood(points, model));
  return { model, logLikelihoods, converged };
}

describe("gmm-em trainer", () => {
  test("stepping to convergence gives exactly the old loop's mixture and curve (and fitGmmEm's)", () => {
    for (const config of [
      DEFAULTS,
      { ...DEFAULTS, components: 5, init: "random" as const, seed: 4 },
      { ...DEFAULTS, components: 2, tolerance: 0, iterations: 25 },
    ]) {
      const reference = referenceEm(config);
      const trainer = createGmmEmTrainer(points, config);
      // Steps of uneven size, as frames run them; steps past convergence change nothing.
      while (!trainer.converged && trainer.iteration < config.iterations) trainer.step(Math.min(7, config.iterations - trainer.iteration));
      assert.deepEqual(trainer.model, reference.model);
      assert.deepEqual(trainer.curve(), reference.logLikelihoods);
      assert.equal(trainer.converged, reference.converged);
      assert.deepEqual(fitGmmEm(points, config), reference);
    }
  });

  test("the defaults converge before the budget, and converged steps are no-ops", async () => {
    const trainer = createGmmEmTrainer(points, DEFAULTS);
    trainer.step(DEFAULTS.iterations);
    assert.ok(trainer.converged && trainer.iteration < DEFAULTS.iterations, `${trainer.iteration} steps`);
    const { iteration, model } = trainer;
    trainer.step(5);
    assert.equal(trainer.iteration, iteration);
    assert.equal(trainer.model, model);
    const { "log-likelihood": perPenguin } = await trainer.losses();
    assert.equal(perPenguin, gmmLogLikelihood(points, model) / points.length);
  });

  test("exportState → importState into a fresh trainer continues exactly like the uninterrupted run", async () => {
    const config = { ...DEFAULTS, components: 4, tolerance: 0 };
    const whole = createGmmEmTrainer(points, config);
    whole.step(30);
    const first = createGmmEmTrainer(points, config);
    first.step(12);
    // Through structuredClone, as IndexedDB stores it.
    const saved = structuredClone(await first.exportState());
    const resumed = createGmmEmTrainer(points, config);
    resumed.importState(saved);
    assert.equal(resumed.iteration, 12);
    assert.deepEqual(await resumed.losses(), await first.losses());
    resumed.step(18);
    assert.deepEqual(resumed.model, whole.model);
    assert.deepEqual(resumed.curve(), whole.curve());
    assert.deepEqual(await resumed.losses(), await whole.losses());
  });

  test("a saved run that does not fit is refused with a readable message, and nothing changes", async () => {
    const trainer = createGmmEmTrainer(points, DEFAULTS);
    trainer.step(3);
    const good = await trainer.exportState();
    const fresh = createGmmEmTrainer(points, DEFAULTS);
    const model = good.model;
    const cases: [unknown, RegExp][] = [
      [null, /not an EM run/],
      [{ ...good, kind: "vae" }, /not an EM run/],
      [{ ...good, iteration: -1 }, /iteration is not a whole number/],
      [{ ...good, logLikelihoods: new Float64Array(2) }, /2 log-likelihoods for 3 EM steps/],
      [{ ...good, logLikelihoods: [1, NaN, 2] }, /not all finite/],
      [{ ...good, model: { ...model, weights: [1] } }, /does not have 3 weights/],
      [{ ...good, model: { ...model, weights: [0.5, 0.5, 0.5] } }, /not probabilities summing to 1/],
      [
        {
          ...good,
          model: {
            ...model,
            covariances: [
              model.covariances[0],
              model.covariances[1],
              [
                [1, 2],
                [2, 1],
              ],
            ],
          },
        },
        /covariance 3 that is not positive definite/,
      ],
    ];
    for (const [state, re] of cases) assert.throws(() => fresh.importState(state), re);
    assert.equal(fresh.iteration, 0);
    assert.deepEqual(fresh.model, createGmmEmTrainer(points, DEFAULTS).model);
    // A save of K = 3 cannot resume a K = 2 model.
    assert.throws(() => createGmmEmTrainer(points, { ...DEFAULTS, components: 2 }).importState(good), /does not have 2 weights/);
  });

  test("the class grid's thumbnail: 64 seeded draws of the mixture, standardised into view", () => {
    const trainer = createGmmEmTrainer(points, DEFAULTS);
    trainer.step(DEFAULTS.iterations);
    const draw = () => standardise2(sampleGmm2(trainer.model, 64, mulberry32(7)), points);
    const a = draw();
    assert.equal(a.length, 64);
    assert.deepEqual(a, draw());
    for (const [x, y] of a) assert.ok(Math.abs(x) < 5 && Math.abs(y) < 5, `${x}, ${y}`);
    // Many draws land where the penguins are: mean near 0 and spread near 1 in standard units.
    const many = standardise2(sampleGmm2(trainer.model, 20_000, mulberry32(1)), points);
    const mean = many.reduce((s, [x]) => s + x, 0) / many.length;
    const sd = Math.sqrt(many.reduce((s, [x]) => s + (x - mean) ** 2, 0) / many.length);
    assert.ok(Math.abs(mean) < 0.05 && Math.abs(sd - 1) < 0.05, `mean ${mean}, sd ${sd}`);
  });
});
