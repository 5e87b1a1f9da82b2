// hmm-weather's stepped trainer (lib/ml/density/em-trainer.ts via createBaumWelchTrainer): stepping
// it is the loop fitHmmBaumWelch always ran, a saved run resumes exactly, and a bad save is refused.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { WEATHER_SYMBOLS } from "@/lib/datasets/seattle-weather";
import { loadWeatherTrain } from "@/lib/datasets/train";
import { baumWelchStep, createBaumWelchTrainer, fitHmmBaumWelch, hmmLogLikelihood, randomHmm, type Hmm } from "@/lib/ml/density/hmm";
import { DEFAULT_HMM_WEATHER_CONFIG as DEFAULTS } from "./spec";

const days = loadWeatherTrain();
const symbols = WEATHER_SYMBOLS.length;
const options = (config: typeof DEFAULTS) => ({ states: config.states, symbols, seed: config.seed, tolerance: config.tolerance });

/** The loop fitHmmBaumWelch ran before the EM trainer existed, verbatim: the reference the trainer must reproduce. */
function referenceBaumWelch(config: typeof DEFAULTS): { model: Hmm; logLikelihoods: number[]; converged: boolean } {
  let model = randomHmm(config.states, symbols, config.seed);
  const logLikelihoods: number[] = [];
  let converged = false;
  for (let it = 0; it < config.iterations; it++) {
    const step = baumWelchStep(model, days, symbols);
    logLikelihoods.push(step.logLikelihood);
    model = step.model;
    const m = logLikelihoods.length;
    if (m >= 2 && Math.abs(logLikelihoods[m - 1] - logLikelihoods[m - 2]) < config.tolerance * Math.abs(logLikelihoods[m - 1])) {
      converged = true;
      break;
    }
  }
  logLikelihoods.push(hmmLogLikelihood(model, days));
  return { model, logLikelihoods, converged };
}

describe("hmm-weather trainer", () => {
  test("stepping to convergence gives exactly the old loop's HMM and curve (and fitHmmBaumWelch's)", () => {
    for (const config of [DEFAULTS, { ...DEFAULTS, states: 5, seed: 3, iterations: 40 }, { ...DEFAULTS, states: 1, tolerance: 0, iterations: 5 }]) {
      const reference = referenceBaumWelch(config);
      const trainer = createBaumWelchTrainer(days, options(config));
      while (!trainer.converged && trainer.iteration < config.iterations) trainer.step(Math.min(4, config.iterations - trainer.iteration));
      assert.deepEqual(trainer.model, reference.model);
      assert.deepEqual(trainer.curve(), reference.logLikelihoods);
      assert.equal(trainer.converged, reference.converged);
      assert.deepEqual(fitHmmBaumWelch(days, { ...options(config), iterations: config.iterations }), reference);
    }
  });

  test("losses() is the current model's log-likelihood per day", async () => {
    const trainer = createBaumWelchTrainer(days, options(DEFAULTS));
    trainer.step(3);
    assert.deepEqual(await trainer.losses(), { "log-likelihood": hmmLogLikelihood(trainer.model, days) / days.length });
  });

  test("exportState → importState into a fresh trainer continues exactly like the uninterrupted run", async () => {
    const config = { ...DEFAULTS, states: 4, tolerance: 0 };
    const whole = createBaumWelchTrainer(days, options(config));
    whole.step(25);
    const first = createBaumWelchTrainer(days, options(config));
    first.step(10);
    const saved = structuredClone(await first.exportState());
    const resumed = createBaumWelchTrainer(days, options(config));
    resumed.importState(saved);
    assert.equal(resumed.iteration, 10);
    resumed.step(15);
    assert.deepEqual(resumed.model, whole.model);
    assert.deepEqual(resumed.curve(), whole.curve());
    assert.deepEqual(await resumed.losses(), await whole.losses());
  });

  test("a converged run stays converged after a resume", async () => {
    // The defaults (tolerance 1e-8) use their whole budget; a looser tolerance converges.
    const config = { ...DEFAULTS, tolerance: 1e-5 };
    const trainer = createBaumWelchTrainer(days, options(config));
    trainer.step(DEFAULTS.iterations);
    assert.ok(trainer.converged && trainer.iteration < DEFAULTS.iterations, `${trainer.iteration} steps`);
    const resumed = createBaumWelchTrainer(days, options(config));
    resumed.importState(structuredClone(await trainer.exportState()));
    assert.ok(resumed.converged);
    resumed.step(3);
    assert.equal(resumed.iteration, trainer.iteration);
  });

  test("a saved run that does not fit is refused with a readable message", async () => {
    const trainer = createBaumWelchTrainer(days, options(DEFAULTS));
    trainer.step(2);
    const good = await trainer.exportState();
    const m = good.model;
    const fresh = createBaumWelchTrainer(days, options(DEFAULTS));
    const cases: [unknown, RegExp][] = [
      [{ ...good, kind: undefined }, /not an EM run/],
      [{ ...good, iteration: 2.5 }, /iteration is not a whole number/],
      [{ ...good, model: { ...m, initial: [0.5, 0.5] } }, /initial row that does not have 3 entries/],
      [{ ...good, model: { ...m, transition: m.transition.slice(0, 2) } }, /does not have 3 transition rows/],
      [
        { ...good, model: { ...m, emission: [m.emission[0], m.emission[1], [0.2, 0.2, 0.2, 0.2, 0.3]] } },
        /emission row that is not a probability distribution/,
      ],
    ];
    for (const [state, re] of cases) assert.throws(() => fresh.importState(state), re);
    assert.equal(fresh.iteration, 0);
    assert.throws(
      () => createBaumWelchTrainer(days, { ...options(DEFAULTS), states: 2 }).importState(good),
      /does not have 2 entries|does not have 2 transition rows/,
    );
  });
});
