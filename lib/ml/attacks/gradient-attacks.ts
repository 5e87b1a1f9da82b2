/**
 * Adversarial examples against the digit evaluator (digit-cnn.ts), within an L∞ ball:
 * - FGSM (Goodfellow, Shlens & Szegedy 2015, eq. 3): x' = clip(x + ε · sign(∇ₓ L(x, y)), 0, 1).
 * - PGD (Madry et al. 2018, eq. 2): repeat x ← Π_{‖x' − x₀‖∞ ≤ ε, [0,1]}(x + α · sign(∇ₓ L(x, y))).
 * L is the cross-entropy of the true label: pushing it up pushes the prediction away from y.
 */
import * as tf from "@tensorflow/tfjs";
import { DIGIT_CLASSES, DIGIT_PIXELS } from "../datasets/digits";
import { evaluatorForward, type EvaluatorWeights } from "../evaluator/digit-cnn";

export interface AttackOptions {
  method: "fgsm" | "pgd";
  /** L∞ budget on the 0–1 grey scale. */
  epsilon: number;
  /** PGD only: iterations and step size α. */
  steps: number;
  stepSize: number;
  /** Called after each PGD iteration (for a progress bar). */
  onStep?: (done: number, total: number) => void | Promise<void>;
}

/** ∇ₓ of the summed cross-entropy of the true labels, and the current predictions. */
function signedGradient(weights: EvaluatorWeights<tf.Tensor>, x: tf.Tensor2D, labels: tf.Tensor2D): tf.Tensor2D {
  const loss = (input: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, evaluatorForward(weights, input).logits, undefined, 0, tf.Reduction.SUM) as tf.Scalar;
  return tf.sign(tf.grad(loss)(x)) as tf.Tensor2D;
}

/**
 * Perturbs n images (n × 784 floats in [0, 1]) to raise the evaluator's loss on their labels.
 * Returns the perturbed images as floats in [0, 1], each pixel within ε of the original.
 */
export async function attackDigits(weights: EvaluatorWeights<tf.Tensor>, images: Float32Array, labels: ArrayLike<number>, options: AttackOptions): Promise<Float32Array> {
  const n = labels.length;
  const original = tf.tensor2d(images, [n, DIGIT_PIXELS]);
  const [oneHot, lower, upper] = tf.tidy(() => [
    tf.oneHot(tf.tensor1d(Array.from(labels), "int32"), DIGIT_CLASSES) as tf.Tensor2D,
    tf.maximum(tf.sub(original, options.epsilon), 0),
    tf.minimum(tf.add(original, options.epsilon), 1),
  ]);
  const steps = options.method === "fgsm" ? 1 : options.steps;
  const alpha = options.method === "fgsm" ? options.epsilon : options.stepSize;
  let x = original.clone();
  try {
    for (let step = 0; step < steps; step++) {
      const next = tf.tidy(() => tf.minimum(tf.maximum(tf.add(x, tf.mul(signedGradient(weights, x, oneHot), alpha)), lower), upper) as tf.Tensor2D);
      x.dispose();
      x = next;
      await options.onStep?.(step + 1, steps);
    }
    return (await x.data()) as Float32Array;
  } finally {
    tf.dispose([original, oneHot, lower, upper, x]);
  }
}

/**
 * Grey levels of perturbed images that keep every pixel within `maxLevels` of the original
 * levels: rounding to 0–255 could otherwise step half a level past the budget.
 */
export function quantizeWithinBudget(perturbed: Float32Array, original: Uint8Array, maxLevels: number): Uint8Array {
  const out = new Uint8Array(original.length);
  for (let i = 0; i < original.length; i++) {
    const level = Math.round(perturbed[i] * 255);
    out[i] = Math.min(255, Math.max(0, original[i] - maxLevels, Math.min(original[i] + maxLevels, level)));
  }
  return out;
}
