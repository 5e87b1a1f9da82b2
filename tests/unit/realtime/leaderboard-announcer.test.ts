// New scores reach an exercise's room batched (server/realtime/leaderboard.ts): the first after a
// quiet window at once, the rest of the window together at its end, nothing lost, rooms apart.
import assert from "node:assert/strict";
import { mock, test } from "node:test";
import type { AnnouncedLeaderboardUpdate } from "@/lib/realtime/protocol";
import { leaderboardAnnouncer } from "@/server/realtime/leaderboard";

test("a class submitting at once gets one message per window per exercise, naming every submission once", () => {
  mock.timers.enable({ apis: ["setTimeout"] });
  try {
    const sent: { room: string; update: Omit<AnnouncedLeaderboardUpdate, "watchers"> }[] = [];
    const announcer = leaderboardAnnouncer((room, update) => sent.push({ room, update }), 1000);
    const score = (exerciseId: string, n: number) => announcer.announce({ exerciseId, submissionId: `${exerciseId}-${n}`, userId: "u", at: n });
    const ids = (i: number) => sent[i].update.submissions.map((s) => s.submissionId);

    score("ring", 1);
    assert.deepEqual(ids(0), ["ring-1"], "the first goes out at once");
    for (let n = 2; n <= 40; n++) score("ring", n);
    score("digits", 1);
    assert.equal(sent.length, 2, "the rest of the window waits; another exercise has a window of its own");
    assert.equal(sent[1].room, "exercise:digits");
    mock.timers.tick(1000);
    assert.equal(sent.length, 3);
    assert.deepEqual(
      ids(2),
      Array.from({ length: 39 }, (_, i) => `ring-${i + 2}`),
    );
    score("ring", 41);
    assert.equal(sent.length, 3, "within the next window: waits");
    mock.timers.tick(1000);
    assert.deepEqual(ids(3), ["ring-41"]);
    mock.timers.tick(1000);
    assert.equal(sent.length, 4, "a quiet window sends nothing");
    mock.timers.tick(5000);
    score("ring", 42);
    assert.deepEqual(ids(4), ["ring-42"], "after a quiet window, at once again");
    score("ring", 43);
    announcer.flush();
    assert.deepEqual(ids(5), ["ring-43"], "a stopping server sends what waits");
    const all = sent.flatMap((m) => m.update.submissions.map((s) => s.submissionId));
    assert.equal(new Set(all).size, all.length, "each once");
    assert.equal(all.length, 44);
  } finally {
    mock.timers.reset();
  }
});
