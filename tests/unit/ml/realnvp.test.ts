// RealNVP: the float64 evaluator against independent numerics (central differences, a grid
// integral, the inverse), the tfjs trainer against the float64 evaluator, and the trainer's
// bookkeeping (gradient, learning, tensors, export).
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { activateBackend } from "../../../lib/ml/backend";
import { sampleMoons } from "../../../lib/ml/datasets/toy2d";
import { realNvpNllGradient } from "../../../lib/ml/models/realnvp";
import { realNvpForward, realNvpInverse, realNvpLogDensity, realNvpSample, standardNormalPoints } from "../../../lib/ml/models/realnvp-float64";
import {
  realNvpParameterCount,
  realNvpParameters,
  realNvpSubmissionSchema,
  realNvpWeightsFromParameters,
  type RealNvpArchitecture,
  type RealNvpSubmission,
} from "../../../lib/ml/models/realnvp-submission";
import { gridPoints, RealNvpTrainer } from "../../../lib/ml/train/realnvp-trainer";
import { DEFAULT_REALNVP_CONFIG, realNvpConfigSchema, type RealNvpConfig } from "../../../lib/ml/configs/realnvp";
import { gaussian, mulberry32 } from "../../../lib/ml/random";

/** Every parameter ~ N(0, scale²), seeded: couplings that really bend the plane. */
function randomFlow(architecture: RealNvpArchitecture, seed: number, scale: number): RealNvpSubmission {
  const rng = mulberry32(seed);
  const flat = Float64Array.from({ length: realNvpParameterCount(architecture) }, () => scale * gaussian(rng));
  return { architecture, weights: realNvpWeightsFromParameters(architecture, flat) };
}

const ARCH: RealNvpArchitecture = { couplings: 5, hiddenWidth: 8, hiddenLayers: 2 };
const FLOW = randomFlow(ARCH, 11, 0.6);
/** Standard normal points scaled by 1.5, interleaved. */
const POINTS = standardNormalPoints(50, 3).map((v) => 1.5 * v);
const mean = (xs: ArrayLike<number>) => Array.from(xs).reduce((s, v) => s + v, 0) / xs.length;
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};

const SMALL: RealNvpConfig = { couplings: 4, hiddenWidth: 16, hiddenLayers: 2, learningRate: 0.005, batchSize: 128, seed: 1 };
const MOONS = sampleMoons(1000, 5);
const HELDOUT = sampleMoons(1000, 6);

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

describe("float64 evaluator", () => {
  test("log |det ∂f/∂x| equals the log-determinant of a central-difference Jacobian", () => {
    const { logDetJacobian } = realNvpForward(FLOW, POINTS);
    const h = 1e-5;
    for (let i = 0; i < POINTS.length / 2; i++) {
      const x = [POINTS[2 * i], POINTS[2 * i + 1]];
      const column = (j: number) => {
        const plus = x.slice();
        const minus = x.slice();
        plus[j] += h;
        minus[j] -= h;
        const [zp, zm] = [realNvpForward(FLOW, plus).latents, realNvpForward(FLOW, minus).latents];
        return [(zp[0] - zm[0]) / (2 * h), (zp[1] - zm[1]) / (2 * h)];
      };
      const [c0, c1] = [column(0), column(1)];
      const numeric = Math.log(Math.abs(c0[0] * c1[1] - c1[0] * c0[1]));
      assert.ok(Math.abs(numeric - logDetJacobian[i]) < 1e-6, `point ${i}: ${numeric} vs ${logDetJacobian[i]}`);
    }
    // The random flow really stretches and squeezes, so a missing term would show.
    const spread = Math.max(...logDetJacobian) - Math.min(...logDetJacobian);
    assert.ok(spread > 0.5, `log-determinants spread ${spread}`);
  });

  test("inverse(forward(x)) = x and forward(inverse(z)) = z", () => {
    const { latents } = realNvpForward(FLOW, POINTS);
    assert.ok(maxAbsDiff(realNvpInverse(FLOW, latents), POINTS) < 1e-10, "inverse(forward(x)) = x");
    assert.ok(maxAbsDiff(realNvpForward(FLOW, realNvpInverse(FLOW, POINTS)).latents, POINTS) < 1e-10, "forward(inverse(z)) = z");
    assert.ok(maxAbsDiff(latents, POINTS) > 0.5, "the flow is not the identity");
  });

  test("the density integrates to 1 over the plane (midpoint rule); without the log-determinant it would not", () => {
    const flow = randomFlow({ couplings: 4, hiddenWidth: 8, hiddenLayers: 1 }, 5, 0.3);
    const window = { xMin: -30, xMax: 30, yMin: -30, yMax: 30 }; // its samples reach |x| ≈ 15
    const resolution = 600;
    const grid = gridPoints(resolution, window);
    const cell = (60 / resolution) ** 2;
    const logp = realNvpLogDensity(flow, grid);
    const { latents, logDetJacobian } = realNvpForward(flow, grid);
    let mass = 0;
    let massWithoutJacobian = 0;
    for (let i = 0; i < logp.length; i++) {
      mass += Math.exp(logp[i]) * cell;
      massWithoutJacobian += Math.exp(logp[i] - logDetJacobian[i]) * cell;
    }
    assert.ok(Math.abs(mass - 1) < 1e-4, `∫p = ${mass}`);
    assert.ok(Math.abs(massWithoutJacobian - 1) > 0.05, `∫N(f(x)) = ${massWithoutJacobian}`);
    assert.equal(latents.length, grid.length);
  });

  test("all-zero weights are the identity flow with the standard normal density", () => {
    const zero = randomFlow(ARCH, 1, 0);
    const logp = realNvpLogDensity(zero, POINTS);
    for (let i = 0; i < logp.length; i++) {
      const [x, y] = [POINTS[2 * i], POINTS[2 * i + 1]];
      assert.ok(Math.abs(logp[i] - (-0.5 * (x * x + y * y) - Math.log(2 * Math.PI))) < 1e-14, `point ${i}`);
    }
    assert.deepEqual(realNvpSample(zero, 10, 4), standardNormalPoints(10, 4));
  });

  test("realNvpParameters and realNvpWeightsFromParameters are inverse layouts", () => {
    const flat = realNvpParameters(FLOW);
    assert.equal(flat.length, realNvpParameterCount(ARCH));
    assert.deepEqual(realNvpWeightsFromParameters(ARCH, flat), FLOW.weights);
    assert.equal(realNvpParameterCount(ARCH), 4 + 5 * (4 * 8 + 2 + 1 * (8 * 8 + 8)));
  });
});

describe("tfjs flow", () => {
  test("the hand-written NLL gradient matches float64 central differences", () => {
    const arch: RealNvpArchitecture = { couplings: 3, hiddenWidth: 5, hiddenLayers: 2 };
    const flow = randomFlow(arch, 21, 0.5);
    const flat = realNvpParameters(flow);
    const x = POINTS.slice(0, 40);
    const { nll, gradient } = realNvpNllGradient(arch, tf.tensor1d(Float32Array.from(flat)), tf.tensor2d(Float32Array.from(x), [20, 2]));
    const hand = gradient.dataSync();
    const nllOf = (params: Float64Array) => -mean(realNvpLogDensity({ architecture: arch, weights: realNvpWeightsFromParameters(arch, params) }, x));
    assert.ok(Math.abs(nll.dataSync()[0] - nllOf(flat)) < 1e-4, "NLL agrees with the float64 evaluator");
    const h = 1e-6;
    let largest = 0;
    for (let i = 0; i < flat.length; i++) {
      const plus = flat.slice();
      const minus = flat.slice();
      plus[i] += h;
      minus[i] -= h;
      const numeric = (nllOf(plus) - nllOf(minus)) / (2 * h);
      largest = Math.max(largest, Math.abs(numeric));
      assert.ok(Math.abs(hand[i] - numeric) < 1e-4 * Math.max(1, Math.abs(numeric)), `parameter ${i}: ${hand[i]} vs ${numeric}`);
    }
    assert.ok(largest > 0.1, `largest |gradient| ${largest}`);
    tf.dispose([nll, gradient]);
  });

  test("the float64 evaluator agrees with the tfjs model (log-density, samples)", async () => {
    const config = { ...SMALL, couplings: ARCH.couplings, hiddenWidth: ARCH.hiddenWidth, hiddenLayers: ARCH.hiddenLayers };
    const trainer = new RealNvpTrainer(config, MOONS, { initial: FLOW });
    const tfLogp = await trainer.logDensity(Float32Array.from(POINTS));
    const exact = realNvpLogDensity(FLOW, Float32Array.from(POINTS));
    assert.ok(maxAbsDiff(tfLogp, exact) < 1e-4, `max diff ${maxAbsDiff(tfLogp, exact)}`);
    assert.ok(maxAbsDiff(await trainer.sample(200, 9), realNvpSample(FLOW, 200, 9)) < 1e-4, "tfjs samples match realNvpSample");
    // exportWeights gives back the initial weights to float32 precision.
    const exported = await trainer.exportWeights();
    assert.ok(maxAbsDiff(realNvpParameters(exported), realNvpParameters(FLOW)) < 1e-6, "exported weights match the initial ones");
    trainer.dispose();
    assert.throws(() => new RealNvpTrainer(SMALL, MOONS, { initial: FLOW }), /initial weights are for/);
  });

  test("densityGrid is exp(log p) at cell centres, row 0 at the top", async () => {
    const trainer = new RealNvpTrainer({ ...SMALL, couplings: ARCH.couplings, hiddenWidth: ARCH.hiddenWidth, hiddenLayers: ARCH.hiddenLayers }, MOONS, {
      initial: FLOW,
    });
    const window = { xMin: -2, xMax: 3, yMin: -1, yMax: 1.5 };
    const grid = await trainer.densityGrid(5, window);
    const exact = realNvpLogDensity(FLOW, gridPoints(5, window)).map(Math.exp);
    assert.ok(maxAbsDiff(grid, exact) < 1e-5, "grid matches exp(log p)");
    assert.deepEqual(Array.from(gridPoints(2, window)), [-0.75, 0.875, 1.75, 0.875, -0.75, -0.375, 1.75, -0.375]);
    assert.equal((await trainer.densityGrid(4, 3)).length, 16);
    trainer.dispose();
  });
});

describe("RealNvpTrainer", () => {
  test("tensor count stays flat across steps and returns to baseline after dispose", async () => {
    const baseline = tf.memory().numTensors;
    const trainer = new RealNvpTrainer(SMALL, MOONS);
    assert.ok(Number.isNaN((await trainer.losses()).nll), "NaN before the first step");
    trainer.step(2); // Adam creates its moment slots on the first step
    const warm = tf.memory().numTensors;
    trainer.step(1);
    trainer.step(20);
    await trainer.sample(10, 1);
    await trainer.densityGrid(8, 3);
    await trainer.exportWeights();
    assert.equal(tf.memory().numTensors, warm);
    assert.equal(trainer.iteration, 23);
    trainer.dispose();
    trainer.dispose(); // idempotent
    assert.equal(tf.memory().numTensors, baseline);
    assert.throws(() => trainer.step());
    await assert.rejects(trainer.sample(1, 1));
  });

  test("a short seeded run lowers the held-out NLL clearly, reproducibly", async () => {
    const trainer = new RealNvpTrainer(SMALL, MOONS);
    const heldoutLogLikelihood = async () => mean(realNvpLogDensity(await trainer.exportWeights(), HELDOUT));
    const before = await heldoutLogLikelihood(); // the data-initialised normalization: a diagonal Gaussian
    const t0 = performance.now();
    trainer.step(300);
    const seconds = (performance.now() - t0) / 1000;
    const after = await heldoutLogLikelihood();
    const { nll } = await trainer.losses();
    console.log(
      `# 300 steps (${JSON.stringify(SMALL)}) in ${seconds.toFixed(1)} s: held-out log-likelihood ${before.toFixed(3)} -> ${after.toFixed(3)}, last batch NLL ${nll.toFixed(3)}`,
    );
    assert.ok(after > before + 0.4, `${before} -> ${after}`);
    assert.ok(Number.isFinite(nll) && nll < -before, `last batch NLL ${nll}`);

    const again = new RealNvpTrainer(SMALL, MOONS);
    again.step(300);
    assert.deepEqual(await again.exportWeights(), await trainer.exportWeights());
    trainer.dispose();
    again.dispose();
  });

  test("exported weights round-trip through JSON and the submission schema and score the same", async () => {
    const trainer = new RealNvpTrainer(SMALL, MOONS);
    trainer.step(20);
    const exported = await trainer.exportWeights();
    const parsed = realNvpSubmissionSchema.parse(JSON.parse(JSON.stringify(exported)));
    assert.deepEqual(parsed, exported);
    assert.deepEqual(realNvpLogDensity(parsed, HELDOUT), realNvpLogDensity(exported, HELDOUT));
    // 9 significant digits recover every float32 parameter exactly.
    const again = new RealNvpTrainer(SMALL, MOONS, { initial: parsed });
    assert.deepEqual(await again.exportWeights(), exported);
    trainer.dispose();
    again.dispose();
  });

  test("the config is validated, including the parameter cap", () => {
    assert.ok(realNvpConfigSchema.safeParse(DEFAULT_REALNVP_CONFIG).success, "defaults are valid");
    assert.throws(() => new RealNvpTrainer({ ...SMALL, learningRate: NaN }, MOONS));
    assert.throws(() => new RealNvpTrainer({ ...SMALL, hiddenLayers: 4 }, MOONS));
    assert.throws(() => new RealNvpTrainer({ ...SMALL, couplings: 16, hiddenWidth: 128, hiddenLayers: 3 }, MOONS), /100000 parameters/);
    assert.ok(!realNvpConfigSchema.safeParse({ ...SMALL, extra: 1 }).success, "config is strict");
    assert.throws(() => new RealNvpTrainer(SMALL, new Float32Array(3)));
  });
});
