// ar-names: the names data and its fixed split, the submission's validation messages, scoring,
// preview and the training data a page receives.
import assert from "node:assert/strict";
import { before, describe, test } from "node:test";
import { activateBackend } from "@/lib/ml/backend";
import { HeldoutInputError } from "@/lib/datasets/heldout-input";
import { loadAllNames, loadNames, NAME_PACKAGES, NAMES_SPLIT_SEED } from "@/lib/datasets/names";
import { seededSplit } from "@/lib/datasets/split";
import { decodeName, NAME_ALPHABET, NAME_VOCAB_SIZE } from "@/lib/ml/datasets/names";
import { charLmBitsPerChar, countedBigram } from "@/lib/ml/models/char-lm-float64";
import {
  CHAR_LM_MAX_PARAMETERS,
  charLmParameterCount,
  charLmWeightsFromFlat,
  type CharLmArchitecture,
  type CharLmSubmission,
} from "@/lib/ml/models/char-lm-submission";
import { CharLmTrainer } from "@/lib/ml/train/char-lm-trainer";
import { DEFAULT_CHAR_LM_CONFIG } from "@/lib/ml/configs/char-lm";
import { assertContract, messageFor } from "@/tests/support/exercise-contract";
import { rankKeysOf } from "@/lib/exercises/ranking";
import { defineExercise } from "@/lib/exercises/types";
import { arNamesScorer, parseHeldoutNames } from "./server";
import { AR_NAMES_PACKAGES, AR_NAMES_PREVIEW_COUNT, arNamesSpec } from "./spec";

const arNames = defineExercise(arNamesSpec, arNamesScorer);

const LOG2_V = Math.log2(NAME_VOCAB_SIZE);

function zeroBody(architecture: CharLmArchitecture): CharLmSubmission {
  return { architecture, weights: charLmWeightsFromFlat(architecture, new Float64Array(charLmParameterCount(architecture))) };
}

/** A deep copy of `body` with `edit` applied to it. */
function edited(body: CharLmSubmission, edit: (b: any) => void): unknown {
  const copy = JSON.parse(JSON.stringify(body));
  edit(copy);
  return copy;
}

const TRANSFORMER: CharLmArchitecture = { kind: "transformer", blockSize: 8, embedding: 8, heads: 2, layers: 2 };
const MLP: CharLmArchitecture = { kind: "mlp", blockSize: 3, embedding: 4, hidden: 8 };

before(async () => {
  assert.equal(await activateBackend("wasm"), "wasm");
});

describe("names data", () => {
  test("8,422 distinct lower-case names over '-' and a–z, split 6,738 / 842 / 842", () => {
    const all = loadAllNames();
    assert.equal(all.length, 8422);
    assert.equal(new Set(all).size, all.length);
    assert.deepEqual(all, [...all].sort());
    assert.equal([...new Set(all.join(""))].sort().join(""), NAME_ALPHABET.slice(1)); // every character is used
    const { train, validation, test: heldout } = loadNames();
    assert.deepEqual([train.length, validation.length, heldout.length], [6738, 842, 842]);
    for (const split of [train, validation, heldout]) assert.deepEqual(split, [...split].sort());
    assert.equal(Math.max(...all.map((n) => n.length)), 15);
  });

  test("the spec names the packages the loader reads (it cannot import the Node-only loader)", () => {
    assert.deepEqual(AR_NAMES_PACKAGES, NAME_PACKAGES);
  });

  test("the splits are disjoint, cover every name once, and are reproducible", () => {
    const all = loadAllNames();
    const { train, validation, test: heldout } = loadNames();
    assert.equal(new Set([...train, ...validation, ...heldout]).size, all.length);
    assert.equal(train.length + validation.length + heldout.length, all.length);
    // the documented recipe, recomputed
    const first = seededSplit(all.length, NAMES_SPLIT_SEED, 0.2);
    const second = seededSplit(first.heldout.length, NAMES_SPLIT_SEED + 1, 0.5);
    assert.deepEqual(
      second.heldout.map((i) => all[first.heldout[i]]),
      heldout,
    );
    // golden values: a change of seed, order or source data shows here
    assert.deepEqual(heldout.slice(0, 3), ["abbe", "abigail", "abramo"]);
    assert.deepEqual(train.slice(0, 3), ["aaren", "aarika", "aaron"]);
  });

  test("trainingData is exactly the training names, between boundary tokens", () => {
    const data = arNames.trainingData!();
    assert.equal(data.kind, "symbols");
    if (data.kind !== "symbols") return;
    assert.deepEqual(data.symbols, [...NAME_ALPHABET]);
    assert.equal(data.sequence[0], 0);
    assert.equal(data.sequence.at(-1), 0);
    const names = [];
    let current: number[] = [];
    for (const token of data.sequence.slice(1)) {
      if (token === 0) {
        names.push(decodeName(current));
        current = [];
      } else current.push(token);
    }
    assert.deepEqual(names, loadNames().train);
  });
});

describe("submission validation", () => {
  test("valid bodies of each kind are accepted", () => {
    for (const architecture of [{ kind: "bigram" } as const, MLP, TRANSFORMER]) assert.equal(messageFor(arNames, zeroBody(architecture)), "ok");
  });

  test("messages name the exact entry", () => {
    const t = zeroBody(TRANSFORMER);
    const cases: [unknown, string][] = [
      [
        edited(t, (b) => (b.weights.layers[1].attention.wq[3][7] = null)),
        '"weights.layers[1].attention.wq[3][7]" is not a number (NaN and Infinity cannot be sent as JSON).',
      ],
      [edited(t, (b) => (b.weights.layers[1].attention.wq[3][7] = "1")), '"weights.layers[1].attention.wq[3][7]" is not a number.'],
      [edited(t, (b) => (b.weights.output.b[2] = 1e6)), '"weights.output.b[2]" is 1000000; weights must be within ±1000.'],
      [edited(t, (b) => b.weights.tokenEmbedding.pop()), '"weights.tokenEmbedding" must be a list of 28 rows of 8 numbers; it has 27 rows.'],
      [edited(t, (b) => b.weights.positionEmbedding[5].push(0)), '"weights.positionEmbedding[5]" must be a list of 8 numbers; it has 9 numbers.'],
      [edited(t, (b) => (b.weights.finalNorm.gain = 1)), '"weights.finalNorm.gain" must be a list of 8 numbers.'],
      [edited(t, (b) => delete b.weights.layers[0].mlp.b1), '"weights.layers[0].mlp.b1" is missing; it must be a list of 32 numbers.'],
      [edited(t, (b) => b.weights.layers.pop()), '"weights.layers" must be a list of 2 layers (architecture.layers); it has 1.'],
      [
        edited(t, (b) => (b.weights.layers[0].attention.bq = [])),
        '"weights.layers[0].attention.bq" is not a weight of this architecture (expected "wq", "wk", "wv", "wo").',
      ],
      [
        edited(t, (b) => (b.weights.layers[0].attention.constructor = [])),
        '"weights.layers[0].attention.constructor" is not a weight of this architecture (expected "wq", "wk", "wv", "wo").',
      ],
      [edited(t, (b) => (b.architecture.heads = 3)), '"architecture.heads" must divide embedding (each head gets embedding / heads dimensions).'],
      [edited(t, (b) => (b.architecture.blockSize = 17)), '"architecture.blockSize" must be at most 16.'],
      [edited(t, (b) => (b.architecture.layers = 1.5)), '"architecture.layers" must be a whole number.'],
      [edited(t, (b) => (b.architecture.kind = "rnn")), '"architecture.kind" must be {"kind": "bigram"}, {"kind": "mlp", …} or {"kind": "transformer", …}.'],
      [edited(t, (b) => delete b.architecture), '"architecture" is missing; it must be like {"kind": "bigram"}.'],
      [
        edited(t, (b) => delete b.weights),
        '"weights" is missing; it must be an object with "tokenEmbedding", "positionEmbedding", "layers", "finalNorm", "output".',
      ],
      [edited(t, (b) => (b.extra = 1)), '"extra" is not part of a submission (expected "architecture" and "weights").'],
      [[1, 2], "The submission must be a JSON object like"],
    ];
    for (const [body, expected] of cases) assert.ok(messageFor(arNames, body).startsWith(expected), `${messageFor(arNames, body)}\nexpected: ${expected}`);
  });

  test("Infinity (possible in-process, not in JSON) and too many parameters are refused", () => {
    const m = zeroBody(MLP) as any;
    m.weights.hidden.w[2][1] = Infinity; // (JSON.stringify would turn it into null)
    assert.equal(messageFor(arNames, m), '"weights.hidden.w[2][1]" is not a finite number.');
    const huge: CharLmArchitecture = { kind: "transformer", blockSize: 16, embedding: 128, heads: 4, layers: 1 };
    assert.ok(charLmParameterCount(huge) > CHAR_LM_MAX_PARAMETERS);
    assert.equal(
      messageFor(arNames, { architecture: huge, weights: {} }),
      `"architecture" has ${charLmParameterCount(huge)} parameters; at most 200000 are allowed.`,
    );
    const wide: CharLmArchitecture = { kind: "mlp", blockSize: 16, embedding: 16, hidden: 1000 };
    assert.match(messageFor(arNames, { architecture: wide, weights: {} }), /^"architecture" has \d+ parameters; at most 200000 are allowed\.$/);
  });

  test("a body at the parameter cap fits maxBodyBytes even with 17-digit floats and indentation", () => {
    const architecture: CharLmArchitecture = { kind: "transformer", blockSize: 16, embedding: 120, heads: 8, layers: 1 };
    const count = charLmParameterCount(architecture);
    assert.ok(count > 0.9 * CHAR_LM_MAX_PARAMETERS && count <= CHAR_LM_MAX_PARAMETERS, `${count}`);
    const body = { architecture, weights: charLmWeightsFromFlat(architecture, new Float64Array(count)) };
    const full = JSON.stringify(body, (_key, v) => (v === 0 ? -0.012345678901234567 : v), 2); // every weight printed with 17 digits
    assert.ok(Buffer.byteLength(full) < arNames.limits.maxBodyBytes, `${Buffer.byteLength(full)} B`);
  });
});

describe("scoring", () => {
  test("the uniform model scores log2(28); a counted bigram lies between 2 and log2(28)", () => {
    assert.ok(Math.abs(arNames.score(zeroBody(TRANSFORMER)).bitsPerChar - LOG2_V) < 1e-12);
    const { bitsPerChar } = arNames.score(countedBigram(loadNames().train, 1));
    assert.ok(bitsPerChar > 2 && bitsPerChar < LOG2_V, `${bitsPerChar}`);
  });

  test("a bigram trained by gradient descent scores between 2 and log2(28), near the counted one", async () => {
    const trainer = new CharLmTrainer(DEFAULT_CHAR_LM_CONFIG.bigram, loadNames().train);
    trainer.step(300);
    const model = await trainer.exportWeights();
    trainer.dispose();
    const trained = arNames.score(arNames.submissionSchema.parse(JSON.parse(JSON.stringify(model)))).bitsPerChar;
    const counted = arNames.score(countedBigram(loadNames().train, 1)).bitsPerChar;
    assert.ok(trained > 2 && trained < LOG2_V, `${trained}`);
    assert.ok(Math.abs(trained - counted) < 0.1, `${trained} vs ${counted}`);
  });

  test("contract: metrics, rank keys, JSON-safe preview of 20 seeded samples, body size, default config", () => {
    const model = countedBigram(loadNames().train, 1);
    assertContract(arNames, model);
    const preview = arNames.preview(model) as { samples: string[] };
    assert.equal(preview.samples.length, AR_NAMES_PREVIEW_COUNT);
    assert.deepEqual(arNames.preview(model), preview); // fixed seed
    for (const name of preview.samples) assert.match(name, /^[-a-z]{0,15}$/);
    assert.deepEqual(rankKeysOf(arNames, { bitsPerChar: 3.1 }), [0, 3.1]);
  });

  test("scoreWithHeldout scores a caller's list of names and explains bad files", () => {
    const model = countedBigram(loadNames().train, 1);
    const names = ["Emma", "olivia", "jean-luc"];
    assert.equal(arNames.scoreWithHeldout!(model, names).bitsPerChar, charLmBitsPerChar(model, ["emma", "olivia", "jean-luc"]));
    assert.throws(() => parseHeldoutNames({}), HeldoutInputError);
    assert.throws(() => parseHeldoutNames([]), /non-empty JSON array/);
    assert.throws(() => parseHeldoutNames(["ann", 3]), /entry 2 must be a non-empty string/);
    assert.throws(() => parseHeldoutNames(["ann", "zoë"]), /entry 2: Name "zoë" has "ë" at position 3/);
  });
});
