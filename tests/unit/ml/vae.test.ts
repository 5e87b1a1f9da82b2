import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { activateBackend } from "../../../lib/ml/backend";
import { DIGIT_PIXELS, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { gaussian, mulberry32 } from "../../../lib/ml/random";
import { gaussianKl, reparameterize, VaeTrainer } from "../../../lib/ml/models/vae";
import { DEFAULT_VAE_CONFIG, type VaeConfig, vaeConfigSchema } from "../../../lib/ml/configs/vae";

let train: Float32Array;
let validation: Float32Array;
const SMALL: VaeConfig = { ...DEFAULT_VAE_CONFIG, hidden: 32, batchSize: 16 };

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  train = digitsToFloat(loadMnistSplit("train").images, 0, 2000);
  validation = digitsToFloat(loadMnistSplit("validation").images, 0, 100);
});

describe("VAE building blocks", () => {
  test("gaussianKl equals ½ Σ (μ² + σ² − 1 − log σ²) computed in plain JS", () => {
    const mean = [
      [0, 0, 0],
      [1.5, -2, 0.3],
      [-0.7, 4, 1e-3],
    ];
    const logVar = [
      [0, 0, 0],
      [-1, 2, 0.5],
      [-6, 0.1, 3],
    ];
    const got = tf.tidy(() => gaussianKl(tf.tensor2d(mean), tf.tensor2d(logVar)).arraySync());
    mean.forEach((row, r) => {
      const expected = 0.5 * row.reduce((s, m, j) => s + m * m + Math.exp(logVar[r][j]) - 1 - logVar[r][j], 0);
      assert.ok(Math.abs(got[r] - expected) < 1e-5 * Math.max(1, expected), `row ${r}: ${got[r]} vs ${expected}`);
    });
    assert.equal(got[0], 0); // q = p
  });

  test("reparameterised samples have mean μ and variance σ², and gradients 1 and ½σε", () => {
    const n = 20_000;
    const mu = [1, -2];
    const variance = [0.25, 4];
    const rng = mulberry32(4);
    const eps = Float32Array.from({ length: 2 * n }, () => gaussian(rng));
    const z = tf.tidy(() =>
      reparameterize(
        tf.tile(tf.tensor2d([mu]), [n, 1]) as tf.Tensor2D,
        tf.tile(tf.tensor2d([variance.map(Math.log)]), [n, 1]) as tf.Tensor2D,
        tf.tensor2d(eps, [n, 2]),
      ).dataSync(),
    );
    for (let j = 0; j < 2; j++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < n; i++) {
        s += z[2 * i + j];
        s2 += z[2 * i + j] ** 2;
      }
      const m = s / n;
      const v = s2 / n - m * m;
      assert.ok(Math.abs(m - mu[j]) < 5 * Math.sqrt(variance[j] / n), `mean ${j}: ${m}`);
      assert.ok(Math.abs(v / variance[j] - 1) < 0.05, `variance ${j}: ${v}`);
    }
    tf.tidy(() => {
      const e = tf.tensor2d([[0.5, -1.5]]);
      const [dMean, dLogVar] = tf.grads((m: tf.Tensor, lv: tf.Tensor) => tf.sum(reparameterize(m as tf.Tensor2D, lv as tf.Tensor2D, e)))([
        tf.tensor2d([[1, -2]]),
        tf.tensor2d([[Math.log(0.25), Math.log(4)]]),
      ]);
      assert.deepEqual(Array.from(dMean.dataSync()), [1, 1]);
      const expected = [0.5 * 0.5 * 0.5, 0.5 * 2 * -1.5]; // ½ σ ε
      dLogVar.dataSync().forEach((g, j) => assert.ok(Math.abs(g - expected[j]) < 1e-6));
    });
  });
});

describe("VaeTrainer", () => {
  test("the default config's ELBO rises on real digits in a short seeded run; ELBO = −reconstruction − KL", async () => {
    const trainer = new VaeTrainer(DEFAULT_VAE_CONFIG, train);
    trainer.step(1);
    const first = await trainer.losses();
    const t0 = performance.now();
    trainer.step(200);
    const last = await trainer.losses();
    console.log(`# ${JSON.stringify(first)} -> ${JSON.stringify(last)} in 200 steps, ${(performance.now() - t0).toFixed(0)} ms`);
    for (const l of [first, last]) {
      assert.ok(Math.abs(l.elbo + l.reconstruction + l.kl) < 1e-3 * Math.abs(l.elbo));
      assert.ok(l.kl >= 0 && l.reconstruction > 0);
    }
    assert.ok(last.elbo > 0.5 * first.elbo, `${first.elbo} -> ${last.elbo}`); // ELBOs are negative
    trainer.dispose();
  });

  test("encode, decode, sample and interpolate shapes and ranges", async () => {
    const trainer = new VaeTrainer({ ...SMALL, latent: 3 }, train);
    trainer.step(2);
    const means = await trainer.encode(validation.subarray(0, 5 * DIGIT_PIXELS), 5);
    assert.equal(means.length, 5 * 3);
    const images = await trainer.decode(means, 5);
    assert.equal(images.length, 5 * DIGIT_PIXELS);
    assert.ok(images.every((p) => p > 0 && p < 1));
    assert.deepEqual(await trainer.reconstruct(validation.subarray(0, 5 * DIGIT_PIXELS), 5), images);

    const samples = await trainer.sample(6, 7);
    assert.equal(samples.length, 6 * DIGIT_PIXELS);
    assert.ok(samples.every((p) => p > 0 && p < 1));
    assert.deepEqual(await trainer.sample(6, 7), samples);

    const a = validation.subarray(0, DIGIT_PIXELS);
    const b = validation.subarray(DIGIT_PIXELS, 2 * DIGIT_PIXELS);
    const path = await trainer.interpolate(a, b, 5);
    assert.equal(path.length, 5 * DIGIT_PIXELS);
    // The ends are the decoder means at μ(a) and μ(b).
    const ends = images.subarray(0, 2 * DIGIT_PIXELS);
    for (const [k, end] of [
      [0, 0],
      [4, 1],
    ]) {
      for (let i = 0; i < DIGIT_PIXELS; i++) assert.ok(Math.abs(path[k * DIGIT_PIXELS + i] - ends[end * DIGIT_PIXELS + i]) < 1e-5);
    }
    await assert.rejects(trainer.interpolate(a, b, 1), RangeError);
    await assert.rejects(trainer.decode(new Float32Array(4), 2), RangeError);
    trainer.dispose();
  });

  test("tensor count stays flat across steps and returns to baseline after dispose", async () => {
    const baseline = tf.memory().numTensors;
    const trainer = new VaeTrainer(SMALL, train);
    trainer.step(2); // Adam creates its slots on the first step
    const warm = tf.memory().numTensors;
    trainer.step(1);
    trainer.step(10);
    await trainer.sample(3, 1);
    await trainer.interpolate(validation.subarray(0, DIGIT_PIXELS), validation.subarray(0, DIGIT_PIXELS), 3);
    assert.equal(tf.memory().numTensors, warm);
    assert.equal(trainer.iteration, 13);
    trainer.dispose();
    trainer.dispose(); // idempotent
    assert.equal(tf.memory().numTensors, baseline);
    assert.throws(() => trainer.step());
    await assert.rejects(trainer.sample(1, 1));
  });

  test("the same seed gives the same run; β changes the objective, not the reported ELBO's definition", async () => {
    const a = new VaeTrainer(SMALL, train);
    const b = new VaeTrainer(SMALL, train);
    const c = new VaeTrainer({ ...SMALL, beta: 4 }, train);
    for (const t of [a, b, c]) t.step(5);
    assert.deepEqual(await a.losses(), await b.losses());
    assert.deepEqual(await a.sample(2, 3), await b.sample(2, 3));
    assert.notDeepEqual(await a.losses(), await c.losses());
    const lc = await c.losses();
    assert.ok(Math.abs(lc.elbo + lc.reconstruction + lc.kl) < 1e-3 * Math.abs(lc.elbo));
    for (const t of [a, b, c]) t.dispose();
  });

  test("the config is validated", () => {
    assert.ok(vaeConfigSchema.safeParse(DEFAULT_VAE_CONFIG).success);
    assert.throws(() => new VaeTrainer({ ...SMALL, latent: 0 }, train));
    assert.throws(() => new VaeTrainer({ ...SMALL, beta: 0 }, train));
    assert.throws(() => new VaeTrainer({ ...SMALL, seed: -1 }, train));
  });
});
