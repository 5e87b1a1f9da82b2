// The dense networks of lib/ml/nn: the TensorFlow.js forward pass against a 2-layer network worked
// out by hand, every hand-written gradient (each activation, both kernel choices, weights / input /
// both) against float64 central differences of an independent plain-JS network, the flat layout of
// networks sharing one vector, the seeded initialisation, and the float64 layers.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { activateBackend } from "../../../lib/ml/backend";
import {
  createLayerVariables,
  createMlp,
  type DenseGrads,
  type DenseKernels,
  type DenseLayer,
  checkMlpWeights,
  disposeMlp,
  runDense,
  runMlp,
  splitDense,
} from "../../../lib/ml/nn/dense";
import { activate64, affine64, compileDense64, dense64, runDense64, sparseAffine64 } from "../../../lib/ml/nn/dense-float64";
import {
  type Activation,
  type Activations,
  denseNetwork,
  heHiddenGlorotOutput,
  initDenseWeights,
  LEAKY_SLOPE,
  type LayerDims,
  mlpDims,
} from "../../../lib/ml/nn/dense-layout";
import { gaussian, mulberry32 } from "../../../lib/ml/random";

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

const KERNELS: DenseKernels[] = [
  { forward: "fused", biasGradient: "ones" },
  { forward: "fused", biasGradient: "sum" },
  { forward: "separate", biasGradient: "sum" },
];

/** The activations in plain float64 JS, written out here independently of the library. */
const ACT: Record<Activation, (v: number) => number> = {
  linear: (v) => v,
  relu: (v) => Math.max(v, 0),
  leakyrelu: (v) => (v > 0 ? v : 0.2 * v),
  tanh: Math.tanh,
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
};

/** A network in the flat layout [W1 (in × out, row-major), b1, …], run in plain float64 JS: rows × out. */
function reference(flat: ArrayLike<number>, dims: readonly LayerDims[], acts: Activations, x: ArrayLike<number>, rows: number, bias = true): number[] {
  let h = Array.from(x);
  let o = 0;
  dims.forEach(({ inDim, outDim }, l) => {
    const act = ACT[l < dims.length - 1 ? acts.hidden : acts.output];
    const next: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < outDim; j++) {
        let s = bias ? flat[o + inDim * outDim + j] : 0;
        for (let i = 0; i < inDim; i++) s += h[r * inDim + i] * flat[o + i * outDim + j];
        next.push(act(s));
      }
    }
    o += inDim * outDim + (bias ? outDim : 0);
    h = next;
  });
  return h;
}

/** Central differences of Σ probe ⊙ f(v) with respect to every entry of v, in float64. */
function numericGradient(f: (v: Float64Array) => number[], v: ArrayLike<number>, probe: ArrayLike<number>, eps = 1e-6): Float64Array {
  const at = Float64Array.from(v);
  const loss = () => f(at).reduce((s, y, k) => s + probe[k] * y, 0);
  return at.map((value, i) => {
    at[i] = value + eps;
    const up = loss();
    at[i] = value - eps;
    const down = loss();
    at[i] = value;
    return (up - down) / (2 * eps);
  });
}

/** float32 tfjs gradients against float64 differences: a few 1e-4 relative to the largest entry. */
function assertGradient(ours: ArrayLike<number>, expected: Float64Array, what: string) {
  assert.equal(ours.length, expected.length, what);
  const scale = Math.max(...expected.map(Math.abs));
  assert.ok(scale > 1e-2, `${what}: a zero gradient checks nothing`);
  for (let i = 0; i < expected.length; i++) assert.ok(Math.abs(ours[i] - expected[i]) < 3e-4 * scale, `${what}[${i}]: ${ours[i]} vs ${expected[i]}`);
}

const seeded = (n: number, seed: number, scale = 0.7) => {
  const rng = mulberry32(seed);
  return Float32Array.from({ length: n }, () => scale * gaussian(rng));
};

describe("the dense network in TensorFlow.js (nn/dense.ts)", () => {
  test("a 2-layer network worked out by hand: 2 → 2 (ReLU) → 1 (linear), every kernel choice", () => {
    // W1 = [[1, −2], [0.5, 1]], b1 = [0.5, −1], W2 = [[2], [−3]], b2 = [0.25].
    // x = (1, 2):  x·W1 + b1 = (1 + 1 + 0.5, −2 + 2 − 1) = (2.5, −1) → ReLU (2.5, 0) → 2·2.5 − 3·0 + 0.25 = 5.25
    // x = (−1, 1): (−1 + 0.5 + 0.5, 2 + 1 − 1) = (0, 2) → ReLU (0, 2) → 0 − 6 + 0.25 = −5.75
    const weights = [1, -2, 0.5, 1, 0.5, -1, 2, -3, 0.25];
    for (const kernels of KERNELS) {
      const mlp = createMlp(mlpDims(2, 2, 1, 1), { activations: { hidden: "relu", output: "linear" }, kernels, init: heHiddenGlorotOutput }, mulberry32(1));
      tf.tidy(() => mlp.params.assign(tf.tensor1d(weights)));
      const y = tf.tidy(() => runMlp(mlp, tf.tensor2d([1, 2, -1, 1], [2, 2]), "weights").arraySync());
      assert.deepEqual(y, [[5.25], [-5.75]], `${kernels.forward}`);
      disposeMlp(mlp);
    }
    // The same numbers in float64, from the flat layout.
    const net = denseNetwork(mlpDims(2, 2, 1, 1), { hidden: "relu", output: "linear" });
    assert.deepEqual(Array.from(runDense64(compileDense64(net, Float64Array.from(weights)), Float64Array.from([1, 2, -1, 1]), 2)), [5.25, -5.75]);
  });

  test("runMlp's gradients (flat weights, input, both) equal float64 central differences, for every activation and kernel choice", () => {
    const before = tf.memory().numTensors;
    const dims = mlpDims(3, 5, 2, 2); // 3 → 5 → 5 → 2
    const rows = 4;
    const x = seeded(rows * 3, 7, 1);
    const probe = seeded(rows * 2, 8, 1); // loss = Σ probe ⊙ f(x): every output matters
    const cases: [Activation, Activation][] = [
      ["relu", "linear"],
      ["leakyrelu", "sigmoid"],
      ["tanh", "linear"],
      ["sigmoid", "tanh"],
    ];
    for (const [hidden, output] of cases) {
      for (const kernels of KERNELS) {
        const activations = { hidden, output };
        const mlp = createMlp(dims, { activations, kernels, init: heHiddenGlorotOutput }, mulberry32(3));
        const flat = seeded(mlp.params.size, 4); // nonzero biases too
        tf.tidy(() => mlp.params.assign(tf.tensor1d(flat)));
        const what = `${hidden}/${output} ${kernels.forward}/${kernels.biasGradient}`;
        const loss = (grads: DenseGrads) => (input: tf.Tensor) =>
          tf.sum(tf.mul(tf.tensor2d(probe, [rows, 2]), runMlp(mlp, input as tf.Tensor2D, grads))) as tf.Scalar;
        const dParams = numericGradient((p) => reference(p, dims, activations, x, rows), flat, probe);
        const dInput = numericGradient((v) => reference(flat, dims, activations, v, rows), x, probe);
        tf.tidy(() => {
          const input = tf.tensor2d(x, [rows, 3]);
          assertGradient(tf.variableGrads(() => loss("weights")(input), [mlp.params]).grads[mlp.params.name].dataSync(), dParams, `${what} dW`);
          assertGradient(tf.grad(loss("input"))(input).dataSync(), dInput, `${what} dx`);
          assertGradient(tf.variableGrads(() => loss("both")(input), [mlp.params]).grads[mlp.params.name].dataSync(), dParams, `${what} dW (both)`);
          assertGradient(tf.grad(loss("both"))(input).dataSync(), dInput, `${what} dx (both)`);
          // Frozen ("input") weights are not on the tape.
          assert.throws(() => tf.variableGrads(() => loss("input")(input), [mlp.params]), /connection between any variable/);
          const plain = reference(flat, dims, activations, x, rows);
          const ours = runMlp(mlp, input, "weights").dataSync();
          plain.forEach((v, i) => assert.ok(Math.abs(ours[i] - v) < 1e-5, `${what} y[${i}]`));
        });
        disposeMlp(mlp);
      }
    }
    assert.equal(tf.memory().numTensors, before, "views, transposes and ones freed with the network");
  });

  test("runDense: per-layer variables and bias-free views get their own gradients", () => {
    const dims = mlpDims(4, 3, 1, 2);
    const rows = 5;
    const x = seeded(rows * 4, 11, 1);
    const probe = seeded(rows * 2, 12, 1);
    const activations: Activations = { hidden: "leakyrelu", output: "sigmoid" };
    const layers = createLayerVariables(dims, { activations, init: heHiddenGlorotOutput }, mulberry32(5));
    const flat = seeded(denseNetwork(dims, activations).size, 13);
    let o = 0;
    for (const { w, b } of layers) {
      w.assign(tf.tensor2d(flat.subarray(o, o + w.size), w.shape));
      o += w.size;
      b.assign(tf.tensor1d(flat.subarray(o, o + b.size)));
      o += b.size;
    }
    const dFlat = numericGradient((p) => reference(p, dims, activations, x, rows), flat, probe);
    tf.tidy(() => {
      const input = tf.tensor2d(x, [rows, 4]);
      const vars = layers.flatMap(({ w, b }) => [w, b]);
      const { grads } = tf.variableGrads(
        () => tf.sum(tf.mul(tf.tensor2d(probe, [rows, 2]), runDense(layers, input, "weights", { forward: "fused", biasGradient: "sum" }))) as tf.Scalar,
        vars,
      );
      assertGradient(Float32Array.from(vars.flatMap((v) => Array.from(grads[v.name].dataSync()))), dFlat, "per-layer dW, db");
    });
    tf.dispose(layers.flatMap(({ w, b }) => [w, b]));

    // Bias-free layers whose W are views of a flat vector (the character models' embeddings):
    // autodiff carries the gradients back through the split.
    const noBias = [
      { inDim: 3, outDim: 2 },
      { inDim: 2, outDim: 2 },
    ];
    const weights = seeded(3 * 2 + 2 * 2, 14);
    const xs = seeded(6 * 3, 15, 1);
    const p = seeded(6 * 2, 16, 1);
    const tanh: Activations = { hidden: "tanh", output: "linear" };
    const expected = numericGradient((v) => reference(v, noBias, tanh, xs, 6, false), weights, p);
    for (const forward of ["fused", "separate"] as const) {
      const got = tf.tidy(() => {
        const f = (v: tf.Tensor) => {
          const [w1, w2] = tf.split(v, [6, 4]);
          const layersOf: DenseLayer[] = [
            { w: tf.reshape(w1, [3, 2]), b: null, activation: "tanh" },
            { w: tf.reshape(w2, [2, 2]), b: null, activation: "linear" },
          ];
          return tf.sum(tf.mul(tf.tensor2d(p, [6, 2]), runDense(layersOf, tf.tensor2d(xs, [6, 3]), "both", { forward, biasGradient: "sum" }))) as tf.Scalar;
        };
        return tf.grad(f)(tf.tensor1d(weights)).dataSync();
      });
      assertGradient(got, expected, `bias-free ${forward}`);
    }
  });

  test("splitDense: networks at their offsets of one shared vector, after leading pieces", () => {
    const dims = mlpDims(1, 3, 1, 2);
    const activations: Activations = { hidden: "tanh", output: "linear" };
    const first = denseNetwork(dims, activations, 4);
    const second = denseNetwork(dims, activations, 4 + first.size);
    assert.deepEqual(
      first.layers.map(({ w, b }) => [w, b]),
      [
        [4, 7],
        [10, 16],
      ],
    );
    const values = Float32Array.from({ length: 4 + 2 * first.size }, (_, i) => i);
    tf.tidy(() => {
      const { leading, layers } = splitDense(tf.tensor1d(values), [first, second], [2, 2]);
      assert.deepEqual(
        leading.map((t) => Array.from(t.dataSync())),
        [
          [0, 1],
          [2, 3],
        ],
      );
      const { w, b, activation } = layers[1][1]; // the second network's output layer: W (3 × 2) from 4 + 14 + 6
      assert.deepEqual(w.arraySync(), [
        [24, 25],
        [26, 27],
        [28, 29],
      ]);
      assert.deepEqual(Array.from((b as tf.Tensor1D).dataSync()), [30, 31]);
      assert.equal(activation, "linear");
      assert.throws(() => splitDense(tf.tensor1d(values), [second]), /starts at 18/);
      assert.throws(() => splitDense(tf.tensor1d(values), [first], [2, 2]), /end at 18; the vector has 32/);
    });
  });

  test("seeded initialisation: uniform weights within each layer's limit, zero biases, and no draws for null", () => {
    const dims = mlpDims(6, 4, 1, 3);
    const net = denseNetwork(dims, { hidden: "relu", output: "linear" });
    const values = new Float32Array(net.size);
    initDenseWeights(net, heHiddenGlorotOutput, mulberry32(9), values);
    const rng = mulberry32(9); // the same stream, drawn here by hand, layer by layer
    net.layers.forEach(({ inDim, outDim, w, b }, i) => {
      const limit = i === 0 ? Math.sqrt(6 / inDim) : Math.sqrt(6 / (inDim + outDim));
      for (let k = 0; k < inDim * outDim; k++) assert.equal(values[w + k], Math.fround((2 * rng() - 1) * limit));
      assert.ok(values.subarray(b, b + outDim).every((v) => v === 0));
    });
    const zeroOutput = new Float32Array(net.size);
    initDenseWeights(net, (_, isOutput) => (isOutput ? null : 1), mulberry32(9), zeroOutput);
    const again = mulberry32(9);
    const [hidden, out] = net.layers;
    for (let k = 0; k < hidden.inDim * hidden.outDim; k++) assert.equal(zeroOutput[hidden.w + k], Math.fround(2 * again() - 1));
    assert.ok(
      zeroOutput.subarray(out.w).every((v) => v === 0),
      "the output layer stays 0",
    );
    // One variable per layer holds the same numbers as the flat network from the same seed.
    const mlp = createMlp(dims, { activations: { hidden: "relu", output: "linear" }, kernels: KERNELS[0], init: heHiddenGlorotOutput }, mulberry32(9));
    const layers = createLayerVariables(dims, { activations: { hidden: "relu", output: "linear" }, init: heHiddenGlorotOutput }, mulberry32(9));
    assert.deepEqual(mlp.params.dataSync(), values);
    assert.deepEqual(Float32Array.from(layers.flatMap(({ w, b }) => [...w.dataSync(), ...b.dataSync()])), values);
    disposeMlp(mlp);
    tf.dispose(layers.flatMap(({ w, b }) => [w, b]));
  });

  test("checkMlpWeights names the network whose weights do not fit", () => {
    const spec = { activations: { hidden: "relu", output: "linear" }, kernels: KERNELS[2], init: heHiddenGlorotOutput } as const;
    const a = createMlp(mlpDims(2, 3, 1, 1), spec, mulberry32(1));
    const b = createMlp(mlpDims(2, 3, 1, 1), spec, mulberry32(2));
    const ones = Array.from({ length: a.params.size }, () => 1);
    checkMlpWeights([
      { name: "a", mlp: a, weights: ones },
      { name: "b", mlp: b, weights: ones },
    ]);
    assert.throws(
      () =>
        checkMlpWeights([
          { name: "a", mlp: a, weights: ones },
          { name: "b", mlp: b, weights: ones.slice(1) },
        ]),
      /b has 12 weights; this model's b \(2 → 3 → 1\) has 13/,
    );
    assert.throws(() => checkMlpWeights([{ name: "a", mlp: a, weights: [...ones.slice(1), Number.NaN] }]), /must be finite/);
    assert.throws(() => checkMlpWeights([{ name: "a", mlp: a, weights: "x" }]), /no a weights/);
    disposeMlp(a);
    disposeMlp(b);
  });
});

describe("the dense layers in float64 (nn/dense-float64.ts)", () => {
  test("blocked, plain and sparse loops give the same sums to the last bit, equal to a hand-written loop", () => {
    const [rows, inDim, outDim] = [7, 5, 3]; // leftover rows (7 = 4 + 3) and a leftover column (3 = 2 + 1)
    const w = Float64Array.from(seeded(inDim * outDim, 21));
    const b = Float64Array.from(seeded(outDim, 22));
    const x = Float64Array.from(seeded(rows * inDim, 23, 1)).map((v, i) => (i % 3 === 0 ? 0 : v)); // some zeros for the sparse loop
    const expected = new Float64Array(rows * outDim);
    for (let r = 0; r < rows; r++) {
      for (let j = 0; j < outDim; j++) {
        let s = b[j];
        for (let i = 0; i < inDim; i++) s += x[r * inDim + i] * w[i * outDim + j];
        expected[r * outDim + j] = s;
      }
    }
    assert.deepEqual(affine64(x, rows, dense64(w, inDim, outDim, b)), expected);
    const flat = new Float64Array([...w, ...b]);
    const [layer] = denseNetwork([{ inDim, outDim }], { hidden: "linear", output: "linear" }).layers;
    const sparse = sparseAffine64(x, rows, flat, layer);
    sparse.forEach((v, i) => assert.ok(v === expected[i] || Math.abs(v - expected[i]) < 1e-15, `${v} vs ${expected[i]}`)); // zeros skipped: only a 0 term's sign may differ
    const noBias = affine64(x, rows, dense64(w, inDim, outDim));
    noBias.forEach((v, i) => assert.ok(Math.abs(v + b[i % outDim] - expected[i]) < 1e-12));
  });

  test("activations and a whole network agree with the independent reference", () => {
    const values = Float64Array.from([-2, -0.5, 0, 0.5, 2]);
    assert.deepEqual(Array.from(activate64(values.slice(), "leakyrelu")), [-2 * LEAKY_SLOPE, -0.5 * LEAKY_SLOPE, 0, 0.5, 2]);
    for (const activation of ["relu", "tanh", "sigmoid", "linear"] as const) {
      assert.deepEqual(Array.from(activate64(values.slice(), activation)), Array.from(values, ACT[activation]));
    }
    const dims = mlpDims(3, 6, 2, 2);
    const activations: Activations = { hidden: "tanh", output: "sigmoid" };
    const net = denseNetwork(dims, activations);
    const flat = Float64Array.from(seeded(net.size, 31));
    const x = Float64Array.from(seeded(9 * 3, 32, 1));
    const ours = runDense64(compileDense64(net, flat), x, 9);
    reference(flat, dims, activations, x, 9).forEach((v, i) => assert.ok(Math.abs(ours[i] - v) < 1e-14, `${ours[i]} vs ${v}`));
  });
});
