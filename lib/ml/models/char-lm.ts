/**
 * The character-level language models of first names (bigram, MLP, transformer) in TensorFlow.js:
 * their next-token logits and the cross-entropy of a batch, differentiable with respect to the flat
 * weight vector. What the models are, what they predict and their JSON format (the exercise's
 * submission) are in models/char-lm-submission.ts, the exact float64 evaluator in
 * models/char-lm-float64.ts, the trainer in train/char-lm-trainer.ts; the config (schema, defaults)
 * is plain data in configs/char-lm.ts, which pages load without tfjs.
 */
import * as tf from "@tensorflow/tfjs";
import { NAME_VOCAB_SIZE as V } from "../datasets/names";
import { type DenseKernels, type DenseLayer, runDense } from "../nn/dense";
import { gaussian, type Rng } from "../random";
import {
  assemble,
  type BigramWeights,
  type BlockWeights,
  charLmParameterSpecs,
  LAYER_NORM_EPSILON,
  type CharLmArchitecture,
  type LayerNormWeights,
  type MlpWeights,
  type TransformerWeights,
} from "./char-lm-submission";

/** Seeded initial values of the flat weights in plain JS (identical on every backend), in layout order. */
export function initialCharLmParameters(architecture: CharLmArchitecture, rng: Rng): Float32Array {
  const specs = charLmParameterSpecs(architecture);
  const last = specs[specs.length - 1];
  const values = new Float32Array(last.offset + last.size);
  for (const { offset, size, init } of specs) {
    if (init === "ones") values.fill(1, offset, offset + size);
    else if (init !== "zeros") for (let i = 0; i < size; i++) values[offset + i] = init * gaussian(rng);
  }
  return values;
}

// ---------------------------------------------------------------------------------------------
// tfjs model (browser: WebGPU / WebGL / wasm; Node tests: wasm)
//
// The model is built from taped ops with hand-written backward passes (the dense layers of
// nn/dense.ts, layerNorm, selfAttention, crossEntropy): inside a custom op nothing is recorded, so
// a step runs ~3× fewer kernels than tfjs's automatic gradients (which also copy every tensor they
// save), and transposed products are explicit transposes followed by plain matMuls — tfjs's matMul
// gradient uses transposeA / transposeB, which the wasm backend runs several times slower.
// tests/unit/ml/char-lm.test.ts checks every gradient against tfjs's automatic one.

/** Every dense layer: act(x·W + b) as one fused kernel (tanh follows it), bias gradients by tf.sum. */
const KERNELS: DenseKernels = { forward: "fused", biasGradient: "sum" };

const layer = (w: tf.Tensor, b: tf.Tensor | null, activation: DenseLayer["activation"]): DenseLayer => ({
  w: w as tf.Tensor2D,
  b: b as tf.Tensor1D | null,
  activation,
});

/** one-hot (N·T, V) · table: an embedding lookup (a gather's gradient needs UnsortedSegmentSum, which the wasm backend lacks). */
const embed = (oneHot: tf.Tensor2D, table: tf.Tensor) => runDense([layer(table, null, "linear")], oneHot, "weights", KERNELS);

/**
 * LayerNorm of each row as one taped op: y = x̂·gain + bias with x̂ = (x − mean)·r,
 * r = 1/√(variance + ε). Backward: dx = r·(dx̂ − mean(dx̂) − x̂·mean(dx̂ ⊙ x̂)) with dx̂ = dy ⊙ gain.
 */
function layerNorm(x: tf.Tensor2D, { gain, bias }: LayerNormWeights<tf.Tensor>): tf.Tensor2D {
  const op = tf.customGrad((input, g, b, save) => {
    const centered = tf.sub(input as tf.Tensor2D, tf.mean(input as tf.Tensor2D, -1, true));
    const r = tf.rsqrt(tf.add(tf.mean(tf.square(centered), -1, true), LAYER_NORM_EPSILON));
    const xHat = tf.mul(centered, r);
    (save as tf.GradSaveFunc)([xHat, r, g as tf.Tensor]);
    return {
      value: tf.add(tf.mul(xHat, g as tf.Tensor), b as tf.Tensor) as tf.Tensor2D,
      gradFunc: (dy: tf.Tensor, [xh, rs, gs]: tf.Tensor[]) => {
        const dxHat = tf.mul(dy, gs);
        const dx = tf.mul(rs, tf.sub(tf.sub(dxHat, tf.mean(dxHat, -1, true)), tf.mul(xh, tf.mean(tf.mul(dxHat, xh), -1, true))));
        return [dx, tf.sum(tf.mul(dy, xh), 0), tf.sum(dy, 0)];
      },
    };
  });
  return op(x, gain, bias);
}

/**
 * Multi-head causal self-attention (Vaswani et al. §3.2.2–3.2.3) of rows h (N·T × E) of N windows
 * of T positions, as one taped op: q, k, v = h·wq, h·wk, h·wv split into heads (N, heads, T, D);
 * P = softmax(q·kᵀ/√D + mask); y = [P·v, heads concatenated]·wo. Backward (S = the scores):
 * dP = dO·vᵀ, dv = Pᵀ·dO, dS = P ⊙ (dP − Σ_row dP ⊙ P), dq = dS·k/√D, dk = dSᵀ·q/√D.
 */
function selfAttention(h: tf.Tensor2D, a: BlockWeights<tf.Tensor>["attention"], n: number, T: number, heads: number, mask: tf.Tensor2D): tf.Tensor2D {
  const E = h.shape[1];
  const D = E / heads;
  const scale = 1 / Math.sqrt(D);
  const split = (x: tf.Tensor) => tf.transpose(tf.reshape(x, [n, T, heads, D]), [0, 2, 1, 3]); // (N·T, E) → (N, h, T, D)
  const merge = (x: tf.Tensor) => tf.reshape(tf.transpose(x, [0, 2, 1, 3]), [n * T, E]) as tf.Tensor2D; // and back
  const swap = (x: tf.Tensor) => tf.transpose(x, [0, 1, 3, 2]); // last two axes
  const op = tf.customGrad((...args) => {
    const save = args.pop() as tf.GradSaveFunc;
    const [input, wq, wk, wv, wo] = args as tf.Tensor2D[];
    const q = split(tf.matMul(input, wq));
    const k = split(tf.matMul(input, wk));
    const v = split(tf.matMul(input, wv));
    const p = tf.softmax(tf.add(tf.mul(tf.matMul(q, swap(k)), scale), mask)); // (N, h, T, T)
    const mixed = merge(tf.matMul(p, v)); // (N·T, E)
    save([input, q, k, v, p, mixed, wq, wk, wv, wo]);
    return {
      value: tf.matMul(mixed, wo),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [hs, qs, ks, vs, ps, ms, wqs, wks, wvs, wos] = saved;
        const dMixed = split(tf.matMul(dy, tf.transpose(wos)));
        const dp = tf.matMul(dMixed, swap(vs));
        const dScores = tf.mul(tf.mul(ps, tf.sub(dp, tf.sum(tf.mul(dp, ps), -1, true))), scale);
        const dq = merge(tf.matMul(dScores, ks));
        const dk = merge(tf.matMul(swap(dScores), qs));
        const dv = merge(tf.matMul(swap(ps), dMixed));
        const hT = tf.transpose(hs);
        const dh = tf.addN([tf.matMul(dq, tf.transpose(wqs)), tf.matMul(dk, tf.transpose(wks)), tf.matMul(dv, tf.transpose(wvs))]);
        return [dh, tf.matMul(hT, dq), tf.matMul(hT, dk), tf.matMul(hT, dv), tf.matMul(tf.transpose(ms), dy)];
      },
    };
  });
  return op(h, a.wq, a.wk, a.wv, a.wo) as tf.Tensor2D;
}

/** 0 on and below the diagonal, −1e9 above: added to the scores, it hides later positions (exp → 0). */
function causalMask(T: number): tf.Tensor2D {
  const values = new Float32Array(T * T);
  for (let t = 0; t < T; t++) values.fill(-1e9, t * T + t + 1, (t + 1) * T);
  return tf.tensor2d(values, [T, T]);
}

/**
 * Σ_rows weight · (−log softmax(logits)[target]) in nats, as one taped op (only the logits get a
 * gradient: weight · (softmax − one-hot)). `weights` (rows) null means all 1.
 */
function crossEntropy(logits: tf.Tensor2D, targets: tf.Tensor, weights: tf.Tensor | null): tf.Scalar {
  const oneHot = tf.cast(tf.oneHot(tf.reshape(targets, [-1]), V), "float32"); // (the wasm OneHot ignores its dtype argument)
  const column = weights ? tf.reshape(weights, [-1, 1]) : null;
  const op = tf.customGrad((x, save) => {
    const logp = tf.logSoftmax(x as tf.Tensor2D);
    (save as tf.GradSaveFunc)(column ? [logp, oneHot, column] : [logp, oneHot]); // kept for the backward pass
    const perRow = tf.mul(logp, oneHot);
    return {
      value: tf.neg(tf.sum<tf.Scalar>(column ? tf.mul(perRow, column) : perRow)),
      gradFunc: (dy: tf.Tensor, [lp, targetRows, rowWeights]: tf.Tensor[]) => {
        const d = tf.mul(tf.sub(tf.exp(lp), targetRows), dy);
        return rowWeights ? tf.mul(d, rowWeights) : d;
      },
    };
  });
  return op(logits);
}

/** Next-token logits (N·T × V) of token windows (N × T int32); T = 1 (bigram) or B (mlp: contexts). */
function logitsOf(architecture: CharLmArchitecture, w: unknown, inputs: tf.Tensor2D): tf.Tensor2D {
  const [n, T] = inputs.shape;
  const oneHot = tf.cast(tf.oneHot(tf.reshape(inputs, [-1]), V), "float32") as tf.Tensor2D; // (N·T, V)
  switch (architecture.kind) {
    case "bigram":
      return embed(oneHot, (w as BigramWeights<tf.Tensor>).logits);
    case "mlp": {
      const m = w as MlpWeights<tf.Tensor>;
      const x = tf.reshape(embed(oneHot, m.embedding), [n, T * architecture.embedding]) as tf.Tensor2D; // (N, B·E)
      return runDense([layer(m.hidden.w, m.hidden.b, "tanh"), layer(m.output.w, m.output.b, "linear")], x, "both", KERNELS); // (N, B·E) → (N, H) → (N, V)
    }
    case "transformer": {
      const t = w as TransformerWeights<tf.Tensor>;
      const E = architecture.embedding;
      const mask = causalMask(T);
      const tokens = tf.reshape(embed(oneHot, t.tokenEmbedding), [n, T, E]);
      const positions = T === architecture.blockSize ? t.positionEmbedding : tf.slice(t.positionEmbedding, [0, 0], [T, E]);
      let x = tf.reshape(tf.add(tokens, positions), [n * T, E]) as tf.Tensor2D; // (N·T, E)
      for (const block of t.layers) {
        x = tf.add(x, selfAttention(layerNorm(x, block.norm1), block.attention, n, T, architecture.heads, mask));
        const { w1, b1, w2, b2 } = block.mlp;
        x = tf.add(x, runDense([layer(w1, b1, "relu"), layer(w2, b2, "linear")], layerNorm(x, block.norm2), "both", KERNELS)); // (N·T, E) → (N·T, 4E) → (N·T, E)
      }
      return runDense([layer(t.output.w, t.output.b, "linear")], layerNorm(x, t.finalNorm), "both", KERNELS);
    }
  }
}

/**
 * Σ −log p (nats) of a batch's counted targets under weights given as one flat vector in layout
 * order (charLmParameterSpecs), differentiable with respect to it. inputs: (N × T) int32 contexts
 * (bigram: T = 1, mlp: T = blockSize) with targets (N), or transformer windows (N × blockSize)
 * with targets and weights (N × blockSize; 0 = padding).
 */
export function charLmBatchNats(architecture: CharLmArchitecture, params: tf.Tensor1D, inputs: tf.Tensor2D, targets: tf.Tensor, weights: tf.Tensor | null): tf.Scalar {
  return crossEntropy(charLmLogits(architecture, params, inputs), targets, weights);
}

/** Next-token logits (N·T × V) of token windows (N × T int32) under the flat weights `params` (layout: charLmParameterSpecs). */
export function charLmLogits(architecture: CharLmArchitecture, params: tf.Tensor1D, inputs: tf.Tensor2D): tf.Tensor2D {
  return logitsOf(architecture, weightViews(architecture, params), inputs);
}

/** The weights as tensors in the JSON layout: views of the flat vector (gradients flow back through the split). */
function weightViews(architecture: CharLmArchitecture, params: tf.Tensor1D): unknown {
  const specs = charLmParameterSpecs(architecture);
  // (tfjs 4.22's split gradient fails for a single piece: the bigram's one table)
  const pieces = specs.length === 1 ? [params] : tf.split(params, specs.map((s) => s.size));
  let i = 0;
  return assemble(specs, (spec) => tf.reshape(pieces[i++], spec.shape));
}
