/**
 * The digit evaluator's network: a small CNN, written once with tfjs ops so that the training
 * script (Node), the ONNX exporter and the adversarial-examples page (gradients with respect to
 * the input, in the browser) all use the same definition.
 *
 *   images [N, 28, 28] in [0, 1]
 *   → conv 3×3, 1→16, same padding, ReLU → max-pool 2×2        [N, 14, 14, 16]
 *   → conv 3×3, 16→32, same padding, ReLU → max-pool 2×2       [N, 7, 7, 32]
 *   → flatten (row, column, channel order) → dense 1568→64, ReLU   = "features" (the FID space)
 *   → dense 64→10                                                  = logits; softmax = "probabilities"
 */
import * as tf from "@tensorflow/tfjs";
import { conv3x3Same, matMulFastGrad } from "../ops";
import { uniformInit } from "../train/loop";
import { mulberry32 } from "../random";
import { DIGIT_CLASSES, DIGIT_SIDE } from "../datasets/digits";

export const EVALUATOR_FEATURES = 64;

/** Parameter names and shapes (tfjs layouts: conv kernels [h, w, in, out], dense [in, out]). */
export const EVALUATOR_PARAMETERS = {
  conv1Kernel: [3, 3, 1, 16],
  conv1Bias: [16],
  conv2Kernel: [3, 3, 16, 32],
  conv2Bias: [32],
  dense1Kernel: [7 * 7 * 32, EVALUATOR_FEATURES],
  dense1Bias: [EVALUATOR_FEATURES],
  dense2Kernel: [EVALUATOR_FEATURES, DIGIT_CLASSES],
  dense2Bias: [DIGIT_CLASSES],
} as const satisfies Record<string, readonly number[]>;

export type EvaluatorParameterName = keyof typeof EVALUATOR_PARAMETERS;
export type EvaluatorWeights<T> = Record<EvaluatorParameterName, T>;

export const EVALUATOR_PARAMETER_NAMES = Object.keys(EVALUATOR_PARAMETERS) as EvaluatorParameterName[];

/** He-uniform kernels and zero biases from a seed. */
export function initEvaluatorWeights(seed: number): EvaluatorWeights<Float32Array> {
  const rng = mulberry32(seed);
  const weights = {} as EvaluatorWeights<Float32Array>;
  for (const name of EVALUATOR_PARAMETER_NAMES) {
    const shape = EVALUATOR_PARAMETERS[name];
    const size = shape.reduce((a, b) => a * b, 1);
    if (shape.length === 1) weights[name] = new Float32Array(size);
    else {
      const fanIn = shape.slice(0, -1).reduce((a, b) => a * b, 1);
      weights[name] = uniformInit(size, Math.sqrt(6 / fanIn), rng);
    }
  }
  return weights;
}

/** Logits and features of images [N, 28, 28] (or [N, 784]) in [0, 1]. Call inside tf.tidy. */
export function evaluatorForward(w: EvaluatorWeights<tf.Tensor>, images: tf.Tensor): { logits: tf.Tensor2D; features: tf.Tensor2D } {
  const n = images.shape[0];
  const x = images.reshape([n, DIGIT_SIDE, DIGIT_SIDE, 1]) as tf.Tensor4D;
  const conv = (input: tf.Tensor4D, kernel: tf.Tensor, bias: tf.Tensor) =>
    tf.maxPool(tf.relu(tf.add(conv3x3Same(input, kernel as tf.Tensor4D), bias)) as tf.Tensor4D, 2, 2, "valid");
  const h1 = conv(x, w.conv1Kernel, w.conv1Bias);
  const h2 = conv(h1, w.conv2Kernel, w.conv2Bias);
  const flat = h2.reshape([n, 7 * 7 * 32]) as tf.Tensor2D;
  const features = tf.relu(tf.add(matMulFastGrad(flat, w.dense1Kernel as tf.Tensor2D), w.dense1Bias)) as tf.Tensor2D;
  const logits = tf.add(matMulFastGrad(features, w.dense2Kernel as tf.Tensor2D), w.dense2Bias) as tf.Tensor2D;
  return { logits, features };
}

/** Weights as tensors in the shapes the forward pass expects. */
export function evaluatorTensors(weights: EvaluatorWeights<Float32Array>): EvaluatorWeights<tf.Tensor> {
  const out = {} as EvaluatorWeights<tf.Tensor>;
  for (const name of EVALUATOR_PARAMETER_NAMES) out[name] = tf.tensor(weights[name], [...EVALUATOR_PARAMETERS[name]]);
  return out;
}
