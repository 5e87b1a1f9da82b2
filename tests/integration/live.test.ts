// Live sessions on the real database: who may call each live.* procedure, what bad payloads get,
// polls, timed rounds (timing, last-submission ranking, points), rejoining, and the socket.io half
// (join, grid, rate limits, broadcasts, spotlight, clock) over a real HTTP server without Next.js.
import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { TRPCError } from "@trpc/server";
import superjson from "superjson";
import { io as connect, type Socket } from "socket.io-client";
import { QUIZZES } from "@/lib/course/quizzes";
import type { LivePublicState } from "@/lib/live/types";
import { type ClientToServerEvents, EVENTS, type LiveJoinAck, type LiveProgress, type ServerToClientEvents } from "@/lib/realtime/protocol";
import { liveRouter } from "@/server/api/routers/live";
import { createAppServer } from "@/server/app";
import { createAuth } from "@/server/auth";
import { DomainError } from "@/server/services/errors";
import { closeDueRounds, ROUND_CLOSE_GRACE_MS } from "@/server/services/live";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { submitSolution } from "@/server/services/submissions";
import {
  callerFor,
  createCourse,
  createUser,
  enroll,
  openTestContext,
  perfectRingSamples,
  TEST_SECRET,
  unique,
  inlineSubmissionScoring,
} from "../support/database";
import { submissionRequest } from "../support/http-client";

type User = Awaited<ReturnType<typeof createUser>>;
type Caller = ReturnType<typeof callerFor>["caller"];
type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ctx = openTestContext();
const { db } = ctx;
let app: ReturnType<typeof createAppServer>;
let baseUrl: string;
const sockets: LiveSocket[] = [];

let courseId: string;
let otherCourseId: string;
let instructor: User;
/** Students of the course. */
let ann: User, bob: User, cem: User, dee: User;
/** A student of another course only. */
let outsider: User;

before(async () => {
  app = createAppServer({ db, auth: createAuth({ db, secret: TEST_SECRET, baseURL: "http://localhost" }), score: scoreInline, check: checkInline });
  await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  [courseId, otherCourseId] = await Promise.all([createCourse(db, "Live course"), createCourse(db, "Other course")]);
  [instructor, ann, bob, cem, dee, outsider] = await Promise.all(["Prof", "Ann", "Bob", "Cem", "Dee", "Stranger"].map((n) => createUser(ctx.auth, n)));
  await enroll(db, instructor.id, courseId, "INSTRUCTOR");
  for (const s of [ann, bob, cem, dee]) await enroll(db, s.id, courseId, "STUDENT");
  await enroll(db, outsider.id, otherCourseId, "STUDENT");
});

after(async () => {
  for (const s of sockets) s.disconnect();
  await app.realtime.close();
  await db.$disconnect();
});

// ── Helpers ─────────────────────────────────────────────────────────────────────────────────

const as = (user: User | null) => callerFor(ctx, user);

async function rejects(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof TRPCError, `expected a TRPCError, got ${String(e)}`);
    assert.equal(e.code, code, e.message);
    if (message) assert.match(e.message, message);
    return true;
  });
}

/** Ends the course's running session, if any, and starts a new one. */
async function freshSession() {
  const { caller } = as(instructor);
  const running = await caller.live.start({ courseId });
  if (!running.resumed) return running;
  await caller.live.end({ sessionId: running.sessionId });
  const started = await caller.live.start({ courseId });
  assert.equal(started.resumed, false);
  return started;
}

/** Students may see classmates' display names, never their email addresses. */
function assertNoEmails(value: unknown, what: string) {
  const text = JSON.stringify(value);
  for (const user of [ann, bob, cem, dee]) assert.ok(!text.includes(user.email), `${what} holds ${user.name}'s email`);
}

/** Exact stationary distribution of the markov-chain exercise, moved by `e` (its L1 error is 2e). */
const piOff = (e: number) => [4 / 51 + e, 40 / 51 - e, 7 / 51];

function submitPi(caller: Caller, e: number, roundId?: string) {
  return caller.submission.submit({ courseId, exerciseSlug: "markov-chain", idempotencyKey: `k-${unique()}`, body: { pi: piOff(e) }, roundId });
}

const cookies = new Map<string, string>();
/** A Better Auth session cookie for `user`, through the real sign-in endpoint. */
async function cookieOf(user: User): Promise<string> {
  const known = cookies.get(user.id);
  if (known) return known;
  const response = await fetch(`${baseUrl}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: "http://localhost" },
    body: JSON.stringify({ email: user.email, password: user.password }),
  });
  assert.equal(response.status, 200, await response.clone().text());
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  cookies.set(user.id, cookie);
  return cookie;
}

interface HttpResult<T> {
  status: number;
  data?: T;
  error?: { message: string; code: string };
}

/** One tRPC call over HTTP, encoded with superjson as the browser does (so NaN and Infinity survive). */
async function trpc<T = unknown>(user: User | null, path: string, input: unknown, kind: "mutation" | "query" = "mutation"): Promise<HttpResult<T>> {
  const headers: Record<string, string> = { "content-type": "application/json", ...(user ? { cookie: await cookieOf(user) } : {}) };
  const payload = JSON.stringify(superjson.serialize(input));
  const response =
    kind === "query"
      ? await fetch(`${baseUrl}/api/trpc/${path}?input=${encodeURIComponent(payload)}`, { headers })
      : await fetch(`${baseUrl}/api/trpc/${path}`, { method: "POST", headers, body: payload });
  const body = await response.json();
  if (body.error) return { status: response.status, error: { message: body.error.json.message, code: body.error.json.data.code } };
  return { status: response.status, data: superjson.deserialize(body.result.data) as T };
}

function connectAs(cookie: string): LiveSocket {
  const socket: LiveSocket = connect(baseUrl, { extraHeaders: { cookie }, transports: ["websocket"], reconnection: false });
  sockets.push(socket);
  return socket;
}

const join = (socket: LiveSocket, payload: unknown) => socket.timeout(5000).emitWithAck(EVENTS.liveJoin, payload) as Promise<LiveJoinAck>;
const clock = (socket: LiveSocket) => socket.timeout(5000).emitWithAck(EVENTS.liveClock, {}) as Promise<{ serverNow: number }>;

/** Every payload of `event` the socket receives from now on. */
function record<E extends keyof ServerToClientEvents>(socket: LiveSocket, event: E): Parameters<ServerToClientEvents[E]>[0][] {
  const seen: Parameters<ServerToClientEvents[E]>[0][] = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

/** Resolves with the first payload of `event` that satisfies `match`, or fails after `ms`. */
function waitFor<E extends keyof ServerToClientEvents>(
  socket: LiveSocket,
  event: E,
  match: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean,
  ms: number,
) {
  return new Promise<Parameters<ServerToClientEvents[E]>[0]>((resolve, reject) => {
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener);
      resolve(payload);
    }) as never;
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no matching ${event} within ${ms} ms`));
    }, ms);
    socket.on(event, listener);
  });
}

const progress = (sessionId: string, iteration: number): LiveProgress => ({
  sessionId,
  exerciseSlug: "gan-ring",
  backend: "wasm",
  iteration,
  losses: { d: 0.69, g: 0.7 },
  thumbnail: [0, 0, 1, 1],
});

// ── tRPC procedures ─────────────────────────────────────────────────────────────────────────

describe("live procedures (tRPC)", () => {
  test("every procedure: anonymous → UNAUTHORIZED, other course → FORBIDDEN, wrong role → FORBIDDEN, right role succeeds", async () => {
    const fx = { sessionId: "", joinCode: "", pollId: "", roundId: "" };
    type Who = "student" | "instructor";
    interface Row {
      name: string;
      allowed: Who[];
      call: (c: Caller) => Promise<unknown>;
      /** What a successful call announces: a new state for the session, or a poll answer. */
      announces?: "state" | "poll";
    }
    const rows: Row[] = [
      {
        name: "start",
        allowed: ["instructor"],
        call: async (c) => {
          const started = await c.live.start({ courseId });
          fx.sessionId = started.sessionId;
          fx.joinCode = started.joinCode;
        },
      },
      { name: "list", allowed: ["student", "instructor"], call: (c) => c.live.list({ courseId }) },
      { name: "joinByCode", allowed: ["student", "instructor"], call: (c) => c.live.joinByCode({ code: fx.joinCode }) },
      { name: "state", allowed: ["student", "instructor"], call: (c) => c.live.state({ sessionId: fx.sessionId }) },
      { name: "summary", allowed: ["student", "instructor"], call: (c) => c.live.summary({ sessionId: fx.sessionId }) },
      { name: "exportCsv", allowed: ["instructor"], call: (c) => c.live.exportCsv({ sessionId: fx.sessionId }) },
      { name: "classPicture", allowed: ["instructor"], call: (c) => c.live.classPicture({ sessionId: fx.sessionId }) },
      { name: "setModule", allowed: ["instructor"], announces: "state", call: (c) => c.live.setModule({ sessionId: fx.sessionId, moduleSlug: "gan" }) },
      {
        name: "setNavigationLock",
        allowed: ["instructor"],
        announces: "state",
        call: (c) => c.live.setNavigationLock({ sessionId: fx.sessionId, locked: false }),
      },
      { name: "spotlight", allowed: ["instructor"], announces: "state", call: (c) => c.live.spotlight({ sessionId: fx.sessionId, userId: ann.id }) },
      {
        name: "openPoll",
        allowed: ["instructor"],
        announces: "state",
        call: async (c) => {
          fx.pollId = (
            await c.live.openPoll({ sessionId: fx.sessionId, poll: { kind: "custom", prompt: "Ready?", choices: ["yes", "no"], correctIndex: null } })
          ).pollId;
        },
      },
      { name: "answerPoll", allowed: ["student"], announces: "poll", call: (c) => c.live.answerPoll({ pollId: fx.pollId, choice: 0 }) },
      { name: "closePoll", allowed: ["instructor"], announces: "state", call: (c) => c.live.closePoll({ pollId: fx.pollId }) },
      { name: "revealPoll", allowed: ["instructor"], announces: "state", call: (c) => c.live.revealPoll({ pollId: fx.pollId }) },
      {
        name: "startRound",
        allowed: ["instructor"],
        announces: "state",
        call: async (c) => {
          fx.roundId = (await c.live.startRound({ sessionId: fx.sessionId, exerciseSlug: "markov-chain", durationSeconds: 15 })).roundId;
        },
      },
      { name: "endRound", allowed: ["instructor"], announces: "state", call: (c) => c.live.endRound({ roundId: fx.roundId }) },
      { name: "end", allowed: ["instructor"], announces: "state", call: (c) => c.live.end({ sessionId: fx.sessionId }) },
    ];
    // Every procedure of the router is in the table.
    assert.deepEqual(rows.map((r) => r.name).sort(), Object.keys(liveRouter._def.procedures).sort());

    const version = async () => (fx.sessionId ? (await db.liveSession.findUniqueOrThrow({ where: { id: fx.sessionId } })).version : null);
    for (const row of rows) {
      const before = await version();
      const refused = [
        { who: "anonymous", user: null, code: "UNAUTHORIZED" as const },
        { who: "other course's student", user: outsider, code: "FORBIDDEN" as const },
        ...(["student", "instructor"] as const)
          .filter((w) => !row.allowed.includes(w))
          .map((w) => ({ who: w, user: w === "student" ? ann : instructor, code: "FORBIDDEN" as const })),
      ];
      for (const { who, user, code } of refused) {
        const recorder = as(user);
        await rejects(row.call(recorder.caller), code).catch((e) => assert.fail(`${row.name} as ${who}: ${e.message}`));
        assert.deepEqual([recorder.liveChanges, recorder.pollAnswers], [[], []], `${row.name} as ${who} announced nothing`);
      }
      assert.equal(await version(), before, `${row.name}: refused calls change nothing`);
      for (const who of row.allowed) {
        const recorder = as(who === "student" ? ann : instructor);
        await row.call(recorder.caller).catch((e) => assert.fail(`${row.name} as ${who}: ${e.message}`));
        if (row.announces === "state") assert.deepEqual(recorder.liveChanges, [fx.sessionId], `${row.name} announces the new state`);
        if (row.announces === "poll") assert.deepEqual(recorder.pollAnswers, [fx.pollId], `${row.name} announces the answer`);
      }
    }
    const ended = await db.liveSession.findUniqueOrThrow({ where: { id: fx.sessionId } });
    assert.ok(ended.endedAt, "the instructor ended the session");
    // Once ended, instructor actions are refused; the record stays readable.
    await rejects(as(instructor).caller.live.setModule({ sessionId: fx.sessionId, moduleSlug: null }), "CONFLICT", /ended/);
    await as(instructor).caller.live.exportCsv({ sessionId: fx.sessionId });
    await rejects(as(instructor).caller.live.state({ sessionId: "no-such-session" }), "NOT_FOUND");
  });

  test("bad payloads over HTTP: 400 with a readable message naming the field, and nothing written", async () => {
    const { sessionId, joinCode } = await freshSession();
    const { pollId } = await as(instructor).caller.live.openPoll({
      sessionId,
      poll: { kind: "custom", prompt: "Pick", choices: ["a", "b", "c"], correctIndex: 0 },
    });
    const snapshot = async () => ({
      session: await db.liveSession.findUniqueOrThrow({ where: { id: sessionId }, select: { version: true, moduleSlug: true, spotlightUserId: true } }),
      polls: await db.livePoll.count({ where: { sessionId } }),
      rounds: await db.liveRound.count({ where: { sessionId } }),
      answers: await db.livePollAnswer.count({ where: { pollId } }),
      participants: await db.liveParticipant.count({ where: { sessionId } }),
    });
    const before = await snapshot();
    const round = (durationSeconds: unknown) => ({ sessionId, exerciseSlug: "markov-chain", durationSeconds });
    const poll = (p: Record<string, unknown>) => ({ sessionId, poll: { kind: "custom", prompt: "Pick one", choices: ["a", "b"], correctIndex: null, ...p } });
    const cases: [string, User, string, unknown, RegExp][] = [
      ["NaN duration", instructor, "live.startRound", round(Number.NaN), /^"durationSeconds": .*received NaN/],
      ["Infinity duration", instructor, "live.startRound", round(Number.POSITIVE_INFINITY), /^"durationSeconds": .*received Infinity/],
      ["-Infinity duration", instructor, "live.startRound", round(Number.NEGATIVE_INFINITY), /^"durationSeconds": .*received -Infinity/],
      ["14 s round", instructor, "live.startRound", round(14), /^"durationSeconds": .*>=15$/],
      ["61 min round", instructor, "live.startRound", round(3601), /^"durationSeconds": .*<=3600$/],
      ["fractional duration", instructor, "live.startRound", round(20.5), /^"durationSeconds": .*expected int/],
      ["duration as text", instructor, "live.startRound", round("30"), /^"durationSeconds": /],
      ["empty exercise slug", instructor, "live.startRound", { ...round(30), exerciseSlug: " " }, /^"exerciseSlug": must not be empty/],
      ["empty prompt", instructor, "live.openPoll", poll({ prompt: "   " }), /^"poll.prompt": must not be empty/],
      ["too long prompt", instructor, "live.openPoll", poll({ prompt: "x".repeat(301) }), /^"poll.prompt": must be at most 300 characters/],
      ["1 choice", instructor, "live.openPoll", poll({ choices: ["only"] }), /^"poll.choices": needs at least 2 choices/],
      ["7 choices", instructor, "live.openPoll", poll({ choices: ["a", "b", "c", "d", "e", "f", "g"] }), /^"poll.choices": takes at most 6 choices/],
      ["empty choice", instructor, "live.openPoll", poll({ choices: ["a", " "] }), /^"poll.choices.1": must not be empty/],
      ["too long choice", instructor, "live.openPoll", poll({ choices: ["y".repeat(121), "b"] }), /^"poll.choices.0": must be at most 120 characters/],
      [
        "correctIndex past the choices",
        instructor,
        "live.openPoll",
        poll({ choices: ["a", "b", "c"], correctIndex: 3 }),
        /^The correct answer must be one of the choices\.$/,
      ],
      ["correctIndex 6", instructor, "live.openPoll", poll({ correctIndex: 6 }), /^"poll.correctIndex": /],
      ["correctIndex -1", instructor, "live.openPoll", poll({ correctIndex: -1 }), /^"poll.correctIndex": /],
      ["unknown poll kind", instructor, "live.openPoll", { sessionId, poll: { kind: "essay", prompt: "Why?" } }, /^"poll.kind": /],
      ["choice past the poll's choices", ann, "live.answerPoll", { pollId, choice: 3 }, /^Choose one of the 3 answers\.$/],
      ["choice 6", ann, "live.answerPoll", { pollId, choice: 6 }, /^"choice": /],
      ["choice -1", ann, "live.answerPoll", { pollId, choice: -1 }, /^"choice": /],
      ["choice 1.5", ann, "live.answerPoll", { pollId, choice: 1.5 }, /^"choice": /],
      ["choice NaN", ann, "live.answerPoll", { pollId, choice: Number.NaN }, /^"choice": .*received NaN/],
      ["empty join code", ann, "live.joinByCode", { code: "  " }, /Type the code shown by your instructor/],
      ["too long join code", ann, "live.joinByCode", { code: `${joinCode}-${"X".repeat(11)}` }, /A session code has 6 characters/],
      ["too long module slug", instructor, "live.setModule", { sessionId, moduleSlug: "m".repeat(65) }, /^"moduleSlug": must be at most 64 characters/],
      ["empty module slug", instructor, "live.setModule", { sessionId, moduleSlug: "" }, /^"moduleSlug": must not be empty/],
      ["too long session id", instructor, "live.setNavigationLock", { sessionId: "s".repeat(65), locked: true }, /^"sessionId": /],
      ["lock not a boolean", instructor, "live.setNavigationLock", { sessionId, locked: "yes" }, /^"locked": /],
      ["empty spotlight user", instructor, "live.spotlight", { sessionId, userId: "" }, /^"userId": /],
    ];
    for (const [what, user, path, input, message] of cases) {
      const result = await trpc(user, path, input);
      assert.equal(result.status, 400, `${what}: ${JSON.stringify(result)}`);
      assert.equal(result.error?.code, "BAD_REQUEST", what);
      assert.match(result.error!.message, message, what);
      assert.ok(
        result.error!.message.length < 200 && !/Something went wrong|\[\s*\{/.test(result.error!.message),
        `${what}: readable (${result.error!.message})`,
      );
    }
    // Well-formed but naming nothing that exists: 404 with the name, as for submissions to an unknown exercise.
    const unknown: [string, string, unknown, RegExp][] = [
      ["unknown exercise", "live.startRound", { sessionId, exerciseSlug: "no-such-exercise", durationSeconds: 30 }, /no exercise called "no-such-exercise"/],
      ["unknown module", "live.setModule", { sessionId, moduleSlug: "no-such-module" }, /no module “no-such-module”/],
      [
        "unknown quiz question",
        "live.openPoll",
        { sessionId, poll: { kind: "quiz", moduleSlug: "gan", questionId: "no-such-question" } },
        /no such quiz question/,
      ],
      ["spotlight on a non-student", "live.spotlight", { sessionId, userId: outsider.id }, /Only a student of this course/],
    ];
    for (const [what, path, input, message] of unknown) {
      const result = await trpc(instructor, path, input);
      assert.equal(result.status, 404, `${what}: ${JSON.stringify(result)}`);
      assert.match(result.error!.message, message, what);
    }
    assert.deepEqual(await snapshot(), before, "nothing was written");
    // The same checks guard the tRPC callers (no HTTP in between).
    await rejects(as(instructor).caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: Number.NaN }), "BAD_REQUEST");
    await rejects(as(instructor).caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: Number.POSITIVE_INFINITY }), "BAD_REQUEST");
    assert.deepEqual(await snapshot(), before, "nothing was written");
  });

  test("polls: answers counted, changeable while open, refused once closed; counts hidden from students until revealed", async () => {
    const { sessionId } = await freshSession();
    const teacher = as(instructor);
    const { pollId } = await teacher.caller.live.openPoll({
      sessionId,
      poll: { kind: "custom", prompt: "  Which is a generative model?  ", choices: ["SVM", "Logistic regression", "VAE"], correctIndex: 2 },
    });
    const [A, B, C] = [ann, bob, cem].map((u) => as(u));
    assert.deepEqual(await A.caller.live.answerPoll({ pollId, choice: 0 }), { choice: 0 });
    await A.caller.live.answerPoll({ pollId, choice: 1 }); // changed their mind while open
    await B.caller.live.answerPoll({ pollId, choice: 2 });
    assert.deepEqual([A.pollAnswers, B.pollAnswers], [[pollId, pollId], [pollId]], "each answer is announced to the instructors");
    const stored = await db.livePollAnswer.findMany({ where: { pollId }, orderBy: { userId: "asc" } });
    assert.deepEqual(
      stored.map((a) => [a.userId, a.choice]).sort(),
      [
        [ann.id, 1],
        [bob.id, 2],
      ].sort(),
      "one answer per student, the latest",
    );

    const studentView = await A.caller.live.state({ sessionId });
    assert.equal(studentView.state.poll?.prompt, "Which is a generative model?", "the prompt is trimmed");
    assert.deepEqual(
      [studentView.state.poll?.status, studentView.state.poll?.counts, studentView.state.poll?.correctIndex],
      ["OPEN", null, null],
      "students see neither counts nor the answer",
    );
    assert.equal(studentView.pollCounts, null);
    assert.equal(studentView.me.pollAnswer, 1);
    const teacherView = await teacher.caller.live.state({ sessionId });
    assert.deepEqual(teacherView.pollCounts, [0, 1, 1], "instructors see the counts live");
    assert.equal(teacherView.state.poll?.counts, null, "the public snapshot (sent to every socket) holds no counts");

    await teacher.caller.live.closePoll({ pollId });
    await rejects(A.caller.live.answerPoll({ pollId, choice: 2 }), "CONFLICT", /closed; your answer was not recorded/);
    await rejects(C.caller.live.answerPoll({ pollId, choice: 2 }), "CONFLICT", /closed/);
    assert.deepEqual(C.pollAnswers, [], "a refused answer is not announced");
    assert.deepEqual(
      (await db.livePollAnswer.findMany({ where: { pollId } })).map((a) => [a.userId, a.choice]).sort(),
      [
        [ann.id, 1],
        [bob.id, 2],
      ].sort(),
      "refused answers are not stored",
    );
    assert.equal((await A.caller.live.state({ sessionId })).state.poll?.counts, null, "closed is not revealed");
    assert.equal((await B.caller.live.summary({ sessionId })).polls[0].counts, null, "nor in the summary");
    assert.equal((await B.caller.live.state({ sessionId })).me.points, 0, "no points before the reveal");

    await teacher.caller.live.revealPoll({ pollId });
    const revealed = await C.caller.live.state({ sessionId });
    assert.deepEqual([revealed.state.poll?.status, revealed.state.poll?.counts, revealed.state.poll?.correctIndex], ["REVEALED", [0, 1, 1], 2]);
    assert.equal(revealed.me.pollAnswer, null);
    await rejects(C.caller.live.answerPoll({ pollId, choice: 2 }), "CONFLICT");
    assert.deepEqual(
      [(await B.caller.live.state({ sessionId })).me.points, (await A.caller.live.state({ sessionId })).me.points],
      [100, 0],
      "100 points for the right answer",
    );
    assert.deepEqual((await A.caller.live.summary({ sessionId })).polls[0].counts, [0, 1, 1]);

    // From a module's quiz: prompt and choices are the quiz's, the answer stays on the server until revealed.
    const question = QUIZZES.gan.find((q) => q.kind === "choice")!;
    assert.equal(question.kind, "choice");
    const { pollId: quizPollId } = await teacher.caller.live.openPoll({ sessionId, poll: { kind: "quiz", moduleSlug: "gan", questionId: question.id } });
    const quizView = await A.caller.live.state({ sessionId });
    assert.deepEqual(
      {
        id: quizView.state.poll?.id,
        prompt: quizView.state.poll?.prompt,
        choices: quizView.state.poll?.choices,
        correctIndex: quizView.state.poll?.correctIndex,
      },
      { id: quizPollId, prompt: question.prompt, choices: question.choices, correctIndex: null },
    );
    const row = await db.livePoll.findUniqueOrThrow({ where: { id: quizPollId } });
    assert.deepEqual([row.moduleSlug, row.questionId, row.correctIndex], ["gan", question.id, question.answer]);
    // Opening a poll closes the one still open.
    const { pollId: third } = await teacher.caller.live.openPoll({
      sessionId,
      poll: { kind: "custom", prompt: "Next?", choices: ["a", "b"], correctIndex: null },
    });
    assert.equal((await db.livePoll.findUniqueOrThrow({ where: { id: quizPollId } })).status, "CLOSED");
    await rejects(A.caller.live.answerPoll({ pollId: quizPollId, choice: question.answer }), "CONFLICT");
    await teacher.caller.live.closePoll({ pollId: third });

    const numeric = QUIZZES.gan.find((q) => q.kind === "numeric")!;
    const polls = await db.livePoll.count({ where: { sessionId } });
    await rejects(
      teacher.caller.live.openPoll({ sessionId, poll: { kind: "quiz", moduleSlug: "gan", questionId: numeric.id } }),
      "BAD_REQUEST",
      /Only multiple-choice questions/,
    );
    await rejects(teacher.caller.live.openPoll({ sessionId, poll: { kind: "quiz", moduleSlug: "no-such-module", questionId: question.id } }), "NOT_FOUND");
    assert.equal(await db.livePoll.count({ where: { sessionId } }), polls, "refused polls are not stored");
    assert.equal((await db.livePoll.findUniqueOrThrow({ where: { id: third } })).status, "CLOSED", "a refused poll does not close the current one");
  });

  test("rounds: timing by the server's clock, one at a time, each student's last submission ranked, 500 → 100 points, ties share a rank", async () => {
    const { sessionId } = await freshSession();
    const teacher = as(instructor);
    const [A, B, C, D] = [ann, bob, cem, dee].map((u) => as(u).caller);
    await teacher.caller.live.setModule({ sessionId, moduleSlug: "markov-chains-mcmc" });
    const startedAt = Date.now();
    const { roundId, endsAt } = await teacher.caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 15 });
    assert.ok(Math.abs(endsAt.getTime() - (startedAt + 15_000)) < 1000, "ends 15 s from now");
    await rejects(teacher.caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 30 }), "CONFLICT", /already running/);
    assert.equal(await db.liveRound.count({ where: { sessionId } }), 1);

    // A's great entry first, then a worse one: the worse one is what counts. C and D tie.
    const great = await submitPi(A, 0, roundId);
    assert.equal(great.roundId, roundId);
    assert.ok(great.metrics.l1Error < 1e-12, "the exact answer");
    const bobEntry = await submitPi(B, 0.005, roundId);
    await submitPi(C, 0.05, roundId);
    await submitPi(D, 0.05, roundId);
    const worse = await submitPi(A, 0.25, roundId);

    // Refused: another exercise with this round, and another course's exercise with it. Nothing stored.
    const count = () => db.submission.count({ where: { userId: { in: [ann.id, outsider.id] } } });
    const stored = await count();
    await rejects(
      A.submission.submit({ courseId, exerciseSlug: "gan-ring", idempotencyKey: `k-${unique()}`, body: { samples: perfectRingSamples() }, roundId }),
      "NOT_FOUND",
      /no such round/,
    );
    await rejects(
      as(outsider).caller.submission.submit({
        courseId: otherCourseId,
        exerciseSlug: "markov-chain",
        idempotencyKey: `k-${unique()}`,
        body: { pi: piOff(0) },
        roundId,
      }),
      "NOT_FOUND",
      /no such round/,
    );
    assert.equal(await count(), stored);
    assert.equal(await db.liveParticipant.count({ where: { sessionId, userId: outsider.id } }), 0);

    // A reload (a new caller) gets the same module, round, own submissions and points.
    const live = await A.live.state({ sessionId });
    const reloaded = await as(ann).caller.live.state({ sessionId });
    assert.deepEqual(
      [reloaded.state.moduleSlug, reloaded.state.round?.id, reloaded.state.round?.endsAt, reloaded.state.round?.resultsAt],
      ["markov-chains-mcmc", roundId, endsAt.getTime(), null],
    );
    assert.deepEqual(reloaded.me, live.me);
    assert.deepEqual(
      reloaded.me.roundSubmissions.map((s) => s.id),
      [worse.id, great.id],
      "own round submissions, newest first",
    );
    assert.deepEqual(
      reloaded.me.roundSubmissions.map((s) => s.metrics.l1Error),
      [worse.metrics.l1Error, great.metrics.l1Error],
    );
    assert.equal(reloaded.me.roundStanding, null, "no standing before the results");
    const teacherView = await teacher.caller.live.state({ sessionId });
    assert.deepEqual(teacherView.participants?.map((p) => p.userId).sort(), [ann.id, bob.id, cem.id, dee.id].sort(), "whoever submits in a round takes part");
    assert.deepEqual(
      new Map(teacherView.participants?.map((p) => [p.userId, p.email])),
      new Map([ann, bob, cem, dee].map((u) => [u.id, u.email])),
      "instructors see each participant's email",
    );
    assert.equal(reloaded.participants, null);
    assertNoEmails(reloaded, "a student's live state");
    assert.equal(teacherView.me.roundSubmissions.length, 0);

    // By the server's clock at arrival: a millisecond before the end counts; before the start, or
    // exactly at the end, a submission is refused.
    const direct = (at: number, e = 0) =>
      submitSolution(
        db,
        dee,
        { courseId, exerciseSlug: "markov-chain", idempotencyKey: `k-${unique()}`, draft: { body: { pi: piOff(e) } }, roundId },
        inlineSubmissionScoring(db),
        { now: new Date(at) },
      );
    const justInTime = await direct(endsAt.getTime() - 1, 0.05); // Dee's last entry: same score as before
    assert.equal(justInTime.roundId, roundId);
    const deeBefore = await db.submission.count({ where: { userId: dee.id } });
    await assert.rejects(direct(endsAt.getTime() - 16_000), (e: unknown) => e instanceof DomainError && e.kind === "CONFLICT" && /not started/.test(e.message));
    const endTime = endsAt.toISOString().slice(11, 19);
    await assert.rejects(
      direct(endsAt.getTime()),
      (e: unknown) => e instanceof DomainError && e.kind === "LIMIT_REACHED" && e.message.includes(`The round ended at ${endTime}`),
    );
    await assert.rejects(
      direct(endsAt.getTime() + 2500),
      (e: unknown) => e instanceof DomainError && e.message.includes(`ended at ${endTime} UTC (server clock), 2.5 s before your submission arrived`),
    );
    assert.equal(await db.submission.count({ where: { userId: dee.id } }), deeBefore, "late submissions are not stored");

    // The instructor ends it early: from then on, 429 naming the end time.
    await teacher.caller.live.endRound({ roundId });
    const ended = await db.liveRound.findUniqueOrThrow({ where: { id: roundId } });
    assert.ok(ended.endsAt.getTime() <= Date.now() && ended.endsAt < endsAt && ended.resultsAt === null);
    const bobBefore = await db.submission.count({ where: { userId: bob.id } });
    await rejects(
      submitPi(B, 0, roundId),
      "TOO_MANY_REQUESTS",
      new RegExp(`^The round ended at ${ended.endsAt.toISOString().slice(11, 19)} UTC \\(server clock\\).*it was not counted\\.$`),
    );
    assert.equal(await db.submission.count({ where: { userId: bob.id } }), bobBefore);
    await teacher.caller.live.endRound({ roundId }); // twice: harmless
    assert.deepEqual((await db.liveRound.findUniqueOrThrow({ where: { id: roundId } })).endsAt, ended.endsAt);

    // Results: published once, by whichever caller closes the round first.
    const versionBefore = (await db.liveSession.findUniqueOrThrow({ where: { id: sessionId } })).version;
    const closeAt = new Date(Date.now() + ROUND_CLOSE_GRACE_MS + 500);
    assert.ok((await closeDueRounds(db, closeAt)).includes(sessionId));
    assert.ok(!(await closeDueRounds(db, closeAt)).includes(sessionId), "closed only once");
    assert.equal((await db.liveSession.findUniqueOrThrow({ where: { id: sessionId } })).version, versionBefore + 1, "closing bumps the version");

    const results = await as(bob).caller.live.state({ sessionId });
    const round = results.state.round!;
    assert.ok(round.resultsAt);
    assert.equal(round.entrants, 4);
    assert.deepEqual(
      round.standings!.map((s) => [s.name, s.rank, s.points]),
      [
        ["Bob", 1, 500],
        ["Cem", 2, 367],
        ["Dee", 2, 367],
        ["Ann", 4, 100],
      ],
    );
    const annStanding = round.standings!.find((s) => s.userId === ann.id)!;
    assert.equal(annStanding.submissionId, worse.id, "Ann's last submission counts, not her best");
    assert.equal(annStanding.metrics.l1Error, worse.metrics.l1Error);
    assert.equal(round.standings!.find((s) => s.userId === dee.id)?.submissionId, justInTime.id);
    assert.deepEqual(results.me.roundStanding, round.standings![0]);
    assert.equal(results.me.points, 500);
    assertNoEmails(results, "a student's live state with the results");

    // A reload after the results: the same standing and points.
    const annAgain = await as(ann).caller.live.state({ sessionId });
    assert.deepEqual([annAgain.me.points, annAgain.me.roundStanding, annAgain.me.roundSubmissions.map((s) => s.id)], [100, annStanding, [worse.id, great.id]]);
    const summary = await as(instructor).caller.live.summary({ sessionId });
    assert.deepEqual(
      summary.points.map((p) => [p.name, p.email, p.points]),
      [
        ["Bob", bob.email, 500],
        ["Cem", cem.email, 367],
        ["Dee", dee.email, 367],
        ["Ann", ann.email, 100],
      ],
    );
    const annSummary = await as(ann).caller.live.summary({ sessionId });
    assert.deepEqual(
      annSummary.points.map((p) => [p.name, p.email]),
      [
        ["Bob", null],
        ["Cem", null],
        ["Dee", null],
        ["Ann", null],
      ],
    );
    assertNoEmails(annSummary, "a student's results");

    // The next round may start now; ending the session cuts it short, and a submission then is refused.
    const next = await teacher.caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 15 });
    await teacher.caller.live.end({ sessionId });
    await rejects(submitPi(C, 0, next.roundId), "TOO_MANY_REQUESTS", /The round ended at/);
    await rejects(teacher.caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 15 }), "CONFLICT", /ended/);

    // The CSV: one row per participant, each round's rank and primary metric, and the points.
    const csv = await teacher.caller.live.exportCsv({ sessionId });
    const lines = csv.trimEnd().split("\r\n");
    assert.equal(
      lines[0],
      "name,email,polls answered,polls correct,round 1 markov-chain rank,round 1 L1 error,round 2 markov-chain rank,round 2 L1 error,points",
    );
    assert.equal(lines.length, 5);
    assert.equal(
      lines.find((l) => l.startsWith("Ann,")),
      `Ann,${ann.email},0,0,4,${worse.metrics.l1Error},,,100`,
    );
    assert.equal(
      lines.find((l) => l.startsWith("Bob,")),
      `Bob,${bob.email},0,0,1,${bobEntry.metrics.l1Error},,,500`,
    );
  });

  // Two instructors (or two tabs) pressing at once: the check for a running round / open poll and
  // the insert must not interleave. Three tries, each on a new session, as requests interleave differently.
  test("one round at a time, even when starts race", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { sessionId } = await freshSession();
      const { caller } = as(instructor);
      const starts = await Promise.allSettled([1, 2, 3].map(() => caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 15 })));
      assert.equal(await db.liveRound.count({ where: { sessionId, resultsAt: null } }), 1, `attempt ${attempt}: one round running`);
      assert.equal(starts.filter((r) => r.status === "fulfilled").length, 1, `attempt ${attempt}: one start wins`);
      for (const r of starts) if (r.status === "rejected") assert.ok(r.reason instanceof TRPCError && r.reason.code === "CONFLICT", String(r.reason));
    }
  });

  test("one open poll at a time, even when opens race", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const { sessionId } = await freshSession();
      const { caller } = as(instructor);
      await Promise.all(
        [1, 2, 3].map((i) => caller.live.openPoll({ sessionId, poll: { kind: "custom", prompt: `Poll ${i}`, choices: ["a", "b"], correctIndex: null } })),
      );
      assert.equal(await db.livePoll.count({ where: { sessionId, status: "OPEN" } }), 1, `attempt ${attempt}: one poll open`);
    }
  });

  test("the CSV export cannot smuggle a spreadsheet formula in a student's name", async () => {
    const { sessionId, joinCode } = await freshSession();
    const mallory = await createUser(ctx.auth, '=HYPERLINK("http://evil.example","x")');
    await enroll(db, mallory.id, courseId, "STUDENT");
    await as(mallory).caller.live.joinByCode({ code: joinCode });
    const csv = await as(instructor).caller.live.exportCsv({ sessionId });
    const row = csv.split("\r\n").find((l) => l.includes(mallory.email))!;
    // The first cell as a spreadsheet reads it (CSV quotes removed): it must not start a formula.
    const first = firstCsvCell(row);
    assert.ok(first.includes("HYPERLINK"), first);
    assert.doesNotMatch(first, /^[=+\-@\t\r]/, `the name cell reads ${first}`);
  });
});

/** The first cell of a CSV row, unquoted as a spreadsheet reads it (RFC 4180). */
function firstCsvCell(row: string): string {
  if (!row.startsWith('"')) return row.split(",")[0];
  let cell = "";
  for (let i = 1; i < row.length; i++) {
    if (row[i] !== '"') cell += row[i];
    else if (row[i + 1] === '"') cell += row[++i];
    else return cell;
  }
  throw new Error(`unterminated quote in ${row}`);
}

// ── Sockets ─────────────────────────────────────────────────────────────────────────────────

describe("live sockets (real HTTP server)", () => {
  test("join, grid, rate limits, broadcasts, spotlight, clock, rejoin, round close", async () => {
    const { sessionId } = await freshSession();
    const [teacherSocket, annSocket, bobSocket, outsiderSocket] = await Promise.all(
      [instructor, ann, bob, outsider].map(async (u) => connectAs(await cookieOf(u))),
    );
    const grids = record(teacherSocket, EVENTS.liveGrid);
    const outsiderStates = record(outsiderSocket, EVENTS.liveState);
    const stats = app.realtime.stats;

    // Join: the ack carries the state and the server's clock.
    const teacherJoin = await join(teacherSocket, { sessionId });
    assert.ok(teacherJoin.ok, JSON.stringify(teacherJoin));
    assert.equal(teacherJoin.state.sessionId, sessionId);
    assert.ok(Math.abs(teacherJoin.serverNow - Date.now()) < 1000);
    const joined = waitFor(teacherSocket, EVENTS.liveParticipant, (p) => p.userId === ann.id, 2000);
    const annJoin = await join(annSocket, { sessionId });
    assert.ok(annJoin.ok);
    assert.deepEqual(await joined, { sessionId, userId: ann.id, name: "Ann" }, "the instructor hears a student arrive");
    const bobJoin = await join(bobSocket, { sessionId });
    assert.ok(bobJoin.ok);

    // Refused: another course's student, and payloads that are not a session reference.
    const refused = await join(outsiderSocket, { sessionId });
    assert.equal(refused.ok, false);
    assert.match(!refused.ok ? refused.error : "", /not enrolled/);
    for (const bad of [{ sessionId: 42 }, null, "session", {}, { sessionId: "" }]) {
      const ack = await join(annSocket, bad);
      assert.equal(ack.ok, false, JSON.stringify(bad));
      assert.match(!ack.ok ? ack.error : "", /\w/);
    }
    const leaveAck = await annSocket.timeout(5000).emitWithAck(EVENTS.liveLeave, { sessionId: 7 });
    assert.equal(leaveAck.ok, false);
    assert.deepEqual(await join(annSocket, { sessionId: "no-such-session" }), { ok: false, error: "There is no such live session." });

    // Progress: from a joined student it reaches the instructor's grid within a tick or two.
    const refusedBefore = stats.progressRefused;
    outsiderSocket.emit(EVENTS.liveProgress, progress(sessionId, 1));
    teacherSocket.emit(EVENTS.liveProgress, progress(sessionId, 1)); // joined, but not as a student
    // A socket's events are handled in order: once the clock answers, the reports were handled.
    await Promise.all([clock(outsiderSocket), clock(teacherSocket)]);
    assert.equal(stats.progressRefused, refusedBefore + 2, "progress from a socket that did not join as a student is ignored");
    const invalidBefore = stats.invalid;
    const complaint = waitFor(outsiderSocket, EVENTS.error, () => true, 2000);
    outsiderSocket.emit(EVENTS.liveProgress, { ...progress(sessionId, 1), iteration: -1 });
    assert.match((await complaint).message, /Progress report refused: .*iteration/);
    assert.equal(stats.invalid, invalidBefore + 1);

    const sentAt = Date.now();
    const tile = waitFor(teacherSocket, EVENTS.liveGrid, (g) => g.entries.some((e) => e.userId === ann.id), 2500);
    annSocket.emit(EVENTS.liveProgress, progress(sessionId, 42));
    const grid = await tile;
    assert.ok(Date.now() - sentAt < 2500);
    assert.deepEqual(
      { ...grid.entries.find((e) => e.userId === ann.id)!, at: 0 },
      { exerciseSlug: "gan-ring", backend: "wasm", iteration: 42, losses: { d: 0.69, g: 0.7 }, thumbnail: [0, 0, 1, 1], userId: ann.id, name: "Ann", at: 0 },
    );

    // Rate limit: 30 reports at once, a few get through, the rest are dropped; the socket still works.
    const accepted0 = stats.progressAccepted;
    const dropped0 = stats.progressDropped;
    for (let i = 0; i < 30; i++) bobSocket.emit(EVENTS.liveProgress, progress(sessionId, 100 + i));
    const bobClock = await clock(bobSocket);
    assert.ok(bobClock.serverNow > 0, "a later live:clock still gets its answer");
    const accepted = stats.progressAccepted - accepted0;
    const dropped = stats.progressDropped - dropped0;
    assert.equal(accepted + dropped, 30);
    assert.ok(accepted >= 3 && accepted <= 4, `accepted ${accepted}`);
    const bobTile = await waitFor(teacherSocket, EVENTS.liveGrid, (g) => g.entries.some((e) => e.userId === bob.id), 2500);
    assert.ok(bobTile.entries.find((e) => e.userId === bob.id)!.iteration < 105, "only the first few reports made it");

    // A change over HTTP reaches every joined socket as a newer snapshot.
    const states = [teacherSocket, annSocket, bobSocket].map((s) => waitFor(s, EVENTS.liveState, (st) => st.moduleSlug === "gan", 2000));
    const set = await trpc(instructor, "live.setModule", { sessionId, moduleSlug: "gan" });
    assert.equal(set.status, 200, JSON.stringify(set));
    for (const state of await Promise.all(states)) assert.ok(state.version > annJoin.state.version, `${state.version} > ${annJoin.state.version}`);

    // Poll answers reach the instructors as counts (batched).
    const opened = await trpc<{ pollId: string }>(instructor, "live.openPoll", {
      sessionId,
      poll: { kind: "custom", prompt: "Ready?", choices: ["yes", "no"], correctIndex: null },
    });
    const counts = waitFor(teacherSocket, EVENTS.livePollCounts, (c) => c.pollId === opened.data?.pollId && c.answered === 1, 2000);
    assert.equal((await trpc(bob, "live.answerPoll", { pollId: opened.data!.pollId, choice: 1 })).status, 200);
    assert.deepEqual((await counts).counts, [0, 1]);

    // Spotlight: at once with the student's latest tile, even if they stopped training (Ann's last
    // report was earlier); then their next report reaches the other students too.
    const spotlit = waitFor(bobSocket, EVENTS.liveState, (st) => st.spotlight?.userId === ann.id, 2000);
    const latestTile = waitFor(bobSocket, EVENTS.liveSpotlight, (t) => t.userId === ann.id, 1500);
    assert.equal((await trpc(instructor, "live.spotlight", { sessionId, userId: ann.id })).status, 200);
    await spotlit;
    assert.equal((await latestTile).sessionId, sessionId);
    const shown = waitFor(bobSocket, EVENTS.liveSpotlight, (t) => t.userId === ann.id && t.iteration === 43, 2500);
    annSocket.emit(EVENTS.liveProgress, progress(sessionId, 43));
    const spot = await shown;
    assert.deepEqual([spot.sessionId, spot.name, spot.thumbnail], [sessionId, "Ann", [0, 0, 1, 1]]);
    assertNoEmails(spot, "the spotlight every student receives");

    // The clock: the server's time, as the server's Date.now() (same process here).
    const before = Date.now();
    const { serverNow } = await clock(annSocket);
    assert.ok(serverNow >= before && serverNow <= Date.now(), `${serverNow} in [${before}, ${Date.now()}]`);

    // A round, then a reload (a new socket): the same module, spotlight and round end.
    const started = await trpc<{ roundId: string; endsAt: Date }>(instructor, "live.startRound", { sessionId, exerciseSlug: "gan-ring", durationSeconds: 15 });
    assert.equal(started.status, 200, JSON.stringify(started));
    const again = connectAs(await cookieOf(ann));
    const rejoin = await join(again, { sessionId });
    assert.ok(rejoin.ok);
    assert.deepEqual(
      [rejoin.state.moduleSlug, rejoin.state.spotlight?.userId, rejoin.state.round?.id, rejoin.state.round?.endsAt],
      ["gan", ann.id, started.data!.roundId, started.data!.endsAt.getTime()],
    );
    const viaHttp = await trpc<{ state: LivePublicState }>(ann, "live.state", { sessionId }, "query");
    assert.equal(viaHttp.data?.state.round?.endsAt, started.data!.endsAt.getTime());

    // The server's sweeper closes an ended round after the grace period and publishes the results.
    const results = waitFor(again, EVENTS.liveState, (st) => st.round?.id === started.data!.roundId && st.round.resultsAt !== null, 4000);
    assert.equal((await trpc(instructor, "live.endRound", { roundId: started.data!.roundId })).status, 200);
    assert.deepEqual((await results).round?.entrants, 0);
    const late = await submissionRequest(
      baseUrl,
      { courseId, exerciseSlug: "gan-ring", idempotencyKey: `k-${unique()}`, body: { samples: perfectRingSamples() }, roundId: started.data!.roundId },
      await cookieOf(ann),
    );
    assert.equal(late.status, 429, late.text);
    assert.match(
      late.message ?? "",
      /^The round ended at \d\d:\d\d:\d\d UTC \(server clock\), \d+\.\d s before your submission arrived; it was not counted\.$/,
    );

    // Ending the session reaches everyone.
    const endedState = waitFor(annSocket, EVENTS.liveState, (st) => st.endedAt !== null, 2000);
    assert.equal((await trpc(instructor, "live.end", { sessionId })).status, 200);
    await endedState;

    assert.deepEqual(outsiderStates, [], "a refused socket hears nothing of the session");
    assert.ok(!grids.some((g) => g.entries.some((e) => e.userId === outsider.id)), "nor shows on the grid");
  });
});
