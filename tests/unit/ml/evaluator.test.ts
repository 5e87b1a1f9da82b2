import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import * as ort from "onnxruntime-web";
import { DIGIT_EVALUATOR_PATH, digitEvaluator, scoreDigitImages, testFeatureStatistics } from "../../../lib/datasets/digit-evaluator";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { activateBackend } from "../../../lib/ml/backend";
import { digitsToFloat } from "../../../lib/ml/datasets/digits";
import { EVALUATOR_FEATURES, evaluatorForward, evaluatorTensors, initEvaluatorWeights } from "../../../lib/ml/evaluator/digit-cnn";
import { exportEvaluatorOnnx, readEvaluatorWeights } from "../../../lib/ml/evaluator/onnx";
import { createDigitEvaluator } from "../../../lib/ml/evaluator/runtime";
import { featureStatistics, frechetDistance, predictedClasses } from "../../../lib/ml/metrics/images";
import { mulberry32 } from "../../../lib/ml/random";

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

function maxDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

describe("the ONNX exporter", () => {
  test("onnxruntime on the exported graph computes what the tfjs definition computes", async () => {
    const weights = initEvaluatorWeights(11);
    weights.dense1Bias = weights.dense1Bias.map((_, i) => 0.05 * Math.sin(i)); // non-zero biases too
    const back = readEvaluatorWeights(exportEvaluatorOnnx(weights));
    for (const name of Object.keys(weights) as (keyof typeof weights)[]) assert.deepEqual(back[name], weights[name], name);

    const rng = mulberry32(2);
    const n = 7;
    const images = Float32Array.from({ length: n * 784 }, () => rng());
    const evaluator = await createDigitEvaluator(ort, exportEvaluatorOnnx(weights));
    const onnx = await evaluator.evaluate(images, n);
    const tensors = evaluatorTensors(weights);
    const { features, probabilities } = tf.tidy(() => {
      const out = evaluatorForward(tensors, tf.tensor(images, [n, 784]));
      return { features: out.features.dataSync(), probabilities: tf.softmax(out.logits).dataSync() };
    });
    tf.dispose(Object.values(tensors));
    assert.ok(maxDifference(onnx.features, features) < 1e-4);
    assert.ok(maxDifference(onnx.probabilities, probabilities) < 1e-5);
    await evaluator.release();
  });
});

describe("the committed evaluator (models/digit-evaluator.onnx)", () => {
  test("classifies at least 97% of the hidden test digits correctly", async () => {
    const test = loadMnistSplit("test");
    const { probabilities } = await (await digitEvaluator()).evaluate(test.images, test.count);
    const predicted = predictedClasses(probabilities, test.count, 10);
    const accuracy = predicted.reduce((n, p, i) => n + (p === test.labels[i] ? 1 : 0), 0) / test.count;
    assert.ok(accuracy >= 0.97, `test accuracy ${accuracy}`);
  });

  test("the browser's tfjs copy (weights read from the ONNX file) predicts the same classes", async () => {
    const validation = loadMnistSplit("validation");
    const n = 200;
    const weights = evaluatorTensors(readEvaluatorWeights(readFileSync(DIGIT_EVALUATOR_PATH)));
    const fromTfjs = tf.tidy(() =>
      evaluatorForward(weights, tf.tensor(digitsToFloat(validation.images, 0, n), [n, 784]))
        .logits.argMax(1)
        .dataSync(),
    );
    tf.dispose(Object.values(weights));
    const { probabilities } = await (await digitEvaluator()).evaluate(validation.images.subarray(0, n * 784), n);
    assert.deepEqual(Array.from(fromTfjs), Array.from(predictedClasses(probabilities, n, 10)));
  });

  test("FID: the test digits against themselves ≈ 0, other real digits small, noise large", async () => {
    const reference = await testFeatureStatistics();
    const test = loadMnistSplit("test");
    const own = await scoreDigitImages(test.images, test.count);
    assert.ok(own.fid < 1e-6, `fid(test, test) = ${own.fid}`);
    assert.ok(own.classifierScore > 9, `classifier score of real digits ${own.classifierScore}`);

    const validation = loadMnistSplit("validation");
    const real = await scoreDigitImages(validation.images, validation.count);
    const rng = mulberry32(5);
    const noise = Uint8Array.from({ length: 1000 * 784 }, () => Math.floor(rng() * 256));
    const fake = await scoreDigitImages(noise, 1000);
    assert.ok(real.fid < 0.1 * fake.fid, `fid(validation) ${real.fid} vs fid(noise) ${fake.fid}`);
    assert.ok(fake.classifierScore < real.classifierScore);
    // The same number from the statistics directly.
    const { features } = await (await digitEvaluator()).evaluate(noise, 1000);
    assert.ok(Math.abs(frechetDistance(featureStatistics(features, 1000, EVALUATOR_FEATURES), reference) - fake.fid) < 1e-9);
  });
});
