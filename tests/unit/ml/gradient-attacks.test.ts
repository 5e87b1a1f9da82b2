import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DIGIT_EVALUATOR_PATH } from "../../../lib/datasets/digit-evaluator";
import { loadMnistSplit } from "../../../lib/datasets/mnist";
import { attackDigits, quantizeWithinBudget } from "../../../lib/ml/attacks/gradient-attacks";
import { activateBackend } from "../../../lib/ml/backend";
import { DIGIT_PIXELS, digitsToFloat } from "../../../lib/ml/datasets/digits";
import { evaluatorForward, evaluatorTensors } from "../../../lib/ml/evaluator/digit-cnn";
import { readEvaluatorWeights } from "../../../lib/ml/evaluator/onnx";

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

test("FGSM and PGD stay within ε, raise the loss, and PGD fools at least as many digits as FGSM", async () => {
  const weights = evaluatorTensors(readEvaluatorWeights(readFileSync(DIGIT_EVALUATOR_PATH)));
  const validation = loadMnistSplit("validation");
  const n = 40;
  const x = digitsToFloat(validation.images, 0, n);
  const labels = Array.from(validation.labels.subarray(0, n));
  const baseline = tf.memory().numTensors;
  const epsilon = 0.1;
  const errors = (images: Float32Array) =>
    tf.tidy(() => {
      const logits = evaluatorForward(weights, tf.tensor2d(images, [n, DIGIT_PIXELS])).logits;
      const loss = tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(labels, "int32"), 10), logits).dataSync()[0];
      const predicted = logits.argMax(1).dataSync();
      return { loss, wrong: labels.filter((l, i) => predicted[i] !== l).length };
    });
  const clean = errors(x);
  const fgsm = await attackDigits(weights, x, labels, { method: "fgsm", epsilon, steps: 1, stepSize: 0 });
  let progress = 0;
  const pgd = await attackDigits(weights, x, labels, { method: "pgd", epsilon, steps: 10, stepSize: 0.02, onStep: (done) => void (progress = done) });
  assert.equal(progress, 10);
  assert.equal(tf.memory().numTensors, baseline, "no tensor leaked");
  for (const attacked of [fgsm, pgd]) {
    for (let i = 0; i < x.length; i++) {
      assert.ok(Math.abs(attacked[i] - x[i]) <= epsilon + 1e-6 && attacked[i] >= 0 && attacked[i] <= 1);
    }
  }
  const afterFgsm = errors(fgsm);
  const afterPgd = errors(pgd);
  assert.ok(afterFgsm.loss > clean.loss && afterPgd.loss > afterFgsm.loss, `${clean.loss} → ${afterFgsm.loss} → ${afterPgd.loss}`);
  assert.ok(afterPgd.wrong >= afterFgsm.wrong && afterPgd.wrong > clean.wrong, `${clean.wrong} → ${afterFgsm.wrong} → ${afterPgd.wrong}`);
  tf.dispose(Object.values(weights));
});

test("quantizing never leaves the budget in grey levels", () => {
  const original = Uint8Array.from([0, 10, 128, 250, 255]);
  const perturbed = Float32Array.from([0.2, 0.0, (128 + 25.5) / 255, 1, 0.8]);
  assert.deepEqual(Array.from(quantizeWithinBudget(perturbed, original, 25)), [25, 0, 153, 255, 230]);
});
