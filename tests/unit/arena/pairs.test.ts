// The arena's pair chooser (lib/ml/arena/pairs.ts): a voter never judges their own entry, is shown unjudged pairs
// first, and is shown informative (close, uncertain) pairs most often.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type ArenaEntry, choosePair, pairKey } from "@/lib/ml/arena/pairs";
import { mulberry32 } from "@/lib/ml/random";

const entriesOf = (authors: string[]): ArenaEntry[] => authors.map((authorId, index) => ({ id: `e${index}`, authorId }));

test("pairKey ignores order and keeps ids with separators apart", () => {
  assert.equal(pairKey("x", "y"), pairKey("y", "x"));
  assert.notEqual(pairKey("a|b", "c"), pairKey("a", "b|c"));
  assert.notEqual(pairKey("a b", "c"), pairKey("a", "b c"));
});

test("never a pair with the voter's own entry, never an entry against itself", () => {
  const entries = entriesOf(["me", "u1", "me", "u2", "u3", "u1", "me", "u4"]);
  const random = mulberry32(1);
  const strengths = entries.map(() => random() * 2 - 1);
  const uncertainty = entries.map(() => 0.2 + random());
  const seen = new Set<string>();
  for (let draw = 0; draw < 2000; draw++) {
    const pair = choosePair({ entries, strengths, uncertainty, voterId: "me", judged: new Set(), random });
    assert.ok(pair);
    assert.notEqual(pair.left, pair.right);
    for (const id of [pair.left, pair.right]) assert.notEqual(entries.find((entry) => entry.id === id)!.authorId, "me");
    seen.add(pairKey(pair.left, pair.right));
  }
  assert.ok(seen.size >= 5, `${seen.size} distinct pairs`);
});

test("unjudged pairs first; judged ones only when every allowed pair was judged", () => {
  const entries = entriesOf(["a", "b", "c", "d", "me"]);
  const strengths = [0, 0.1, 0.2, 3];
  strengths.push(0);
  const uncertainty = [1, 1, 1, 0.1, 1];
  const allowedIds = ["e0", "e1", "e2", "e3"];
  const everyPair = allowedIds.flatMap((a, i) => allowedIds.slice(i + 1).map((b) => pairKey(a, b)));
  // Left unjudged: the least informative pair (e3 is far from the rest and certain).
  const judged = new Set(everyPair.filter((key) => key !== pairKey("e0", "e3")));
  const random = mulberry32(2);
  for (let draw = 0; draw < 200; draw++) {
    const pair = choosePair({ entries, strengths, uncertainty, voterId: "me", judged, random })!;
    assert.equal(pairKey(pair.left, pair.right), pairKey("e0", "e3"));
  }
  const pair = choosePair({ entries, strengths, uncertainty, voterId: "me", judged: new Set(everyPair), random });
  assert.ok(pair && everyPair.includes(pairKey(pair.left, pair.right)));
});

test("a close pair of uncertain entries among clearly separated ones is chosen far more often than any other", () => {
  const entries = entriesOf(["a", "b", "c", "d", "e", "f", "g"]);
  // Steps of 3 between the certain entries; the uncertain pair sits together, 3 above the strongest.
  const strengths = [-6, -3, 0, 3, 6, 9, 9.05];
  const uncertainty = [0.3, 0.3, 0.3, 0.3, 0.3, 1, 1];
  const counts = new Map<string, number>();
  const random = mulberry32(3);
  for (let draw = 0; draw < 2000; draw++) {
    const pair = choosePair({ entries, strengths, uncertainty, voterId: "nobody", judged: new Set(), random })!;
    const key = pairKey(pair.left, pair.right);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const closePair = counts.get(pairKey("e5", "e6")) ?? 0;
  assert.ok(closePair > 0.7 * 2000, `close pair ${closePair} / 2000`);
  for (const [key, count] of counts) if (key !== pairKey("e5", "e6")) assert.ok(count < closePair / 4, `${key}: ${count}`);
});

test("left and right are shuffled; a fresh arena spreads voters over many pairs", () => {
  const entries = entriesOf(Array.from({ length: 20 }, (_, i) => `author${i}`));
  const strengths = new Float64Array(20);
  const uncertainty = new Float64Array(20).fill(2);
  const random = mulberry32(4);
  let firstOnLeft = 0;
  const seen = new Set<string>();
  for (let draw = 0; draw < 400; draw++) {
    const pair = choosePair({ entries, strengths, uncertainty, voterId: "voter", judged: new Set(), random })!;
    if (Number(pair.left.slice(1)) < Number(pair.right.slice(1))) firstOnLeft++;
    seen.add(pairKey(pair.left, pair.right));
  }
  assert.ok(firstOnLeft > 150 && firstOnLeft < 250, String(firstOnLeft));
  assert.ok(seen.size > 100, `${seen.size} distinct pairs of 190`);
});

test("null when fewer than two entries are not the voter's own", () => {
  const strengths = [0, 0];
  const uncertainty = [1, 1];
  const base = { strengths, uncertainty, voterId: "me", judged: new Set<string>(), random: mulberry32(5) };
  assert.equal(choosePair({ ...base, entries: entriesOf(["me", "other"]) }), null);
  assert.equal(choosePair({ ...base, entries: entriesOf(["me"]), strengths: [0], uncertainty: [1] }), null);
  assert.equal(choosePair({ ...base, entries: [], strengths: [], uncertainty: [] }), null);
  assert.ok(choosePair({ ...base, entries: entriesOf(["a", "b"]) }));
});
