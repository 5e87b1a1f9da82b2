// Live sessions: an instructor paces the modules, runs polls and timed rounds; students follow.
// PostgreSQL holds the whole state; these functions change it (each change bumps the session's
// version in the same transaction) and build the snapshots that socket.io delivers.
import { QUIZZES } from "@/lib/course/quizzes";
import { flaggedKeys } from "@/lib/exercises/ranking";
import {
  LIVE_PODIUM_SIZE,
  LIVE_ROUND_SECONDS,
  type LiveParticipantInfo,
  type LivePersonalState,
  type LivePublicState,
  type LiveStanding,
} from "@/lib/live/types";
import { POLL_CORRECT_POINTS, rankWithTies, roundPoints } from "@/lib/live/points";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { type Actor, emailForViewer, isStaff, requireEnrollment } from "./courses";
import { DomainError, forbidden, invalid, notFound } from "./errors";
import { requireCourseExercise, requireDefinition } from "./exercises";
import { arenaStandings, createArena, requireArenaCourseExercise } from "./arena";
import { newJoinCode, normalizeJoinCode } from "./join-codes";
import { openGradedQuiz } from "./quiz-attempts";

type Tx = Prisma.TransactionClient;

/**
 * A round closes this long after its end: a submission that arrived in time is checked before it is
 * stored, and this leaves room for that. One still unstored when the round closes is refused; one
 * being stored delays the close (row lock); one stored but not scored yet (a class submitting at the
 * bell queues on the scoring threads) delays the results until it is scored, for up to
 * ROUND_SCORING_WAIT_MS after the end.
 */
export const ROUND_CLOSE_GRACE_MS = 3000;
/** Past this, a round's results come out even if some of its submissions are still being scored (they then count for nothing in it). */
export const ROUND_SCORING_WAIT_MS = 120_000;

const ended = () => new DomainError("CONFLICT", "This live session has ended.");

async function loadSessionFor(db: Db, actor: Actor, sessionId: string) {
  const session = await db.liveSession.findUnique({ where: { id: sessionId } });
  if (!session) throw notFound("There is no such live session.");
  const enrollment = await requireEnrollment(db, actor, session.courseId);
  // Teaching assistants run sessions with the instructors: the same role here.
  return { session, role: isStaff(enrollment.role) ? ("INSTRUCTOR" as const) : ("STUDENT" as const) };
}

async function requireInstructorOf(db: Db, actor: Actor, sessionId: string, { open = true } = {}) {
  const { session, role } = await loadSessionFor(db, actor, sessionId);
  if (role !== "INSTRUCTOR") throw forbidden("Only the course's instructors and teaching assistants can run a live session.");
  if (open && session.endedAt) throw ended();
  return session;
}

/**
 * Runs `change` and bumps the session's version in one transaction. The bump comes first: its row
 * lock serialises changes to one session, so two "Start round" clicks cannot both see no round running.
 */
async function changeSession<T>(db: Db, sessionId: string, change: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx) => {
    await tx.liveSession.update({ where: { id: sessionId }, data: { version: { increment: 1 } } });
    return change(tx);
  });
}

// ── Sessions ────────────────────────────────────────────────────────────────────────────────

/** Starts the course's live session, or returns the one already running (one per course). */
export async function startLiveSession(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId, "staff", { write: true });
  return db.$transaction(async (tx) => {
    // Two instructors pressing Start together get the same session.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('live-session'), hashtext(${courseId}))`;
    const running = await tx.liveSession.findFirst({ where: { courseId, endedAt: null } });
    if (running) return { sessionId: running.id, joinCode: running.joinCode, resumed: true };
    for (let attempt = 0; ; attempt++) {
      const joinCode = newJoinCode();
      // A collision is ~1 in 10⁹ per session; checked rather than caught, since an error would abort the transaction.
      if (attempt < 5 && (await tx.liveSession.count({ where: { joinCode } }))) continue;
      const created = await tx.liveSession.create({ data: { courseId, joinCode, createdById: actor.id } });
      return { sessionId: created.id, joinCode, resumed: false };
    }
  });
}

export async function endLiveSession(db: Db, actor: Actor, sessionId: string, now = new Date()) {
  await requireInstructorOf(db, actor, sessionId);
  await changeSession(db, sessionId, async (tx) => {
    await tx.liveRound.updateMany({ where: { sessionId, resultsAt: null, endsAt: { gt: now } }, data: { endsAt: now } });
    await tx.livePoll.updateMany({ where: { sessionId, status: "OPEN" }, data: { status: "CLOSED" } });
    await tx.liveSession.update({ where: { id: sessionId }, data: { endedAt: now, spotlightUserId: null } });
  });
}

/** Finds a session by the code students type; enrolled users only. Students are recorded as participants. */
export async function joinLiveSessionByCode(db: Db, actor: Actor, code: string) {
  const session = await db.liveSession.findUnique({ where: { joinCode: normalizeJoinCode(code) }, include: { course: { select: { title: true } } } });
  if (!session) throw notFound("No live session has this code. Check the code on the projector (your course's join code is different).");
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: actor.id, courseId: session.courseId } } });
  if (!enrollment) throw forbidden(`This session belongs to “${session.course.title}”, which you have not joined. Join the course with its course code first.`);
  if (enrollment.role === "STUDENT" && !session.endedAt) await addParticipant(db, session.id, actor.id);
  return { sessionId: session.id, courseId: session.courseId, ended: session.endedAt !== null };
}

/** Records that a student is in the session (instructors run it; an ended session takes nobody new); returns the role. */
export async function recordParticipant(db: Db, actor: Actor, sessionId: string): Promise<"STUDENT" | "INSTRUCTOR"> {
  const { session, role } = await loadSessionFor(db, actor, sessionId);
  if (role === "STUDENT" && !session.endedAt) await addParticipant(db, sessionId, actor.id);
  return role;
}

/** Records a student of the session's course as taking part (instructors run the session, they don't take part). */
export async function addParticipant(db: Db | Tx, sessionId: string, userId: string): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "LiveParticipant" ("sessionId", "userId")
    SELECT s.id, e."userId" FROM "LiveSession" s JOIN "Enrollment" e ON e."courseId" = s."courseId"
    WHERE s.id = ${sessionId} AND e."userId" = ${userId} AND e.role = 'STUDENT'
    ON CONFLICT DO NOTHING`;
}

export async function listLiveSessions(db: Db, actor: Actor, courseId: string) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  const sessions = await db.liveSession.findMany({
    where: { courseId },
    orderBy: { startedAt: "desc" },
    take: 20,
    include: { _count: { select: { participants: true, rounds: true, polls: true } } },
  });
  return {
    role: enrollment.role,
    sessions: sessions.map((s) => ({
      id: s.id,
      joinCode: s.endedAt ? null : s.joinCode,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      participants: s._count.participants,
      rounds: s._count.rounds,
      polls: s._count.polls,
    })),
  };
}

// ── Pacing ──────────────────────────────────────────────────────────────────────────────────

export async function setLiveModule(db: Db, actor: Actor, sessionId: string, moduleSlug: string | null) {
  const session = await requireInstructorOf(db, actor, sessionId);
  if (moduleSlug !== null && !(await db.module.count({ where: { courseId: session.courseId, slug: moduleSlug } }))) {
    throw notFound(`The course has no module “${moduleSlug}”.`);
  }
  await changeSession(db, sessionId, (tx) => tx.liveSession.update({ where: { id: sessionId }, data: { moduleSlug } }));
}

export async function setNavigationLock(db: Db, actor: Actor, sessionId: string, locked: boolean) {
  await requireInstructorOf(db, actor, sessionId);
  await changeSession(db, sessionId, (tx) => tx.liveSession.update({ where: { id: sessionId }, data: { navigationLocked: locked } }));
}

/** Shows one student's live samples on every screen (null: nobody). */
export async function setSpotlight(db: Db, actor: Actor, sessionId: string, userId: string | null) {
  const session = await requireInstructorOf(db, actor, sessionId);
  if (userId !== null) {
    const student = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: session.courseId } } });
    if (student?.role !== "STUDENT") throw notFound("Only a student of this course can be spotlighted.");
  }
  await changeSession(db, sessionId, (tx) => tx.liveSession.update({ where: { id: sessionId }, data: { spotlightUserId: userId } }));
}

// ── Polls ───────────────────────────────────────────────────────────────────────────────────

export type PollSource =
  { kind: "custom"; prompt: string; choices: string[]; correctIndex: number | null } | { kind: "quiz"; moduleSlug: string; questionId: string };

export async function openPoll(db: Db, actor: Actor, sessionId: string, source: PollSource) {
  await requireInstructorOf(db, actor, sessionId);
  let data: { prompt: string; choices: string[]; correctIndex: number | null; moduleSlug?: string; questionId?: string };
  if (source.kind === "quiz") {
    // Own keys only: "constructor" or "__proto__" would find Object's members, which have no questions.
    const question = (Object.hasOwn(QUIZZES, source.moduleSlug) ? QUIZZES[source.moduleSlug] : undefined)?.find((q) => q.id === source.questionId);
    if (!question) throw notFound("There is no such quiz question.");
    if (question.kind !== "choice") throw invalid("Only multiple-choice questions can be polled live.");
    // A poll reveals its answer: not to someone taking that quiz for a grade (in a course of their own, say).
    if (await openGradedQuiz(db, actor.id, source.moduleSlug)) {
      throw new DomainError(
        "CONFLICT",
        "You are taking this module's quiz for a grade in another course: its questions cannot be polled until that quiz closes.",
      );
    }
    data = { prompt: question.prompt, choices: question.choices, correctIndex: question.answer, moduleSlug: source.moduleSlug, questionId: question.id };
  } else {
    if (source.correctIndex !== null && source.correctIndex >= source.choices.length) throw invalid("The correct answer must be one of the choices.");
    data = { prompt: source.prompt, choices: source.choices, correctIndex: source.correctIndex };
  }
  return changeSession(db, sessionId, async (tx) => {
    // One poll at a time: opening a new one closes the previous.
    await tx.livePoll.updateMany({ where: { sessionId, status: "OPEN" }, data: { status: "CLOSED" } });
    const poll = await tx.livePoll.create({ data: { sessionId, ...data } });
    return { pollId: poll.id };
  });
}

export async function answerPoll(db: Db, actor: Actor, pollId: string, choice: number) {
  const poll = await db.livePoll.findUnique({ where: { id: pollId } });
  if (!poll) throw notFound("There is no such poll.");
  const { session, role } = await loadSessionFor(db, actor, poll.sessionId);
  if (role !== "STUDENT") throw forbidden("Only students answer polls.");
  if (session.endedAt) throw ended();
  if (choice >= poll.choices.length) throw invalid(`Choose one of the ${poll.choices.length} answers.`);
  // Checked again inside the write, so an answer racing the instructor's "Close" is refused, not kept.
  const stored = await db.$executeRaw`
    INSERT INTO "LivePollAnswer" ("pollId", "userId", choice, "answeredAt")
    SELECT ${pollId}, ${actor.id}, ${choice}, now() WHERE EXISTS (SELECT 1 FROM "LivePoll" WHERE id = ${pollId} AND status = 'OPEN')
    ON CONFLICT ("pollId", "userId") DO UPDATE SET choice = EXCLUDED.choice, "answeredAt" = EXCLUDED."answeredAt"`;
  if (stored === 0) throw new DomainError("CONFLICT", "This poll is closed; your answer was not recorded.");
  return { sessionId: poll.sessionId, pollId };
}

export async function setPollStatus(db: Db, actor: Actor, pollId: string, status: "CLOSED" | "REVEALED") {
  const poll = await db.livePoll.findUnique({ where: { id: pollId } });
  if (!poll) throw notFound("There is no such poll.");
  await requireInstructorOf(db, actor, poll.sessionId);
  // Polls only move forward (open → closed → revealed): a revealed answer is never taken back.
  if (status === "CLOSED" && poll.status !== "OPEN") throw new DomainError("CONFLICT", "This poll is already closed.");
  await changeSession(db, poll.sessionId, (tx) => tx.livePoll.update({ where: { id: pollId }, data: { status } }));
  return { sessionId: poll.sessionId };
}

export async function pollCounts(db: Db | Tx, pollId: string, choices: number): Promise<number[]> {
  const groups = await db.livePollAnswer.groupBy({ by: ["choice"], where: { pollId }, _count: { _all: true } });
  const counts = new Array<number>(choices).fill(0);
  for (const g of groups) if (g.choice < choices) counts[g.choice] = g._count._all;
  return counts;
}

// ── Rounds ──────────────────────────────────────────────────────────────────────────────────

/** A training round: students train and submit, the metric ranks them. An arena round: everyone judges the entries' samples, the votes rank them. */
export type RoundKind = "training" | "arena";

export async function startRound(
  db: Db,
  actor: Actor,
  sessionId: string,
  exerciseSlug: string,
  durationSeconds: number,
  kind: RoundKind = "training",
  now = new Date(),
) {
  const session = await requireInstructorOf(db, actor, sessionId);
  requireDefinition(exerciseSlug);
  if (durationSeconds < LIVE_ROUND_SECONDS.min || durationSeconds > LIVE_ROUND_SECONDS.max) {
    throw invalid(`A round lasts between ${LIVE_ROUND_SECONDS.min} seconds and ${LIVE_ROUND_SECONDS.max / 60} minutes.`);
  }
  const exercise =
    kind === "arena" ? await requireArenaCourseExercise(db, session.courseId, exerciseSlug) : await requireCourseExercise(db, session.courseId, exerciseSlug);
  return changeSession(db, sessionId, async (tx) => {
    const running = await tx.liveRound.findFirst({ where: { sessionId, resultsAt: null } });
    if (running) throw new DomainError("CONFLICT", "A round is already running; end it before starting another.");
    const round = await tx.liveRound.create({
      data: {
        sessionId,
        exerciseId: exercise.id,
        kind: kind === "arena" ? "ARENA" : "TRAINING",
        startsAt: now,
        endsAt: new Date(now.getTime() + durationSeconds * 1000),
      },
    });
    // Its entries are each student's latest submission of the exercise, as when staff open an arena.
    if (kind === "arena")
      await createArena(tx, { courseId: session.courseId, exerciseId: exercise.id, openedById: actor.id, round: { id: round.id, sessionId } });
    return { roundId: round.id, endsAt: round.endsAt };
  });
}

/** The instructor stops the clock early; the round then closes like any other. */
export async function endRoundNow(db: Db, actor: Actor, roundId: string, now = new Date()) {
  const round = await db.liveRound.findUnique({ where: { id: roundId } });
  if (!round) throw notFound("There is no such round.");
  await requireInstructorOf(db, actor, round.sessionId);
  if (round.endsAt <= now) return { sessionId: round.sessionId };
  await changeSession(db, round.sessionId, (tx) => tx.liveRound.update({ where: { id: roundId }, data: { endsAt: now } }));
  return { sessionId: round.sessionId };
}

/**
 * Publishes the results of every round past its end (plus the grace): exactly one server process
 * wins each round (the UPDATE's row lock), and returns the sessions to announce.
 */
export async function closeDueRounds(db: Db, now = new Date()): Promise<string[]> {
  const cutoff = new Date(now.getTime() - ROUND_CLOSE_GRACE_MS);
  return db.$transaction(async (tx) => {
    const closed = await tx.$queryRaw<{ sessionId: string }[]>`
      UPDATE "LiveRound" r SET "resultsAt" = ${now} WHERE r."resultsAt" IS NULL AND r."endsAt" <= ${cutoff}
        AND (r."endsAt" <= ${new Date(now.getTime() - ROUND_SCORING_WAIT_MS)}
          OR NOT EXISTS (SELECT 1 FROM "Submission" s WHERE s.status = 'SCORING' AND s."roundId" = r.id))
      RETURNING r."sessionId"`;
    const sessionIds = [...new Set(closed.map((r) => r.sessionId))];
    if (sessionIds.length) await tx.liveSession.updateMany({ where: { id: { in: sessionIds } }, data: { version: { increment: 1 } } });
    return sessionIds;
  });
}

/**
 * The round must be this exercise's (so in the student's course) and open by the server's clock at
 * `arrivedAt`. Checked before scoring (a late submission costs nothing) and again in the storing
 * transaction with a shared row lock, which makes the round's close (an UPDATE) wait for the commit.
 */
export async function requireOpenRound(db: Db | Tx, roundId: string, exerciseId: string, arrivedAt: Date, { lock = false } = {}) {
  const [round] = await db.$queryRaw<
    { sessionId: string; exerciseId: string; kind: "TRAINING" | "ARENA"; startsAt: Date; endsAt: Date; resultsAt: Date | null; endedAt: Date | null }[]
  >`
    SELECT r."sessionId", r."exerciseId", r.kind, r."startsAt", r."endsAt", r."resultsAt", s."endedAt"
    FROM "LiveRound" r JOIN "LiveSession" s ON s.id = r."sessionId" WHERE r.id = ${roundId} ${lock ? Prisma.sql`FOR SHARE OF r` : Prisma.empty}`;
  if (!round || round.exerciseId !== exerciseId) throw notFound("This exercise has no such round in your course.");
  if (round.kind === "ARENA")
    throw new DomainError("CONFLICT", "This round is an arena: the class judges samples already submitted, and nothing is submitted in it.");
  if (arrivedAt < round.startsAt) throw new DomainError("CONFLICT", "This round has not started yet.");
  if (arrivedAt >= round.endsAt || round.resultsAt || round.endedAt) {
    const late = Math.max(0, arrivedAt.getTime() - round.endsAt.getTime());
    throw new DomainError(
      "LIMIT_REACHED",
      `The round ended at ${round.endsAt.toISOString().slice(11, 19)} UTC (server clock)${late > 0 ? `, ${(late / 1000).toFixed(1)} s before your submission arrived` : ""}; it was not counted.`,
    );
  }
  return round;
}

/** Inside the submission's transaction: the round is still open, and the student takes part in its session. */
export async function lockRoundForSubmission(tx: Tx, roundId: string, exerciseId: string, userId: string, arrivedAt: Date) {
  const round = await requireOpenRound(tx, roundId, exerciseId, arrivedAt, { lock: true });
  // A student who submits in a round takes part in the session, even without opening the live page.
  await addParticipant(tx, round.sessionId, userId);
}

interface StandingRow {
  submissionId: string;
  userId: string;
  name: string;
  metrics: Record<string, number>;
  rankKeys: number[];
  createdAt: Date;
}

/** Each student's last submission in the round, ranked by the exercise's rule, with points; an arena round's entries by their rating. */
export async function roundStandings(db: Db | Tx, roundId: string): Promise<LiveStanding[]> {
  const arena = await db.arena.findUnique({ where: { roundId }, select: { id: true } });
  // An arena round earns no points: every voter also has an entry, and points would pay for votes against rivals.
  if (arena) return (await arenaStandings(db, arena.id)).map((r) => ({ ...r, points: 0 }));
  const rows = await db.$queryRaw<StandingRow[]>`
    SELECT * FROM (
      SELECT DISTINCT ON (sub."userId") sub.id AS "submissionId", sub."userId", u.name, sc.metrics, sc."rankKeys", sub."createdAt"
      FROM "Submission" sub JOIN "Score" sc ON sc."submissionId" = sub.id JOIN "user" u ON u.id = sub."userId"
        JOIN "LiveRound" r ON r.id = sub."roundId"
        -- Students only: an instructor's submission in a round is a demonstration, not an entry.
        JOIN "LiveParticipant" p ON p."sessionId" = r."sessionId" AND p."userId" = sub."userId"
      WHERE sub."roundId" = ${roundId}
      ORDER BY sub."userId", sub."createdAt" DESC, sub.id DESC
    ) last
    ORDER BY last."rankKeys" ASC, last."createdAt" ASC`;
  return rankWithTies(rows, (r) => JSON.stringify(r.rankKeys)).map((r) => ({
    rank: r.rank,
    userId: r.userId,
    name: r.name,
    submissionId: r.submissionId,
    metrics: r.metrics,
    // A flagged entry (e.g. copied data) ranks last and earns nothing, as in grading.
    points: flaggedKeys(r.rankKeys) ? 0 : roundPoints(r.rank, rows.length),
  }));
}

/**
 * A closed round's standings never change (its close waits for, then refuses, submissions), so each
 * process computes them once: a class refetching its state when the results come out costs one query.
 */
const closedRounds = new Map<string, Promise<LiveStanding[]>>();
const CLOSED_ROUNDS_CACHED = 256;

function closedRoundStandings(db: Db | Tx, roundId: string): Promise<LiveStanding[]> {
  let standings = closedRounds.get(roundId);
  if (!standings) {
    standings = roundStandings(db, roundId);
    standings.catch(() => closedRounds.delete(roundId));
    if (closedRounds.size >= CLOSED_ROUNDS_CACHED) closedRounds.delete(closedRounds.keys().next().value!);
    closedRounds.set(roundId, standings);
  }
  return standings;
}

/** Every participant's points so far: revealed polls answered correctly, and published rounds. */
export async function sessionPoints(db: Db | Tx, sessionId: string): Promise<Map<string, number>> {
  const points = new Map<string, number>();
  const add = (userId: string, p: number) => points.set(userId, (points.get(userId) ?? 0) + p);
  const correct = await db.$queryRaw<{ userId: string; n: bigint }[]>`
    SELECT a."userId", count(*) AS n FROM "LivePollAnswer" a JOIN "LivePoll" p ON p.id = a."pollId"
    WHERE p."sessionId" = ${sessionId} AND p.status = 'REVEALED' AND a.choice = p."correctIndex"
    GROUP BY a."userId"`;
  for (const row of correct) add(row.userId, Number(row.n) * POLL_CORRECT_POINTS);
  const rounds = await db.liveRound.findMany({ where: { sessionId, resultsAt: { not: null } }, select: { id: true } });
  for (const round of rounds) for (const s of await closedRoundStandings(db, round.id)) add(s.userId, s.points);
  return points;
}

// ── Snapshots ───────────────────────────────────────────────────────────────────────────────

/** What everyone in the session may see; socket.io broadcasts it after every change. */
export async function loadPublicState(db: Db, sessionId: string, now = new Date()): Promise<LivePublicState> {
  const session = await db.liveSession.findUnique({ where: { id: sessionId }, include: { course: { select: { title: true } } } });
  if (!session) throw notFound("There is no such live session.");
  const [spotlight, poll, round] = await Promise.all([
    session.spotlightUserId ? db.user.findUnique({ where: { id: session.spotlightUserId }, select: { id: true, name: true } }) : null,
    db.livePoll.findFirst({ where: { sessionId }, orderBy: { createdAt: "desc" } }),
    db.liveRound.findFirst({
      where: { sessionId },
      orderBy: { startsAt: "desc" },
      include: { exercise: { select: { slug: true } }, arena: { select: { id: true } } },
    }),
  ]);
  const revealed = poll?.status === "REVEALED";
  const standings = round?.resultsAt ? await closedRoundStandings(db, round.id) : null;
  return {
    sessionId,
    courseId: session.courseId,
    courseTitle: session.course.title,
    joinCode: session.joinCode,
    version: session.version,
    serverNow: now.getTime(),
    startedAt: session.startedAt.getTime(),
    endedAt: session.endedAt?.getTime() ?? null,
    moduleSlug: session.moduleSlug,
    navigationLocked: session.navigationLocked,
    spotlight: spotlight ? { userId: spotlight.id, name: spotlight.name } : null,
    poll: poll && {
      id: poll.id,
      prompt: poll.prompt,
      choices: poll.choices,
      status: poll.status,
      correctIndex: revealed ? poll.correctIndex : null,
      counts: revealed ? await pollCounts(db, poll.id, poll.choices.length) : null,
    },
    round: round && {
      id: round.id,
      kind: round.kind === "ARENA" ? "arena" : "training",
      arenaId: round.arena?.id ?? null,
      exerciseSlug: round.exercise.slug,
      exerciseTitle: requireDefinition(round.exercise.slug).title,
      startsAt: round.startsAt.getTime(),
      endsAt: round.endsAt.getTime(),
      resultsAt: round.resultsAt?.getTime() ?? null,
      standings: standings && standings.slice(0, LIVE_PODIUM_SIZE),
      entrants: standings && standings.length,
    },
  };
}

/** The full state for one user: the public part, their own part, and for instructors the class. */
export async function getLiveState(db: Db, actor: Actor, sessionId: string, now = new Date()) {
  const { role } = await loadSessionFor(db, actor, sessionId);
  const state = await loadPublicState(db, sessionId, now);
  const points = await sessionPoints(db, sessionId);
  const [answer, submissions] = await Promise.all([
    state.poll ? db.livePollAnswer.findUnique({ where: { pollId_userId: { pollId: state.poll.id, userId: actor.id } } }) : null,
    state.round
      ? db.submission.findMany({
          where: { roundId: state.round.id, userId: actor.id },
          orderBy: { createdAt: "desc" },
          include: { score: { select: { metrics: true } } },
        })
      : [],
  ]);
  const myStanding = state.round?.resultsAt ? ((await closedRoundStandings(db, state.round.id)).find((s) => s.userId === actor.id) ?? null) : null;
  const me: LivePersonalState = {
    role,
    points: points.get(actor.id) ?? 0,
    pollAnswer: answer?.choice ?? null,
    roundSubmissions: submissions.map((s) => ({ id: s.id, createdAt: s.createdAt.getTime(), metrics: (s.score?.metrics ?? {}) as Record<string, number> })),
    roundStanding: myStanding,
  };
  if (role !== "INSTRUCTOR") return { state, me, participants: null, pollCounts: null, roundSubmitters: null };
  const participants = await db.liveParticipant.findMany({
    where: { sessionId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { joinedAt: "asc" },
  });
  return {
    state,
    me,
    participants: participants.map((p): LiveParticipantInfo => ({
      userId: p.userId,
      name: p.user.name,
      email: p.user.email,
      joinedAt: p.joinedAt.getTime(),
      points: points.get(p.userId) ?? 0,
    })),
    pollCounts: state.poll ? await pollCounts(db, state.poll.id, state.poll.choices.length) : null,
    roundSubmitters: state.round
      ? (await db.submission.findMany({ where: { roundId: state.round.id }, distinct: ["userId"], select: { userId: true } })).map((s) => s.userId)
      : [],
  };
}

/** The session's record after the fact: every poll and round, for the results page. */
export async function getLiveSummary(db: Db, actor: Actor, sessionId: string) {
  const { session, role } = await loadSessionFor(db, actor, sessionId);
  const [polls, rounds, points] = await Promise.all([
    db.livePoll.findMany({ where: { sessionId }, orderBy: { createdAt: "asc" } }),
    db.liveRound.findMany({ where: { sessionId }, orderBy: { startsAt: "asc" }, include: { exercise: { select: { slug: true } } } }),
    sessionPoints(db, sessionId),
  ]);
  const participants = await db.liveParticipant.findMany({ where: { sessionId }, include: { user: { select: { name: true, email: true } } } });
  const table = participants
    .map((p) => ({ userId: p.userId, name: p.user.name, email: emailForViewer(role, p.user.email), points: points.get(p.userId) ?? 0 }))
    .sort((a, b) => b.points - a.points || a.name.localeCompare(b.name));
  return {
    role,
    startedAt: session.startedAt,
    endedAt: session.endedAt,
    polls: await Promise.all(
      polls.map(async (p) => ({
        id: p.id,
        prompt: p.prompt,
        choices: p.choices,
        status: p.status,
        correctIndex: p.status === "REVEALED" ? p.correctIndex : null,
        counts: p.status === "REVEALED" || role === "INSTRUCTOR" ? await pollCounts(db, p.id, p.choices.length) : null,
      })),
    ),
    rounds: await Promise.all(
      rounds.map(async (r) => ({
        id: r.id,
        kind: r.kind === "ARENA" ? ("arena" as const) : ("training" as const),
        exerciseSlug: r.exercise.slug,
        exerciseTitle: requireDefinition(r.exercise.slug).title,
        startsAt: r.startsAt,
        endsAt: r.endsAt,
        standings: r.resultsAt ? await closedRoundStandings(db, r.id) : null,
      })),
    ),
    // Students see the ranking by points, as on the podium; instructors also get the CSV, and every
    // participant's email (which also names the people on the rounds' podiums).
    points: table,
  };
}

/** Quoted where needed; text that a spreadsheet would run as a formula (names are typed by students) gets a leading '. */
function csvCell(value: string | number): string {
  const text = typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per participant: polls, each round's rank and primary metric, total points (instructors). */
export async function exportLiveSessionCsv(db: Db, actor: Actor, sessionId: string): Promise<string> {
  await requireInstructorOf(db, actor, sessionId, { open: false });
  const summary = await getLiveSummary(db, actor, sessionId);
  const participants = await db.liveParticipant.findMany({
    where: { sessionId },
    include: { user: { select: { name: true, email: true } } },
    orderBy: { joinedAt: "asc" },
  });
  const answers = await db.livePollAnswer.findMany({ where: { poll: { sessionId } } });
  const header = ["name", "email", "polls answered", "polls correct"];
  summary.rounds.forEach((r, i) => {
    const metric = requireDefinition(r.exerciseSlug).metrics[0];
    header.push(`round ${i + 1} ${r.exerciseSlug} rank`, `round ${i + 1} ${metric.label}`);
  });
  header.push("points");
  const rows = participants.map((p) => {
    const mine = answers.filter((a) => a.userId === p.userId);
    const correct = mine.filter((a) => summary.polls.some((poll) => poll.id === a.pollId && poll.correctIndex === a.choice)).length;
    const cells: (string | number)[] = [p.user.name, p.user.email, mine.length, correct];
    for (const r of summary.rounds) {
      const standing = r.standings?.find((s) => s.userId === p.userId);
      const metric = requireDefinition(r.exerciseSlug).metrics[0];
      cells.push(standing ? standing.rank : "", standing ? (standing.metrics[metric.key] ?? "") : "");
    }
    cells.push(summary.points.find((t) => t.userId === p.userId)?.points ?? 0);
    return cells;
  });
  return [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}
