// The browser's subscription helper (app/_lib/socket.ts keepSubscribed) against a real server: holders
// of one subscription share its room until the last leaves, a rate-limited subscribe is asked again
// after the server's wait, a lost connection resubscribes (and asks the page to catch up), and a
// refusal or a close by the server stops it with the reason.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { io as connect } from "socket.io-client";
import { type GenlabSocket, keepSubscribed, type LiveStatus } from "@/app/_lib/socket";
import { poolUserRoom } from "@/lib/pool/types";
import { EVENTS } from "@/lib/realtime/protocol";
import { createAppServer } from "@/server/app";
import { MAX_SOCKETS_PER_USER } from "@/server/realtime/gateway";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { createCourse, createUser, enroll, openTestContext } from "../support/database";

const ctx = openTestContext();
const { db } = ctx;
let app: ReturnType<typeof createAppServer>;
let baseUrl: string;
let courseId: string;
let otherCourseId: string;
let ann: { id: string; cookie: string };
const sockets: GenlabSocket[] = [];
/** A test waiting for something that never happens fails instead of hanging. */
const BOUNDED = { timeout: 30_000 };

before(async () => {
  app = createAppServer({ db, auth: ctx.auth, score: scoreInline, check: checkInline });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  [courseId, otherCourseId] = await Promise.all([createCourse(db, "Subscription course"), createCourse(db, "Not hers")]);
  const user = await createUser(ctx.auth, "Ann");
  const signIn = await ctx.auth.api.signInEmail({ body: { email: user.email, password: user.password }, returnHeaders: true });
  ann = {
    id: user.id,
    cookie: signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
  await enroll(db, ann.id, courseId, "STUDENT");
});

after(async () => {
  for (const s of sockets) s.disconnect();
  await app.realtime.close();
  await db.$disconnect();
});

/** A tab's socket, as getSocket() makes one, reconnecting quickly. */
function tabSocket(): GenlabSocket {
  const socket = connect(baseUrl, {
    extraHeaders: { cookie: ann.cookie },
    transports: ["websocket"],
    forceNew: true,
    reconnectionDelay: 50,
    reconnectionDelayMax: 200,
  }) as GenlabSocket;
  sockets.push(socket);
  return socket;
}

/** One holder of the pool subscription of `course`, recording what the helper reports. */
function holdPool(socket: GenlabSocket, course = courseId) {
  const seen = { statuses: [] as LiveStatus[], errors: [] as (string | null)[], joins: [] as boolean[] };
  const stop = keepSubscribed(socket, {
    key: `pool ${course}`,
    join: (timed) => timed.emitWithAck(EVENTS.poolSubscribe, { courseId: course }),
    leave: (s) => s.emit(EVENTS.poolUnsubscribe, { courseId: course }),
    onJoined: (_ack, again) => seen.joins.push(again),
    onStatus: (status, error) => {
      seen.statuses.push(status);
      seen.errors.push(error);
    },
  });
  return { seen, stop };
}

async function until(what: string, condition: () => boolean) {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
  assert.ok(condition(), what);
}

const rooms = (socket: GenlabSocket) => app.realtime.io.of("/").sockets.get(socket.id ?? "")?.rooms ?? new Set<string>();
const roundTrip = (socket: GenlabSocket) => socket.timeout(5000).emitWithAck(EVENTS.liveClock, {});

test("two holders share one subscription: the room is left when the last one stops", BOUNDED, async () => {
  const socket = tabSocket();
  const first = holdPool(socket);
  const second = holdPool(socket);
  await until("both subscribed", () => first.seen.statuses.includes("live") && second.seen.statuses.includes("live"));
  assert.ok(rooms(socket).has(poolUserRoom(ann.id)));
  first.stop();
  await roundTrip(socket);
  assert.ok(rooms(socket).has(poolUserRoom(ann.id)), "the other holder still needs it");
  second.stop();
  await roundTrip(socket);
  assert.ok(!rooms(socket).has(poolUserRoom(ann.id)), "the last holder left the room");
  socket.disconnect();
});

test("a rate-limited subscribe is asked again after the server's wait, never shown as offline", BOUNDED, async () => {
  const socket = tabSocket();
  await new Promise<void>((resolve) => socket.once("connect", resolve));
  await Promise.all(Array.from({ length: 12 }, () => roundTrip(socket))); // the bucket is empty now
  const limitedBefore = app.realtime.stats.otherDropped;
  const { seen, stop } = holdPool(socket);
  await until("subscribed in the end", () => seen.statuses.includes("live"));
  assert.ok(app.realtime.stats.otherDropped > limitedBefore, "the first attempt was refused for the rate");
  assert.ok(!seen.statuses.includes("offline"), `${seen.statuses}`);
  stop();
  socket.disconnect();
});

test("a lost connection resubscribes and asks the page to catch up", BOUNDED, async () => {
  const socket = tabSocket();
  const { seen, stop } = holdPool(socket);
  await until("subscribed", () => seen.joins.length === 1);
  app.realtime.io
    .of("/")
    .sockets.get(socket.id ?? "")!
    .conn.close(); // the network drops
  await until("subscribed again", () => seen.joins.length === 2);
  assert.deepEqual(seen.joins, [false, true], "the second join asks for a catch-up");
  assert.deepEqual(seen.statuses, ["live", "reconnecting", "live"]);
  assert.ok(rooms(socket).has(poolUserRoom(ann.id)), "the new connection is in the room");
  stop();
  socket.disconnect();
});

test("a refusal, and a close by the server, stop the subscription with the reason", BOUNDED, async () => {
  const refused = holdPool(tabSocket(), otherCourseId);
  await until("refused", () => refused.seen.statuses.includes("offline"));
  assert.match(refused.seen.errors.at(-1) ?? "", /not enrolled/);

  const oldest = tabSocket();
  const evicted = holdPool(oldest);
  await until("subscribed", () => evicted.seen.statuses.includes("live"));
  for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) await new Promise<void>((resolve) => tabSocket().once("connect", resolve));
  await until("closed by the server", () => evicted.seen.statuses.at(-1) === "offline");
  assert.match(evicted.seen.errors.at(-1) ?? "", /more than 5 tabs or windows/);
  assert.equal(oldest.active, false, "and not reconnecting");
});
