// `npm run train:evaluator`: trains the digit evaluator CNN (lib/ml/evaluator/digit-cnn.ts) on the
// MNIST train split with TensorFlow.js (wasm) in Node, keeps the epoch with the best validation
// accuracy, exports it to models/digit-evaluator.onnx and reports its test accuracy through
// onnxruntime — the same runtime that scores submissions. Seeded; about a few minutes on 2 cores.
import { writeFileSync } from "node:fs";
import path from "node:path";
import * as tf from "@tensorflow/tfjs";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { activateBackend } from "@/lib/ml/backend";
import { DIGIT_PIXELS, DIGIT_SIDE, digitsToFloat, type DigitSet } from "@/lib/ml/datasets/digits";
import { EVALUATOR_PARAMETER_NAMES, evaluatorForward, evaluatorTensors, initEvaluatorWeights, type EvaluatorWeights } from "@/lib/ml/evaluator/digit-cnn";
import { exportEvaluatorOnnx } from "@/lib/ml/evaluator/onnx";
import { digitEvaluator } from "@/lib/datasets/digit-evaluator";
import { mulberry32 } from "@/lib/ml/random";

const SEED = 7;
const EPOCHS = Number(process.env.EVALUATOR_EPOCHS ?? 8);
const BATCH = 64;
const LEARNING_RATE = 1e-3;
/** Random translations of up to this many pixels: cheap augmentation against over-fitting 8,000 digits. */
const MAX_SHIFT = 2;
const OUTPUT = path.join(import.meta.dirname, "..", "models", "digit-evaluator.onnx");

function shiftedBatch(set: DigitSet, indices: number[], rng: () => number): Float32Array {
  const out = new Float32Array(indices.length * DIGIT_PIXELS);
  indices.forEach((index, b) => {
    const dx = Math.floor(rng() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
    const dy = Math.floor(rng() * (2 * MAX_SHIFT + 1)) - MAX_SHIFT;
    for (let r = 0; r < DIGIT_SIDE; r++) {
      const sr = r - dy;
      if (sr < 0 || sr >= DIGIT_SIDE) continue;
      for (let c = 0; c < DIGIT_SIDE; c++) {
        const sc = c - dx;
        if (sc < 0 || sc >= DIGIT_SIDE) continue;
        out[b * DIGIT_PIXELS + r * DIGIT_SIDE + c] = set.images[index * DIGIT_PIXELS + sr * DIGIT_SIDE + sc] / 255;
      }
    }
  });
  return out;
}

function accuracy(weights: EvaluatorWeights<tf.Tensor>, set: DigitSet): number {
  const predicted = tf.tidy(() =>
    evaluatorForward(weights, tf.tensor(digitsToFloat(set.images), [set.count, DIGIT_PIXELS]))
      .logits.argMax(1)
      .dataSync(),
  );
  let correct = 0;
  predicted.forEach((p, i) => (correct += p === set.labels[i] ? 1 : 0));
  return correct / set.count;
}

async function main() {
  await activateBackend("wasm");
  const train = loadMnistSplit("train");
  const validation = loadMnistSplit("validation");
  const test = loadMnistSplit("test");
  const rng = mulberry32(SEED);
  const initial = initEvaluatorWeights(SEED);
  const variables = {} as EvaluatorWeights<tf.Variable>;
  const initialTensors = evaluatorTensors(initial);
  for (const name of EVALUATOR_PARAMETER_NAMES) variables[name] = tf.variable(initialTensors[name]);
  tf.dispose(Object.values(initialTensors));
  const optimizer = tf.train.adam(LEARNING_RATE);
  let best = { accuracy: -1, epoch: 0, weights: initial };

  for (let epoch = 1; epoch <= EPOCHS; epoch++) {
    const started = performance.now();
    const order = Array.from({ length: train.count }, (_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [order[i], order[j]] = [order[j], order[i]];
    }
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start + BATCH <= order.length; start += BATCH) {
      const indices = order.slice(start, start + BATCH);
      const x = shiftedBatch(train, indices, rng);
      const y = indices.map((i) => train.labels[i]);
      const loss = optimizer.minimize(() => {
        const { logits } = evaluatorForward(variables, tf.tensor(x, [BATCH, DIGIT_PIXELS]));
        return tf.losses.softmaxCrossEntropy(tf.oneHot(tf.tensor1d(y, "int32"), 10), logits) as tf.Scalar;
      }, true)!;
      if (batches % 25 === 0) lossSum += (await loss.data())[0];
      loss.dispose();
      batches++;
    }
    const valAccuracy = accuracy(variables, validation);
    console.error(
      `epoch ${epoch}: loss ≈ ${(lossSum / Math.ceil(batches / 25)).toFixed(4)}, validation accuracy ${(valAccuracy * 100).toFixed(2)}% (${((performance.now() - started) / 1000).toFixed(0)} s)`,
    );
    if (valAccuracy > best.accuracy) {
      const weights = {} as EvaluatorWeights<Float32Array>;
      for (const name of EVALUATOR_PARAMETER_NAMES) weights[name] = new Float32Array(await variables[name].data());
      best = { accuracy: valAccuracy, epoch, weights };
    }
  }

  const bytes = exportEvaluatorOnnx(
    best.weights,
    `GenLab digit evaluator: epoch ${best.epoch} of ${EPOCHS}, seed ${SEED}, validation accuracy ${best.accuracy}`,
  );
  writeFileSync(OUTPUT, bytes);
  const evaluator = await digitEvaluator();
  const { probabilities } = await evaluator.evaluate(test.images, test.count);
  let correct = 0;
  for (let i = 0; i < test.count; i++) {
    let arg = 0;
    for (let c = 1; c < 10; c++) if (probabilities[i * 10 + c] > probabilities[i * 10 + arg]) arg = c;
    if (arg === test.labels[i]) correct++;
  }
  console.log(
    JSON.stringify({
      evaluator: path.relative(process.cwd(), OUTPUT),
      bytes: bytes.length,
      epoch: best.epoch,
      validationAccuracy: best.accuracy,
      testAccuracy: correct / test.count,
    }),
  );
}

await main();
