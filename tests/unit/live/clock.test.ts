// The client's estimate of the server clock (Cristian's algorithm) and the countdown it drives.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type ClockSample, estimateClockOffset, formatCountdown, remainingMs } from "@/lib/live/clock";

/** One round trip: the request takes `up` ms, the answer `down` ms, and the server's clock runs `offset` ahead. */
function roundTrip(sentAt: number, up: number, down: number, offset: number): ClockSample {
  return { sentAt, receivedAt: sentAt + up + down, serverNow: sentAt + up + offset };
}

test("the sample with the shortest round trip is chosen, and its offset is computed by hand", () => {
  const samples: ClockSample[] = [
    { sentAt: 1000, receivedAt: 1100, serverNow: 6100 }, // rtt 100
    { sentAt: 2000, receivedAt: 2040, serverNow: 7030 }, // rtt 40: 7030 − (2000 + 2040)/2 = 5010
    { sentAt: 3000, receivedAt: 3080, serverNow: 8000 }, // rtt 80
  ];
  assert.deepEqual(estimateClockOffset(samples), { offsetMs: 5010, uncertaintyMs: 20 });
  // The order of the samples does not matter.
  assert.deepEqual(estimateClockOffset([...samples].reverse()), { offsetMs: 5010, uncertaintyMs: 20 });
});

test("symmetric delays give the offset exactly; asymmetric ones stay within half the round trip", () => {
  for (const offset of [0, 5000, -1234.5, 86_400_000]) {
    const symmetric = [roundTrip(0, 60, 60, offset), roundTrip(500, 15, 15, offset), roundTrip(900, 35, 35, offset)];
    assert.deepEqual(estimateClockOffset(symmetric), { offsetMs: offset, uncertaintyMs: 15 });
  }
  // 10 ms up and 30 ms down: the estimate is 10 ms off, and the bound (rtt/2 = 20 ms) covers it.
  const estimate = estimateClockOffset([roundTrip(0, 10, 30, 700), roundTrip(100, 50, 50, 700)]);
  assert.deepEqual(estimate, { offsetMs: 690, uncertaintyMs: 20 });
  assert.ok(Math.abs(estimate.offsetMs - 700) <= estimate.uncertaintyMs);
});

test("impossible samples are ignored: an answer before its request, a server time that is not a number", () => {
  const good = roundTrip(0, 40, 40, 100); // rtt 80, offset 100
  const backwards = { sentAt: 1000, receivedAt: 990, serverNow: 9999 }; // "rtt" −10 would otherwise win
  const nan = { sentAt: 2000, receivedAt: 2001, serverNow: Number.NaN };
  const infinite = { sentAt: 3000, receivedAt: 3001, serverNow: Number.POSITIVE_INFINITY };
  assert.deepEqual(estimateClockOffset([backwards, nan, infinite, good]), { offsetMs: 100, uncertaintyMs: 40 });
  assert.throws(() => estimateClockOffset([backwards, nan]), /No clock samples/);
  assert.throws(() => estimateClockOffset([]), /No clock samples/);
});

test("remainingMs converts the client's clock to the server's and never goes negative", () => {
  // Server runs 1 s ahead: at client time 4000 the server says 5000, so 5000 ms remain until 10000.
  assert.equal(remainingMs(10_000, 4_000, 1_000), 5_000);
  assert.equal(remainingMs(10_000, 4_000, -1_000), 7_000);
  assert.equal(remainingMs(10_000, 9_000, 1_000), 0);
  assert.equal(remainingMs(10_000, 60_000, 0), 0);
});

test("formatCountdown shows minutes:seconds, rounding up so 0:00 means the end", () => {
  const cases: [number, string][] = [
    [0, "0:00"],
    [1, "0:01"],
    [999, "0:01"],
    [1000, "0:01"],
    [1001, "0:02"],
    [59_000, "0:59"],
    [59_001, "1:00"],
    [245_000, "4:05"],
    [600_000, "10:00"],
    [3_600_000, "60:00"],
  ];
  for (const [ms, text] of cases) assert.equal(formatCountdown(ms), text, `${ms} ms`);
});
