import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { activateBackend } from "../../../lib/ml/backend";
import { DIGIT_PIXELS, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { AutoencoderTrainer } from "../../../lib/ml/models/autoencoder";
import { type AutoencoderConfig, autoencoderConfigSchema, DEFAULT_AUTOENCODER_CONFIG } from "../../../lib/ml/configs/autoencoder";
import { bernoulliNll } from "../../../lib/ml/models/digit-trainer";

let train: Float32Array;
let validation: Float32Array;
const SMALL: AutoencoderConfig = { ...DEFAULT_AUTOENCODER_CONFIG, hidden: 32, batchSize: 16 };

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  train = digitsToFloat(loadMnistSplit("train").images, 0, 2000);
  validation = digitsToFloat(loadMnistSplit("validation").images, 0, 100);
});

describe("bernoulliNll (models/digit-trainer.ts)", () => {
  test("bernoulliNll equals −Σ [x log p + (1 − x) log(1 − p)] with p = sigmoid(logits)", () => {
    const logits = [
      [-3, 0.5, 2],
      [0, 10, -10],
    ];
    const x = [
      [0, 1, 0.3],
      [1, 1, 0.5],
    ];
    const got = tf.tidy(() => bernoulliNll(tf.tensor2d(logits), tf.tensor2d(x)).arraySync());
    logits.forEach((row, r) => {
      const expected = row.reduce((s, l, i) => {
        const p = 1 / (1 + Math.exp(-l));
        return s - (x[r][i] * Math.log(p) + (1 - x[r][i]) * Math.log(1 - p));
      }, 0);
      assert.ok(Math.abs(got[r] - expected) < 1e-4 * Math.max(1, expected), `${got[r]} vs ${expected}`);
    });
  });
});

describe("AutoencoderTrainer", () => {
  test("the default config's loss falls on real digits in a short seeded run (BCE and MSE)", async () => {
    for (const loss of ["bce", "mse"] as const) {
      const trainer = new AutoencoderTrainer({ ...DEFAULT_AUTOENCODER_CONFIG, loss }, train);
      trainer.step(1);
      const first = (await trainer.losses()).loss;
      const t0 = performance.now();
      trainer.step(100);
      const last = (await trainer.losses()).loss;
      console.log(`# ${loss}: loss ${first.toFixed(2)} -> ${last.toFixed(2)} in 100 steps, ${(performance.now() - t0).toFixed(0)} ms`);
      assert.ok(last < 0.6 * first, `${first} -> ${last}`);
      trainer.dispose();
    }
  });

  test("encode, decode and reconstruct shapes and ranges; bad shapes are rejected", async () => {
    const trainer = new AutoencoderTrainer({ ...SMALL, latent: 3 }, train);
    trainer.step(2);
    const codes = await trainer.encode(validation.subarray(0, 5 * DIGIT_PIXELS), 5);
    assert.equal(codes.length, 5 * 3);
    const images = await trainer.decode(codes, 5);
    assert.equal(images.length, 5 * DIGIT_PIXELS);
    assert.ok(images.every((p) => p >= 0 && p <= 1));
    assert.deepEqual(await trainer.reconstruct(validation.subarray(0, 5 * DIGIT_PIXELS), 5), images);
    await assert.rejects(trainer.encode(validation.subarray(0, 100), 1), RangeError);
    await assert.rejects(trainer.decode(new Float32Array(4), 2), RangeError);
    trainer.dispose();
  });

  test("tensor count stays flat across steps and returns to baseline after dispose", async () => {
    const baseline = tf.memory().numTensors;
    const trainer = new AutoencoderTrainer(SMALL, train);
    trainer.step(2); // Adam creates its slots on the first step
    const warm = tf.memory().numTensors;
    trainer.step(1);
    trainer.step(10);
    await trainer.reconstruct(validation.subarray(0, DIGIT_PIXELS), 1);
    await trainer.decode(new Float32Array(2), 1);
    assert.equal(tf.memory().numTensors, warm);
    assert.equal(trainer.iteration, 13);
    trainer.dispose();
    trainer.dispose(); // idempotent
    assert.equal(tf.memory().numTensors, baseline);
    assert.throws(() => trainer.step());
    await assert.rejects(trainer.encode(validation.subarray(0, DIGIT_PIXELS), 1));
  });

  test("the same seed gives the same run", async () => {
    const a = new AutoencoderTrainer(SMALL, train);
    const b = new AutoencoderTrainer(SMALL, train);
    a.step(5);
    b.step(5);
    assert.deepEqual(await a.losses(), await b.losses());
    assert.deepEqual(await a.encode(validation, 100), await b.encode(validation, 100));
    a.dispose();
    b.dispose();
  });

  test("the config is validated", () => {
    assert.ok(autoencoderConfigSchema.safeParse(DEFAULT_AUTOENCODER_CONFIG).success);
    assert.throws(() => new AutoencoderTrainer({ ...SMALL, latent: 33 }, train));
    assert.throws(() => new AutoencoderTrainer({ ...SMALL, learningRate: Infinity }, train));
    assert.throws(() => new AutoencoderTrainer(SMALL, new Float32Array(100)), RangeError);
  });
});
