// The per-process store behind the instructor's grid: latest report per student, changed tiles per tick.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { LiveProgress } from "@/lib/realtime/protocol";
import { LiveTelemetry } from "@/server/realtime/live-telemetry";

const ann = { id: "u-ann", name: "Ann" };
const bob = { id: "u-bob", name: "Bob" };
const MINUTE = 60_000;

function report(sessionId: string, iteration: number): LiveProgress {
  return { sessionId, exerciseSlug: "gan-ring", backend: "webgl", iteration, losses: { d: 0.5, g: 1.5 }, thumbnail: [0, 1, 2, 3] };
}

/** userId → iteration of each batch's entries, per session. */
function summary(batches: ReturnType<LiveTelemetry["tick"]>) {
  return Object.fromEntries(batches.map((b) => [b.sessionId, Object.fromEntries(b.entries.map((e) => [e.userId, e.iteration]))]));
}

test("the latest report replaces the previous one; a tile carries the student and the arrival time", () => {
  const t = new LiveTelemetry();
  t.record(ann, report("s1", 10), 1000);
  t.record(ann, report("s1", 20), 1500);
  const batches = t.tick(2000);
  assert.equal(batches.length, 1);
  assert.deepEqual(batches[0].entries, [
    { exerciseSlug: "gan-ring", backend: "webgl", iteration: 20, losses: { d: 0.5, g: 1.5 }, thumbnail: [0, 1, 2, 3], userId: "u-ann", name: "Ann", at: 1500 },
  ]);
  assert.deepEqual([...batches[0].changedUserIds], ["u-ann"]);
  assert.equal(t.latestOf("s1", "u-ann")?.iteration, 20);
  assert.equal(t.latestOf("s1", "u-bob"), undefined);
});

test("a tick hands out only the tiles that changed since the previous tick, per session", () => {
  const t = new LiveTelemetry();
  t.record(ann, report("s1", 1), 0);
  t.record(bob, report("s1", 1), 0);
  t.record(ann, report("s2", 7), 0);
  assert.deepEqual(summary(t.tick(1000)), { s1: { "u-ann": 1, "u-bob": 1 }, s2: { "u-ann": 7 } });
  assert.deepEqual(t.tick(2000), [], "nothing changed");
  t.record(bob, report("s1", 2), 2500);
  const batches = t.tick(3000);
  assert.deepEqual(summary(batches), { s1: { "u-bob": 2 } });
  assert.deepEqual([...batches[0].changedUserIds], ["u-bob"]);
  assert.deepEqual(t.sessions().sort(), ["s1", "s2"]);
});

test("every 10th tick resends the whole grid, with no tile marked as changed", () => {
  const t = new LiveTelemetry();
  t.record(ann, report("s1", 1), 0);
  t.record(bob, report("s1", 1), 0);
  const sizes = Array.from({ length: 20 }, (_, i) => t.tick(1000 * (i + 1)).map((b) => [b.entries.length, b.changedUserIds.size]));
  // Tick 1: both changed. Ticks 2–9 and 11–19: nothing. Ticks 10 and 20: both, unchanged.
  const expected = Array.from({ length: 20 }, (_, i) => (i === 0 ? [[2, 2]] : i === 9 || i === 19 ? [[2, 0]] : []));
  assert.deepEqual(sizes, expected);
});

test("tiles not refreshed for 5 minutes are dropped, and a session with none left disappears", () => {
  const t = new LiveTelemetry();
  t.record(ann, report("s1", 1), 0);
  t.record(bob, report("s1", 1), 4 * MINUTE);
  t.tick(4 * MINUTE);
  // Exactly 5 minutes old is still shown; a millisecond more is not.
  assert.equal(t.tick(5 * MINUTE).length, 0);
  assert.ok(t.latestOf("s1", "u-ann"));
  t.tick(5 * MINUTE + 1);
  assert.equal(t.latestOf("s1", "u-ann"), undefined);
  assert.ok(t.latestOf("s1", "u-bob"));
  // A report recorded, then left for 6 minutes before the next tick, is stale: not sent.
  t.record(ann, report("s1", 2), 5 * MINUTE);
  t.tick(9 * MINUTE + 1); // Bob goes stale here
  assert.equal(t.latestOf("s1", "u-bob"), undefined);
  t.record(bob, report("s1", 3), 10 * MINUTE);
  assert.deepEqual(t.tick(16 * MINUTE), [], "Ann and Bob both stale: nothing to send");
  assert.deepEqual(t.sessions(), []);
});

test("forgetSession drops one session's tiles and pending changes, not another's", () => {
  const t = new LiveTelemetry();
  t.record(ann, report("s1", 1), 0);
  t.record(bob, report("s2", 1), 0);
  t.forgetSession("s1");
  assert.deepEqual(t.sessions(), ["s2"]);
  assert.equal(t.latestOf("s1", "u-ann"), undefined);
  assert.deepEqual(summary(t.tick(1000)), { s2: { "u-bob": 1 } });
  t.forgetSession("no-such-session");
  assert.deepEqual(t.sessions(), ["s2"]);
});
