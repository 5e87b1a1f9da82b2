// Checkpoints of the TensorFlow.js trainers (lib/ml/train/checkpoint.ts): k steps, exportState, a
// structured clone (what IndexedDB keeps), importState into a fresh trainer, m more steps — the same
// losses and the same weights, Adam moments and random streams as k + m steps without a break.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { activateBackend } from "../../../lib/ml/backend";
import { DEFAULT_AUTOENCODER_CONFIG } from "../../../lib/ml/configs/autoencoder";
import { DEFAULT_CHAR_LM_CONFIG, type CharLmConfig } from "../../../lib/ml/configs/char-lm";
import { DEFAULT_DDPM_CONFIG } from "../../../lib/ml/configs/ddpm";
import { DEFAULT_DIGIT_CGAN_CONFIG, DEFAULT_DIGIT_GAN_CONFIG } from "../../../lib/ml/configs/digit-gan";
import { DEFAULT_GAN_CONFIG, type GanConfig } from "../../../lib/ml/configs/gan";
import { DEFAULT_RBM_CONFIG } from "../../../lib/ml/configs/rbm";
import { DEFAULT_REALNVP_CONFIG } from "../../../lib/ml/configs/realnvp";
import { DEFAULT_VAE_CONFIG } from "../../../lib/ml/configs/vae";
import { DIGIT_PIXELS, digitsToFloat, type DigitSet } from "../../../lib/ml/datasets/digits";
import { sampleMoons, sampleSwissRoll } from "../../../lib/ml/datasets/toy2d";
import { AutoencoderTrainer } from "../../../lib/ml/models/autoencoder";
import { DdpmTrainer } from "../../../lib/ml/models/ddpm";
import { DigitGanTrainer } from "../../../lib/ml/models/digit-gan";
import { RbmTrainer } from "../../../lib/ml/models/rbm";
import { VaeTrainer } from "../../../lib/ml/models/vae";
import { CharLmTrainer } from "../../../lib/ml/train/char-lm-trainer";
import type { AdamState, MomentumState, TrainingState } from "../../../lib/ml/train/checkpoint";
import { GanTrainer } from "../../../lib/ml/train/gan-trainer";
import type { SteppedTrainer } from "../../../lib/ml/train/loop";
import { RealNvpTrainer } from "../../../lib/ml/train/realnvp-trainer";

type Checkpointed = SteppedTrainer & { exportState(): Promise<unknown>; importState(state: unknown): void };

const NAMES = ["emma", "olivia", "ava", "isabella", "sophia", "mia", "charlotte", "amelia", "anne-marie", "jo", "q", "maximilian", "zoe", "xavier"];
const TRANSFORMER: CharLmConfig = {
  ...DEFAULT_CHAR_LM_CONFIG.transformer,
  architecture: { kind: "transformer", blockSize: 8, embedding: 8, heads: 2, layers: 1 },
  batchSize: 8,
};
/** The ring GAN with k = 2 discriminator steps; its optimiser is Adam or SGD with momentum. */
const RING_GAN: GanConfig = { ...DEFAULT_GAN_CONFIG, hiddenWidth: 16, batchSize: 32, dSteps: 2 };
const RING_GAN_MOMENTUM: GanConfig = { ...RING_GAN, optimizer: "sgd-momentum", momentum: 0.9, generatorLr: 0.05, discriminatorLr: 0.05 };

let digits: DigitSet;
let floats: Float32Array;

/** Small models of every trainer with a checkpoint (each test builds fresh ones from these). */
const TRAINERS: Record<string, () => Checkpointed> = {
  "digit GAN": () => new DigitGanTrainer({ ...DEFAULT_DIGIT_GAN_CONFIG, generatorWidth: 16, discriminatorWidth: 16, batchSize: 8, dSteps: 2 }, digits),
  "conditional digit GAN": () =>
    new DigitGanTrainer({ ...DEFAULT_DIGIT_CGAN_CONFIG, generatorWidth: 16, discriminatorWidth: 16, depth: 2, batchSize: 8 }, digits),
  "RBM (persistent CD-2)": () => new RbmTrainer({ ...DEFAULT_RBM_CONFIG, hidden: 16, batchSize: 8, k: 2, persistent: true }, floats),
  "RBM (CD-1)": () => new RbmTrainer({ ...DEFAULT_RBM_CONFIG, hidden: 16, batchSize: 8, k: 1, persistent: false }, floats),
  DDPM: () => new DdpmTrainer({ ...DEFAULT_DDPM_CONFIG, steps: 25, hiddenWidth: 16, hiddenLayers: 2, batchSize: 32 }, sampleSwissRoll(500, 7)),
  RealNVP: () => new RealNvpTrainer({ ...DEFAULT_REALNVP_CONFIG, couplings: 2, hiddenWidth: 8, hiddenLayers: 1, batchSize: 32 }, sampleMoons(500, 7)),
  "transformer language model": () => new CharLmTrainer(TRANSFORMER, NAMES),
  "MLP language model": () =>
    new CharLmTrainer({ ...DEFAULT_CHAR_LM_CONFIG.mlp, architecture: { kind: "mlp", blockSize: 3, embedding: 4, hidden: 8 }, batchSize: 16 }, NAMES),
  "auto-encoder": () => new AutoencoderTrainer({ ...DEFAULT_AUTOENCODER_CONFIG, hidden: 16, batchSize: 8 }, floats),
  VAE: () => new VaeTrainer({ ...DEFAULT_VAE_CONFIG, hidden: 16, latent: 2, batchSize: 8 }, floats),
  "ring GAN (Adam)": () => new GanTrainer(RING_GAN),
  "ring GAN (SGD with momentum)": () => new GanTrainer(RING_GAN_MOMENTUM),
};

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  const all = loadMnistSplit("train");
  const count = 200;
  digits = { count, images: all.images.subarray(0, count * DIGIT_PIXELS), labels: all.labels.subarray(0, count) };
  floats = digitsToFloat(all.images, 0, count);
});

/**
 * k steps, a checkpoint through `store` (structuredClone: what IndexedDB keeps, saved-runs.ts), m more steps
 * in a fresh trainer — against k + m in one.
 */
async function resumeMatches(make: () => Checkpointed, k: number, m: number, store: (state: unknown) => unknown = structuredClone): Promise<void> {
  const straight = make();
  straight.step(k);
  const state = store(await straight.exportState());
  straight.step(m);
  const resumed = make();
  resumed.importState(state);
  assert.equal(resumed.iteration, k);
  resumed.step(m);
  assert.equal(resumed.iteration, k + m);
  // Exactly equal: the same float32 operations on the same numbers, on a deterministic backend.
  assert.deepEqual(await resumed.losses(), await straight.losses());
  assert.deepEqual(await resumed.exportState(), await straight.exportState());
  straight.dispose();
  resumed.dispose();
}

describe("a resumed run continues exactly as an uninterrupted one", () => {
  for (const [name, make] of Object.entries(TRAINERS)) {
    test(name, async () => {
      await resumeMatches(make, 3, 4);
    });
  }

  test("also from a checkpoint taken before the first step (Adam has no moments yet)", async () => {
    await resumeMatches(TRAINERS.RealNVP, 0, 3);
    await resumeMatches(TRAINERS["digit GAN"], 0, 2);
    await resumeMatches(TRAINERS["ring GAN (SGD with momentum)"], 0, 2);
  });

  test("the ring GAN's checkpoint also through JSON, as the worker pool stores it", async () => {
    for (const name of ["ring GAN (Adam)", "ring GAN (SGD with momentum)"]) {
      await resumeMatches(TRAINERS[name], 4, 3, (state) => JSON.parse(JSON.stringify(state)));
    }
  });
});

describe("what a checkpoint holds", () => {
  test("weights with their shapes, Adam's moments and powers, the iteration, the streams' draws", async () => {
    const trainer = TRAINERS["digit GAN"]() as DigitGanTrainer;
    trainer.step(5);
    const state = await trainer.exportState();
    assert.equal(state.model, "digit GAN");
    assert.equal(state.iteration, 5);
    assert.deepEqual(Object.keys(state.tensors), [
      "generator W1",
      "generator b1",
      "generator W2",
      "generator b2",
      "discriminator W1",
      "discriminator b1",
      "discriminator W2",
      "discriminator b2",
    ]);
    assert.deepEqual(state.tensors["generator W1"].shape, [64, 16]);
    assert.ok(state.tensors["generator W1"].values instanceof Float32Array);
    const g = state.optimizers.generator as AdamState;
    assert.equal(g.steps, 5);
    assert.equal(g.firstMoments.length, 4);
    assert.equal(g.secondMoments[0].length, 64 * 16);
    // β₁ = 0.5: after 5 steps the optimiser holds β₁⁶ (and β₂⁶ with β₂ = 0.999), each a float32 product.
    assert.ok(Math.abs(g.beta1Power - 0.5 ** 6) < 1e-7 && Math.abs(g.beta2Power - 0.999 ** 6) < 1e-6, `${g.beta1Power} ${g.beta2Power}`);
    assert.equal(state.optimizers.discriminator.steps, 10); // k = 2 discriminator updates per iteration
    // Per iteration: 2 D steps of 8 indices and 8 × 64 normals (2 uniforms each), then 8 × 64 normals and 8 labels.
    assert.equal(state.streams["batches and noise"], 5 * (2 * (8 + 8 * 64 * 2) + 8 * 64 * 2 + 8));
    trainer.dispose();
  });

  test("the DDPM keeps its moving average, the RBM its velocities and chains", async () => {
    const ddpm = TRAINERS.DDPM() as DdpmTrainer;
    ddpm.step(2);
    const d = await ddpm.exportState();
    assert.deepEqual(Object.keys(d.tensors), ["network", "averaged network"]);
    assert.notDeepEqual(d.tensors.network.values, d.tensors["averaged network"].values);
    ddpm.dispose();
    const rbm = TRAINERS["RBM (persistent CD-2)"]();
    rbm.step(2);
    const r = (await rbm.exportState()) as TrainingState;
    assert.deepEqual(Object.keys(r.tensors), [
      "weights",
      "visible biases",
      "hidden biases",
      "weight velocities",
      "visible bias velocities",
      "hidden bias velocities",
      "persistent chains",
    ]);
    assert.deepEqual(r.tensors["persistent chains"].shape, [8, DIGIT_PIXELS]);
    assert.deepEqual(Object.keys(r.optimizers), []);
    assert.deepEqual(Object.keys(r.streams), ["batches", "Gibbs"]);
    rbm.dispose();
  });

  test("the VAE and the ring GAN keep their optimisers' state and their streams", async () => {
    const vae = TRAINERS.VAE();
    vae.step(3);
    const v = (await vae.exportState()) as TrainingState;
    assert.deepEqual(Object.keys(v.tensors), ["encoder", "decoder"]);
    const adam = v.optimizers.Adam as AdamState;
    assert.equal(adam.steps, 3);
    assert.equal(adam.firstMoments.length, 2);
    // Per step: 8 digits, and 8 × 2 normals of ε (2 uniforms each).
    assert.deepEqual(v.streams, { batches: 3 * 8, noise: 3 * 8 * 2 * 2 });
    vae.dispose();

    const gan = TRAINERS["ring GAN (SGD with momentum)"]();
    gan.step(3);
    const g = (await gan.exportState()) as TrainingState;
    assert.deepEqual(Object.keys(g.tensors), ["generator", "discriminator"]);
    const d = g.optimizers.discriminator as MomentumState;
    assert.equal(d.steps, 6); // k = 2 discriminator updates per iteration
    assert.equal(d.velocities.length, 1);
    assert.equal(d.velocities[0].length, g.tensors.discriminator.values.length);
    assert.ok(d.velocities[0].some((x) => x !== 0));
    // Per iteration: 2 D steps of 32 indices; 3 batches of 32 × 2 normals (2 uniforms each).
    assert.deepEqual(g.streams, { batches: 3 * 2 * 32, noise: 3 * 3 * 32 * 2 * 2 });
    gan.dispose();
  });
});

describe("importState checks what it gets, and changes nothing when it does not fit", () => {
  test("another model, other sizes, bad numbers, missing parts", async () => {
    const trainer = TRAINERS.RealNVP() as RealNvpTrainer;
    trainer.step(2);
    const before = await trainer.exportState();
    const wider = new RealNvpTrainer({ ...DEFAULT_REALNVP_CONFIG, couplings: 2, hiddenWidth: 12, hiddenLayers: 1, batchSize: 32 }, sampleMoons(500, 7));
    wider.step(1);
    const ddpm = TRAINERS.DDPM();
    const reject = (state: unknown, message: RegExp) => assert.throws(() => trainer.importState(state), message);

    reject(await ddpm.exportState(), /This checkpoint is of a DDPM, not of a RealNVP flow/);
    reject(await wider.exportState(), /parameters has shape \[\d+\] where this model's is \[\d+\]: it comes from other settings/);
    reject(null, /A RealNVP flow checkpoint is an object/);
    reject({ ...before, iteration: -1 }, /iteration must be a whole number ≥ 0, got -1/);
    reject({ ...before, tensors: {} }, /The checkpoint has no parameters/);
    const nan = Float32Array.from(before.tensors.parameters.values);
    nan[3] = Number.NaN;
    reject({ ...before, tensors: { parameters: { ...before.tensors.parameters, values: nan } } }, /parameters must be finite numbers/);
    const adam = before.optimizers.Adam as AdamState;
    reject(
      { ...before, optimizers: { Adam: { ...adam, secondMoments: [adam.secondMoments[0].subarray(1)] } } },
      /second moment 1 has [\d,]+ values where this model has [\d,]+/,
    );
    reject({ ...before, optimizers: { Adam: { ...adam, beta2Power: 2 } } }, /β₂ᵗ must be a number in \[0, 1\]/);
    reject({ ...before, optimizers: {} }, /no state for the Adam optimiser/);
    reject({ ...before, streams: { batches: 1.5 } }, /batches random stream must be at a whole number of draws/);

    assert.deepEqual(await trainer.exportState(), before);
    trainer.dispose();
    wider.dispose();
    ddpm.dispose();
    assert.throws(() => trainer.importState(before), /used after dispose/);
  });

  test("a CD-1 RBM's checkpoint lacks the persistent chains a PCD one needs", async () => {
    const cd = TRAINERS["RBM (CD-1)"]();
    const pcd = TRAINERS["RBM (persistent CD-2)"]();
    cd.step(1);
    const state = await cd.exportState();
    assert.throws(() => pcd.importState(state), /The checkpoint has no persistent chains/);
    assert.throws(() => pcd.importState(undefined), /An RBM checkpoint is an object|A RBM checkpoint is an object/);
    cd.dispose();
    pcd.dispose();
  });

  test("a language model's submission follows its imported weights, not a cached export", async () => {
    const a = TRAINERS["transformer language model"]() as CharLmTrainer;
    const b = TRAINERS["transformer language model"]() as CharLmTrainer;
    a.step(3);
    b.step(3);
    await b.exportWeights(); // cached at iteration 3
    const other = new CharLmTrainer({ ...TRANSFORMER, seed: 2 }, NAMES);
    other.step(3);
    b.importState(await other.exportState());
    assert.deepEqual(await b.exportWeights(), await other.exportWeights());
    a.dispose();
    b.dispose();
    other.dispose();
  });
});

test("no tensor leaks across checkpoints, also when importing into a trained model", async () => {
  const baseline = tf.memory().numTensors;
  for (const make of Object.values(TRAINERS)) {
    const trainer = make();
    trainer.step(2);
    const warm = tf.memory().numTensors;
    const state = await trainer.exportState();
    trainer.step(2);
    trainer.importState(state);
    trainer.step(1);
    trainer.importState(await trainer.exportState());
    await trainer.losses();
    assert.ok(tf.memory().numTensors <= warm, `${trainer.constructor.name}: ${tf.memory().numTensors} tensors, ${warm} before`);
    trainer.dispose();
    assert.equal(tf.memory().numTensors, baseline, trainer.constructor.name);
  }
});
