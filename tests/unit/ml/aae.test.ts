// The adversarial auto-encoder (lib/ml/models/aae.ts) and its scores (lib/ml/models/aae-submission.ts): the MMD² of the
// codes against independent computations and a closed form, the trainer's losses, its checkpoints and the submitted model.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { activateBackend } from "../../../lib/ml/backend";
import { AAE_MAX_HIDDEN, type AaeConfig, aaeConfigSchema, DEFAULT_AAE_CONFIG } from "../../../lib/ml/configs/aae";
import { DIGIT_PIXELS, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { AaeTrainer } from "../../../lib/ml/models/aae";
import { codeMmd2, compileAae, decodeCodes, encodeDigits, priorSamples } from "../../../lib/ml/models/aae-submission";
import { AutoencoderTrainer } from "../../../lib/ml/models/autoencoder";
import { DEFAULT_AUTOENCODER_CONFIG } from "../../../lib/ml/configs/autoencoder";
import { AUTOENCODER_LIMITS, mlpAutoencoderParameterCount } from "../../../lib/ml/models/autoencoder-submission";
import { mulberry32 } from "../../../lib/ml/random";
import type { AdamState } from "../../../lib/ml/train/checkpoint";

/** The Gaussian kernel with h = 1, written out. */
const k = (ax: number, ay: number, bx: number, by: number) => Math.exp(-((ax - bx) ** 2 + (ay - by) ** 2) / 2);

/** Unbiased MMD² by the three double loops of Gretton et al. (2012), eq. 3, on interleaved 2-D points. */
function bruteMmd2(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = x.length / 2;
  const n = y.length / 2;
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < m; i++) for (let j = 0; j < m; j++) if (i !== j) xx += k(x[2 * i], x[2 * i + 1], x[2 * j], x[2 * j + 1]);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j) yy += k(y[2 * i], y[2 * i + 1], y[2 * j], y[2 * j + 1]);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xy += k(x[2 * i], x[2 * i + 1], y[2 * j], y[2 * j + 1]);
  return xx / (m * (m - 1)) + yy / (n * (n - 1)) - (2 * xy) / (m * n);
}

/**
 * Population MMD² between N(0, s² I) and N(0, I) in 2-D with the Gaussian kernel of bandwidth 1: for a difference
 * d ~ N(0, σ² I₂), E exp(−‖d‖²/2) = 1 / (1 + σ²); the three differences have σ² = 2s², 2 and s² + 1.
 */
const gaussianMmd2 = (s: number) => 1 / (1 + 2 * s * s) + 1 / 3 - 2 / (2 + s * s);

let train: Float32Array;
let validation: Uint8Array;
const SMALL: AaeConfig = { ...DEFAULT_AAE_CONFIG, hidden: 32, discriminatorHidden: 16, batchSize: 16 };

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  train = digitsToFloat(loadMnistSplit("train").images, 0, 2000);
  validation = loadMnistSplit("validation").images.subarray(0, 300 * DIGIT_PIXELS);
});

describe("MMD² of the codes to the prior (codeMmd2)", () => {
  test("two points against two, by hand: it can be negative, because the diagonal is left out", () => {
    // x = {(0,0), (1,0)}, y = {(0,0), (0,1)}: within each set one pair at distance 1; across, distances 0, 1, 1, √2.
    const e = Math.exp(-0.5);
    const byHand = e + e - (2 / 4) * (1 + 2 * e + Math.exp(-1));
    assert.ok(Math.abs(codeMmd2([0, 0, 1, 0], [0, 0, 0, 1]) - byHand) < 1e-15);
    assert.ok(byHand < 0, String(byHand));
  });

  test("equals the three double loops on small random sets of different sizes", () => {
    const rng = mulberry32(3);
    for (const [m, n] of [
      [2, 2],
      [5, 9],
      [40, 17],
    ]) {
      const x = Array.from({ length: 2 * m }, () => 3 * rng() - 1);
      const y = Array.from({ length: 2 * n }, () => 2 * rng() - 1);
      const expected = bruteMmd2(x, y);
      assert.ok(Math.abs(codeMmd2(x, y) - expected) < 1e-12, `${m} vs ${n}: ${codeMmd2(x, y)} vs ${expected}`);
    }
  });

  test("matches the closed form for N(0, s² I) against N(0, I): its mean over independent large samples", () => {
    assert.ok(Math.abs(gaussianMmd2(1)) < 1e-15);
    assert.ok(Math.abs(gaussianMmd2(0) - 1 / 3) < 1e-15); // every code at the origin
    assert.ok(Math.abs(gaussianMmd2(0.5) - 1 / 9) < 1e-15 && Math.abs(gaussianMmd2(2) - 1 / 9) < 1e-15);
    // One estimate from 2,500 + 2,500 points scatters by about 0.006 around the population value for s = 0.5 or 2
    // (measured), far less for s = 1; the mean of 8 independent ones by about 0.002.
    const replicates = 8;
    const n = 2500;
    for (const s of [0.5, 1, 1.5, 2]) {
      let sum = 0;
      for (let r = 0; r < replicates; r++) {
        const codes = priorSamples(n, mulberry32(100 + 2 * r)).map((v) => s * v);
        sum += codeMmd2(codes, priorSamples(n, mulberry32(101 + 2 * r)));
      }
      const mean = sum / replicates;
      assert.ok(Math.abs(mean - gaussianMmd2(s)) < 0.007, `s = ${s}: ${mean} vs ${gaussianMmd2(s)}`);
    }
  });

  test("prior samples are standard normal: mean 0, variance 1, no correlation", () => {
    const z = priorSamples(20_000, mulberry32(5));
    const n = z.length / 2;
    let [mx, my, vx, vy, cxy] = [0, 0, 0, 0, 0];
    for (let i = 0; i < n; i++) [mx, my] = [mx + z[2 * i] / n, my + z[2 * i + 1] / n];
    for (let i = 0; i < n; i++) {
      vx += (z[2 * i] - mx) ** 2 / n;
      vy += (z[2 * i + 1] - my) ** 2 / n;
      cxy += ((z[2 * i] - mx) * (z[2 * i + 1] - my)) / n;
    }
    for (const [v, want] of [
      [mx, 0],
      [my, 0],
      [vx, 1],
      [vy, 1],
      [cxy, 0],
    ])
      assert.ok(Math.abs(v - want) < 0.04, `${v} vs ${want}`);
  });
});

describe("AaeTrainer", () => {
  test("the config's hidden units stop where the submission's parameter cap does", () => {
    assert.equal(AAE_MAX_HIDDEN, 317);
    assert.ok(mlpAutoencoderParameterCount(AAE_MAX_HIDDEN, 2) <= AUTOENCODER_LIMITS.mlpMaxParameters);
    assert.ok(mlpAutoencoderParameterCount(AAE_MAX_HIDDEN + 1, 2) > AUTOENCODER_LIMITS.mlpMaxParameters);
    assert.equal(aaeConfigSchema.safeParse({ ...DEFAULT_AAE_CONFIG, hidden: AAE_MAX_HIDDEN + 1 }).success, false);
    assert.equal(aaeConfigSchema.safeParse({ ...DEFAULT_AAE_CONFIG, latent: 2 }).success, false); // the code is always 2-D
  });

  test("a short run of the default config: reconstruction falls, both adversarial losses stay near log 2, codes move towards the prior", async () => {
    const trainer = new AaeTrainer(DEFAULT_AAE_CONFIG, train);
    const prior = priorSamples(2000, mulberry32(1));
    const mmd = async () => codeMmd2(encodeDigits(compileAae({ model: await trainer.exportModel() }), validation), prior);
    const untrained = await mmd();
    trainer.step(1);
    const first = await trainer.losses();
    const t0 = performance.now();
    trainer.step(300);
    const last = await trainer.losses();
    const trained = await mmd();
    console.log(
      `# 300 steps in ${(performance.now() - t0).toFixed(0)} ms: reconstruction ${first.reconstruction.toFixed(1)} -> ${last.reconstruction.toFixed(1)}, D ${last.discriminator.toFixed(3)}, encoder ${last.encoder.toFixed(3)}; MMD² ${untrained.toFixed(4)} -> ${trained.toFixed(4)}`,
    );
    assert.ok(last.reconstruction < 0.5 * first.reconstruction, `${first.reconstruction} -> ${last.reconstruction}`);
    for (const loss of [last.discriminator, last.encoder]) assert.ok(loss > 0.4 && loss < 1.2, JSON.stringify(last));
    assert.ok(trained < 0.5 * untrained, `MMD² ${untrained} -> ${trained}`);
    trainer.dispose();
  });

  test("steps free what they make; NaN losses before the first step", async () => {
    const trainer = new AaeTrainer(SMALL, train);
    assert.ok(Number.isNaN((await trainer.losses()).reconstruction));
    trainer.step(2);
    const tensors = tf.memory().numTensors;
    trainer.step(5);
    await trainer.losses();
    assert.equal(tf.memory().numTensors, tensors);
    trainer.dispose();
    trainer.dispose(); // idempotent
    await assert.rejects(trainer.encode(new Float32Array(DIGIT_PIXELS), 1), /after dispose/);
  });

  test("a resumed run continues exactly: k steps, a structured clone, m more steps equal k + m without a break", async () => {
    const straight = new AaeTrainer(SMALL, train);
    straight.step(4);
    const state = structuredClone(await straight.exportState());
    straight.step(3);
    const resumed = new AaeTrainer(SMALL, train);
    resumed.importState(state);
    assert.equal(resumed.iteration, 4);
    resumed.step(3);
    assert.deepEqual(await resumed.losses(), await straight.losses());
    const [a, b] = [await resumed.exportState(), await straight.exportState()];
    assert.deepEqual(a, b);
    // What it holds: three networks, three Adams (the encoder in two of them), the batches and the prior samples.
    assert.deepEqual(Object.keys(a.tensors), ["encoder", "decoder", "discriminator"]);
    assert.deepEqual(Object.keys(a.optimizers), ["reconstruction", "discriminator", "encoder's adversarial"]);
    assert.equal((a.optimizers.reconstruction as AdamState).firstMoments.length, 2);
    assert.equal((a.optimizers["encoder's adversarial"] as AdamState).firstMoments[0].length, a.tensors.encoder.values.length);
    // Per step: 16 digits, 16 × 2 prior normals (2 uniforms each).
    assert.deepEqual(a.streams, { batches: 7 * 16, prior: 7 * 16 * 2 * 2 });
    straight.dispose();
    resumed.dispose();
  });

  test("importState refuses another model's checkpoint and other sizes, and changes nothing", async () => {
    const trainer = new AaeTrainer(SMALL, train);
    trainer.step(2);
    const before = await trainer.exportState();
    const autoencoder = new AutoencoderTrainer({ ...DEFAULT_AUTOENCODER_CONFIG, hidden: 32, batchSize: 16 }, train);
    autoencoder.step(1);
    assert.throws(() => trainer.importState(null), /A digit adversarial auto-encoder checkpoint is an object/);
    const other = structuredClone(await autoencoder.exportState());
    assert.throws(() => trainer.importState(other), /of a MLP auto-encoder, not of a digit adversarial auto-encoder/);
    const wider = new AaeTrainer({ ...SMALL, discriminatorHidden: 24 }, train);
    const widerState = structuredClone(await wider.exportState());
    assert.throws(() => trainer.importState(widerState), /checkpoint's discriminator has shape .* other settings/);
    assert.deepEqual(await trainer.exportState(), before);
    for (const t of [trainer, autoencoder, wider]) t.dispose();
  });

  test("the exported model is the trainer's networks: the float64 forward pass agrees with TensorFlow.js", async () => {
    const trainer = new AaeTrainer(SMALL, train);
    trainer.step(20);
    const model = compileAae({ model: await trainer.exportModel() });
    assert.deepEqual([model.hidden, model.latent], [32, 2]);
    const n = 50;
    const x = validation.subarray(0, n * DIGIT_PIXELS);
    const ours = encodeDigits(model, x);
    const theirs = await trainer.encode(digitsToFloat(x), n);
    for (let i = 0; i < ours.length; i++) assert.ok(Math.abs(ours[i] - theirs[i]) < 1e-4, `code ${i}: ${ours[i]} vs ${theirs[i]}`);
    const z = priorSamples(n, mulberry32(9));
    const images = decodeCodes(model, z);
    const decoded = await trainer.decode(Float32Array.from(z), n);
    for (let i = 0; i < images.length; i++) assert.ok(Math.abs(images[i] - decoded[i] * 255) <= 0.5 + 1e-3, `pixel ${i}`);
    // sample(n, seed) decodes priorSamples(n, mulberry32(seed)).
    assert.deepEqual(await trainer.sample(n, 9), decoded);
    trainer.dispose();
  });
});
