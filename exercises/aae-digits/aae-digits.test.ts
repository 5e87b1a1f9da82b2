// aae-digits scores an adversarial auto-encoder on hidden digits: the three numbers of a small trained model against
// independent computations, the flags that keep FID honest, the schema's refusals, the preview and the body limit.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { loadMnistSplit, MNIST_SPLIT_SIZES } from "@/lib/datasets/mnist";
import { scoreDigitImages } from "@/lib/datasets/digit-evaluator";
import { rankingOf, rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { activateBackend } from "@/lib/ml/backend";
import { AAE_MAX_HIDDEN, DEFAULT_AAE_CONFIG } from "@/lib/ml/configs/aae";
import { base64ToBytes, DIGIT_PIXELS, digitsToFloat } from "@/lib/ml/datasets/digits";
import { AaeTrainer } from "@/lib/ml/models/aae";
import { compileAae, decodeCodes, encodeDigits, priorSamples } from "@/lib/ml/models/aae-submission";
import { autoencoderMse, compileAutoencoder, float32Base64, type MlpAutoencoderJson } from "@/lib/ml/models/autoencoder-submission";
import { mulberry32 } from "@/lib/ml/random";
import { compareKeys, messageFor } from "@/tests/support/exercise-contract";
import { AAE_SCORING_SEEDS, aaeDigitsScorer } from "./server";
import { AAE_MAX_MMD2, AAE_MEAN_DIGIT_MSE, AAE_TEST_COUNT, aaeDigitsSpec } from "./spec";

const aaeDigits = defineExercise(aaeDigitsSpec, aaeDigitsScorer);
const test1000 = loadMnistSplit("test").images;
const validation = loadMnistSplit("validation").images;

/** A small AAE after a short run (hidden 32: a few seconds), as the page would submit it. */
let trained: { model: MlpAutoencoderJson };

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
  const trainer = new AaeTrainer(
    { ...DEFAULT_AAE_CONFIG, hidden: 32, discriminatorHidden: 16, batchSize: 32 },
    digitsToFloat(loadMnistSplit("train").images, 0, 4000),
  );
  trainer.step(600);
  trained = { model: await trainer.exportModel() };
  trainer.dispose();
});

/** The trained model's weights as numbers, edited by `edit` (encoder, decoder, hidden units), as a submission. */
function edited(edit: (encoder: Float64Array, decoder: Float64Array, hidden: number) => void) {
  const model = compileAae(trained);
  const [encoder, decoder] = [model.encoder.slice(), model.decoder.slice()];
  edit(encoder, decoder, model.hidden);
  return { model: { ...trained.model, encoder: float32Base64(encoder), decoder: float32Base64(decoder) } };
}

/** Unbiased MMD² with h = 1 by its three double loops, written out again. */
function bruteMmd2(x: Float64Array, y: Float64Array): number {
  const [m, n] = [x.length / 2, y.length / 2];
  const k = (a: Float64Array, i: number, b: Float64Array, j: number) => Math.exp(-((a[2 * i] - b[2 * j]) ** 2 + (a[2 * i + 1] - b[2 * j + 1]) ** 2) / 2);
  let [xx, yy, xy] = [0, 0, 0];
  for (let i = 0; i < m; i++) for (let j = i + 1; j < m; j++) xx += 2 * k(x, i, x, j);
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) yy += 2 * k(y, i, y, j);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) xy += k(x, i, y, j);
  return xx / (m * (m - 1)) + yy / (n * (n - 1)) - (2 * xy) / (m * n);
}

describe("aae-digits", () => {
  test("the spec's count of hidden digits (browser-safe) is the size of the test split the server loads", () => {
    assert.equal(AAE_TEST_COUNT, MNIST_SPLIT_SIZES.test);
    assert.equal(test1000.length, AAE_TEST_COUNT * DIGIT_PIXELS);
  });

  test("a trained model end to end: the scorer's three numbers against independent computations", async () => {
    assert.equal(aaeDigits.submissionSchema.safeParse(trained).success, true);
    const t0 = performance.now();
    const metrics = await aaeDigits.score(trained);
    console.log(`# small AAE, 600 steps: ${JSON.stringify(metrics)} in ${(performance.now() - t0).toFixed(0)} ms`);
    assert.deepEqual(Object.keys(metrics).sort(), aaeDigits.metrics.map((m) => m.key).sort());
    // MSE: autoencoder-digits' own reconstruction of the hidden digits, through its own compile and encode.
    assert.equal(metrics.mse, autoencoderMse(compileAutoencoder(trained), test1000));
    // MMD²: the test digits' codes against the server's 2,000 prior samples, by double loops.
    const { PRIOR_SEED, SAMPLE_SEED } = AAE_SCORING_SEEDS;
    const codes = encodeDigits(compileAae(trained), test1000);
    const expected = bruteMmd2(codes, priorSamples(2000, mulberry32(PRIOR_SEED)));
    assert.ok(Math.abs(metrics.mmd2 - expected) < 1e-12, `${metrics.mmd2} vs ${expected}`);
    // FID: the evaluator on 1,000 digits decoded from the server's other prior samples.
    const images = decodeCodes(compileAae(trained), priorSamples(1000, mulberry32(SAMPLE_SEED)));
    assert.equal(metrics.fid, (await scoreDigitImages(images, 1000)).fid);
    // Far better than the untrained model (FID 436, MMD² 0.25, MSE 0.236), and not flagged.
    assert.ok(metrics.fid < 350 && metrics.mmd2 < AAE_MAX_MMD2 && metrics.mse < AAE_MEAN_DIGIT_MSE, JSON.stringify(metrics));
    assert.equal(aaeDigits.flag?.(metrics), null);
  });

  test("an encoder that ignores the digits is flagged, and so are codes far from the prior: both rank below an honest model", async () => {
    const honest = await aaeDigits.score(trained);
    // Every code the same (the encoder's last weights zeroed): the decoder draws one image for every digit.
    const constant = edited((encoder, _decoder, hidden) => encoder.fill(0, 784 * hidden + hidden, 784 * hidden + hidden + 2 * hidden));
    const ignored = await aaeDigits.score(constant);
    assert.ok(ignored.mse > AAE_MEAN_DIGIT_MSE, JSON.stringify(ignored));
    assert.match(aaeDigits.flag!(ignored)!, /worse than the mean digit/);
    // Codes halved and the decoder's first layer doubled: the same reconstructions, codes as N(0, ¼ I)-ish, and FID
    // then measures the decoder at twice the prior's spread, which is not what its codes reach.
    const shrunk = edited((encoder, decoder, hidden) => {
      for (let i = 784 * hidden + hidden; i < encoder.length; i++) encoder[i] *= 0.5;
      for (let i = 0; i < 2 * hidden; i++) decoder[i] *= 2;
    });
    const halved = await aaeDigits.score(shrunk);
    assert.ok(Math.abs(halved.mse - honest.mse) < 0.002, `${halved.mse} vs ${honest.mse}`);
    assert.ok(halved.mmd2 > AAE_MAX_MMD2, JSON.stringify(halved));
    assert.match(aaeDigits.flag!(halved)!, /far from the prior/);
    for (const bad of [ignored, halved]) {
      assert.equal(rankingOf(aaeDigits, bad).flagged, true);
      assert.ok(compareKeys(rankKeysOf(aaeDigits, honest), rankKeysOf(aaeDigits, bad)) < 0);
    }
    // Unflagged submissions: the lower FID first, then the lower MMD².
    const keys = (m: { fid: number; mmd2: number }) => rankKeysOf(aaeDigits, { ...honest, ...m });
    assert.ok(compareKeys(keys({ fid: 200, mmd2: 0.02 }), keys({ fid: 210, mmd2: 0.001 })) < 0);
    assert.ok(compareKeys(keys({ fid: 200, mmd2: 0.001 }), keys({ fid: 200, mmd2: 0.002 })) < 0);
  });

  test("the preview shows 16 digits decoded from the server's prior samples, never hidden digits or parameters", () => {
    const preview = aaeDigits.preview(trained) as { digits: { count: number; data: string } };
    assert.equal(preview.digits.count, 16);
    const { SAMPLE_SEED } = AAE_SCORING_SEEDS;
    assert.deepEqual(base64ToBytes(preview.digits.data), decodeCodes(compileAae(trained), priorSamples(16, mulberry32(SAMPLE_SEED))));
    assert.deepEqual(JSON.parse(JSON.stringify(preview)), preview);
    assert.equal(aaeDigits.previewShows, "samples");
    assert.equal(validation.length, 1000 * DIGIT_PIXELS); // the page's estimate reads these instead
  });

  test("the schema refuses bad bodies with a sentence that names the field", () => {
    const model = trained.model;
    const cases: [unknown, RegExp][] = [
      ["a string", /must be a JSON object like \{"model"/],
      [{}, /"model" is missing/],
      [{ model: { ...model }, extra: 1 }, /"extra" is not a known field/],
      [
        { model: { kind: "ppca", q: 2, mean: [], W: [], sigma2: 1 } },
        /"model.kind" must be "mlp": this exercise scores an encoder network and a decoder network/,
      ],
      [{ model: { ...model, latent: 3 } }, /"model.latent" is 3; it must be 2: the codes are compared with the 2-D prior/],
      [{ model: { ...model, kind: undefined } }, /"model.kind" is missing; it must be "mlp"/],
      [{ model: { ...model, hidden: AAE_MAX_HIDDEN + 1 } }, /"model.hidden" is 318; it must be a whole number from 1 to 317/],
      [{ model: { ...model, encoder: [1, 2, 3] } }, /"model.encoder" must have 25,186 numbers \(784 → 32 → 2: W1, b1, W2, b2\); it has 3/],
      [{ model: { ...model, decoder: { dtype: "float32", data: "AAAA" } } }, /"model.decoder.data" must hold 25,968 float32 weights/],
      [{ model: { ...model, decoder: { dtype: "float64", data: "AAAA" } } }, /"model.decoder.dtype" must be "float32"/],
      [{ model: { ...model, encoder: float32Base64(new Float32Array(25_186).fill(NaN)) } }, /"model.encoder.data" holds NaN at weight 0/],
      [{ reconstructions: [] }, /submit the model itself/],
    ];
    for (const [body, message] of cases) assert.match(messageFor(aaeDigits, body), message);
  });

  test("a model at the parameter cap, written as full-precision JSON numbers, fits the body limit", () => {
    const hidden = AAE_MAX_HIDDEN;
    const [encoder, decoder] = [784 * hidden + hidden + hidden * 2 + 2, 2 * hidden + hidden + hidden * 784 + 784];
    const weight = -0.0012345678901234567; // 22 characters as JSON, the longest a weight of this size takes
    const body = { model: { kind: "mlp", hidden, latent: 2, encoder: new Array(encoder).fill(weight), decoder: new Array(decoder).fill(weight) } };
    assert.ok(Buffer.byteLength(JSON.stringify(body)) <= aaeDigits.limits.maxBodyBytes);
    assert.equal(aaeDigits.submissionSchema.safeParse(body).success, true);
    assert.ok(aaeDigits.configSchema.safeParse(aaeDigits.defaultHyperparameters).success);
    assert.equal(aaeDigits.heavyScoring, true);
  });
});
