import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { activateBackend } from "../../../lib/ml/backend";
import { DIGIT_PIXELS, binarizeDigits, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { freeEnergy, RbmTrainer } from "../../../lib/ml/models/rbm";
import { DEFAULT_RBM_CONFIG, type RbmConfig, rbmConfigSchema } from "../../../lib/ml/configs/rbm";
import { gaussian, mulberry32 } from "../../../lib/ml/random";

/** 2,000 training digits and 300 held-out ones keep the file fast. */
let train: Float32Array;
let heldOut: Float32Array;
const SMALL: RbmConfig = { ...DEFAULT_RBM_CONFIG, hidden: 32, batchSize: 32 };

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  train = digitsToFloat(loadMnistSplit("train").images, 0, 2000);
  heldOut = digitsToFloat(loadMnistSplit("validation").images, 0, 300);
});

/** log Σ_i e^{a_i}, stably. */
function logSumExp(values: number[]): number {
  const max = Math.max(...values);
  return max + Math.log(values.reduce((s, v) => s + Math.exp(v - max), 0));
}

describe("freeEnergy", () => {
  test("equals −log Σ_h e^{−E(v,h)} enumerated over all hidden states of a 6 × 4 RBM", () => {
    const V = 6;
    const H = 4;
    const rng = mulberry32(5);
    const W = Array.from({ length: V * H }, () => gaussian(rng)); // large weights: the sum is not dominated by one h
    const b = Array.from({ length: V }, () => gaussian(rng));
    const c = Array.from({ length: H }, () => gaussian(rng));
    const states = (n: number) => Array.from({ length: 2 ** n }, (_, s) => Array.from({ length: n }, (_, i) => (s >> i) & 1));
    const visible = states(V);
    const bruteForce = visible.map((v) => {
      const negEnergies = states(H).map((h) => {
        let e = 0; // −E(v, h) = bᵀv + cᵀh + vᵀWh
        for (let i = 0; i < V; i++) e += b[i] * v[i];
        for (let j = 0; j < H; j++) e += c[j] * h[j];
        for (let i = 0; i < V; i++) for (let j = 0; j < H; j++) e += v[i] * W[i * H + j] * h[j];
        return e;
      });
      return -logSumExp(negEnergies);
    });
    const computed = tf.tidy(() =>
      freeEnergy(tf.tensor2d(visible), { weights: tf.tensor2d(W, [V, H]), visibleBias: tf.tensor1d(b), hiddenBias: tf.tensor1d(c) }).arraySync(),
    );
    assert.equal(computed.length, 64);
    computed.forEach((f, k) => assert.ok(Math.abs(f - bruteForce[k]) < 1e-4 * Math.max(1, Math.abs(bruteForce[k])), `v ${k}: ${f} vs ${bruteForce[k]}`));
  });

  test("the trainer's freeEnergy matches the closed form computed in JS from its parameters", async () => {
    const trainer = new RbmTrainer(SMALL, train, heldOut);
    trainer.step(20);
    const { weights, visibleBias, hiddenBias } = await trainer.parameters();
    const v = binarizeDigits(heldOut.subarray(0, 3 * DIGIT_PIXELS));
    const f = await trainer.freeEnergy(v, 3);
    for (let r = 0; r < 3; r++) {
      let expected = 0;
      for (let i = 0; i < DIGIT_PIXELS; i++) expected -= visibleBias[i] * v[r * DIGIT_PIXELS + i];
      for (let j = 0; j < SMALL.hidden; j++) {
        let x = hiddenBias[j];
        for (let i = 0; i < DIGIT_PIXELS; i++) x += v[r * DIGIT_PIXELS + i] * weights[i * SMALL.hidden + j];
        expected -= Math.log1p(Math.exp(x));
      }
      assert.ok(Math.abs(f[r] - expected) < 1e-3 * Math.abs(expected), `row ${r}: ${f[r]} vs ${expected}`);
    }
    trainer.dispose();
  });
});

describe("RbmTrainer", () => {
  test("CD-10 (default config), CD-1 and PCD-2 lower the reconstruction error of real binarised digits", async () => {
    const runs = [
      // The default's step (rate 0.02, momentum 0.5) is smaller than CD-1's below, and each of its updates runs 10 Gibbs steps.
      { config: DEFAULT_RBM_CONFIG, steps: 150, factor: 0.8 },
      { config: { ...DEFAULT_RBM_CONFIG, hidden: 128, k: 1, learningRate: 0.05, momentum: 0.9 }, steps: 300, factor: 0.6 },
      // PCD's negative phase does not start at the data, so its reconstructions improve more slowly.
      { config: { ...DEFAULT_RBM_CONFIG, hidden: 64, k: 2, persistent: true }, steps: 150, factor: 0.9 },
    ];
    for (const { config, steps, factor } of runs) {
      const trainer = new RbmTrainer(config, train, heldOut);
      trainer.step(1);
      const first = await trainer.losses();
      const t0 = performance.now();
      trainer.step(steps);
      const last = await trainer.losses();
      const ms = performance.now() - t0;
      console.log(
        `# k=${config.k} persistent=${config.persistent}: ${JSON.stringify(first)} -> ${JSON.stringify(last)}; ${steps} steps in ${(ms / 1000).toFixed(1)} s`,
      );
      assert.ok(last.reconstructionError < factor * first.reconstructionError, `${first.reconstructionError} -> ${last.reconstructionError}`);
      assert.ok(Number.isFinite(last.freeEnergyGap));
      trainer.dispose();
    }
  });

  test("Gibbs samples and reconstructions are n × 784 probabilities; the same seed repeats", async () => {
    const trainer = new RbmTrainer(SMALL, train, heldOut);
    trainer.step(10);
    const samples = await trainer.sampleGibbs(5, 20, 42);
    assert.equal(samples.length, 5 * DIGIT_PIXELS);
    assert.ok(samples.every((p) => p >= 0 && p <= 1));
    assert.deepEqual(await trainer.sampleGibbs(5, 20, 42), samples);
    assert.notDeepEqual(await trainer.sampleGibbs(5, 20, 43), samples);
    const reconstruction = await trainer.reconstruct(heldOut.subarray(0, 4 * DIGIT_PIXELS), 4);
    assert.equal(reconstruction.length, 4 * DIGIT_PIXELS);
    assert.ok(reconstruction.every((p) => p >= 0 && p <= 1));
    await assert.rejects(trainer.reconstruct(heldOut.subarray(0, 100), 1), RangeError);
    await assert.rejects(trainer.sampleGibbs(5, 0, 1), RangeError);
    trainer.dispose();
  });

  test("tensor count stays flat across steps and returns to baseline after dispose (CD and PCD)", async () => {
    const baseline = tf.memory().numTensors;
    for (const config of [SMALL, { ...SMALL, k: 2, persistent: true }]) {
      const trainer = new RbmTrainer(config, train); // held-out rows split off the training digits
      trainer.step(1);
      const warm = tf.memory().numTensors;
      trainer.step(5);
      trainer.step(1);
      await trainer.sampleGibbs(2, 3, 1);
      await trainer.reconstruct(heldOut.subarray(0, DIGIT_PIXELS), 1);
      await trainer.freeEnergy(heldOut.subarray(0, DIGIT_PIXELS), 1);
      assert.equal(tf.memory().numTensors, warm);
      assert.equal(trainer.iteration, 7);
      trainer.dispose();
      trainer.dispose(); // idempotent
      assert.equal(tf.memory().numTensors, baseline);
      assert.throws(() => trainer.step());
      assert.deepEqual(await trainer.losses(), { reconstructionError: NaN, freeEnergyGap: NaN });
    }
  });

  test("the same seed gives the same run", async () => {
    const a = new RbmTrainer(SMALL, train, heldOut);
    const b = new RbmTrainer(SMALL, train, heldOut);
    a.step(5);
    b.step(5);
    assert.deepEqual(await a.losses(), await b.losses());
    assert.deepEqual(await a.parameters(), await b.parameters());
    a.dispose();
    b.dispose();
  });

  test("the config is validated", () => {
    assert.ok(rbmConfigSchema.safeParse(DEFAULT_RBM_CONFIG).success);
    assert.throws(() => new RbmTrainer({ ...DEFAULT_RBM_CONFIG, k: 21 }, train));
    assert.throws(() => new RbmTrainer({ ...DEFAULT_RBM_CONFIG, learningRate: NaN }, train));
    assert.throws(() => new RbmTrainer({ ...DEFAULT_RBM_CONFIG, extra: 1 } as RbmConfig, train));
    assert.throws(() => new RbmTrainer(DEFAULT_RBM_CONFIG, train, new Float32Array(10)), RangeError);
  });
});
