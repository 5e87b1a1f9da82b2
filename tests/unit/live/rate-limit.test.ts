// The per-socket token bucket, driven by an injected clock.
import assert from "node:assert/strict";
import { test } from "node:test";
import { RATE_LIMITS, TokenBucket } from "@/server/realtime/rate-limit";

/** How many of `count` events at the times `at(i)` the bucket lets through. */
function accepted(bucket: TokenBucket, count: number, at: (i: number) => number): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (bucket.take(at(i))) n++;
  return n;
}

test("a full bucket lets `burst` events through at once, then none", () => {
  const bucket = new TokenBucket(2, 3, 0);
  assert.deepEqual(
    [0, 0, 0, 0, 0].map((t) => bucket.take(t)),
    [true, true, true, false, false],
  );
});

test("an empty bucket refills at `perSecond`", () => {
  const bucket = new TokenBucket(2, 3, 0);
  assert.equal(
    accepted(bucket, 3, () => 0),
    3,
  );
  assert.equal(bucket.take(250), false, "half a token after 250 ms");
  assert.equal(bucket.take(500), true, "one token after 500 ms at 2/s");
  assert.equal(bucket.take(500), false);
  assert.equal(bucket.take(1000), true);
  // Idle for a long time: capped at the burst, not a minute's worth of tokens.
  assert.equal(
    accepted(bucket, 10, () => 61_000),
    3,
  );
});

test("over a long stream the rate is `perSecond` after the initial burst", () => {
  // An event every 10 ms for 10 s at 5/s, burst 10: 10 + 5 × 10 = 60, give or take the last token.
  const bucket = new TokenBucket(5, 10, 0);
  const n = accepted(bucket, 1000, (i) => i * 10);
  assert.ok(n >= 59 && n <= 60, `accepted ${n}`);
});

test("the limits are those documented: progress 2/s burst 3, other 5/s burst 10", () => {
  assert.deepEqual(RATE_LIMITS, { progress: { perSecond: 2, burst: 3 }, other: { perSecond: 5, burst: 10 } });
});

test("a wall clock stepping back does not lock the bucket for the length of the step", () => {
  // Date.now() can jump back (NTP). The bucket must not go into debt for the jump: after the step,
  // it refills at the normal rate from the new time.
  const bucket = new TokenBucket(2, 3, 3_600_000);
  assert.equal(
    accepted(bucket, 3, () => 3_600_000),
    3,
  );
  bucket.take(0); // the clock went back one hour
  assert.equal(bucket.take(500), true, "one token 500 ms after the step, as at any other time");
});
