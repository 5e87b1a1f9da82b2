// The authorization matrix, generated from the code: every procedure of appRouter and every event of
// CLIENT_EVENTS, tried as anonymous, a student of another course, a student of this course and an
// instructor of this course, on the real database with real users and objects (a course, its
// exercises, a live session, pool jobs, another student's submission). Allowed calls must have their
// effect and change only the tables they are meant to; refused calls must get the right code, change
// no table and announce nothing; the same call naming something that does not exist is NOT_FOUND.
// A procedure or event without a row, or a row naming something that no longer exists, fails.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { TRPCError } from "@trpc/server";
import type { Socket } from "socket.io-client";
import { QUIZZES } from "@/lib/course/quizzes";
import type { PoolJobProgress } from "@/lib/pool/types";
import { CLIENT_EVENTS, EVENTS } from "@/lib/realtime/protocol";
import { appRouter } from "@/server/api/root";
import { createAppServer } from "@/server/app";
import { POOL_EVENTS_CHANNEL, type PoolQueue, poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { closeDueRounds, ROUND_CLOSE_GRACE_MS } from "@/server/services/live";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { type Classroom, createClassroom, type LiveActivity, MARKOV_PI, releaseCourses, type TestUser } from "../support/classroom";
import { callerFor, createUser, enroll, openTestContext, testDatabaseUrl, unique } from "../support/database";
import { changedTables, dbFingerprint } from "../support/db-fingerprint";
import { sessionCookie, submissionRequest } from "../support/http-client";
import { FAR_DEADLINE, ganChoiceQuestion, namingNothing, procedureInputs } from "../support/procedure-inputs";
import { assertReadable } from "../support/readable";
import { ackOf, type Heard, listen, NO_ACK, openSocket } from "../support/sockets";

const ctx = openTestContext();
const { db } = ctx;
let boss: Awaited<ReturnType<typeof startPoolQueue>>;
let queue: PoolQueue;
let fx: Classroom;
/** The live session the allowed calls start, and its poll and round, filled in as they are made. */
const made: LiveActivity = { sessionId: "", joinCode: "", pollId: "", roundId: "" };
let inputs: Record<string, () => unknown>;

type Role = "anonymous" | "outsider" | "student" | "instructor";
const ROLES: readonly Role[] = ["anonymous", "outsider", "student", "instructor"];
const SIGNED_IN_ROLES = ["outsider", "student", "instructor"] as const;
type Outcome = "ok" | TRPCError["code"];
type Access = Record<Role, Outcome>;

const PUBLIC: Access = { anonymous: "ok", outsider: "ok", student: "ok", instructor: "ok" };
const SIGNED_IN: Access = { anonymous: "UNAUTHORIZED", outsider: "ok", student: "ok", instructor: "ok" };
const ENROLLED: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "ok", instructor: "ok" };
/** Instructor actions, and other people's objects (another student's submission or job). */
const INSTRUCTORS: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "FORBIDDEN", instructor: "ok" };
const STUDENTS: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "ok", instructor: "FORBIDDEN" };

interface Effect {
  result: any;
  role: Role;
  user: TestUser | null;
}

/** A procedure's row; its input is the shared valid one (tests/support/procedure-inputs.ts). */
interface ProcedureRow {
  access: Access;
  /** Tables an allowed call may change; a change anywhere else fails (queries change nothing). */
  writes?: readonly string[];
  /** What an allowed call announces through the realtime publisher (nothing otherwise). */
  announces?: "leaderboard" | "live-state" | "poll-answer";
  /** The allowed call's effect. */
  check?: (effect: Effect) => void | Promise<void>;
  /** Each role acts through a new user with the same place in the courses (the call changes that place). */
  freshUsers?: boolean;
}

const liveSessionRow = () => db.liveSession.findUniqueOrThrow({ where: { id: made.sessionId } });
const liveChange = (check: (effect: Effect) => void | Promise<void>): ProcedureRow => ({ access: INSTRUCTORS, writes: ["LiveSession"], announces: "live-state", check });

const PROCEDURES: Record<string, ProcedureRow> = {
  me: { access: PUBLIC, check: ({ result, user }) => assert.equal(result?.id ?? null, user?.id ?? null) },
  "course.mine": {
    access: SIGNED_IN,
    check: ({ result, role }) => {
      const here = (result as { id: string; role: string; joinCode: string | null }[]).find((c) => c.id === fx.courseId);
      if (role === "outsider") return assert.equal(here, undefined);
      assert.equal(here?.role, role.toUpperCase());
      assert.equal(here?.joinCode, role === "instructor" ? fx.joinCode : null, "only instructors see the join code");
    },
  },
  "course.join": {
    access: SIGNED_IN,
    freshUsers: true,
    writes: ["Enrollment"],
    check: async ({ role, user }) => {
      const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: user!.id, courseId: fx.courseId } } });
      assert.equal(enrollment.role, role === "instructor" ? "INSTRUCTOR" : "STUDENT", "joining enrols a student and never demotes an instructor");
    },
  },
  "course.get": { access: ENROLLED, check: ({ result, role }) => assert.deepEqual([result.id, result.joinCode], [fx.courseId, role === "instructor" ? fx.joinCode : null]) },
  "course.roster": { access: INSTRUCTORS, check: ({ result }) => assert.ok([fx.student.id, fx.classmate.id].every((id) => result.some((r: { userId: string }) => r.userId === id))) },
  "dataset.penguins": { access: PUBLIC, check: ({ result }) => assert.equal(result.length, 256, "the training split only") },
  "exercise.catalog": { access: PUBLIC, check: ({ result }) => assert.ok(result.some((e: { slug: string }) => e.slug === "gan-ring")) },
  "exercise.get": { access: ENROLLED, check: ({ result, role }) => assert.deepEqual([result.slug, result.role], ["gmm-em", role.toUpperCase()]) },
  "exercise.trainingData": { access: ENROLLED, check: ({ result }) => assert.equal(result.kind === "points" && result.points.length, 256, "the training split only") },
  "exercise.setDeadline": {
    access: INSTRUCTORS,
    writes: ["Exercise"],
    check: async () => {
      const row = await db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId: fx.courseId, slug: "gan-ring" } } });
      assert.deepEqual(row.deadline, FAR_DEADLINE);
    },
  },
  "submission.submit": {
    access: ENROLLED,
    writes: ["Submission", "Score", "SubmissionReservation"],
    announces: "leaderboard",
    check: async ({ result, user }) => {
      assert.equal(result.userId, user!.id);
      assert.ok(result.metrics.l1Error < 1e-12, "scored by the server");
      assert.ok(await db.submission.findUnique({ where: { id: result.id } }));
    },
  },
  "submission.mine": {
    access: ENROLLED,
    check: async ({ result, user }) => {
      assert.ok(result.submissions.length > 0 && result.submissions.every((s: { userId: string }) => s.userId === user!.id), "one's own submissions only");
    },
  },
  "submission.get": { access: INSTRUCTORS, check: ({ result }) => assert.deepEqual([result.id, result.payload], [fx.classmateSubmissionId, MARKOV_PI]) },
  "leaderboard.get": { access: ENROLLED, check: ({ result }) => assert.ok(result.entries.some((e: { userId: string }) => e.userId === fx.classmate.id)) },
  "progress.markRead": {
    access: ENROLLED,
    writes: ["ModuleRead"],
    check: async ({ user }) => assert.equal(await db.moduleRead.count({ where: { userId: user!.id, module: { courseId: fx.courseId, slug: "gan" } } }), 1),
  },
  "progress.quiz": { access: ENROLLED, check: ({ result }) => assert.equal(result.questions.length, QUIZZES.gan.length) },
  "progress.answer": {
    access: ENROLLED,
    writes: ["QuizAnswer"],
    check: async ({ user }) => assert.equal(await db.quizAnswer.count({ where: { userId: user!.id, questionId: ganChoiceQuestion().id } }), 1),
  },
  "progress.mine": { access: ENROLLED, check: ({ result }) => assert.ok(result.some((m: { slug: string }) => m.slug === "gan")) },
  "progress.course": { access: INSTRUCTORS, check: ({ result }) => assert.ok(result.some((r: { userId: string }) => r.userId === fx.student.id)) },

  // Live sessions, in the order a class runs one: each allowed call prepares the next rows.
  "live.start": {
    access: INSTRUCTORS,
    writes: ["LiveSession"],
    check: ({ result }) => {
      assert.equal(result.resumed, false);
      Object.assign(made, { sessionId: result.sessionId, joinCode: result.joinCode });
    },
  },
  "live.list": { access: ENROLLED, check: ({ result }) => assert.equal(result.sessions[0]?.id, made.sessionId) },
  "live.joinByCode": {
    access: ENROLLED,
    writes: ["LiveParticipant"],
    check: async ({ role, user }) => {
      const rows = await db.liveParticipant.count({ where: { sessionId: made.sessionId, userId: user!.id } });
      assert.equal(rows, role === "student" ? 1 : 0, "students take part; instructors run the session");
    },
  },
  "live.state": { access: ENROLLED, check: ({ result, role }) => assert.deepEqual([result.state.sessionId, result.me.role], [made.sessionId, role.toUpperCase()]) },
  "live.summary": { access: ENROLLED, check: ({ result, role }) => assert.equal(result.role, role.toUpperCase()) },
  "live.exportCsv": { access: INSTRUCTORS, check: ({ result }) => assert.match(result, /^name,email,polls answered/) },
  "live.setModule": liveChange(async () => assert.equal((await liveSessionRow()).moduleSlug, "gan")),
  "live.setNavigationLock": liveChange(async () => assert.equal((await liveSessionRow()).navigationLocked, true)),
  "live.spotlight": liveChange(async () => assert.equal((await liveSessionRow()).spotlightUserId, fx.student.id)),
  "live.openPoll": { access: INSTRUCTORS, writes: ["LiveSession", "LivePoll"], announces: "live-state", check: ({ result }) => void (made.pollId = result.pollId) },
  "live.answerPoll": {
    access: STUDENTS,
    writes: ["LivePollAnswer"],
    announces: "poll-answer",
    check: async ({ user }) => assert.equal((await db.livePollAnswer.findUniqueOrThrow({ where: { pollId_userId: { pollId: made.pollId, userId: user!.id } } })).choice, 0),
  },
  "live.closePoll": {
    access: INSTRUCTORS,
    writes: ["LiveSession", "LivePoll"],
    announces: "live-state",
    check: async () => assert.equal((await db.livePoll.findUniqueOrThrow({ where: { id: made.pollId } })).status, "CLOSED"),
  },
  "live.revealPoll": {
    access: INSTRUCTORS,
    writes: ["LiveSession", "LivePoll"],
    announces: "live-state",
    check: async () => assert.equal((await db.livePoll.findUniqueOrThrow({ where: { id: made.pollId } })).status, "REVEALED"),
  },
  "live.startRound": { access: INSTRUCTORS, writes: ["LiveSession", "LiveRound"], announces: "live-state", check: ({ result }) => void (made.roundId = result.roundId) },
  "live.endRound": {
    access: INSTRUCTORS,
    writes: ["LiveSession", "LiveRound"],
    announces: "live-state",
    check: async () => assert.ok((await db.liveRound.findUniqueOrThrow({ where: { id: made.roundId } })).endsAt.getTime() <= Date.now()),
  },
  "live.end": {
    access: INSTRUCTORS,
    writes: ["LiveSession", "LiveRound", "LivePoll"],
    announces: "live-state",
    check: async () => assert.ok((await liveSessionRow()).endedAt),
  },

  "pool.enqueue": {
    access: ENROLLED,
    writes: ["PoolJob"],
    check: async ({ result, user }) => {
      const [jobId] = result.jobIds;
      assert.equal((await db.poolJob.findUniqueOrThrow({ where: { id: jobId } })).userId, user!.id);
      const [{ queued }] = await db.$queryRaw<{ queued: number }[]>`SELECT count(*)::int AS queued FROM pgboss.job WHERE id = ${jobId}::uuid`;
      assert.equal(queued, 1, "queued in pg-boss under the same id");
    },
  },
  "pool.list": { access: ENROLLED, check: ({ result, role }) => assert.equal(result.some((j: { id: string }) => j.id === fx.classmateJobId), role === "instructor", "students list only their own jobs") },
  "pool.get": { access: INSTRUCTORS, check: ({ result }) => assert.deepEqual([result.id, result.userId], [fx.classmateJobId, fx.classmate.id]) },
  "pool.weights": { access: INSTRUCTORS, check: ({ result }) => assert.deepEqual(result.weights, { generator: [0.5, -0.25], discriminator: [0.125] }) },
  "pool.workers": { access: ENROLLED, check: ({ result }) => assert.ok(Array.isArray(result)) },
  "pool.cancel": {
    access: INSTRUCTORS,
    writes: ["PoolJob"],
    check: async () => assert.equal((await db.poolJob.findUniqueOrThrow({ where: { id: fx.classmateJobId } })).status, "CANCELLED"),
  },
};

/** One line per name the code has and the matrix lacks, and per matrix row naming nothing in the code. */
function coverageProblems(kind: string, actual: readonly string[], rows: readonly string[]): string[] {
  return [
    ...actual.filter((name) => !rows.includes(name)).map((name) => `${kind} ${name} has no row in the matrix`),
    ...rows.filter((name) => !actual.includes(name)).map((name) => `the matrix has a row for ${kind} ${name}, which no longer exists`),
  ];
}

before(async () => {
  boss = await startPoolQueue(testDatabaseUrl());
  queue = poolQueueOf(boss);
  fx = await createClassroom(ctx, "Matrix");
  inputs = procedureInputs(fx, made);
});

after(async () => {
  await releaseCourses(db, [fx.courseId, fx.other.courseId], queue);
  await boss.stop({ graceful: false, timeout: 2000 });
  await db.$disconnect();
});

const usersByRole = (): Record<Role, TestUser | null> => ({ anonymous: null, outsider: fx.other.classmate, student: fx.student, instructor: fx.instructor });

/** New users in the same places: a student of the other course, a student and an instructor of this one. */
async function freshUsersByRole(): Promise<Record<Role, TestUser | null>> {
  const [outsider, student, instructor] = await Promise.all(["Fresh outsider", "Fresh student", "Fresh instructor"].map((n) => createUser(ctx.auth, n)));
  await enroll(db, outsider.id, fx.other.courseId, "STUDENT");
  await enroll(db, student.id, fx.courseId, "STUDENT");
  await enroll(db, instructor.id, fx.courseId, "INSTRUCTOR");
  return { anonymous: null, outsider, student, instructor };
}

/** Calls `path` (e.g. "live.setModule") on a tRPC caller. */
function callProcedure(caller: ReturnType<typeof callerFor>["caller"], path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<any>((node, key) => node[key], caller);
  return procedure(input);
}

function describeError(error: unknown): string {
  return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
}

/** One call as `role`, checked against the expected outcome: the effect when allowed, nothing at all when refused. */
async function tryAs(path: string, row: ProcedureRow, role: Role, user: TestUser | null, expected: Outcome, input: unknown) {
  const label = `${path} as ${role}`;
  const recorder = callerFor({ ...ctx, pool: queue }, user);
  const before = await dbFingerprint(db);
  const outcome = await callProcedure(recorder.caller, path, input).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const changed = changedTables(before, await dbFingerprint(db));
  const announced = { leaderboard: recorder.events.length, "live-state": recorder.liveChanges.length, "poll-answer": recorder.pollAnswers.length };
  if (expected === "ok") {
    if (!outcome.ok) assert.fail(`${label}: expected to be allowed, got ${describeError(outcome.error)}`);
    const allowed = row.writes ?? [];
    assert.deepEqual(changed.filter((t) => !allowed.includes(t)), [], `${label} may change only ${allowed.join(", ") || "nothing"}`);
    for (const [kind, count] of Object.entries(announced)) assert.equal(count, kind === row.announces ? 1 : 0, `${label}: ${kind} announcements`);
    if (row.announces === "leaderboard") assert.equal(recorder.events[0].userId, user?.id);
    if (row.announces === "live-state") assert.deepEqual(recorder.liveChanges, [made.sessionId]);
    if (row.announces === "poll-answer") assert.deepEqual(recorder.pollAnswers, [made.pollId]);
    await row.check?.({ result: outcome.result, role, user });
    return;
  }
  if (outcome.ok) assert.fail(`${label}: expected ${expected}, but it was allowed`);
  assert.ok(outcome.error instanceof TRPCError && outcome.error.code === expected, `${label}: expected ${expected}, got ${describeError(outcome.error)}`);
  assertReadable(outcome.error.message, label);
  assert.deepEqual(changed, [], `${label}: a refused call changes no table`);
  assert.deepEqual(announced, { leaderboard: 0, "live-state": 0, "poll-answer": 0 }, `${label}: a refused call announces nothing`);
}

describe("tRPC procedures", () => {
  test("the matrix has one row per procedure of appRouter", () => {
    const problems = coverageProblems("procedure", Object.keys(appRouter._def.procedures), Object.keys(PROCEDURES));
    assert.deepEqual(problems, []);
  });

  for (const [path, row] of Object.entries(PROCEDURES)) {
    const allowed = ROLES.filter((r) => row.access[r] === "ok");
    test(`${path}: allowed for ${allowed.join(", ") || "nobody"}`, async () => {
      assert.ok(path in appRouter._def.procedures, `${path} is not a procedure of appRouter`);
      const users = row.freshUsers ? await freshUsersByRole() : usersByRole();
      // Refusals first: they must find the state the allowed calls then change.
      const order = [...ROLES.filter((r) => row.access[r] !== "ok"), ...allowed];
      const input = inputs[path] ?? (() => undefined);
      for (const role of order) await tryAs(path, row, role, users[role], row.access[role], input());
      // The same call naming nothing that exists: NOT_FOUND for whoever is signed in.
      if (namingNothing(input())) for (const role of SIGNED_IN_ROLES) await tryAs(`${path} naming nothing`, row, role, users[role], "NOT_FOUND", namingNothing(input()));
    });
  }
});

// ── Socket events ───────────────────────────────────────────────────────────────────────────

type SocketOutcome = "ok" | "refused";

interface EventRow {
  /** Signed-in roles only: anonymous sockets are refused at the connection. */
  access: Record<Exclude<Role, "anonymous">, SocketOutcome>;
  /** Runs before the event (e.g. subscribing before unsubscribing). */
  prepare?: (socket: Socket) => Promise<unknown>;
  /** Sends the event; resolves with the acknowledgement (or, for fire-and-forget events, what the server did). */
  send: (socket: Socket) => Promise<unknown>;
  /** The same event naming something that does not exist. */
  missing?: (socket: Socket) => Promise<unknown>;
  /** Tables an allowed event may change. */
  writes?: readonly string[];
  /** What the event gives access to happens: the broadcasts an allowed socket hears, for `heard` to check. */
  trigger?: (user: TestUser) => Promise<void>;
  /** Checks what an allowed socket heard once triggered. A refused socket must hear nothing at all. */
  heard?: (heard: Heard[], role: Role, user: TestUser) => void;
  /** For fire-and-forget events: was the event acted on. */
  accepted?: (sent: unknown) => boolean;
}

const ackIsOk = (ack: unknown) => typeof ack === "object" && ack !== null && (ack as { ok?: unknown }).ok === true;
const events = (heard: Heard[], name: string) => heard.filter((h) => h.event === name).map((h) => h.payload as any);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough for a broadcast on this machine to arrive (they take milliseconds). */
const BROADCAST_MS = 400;

describe("socket events (real HTTP server)", () => {
  let app: ReturnType<typeof createAppServer>;
  let poolEventsPool: pg.Pool;
  let baseUrl: string;
  let sessionId: string;
  let markovExerciseId: string;
  const cookies = new Map<string, string>();
  const opened: Socket[] = [];
  /** The course's instructor, in the session's rooms and subscribed to everything: hears every broadcast. */
  let observer: ReturnType<typeof listen>;

  const cookieOf = async (user: TestUser) => {
    if (!cookies.has(user.id)) cookies.set(user.id, await sessionCookie(ctx.auth, user));
    return cookies.get(user.id)!;
  };
  const socketOf = async (user: TestUser) => {
    const socket = await openSocket(baseUrl, { cookie: await cookieOf(user) });
    opened.push(socket);
    return socket;
  };
  const notifyProgress = (userId: string, jobId: string) => {
    const progress: PoolJobProgress = { jobId, userId, courseId: fx.courseId, status: "RUNNING", iteration: 1, steps: 100, losses: { d: 0.7 }, backend: "wasm", device: "cpu", at: Date.now() };
    return db.$executeRaw`SELECT pg_notify(${POOL_EVENTS_CHANNEL}, ${JSON.stringify({ type: "progress", progress })})`;
  };
  const progressReport = (iteration: number) => ({ sessionId, exerciseSlug: "gan-ring", backend: "wasm", iteration, losses: { d: 0.69 } });

  const EVENT_MATRIX: Record<string, EventRow> = {
    [EVENTS.leaderboardSubscribe]: {
      access: { outsider: "refused", student: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.leaderboardSubscribe, { courseId: fx.courseId, exerciseSlug: "markov-chain" }),
      missing: (s) => ackOf(s, EVENTS.leaderboardSubscribe, { courseId: "no-such-course", exerciseSlug: "markov-chain" }),
      trigger: async () => {
        app.realtime.publisher.leaderboardUpdated({ exerciseId: markovExerciseId, submissionId: "probe", userId: fx.classmate.id, at: Date.now() });
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.equal(events(heard, EVENTS.leaderboardUpdated).length, 1),
    },
    [EVENTS.leaderboardUnsubscribe]: {
      access: { outsider: "ok", student: "ok", instructor: "ok" },
      prepare: (s) => ackOf(s, EVENTS.leaderboardSubscribe, { courseId: fx.courseId, exerciseSlug: "markov-chain" }),
      send: (s) => ackOf(s, EVENTS.leaderboardUnsubscribe, { courseId: fx.courseId, exerciseSlug: "markov-chain" }),
      trigger: async () => {
        app.realtime.publisher.leaderboardUpdated({ exerciseId: markovExerciseId, submissionId: "probe", userId: fx.classmate.id, at: Date.now() });
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.deepEqual(events(heard, EVENTS.leaderboardUpdated), [], "no updates once unsubscribed"),
    },
    [EVENTS.liveJoin]: {
      access: { outsider: "refused", student: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.liveJoin, { sessionId }),
      missing: (s) => ackOf(s, EVENTS.liveJoin, { sessionId: "no-such-session" }),
      writes: ["LiveParticipant"],
      trigger: async () => {
        await app.realtime.publisher.liveStateChanged(sessionId);
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.equal(events(heard, EVENTS.liveState).length, 1, "the joined socket gets the session's new state"),
    },
    [EVENTS.liveLeave]: {
      access: { outsider: "ok", student: "ok", instructor: "ok" },
      prepare: (s) => ackOf(s, EVENTS.liveJoin, { sessionId }),
      send: (s) => ackOf(s, EVENTS.liveLeave, { sessionId }),
      trigger: async () => {
        await app.realtime.publisher.liveStateChanged(sessionId);
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.deepEqual(events(heard, EVENTS.liveState), [], "no states once left"),
    },
    [EVENTS.liveProgress]: {
      access: { outsider: "refused", student: "ok", instructor: "refused" },
      prepare: (s) => ackOf(s, EVENTS.liveJoin, { sessionId }),
      send: async (s) => {
        const stats = { ...app.realtime.stats };
        s.emit(EVENTS.liveProgress, progressReport(7));
        await ackOf(s, EVENTS.liveClock, {}); // handled in order: the report was handled before the clock answers
        return { accepted: app.realtime.stats.progressAccepted - stats.progressAccepted, refused: app.realtime.stats.progressRefused - stats.progressRefused };
      },
      accepted: (sent) => {
        const { accepted, refused } = sent as { accepted: number; refused: number };
        assert.equal(accepted + refused, 1, "the report was handled");
        return accepted === 1;
      },
      // The tile reaches the instructors' grid at the next tick (1 s).
      trigger: async () => void (await pause(1500)),
      heard: (_heard, _role, user) => assert.ok(events(observer.heard, EVENTS.liveGrid).some((g) => g.entries.some((e: { userId: string }) => e.userId === user.id)), "the instructor's grid shows the report"),
    },
    [EVENTS.liveClock]: {
      access: { outsider: "ok", student: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.liveClock, {}),
      accepted: (ack) => typeof (ack as { serverNow?: unknown })?.serverNow === "number",
    },
    [EVENTS.poolSubscribe]: {
      access: { outsider: "refused", student: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.poolSubscribe, { courseId: fx.courseId }),
      missing: (s) => ackOf(s, EVENTS.poolSubscribe, { courseId: "no-such-course" }),
      trigger: async (user) => {
        await notifyProgress(user.id, `own-${unique()}`);
        await notifyProgress(fx.classmate.id, fx.classmateJobId);
        await pause(BROADCAST_MS);
      },
      heard: (heard, role, user) => {
        const owners = events(heard, EVENTS.poolProgress).map((p) => p.userId);
        assert.deepEqual(owners.sort(), (role === "instructor" ? [user.id, fx.classmate.id] : [user.id]).sort(), "one's own jobs; instructors also everyone's");
      },
    },
    [EVENTS.poolUnsubscribe]: {
      access: { outsider: "ok", student: "ok", instructor: "ok" },
      prepare: (s) => ackOf(s, EVENTS.poolSubscribe, { courseId: fx.courseId }),
      send: (s) => ackOf(s, EVENTS.poolUnsubscribe, { courseId: fx.courseId }),
      trigger: async (user) => {
        await notifyProgress(user.id, `own-${unique()}`);
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.deepEqual(events(heard, EVENTS.poolProgress), [], "no pool progress once unsubscribed"),
    },
  };

  before(async () => {
    poolEventsPool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    // The round the procedures ended is due: closed now, not by this server's sweeper in the middle of a check.
    await closeDueRounds(db, new Date(Date.now() + ROUND_CLOSE_GRACE_MS));
    app = createAppServer({ db, auth: ctx.auth, score: scoreInline, check: checkInline, poolEventsPool });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    sessionId = (await callerFor(ctx, fx.instructor).caller.live.start({ courseId: fx.courseId })).sessionId;
    markovExerciseId = (await db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId: fx.courseId, slug: "markov-chain" } } })).id;
    const socket = await socketOf(fx.instructor);
    observer = listen(socket);
    assert.ok(ackIsOk(await ackOf(socket, EVENTS.liveJoin, { sessionId })));
    assert.ok(ackIsOk(await ackOf(socket, EVENTS.poolSubscribe, { courseId: fx.courseId })));
    // The gateway LISTENs for the workers' NOTIFY asynchronously: wait until it hears one.
    for (let i = 0; !events(observer.heard, EVENTS.poolProgress).length; i++) {
      assert.ok(i < 50, "the gateway never heard the pool's NOTIFY");
      await notifyProgress(fx.classmate.id, fx.classmateJobId);
      await pause(100);
    }
  });

  after(async () => {
    for (const s of opened) s.disconnect();
    await app.realtime.close();
    await poolEventsPool.end();
  });

  test("POST /api/submissions (how pages submit) follows submission.submit's row for every role", async () => {
    const users = usersByRole();
    for (const role of ROLES) {
      const expected = PROCEDURES["submission.submit"].access[role];
      const user = users[role];
      const reply = await submissionRequest(
        baseUrl,
        { courseId: fx.courseId, exerciseSlug: "markov-chain", idempotencyKey: `rest-${unique()}`, body: MARKOV_PI },
        user ? await cookieOf(user) : undefined,
      );
      if (expected === "ok") {
        assert.equal(reply.status, 200, `${role}: ${reply.text}`);
        assert.equal((reply.data as { userId: string }).userId, user!.id);
      } else {
        assert.equal(reply.code, expected, `${role}: ${reply.text}`);
        assertReadable(reply.message, `POST /api/submissions as ${role}`);
      }
    }
  });

  test("the matrix has one row per client event of CLIENT_EVENTS", () => {
    assert.deepEqual(coverageProblems("client event", CLIENT_EVENTS, Object.keys(EVENT_MATRIX)), []);
  });

  /** One event as `role`: the effect when allowed; when refused, a readable error, no change, and silence. */
  async function sendAs(event: string, row: EventRow, role: (typeof SIGNED_IN_ROLES)[number], user: TestUser, socket: Socket) {
    const label = `${event} as ${role}`;
    await row.prepare?.(socket);
    const mine = listen(socket);
    const observed = observer.heard.length;
    const before = await dbFingerprint(db);
    const sent = await row.send(socket);
    const changed = changedTables(before, await dbFingerprint(db));
    assert.notEqual(sent, NO_ACK, `${label}: no acknowledgement`);
    const ok = row.accepted ? row.accepted(sent) : ackIsOk(sent);
    if (row.access[role] === "ok") {
      assert.ok(ok, `${label}: expected to be allowed, got ${JSON.stringify(sent)}`);
      assert.deepEqual(changed.filter((t) => !(row.writes ?? []).includes(t)), [], `${label} may change only ${row.writes?.join(", ") || "nothing"}`);
      await row.trigger?.(user);
      row.heard?.(mine.heard, role, user);
    } else {
      assert.ok(!ok, `${label}: expected to be refused, got ${JSON.stringify(sent)}`);
      if (!row.accepted) assertReadable((sent as { error?: unknown }).error, label);
      assert.deepEqual(changed, [], `${label}: a refused event changes no table`);
      await row.trigger?.(user);
      assert.deepEqual(mine.heard, [], `${label}: a refused socket hears nothing`);
      // Pool progress of the user's own jobs reaches the instructors whatever the user's socket did.
      const aboutUser = observer.heard.slice(observed).filter((h) => h.event !== EVENTS.poolProgress && JSON.stringify(h.payload).includes(user.id));
      assert.deepEqual(aboutUser, [], `${label}: nobody hears of a refused event`);
    }
    if (row.missing) {
      const ack = await row.missing(socket);
      assert.ok(!ackIsOk(ack), `${label} naming nothing: refused`);
      assertReadable((ack as { error?: unknown }).error, `${label} naming nothing`);
      assert.match((ack as { error: string }).error, /no such/i);
    }
  }

  for (const [event, row] of Object.entries(EVENT_MATRIX)) {
    const allowed = SIGNED_IN_ROLES.filter((r) => row.access[r] === "ok");
    test(`${event}: allowed for ${allowed.join(", ") || "nobody"}; anonymous sockets are refused`, async () => {
      assert.ok((CLIENT_EVENTS as readonly string[]).includes(event), `${event} is not in CLIENT_EVENTS`);
      await assert.rejects(openSocket(baseUrl), (error: Error) => {
        assertReadable(error.message, `${event} as anonymous: the refused connection`);
        return /sign in/i.test(error.message);
      });
      const users = usersByRole();
      for (const role of [...SIGNED_IN_ROLES.filter((r) => row.access[r] !== "ok"), ...allowed]) {
        const socket = await socketOf(users[role]!);
        try {
          await sendAs(event, row, role, users[role]!, socket);
        } finally {
          socket.disconnect();
        }
      }
    });
  }
});
