// The socket gateway's defences, on a real HTTP server (no Next.js) with real users and real
// socket.io clients: the Origin check on both transports, at most five sockets per user, rate
// limits on subscriptions, the per-socket room cap, pool:unsubscribe leaving its rooms (a real
// NOTIFY no longer arrives), the message-size limit, readable refusals and ignored unknown events.
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { io as connect, type Socket } from "socket.io-client";
import { EXERCISES } from "@/exercises/registry";
import { poolCourseRoom, poolUserRoom, type PoolJobProgress } from "@/lib/pool/types";
import {
  CLIENT_EVENTS,
  type ClientEvent,
  type ClientToServerEvents,
  EVENTS,
  MAX_CLIENT_MESSAGE_BYTES,
  type Refusal,
  type ServerToClientEvents,
} from "@/lib/realtime/protocol";
import { createAppServer } from "@/server/app";
import { POOL_EVENTS_CHANNEL } from "@/server/pool/queue";
import { MAX_SOCKETS_PER_USER } from "@/server/realtime/gateway";
import { CONNECTION_LIMITS } from "@/server/realtime/rate-limit";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { createCourse, createUser, enroll, openTestContext, testDatabaseUrl } from "../support/database";

type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type User = Awaited<ReturnType<typeof createUser>> & { cookie: string };

const ctx = openTestContext();
const { db } = ctx;
const poolEventsPool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
let app: ReturnType<typeof createAppServer>;
let baseUrl: string;
const sockets: ClientSocket[] = [];
let courseId: string;
let otherCourseId: string;
let prof: User, ann: User, bob: User;

/** A test that waits for an event that never comes fails instead of hanging. */
const BOUNDED = { timeout: 30_000 };
const ALLOWED_ORIGIN = "http://localhost"; // the test server's public origin (createAppServer's default)
const FOREIGN_ORIGIN = "https://evil.example";

before(async () => {
  app = createAppServer({ db, auth: ctx.auth, score: scoreInline, check: checkInline, poolEventsPool });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  [courseId, otherCourseId] = await Promise.all([createCourse(db, "Socket course"), createCourse(db, "Second course")]);
  [prof, ann, bob] = await Promise.all(["Prof", "Ann", "Bob"].map(signedIn));
  await enroll(db, prof.id, courseId, "INSTRUCTOR");
  await enroll(db, prof.id, otherCourseId, "INSTRUCTOR");
  for (const student of [ann, bob]) {
    await enroll(db, student.id, courseId, "STUDENT");
    await enroll(db, student.id, otherCourseId, "STUDENT");
  }
});

after(async () => {
  for (const s of sockets) s.disconnect();
  await app.realtime.close();
  await poolEventsPool.end();
  await db.$disconnect();
});

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────

async function signedIn(name: string): Promise<User> {
  const user = await createUser(ctx.auth, name);
  const signIn = await ctx.auth.api.signInEmail({ body: { email: user.email, password: user.password }, returnHeaders: true });
  return {
    ...user,
    cookie: signIn.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; "),
  };
}

function open(user: User | null, options: { origin?: string; transport?: "polling" | "websocket" } = {}): ClientSocket {
  const extraHeaders: Record<string, string> = { ...(user ? { cookie: user.cookie } : {}), ...(options.origin ? { origin: options.origin } : {}) };
  const socket: ClientSocket = connect(baseUrl, { extraHeaders, transports: [options.transport ?? "websocket"], reconnection: false, forceNew: true });
  sockets.push(socket);
  return socket;
}

/** A wait that fails within 10 s, naming what never came (a test's own timeout names nothing). */
function step<T>(what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`waited 10 s for ${what}`)), 10_000)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}

/** Resolves "connected" or with the connection error's text (the HTTP body, where there is one). */
function outcome(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => {
    socket.once("connect", () => resolve("connected"));
    socket.once("connect_error", (error: Error & { context?: { responseText?: string } }) => resolve(`${error.message} ${error.context?.responseText ?? ""}`));
  });
}

async function connected(user: User): Promise<ClientSocket> {
  const socket = open(user);
  assert.equal(await outcome(socket), "connected");
  return socket;
}

type AckedEvent = Exclude<ClientEvent, typeof EVENTS.liveProgress>;
type Answer = ({ ok: true } & Record<string, unknown>) | Refusal;

/** Sends any event with an ack, whatever its payload's type (hostile payloads included). */
const ask = (socket: ClientSocket, event: AckedEvent, payload: unknown) =>
  (socket.timeout(5000) as unknown as { emitWithAck(event: string, payload: unknown): Promise<Answer> }).emitWithAck(event, payload);

/** Asks until the answer is not "too many requests", waiting as long as the server says. */
async function askPatiently(socket: ClientSocket, event: AckedEvent, payload: unknown): Promise<Answer> {
  for (;;) {
    const ack = await ask(socket, event, payload);
    if (ack.ok || ack.retryAfterMs === undefined) return ack;
    await new Promise((resolve) => setTimeout(resolve, ack.retryAfterMs));
  }
}

/** A round trip through the server (any answer, even "too many requests"): every packet the server sent this socket before it has arrived. */
async function roundTrip(socket: ClientSocket) {
  await socket.timeout(5000).emitWithAck(EVENTS.liveClock, {});
}

const serverSocket = (socket: ClientSocket) => {
  const found = app.realtime.io.of("/").sockets.get(socket.id ?? "");
  assert.ok(found, "the server still has the socket");
  return found;
};

/** A raw WebSocket handshake: the status and body the server answers instead of switching protocols. */
function websocketHandshake(origin: string): Promise<{ status: number; body: string }> {
  const { port } = app.server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const request = http.get({
      host: "127.0.0.1",
      port,
      path: "/socket.io/?EIO=4&transport=websocket",
      headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==", "sec-websocket-version": "13", origin },
    });
    request.on("upgrade", (_res, socket) => {
      socket.destroy();
      resolve({ status: 101, body: "" });
    });
    request.on("response", (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    request.on("error", reject);
  });
}

// ── Tests ───────────────────────────────────────────────────────────────────────────────────

describe("sockets: who may connect", () => {
  test("a foreign Origin is refused on both transports, with the reason; an allowed Origin or none connects", BOUNDED, async () => {
    const polling = await fetch(`${baseUrl}/socket.io/?EIO=4&transport=polling`, { headers: { origin: FOREIGN_ORIGIN, cookie: ann.cookie } });
    assert.equal(polling.status, 403);
    assert.match(await polling.text(), /Live connections from https:\/\/evil\.example are refused/);
    const upgrade = await websocketHandshake(FOREIGN_ORIGIN);
    assert.notEqual(upgrade.status, 101);
    assert.match(upgrade.body, /Live connections from https:\/\/evil\.example are refused/);
    assert.equal((await websocketHandshake(ALLOWED_ORIGIN)).status, 101);

    // The same through socket.io's client, with a signed-in user's cookie.
    assert.match(await outcome(open(ann, { origin: FOREIGN_ORIGIN, transport: "polling" })), /are refused/);
    assert.match(await outcome(open(ann, { origin: FOREIGN_ORIGIN, transport: "websocket" })), /websocket error/);
    for (const transport of ["polling", "websocket"] as const) {
      assert.equal(await outcome(open(ann, { origin: ALLOWED_ORIGIN, transport })), "connected", `allowed origin over ${transport}`);
      assert.equal(await outcome(open(ann, { transport })), "connected", `no Origin over ${transport}`);
    }
    for (const s of sockets.splice(0)) s.disconnect();
  });

  test("joining a room re-reads the session cookie: after signing out, the socket is told and closed", BOUNDED, async () => {
    const leaver = await signedIn("Leaver");
    await enroll(db, leaver.id, courseId, "STUDENT");
    const socket = await connected(leaver);
    assert.deepEqual(await ask(socket, EVENTS.poolSubscribe, { courseId }), { ok: true });
    await ctx.auth.api.signOut({ headers: new Headers({ cookie: leaver.cookie }) });
    const told = new Promise<{ message: string; disconnecting?: boolean }>((resolve) => socket.once(EVENTS.error, resolve));
    const closed = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    assert.deepEqual(await ask(socket, EVENTS.leaderboardSubscribe, { courseId, exerciseSlug: "gan-ring" }), {
      ok: false,
      error: "Your session has ended. Please sign in again.",
    });
    assert.deepEqual(await told, { message: "Your session has ended. Please sign in again.", disconnecting: true });
    assert.equal(await closed, "io server disconnect");
  });

  test(`a ${MAX_SOCKETS_PER_USER + 1}th socket of one user closes that user's oldest, saying why`, BOUNDED, async () => {
    const evictedBefore = app.realtime.stats.evictedSockets;
    const mine: ClientSocket[] = [];
    for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) mine.push(await connected(bob));
    const others = await connected(ann); // another user's sockets do not count
    const [oldest] = mine;
    const told = new Promise<{ message: string; disconnecting?: boolean }>((resolve) => oldest.once(EVENTS.error, resolve));
    const closed = new Promise<string>((resolve) => oldest.once("disconnect", resolve));

    const newest = await connected(bob);
    const message = await told;
    assert.equal(message.disconnecting, true);
    assert.match(message.message, /more than 5 tabs or windows .* this one, the oldest, stopped receiving live updates/);
    assert.equal(await closed, "io server disconnect", "closed by the server: socket.io's client does not reconnect");
    assert.equal(app.realtime.stats.evictedSockets, evictedBefore + 1);
    for (const s of [...mine.slice(1), newest, others]) {
      assert.ok(s.connected);
      await roundTrip(s);
    }
    // Closing one makes room: the next one evicts nobody.
    mine[1].disconnect();
    await new Promise((resolve) => setTimeout(resolve, 100));
    await connected(bob);
    assert.equal(app.realtime.stats.evictedSockets, evictedBefore + 1);
    assert.ok(mine.slice(2).every((s) => s.connected));
    for (const s of sockets.splice(0)) s.disconnect();
  });
});

describe("sockets: events", () => {
  test("30 subscriptions at once: the excess is refused with a wait, and the server keeps answering", BOUNDED, async () => {
    const socket = await connected(ann);
    const droppedBefore = app.realtime.stats.otherDropped;
    const acks = await Promise.all(Array.from({ length: 30 }, () => ask(socket, EVENTS.leaderboardSubscribe, { courseId, exerciseSlug: "gan-ring" })));
    const accepted = acks.filter((a) => a.ok);
    const limited = acks.filter((a): a is Refusal => !a.ok && a.error === "Too many requests from this page; wait a moment.");
    assert.equal(accepted.length + limited.length, 30, JSON.stringify(acks));
    assert.ok(accepted.length >= 10 && accepted.length <= 12, `accepted ${accepted.length} (burst 10)`);
    assert.equal(app.realtime.stats.otherDropped - droppedBefore, limited.length);
    const waits = limited.map((a) => a.retryAfterMs ?? 0);
    assert.ok(
      waits.every((ms) => ms > 0 && ms <= 200),
      `retryAfterMs ${waits} (a token every 200 ms)`,
    );
    await new Promise((resolve) => setTimeout(resolve, Math.max(...waits)));
    await roundTrip(socket);
    const again = await askPatiently(socket, EVENTS.leaderboardSubscribe, { courseId, exerciseSlug: "gan-ring" });
    assert.ok(again.ok, "after the wait the same subscription succeeds");
    socket.disconnect();
  });

  test("a socket follows at most 20 leaderboards; the 21st is refused until it leaves one", BOUNDED, async () => {
    const socket = await connected(ann);
    const boards = [courseId, otherCourseId].flatMap((c) => EXERCISES.map((e) => ({ courseId: c, exerciseSlug: e.slug }))).slice(0, 22);
    assert.equal(boards.length, 22, "two courses hold more than 21 exercises");
    for (const board of boards.slice(0, 20)) {
      const ack = await askPatiently(socket, EVENTS.leaderboardSubscribe, board);
      assert.ok(ack.ok, JSON.stringify(ack));
    }
    const exerciseRooms = () => [...serverSocket(socket).rooms].filter((r) => r.startsWith("exercise:"));
    assert.equal(exerciseRooms().length, 20);
    const refused = await askPatiently(socket, EVENTS.leaderboardSubscribe, boards[20]);
    assert.deepEqual(refused, { ok: false, error: "This page already follows 20 leaderboards, the most one connection may; leave one first." });
    assert.ok((await askPatiently(socket, EVENTS.leaderboardSubscribe, boards[0])).ok, "one it already follows is fine");
    assert.ok((await askPatiently(socket, EVENTS.leaderboardUnsubscribe, boards[0])).ok);
    assert.ok((await askPatiently(socket, EVENTS.leaderboardSubscribe, boards[20])).ok, "room again after leaving one");
    assert.equal(exerciseRooms().length, 20);
    socket.disconnect();
  });

  test("pool:unsubscribe leaves the pool's rooms: a worker's NOTIFY no longer reaches the socket", BOUNDED, async () => {
    const [profSocket, annSocket] = await Promise.all([connected(prof), connected(ann)]);
    const heard = { prof: [] as PoolJobProgress[], ann: [] as PoolJobProgress[] };
    profSocket.on(EVENTS.poolProgress, (p) => heard.prof.push(p));
    annSocket.on(EVENTS.poolProgress, (p) => heard.ann.push(p));
    assert.deepEqual(await ask(profSocket, EVENTS.poolSubscribe, { courseId }), { ok: true });
    assert.deepEqual(await ask(annSocket, EVENTS.poolSubscribe, { courseId }), { ok: true });
    const poolRooms = (s: ClientSocket) => [...serverSocket(s).rooms].filter((r) => r.startsWith("pool:")).sort();
    assert.deepEqual(poolRooms(profSocket), [poolCourseRoom(courseId), poolUserRoom(prof.id)].sort(), "an instructor follows the course's jobs");
    assert.deepEqual(poolRooms(annSocket), [poolUserRoom(ann.id)], "a student her own");

    const progress = (iteration: number): PoolJobProgress => ({
      jobId: "job-1",
      userId: ann.id,
      courseId,
      status: "RUNNING",
      iteration,
      steps: 100,
      losses: {},
      backend: "wasm",
      device: null,
      at: Date.now(),
    });
    /** NOTIFY as a worker does, again until the instructor hears it (the server's LISTEN may still be starting). */
    const announce = async (iteration: number) => {
      for (let i = 0; i < 50 && !heard.prof.some((p) => p.iteration === iteration); i++) {
        await poolEventsPool.query("SELECT pg_notify($1, $2)", [POOL_EVENTS_CHANNEL, JSON.stringify({ type: "progress", progress: progress(iteration) })]);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.ok(
        heard.prof.some((p) => p.iteration === iteration),
        `the instructor heard iteration ${iteration}`,
      );
    };
    await announce(1);
    await roundTrip(annSocket);
    assert.ok(
      heard.ann.some((p) => p.iteration === 1),
      "Ann hears her job",
    );

    // Subscribe and unsubscribe sent back to back are handled in that order, even though the
    // subscribe waits for the database: the socket ends up not following the other course.
    const both = await Promise.all([
      ask(profSocket, EVENTS.poolSubscribe, { courseId: otherCourseId }),
      ask(profSocket, EVENTS.poolUnsubscribe, { courseId: otherCourseId }),
    ]);
    assert.deepEqual(both, [{ ok: true }, { ok: true }]);
    assert.deepEqual(poolRooms(profSocket), [poolCourseRoom(courseId), poolUserRoom(prof.id)].sort());

    assert.deepEqual(await ask(annSocket, EVENTS.poolUnsubscribe, { courseId }), { ok: true });
    assert.deepEqual(poolRooms(annSocket), [], "no pool room left");
    // The instructor, still subscribed, is the witness: once he has heard the next event, so would have Ann.
    await announce(2);
    await roundTrip(annSocket);
    assert.ok(heard.ann.length > 0 && heard.ann.every((p) => p.iteration === 1), `Ann no longer hears pool events: ${heard.ann.map((p) => p.iteration)}`);
    assert.deepEqual(await ask(profSocket, EVENTS.poolUnsubscribe, { courseId }), { ok: true });
    assert.deepEqual(poolRooms(profSocket), []);
    profSocket.disconnect();
    annSocket.disconnect();
  });

  test("a message over the size limit closes only its own socket; the largest real one passes", BOUNDED, async () => {
    const [sender, bystander] = await Promise.all([connected(bob), connected(bob)]);
    const closed = new Promise<string>((resolve) => sender.once("disconnect", resolve));
    sender.emit(EVENTS.liveProgress, {
      sessionId: "s",
      exerciseSlug: "gan-ring",
      backend: "wasm",
      iteration: 1,
      losses: {},
      padding: "x".repeat(MAX_CLIENT_MESSAGE_BYTES),
    });
    assert.match(await closed, /transport (close|error)/);
    await roundTrip(bystander);

    // A report with 128 long thumbnail numbers and 4 long loss names, as big as the schema allows, is fine.
    const thumbnail = Array.from({ length: 128 }, (_, i) => -99.12345678901234 + i / 7);
    const losses = Object.fromEntries(["d".repeat(24), "g".repeat(24), "r".repeat(24), "k".repeat(24)].map((k) => [k, -1.2345678901234567e-7]));
    const complaints: string[] = [];
    bystander.on(EVENTS.error, ({ message }) => complaints.push(message));
    const refusedBefore = app.realtime.stats.progressRefused;
    bystander.emit(EVENTS.liveProgress, {
      sessionId: "s".repeat(64),
      exerciseSlug: "e".repeat(64),
      backend: "b".repeat(32),
      iteration: 1e9,
      losses,
      itsPerSec: 1234.5678901234,
      thumbnail,
    });
    await roundTrip(bystander);
    assert.deepEqual(complaints, [], "valid, and below the limit");
    assert.equal(app.realtime.stats.progressRefused, refusedBefore + 1, "it reached its handler (no session joined: ignored)");
    assert.ok(bystander.connected);
    bystander.disconnect();
  });

  test("invalid payloads get a readable refusal; unknown events are ignored and counted", BOUNDED, async () => {
    const socket = await connected(bob);
    const cases: [unknown, RegExp][] = [
      [null, /refused: the payload .*expected object, received null/],
      ["text", /refused: the payload .*expected object, received string/],
      [{ courseId: 42, sessionId: 42, exerciseSlug: 42 }, /refused: "\w+" .*expected string, received number/],
      [{ courseId: "c".repeat(1000), sessionId: "c".repeat(1000), exerciseSlug: "x" }, /refused: "\w+" Too big/],
    ];
    for (const event of CLIENT_EVENTS.filter((e) => e !== EVENTS.liveProgress && e !== EVENTS.liveClock)) {
      for (const [payload, expected] of cases) {
        const ack = await askPatiently(socket, event as AckedEvent, payload);
        assert.equal(ack.ok, false, `${event} ${JSON.stringify(payload).slice(0, 40)}`);
        assert.match(!ack.ok ? ack.error : "", expected, event);
      }
    }
    const clock = await askPatiently(socket, EVENTS.liveClock, { now: 1 });
    assert.deepEqual(clock, { ok: false, error: 'Clock request refused: the payload Unrecognized key: "now".' });

    // Fire and forget: an invalid report is answered with an error event, the socket stays.
    const complaint = new Promise<{ message: string }>((resolve) => socket.once(EVENTS.error, resolve));
    socket.emit(EVENTS.liveProgress, { sessionId: "s", iteration: -1 });
    assert.match((await complaint).message, /^Progress report refused: /);

    const unknownBefore = app.realtime.stats.unknownEvents;
    const raw = socket as unknown as { emit(event: unknown, ...args: unknown[]): void };
    for (const name of ["nope", "constructor", "__proto__", "toString", "hasOwnProperty", "error", 42]) raw.emit(name, { courseId });
    await roundTrip(socket);
    assert.equal(app.realtime.stats.unknownEvents - unknownBefore, 7);
    assert.ok(socket.connected, "ignored, not an error");
    socket.disconnect();
  });
});

describe("sockets: abuse", () => {
  test("reconnecting is no way around the limits: one user's handshakes are limited before any work", BOUNDED, async () => {
    const flooder = await signedIn("Flooder");
    const results = await Promise.all(Array.from({ length: CONNECTION_LIMITS.handshakesPerUser.burst + 10 }, () => outcome(open(flooder))));
    const refused = results.filter((r) => /Too many live connections from here/.test(r));
    assert.ok(refused.length >= 5, `${refused.length} of ${results.length} handshakes refused`);
    assert.equal(await outcome(open(ann)), "connected", "another user is not affected");
  });

  test("a socket that keeps sending refused events is closed, saying why; others stay", BOUNDED, async () => {
    const abuser = await signedIn("Abuser");
    const socket = open(abuser);
    assert.equal(await outcome(socket), "connected");
    const bystander = open(ann);
    assert.equal(await outcome(bystander), "connected");
    const told = new Promise<{ message: string; disconnecting?: boolean }>((resolve) => socket.on(EVENTS.error, (e) => e.disconnecting && resolve(e)));
    const closedBefore = app.realtime.stats.closedForRefusals;
    const raw = socket as unknown as { emit(event: string, ...args: unknown[]): void };
    for (let i = 0; i < CONNECTION_LIMITS.refusedEventsPerSocket.burst + 20; i++) raw.emit("no-such-event", { i });
    assert.match((await told).message, /too many messages the server refused/);
    if (socket.connected) await new Promise((resolve) => socket.once("disconnect", resolve));
    assert.equal(app.realtime.stats.closedForRefusals - closedBefore, 1);
    assert.ok(bystander.connected);
  });
});

test("signing out over HTTP closes that session's sockets at once (not only at their next join)", BOUNDED, async () => {
  const leaver = await signedIn("Leaver");
  const other = await signedIn("Stayer");
  const mine = open(leaver);
  const theirs = open(other);
  // Both listeners before either wait: the second socket may connect while the first is awaited.
  const [mineOutcome, theirsOutcome] = [outcome(mine), outcome(theirs)];
  assert.equal(await step("the first socket to connect", mineOutcome), "connected");
  assert.equal(await step("the second socket to connect", theirsOutcome), "connected");
  const told = new Promise<{ message: string; disconnecting?: boolean }>((resolve) => mine.on(EVENTS.error, (e) => e.disconnecting && resolve(e)));
  const closed = new Promise((resolve) => mine.once("disconnect", resolve));
  // Better Auth checks the Origin against its own base URL (the test context's).
  const response = await step(
    "the sign-out's answer",
    fetch(`${baseUrl}/api/auth/sign-out`, { method: "POST", headers: { cookie: leaver.cookie, origin: "http://localhost:3000" } }),
  );
  assert.equal(response.status, 200, await response.clone().text());
  assert.match((await step("the socket's 'signed out' message", told)).message, /You signed out/);
  await step("the socket's close", closed);
  assert.ok(theirs.connected, "another person's socket stays");
});
