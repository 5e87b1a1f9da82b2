// A page's leaderboard refetches (lib/realtime/leaderboard-refetch.ts): never in step with the rest
// of the room (even the first), at most one per gap, a gap that grows with the room, and the last
// announcement always gets its call, carrying every submission heard while it waited.
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import { MIN_UPDATE_GAP_MS, MS_PER_WATCHER, throttledLeaderboardUpdates } from "@/lib/realtime/leaderboard-refetch";
import type { AnnouncedLeaderboardUpdate } from "@/lib/realtime/protocol";

const update = (watchers: number, ...ids: string[]): AnnouncedLeaderboardUpdate => ({
  exerciseId: "ring",
  submissions: ids.map((submissionId, at) => ({ submissionId, at })),
  watchers,
});

function pageHearing(random: number) {
  const calls: { at: number; ids: string[] }[] = [];
  const updates = throttledLeaderboardUpdates(
    (event) => calls.push({ at: Date.now(), ids: event.submissions.map((s) => s.submissionId) }),
    () => random,
  );
  return { calls, updates };
}

test("a small room: each refetch after a random share of the gap, the next a gap later, merging what it waited for", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  try {
    const { calls, updates } = pageHearing(0.5);
    updates.heard(update(10, "a"));
    assert.equal(calls.length, 0, "not at once: the whole room would call together");
    mock.timers.tick(0.5 * MIN_UPDATE_GAP_MS);
    assert.deepEqual(calls, [{ at: 1000, ids: ["a"] }]);

    updates.heard(update(10, "b"));
    updates.heard(update(10, "c", "d"));
    mock.timers.tick(1.5 * MIN_UPDATE_GAP_MS - 1);
    assert.equal(calls.length, 1, "a gap, then a random share of another: waits");
    mock.timers.tick(1);
    assert.deepEqual(calls[1], { at: 1000 + 1.5 * MIN_UPDATE_GAP_MS, ids: ["b", "c", "d"] });

    mock.timers.tick(10_000);
    updates.heard(update(10, "e"));
    updates.stop();
    mock.timers.tick(10_000);
    assert.equal(calls.length, 2, "a page that went away calls nothing");
  } finally {
    mock.timers.reset();
  }
});

test("a room of 300 spreads its refetches over 300 × MS_PER_WATCHER", () => {
  mock.timers.enable({ apis: ["setTimeout", "Date"] });
  try {
    const gap = 300 * MS_PER_WATCHER;
    assert.ok(gap > MIN_UPDATE_GAP_MS);
    const pages = [0, 0.5, 0.99].map(pageHearing);
    const called = () => pages.map(({ calls }) => calls.length);
    for (const { updates } of pages) updates.heard(update(300, "a"));
    mock.timers.tick(0);
    assert.deepEqual(called(), [1, 0, 0]);
    mock.timers.tick(0.5 * gap);
    assert.deepEqual(called(), [1, 1, 0]);
    mock.timers.tick(0.49 * gap);
    assert.deepEqual(called(), [1, 1, 1]);

    for (const { updates } of pages) updates.heard(update(300, "b"));
    mock.timers.tick(0.01 * gap - 1);
    assert.deepEqual(called(), [1, 1, 1], "the first page's next refetch waits a whole gap after its last");
    mock.timers.tick(1);
    assert.deepEqual(called(), [2, 1, 1]);
  } finally {
    mock.timers.reset();
  }
});
