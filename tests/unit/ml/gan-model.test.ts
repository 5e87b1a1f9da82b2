import assert from "node:assert/strict";
import { before, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { activateBackend } from "../../../lib/ml/backend";
import { discriminatorLoss, discriminatorSigns, GanModel, generatorLoss } from "../../../lib/ml/models/gan";
import type { LayerDims } from "../../../lib/ml/nn/dense-layout";

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

const CFG = { noiseDim: 3, hiddenWidth: 8, depth: 2, seed: 4 };

/** Reference forward pass with plain tfjs ops (slice, matMul, add, relu) and tfjs's own gradients. */
function referenceForward(flat: tf.Variable, dims: readonly LayerDims[], x: tf.Tensor2D): tf.Tensor2D {
  let h: tf.Tensor2D = x;
  let offset = 0;
  dims.forEach(({ inDim, outDim }, i) => {
    const w = tf.reshape(tf.slice(flat, offset, inDim * outDim), [inDim, outDim]) as tf.Tensor2D;
    offset += inDim * outDim;
    const b = tf.slice(flat, offset, outDim);
    offset += outDim;
    h = tf.add(tf.matMul(h, w), b);
    if (i < dims.length - 1) h = tf.relu(h);
  });
  assert.equal(offset, flat.size);
  return h;
}

function assertClose(a: tf.Tensor, b: tf.Tensor, tol = 1e-5) {
  assert.deepEqual(a.shape, b.shape);
  const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  assert.ok(diff <= tol, `max diff ${diff}`);
}

test("shapes, parameter counts and seeded initialisation", () => {
  const m = new GanModel(CFG);
  const z = tf.randomNormal([5, 3]) as tf.Tensor2D;
  assert.deepEqual(m.generator(z).shape, [5, 2]);
  assert.deepEqual(m.discriminatorLogits(tf.zeros([7, 2])).shape, [7, 1]);
  assert.deepEqual(m.generate(4).shape, [4, 2]);
  assert.equal(m.parameters().length, 2); // one flat variable per network
  // G: 3·8 + 8 + 8·8 + 8 + 8·2 + 2 = 122; D: 2·8 + 8 + 8·8 + 8 + 8·1 + 1 = 105
  assert.deepEqual(
    m.parameters().map((p) => p.size),
    [122, 105],
  );
  const same = new GanModel(CFG);
  m.parameters().forEach((p, i) => assertClose(p, same.parameters()[i], 0));
  m.dispose();
  same.dispose();
});

test("hand-written dense gradients match tfjs's own (both networks, frozen D)", () => {
  const m = new GanModel(CFG);
  const z = tf.randomNormal([6, 3], 0, 1, "float32", 1) as tf.Tensor2D;
  const real = tf.randomNormal([6, 2], 0, 1, "float32", 2) as tf.Tensor2D;
  const signs = discriminatorSigns(6);
  const gVars = m.generatorParameters;
  const dVars = m.discriminatorParameters;

  // D step: gradient wrt D's weights.
  const x = tf.concat([real, m.generator(z)]) as tf.Tensor2D;
  const ours = tf.variableGrads(() => discriminatorLoss(m.discriminatorLogits(x), signs), dVars);
  const ref = tf.variableGrads(() => discriminatorLoss(referenceForward(dVars[0], m.discriminatorDims, x), signs), dVars);
  assertClose(ours.value, ref.value);
  for (const v of dVars) assertClose(ours.grads[v.name], ref.grads[v.name]);

  // G step through a frozen D: gradient wrt G's weights.
  for (const loss of ["minimax", "non-saturating"] as const) {
    const g1 = tf.variableGrads(() => generatorLoss(m.discriminatorLogits(m.generator(z), true), loss), gVars);
    const g2 = tf.variableGrads(
      () => generatorLoss(referenceForward(dVars[0], m.discriminatorDims, referenceForward(gVars[0], m.generatorDims, z)), loss),
      gVars,
    );
    assertClose(g1.value, g2.value);
    for (const v of gVars) assertClose(g1.grads[v.name], g2.grads[v.name]);
  }
  m.dispose();
});

test("losses at D(x) = ½ everywhere: log 2 for D, log 2 / −log 2 for G", () => {
  const zeros = tf.zeros([4, 1]) as tf.Tensor2D;
  assert.ok(Math.abs(discriminatorLoss(tf.zeros([8, 1]), discriminatorSigns(4)).dataSync()[0] - Math.LN2) < 1e-6);
  assert.ok(Math.abs(generatorLoss(zeros, "non-saturating").dataSync()[0] - Math.LN2) < 1e-6);
  assert.ok(Math.abs(generatorLoss(zeros, "minimax").dataSync()[0] + Math.LN2) < 1e-6);
});
