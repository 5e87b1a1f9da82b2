import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { findExercise } from "@/exercises/registry";
import { activateBackend } from "@/lib/ml/backend";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { base64ToBytes, DIGIT_PIXELS, digitsToFloat, floatToDigits } from "@/lib/ml/datasets/digits";
import { VaeTrainer, type VaeTrainerState } from "@/lib/ml/models/vae";
import { DEFAULT_VAE_CONFIG, type VaeConfig } from "@/lib/ml/configs/vae";
import { DIGIT_PREVIEW } from "@/lib/pool/types";
import { type PoolTrainer, poolTrainerFor } from "@/workers/trainers";

const SMALL_VAE: VaeConfig = { ...DEFAULT_VAE_CONFIG, hidden: 32 };
const roundTrip = async (trainer: PoolTrainer) => JSON.parse(JSON.stringify(await trainer.exportState())) as unknown;

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

test("the pool trains gan-ring and vae-digits", () => {
  assert.ok(poolTrainerFor("gan-ring"));
  assert.ok(poolTrainerFor("vae-digits"));
  assert.equal(poolTrainerFor("no-such-exercise"), null);
  // Every exercise the pool trains says how long, and vice versa.
  for (const slug of ["gan-ring", "vae-digits"]) {
    const pool = findExercise(slug)?.pool;
    assert.ok(pool && pool.defaultSteps <= pool.maxSteps, slug);
  }
});

describe("vae-digits", () => {
  const create = poolTrainerFor("vae-digits")!;

  test("a bad config is refused", () => {
    assert.throws(() => create({ ...SMALL_VAE, hidden: 8 }), /hidden/);
  });

  test("steps, losses by the page's names, a JSON checkpoint that resumes", async () => {
    const trainer = create(SMALL_VAE);
    trainer.step(3);
    trainer.step(4);
    assert.equal(trainer.iteration, 7);
    const losses = await trainer.losses();
    assert.deepEqual(Object.keys(losses), ["elbo", "reconstruction", "kl"]); // the order of the loss history's columns
    assert.ok(Object.values(losses).every(Number.isFinite), JSON.stringify(losses));
    assert.ok(Math.abs(losses.elbo + losses.reconstruction + losses.kl) < 1e-3 * Math.abs(losses.elbo));
    assert.ok(losses.reconstruction > 0 && losses.kl >= 0);

    const resumed = create(SMALL_VAE);
    resumed.importState(await roundTrip(trainer));
    assert.equal(resumed.iteration, 7);
    assert.deepEqual(await resumed.preview(64), await trainer.preview(64));
    assert.deepEqual(await resumed.submission(), await trainer.submission());
    const other = create({ ...SMALL_VAE, latent: 3 });
    assert.throws(() => other.importState({ iteration: 7 }), /no encoder weights/);
    assert.throws(() => other.importState("not a checkpoint"), /A VAE checkpoint is an object/);
    other.dispose();
    trainer.dispose();
    resumed.dispose();
  });

  test("the submission is the page's: 1,000 digits decoded from codes drawn with seed 12345, and it passes the schema", async () => {
    const trainer = create(SMALL_VAE);
    trainer.step(5);
    const body = findExercise("vae-digits")!.submissionSchema.parse(await trainer.submission()) as { images: { shape: number[]; data: string } };
    assert.deepEqual(body.images.shape, [1000, 28, 28]);
    // Independently: the same weights in a VaeTrainer of our own, sampled as the page's submit button does.
    const reference = new VaeTrainer(SMALL_VAE, digitsToFloat(loadMnistSplit("train").images, 0, 10));
    reference.importState((await trainer.exportState()) as VaeTrainerState);
    assert.deepEqual(base64ToBytes(body.images.data), floatToDigits(await reference.sample(1000, 12345)));

    // The thumbnail: DIGIT_PREVIEW.count of the page's preview samples (seed 7), 2×2 block means in 16 levels.
    const { count, side, levels } = DIGIT_PREVIEW;
    const preview = await trainer.preview(64);
    assert.equal(preview.length, count * side * side);
    assert.ok(preview.every((v) => Number.isInteger(v) && v >= 0 && v < levels));
    const pixels = await reference.sample(count, 7);
    const at = (d: number, row: number, col: number) => pixels[d * DIGIT_PIXELS + row * 28 + col];
    for (const [d, r, c] of [
      [0, 0, 0],
      [1, 7, 7],
      [3, 13, 6],
      [2, 5, 12],
    ]) {
      const mean = (at(d, 2 * r, 2 * c) + at(d, 2 * r, 2 * c + 1) + at(d, 2 * r + 1, 2 * c) + at(d, 2 * r + 1, 2 * c + 1)) / 4;
      assert.equal(preview[d * side * side + r * side + c], Math.round(mean * 15), `digit ${d}, row ${r}, column ${c}`);
    }
    // The worst case (every value two digits) stays well under a NOTIFY payload's 8 kB.
    assert.ok(JSON.stringify(preview).length < 3000);
    assert.ok(JSON.stringify(preview.map(() => levels - 1)).length < 3000);
    reference.dispose();
    trainer.dispose();
  });

  test("no tensor leaks across steps, previews, checkpoints and submissions", async () => {
    const baseline = tf.memory().numTensors;
    const trainer = create(SMALL_VAE);
    trainer.step(2);
    const warm = tf.memory().numTensors;
    trainer.importState(await roundTrip(trainer));
    trainer.step(3);
    await trainer.preview(64);
    await trainer.submission();
    await trainer.losses();
    assert.equal(tf.memory().numTensors, warm);
    trainer.dispose();
    trainer.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });
});

test("gan-ring: losses D and G, a checkpoint that resumes, 2,000 points", async () => {
  const create = poolTrainerFor("gan-ring")!;
  const config = { ...DEFAULT_GAN_CONFIG, hiddenWidth: 16, batchSize: 32 };
  const trainer = create(config);
  trainer.step(5);
  const losses = await trainer.losses();
  assert.deepEqual(Object.keys(losses), ["D", "G"]);
  assert.ok(Object.values(losses).every(Number.isFinite));
  const resumed = create(config);
  resumed.importState(await roundTrip(trainer));
  assert.equal(resumed.iteration, 5);
  assert.deepEqual(await resumed.exportState(), await trainer.exportState()); // its noise stream is not resumed: compare weights
  assert.equal(((await trainer.submission()) as { samples: unknown[] }).samples.length, 2000);
  assert.equal((await trainer.preview(64)).length, 128);
  trainer.dispose();
  resumed.dispose();
});
