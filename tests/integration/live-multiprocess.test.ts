// A live session served by two server processes on one database (socket.io's Postgres adapter
// between them): the instructor on process A, students on A and on B. Pacing, a round's start and
// its results reach every socket on both processes with the same content, each broadcast once; a
// student's progress on B reaches the instructor's grid on A. Everything goes over HTTP and
// socket.io as a browser's would: sign-up through Better Auth, tRPC calls, cookies on the socket.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { io as connect, type Socket } from "socket.io-client";
import type { LivePublicState } from "@/lib/live/types";
import { type ClientToServerEvents, EVENTS, type LiveGrid, type LiveJoinAck, type ServerToClientEvents } from "@/lib/realtime/protocol";
import { ROUND_CLOSE_GRACE_MS } from "@/server/services/live";
import { createCourse, enroll, openTestContext, perfectRingSamples, TEST_SECRET, testDatabaseUrl, unique } from "../support/database";
import { submissionRequest } from "../support/http-client";
import { type LiveServers, signUpOverHttp, startLiveServers, trpcMutation as trpc } from "../support/live-server";

type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Events of one kind as a socket received them, with a wait for the first that matches. */
class Inbox<T> {
  readonly received: { at: number; value: T }[] = [];
  private readonly waiters = new Set<{ match: (value: T) => boolean; resolve: (item: { at: number; value: T }) => void }>();

  push(value: T) {
    const item = { at: Date.now(), value };
    this.received.push(item);
    for (const waiter of this.waiters) {
      if (!waiter.match(value)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(item);
    }
  }

  /** The first event (already received or still to come) that matches, or a failure after `timeoutMs`. */
  first(match: (value: T) => boolean, timeoutMs: number, what: string): Promise<{ at: number; value: T }> {
    const found = this.received.find((item) => match(item.value));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve: (item: { at: number; value: T }) => (clearTimeout(timer), resolve(item)) };
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`${what} did not arrive within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.add(waiter);
    });
  }
}

interface Person {
  name: string;
  id: string;
  cookie: string;
  /** The server process this person's browser talks to. */
  url: string;
  socket?: LiveSocket;
  states: Inbox<LivePublicState>;
  grids: Inbox<LiveGrid>;
}

const { db } = openTestContext();
let servers: LiveServers;
let A: string;
let B: string;
let courseId: string;
let instructor: Person;
/** Ann and Bob use process A, Cem and Dee process B. */
let ann: Person, bob: Person, cem: Person, dee: Person;
let students: Person[];
let everyone: Person[];
let sessionId: string;

async function signUp(url: string, name: string): Promise<Person> {
  const { id, cookie } = await signUpOverHttp(url, { name, email: `${name.toLowerCase()}-${unique()}@test.local`, password: "correct-horse-battery" });
  return { name, id, cookie, url, states: new Inbox(), grids: new Inbox() };
}

async function joinOverSocket(person: Person) {
  const socket: LiveSocket = connect(person.url, { extraHeaders: { cookie: person.cookie }, transports: ["websocket"], reconnection: false, forceNew: true });
  person.socket = socket;
  socket.on(EVENTS.liveState, (state) => person.states.push(state));
  socket.on(EVENTS.liveGrid, (grid) => person.grids.push(grid));
  const ack: LiveJoinAck = await socket.timeout(10_000).emitWithAck(EVENTS.liveJoin, { sessionId });
  assert.ok(ack.ok, `${person.name} joins on ${person.url}: ${JSON.stringify(ack)}`);
  return ack.state;
}

before(async () => {
  servers = await startLiveServers(2, { DATABASE_URL: testDatabaseUrl(), BETTER_AUTH_SECRET: TEST_SECRET });
  [A, B] = servers.servers.map((s) => s.url);
  courseId = await createCourse(db, "Two-process course");
  const { joinCode } = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } });
  // Each signs up on the process they will use; the cookie is valid on both (shared secret, one database).
  [instructor, ann, bob, cem, dee] = await Promise.all([signUp(A, "Prof"), signUp(A, "Ann"), signUp(A, "Bob"), signUp(B, "Cem"), signUp(B, "Dee")]);
  students = [ann, bob, cem, dee];
  everyone = [instructor, ...students];
  await enroll(db, instructor.id, courseId, "INSTRUCTOR");
  for (const s of students) assert.equal((await trpc(s.url, "course.join", { joinCode }, s.cookie)).courseId, courseId);

  ({ sessionId } = await trpc(A, "live.start", { courseId }, instructor.cookie));
  const joined = await Promise.all(everyone.map(joinOverSocket));
  assert.ok(joined.every((state) => state.sessionId === sessionId && state.round === null));
});

after(async () => {
  for (const p of everyone ?? []) p.socket?.disconnect();
  await servers?.stop();
  await db.$disconnect();
});

/** Every person's first live:state that matches, checked to carry the same snapshot everywhere. */
async function everyoneReceives(match: (state: LivePublicState) => boolean, timeoutMs: number, what: string) {
  const received = await Promise.all(everyone.map((p) => p.states.first(match, timeoutMs, `${what} for ${p.name} on ${p.url === A ? "A" : "B"}`)));
  const versions = new Set(received.map((r) => r.value.version));
  assert.equal(versions.size, 1, `${what}: one snapshot version for everyone, got ${[...versions]}`);
  return received;
}

test("pacing: the instructor's module change on A reaches the students on A and on B", { timeout: 10_000 }, async () => {
  await trpc(A, "live.setModule", { sessionId, moduleSlug: "sampling" }, instructor.cookie);
  await everyoneReceives((s) => s.moduleSlug === "sampling", 5000, "the module change");
  await trpc(A, "live.setModule", { sessionId, moduleSlug: "markov-chains-mcmc" }, instructor.cookie);
  const [first] = await everyoneReceives((s) => s.moduleSlug === "markov-chains-mcmc", 5000, "the second module change");
  assert.ok(first.value.navigationLocked);
});

test("progress: a student's report on B reaches the instructor's grid on A (and one on A too)", { timeout: 10_000 }, async () => {
  const report = (iteration: number) => ({
    sessionId,
    exerciseSlug: "gan-ring",
    backend: "wasm",
    iteration,
    losses: { d: 0.69, g: 0.7 },
    thumbnail: [0.5, -0.25, 1, 2],
  });
  cem.socket!.emit(EVENTS.liveProgress, report(120));
  ann.socket!.emit(EVENTS.liveProgress, report(80));
  const tileOf = (user: Person, iteration: number) => (grid: LiveGrid) =>
    grid.sessionId === sessionId && grid.entries.some((e) => e.userId === user.id && e.iteration === iteration);
  // The grid goes out once a second, from the process that holds the student's socket.
  const [fromB, fromA] = await Promise.all([
    instructor.grids.first(tileOf(cem, 120), 4000, "Cem's tile (process B) on the grid"),
    instructor.grids.first(tileOf(ann, 80), 4000, "Ann's tile (process A) on the grid"),
  ]);
  const tile = fromB.value.entries.find((e) => e.userId === cem.id)!;
  assert.equal(tile.name, "Cem");
  assert.deepEqual(tile.losses, { d: 0.69, g: 0.7 });
  assert.deepEqual(tile.thumbnail, [0.5, -0.25, 1, 2]);
  assert.ok(fromA.value.entries.some((e) => e.userId === ann.id));
  // The grid is for instructors only.
  for (const s of students) assert.equal(s.grids.received.length, 0, `${s.name} received no grid`);
});

test("a round: its start and its results reach every socket on both processes", { timeout: 20_000 }, async () => {
  const started = await trpc(A, "live.startRound", { sessionId, exerciseSlug: "gan-ring", durationSeconds: 60 }, instructor.cookie);
  const roundId: string = started.roundId;
  const endsAt = new Date(started.endsAt).getTime();
  const starts = await everyoneReceives((s) => s.round?.id === roundId, 5000, "the round's start");
  for (const { value } of starts) {
    assert.equal(value.round!.endsAt, endsAt, "the same end time on every screen");
    assert.equal(value.round!.resultsAt, null);
  }

  // Ann (on A) submits to B, Cem (on B) to A, Dee to B: any process takes a round's submissions.
  const submitters = [
    { who: ann, via: B },
    { who: cem, via: A },
    { who: dee, via: B },
  ];
  for (const { who, via } of submitters) {
    const reply = await submissionRequest(
      via,
      { courseId, exerciseSlug: "gan-ring", idempotencyKey: `k-${unique()}`, body: { samples: perfectRingSamples() }, roundId },
      who.cookie,
    );
    assert.equal(reply.status, 200, reply.text);
    assert.equal((reply.data as { metrics: Record<string, number> }).metrics.modesCovered, 8);
  }

  await trpc(A, "live.endRound", { roundId }, instructor.cookie);
  const endedAt = Date.now();
  // The round closes ROUND_CLOSE_GRACE_MS after its end, on whichever process's sweep (every 500 ms) wins.
  const results = await everyoneReceives((s) => s.round?.id === roundId && s.round.resultsAt !== null, ROUND_CLOSE_GRACE_MS + 3000, "the round's results");
  const slowest = Math.max(...results.map((r) => r.at)) - endedAt;
  assert.ok(slowest <= ROUND_CLOSE_GRACE_MS + 1500, `results reached everyone ${slowest} ms after the round ended`);
  for (const { value } of results) {
    const round = value.round!;
    assert.equal(round.resultsAt, results[0].value.round!.resultsAt, "closed once: one results time everywhere");
    assert.equal(round.entrants, 3);
    assert.deepEqual(round.standings!.map((s) => s.userId).sort(), submitters.map((s) => s.who.id).sort());
    assert.ok(round.endsAt <= endedAt);
  }

  // Each change was announced once: no socket received a snapshot version twice (both processes
  // sweep for due rounds; only the one that closed the round broadcasts).
  for (const p of everyone) {
    const versions = p.states.received.map((r) => r.value.version);
    assert.equal(new Set(versions).size, versions.length, `${p.name} received each version once: ${versions}`);
  }
});
