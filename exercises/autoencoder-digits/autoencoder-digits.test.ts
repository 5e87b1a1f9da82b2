// autoencoder-digits scores a model on hidden digits: the score, the cap that keeps copying out of
// reach, the preview (public digits only) and the body limit.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { loadMnistSplit, MNIST_SPLIT_SIZES } from "@/lib/datasets/mnist";
import { defineExercise } from "@/lib/exercises/types";
import { base64ToBytes, DIGIT_PIXELS, digitsToFloat } from "@/lib/ml/datasets/digits";
import { AUTOENCODER_LIMITS, compileAutoencoder, ppcaJson, reconstructDigitImages } from "@/lib/ml/models/autoencoder-submission";
import { fitPpca } from "@/lib/ml/models/ppca";
import { autoencoderDigitsScorer } from "./server";
import { AUTOENCODER_TEST_COUNT, autoencoderDigitsSpec } from "./spec";

const autoencoderDigits = defineExercise(autoencoderDigitsSpec, autoencoderDigitsScorer);

const test1000 = loadMnistSplit("test").images;
const validation = loadMnistSplit("validation").images;

/** PPCA with W = 0 reconstructs every digit as `mean`. */
const constantModel = (mean: Float64Array) => ({
  model: { kind: "ppca" as const, q: 1, mean: Array.from(mean), W: new Array(DIGIT_PIXELS).fill(0), sigma2: 1 },
});

describe("autoencoder-digits", () => {
  test("the spec's count of hidden digits (browser-safe) is the size of the test split the server loads", () => {
    assert.equal(AUTOENCODER_TEST_COUNT, MNIST_SPLIT_SIZES.test);
    assert.equal(test1000.length, AUTOENCODER_TEST_COUNT * DIGIT_PIXELS);
  });

  test("the server reconstructs the hidden test digits: a constant model scores the mean squared distance to its image", async () => {
    const mean = new Float64Array(DIGIT_PIXELS);
    const train = loadMnistSplit("train");
    for (let i = 0; i < train.images.length; i++) mean[i % DIGIT_PIXELS] += train.images[i] / 255 / train.count;
    const submission = constantModel(mean);
    assert.equal(autoencoderDigits.submissionSchema.safeParse(submission).success, true);
    // Independently: the mean digit as an image (rounded grey levels) against every test pixel.
    let sum = 0;
    for (let i = 0; i < test1000.length; i++) sum += (Math.round(mean[i % DIGIT_PIXELS] * 255) / 255 - test1000[i] / 255) ** 2;
    const { mse } = await autoencoderDigits.score(submission);
    assert.ok(Math.abs(mse - sum / test1000.length) < 1e-12, `${mse} vs ${sum / test1000.length}`);
    assert.ok(Math.abs(mse - 0.067) < 0.001, String(mse)); // the reference in defaultGrading's comment
  });

  test("copying is out of reach: the best PCA at the cap, fitted to the hidden digits themselves, is far from MSE 0", async () => {
    const q = AUTOENCODER_LIMITS.submittedMaxCode;
    const oracle = fitPpca(digitsToFloat(test1000), 1000, DIGIT_PIXELS, q, { tolerance: 1e-6 });
    // σ² → 0 turns PPCA into the orthogonal projection on the top q principal directions: by
    // Eckart–Young, no rank-q affine map reconstructs these digits better (before clipping).
    const { mse } = await autoencoderDigits.score({ model: { ...ppcaJson(oracle), sigma2: AUTOENCODER_LIMITS.ppcaSigma2.min } });
    console.log(`# PPCA q = ${q} fitted to the hidden digits: MSE ${mse.toFixed(5)}`);
    assert.ok(mse > 0.05, String(mse)); // an honest q = 2 fit to the training digits scores 0.056
    assert.equal(
      autoencoderDigits.submissionSchema.safeParse({ model: { ...ppcaJson(oracle), q: q + 1, W: new Array(DIGIT_PIXELS * (q + 1)).fill(0) } }).success,
      false,
    );
  });

  test("the preview shows the model's reconstructions of the first 16 validation digits, never hidden ones", () => {
    const fit = fitPpca(digitsToFloat(loadMnistSplit("train").images, 0, 2000), 2000, DIGIT_PIXELS, 2);
    const submission = { model: ppcaJson(fit) };
    const preview = autoencoderDigits.preview(submission) as { digits: { count: number; data: string } };
    assert.equal(preview.digits.count, 16);
    const shown = base64ToBytes(preview.digits.data)!;
    assert.deepEqual(shown, reconstructDigitImages(compileAutoencoder(submission), validation.subarray(0, 16 * DIGIT_PIXELS)));
    assert.notDeepEqual(shown, reconstructDigitImages(compileAutoencoder(submission), test1000.subarray(0, 16 * DIGIT_PIXELS)));
    assert.equal(autoencoderDigits.previewShows, "samples");
  });

  test("a model at the parameter cap, written as full-precision JSON numbers, fits the body limit", () => {
    const { submittedMaxCode: latent } = AUTOENCODER_LIMITS;
    // The largest hidden layer the cap allows with the largest code.
    const hidden = 317;
    const encoder = DIGIT_PIXELS * hidden + hidden + hidden * latent + latent;
    const decoder = latent * hidden + hidden + hidden * DIGIT_PIXELS + DIGIT_PIXELS;
    assert.ok(
      encoder + decoder <= AUTOENCODER_LIMITS.mlpMaxParameters && encoder + decoder + 2 * DIGIT_PIXELS + 2 * latent + 2 > AUTOENCODER_LIMITS.mlpMaxParameters,
    );
    const weight = -0.0012345678901234567; // 22 characters as JSON, the longest a weight of this size takes
    const body = { model: { kind: "mlp", hidden, latent, encoder: new Array(encoder).fill(weight), decoder: new Array(decoder).fill(weight) } };
    assert.ok(Buffer.byteLength(JSON.stringify(body)) <= autoencoderDigits.limits.maxBodyBytes);
    assert.equal(autoencoderDigits.submissionSchema.safeParse(body).success, true);
  });
});
