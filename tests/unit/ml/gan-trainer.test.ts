import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { activateBackend, listAvailableBackends } from "../../../lib/ml/backend";
import { DEFAULT_GAN_CONFIG, type GanConfig } from "../../../lib/ml/configs/gan";
import { scoreRingSamples } from "../../../lib/ml/metrics/ring";
import { GanTrainer } from "../../../lib/ml/train/gan-trainer";

/** A smaller model keeps the bookkeeping tests fast; the learning test uses the defaults. */
const SMALL: GanConfig = { ...DEFAULT_GAN_CONFIG, hiddenWidth: 16, batchSize: 32 };

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

describe("backend", () => {
  test("Node can use wasm and cpu, not webgl", () => {
    const names = listAvailableBackends();
    assert.ok(names.includes("wasm") && names.includes("cpu"));
    assert.ok(!names.includes("webgl"));
    assert.equal(tf.getBackend(), "wasm");
  });
  test("an unknown preference falls back down the list", async () => {
    assert.equal(await activateBackend("no-such-backend"), "wasm");
  });
});

describe("GanTrainer", () => {
  test("tensor count stays flat across steps and returns to baseline after dispose", () => {
    const baseline = tf.memory().numTensors;
    for (const cfg of [SMALL, { ...SMALL, optimizer: "sgd-momentum", loss: "minimax", dSteps: 3 } as const]) {
      const trainer = new GanTrainer(cfg);
      trainer.step(2); // optimizers create their slots lazily on the first step
      const warm = tf.memory().numTensors;
      trainer.step(1);
      trainer.step(25);
      assert.equal(tf.memory().numTensors, warm);
      assert.equal(trainer.iteration, 28);
      trainer.dispose();
      trainer.dispose(); // idempotent
      assert.equal(tf.memory().numTensors, baseline);
    }
  });

  test("run() reports frames, honours maxIterations and abort, reads losses back", async () => {
    const baseline = tf.memory().numTensors;
    const trainer = new GanTrainer(SMALL);
    const frames: { iteration: number; dLoss: number; gLoss: number; itsPerSec: number }[] = [];
    await trainer.run({ maxIterations: 40, frameBudgetMs: 5, onFrame: (s) => frames.push(s) });
    assert.equal(trainer.iteration, 40);
    assert.ok(frames.length >= 1);
    const last = frames[frames.length - 1];
    assert.equal(last.iteration, 40);
    assert.ok(Number.isFinite(last.dLoss) && Number.isFinite(last.gLoss) && last.itsPerSec > 0);
    assert.ok(last.dLoss > 0 && last.gLoss > 0); // BCE and non-saturating losses are positive

    const controller = new AbortController();
    let calls = 0;
    await trainer.run({
      signal: controller.signal,
      frameBudgetMs: 1,
      onFrame: () => {
        if (++calls === 3) controller.abort();
      },
    });
    assert.equal(calls, 3);
    assert.ok(trainer.iteration > 40);
    trainer.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });

  test("sample and discriminatorGrid shapes and ranges; no leaks", async () => {
    const trainer = new GanTrainer(SMALL);
    trainer.step(3);
    await trainer.sample(1); // refreshes the model's cached weight views after the last update
    const before = tf.memory().numTensors;
    const s = await trainer.sample(100);
    assert.equal(s.length, 200);
    assert.ok(s.every(Number.isFinite));
    const grid = await trainer.discriminatorGrid(8, 3);
    assert.equal(grid.length, 64);
    assert.ok(grid.every((p) => p > 0 && p < 1));
    assert.equal(tf.memory().numTensors, before);
    trainer.dispose();
    await assert.rejects(trainer.sample(1));
    assert.throws(() => trainer.step());
  });

  test("the same seed gives the same run", async () => {
    const a = new GanTrainer(SMALL);
    const b = new GanTrainer(SMALL);
    a.step(10);
    b.step(10);
    assert.deepEqual(await a.sample(50), await b.sample(50));
    assert.deepEqual(await a.losses(), await b.losses());
    a.dispose();
    b.dispose();
  });

  test("the constructor validates its config", () => {
    assert.throws(() => new GanTrainer({ ...DEFAULT_GAN_CONFIG, generatorLr: NaN }));
    assert.throws(() => new GanTrainer({ ...DEFAULT_GAN_CONFIG, depth: 9 }));
  });

  test("seeded training with the default config covers more modes than the untrained generator", async () => {
    const trainer = new GanTrainer(DEFAULT_GAN_CONFIG);
    const untrained = scoreRingSamples(await trainer.sample(2000));
    const t0 = performance.now();
    trainer.step(TRAIN_ITERATIONS);
    const ms = performance.now() - t0;
    const trained = scoreRingSamples(await trainer.sample(2000));
    console.log(`# ${TRAIN_ITERATIONS} iterations in ${(ms / 1000).toFixed(1)} s; untrained ${JSON.stringify(untrained)}; trained ${JSON.stringify(trained)}`);
    assert.equal(untrained.modesCovered, 0);
    assert.ok(trained.modesCovered >= 4, `modes ${trained.modesCovered}`);
    assert.ok(trained.mmd2 < untrained.mmd2 / 2, `mmd2 ${untrained.mmd2} -> ${trained.mmd2}`);
    trainer.dispose();
  });
});

/** Enough for the default config to find most modes (5–8 of 8 over seeds 1–3); ~10–20 s on two slow cores. */
const TRAIN_ITERATIONS = 2000;

describe("GanTrainer checkpoints", () => {
  test("exportState / importState carry the whole training state exactly, and refuse what does not fit", async () => {
    const trained = new GanTrainer(SMALL);
    trained.step(20);
    const state = await trained.exportState();
    assert.equal(state.model, "ring GAN");
    assert.equal(state.iteration, 20);
    assert.deepEqual(Object.keys(state.optimizers), ["discriminator", "generator"]);
    // A model started from another seed, given the state, has the very same weights and optimiser state.
    const resumed = new GanTrainer({ ...SMALL, seed: 99 });
    resumed.importState(state);
    assert.equal(resumed.iteration, 20);
    assert.deepEqual(await resumed.exportState(), state);
    // …and so the same generator: equal outputs for the same noise.
    const z = tf.randomNormal([8, SMALL.noiseDim]) as tf.Tensor2D;
    const a = trained.model.generator(z);
    const b = resumed.model.generator(z);
    assert.deepEqual(Array.from(await a.data()), Array.from(await b.data()));
    tf.dispose([z, a, b]);
    const generator = state.tensors.generator;
    const withGenerator = (values: number[]) => ({ ...state, tensors: { ...state.tensors, generator: { ...generator, values } } });
    assert.throws(() => resumed.importState(withGenerator(generator.values.slice(1))), /generator has [\d,]+ values where this model has/);
    assert.throws(() => resumed.importState(withGenerator(generator.values.map((v, i) => (i === 0 ? Number.NaN : v)))), /generator must be finite/);
    const narrower = new GanTrainer({ ...SMALL, hiddenWidth: 8 });
    const narrowerState = await narrower.exportState();
    assert.throws(() => resumed.importState(narrowerState), /generator has shape \[\d+\] where this model's is \[\d+\]: it comes from other settings/);
    assert.throws(() => resumed.importState(null), /A GAN checkpoint is an object/);
    assert.throws(() => resumed.importState({ ...state, iteration: -2 }), /whole number ≥ 0, got -2/);
    assert.throws(() => resumed.importState({ ...state, model: "digit GAN" }), /This checkpoint is of a digit GAN, not of a ring GAN/);
    assert.deepEqual(await resumed.exportState(), state, "a refused checkpoint changes nothing");
    narrower.dispose();
    trained.dispose();
    resumed.dispose();
  });

  test("a resumed run continues exactly, also when the page drew samples meanwhile", async () => {
    const config: GanConfig = { ...SMALL, dSteps: 2 };
    const uninterrupted = new GanTrainer(config);
    const stopped = new GanTrainer(config);
    uninterrupted.step(12);
    stopped.step(7);
    await stopped.sample(64); // samples have a stream of their own: the training streams stay where they were
    const saved = JSON.parse(JSON.stringify(await stopped.exportState())) as unknown; // as the pool stores it
    stopped.dispose();
    const resumed = new GanTrainer(config);
    resumed.importState(saved);
    assert.ok(Number.isNaN((await resumed.losses()).dLoss), "no losses of the other run's last step");
    resumed.step(5);
    assert.deepEqual(await resumed.losses(), await uninterrupted.losses());
    assert.deepEqual(await resumed.exportState(), await uninterrupted.exportState());
    uninterrupted.dispose();
    resumed.dispose();
  });

  test("a checkpoint of the weights alone (the pool's and this page's older format): the streams resume, Adam restarts", async () => {
    const uninterrupted = new GanTrainer(SMALL);
    uninterrupted.step(10);
    const full = await uninterrupted.exportState();
    const weights = { iteration: 10, generator: full.tensors.generator.values, discriminator: full.tensors.discriminator.values };
    const resumed = new GanTrainer(SMALL);
    resumed.step(3); // its own Adam state goes too
    resumed.importState(JSON.parse(JSON.stringify(weights)));
    const state = await resumed.exportState();
    assert.equal(state.iteration, 10);
    assert.deepEqual(state.tensors, full.tensors);
    assert.deepEqual(state.streams, full.streams);
    // As tf.train.adam(lr, β₁ = 0.5) starts: no moments, β₁ᵗ⁺¹ = β₁ and β₂ᵗ⁺¹ = β₂ in float32.
    assert.deepEqual(state.optimizers.generator, { steps: 0, beta1Power: 0.5, beta2Power: Math.fround(0.999), firstMoments: [], secondMoments: [] });
    uninterrupted.step(1);
    resumed.step(1);
    // D's loss is computed before its update, from the same weights: equal only if the streams were resumed.
    assert.equal((await resumed.losses()).dLoss, (await uninterrupted.losses()).dLoss);
    assert.notDeepEqual((await resumed.exportState()).tensors.discriminator, (await uninterrupted.exportState()).tensors.discriminator);

    assert.throws(() => resumed.importState({ ...weights, generator: weights.generator.slice(1) }), /this model's generator \([\d →]+\) has/);
    assert.throws(() => resumed.importState({ ...weights, generator: weights.generator.map((v, i) => (i === 0 ? Number.NaN : v)) }), /finite/);
    assert.throws(() => resumed.importState({ iteration: 3 }), /no generator weights/);
    uninterrupted.dispose();
    resumed.dispose();
  });
});
