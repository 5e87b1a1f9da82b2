// The adversarial-digits page's model: GradientAttack (lib/ml/attacks), FGSM or PGD one step at a time under the
// shared trainer loop. It must reach the old one-shot loop's images, end FGSM after its one step, report the losses of
// the images as a submission sends them, and resume a saved attack exactly.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { after, before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { DIGIT_EVALUATOR_PATH } from "@/lib/datasets/digit-evaluator";
import { GradientAttack, quantizeWithinBudget } from "@/lib/ml/attacks/gradient-attacks";
import { activateBackend } from "@/lib/ml/backend";
import { DIGIT_CLASSES, DIGIT_PIXELS, digitsToFloat } from "@/lib/ml/datasets/digits";
import { evaluatorForward, evaluatorTensors, type EvaluatorWeights } from "@/lib/ml/evaluator/digit-cnn";
import { readEvaluatorWeights } from "@/lib/ml/evaluator/onnx";
import { runFrames } from "@/lib/ml/train/loop";
import { adversarialTargets } from "./server";
import { ADVERSARIAL_EPSILON, ADVERSARIAL_MAX_LEVELS, DEFAULT_ADVERSARIAL_CONFIG } from "./spec";

/** Fewer digits than the page's 200: the same code, a shorter test on two cores. */
const N = 24;
const defaults = DEFAULT_ADVERSARIAL_CONFIG;

describe("GradientAttack, the adversarial-digits page's model", () => {
  let arrays: EvaluatorWeights<Float32Array>;
  let weights: EvaluatorWeights<tf.Tensor>;
  let levels: Uint8Array;
  let images: Float32Array;
  let labels: number[];
  before(async () => {
    assert.equal(await activateBackend("wasm"), "wasm");
    arrays = readEvaluatorWeights(readFileSync(DIGIT_EVALUATOR_PATH));
    weights = evaluatorTensors(arrays);
    const targets = adversarialTargets();
    levels = targets.images.slice(0, N * DIGIT_PIXELS);
    images = digitsToFloat(levels);
    labels = Array.from(targets.labels.subarray(0, N));
  });
  after(() => tf.dispose(Object.values(weights)));

  /** The page's former loop, written out: x ← Π(x + α·sign(∇ₓ CE)), then quantised and read by the evaluator. */
  function oldLoop(method: "fgsm" | "pgd", steps: number, stepSize: number) {
    return tf.tidy(() => {
      const original = tf.tensor2d(images, [N, DIGIT_PIXELS]);
      const oneHot = tf.oneHot(tf.tensor1d(labels, "int32"), DIGIT_CLASSES);
      const lower = tf.maximum(tf.sub(original, ADVERSARIAL_EPSILON), 0);
      const upper = tf.minimum(tf.add(original, ADVERSARIAL_EPSILON), 1);
      const alpha = method === "fgsm" ? ADVERSARIAL_EPSILON : stepSize;
      let x: tf.Tensor = original;
      for (let s = 0; s < (method === "fgsm" ? 1 : steps); s++) {
        const loss = (input: tf.Tensor) =>
          tf.losses.softmaxCrossEntropy(oneHot, evaluatorForward(weights, input).logits, undefined, 0, tf.Reduction.SUM) as tf.Scalar;
        x = tf.minimum(tf.maximum(tf.add(x, tf.mul(tf.sign(tf.grad(loss)(x)), alpha)), lower), upper);
      }
      const perturbed = x.dataSync() as Float32Array;
      const q = quantizeWithinBudget(perturbed, levels, ADVERSARIAL_MAX_LEVELS);
      const predicted = evaluatorForward(weights, tf.div(tf.tensor2d(q, [N, DIGIT_PIXELS], "float32"), 255))
        .logits.argMax(1)
        .dataSync();
      let change = 0;
      for (let i = 0; i < q.length; i++) change += Math.abs(q[i] - levels[i]) / 255;
      return { perturbed, fooled: labels.filter((l, i) => predicted[i] !== l).length / N, meanChange: change / q.length };
    });
  }

  test("PGD frame by frame reaches the old loop's images and losses; FGSM ends after its one step", async () => {
    const baseline = tf.memory().numTensors;
    for (const method of ["pgd", "fgsm"] as const) {
      const attack = new GradientAttack(arrays, images, labels, { ...defaults, method });
      assert.equal(attack.totalIterations, method === "fgsm" ? 1 : defaults.steps);
      let frames = 0;
      await runFrames(attack, { maxIterations: defaults.steps, frameBudgetMs: 0, onFrame: () => void frames++ });
      const expected = oldLoop(method, defaults.steps, defaults.stepSize);
      assert.equal(attack.iteration, method === "fgsm" ? 1 : defaults.steps);
      assert.equal(frames, attack.iteration, "one step per frame at a zero frame budget");
      assert.deepEqual(await attack.perturbed(), expected.perturbed);
      const losses = await attack.losses();
      assert.deepEqual(losses, { fooled: expected.fooled, meanChange: expected.meanChange });
      assert.ok(losses.fooled > 0.3 && losses.meanChange > 0 && losses.meanChange <= ADVERSARIAL_EPSILON, JSON.stringify(losses));
      attack.step(3);
      assert.equal(attack.iteration, method === "fgsm" ? 1 : defaults.steps, "no step past the attack's own end (FGSM: 1, PGD: its steps)");
      attack.dispose();
      attack.dispose();
    }
    assert.equal(tf.memory().numTensors, baseline, "an attack frees what it made");
    // Borrowed weights stay the caller's.
    const borrowed = new GradientAttack(weights, images, labels, defaults);
    borrowed.step(1);
    borrowed.dispose();
    assert.equal(tf.memory().numTensors, baseline);
    assert.doesNotThrow(() => weights.conv1Kernel.dataSync());
  });

  test("a saved attack restored into a fresh one continues identically; a bad save is refused", async () => {
    const straight = new GradientAttack(arrays, images, labels, defaults);
    straight.step(7);
    const first = new GradientAttack(arrays, images, labels, defaults);
    first.step(4);
    const saved = structuredClone(await first.exportState());
    first.dispose();
    const resumed = new GradientAttack(arrays, images, labels, defaults);
    resumed.importState(saved);
    assert.equal(resumed.iteration, 4);
    resumed.step(3);
    assert.deepEqual(await resumed.perturbed(), await straight.perturbed());
    assert.deepEqual(await resumed.losses(), await straight.losses());
    resumed.dispose();

    const fresh = new GradientAttack(arrays, images, labels, defaults);
    assert.throws(() => fresh.importState(null), /not an object/);
    assert.throws(() => fresh.importState({ ...saved, iteration: -1 }), /step count/);
    assert.throws(() => fresh.importState({ ...saved, perturbed: saved.perturbed.subarray(1) }), /24 × 784 floats/);
    const beyond = saved.perturbed.slice();
    beyond[5 * DIGIT_PIXELS + 100] = images[5 * DIGIT_PIXELS + 100] + 0.2;
    assert.throws(() => fresh.importState({ ...saved, perturbed: beyond }), /image 6 leaves \[0, 1\] or the ε = 0.1 ball at pixel 101/);
    assert.equal(fresh.iteration, 0, "a refused save changes nothing");
    const fgsm = new GradientAttack(arrays, images, labels, { ...defaults, method: "fgsm" });
    assert.throws(() => fgsm.importState({ ...saved, iteration: 2 }), /from 0 to 1/);
    fgsm.dispose();
    fresh.dispose();
    straight.dispose();
  });
});
