// Points in a live session: 500 for a round's best entry down to 100 for its last, ties share a rank.
import assert from "node:assert/strict";
import { test } from "node:test";
import { POLL_CORRECT_POINTS, rankWithTies, ROUND_BEST_POINTS, ROUND_LAST_POINTS, roundPoints } from "@/lib/live/points";

test("the constants are the ones on the slide", () => {
  assert.deepEqual([POLL_CORRECT_POINTS, ROUND_BEST_POINTS, ROUND_LAST_POINTS], [100, 500, 100]);
});

test("a lone entrant gets the best points", () => {
  assert.equal(roundPoints(1, 1), 500);
});

test("endpoints are 500 and 100, linear in between (hand-computed)", () => {
  assert.deepEqual(
    [1, 2].map((r) => roundPoints(r, 2)),
    [500, 100],
  );
  assert.deepEqual(
    [1, 2, 3].map((r) => roundPoints(r, 3)),
    [500, 300, 100],
  );
  assert.deepEqual(
    [1, 2, 3, 4, 5].map((r) => roundPoints(r, 5)),
    [500, 400, 300, 200, 100],
  );
  // 4 entrants: 100 + 400·(4 − r)/3 → 500, 366.67, 233.33, 100, rounded to whole points.
  assert.deepEqual(
    [1, 2, 3, 4].map((r) => roundPoints(r, 4)),
    [500, 367, 233, 100],
  );
  // 201 entrants: every rank is worth 2 points less than the one above.
  assert.equal(roundPoints(101, 201), 300);
  assert.equal(roundPoints(200, 201), 102);
});

test("points never increase down the ranking and stay within [100, 500]", () => {
  for (const entrants of [2, 7, 37, 250]) {
    let previous = Infinity;
    for (let rank = 1; rank <= entrants; rank++) {
      const p = roundPoints(rank, entrants);
      assert.ok(Number.isInteger(p) && p >= 100 && p <= 500, `${rank}/${entrants}: ${p}`);
      assert.ok(p <= previous, `${rank}/${entrants}`);
      previous = p;
    }
  }
});

test("rankWithTies: equal keys share the better rank, the next rank skips (1, 2, 2, 4)", () => {
  const rows = [
    { name: "a", score: 9 },
    { name: "b", score: 7 },
    { name: "c", score: 7 },
    { name: "d", score: 5 },
  ];
  const ranked = rankWithTies(rows, (r) => String(r.score));
  assert.deepEqual(
    ranked.map((r) => r.rank),
    [1, 2, 2, 4],
  );
  assert.deepEqual(
    ranked.map((r) => r.name),
    ["a", "b", "c", "d"],
    "rows keep their order and fields",
  );
  assert.deepEqual(rows[0], { name: "a", score: 9 }, "the input rows are not modified");

  assert.deepEqual(
    rankWithTies([1, 1, 1], String).map((r) => r.rank),
    [1, 1, 1],
  );
  assert.deepEqual(
    rankWithTies([1, 2, 2, 2, 3, 3], String).map((r) => r.rank),
    [1, 2, 2, 2, 5, 5],
  );
  assert.deepEqual(rankWithTies([], String), []);
});
