// Kendall's τ-b (lib/ml/arena/kendall.ts) against scipy's documented example, hand-counted ties and the edge cases.
import assert from "node:assert/strict";
import { test } from "node:test";
import { kendallTauB } from "@/lib/ml/arena/kendall";

test("scipy.stats.kendalltau's documented example: −0.47140452079103173", () => {
  assert.ok(Math.abs(kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) - -0.47140452079103173) < 1e-15);
});

test("perfect agreement is 1 and reversal −1, under any increasing transformation", () => {
  const x = [0.3, -2, 5, 1.5, 4, 0];
  assert.equal(kendallTauB(x, x), 1);
  assert.equal(
    kendallTauB(
      x,
      x.map((value) => Math.exp(value)),
    ),
    1,
  );
  assert.equal(
    kendallTauB(
      x,
      x.map((value) => -3 * value),
    ),
    -1,
  );
});

test("ties on either side, counted by hand", () => {
  // Pairs of x = [1, 2, 2, 3], y = [1, 2, 3, 3]: four concordant, none discordant, one tied only in x (2, 2) and one
  // tied only in y (3, 3) of six: τ_b = 4 / √(5 · 5).
  assert.ok(Math.abs(kendallTauB([1, 2, 2, 3], [1, 2, 3, 3]) - 0.8) < 1e-15);
  // x = [1, 1, 2], y = [3, 2, 1]: one pair tied in x, two discordant: −2 / √(2 · 3).
  assert.ok(Math.abs(kendallTauB([1, 1, 2], [3, 2, 1]) - -2 / Math.sqrt(6)) < 1e-15);
  // Symmetric in its arguments.
  assert.equal(kendallTauB([3, 2, 1], [1, 1, 2]), kendallTauB([1, 1, 2], [3, 2, 1]));
});

test("NaN when a side is constant or there are fewer than two values; lengths must match", () => {
  assert.ok(Number.isNaN(kendallTauB([1, 2, 3], [4, 4, 4])));
  assert.ok(Number.isNaN(kendallTauB([7, 7], [1, 2])));
  assert.ok(Number.isNaN(kendallTauB([1], [2])));
  assert.ok(Number.isNaN(kendallTauB([], [])));
  assert.throws(() => kendallTauB([1, 2], [1, 2, 3]), RangeError);
});
