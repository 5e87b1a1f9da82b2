// pix2pix on digits (lib/ml/models/img2img.ts) and its submission (lib/ml/models/img2img-submission.ts): the float64
// forward pass against TF.js's and against a known function, the trainer's losses and checkpoints, and the
// validation messages of a submitted generator.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { describeValidationError } from "../../../lib/exercises/validation";
import { activateBackend } from "../../../lib/ml/backend";
import { DEFAULT_IMG2IMG_CONFIG, type Img2ImgConfig, img2imgConfigSchema } from "../../../lib/ml/configs/img2img";
import { DIGIT_PIXELS, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { float32Base64 } from "../../../lib/ml/models/autoencoder-submission";
import { Img2ImgTrainer } from "../../../lib/ml/models/img2img";
import {
  compileImg2Img,
  completeDigitImages,
  completeLowerHalves,
  HALF_PIXELS,
  IMG2IMG_LIMITS,
  img2imgParameterCount,
  img2imgSubmissionSchema,
  lowerHalfL1,
  maxHiddenUnits,
  upperHalves,
} from "../../../lib/ml/models/img2img-submission";
import type { TrainingState } from "../../../lib/ml/train/checkpoint";

/** Small networks keep the bookkeeping tests fast. */
const SMALL: Img2ImgConfig = { ...DEFAULT_IMG2IMG_CONFIG, generatorWidth: 24, generatorDepth: 2, discriminatorWidth: 16, batchSize: 8 };
const N = 20;

let train: Float32Array;
let validation: Uint8Array;

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  train = digitsToFloat(loadMnistSplit("train").images, 0, 2000);
  validation = loadMnistSplit("validation").images.subarray(0, N * DIGIT_PIXELS);
});

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));

/**
 * A generator that draws the upper half again, sharpened, as the lower half: 392 → 392 (W1 = I, so the
 * LeakyReLU passes the non-negative pixels unchanged) → 392 with W2 = k·I and b2 = −k/2: G(x) = σ(k (x − ½)).
 */
function mirrorGenerator(k: number): number[] {
  const H = HALF_PIXELS;
  const flat = new Array<number>(img2imgParameterCount(H, 1)).fill(0);
  const w2 = H * H + H;
  for (let i = 0; i < H; i++) {
    flat[i * H + i] = 1;
    flat[w2 + i * H + i] = k;
    flat[w2 + H * H + i] = -k / 2;
  }
  return flat;
}

function refusal(body: unknown): string {
  const parsed = img2imgSubmissionSchema.safeParse(body);
  assert.equal(parsed.success, false, "expected the body to be refused");
  return describeValidationError(parsed.error!, body);
}

describe("the generator's float64 forward pass", () => {
  test("is a known function for known weights: σ(k (x − ½)) of each upper-half pixel, by a plain loop", () => {
    const k = 12;
    const model = compileImg2Img({ model: { kind: "mlp", hidden: HALF_PIXELS, depth: 1, generator: mirrorGenerator(k) } });
    const x = upperHalves(validation);
    const out = completeLowerHalves(model, x, N);
    let worst = 0;
    for (let i = 0; i < N; i++)
      for (let p = 0; p < HALF_PIXELS; p++) worst = Math.max(worst, Math.abs(out[i * HALF_PIXELS + p] - sigmoid(k * (x[i * HALF_PIXELS + p] - 0.5))));
    assert.ok(worst < 1e-15, String(worst));

    // Completed digits: the given upper half, then the completion rounded to grey levels.
    const completed = completeDigitImages(model, validation);
    for (let i = 0; i < N; i++) {
      for (let p = 0; p < HALF_PIXELS; p++) {
        const at = i * DIGIT_PIXELS;
        assert.equal(completed[at + p], validation[at + p]);
        assert.equal(completed[at + HALF_PIXELS + p], Math.round(255 * sigmoid(k * (validation[at + p] / 255 - 0.5))));
      }
    }
  });

  test("equals TF.js's: a trained generator's exportModel() completes as the trainer does", async () => {
    const trainer = new Img2ImgTrainer({ ...SMALL, generatorDepth: 3 }, train);
    trainer.step(30); // biases away from 0, LeakyReLUs on both sides
    const submission = { model: await trainer.exportModel() };
    assert.equal(img2imgSubmissionSchema.safeParse(submission).success, true);
    const x = Float32Array.from(upperHalves(validation));
    const ours = completeLowerHalves(compileImg2Img(submission), x, N);
    const theirs = await trainer.complete(x, N);
    // float32 (TF.js) against float64, outputs in (0, 1).
    assert.ok(maxAbsDiff(ours, theirs) < 1e-5, String(maxAbsDiff(ours, theirs)));
    assert.ok(
      ours.some((v) => v > 0.1 && v < 0.9),
      "the test should exercise the sigmoid's middle",
    );
    // The same weights as a list of numbers complete the same digits.
    const { generator } = compileImg2Img(submission);
    const asList = compileImg2Img({ model: { ...submission.model, generator: Array.from(generator) } });
    assert.deepEqual(completeLowerHalves(asList, x, N), ours);
    trainer.dispose();
  });

  test("the L1 error per pixel is the mean |completed − true| / 255 over the lower halves only", () => {
    const a = Uint8Array.from(validation);
    const b = Uint8Array.from(validation);
    b[3] = 255 - b[3]; // upper half: not counted
    b[DIGIT_PIXELS + HALF_PIXELS + 5] = a[DIGIT_PIXELS + HALF_PIXELS + 5] > 127 ? 0 : 255;
    const changed = Math.abs(b[DIGIT_PIXELS + HALF_PIXELS + 5] - a[DIGIT_PIXELS + HALF_PIXELS + 5]);
    assert.equal(lowerHalfL1(b, a), changed / 255 / (N * HALF_PIXELS));
    assert.equal(lowerHalfL1(a, a), 0);
  });

  test("the parameter count is the layout's length: 267,144 for the default 392 → 256 → 256 → 392", () => {
    assert.equal(img2imgParameterCount(256, 2), 392 * 256 + 256 + (256 * 256 + 256) + 256 * 392 + 392);
    assert.equal(img2imgParameterCount(256, 2), 267_144);
    for (const depth of [1, 2, 3]) {
      const h = maxHiddenUnits(depth);
      assert.ok(img2imgParameterCount(h, depth) <= IMG2IMG_LIMITS.maxParameters && img2imgParameterCount(h + 1, depth) > IMG2IMG_LIMITS.maxParameters);
    }
  });
});

describe("Img2ImgTrainer", () => {
  test("its config schema takes the defaults and refuses an objective with nothing in it", () => {
    assert.deepEqual(img2imgConfigSchema.parse(DEFAULT_IMG2IMG_CONFIG), DEFAULT_IMG2IMG_CONFIG);
    assert.equal(img2imgConfigSchema.safeParse({ ...DEFAULT_IMG2IMG_CONFIG, l1Weight: 0, adversarialWeight: 0 }).success, false);
    assert.equal(img2imgConfigSchema.safeParse({ ...DEFAULT_IMG2IMG_CONFIG, adversarialWeight: 0 }).success, true);
    assert.throws(() => new Img2ImgTrainer({ ...SMALL, generatorDepth: 4 }, train));
    assert.throws(() => new Img2ImgTrainer({ ...SMALL, extra: 1 } as Img2ImgConfig, train));
  });

  test("the L1 loss goes down in a short run, the losses are finite and the tensor count stays flat", async () => {
    const trainer = new Img2ImgTrainer({ ...SMALL, generatorWidth: 64, discriminatorWidth: 32, batchSize: 32 }, train);
    trainer.step(1);
    const first = await trainer.losses();
    assert.deepEqual(Object.keys(first), ["l1", "gAdversarial", "dLoss"]);
    const tensors = tf.memory().numTensors;
    const late: number[] = [];
    for (let i = 0; i < 30; i++) {
      trainer.step(10);
      if (i >= 20) late.push((await trainer.losses()).l1);
    }
    assert.equal(tf.memory().numTensors, tensors);
    const last = await trainer.losses();
    assert.ok(Object.values(last).every(Number.isFinite), JSON.stringify(last));
    const lateMean = late.reduce((a, b) => a + b, 0) / late.length;
    // An untrained sigmoid output sits near ½ on every pixel (L1 ≈ 0.4); after 300 steps it is well below.
    assert.ok(first.l1 > 0.3 && lateMean < 0.75 * first.l1, `${first.l1} → ${lateMean}`);
    assert.equal(trainer.iteration, 301);
    trainer.dispose();
  });

  test("a resumed run continues exactly as an uninterrupted one", async () => {
    const straight = new Img2ImgTrainer(SMALL, train);
    straight.step(3);
    const state = structuredClone(await straight.exportState());
    straight.step(4);
    const resumed = new Img2ImgTrainer(SMALL, train);
    resumed.importState(state);
    assert.equal(resumed.iteration, 3);
    resumed.step(4);
    assert.deepEqual(await resumed.losses(), await straight.losses());
    assert.deepEqual(await resumed.exportState(), await straight.exportState());
    assert.deepEqual(await resumed.exportModel(), await straight.exportModel());

    const saved = (await straight.exportState()) as TrainingState;
    assert.equal(saved.model, "digit pix2pix");
    assert.deepEqual(Object.keys(saved.tensors), [
      "generator W1",
      "generator b1",
      "generator W2",
      "generator b2",
      "generator W3",
      "generator b3",
      "discriminator W1",
      "discriminator b1",
      "discriminator W2",
      "discriminator b2",
    ]);
    assert.deepEqual(saved.tensors["discriminator W1"].shape, [DIGIT_PIXELS, 16]);
    assert.deepEqual(saved.streams, { batches: 7 * SMALL.batchSize });
    // A checkpoint of other sizes is refused, and changes nothing.
    const wider = new Img2ImgTrainer({ ...SMALL, generatorWidth: 32 }, train);
    assert.throws(() => wider.importState(state), /generator W1 has shape \[392,24\] where this model's is \[392, 32\]/);
    assert.equal(wider.iteration, 0);
    for (const t of [straight, resumed, wider]) t.dispose();
  });
});

describe("a submitted generator's validation", () => {
  const generator = (hidden: number, depth: number, value = 0.01) => new Array<number>(img2imgParameterCount(hidden, depth)).fill(value);
  const body = (model: Record<string, unknown>) => ({ model: { kind: "mlp", hidden: 4, depth: 1, generator: generator(4, 1), ...model } });

  test("accepts a generator as numbers or as base64 float32", () => {
    assert.equal(img2imgSubmissionSchema.safeParse(body({})).success, true);
    assert.equal(img2imgSubmissionSchema.safeParse(body({ generator: float32Base64(generator(4, 1)) })).success, true);
  });

  test("refuses bad bodies, saying what is wrong", () => {
    assert.match(refusal({ images: {} }), /submit the generator itself/);
    assert.match(refusal({}), /"model" is missing; it must be an object like/);
    assert.match(refusal({ model: { kind: "mlp", hidden: 4, depth: 1, generator: [], extra: 1 } }), /"model.extra" is not a known field/);
    assert.match(refusal(body({ kind: "unet" })), /"model.kind" must be "mlp"/);
    assert.match(refusal(body({ depth: 4 })), /"model.depth" is 4; it must be a whole number from 1 to 3 \(hidden layers\)/);
    assert.match(refusal(body({ depth: 1.5 })), /"model.depth" is 1.5/);
    const tooWide = maxHiddenUnits(2) + 1;
    assert.match(refusal(body({ depth: 2, hidden: tooWide })), new RegExp(`"model.hidden" is ${tooWide}; .* more would exceed 500,000 parameters`));
    assert.match(
      refusal(body({ generator: generator(4, 1).slice(1) })),
      /"model.generator" must have 3,532 numbers \(392 → 4 → 392: W1, b1, W2, b2, …\); it has 3,531/,
    );
    assert.match(
      refusal(body({ generator: [...generator(4, 1).slice(1), "x"] })),
      /"model.generator.3531" is not a number|"model.generator\[3531\]" is not a number/,
    );
    assert.match(refusal(body({ generator: [2000, ...generator(4, 1).slice(1)] })), /is 2000; it must be within ±1000/);
    const nan = float32Base64([...generator(4, 1).slice(1), NaN]);
    assert.match(refusal(body({ generator: nan })), /"model.generator.data" holds NaN at weight 3531/);
    assert.match(refusal(body({ generator: { dtype: "float32", data: "AAAA" } })), /must hold 3,532 float32 weights .* it holds 3 bytes/);
    assert.match(refusal(body({ generator: { dtype: "float64", data: "" } })), /"model.generator.dtype" must be "float32"/);
    assert.match(refusal(body({ generator: "weights" })), /must be a list of 3,532 numbers/);
  });
});
