import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import * as tf from "@tensorflow/tfjs";
import { activateBackend } from "../../../lib/ml/backend";
import { countPredictedCharacters, NAME_VOCAB_SIZE, nameContexts, nameWindows } from "../../../lib/ml/datasets/names";
import { charLmBatchNats } from "../../../lib/ml/models/char-lm";
import { charLmAttention, charLmBitsPerChar, charLmLogProbabilities, charLmSample, countedBigram } from "../../../lib/ml/models/char-lm-float64";
import {
  charLmParameterCount,
  charLmParameterSpecs,
  charLmWeightsFromFlat,
  readCharLmSubmission,
  type CharLmArchitecture,
  type CharLmSubmission,
} from "../../../lib/ml/models/char-lm-submission";
import { CharLmTrainer } from "../../../lib/ml/train/char-lm-trainer";
import { DEFAULT_CHAR_LM_CONFIG, type CharLmConfig } from "../../../lib/ml/configs/char-lm";
import { cpuTime } from "../../support/cpu-time";

/** A few names with every character class, lengths 1–15 (and a hyphen). */
const NAMES = [
  "emma",
  "olivia",
  "ava",
  "isabella",
  "sophia",
  "mia",
  "charlotte",
  "amelia",
  "harper",
  "evelyn",
  "abigail",
  "emily",
  "anne-marie",
  "helen-elizabeth",
  "jo",
  "q",
  "maximilian",
  "zoe",
  "xavier",
  "kyle",
];
const HELD_OUT = ["liam", "noah", "oliver", "elijah", "james", "william", "benjamin", "lucas", "henry", "theodore", "jean-luc"];

/** Small models of each kind; the transformer's block of 4 makes longer names use sliding windows. */
const SMALL: Record<string, CharLmConfig> = {
  bigram: { ...DEFAULT_CHAR_LM_CONFIG.bigram, batchSize: 64 },
  mlp: { ...DEFAULT_CHAR_LM_CONFIG.mlp, architecture: { kind: "mlp", blockSize: 3, embedding: 4, hidden: 16 }, batchSize: 32 },
  transformer: {
    ...DEFAULT_CHAR_LM_CONFIG.transformer,
    architecture: { kind: "transformer", blockSize: 16, embedding: 8, heads: 2, layers: 2 },
    batchSize: 8,
    learningRate: 0.01,
  },
  slidingTransformer: {
    ...DEFAULT_CHAR_LM_CONFIG.transformer,
    architecture: { kind: "transformer", blockSize: 4, embedding: 8, heads: 2, layers: 1 },
    batchSize: 8,
    learningRate: 0.01,
  },
};

const close = (a: number, b: number, tol: number, what = "") => assert.ok(Math.abs(a - b) <= tol, `${what} ${a} ≉ ${b} (tol ${tol})`);

function zeroModel(architecture: CharLmArchitecture): CharLmSubmission {
  return { architecture, weights: charLmWeightsFromFlat(architecture, new Float64Array(charLmParameterCount(architecture))) };
}

/** The submission's weights as one float64 vector in layout order. */
function flatOf(submission: CharLmSubmission): Float64Array {
  const read = readCharLmSubmission(submission as unknown as Record<string, unknown>, (f, m) => assert.fail(`${f} ${m}`));
  assert.ok(read);
  return read.flat;
}

/** A trainer after a few steps (weights away from their symmetric start). */
function trained(config: CharLmConfig, steps = 20): CharLmTrainer {
  const trainer = new CharLmTrainer(config, NAMES);
  trainer.step(steps);
  return trainer;
}

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

describe("float64 evaluator", () => {
  test("all-zero weights are the uniform model: log2(28) bits per character, for every kind", () => {
    for (const architecture of [SMALL.bigram, SMALL.mlp, SMALL.transformer, SMALL.slidingTransformer].map((c) => c.architecture)) {
      close(charLmBitsPerChar(zeroModel(architecture), NAMES), Math.log2(NAME_VOCAB_SIZE), 1e-12, architecture.kind);
    }
  });

  test("the counted bigram's score is its count-based log-likelihood, computed by hand", () => {
    // Sequences .ab. .ba. .a. → pairs (previous → next): .→a ×2, .→b ×1, a→b, a→. ×2, b→a, b→. ; 8 predictions.
    const corpus = ["ab", "ba", "a"];
    const alpha = 0.5;
    const V = NAME_VOCAB_SIZE;
    const p = (pairCount: number, rowTotal: number) => (pairCount + alpha) / (rowTotal + V * alpha);
    // row "." has 3 transitions, row "a" 3 (a→b, a→. ×2), row "b" 2 (b→a, b→.)
    const log2Likelihood = 2 * Math.log2(p(2, 3)) + Math.log2(p(1, 3)) + Math.log2(p(1, 3)) + 2 * Math.log2(p(2, 3)) + Math.log2(p(1, 2)) + Math.log2(p(1, 2));
    const model = countedBigram(corpus, alpha);
    close(charLmBitsPerChar(model, corpus), -log2Likelihood / 8, 1e-12);
    // and its rows are probability distributions (softmax of log-probabilities = themselves)
    for (const row of model.weights.logits as number[][])
      close(
        row.reduce((s, l) => s + Math.exp(l), 0),
        1,
        1e-12,
      );
  });

  test("counting without smoothing is the maximum-likelihood bigram: perturbing it only costs", () => {
    const model = countedBigram(NAMES, 1e-9);
    const best = charLmBitsPerChar(model, NAMES);
    const logits = model.weights.logits as number[][];
    for (const [i, j] of [
      [0, 2],
      [2, 0],
      [6, 14],
    ]) {
      for (const delta of [-0.01, 0.01]) {
        const moved = logits.map((row) => row.slice());
        moved[i][j] += delta;
        assert.ok(charLmBitsPerChar({ ...model, weights: { logits: moved } }, NAMES) > best);
      }
    }
  });

  test("the bits per character of a list is the average of its names' log-probabilities", () => {
    const trainer = trained(SMALL.mlp);
    return trainer.exportWeights().then((model) => {
      let nats = 0;
      for (const name of NAMES) {
        const rows = charLmLogProbabilities(model, name);
        assert.equal(rows.length, name.length + 1);
        const targets = [...name, "."].map((c) => ".-abcdefghijklmnopqrstuvwxyz".indexOf(c));
        rows.forEach((row, i) => {
          close(
            row.reduce((s, l) => s + Math.exp(l), 0),
            1,
            1e-12,
          );
          nats -= row[targets[i]];
        });
      }
      close(charLmBitsPerChar(model, NAMES), nats / countPredictedCharacters(NAMES) / Math.LN2, 1e-12);
      trainer.dispose();
    });
  });

  test("a full-size transformer scores the 842 test names quickly", () => {
    // embedding 64, 3 layers: 154,524 parameters, near the 200,000 cap (cost ∝ parameters × characters)
    const architecture: CharLmArchitecture = { kind: "transformer", blockSize: 16, embedding: 64, heads: 8, layers: 3 };
    const flat = new Float64Array(charLmParameterCount(architecture)).map((_, i) => Math.sin(i) * 0.05);
    const model = { architecture, weights: charLmWeightsFromFlat(architecture, flat) };
    const names = Array.from({ length: 842 }, (_, i) => NAMES[i % NAMES.length]); // ~7.8 predictions per name, like the test split
    const { ms, result: bits } = cpuTime(() => charLmBitsPerChar(model, names));
    assert.ok(Number.isFinite(bits));
    console.log(
      `full-size transformer (${charLmParameterCount(architecture)} parameters), ${countPredictedCharacters(names)} predictions: ${ms.toFixed(0)} ms`,
    );
    assert.ok(ms < 5000, `${ms} ms`);
  });
});

describe("tfjs model agrees with the float64 evaluator", () => {
  for (const [label, config] of Object.entries(SMALL)) {
    test(`${label}: same loss (within 1e-4 nats per character) and same log-probabilities`, async () => {
      const trainer = trained(config);
      const model = await trainer.exportWeights();
      const tfNats = (await trainer.totalNats(HELD_OUT)) / countPredictedCharacters(HELD_OUT);
      const f64Nats = charLmBitsPerChar(model, HELD_OUT) * Math.LN2;
      close(tfNats, f64Nats, 1e-4, label);
      close(await trainer.validationBitsPerChar(HELD_OUT), f64Nats / Math.LN2, 1e-4 / Math.LN2, label);
      const tfRows = await trainer.logProbabilities("maximilian");
      const f64Rows = charLmLogProbabilities(model, "maximilian");
      assert.equal(tfRows.length, f64Rows.length);
      tfRows.forEach((row, i) => row.forEach((l, j) => close(l, f64Rows[i][j], 1e-4, `${label} row ${i} token ${j}`)));
      trainer.dispose();
    });
  }

  test("hand-written gradients equal float64 finite differences, for every kind and every weight tensor", async () => {
    for (const [label, config] of Object.entries(SMALL)) {
      const trainer = trained(config, 10);
      const model = await trainer.exportWeights();
      const { architecture } = model;
      const flat = flatOf(model);
      const names = HELD_OUT.slice(0, 6);
      // tfjs: d(Σ nats)/d(weights) through the custom backward passes
      const batch =
        architecture.kind === "transformer"
          ? (() => {
              const w = nameWindows(names, architecture.blockSize);
              const shape: [number, number] = [w.count, architecture.blockSize];
              return {
                inputs: tf.tensor2d(w.inputs, shape, "int32"),
                targets: tf.tensor2d(w.targets, shape, "int32"),
                weights: tf.tensor2d(w.weights, shape) as tf.Tensor | null,
              };
            })()
          : (() => {
              const B = architecture.kind === "mlp" ? architecture.blockSize : 1;
              const c = nameContexts(names, B);
              return { inputs: tf.tensor2d(c.contexts, [c.count, B], "int32"), targets: tf.tensor1d(c.targets, "int32") as tf.Tensor, weights: null };
            })();
      const params = tf.tensor1d(Float32Array.from(flat));
      const gradient = tf.grad((p: tf.Tensor) => charLmBatchNats(architecture, p as tf.Tensor1D, batch.inputs, batch.targets, batch.weights))(params);
      const g = await gradient.data();
      tf.dispose([params, gradient, batch.inputs, batch.targets, ...(batch.weights ? [batch.weights] : [])]);
      // float64: central differences of the evaluator's Σ nats, two coordinates of every tensor
      const totalNats = (values: Float64Array) =>
        charLmBitsPerChar({ architecture, weights: charLmWeightsFromFlat(architecture, values) }, names) * countPredictedCharacters(names) * Math.LN2;
      const h = 1e-5; // small enough not to step over a ReLU kink (float64 keeps the difference accurate)
      for (const spec of charLmParameterSpecs(architecture)) {
        for (const i of [spec.offset, spec.offset + Math.floor(spec.size * 0.618)]) {
          const plus = flat.slice();
          const minus = flat.slice();
          plus[i] += h;
          minus[i] -= h;
          const numeric = (totalNats(plus) - totalNats(minus)) / (2 * h);
          close(g[i], numeric, 2e-3 + 2e-3 * Math.abs(numeric), `${label} d/d ${spec.path.join(".")}[${i - spec.offset}]`);
        }
      }
      trainer.dispose();
    }
  });

  test("causal masking: changing a later character leaves earlier predictions unchanged (tfjs and float64)", async () => {
    const trainer = trained(SMALL.transformer);
    const model = await trainer.exportWeights();
    for (const logProbabilities of [(n: string) => trainer.logProbabilities(n), async (n: string) => charLmLogProbabilities(model, n)]) {
      const a = await logProbabilities("abcdef");
      const b = await logProbabilities("abcxyz");
      // rows 0–3 predict a, b, c and the 4th character from ". a b c", identical in both names
      for (let i = 0; i <= 3; i++) a[i].forEach((l, j) => close(l, b[i][j], 1e-6, `row ${i}`));
      // row 4 conditions on the 4th character, which differs
      assert.ok(a[4].some((l, j) => Math.abs(l - b[4][j]) > 1e-4));
    }
    const attention = await trainer.attention("abcdef");
    assert.deepEqual(attention.tokens, [".", "a", "b", "c", "d", "e", "f"]);
    assert.equal(attention.weights.length, 2); // layers
    for (const layer of attention.weights) {
      assert.equal(layer.length, 2); // heads
      for (const matrix of layer) {
        matrix.forEach((row, q) => {
          close(
            row.reduce((s, p) => s + p, 0),
            1,
            1e-12,
          );
          row.forEach((p, k) => (k > q ? assert.equal(p, 0) : assert.ok(p > 0)));
        });
      }
    }
    assert.throws(() => charLmAttention(countedBigram(NAMES), "emma"), /Only a transformer/);
    trainer.dispose();
  });
});

describe("CharLmTrainer", () => {
  test("every kind lowers its training loss in a short seeded run, reproducibly", async () => {
    for (const [label, config] of Object.entries(SMALL)) {
      const trainer = new CharLmTrainer(config, NAMES);
      const before = await trainer.validationBitsPerChar(NAMES);
      assert.ok(Number.isNaN((await trainer.losses()).loss));
      trainer.step(60);
      const after = await trainer.validationBitsPerChar(NAMES);
      assert.ok(after < before - 0.3, `${label}: ${before} → ${after}`);
      const { loss } = await trainer.losses();
      assert.ok(loss > 0 && loss < Math.log(NAME_VOCAB_SIZE), `${label}: loss ${loss}`);
      const again = new CharLmTrainer(config, NAMES);
      again.step(60);
      assert.equal(await again.validationBitsPerChar(NAMES), after);
      trainer.dispose();
      again.dispose();
    }
  });

  test("tensor count stays flat across steps and returns to baseline after dispose", async () => {
    const baseline = tf.memory().numTensors;
    for (const config of Object.values(SMALL)) {
      const trainer = new CharLmTrainer(config, NAMES);
      trainer.step(2); // Adam creates its slots on the first step
      const warm = tf.memory().numTensors;
      trainer.step(1);
      trainer.step(5);
      await trainer.losses();
      await trainer.validationBitsPerChar(HELD_OUT);
      await trainer.logProbabilities("emma");
      await trainer.sample(3);
      assert.equal(tf.memory().numTensors, warm);
      assert.equal(trainer.iteration, 8);
      trainer.dispose();
      trainer.dispose(); // idempotent
      assert.equal(tf.memory().numTensors, baseline);
      assert.throws(() => trainer.step(), /after dispose/);
    }
  });

  test("the config schema is strict and the defaults are valid", () => {
    for (const config of Object.values(DEFAULT_CHAR_LM_CONFIG)) assert.doesNotThrow(() => new CharLmTrainer(config, NAMES).dispose());
    assert.throws(() => new CharLmTrainer({ ...SMALL.mlp, extra: 1 } as CharLmConfig, NAMES));
    const bad = { ...SMALL.transformer, architecture: { kind: "transformer", blockSize: 16, embedding: 10, heads: 4, layers: 1 } } as CharLmConfig;
    assert.throws(() => new CharLmTrainer(bad, NAMES), /must divide embedding/);
    const huge = { ...SMALL.transformer, architecture: { kind: "transformer", blockSize: 16, embedding: 256, heads: 4, layers: 1 } } as CharLmConfig;
    assert.throws(() => new CharLmTrainer(huge, NAMES), /more than 200000 parameters/);
  });
});

describe("sampling", () => {
  test("topK = 1 is greedy decoding (seed-independent); seeds reproduce and differ", async () => {
    const trainer = trained(SMALL.mlp, 40);
    const model = await trainer.exportWeights();
    const greedy = charLmSample(model, 3, { topK: 1, seed: 1 });
    assert.deepEqual(charLmSample(model, 3, { topK: 1, seed: 99 }), greedy);
    assert.equal(new Set(greedy).size, 1);
    // the same name by hand: always the most likely next character
    let byHand = "";
    for (;;) {
      const row = charLmLogProbabilities(model, byHand).at(-1)!;
      const best = row.indexOf(Math.max(...row));
      if (best === 0 || byHand.length === 15) break;
      byHand += ".-abcdefghijklmnopqrstuvwxyz"[best];
    }
    assert.equal(greedy[0], byHand);
    const a = charLmSample(model, 10, { seed: 5 });
    assert.deepEqual(charLmSample(model, 10, { seed: 5 }), a);
    assert.deepEqual(await trainer.sample(10, { seed: 5 }), a);
    assert.notDeepEqual(charLmSample(model, 10, { seed: 6 }), a);
    // topK = 2: every drawn character is one of the two most likely at its step
    for (const name of charLmSample(model, 10, { topK: 2, seed: 3 })) {
      const rows = charLmLogProbabilities(model, name);
      [...name].forEach((c, i) => {
        const token = ".-abcdefghijklmnopqrstuvwxyz".indexOf(c);
        assert.ok(rows[i].filter((l) => l > rows[i][token]).length <= 1, `${name}[${i}]`);
      });
    }
    // samples are names of the alphabet, at most 15 characters
    for (const name of charLmSample(zeroModel(SMALL.mlp.architecture), 50, { seed: 2 })) assert.match(name, /^[-a-z]{0,15}$/);
    assert.throws(() => charLmSample(model, 1, { temperature: 0 }), /temperature/);
    assert.throws(() => charLmSample(model, 1, { topK: 29 }), /topK/);
    trainer.dispose();
  });
});
