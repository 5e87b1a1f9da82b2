// The counted character n-gram and its two views of a hidden character: next-token (left context
// only) and masked (both sides). Checked against counts worked out by hand on a three-name corpus,
// and the masked view against the ratio of whole-name probabilities.
import assert from "node:assert/strict";
import { test } from "node:test";
import { NAME_ALPHABET } from "../../../lib/ml/datasets/names";
import { fitCharNgram, maskedDistribution, ngramProbability, nextTokenDistribution, rankOf, topPredictions } from "../../../lib/ml/models/char-ngram";

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol, `${a} ≉ ${b}`);
const tok = (c: string) => NAME_ALPHABET.indexOf(c);
const V = 28;
const sum = (p: Float64Array) => p.reduce((a, b) => a + b, 0);

// . a n a . | . a n n a . | . n a n .
// From ".": a 2, n 1 (3). From "a": n 3, "." 2 (5). From "n": a 3, n 1, "." 1 (5).
const CORPUS = ["ana", "anna", "nan"];
const ALPHA = 0.5;

test("bigram probabilities are the hand-counted (N + α) / (N_context + Vα)", () => {
  const m = fitCharNgram(CORPUS, 2, ALPHA);
  close(ngramProbability(m, [tok(".")], tok("a")), 2.5 / (3 + V * ALPHA));
  close(ngramProbability(m, [tok(".")], tok("n")), 1.5 / (3 + V * ALPHA));
  close(ngramProbability(m, [tok("a")], tok("n")), 3.5 / (5 + V * ALPHA));
  close(ngramProbability(m, [tok("a")], tok(".")), 2.5 / (5 + V * ALPHA));
  close(ngramProbability(m, [tok("n")], tok("n")), 1.5 / (5 + V * ALPHA));
  close(ngramProbability(m, [tok("z")], tok("q")), 1 / V, 1e-15);
  // Every row of the table sums to 1.
  for (const context of ".anz")
    close(
      [...NAME_ALPHABET].reduce((s, c) => s + ngramProbability(m, [tok(context)], tok(c)), 0),
      1,
    );
});

test("next-token view of a?a: P(c | a) over the 27 characters", () => {
  const m = fitCharNgram(CORPUS, 2, ALPHA);
  const p = nextTokenDistribution(m, "ana", 1);
  // Without the end token: the row's character mass is 3 + 27α.
  close(p[tok("n")], 3.5 / (3 + 27 * ALPHA));
  close(p[tok("a")], 0.5 / (3 + 27 * ALPHA));
  close(p[tok("z")], 0.5 / (3 + 27 * ALPHA));
  assert.equal(p[tok(".")], 0, "the end token is not a candidate");
  close(sum(p), 1);
  // At the first position the context is the start token.
  close(nextTokenDistribution(m, "ana", 0)[tok("a")], 2.5 / (3 + 27 * ALPHA));
});

test("masked view of a?a: P(c | a, a) ∝ P(c | a) · P(a | c)", () => {
  const m = fitCharNgram(CORPUS, 2, ALPHA);
  const p = maskedDistribution(m, "ana", 1);
  const d = 5 + V * ALPHA; // 19: rows "a" and "n" have 5 counts each
  const score = {
    n: (3.5 / d) * (3.5 / d), // P(n | a) P(a | n)
    a: (0.5 / d) * (0.5 / d), // P(a | a) P(a | a)
    other: (0.5 / d) * (1 / V), // an unseen character's row is uniform
  };
  const total = score.n + score.a + 25 * score.other; // 27 characters: a, n and 25 others
  close(p[tok("n")], score.n / total);
  close(p[tok("a")], score.a / total);
  close(p[tok("b")], score.other / total);
  close(sum(p), 1);
  assert.ok(p[tok("n")] > nextTokenDistribution(m, "ana", 1)[tok("n")], "the right-hand a makes n more likely still");
  // The last character: its right-hand neighbour is the end token, P(. | c).
  const q = maskedDistribution(m, "ana", 2);
  const endScores = { a: (3.5 / d) * (2.5 / d), n: (1.5 / d) * (1.5 / d), other: (0.5 / d) * (1 / V) };
  close(q[tok("a")], endScores.a / (endScores.a + endScores.n + 25 * endScores.other));
});

/** log P(name) under the n-gram: every character and the end token, each given the n − 1 before it. */
function nameLogProbability(m: ReturnType<typeof fitCharNgram>, name: string): number {
  const tokens = [...Array(m.order - 1).fill(0), ...[...name].map(tok), 0];
  let lp = 0;
  for (let t = m.order - 1; t < tokens.length; t++) lp += Math.log(ngramProbability(m, tokens.slice(t - m.order + 1, t), tokens[t]));
  return lp;
}

test("masked view = P(whole name with c) / Σ_c' P(whole name with c'), for bigrams and trigrams", () => {
  const names = ["emma", "emily", "emmett", "anna", "hannah", "jo-ann", "ella", "amelia", "mia", "liam"];
  for (const order of [2, 3, 4]) {
    const m = fitCharNgram(names, order, 0.1);
    for (const name of ["emma", "annie", "mo", "j"]) {
      for (let i = 0; i < name.length; i++) {
        const p = maskedDistribution(m, name, i);
        const candidates = [...NAME_ALPHABET.slice(1)];
        const logs = candidates.map((c) => nameLogProbability(m, name.slice(0, i) + c + name.slice(i + 1)));
        const max = Math.max(...logs);
        const total = logs.reduce((s, l) => s + Math.exp(l - max), 0);
        candidates.forEach((c, k) => close(p[tok(c)], Math.exp(logs[k] - max) / total, 1e-12));
        close(sum(p), 1);
        close(sum(nextTokenDistribution(m, name, i)), 1);
      }
    }
  }
});

test("trigram next-token view reads the two characters before", () => {
  const m = fitCharNgram(["emma", "emily"], 3, 1);
  // Context "em": followed by m once and i once; 2 counts, 28 tokens.
  const p = nextTokenDistribution(m, "emma", 2);
  close(p[tok("m")], 2 / (2 + 27));
  close(p[tok("i")], 2 / (2 + 27));
  close(p[tok("q")], 1 / (2 + 27));
  // Position 0: context "..", followed by e twice.
  close(nextTokenDistribution(m, "emma", 0)[tok("e")], 3 / (2 + 27));
});

test("top predictions, ranks, and the names of a symbols training set", () => {
  const m = fitCharNgram(CORPUS, 2, ALPHA);
  const top = topPredictions(maskedDistribution(m, "ana", 1), 3);
  assert.deepEqual(
    top.map((e) => e.char),
    ["n", "-", "b"],
    "n first, then the unseen characters (tied) in alphabet order, a last among them",
  );
  assert.equal(rankOf(maskedDistribution(m, "ana", 1), "n"), 1);
  assert.equal(rankOf(maskedDistribution(m, "ana", 1), "a"), 27, "a a a is rarer than an unseen character");
});

test("bad input is refused", () => {
  const m = fitCharNgram(CORPUS, 2, ALPHA);
  assert.throws(() => fitCharNgram(CORPUS, 1, 1), RangeError);
  assert.throws(() => fitCharNgram(CORPUS, 2, 0), RangeError);
  assert.throws(() => maskedDistribution(m, "ana", 3), RangeError);
  assert.throws(() => nextTokenDistribution(m, "ana", -1), RangeError);
  assert.throws(() => maskedDistribution(m, "an a", 0), RangeError, "a space is not in the alphabet");
  assert.throws(() => ngramProbability(m, [0, 0], 1), RangeError);
});
