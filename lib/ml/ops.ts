/** Small tfjs building blocks shared by the models. */
import * as tf from "@tensorflow/tfjs";

/**
 * a · b (B, in)·(in, out) with a hand-written gradient. Why: tfjs's own matMul gradient calls
 * matMul with transposeA / transposeB, which the wasm backend runs 3–10× slower than a plain
 * matMul (measured, 128×784×256: 47 ms vs 4 ms); an explicit transpose keeps the fast path.
 * (The dense networks have the same fast path in nn/dense.ts.)
 */
export function matMulFastGrad(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, w, save] = args as [tf.Tensor2D, tf.Tensor2D, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.matMul(x, w) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor2D, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as tf.Tensor2D[];
        return [tf.matMul(dy, tf.transpose(ws)), tf.matMul(tf.transpose(xs), dy)];
      },
    };
  });
  return op(a, b) as tf.Tensor2D;
}

/**
 * A 3×3 "same" convolution (NHWC, kernel [3, 3, in, out]) as im2col + one matrix product: the
 * same numbers as tf.conv2d, but its gradients are pads, slices and matMuls, which tfjs-wasm runs
 * fast — it has no kernel for the 2-D filter gradient (Conv2DBackpropFilter), so tf.conv2d cannot
 * be trained on wasm at all.
 */
export function conv3x3Same(x: tf.Tensor4D, kernel: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const outC = kernel.shape[3];
  const padded = tf.pad(x, [
    [0, 0],
    [1, 1],
    [1, 1],
    [0, 0],
  ]);
  const patches: tf.Tensor4D[] = [];
  // Patch channel order (row offset, column offset, input channel) matches the kernel's layout.
  for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) patches.push(tf.slice(padded, [0, dy, dx, 0], [n, h, w, c]));
  const columns = tf.concat(patches, 3).reshape([n * h * w, 9 * c]) as tf.Tensor2D;
  return matMulFastGrad(columns, kernel.reshape([9 * c, outC]) as tf.Tensor2D).reshape([n, h, w, outC]) as tf.Tensor4D;
}
