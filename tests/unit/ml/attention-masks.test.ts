// The attention masks of encoder-only, decoder-only and encoder–decoder transformers.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  additiveMask,
  allowedKeys,
  allowedPairs,
  bidirectionalMask,
  causalMask,
  crossAttentionMask,
  encoderDecoderMasks,
} from "../../../lib/ml/nn/attention-masks";

test("bidirectional: every query sees every key", () => {
  const m = bidirectionalMask(3);
  assert.deepEqual(m, [
    [true, true, true],
    [true, true, true],
    [true, true, true],
  ]);
  assert.equal(allowedPairs(bidirectionalMask(6)), 36);
  assert.deepEqual(allowedKeys(m, 0), [0, 1, 2]);
});

test("causal: lower-triangular with the diagonal, n(n + 1)/2 pairs", () => {
  assert.deepEqual(causalMask(3), [
    [true, false, false],
    [true, true, false],
    [true, true, true],
  ]);
  for (let n = 0; n <= 12; n++) assert.equal(allowedPairs(causalMask(n)), (n * (n + 1)) / 2);
  assert.equal(allowedPairs(causalMask(6)), 21, "the module's example: 21 of 36");
  const m = causalMask(6);
  for (let i = 0; i < 6; i++)
    assert.deepEqual(
      allowedKeys(m, i),
      Array.from({ length: i + 1 }, (_, j) => j),
      `token ${i} sees itself and earlier ones`,
    );
});

test("encoder–decoder: full encoder, causal decoder, decoder → every encoder token", () => {
  const { encoderSelf, decoderSelf, cross } = encoderDecoderMasks(4, 3);
  assert.deepEqual(encoderSelf, bidirectionalMask(4));
  assert.deepEqual(decoderSelf, causalMask(3));
  assert.equal(cross.length, 3, "one row per decoder token (the queries)");
  assert.ok(
    cross.every((row) => row.length === 4 && row.every(Boolean)),
    "four encoder keys each, all allowed",
  );
  assert.deepEqual(crossAttentionMask(2, 1), [[true], [true]]);
  assert.deepEqual(allowedKeys(cross, 0), [0, 1, 2, 3], "even the first output token sees the whole input");
});

test("the additive mask turns forbidden scores into zero softmax weight", () => {
  const mask = causalMask(4);
  const M = additiveMask(mask);
  assert.deepEqual(M[1], [0, 0, -Infinity, -Infinity]);
  const scores = [
    [0.3, 2, -1, 5],
    [1, -2, 4, 0.5],
    [0, 0, 0, 9],
    [1, 2, 3, 4],
  ];
  scores.forEach((row, i) => {
    const z = row.map((s, j) => s + M[i][j]);
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const total = e.reduce((a, b) => a + b, 0);
    const w = e.map((v) => v / total);
    assert.ok(Math.abs(w.reduce((a, b) => a + b, 0) - 1) < 1e-15);
    w.forEach((wj, j) => (j > i ? assert.equal(wj, 0, `query ${i} gives later key ${j} no weight`) : assert.ok(wj > 0)));
  });
});

test("bad sizes and queries are refused", () => {
  assert.throws(() => causalMask(-1), RangeError);
  assert.throws(() => bidirectionalMask(2.5), RangeError);
  assert.throws(() => allowedKeys(causalMask(2), 2), RangeError);
  assert.deepEqual(causalMask(0), []);
});
