// img2img-digits scores a generator on hidden digits: the completions and their metrics against an independent
// computation, the ranking, the preview (public digits only) and the body limit.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { digitEvaluator, scoreDigitImages } from "@/lib/datasets/digit-evaluator";
import { loadMnistSplit, MNIST_SPLIT_SIZES } from "@/lib/datasets/mnist";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { activateBackend } from "@/lib/ml/backend";
import { base64ToBytes, DIGIT_PIXELS, digitsToFloat } from "@/lib/ml/datasets/digits";
import { Img2ImgTrainer } from "@/lib/ml/models/img2img";
import { DEFAULT_IMG2IMG_CONFIG } from "@/lib/ml/configs/img2img";
import { compileImg2Img, completeDigitImages, HALF_PIXELS, img2imgParameterCount, maxHiddenUnits } from "@/lib/ml/models/img2img-submission";
import { compareKeys, messageFor } from "@/tests/support/exercise-contract";
import { img2imgDigitsScorer } from "./server";
import { IMG2IMG_TEST_COUNT, img2imgDigitsSpec } from "./spec";

const img2imgDigits = defineExercise(img2imgDigitsSpec, img2imgDigitsScorer);

const test1000 = loadMnistSplit("test");
const validation = loadMnistSplit("validation").images;
const train = loadMnistSplit("train");

/** The flat weights of a one-hidden-layer generator 392 → hidden → 392; `set` fills W1, b1, W2, b2. */
function generator(
  hidden: number,
  set: (w1: (i: number, j: number, v: number) => void, w2: (i: number, j: number, v: number) => void, b2: (j: number, v: number) => void) => void,
) {
  const flat = new Array<number>(img2imgParameterCount(hidden, 1)).fill(0);
  const second = HALF_PIXELS * hidden + hidden;
  set(
    (i, j, v) => (flat[i * hidden + j] = v),
    (i, j, v) => (flat[second + i * HALF_PIXELS + j] = v),
    (j, v) => (flat[second + hidden * HALF_PIXELS + j] = v),
  );
  return { model: { kind: "mlp" as const, hidden, depth: 1, generator: flat } };
}

/** Grey levels q (0–254) as a generator that ignores its input: W = 0, the output bias σ⁻¹(q / 255), or −40 (σ ≈ 4e−18) for 0. */
const constantGenerator = (q: ArrayLike<number>) =>
  generator(1, (_w1, _w2, b2) => {
    for (let j = 0; j < HALF_PIXELS; j++) b2(j, q[j] === 0 ? -40 : Math.log(q[j] / (255 - q[j])));
  });

/** The digits with their lower halves replaced, pixel by pixel. */
function pasted(images: Uint8Array, lowerOf: (i: number, p: number) => number): Uint8Array {
  const out = Uint8Array.from(images);
  for (let i = 0; i < out.length / DIGIT_PIXELS; i++) for (let p = 0; p < HALF_PIXELS; p++) out[i * DIGIT_PIXELS + HALF_PIXELS + p] = lowerOf(i, p);
  return out;
}

/** Mean over the test digits' lower-half pixels of |a − b| / 255, by a plain double loop. */
function l1ByLoop(completed: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < IMG2IMG_TEST_COUNT; i++) {
    for (let row = 14; row < 28; row++)
      for (let col = 0; col < 28; col++) sum += Math.abs(completed[i * 784 + row * 28 + col] - test1000.images[i * 784 + row * 28 + col]);
  }
  return sum / 255 / (IMG2IMG_TEST_COUNT * 14 * 28);
}

/** The mean lower half of the training digits, as grey levels. */
function meanLowerHalf(): Uint8Array {
  const sum = new Float64Array(HALF_PIXELS);
  for (let i = 0; i < train.count; i++) for (let p = 0; p < HALF_PIXELS; p++) sum[p] += train.images[i * DIGIT_PIXELS + HALF_PIXELS + p];
  return Uint8Array.from(sum, (s) => Math.round(s / train.count));
}

before(async () => {
  await activateBackend("wasm");
});

describe("img2img-digits", () => {
  test("the spec's count of hidden digits (browser-safe) is the size of the test split the server loads", () => {
    assert.equal(IMG2IMG_TEST_COUNT, MNIST_SPLIT_SIZES.test);
    assert.equal(test1000.count, IMG2IMG_TEST_COUNT);
    assert.equal(img2imgDigits.heavyScoring, true);
    assert.deepEqual(
      img2imgDigits.metrics.map((m) => m.key),
      ["intraClassFid", "accuracy", "fid", "l1"],
    );
    assert.deepEqual(img2imgDigits.rankedBy, ["intraClassFid", "accuracy"]);
    // Class accuracy is kept by pasting a class-average lower half, the L1 error by blurring: neither earns points.
    assert.deepEqual(
      img2imgDigits.metrics.filter((m) => m.gradable === false).map((m) => m.key),
      ["accuracy", "l1"],
    );
    assert.equal(img2imgDigits.defaultGrading.kind === "linear" && img2imgDigits.defaultGrading.metric, "intraClassFid");
  });

  test("a generator that draws the mean lower half: the scorer's completions and metrics, computed independently", async () => {
    const mean = meanLowerHalf();
    const submission = constantGenerator(mean);
    assert.equal(messageFor(img2imgDigits, submission), "ok");
    const expected = pasted(test1000.images, (_, p) => mean[p]);
    assert.deepEqual(completeDigitImages(compileImg2Img(submission), test1000.images), expected);
    const metrics = await img2imgDigits.score(submission);
    assert.deepEqual(Object.keys(metrics).sort(), ["accuracy", "fid", "intraClassFid", "l1"]);
    const byEvaluator = await scoreDigitImages(expected, IMG2IMG_TEST_COUNT, test1000.labels);
    assert.equal(metrics.fid, byEvaluator.fid);
    assert.equal(metrics.intraClassFid, byEvaluator.intraClassFid);
    let correct = 0;
    const { probabilities } = await (await digitEvaluator()).evaluate(expected, IMG2IMG_TEST_COUNT);
    for (let i = 0; i < IMG2IMG_TEST_COUNT; i++) {
      const row = Array.from(probabilities.subarray(i * 10, i * 10 + 10));
      if (row.indexOf(Math.max(...row)) === test1000.labels[i]) correct++;
    }
    assert.equal(metrics.accuracy, correct / IMG2IMG_TEST_COUNT);
    assert.ok(Math.abs(metrics.l1 - l1ByLoop(expected)) < 1e-12, `${metrics.l1} vs ${l1ByLoop(expected)}`);
    // The references the spec quotes for it.
    const references = (key: string) => img2imgDigits.metrics.find((m) => m.key === key)!.references!;
    const quoted = (key: string) => references(key).find((r) => r.label.startsWith("the mean lower half"))!.value;
    assert.ok(Math.abs(metrics.intraClassFid - quoted("intraClassFid")) <= 0.5, String(metrics.intraClassFid));
    assert.ok(Math.abs(metrics.fid - quoted("fid")) <= 0.5, String(metrics.fid));
    assert.ok(Math.abs(metrics.accuracy - quoted("accuracy")) <= 0.0005, String(metrics.accuracy));
    assert.ok(Math.abs(metrics.l1 - quoted("l1")) <= 0.0005, String(metrics.l1));
  });

  test("a generator of a known function: σ(12 (x − ½)) of the pixel above, mirrored into the lower half", async () => {
    const k = 12;
    const H = HALF_PIXELS;
    // Hidden unit (r, c) copies upper-half pixel (r, c); lower-half pixel (13 − r, c) reads it: the upper half flipped upside down.
    const submission = generator(H, (w1, w2, b2) => {
      for (let p = 0; p < H; p++) w1(p, p, 1);
      for (let r = 0; r < 14; r++) for (let c = 0; c < 28; c++) w2(r * 28 + c, (13 - r) * 28 + c, k);
      for (let j = 0; j < H; j++) b2(j, -k / 2);
    });
    const expected = pasted(test1000.images, (i, p) => {
      const [r, c] = [Math.floor(p / 28), p % 28];
      const x = test1000.images[i * DIGIT_PIXELS + (13 - r) * 28 + c] / 255;
      return Math.round(255 / (1 + Math.exp(-k * (x - 0.5))));
    });
    assert.deepEqual(completeDigitImages(compileImg2Img(submission), test1000.images), expected);
    const metrics = await img2imgDigits.score(submission);
    const byEvaluator = await scoreDigitImages(expected, IMG2IMG_TEST_COUNT, test1000.labels);
    assert.deepEqual([metrics.intraClassFid, metrics.accuracy, metrics.fid], [byEvaluator.intraClassFid, byEvaluator.conditionalAccuracy, byEvaluator.fid]);
    assert.ok(Math.abs(metrics.l1 - l1ByLoop(expected)) < 1e-12);
  });

  test("a briefly trained generator ranks above the mean lower half, which ranks above a blank one", async () => {
    const trainer = new Img2ImgTrainer(DEFAULT_IMG2IMG_CONFIG, digitsToFloat(train.images, 0, 4000));
    trainer.step(400);
    const trained = await img2imgDigits.score({ model: await trainer.exportModel() });
    trainer.dispose();
    const mean = await img2imgDigits.score(constantGenerator(meanLowerHalf()));
    const blank = await img2imgDigits.score(constantGenerator(new Uint8Array(HALF_PIXELS)));
    console.log(`# 400 iterations: ${JSON.stringify(trained)}; mean lower half: ${JSON.stringify(mean)}; blank: ${JSON.stringify(blank)}`);
    assert.ok(compareKeys(rankKeysOf(img2imgDigits, trained), rankKeysOf(img2imgDigits, mean)) < 0);
    assert.ok(compareKeys(rankKeysOf(img2imgDigits, mean), rankKeysOf(img2imgDigits, blank)) < 0);
    assert.ok(trained.accuracy > mean.accuracy);
  });

  test("the preview shows the completions of the first 16 validation digits, never hidden ones", () => {
    const submission = constantGenerator(meanLowerHalf());
    const preview = img2imgDigits.preview(submission) as { digits: { count: number; data: string } };
    assert.equal(preview.digits.count, 16);
    const shown = base64ToBytes(preview.digits.data)!;
    assert.deepEqual(shown, completeDigitImages(compileImg2Img(submission), validation.subarray(0, 16 * DIGIT_PIXELS)));
    assert.deepEqual(shown.subarray(0, HALF_PIXELS), validation.subarray(0, HALF_PIXELS));
    assert.deepEqual(JSON.parse(JSON.stringify(preview)), preview);
    assert.equal(img2imgDigits.previewShows, "samples");
  });

  test("a generator at the parameter cap, written as full-precision JSON numbers, fits the body limit", () => {
    const hidden = maxHiddenUnits(1);
    const weight = -0.0012345678901234567; // 22 characters as JSON, the longest a weight of this size takes
    const body = { model: { kind: "mlp", hidden, depth: 1, generator: new Array(img2imgParameterCount(hidden, 1)).fill(weight) } };
    assert.ok(Buffer.byteLength(JSON.stringify(body)) <= img2imgDigits.limits.maxBodyBytes);
    assert.equal(messageFor(img2imgDigits, body), "ok");
    assert.match(messageFor(img2imgDigits, { ...body, model: { ...body.model, hidden: hidden + 1 } }), /"model.hidden" is 637; .*500,000 parameters/);
    assert.ok(img2imgDigits.configSchema.safeParse(img2imgDigits.defaultHyperparameters).success);
  });
});
