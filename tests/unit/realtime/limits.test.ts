// The socket gateway's limits that need no server: sockets per user (oldest out), the wait a
// rate-limited client is told, and the largest legitimate client message against the size limit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CLIENT_EVENT_SCHEMAS, CLIENT_EVENTS, EVENTS, LIVE_THUMBNAIL_MAX_POINTS, MAX_CLIENT_MESSAGE_BYTES } from "@/lib/realtime/protocol";
import { TokenBucket } from "@/server/realtime/rate-limit";
import { SocketsPerUser } from "@/server/realtime/user-sockets";

test("a user's sockets beyond the cap are the oldest ones; other users' sockets do not count", () => {
  const sockets = new SocketsPerUser<string>(3);
  assert.deepEqual(
    ["a1", "a2", "a3"].map((s) => sockets.add("ann", s)),
    [[], [], []],
  );
  assert.deepEqual(sockets.add("bob", "b1"), []);
  assert.deepEqual(sockets.add("ann", "a4"), ["a1"], "the 4th pushes out the oldest");
  assert.deepEqual(sockets.add("ann", "a5"), ["a2"]);
  sockets.remove("ann", "a4");
  sockets.remove("ann", "a1"); // already gone: nothing happens
  assert.deepEqual(sockets.add("ann", "a6"), [], "a closed socket frees its place");
  assert.deepEqual(sockets.add("ann", "a7"), ["a3"]);
});

test("a refused client is told when the next token comes", () => {
  const bucket = new TokenBucket(5, 2, 0);
  assert.ok(bucket.take(0) && bucket.take(0));
  assert.equal(bucket.take(0), false);
  assert.equal(bucket.retryAfterMs(), 200, "a token every 200 ms at 5/s");
  assert.equal(bucket.take(150), false);
  assert.equal(bucket.retryAfterMs(), 50);
  assert.equal(bucket.take(200), true, "and it does come then");
});

test("every client event has a payload schema; pool:unsubscribe is one of them", () => {
  assert.deepEqual([...CLIENT_EVENTS].sort(), Object.keys(CLIENT_EVENT_SCHEMAS).sort());
  assert.ok(CLIENT_EVENTS.includes(EVENTS.poolUnsubscribe));
  assert.ok(
    CLIENT_EVENTS.every((e) => e.includes(":")),
    "domain:action names",
  );
});

test("the largest valid live:progress is under a quarter of the message limit", () => {
  // As long as the schema allows, each number as long as JSON writes one.
  const longest = -0.00012345678901234568;
  const report = {
    sessionId: "s".repeat(64),
    exerciseSlug: "e".repeat(64),
    backend: "b".repeat(32),
    iteration: 999_999_999,
    losses: Object.fromEntries(["a", "b", "c", "d"].map((c) => [c.repeat(24), longest])),
    itsPerSec: 9_999_999.123456789,
    thumbnail: Array.from({ length: 2 * LIVE_THUMBNAIL_MAX_POINTS }, () => longest),
  };
  assert.ok(CLIENT_EVENT_SCHEMAS[EVENTS.liveProgress].safeParse(report).success);
  // socket.io's text frame: packet type and the JSON array [event, payload].
  const bytes = Buffer.byteLength(`42${JSON.stringify([EVENTS.liveProgress, report])}`);
  assert.ok(bytes > 3000 && bytes < MAX_CLIENT_MESSAGE_BYTES / 4, `${bytes} bytes`);
});
