import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { activateBackend } from "../../../lib/ml/backend";
import { sampleSwissRoll } from "../../../lib/ml/datasets/toy2d";
import { DdpmTrainer, LINEAR_BETA_END, LINEAR_BETA_START, TIME_EMBEDDING_DIM, linearSchedule, timeEmbeddingTable } from "../../../lib/ml/models/ddpm";
import { DEFAULT_DDPM_CONFIG, MIN_STEPS, ddpmConfigSchema, type DdpmConfig } from "../../../lib/ml/configs/ddpm";

/** A small model keeps these tests fast; the exercise tests train the default one. */
const SMALL: DdpmConfig = { ...DEFAULT_DDPM_CONFIG, steps: 25, hiddenWidth: 32, hiddenLayers: 2, batchSize: 64, learningRate: 3e-3 };
const ROLL = sampleSwissRoll(2000, 7);

/** Mean and (population) variance of each coordinate, and the x–y covariance, of interleaved points. */
function moments(p: Float32Array) {
  const n = p.length / 2;
  let mx = 0,
    my = 0;
  for (let i = 0; i < n; i++) {
    mx += p[2 * i] / n;
    my += p[2 * i + 1] / n;
  }
  let vx = 0,
    vy = 0,
    cxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = p[2 * i] - mx,
      dy = p[2 * i + 1] - my;
    vx += (dx * dx) / n;
    vy += (dy * dy) / n;
    cxy += (dx * dy) / n;
  }
  return { mx, my, vx, vy, cxy };
}

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

describe("noise schedule and time embedding", () => {
  test("β is linear from 1e-4 to 0.02 scaled by 1000/T, and ᾱ_t is the product of (1 − β_s)", () => {
    for (const T of [MIN_STEPS, 100, 1000]) {
      const { betas, alphaBars } = linearSchedule(T);
      assert.equal(betas.length, T + 1);
      assert.equal(alphaBars[0], 1);
      const scale = 1000 / T;
      let logProduct = 0; // accumulated as Σ log1p(−β): a different route to the same product
      for (let t = 1; t <= T; t++) {
        const beta = scale * (LINEAR_BETA_START + ((LINEAR_BETA_END - LINEAR_BETA_START) * (t - 1)) / (T - 1));
        assert.ok(Math.abs(betas[t] - beta) < 1e-15, `β_${t}`);
        logProduct += Math.log1p(-beta);
        const expected = Math.exp(logProduct);
        assert.ok(Math.abs(alphaBars[t] - expected) <= 1e-12 * expected, `ᾱ_${t} = ${alphaBars[t]} vs ${expected}`);
      }
      assert.ok(alphaBars[T] < 1e-4, `ᾱ_T = ${alphaBars[T]}: x_T is (almost) pure noise`);
    }
    assert.throws(() => linearSchedule(20), RangeError); // β_T would be 1
    const { betas } = linearSchedule(100);
    assert.ok(Math.abs(betas[1] - 1e-3) < 1e-15 && Math.abs(betas[100] - 0.2) < 1e-15);
  });

  test("the sinusoidal embedding of t uses position t·1000/T and frequencies 10000^(−k/(E/2 − 1))", () => {
    const T = 100;
    const E = TIME_EMBEDDING_DIM;
    const table = timeEmbeddingTable(T);
    assert.equal(table.length, (T + 1) * E);
    const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-6, `${a} vs ${b}`);
    // t = 37 → p = 370; k = 0: ω = 1; k = E/2 − 1: ω = 1e-4.
    close(table[37 * E], Math.sin(370));
    close(table[37 * E + E / 2], Math.cos(370));
    close(table[37 * E + E / 2 - 1], Math.sin(0.037));
    close(table[37 * E + E - 1], Math.cos(0.037));
    // The same fraction of the chain gets the same embedding whatever T is.
    assert.deepEqual(timeEmbeddingTable(1000).subarray(500 * E, 501 * E), table.subarray(50 * E, 51 * E));
  });
});

describe("forward process q(x_t | x_0)", () => {
  const trainer = () => new DdpmTrainer(DEFAULT_DDPM_CONFIG, ROLL);

  test("at t = T it is ≈ standard normal; in between, mean and variance follow √ᾱ_t x_0 + √(1 − ᾱ_t) ε", () => {
    const ddpm = trainer();
    const x0 = sampleSwissRoll(20000, 3);
    const T = ddpm.schedule.steps;
    const end = moments(ddpm.forwardNoised(x0, T, 1));
    // Standard errors over 20,000 points: mean 0.007, variance 0.01.
    assert.ok(Math.abs(end.mx) < 0.03 && Math.abs(end.my) < 0.03, JSON.stringify(end));
    assert.ok(Math.abs(end.vx - 1) < 0.04 && Math.abs(end.vy - 1) < 0.04 && Math.abs(end.cxy) < 0.03, JSON.stringify(end));

    const data = moments(x0);
    const t = 30;
    const ab = ddpm.schedule.alphaBars[t];
    const mid = moments(ddpm.forwardNoised(x0, t, 2));
    assert.ok(Math.abs(mid.mx - Math.sqrt(ab) * data.mx) < 0.03, `${mid.mx}`);
    assert.ok(Math.abs(mid.vx - (ab * data.vx + 1 - ab)) < 0.05, `${mid.vx} vs ${ab * data.vx + 1 - ab}`);
    ddpm.dispose();
  });

  test("at small t it is ≈ x_0; t = 0 is x_0; the same seed gives the same draw; bad t throws", () => {
    const ddpm = trainer();
    const x1 = ddpm.forwardNoised(ROLL, 1, 5);
    const s = Math.sqrt(1 - ddpm.schedule.alphaBars[1]); // ≈ 0.032
    let sq = 0;
    let worst = 0;
    for (let i = 0; i < ROLL.length; i++) {
      sq += (x1[i] - ROLL[i]) ** 2;
      worst = Math.max(worst, Math.abs(x1[i] - ROLL[i]));
    }
    const rms = Math.sqrt(sq / ROLL.length);
    assert.ok(Math.abs(rms - s) < 0.1 * s, `rms ${rms} vs √(1 − ᾱ_1) = ${s}`); // √ᾱ_1 ≈ 0.9995 barely moves x_0
    assert.ok(worst < 0.2, `${worst}`);
    assert.deepEqual(ddpm.forwardNoised(ROLL, 0, 5), ROLL);
    assert.deepEqual(ddpm.forwardNoised(ROLL, 17, 5), ddpm.forwardNoised(ROLL, 17, 5));
    assert.notDeepEqual(ddpm.forwardNoised(ROLL, 17, 5), ddpm.forwardNoised(ROLL, 17, 6));
    assert.throws(() => ddpm.forwardNoised(ROLL, ddpm.schedule.steps + 1, 5), RangeError);
    assert.throws(() => ddpm.forwardNoised(ROLL, 1.5, 5), RangeError);
    ddpm.dispose();
  });
});

describe("DdpmTrainer", () => {
  test("the constructor validates its config and data", () => {
    assert.ok(ddpmConfigSchema.safeParse(DEFAULT_DDPM_CONFIG).success);
    assert.throws(() => new DdpmTrainer({ ...SMALL, learningRate: NaN }, ROLL));
    assert.throws(() => new DdpmTrainer({ ...SMALL, steps: MIN_STEPS - 1 }, ROLL));
    assert.throws(() => new DdpmTrainer({ ...SMALL, extra: 1 } as DdpmConfig, ROLL));
    assert.throws(() => new DdpmTrainer(SMALL, new Float32Array(3)), RangeError);
  });

  test("the loss decreases in a short seeded run", async () => {
    const ddpm = new DdpmTrainer(SMALL, ROLL);
    assert.ok(Number.isNaN((await ddpm.losses()).loss));
    const losses: number[] = [];
    for (let i = 0; i < 300; i++) {
      ddpm.step();
      losses.push((await ddpm.losses()).loss);
    }
    const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;
    const first = mean(losses.slice(0, 10));
    const last = mean(losses.slice(-50));
    // ε_θ = 0 scores E‖ε‖² = 2; a trained model about a quarter of that on this data.
    assert.ok(last < 0.75 * first && last < 1, `first 10: ${first}, last 50: ${last}`);
    assert.equal(ddpm.iteration, 300);
    ddpm.dispose();
  });

  test("tensor count stays flat across steps and sampling and returns to baseline after dispose", async () => {
    const baseline = tf.memory().numTensors;
    const ddpm = new DdpmTrainer(SMALL, ROLL);
    // Adam creates its slots on the first step; the first sample caches the averaged net's layer views.
    ddpm.step(2);
    await ddpm.sample(30, 1);
    const warm = tf.memory().numTensors;
    ddpm.step(1);
    ddpm.step(10);
    assert.equal(tf.memory().numTensors, warm);
    await ddpm.sample(30, 2, { onStep: () => undefined });
    assert.equal(tf.memory().numTensors, warm);
    ddpm.step(3);
    await ddpm.sample(30, 3);
    assert.equal(tf.memory().numTensors, warm);
    ddpm.dispose();
    ddpm.dispose(); // idempotent
    assert.equal(tf.memory().numTensors, baseline);
    await assert.rejects(ddpm.sample(1, 1));
    assert.throws(() => ddpm.step());
  });

  test("sample() is deterministic for a seed; onStep sees all T reverse steps; training is reproducible", async () => {
    const a = new DdpmTrainer(SMALL, ROLL);
    const b = new DdpmTrainer(SMALL, ROLL);
    a.step(20);
    b.step(20);
    assert.deepEqual(await a.losses(), await b.losses());
    const ts: number[] = [];
    let last: Float32Array | undefined;
    const s1 = await a.sample(100, 9, {
      onStep: (t, points) => {
        ts.push(t);
        assert.equal(points.length, 200);
        last = points;
      },
    });
    assert.deepEqual(
      ts,
      Array.from({ length: SMALL.steps }, (_, i) => SMALL.steps - 1 - i),
    );
    assert.deepEqual(last, s1);
    assert.equal(s1.length, 200);
    assert.ok(s1.every(Number.isFinite));
    assert.deepEqual(await a.sample(100, 9), s1);
    assert.deepEqual(await b.sample(100, 9), s1);
    assert.notDeepEqual(await a.sample(100, 10), s1);
    await assert.rejects(a.sample(0, 1), RangeError);
    a.dispose();
    b.dispose();
  });

  test("on a point mass the reverse chain (Algorithm 2) ends at the point", async () => {
    // For data δ_c the optimal ε_θ(x_t, t) = (x_t − √ᾱ_t c) / √(1 − ᾱ_t), and the last reverse step
    // then returns exactly c; a briefly trained network gets close. Catches sign and scale slips.
    const c = [1.5, -0.75];
    const data = new Float32Array(200).map((_, i) => c[i % 2]);
    const ddpm = new DdpmTrainer(SMALL, data);
    ddpm.step(300);
    const m = moments(await ddpm.sample(500, 3));
    assert.ok(Math.abs(m.mx - c[0]) < 0.1 && Math.abs(m.my - c[1]) < 0.1, JSON.stringify(m));
    assert.ok(m.vx < 0.15 && m.vy < 0.15, JSON.stringify(m)); // x_T has variance 1
    ddpm.dispose();
  });
});
