import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { activateBackend } from "../../../lib/ml/backend";
import { digitsToFloat } from "../../../lib/ml/datasets/digits";
import { mulberry32After } from "../../../lib/ml/random";
import { VaeTrainer, type VaeWeights } from "../../../lib/ml/models/vae";
import { DEFAULT_VAE_CONFIG, type VaeConfig } from "../../../lib/ml/configs/vae";
import { mulberry32 } from "../../../lib/ml/random";

/** A 2-D code: the sizes below (784 → 32 → 4 encoder) are this model's. */
const SMALL: VaeConfig = { ...DEFAULT_VAE_CONFIG, hidden: 32, latent: 2, batchSize: 16 };
let train: Float32Array;
/** What the worker pool stores (Prisma writes JSON): the weights-only checkpoint. */
const asJson = (state: unknown) => JSON.parse(JSON.stringify(state)) as VaeWeights;

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  train = digitsToFloat(loadMnistSplit("train").images, 0, 300);
});

describe("mulberry32After", () => {
  test("is the stream after n draws, also when n · 0x6d2b79f5 passes 2⁵³", () => {
    for (const [seed, n] of [
      [0, 0],
      [7, 1],
      [2 ** 32 - 1, 1000],
      [12345, 123_457],
    ]) {
      const rng = mulberry32(seed);
      for (let i = 0; i < n; i++) rng();
      const jumped = mulberry32After(seed, n);
      assert.deepEqual([jumped(), jumped(), jumped()], [rng(), rng(), rng()], `seed ${seed}, ${n} draws`);
    }
    // 2³² + 5 draws wrap to 5: the generator's state lives modulo 2³².
    const wrapped = mulberry32After(3, 2 ** 32 + 5);
    const short = mulberry32After(3, 5);
    assert.equal(wrapped(), short());
  });
});

describe("VaeTrainer checkpoints", () => {
  test("its JSON is the pool's weights-only checkpoint: the same model, iteration and stream positions; Adam restarts", async () => {
    const trained = new VaeTrainer(SMALL, train);
    trained.step(12);
    const state = asJson(await trained.exportState());
    assert.equal(state.iteration, 12);
    assert.deepEqual(Object.keys(state).sort(), ["decoder", "encoder", "iteration"]);
    // 784·32 + 32 + 32·4 + 4 and 2·32 + 32 + 32·784 + 784
    assert.equal(state.encoder.length, 25_252);
    assert.equal(state.decoder.length, 25_968);

    const resumed = new VaeTrainer(SMALL, train);
    const fresh = await resumed.sample(4, 7);
    resumed.importState(state);
    assert.equal(resumed.iteration, 12);
    assert.deepEqual(asJson(await resumed.exportState()), state);
    assert.deepEqual(await resumed.sample(50, 7), await trained.sample(50, 7));
    assert.notDeepEqual(await resumed.sample(4, 7), fresh, "the import changed the weights");
    const codes = Float32Array.from({ length: 20 }, (_, i) => Math.sin(i) * 2);
    assert.deepEqual(await resumed.decode(codes, 10), await trained.decode(codes, 10));
    const digits = train.subarray(0, 5 * 784);
    assert.deepEqual(await resumed.encode(digits, 5), await trained.encode(digits, 5));

    // The next step's losses are computed before its update, from the same weights: they are
    // equal only when both draw the same batch and the same ε, i.e. the streams were resumed.
    trained.step(1);
    resumed.step(1);
    assert.deepEqual(await resumed.losses(), await trained.losses());
    assert.equal(resumed.iteration, 13);
    // Adam restarted in `resumed`, so from here the weights differ (but stay finite).
    assert.notDeepEqual(await resumed.sample(4, 7), await trained.sample(4, 7));
    trained.dispose();
    resumed.dispose();
  });

  test("a checkpoint of other sizes or bad values throws a readable error and changes nothing", async () => {
    const other = new VaeTrainer({ ...SMALL, hidden: 48 }, train);
    const otherState = await other.exportState();
    other.dispose();
    const trainer = new VaeTrainer(SMALL, train);
    trainer.step(3);
    const before = await trainer.exportState();
    assert.throws(
      () => trainer.importState(otherState),
      /The checkpoint's encoder has shape \[37876\] where this model's is \[25252\]: it comes from other settings/,
    );
    assert.throws(() => trainer.importState({ ...before, model: "DDPM" }), /This checkpoint is of a DDPM, not of a VAE/);
    const weights = asJson(before);
    assert.throws(
      () => trainer.importState(asJson(otherState)),
      (e: Error) =>
        e instanceof RangeError &&
        e.message ===
          "The checkpoint's encoder has 37,876 weights; this model's encoder (784 → 32 → 4) has 25,252: the checkpoint comes from other layer sizes.",
    );
    const latent3 = new VaeTrainer({ ...SMALL, latent: 3 }, train);
    assert.throws(() => latent3.importState(weights), /encoder has 25,252 weights; this model's encoder \(784 → 32 → 6\) has 25,318/);
    latent3.dispose();
    // The encoder fits, the decoder does not: nothing is loaded.
    assert.throws(
      () => trainer.importState({ ...weights, encoder: weights.encoder.map(() => 0), decoder: weights.decoder.slice(1) }),
      /decoder has 25,967 weights/,
    );
    assert.throws(
      () => trainer.importState({ ...weights, decoder: weights.decoder.map((v, i) => (i === 9 ? Number.NaN : v)) }),
      /decoder weights must be finite/,
    );
    assert.throws(() => trainer.importState({ ...weights, iteration: -1 }), /iteration must be a whole number ≥ 0, got -1/);
    assert.throws(() => trainer.importState({ ...before, iteration: -1 }), /iteration must be a whole number ≥ 0, got -1/);
    assert.throws(() => trainer.importState({ iteration: 3 }), /no encoder weights/);
    assert.throws(() => trainer.importState(null), /A VAE checkpoint is an object/);
    assert.deepEqual(await trainer.exportState(), before);
    assert.equal(trainer.iteration, 3);
    trainer.dispose();
    assert.throws(() => trainer.importState(before), /used after dispose/);
    await assert.rejects(trainer.exportState(), /used after dispose/);
  });

  test("no tensor leaks: export and import keep the count flat; dispose returns to the baseline", async () => {
    const baseline = tf.memory().numTensors;
    const trainer = new VaeTrainer(SMALL, train);
    trainer.step(2); // Adam creates its slots on the first step
    const warm = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) {
      trainer.importState(await trainer.exportState());
      trainer.step(2);
      trainer.importState(asJson(await trainer.exportState()));
      trainer.step(1);
    }
    assert.equal(tf.memory().numTensors, warm);
    assert.equal(trainer.iteration, 11);
    trainer.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });
});
