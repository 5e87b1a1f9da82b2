import { randomUUID } from "node:crypto";
import { rankingOf } from "@/lib/exercises/ranking";
import { SUBMISSION_ENVELOPE_BYTES } from "@/exercises/registry";
import type { Db } from "../db";
import { countSubmission } from "../observability/metrics";
import { Prisma } from "../generated/prisma/client";
import { markChallengeUsed, requireOpenChallenge } from "./challenges";
import { type Actor, emailForViewer, isStaff, requireEnrollment } from "./courses";
import { DomainError, forbidden, notFound } from "./errors";
import { requireCourseExercise, requireDefinition } from "./exercises";
import { lockRoundForSubmission, requireOpenRound } from "./live";
import type { SubmissionDraft } from "./scoring";
import type { ScoringWait, SubmissionScoring } from "./submission-scoring";

export interface SubmitInput {
  courseId: string;
  exerciseSlug: string;
  /** Chosen by the client per attempt; a resend with the same key stores nothing new. */
  idempotencyKey: string;
  /** The submission, or how to read it: an upload's body is read only once every check before it passed. */
  draft: SubmissionDraft | (() => Promise<SubmissionDraft>);
  /** A live session's timed round this submission is made for (it must still be open). */
  roundId?: string;
  /** Size of the HTTP request that carried it, when it came over HTTP: grossly oversized bodies are refused before any work. */
  requestBytes?: number;
}

/** Submissions of one student being validated or scored at once, over all exercises; more get a 429. */
export const MAX_SUBMISSIONS_IN_FLIGHT = 3;
/**
 * Submissions of each student being handled by this process. A burst from one account is refused here,
 * before it reaches the database: its queries would otherwise wait on the student's lock while holding
 * connections everyone needs. The slots in PostgreSQL make the limit hold across processes.
 */
const handledHere = new Map<string, number>();
/** A slot whose server died while checking its body is given back after this long. */
const RESERVATION_TTL_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function formatWait(ms: number): string {
  const minutes = Math.ceil(ms / 60000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * One student's slots change one transaction at a time (taking one here, turning one into a
 * submission when it is stored), so the counts below never miss a slot between two statements.
 * Other students are not held up.
 */
async function lockStudentSlots(tx: Prisma.TransactionClient, userId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('submission-slots'), hashtext(${userId}))`;
}

/**
 * Takes one of the student's submission slots before any work is done on the body: the daily
 * limit counts stored submissions and slots still held, so a burst of parallel requests cannot
 * overshoot it, and a student has at most MAX_SUBMISSIONS_IN_FLIGHT slots at once.
 */
async function reserveSubmissionSlot(db: Db, userId: string, exerciseId: string, dailyLimit: number, now: Date) {
  return db.$transaction(async (tx) => {
    await lockStudentSlots(tx, userId);
    await tx.submissionReservation.deleteMany({ where: { userId, createdAt: { lt: new Date(now.getTime() - RESERVATION_TTL_MS) } } });
    // Slots still being checked, and stored submissions not scored yet: one student's burst waits its turn.
    const inFlight = (await tx.submissionReservation.count({ where: { userId } })) + (await tx.submission.count({ where: { userId, status: "SCORING" } }));
    if (inFlight >= MAX_SUBMISSIONS_IN_FLIGHT) throw inFlightRefusal(inFlight);
    const dayStart = startOfUtcDay(now);
    const stored = await tx.submission.count({ where: { userId, exerciseId, createdAt: { gte: dayStart }, status: { not: "FAILED" } } });
    const held = await tx.submissionReservation.count({ where: { userId, exerciseId } });
    if (stored + held >= dailyLimit) {
      const wait = dayStart.getTime() + DAY_MS - now.getTime();
      const pending = held > 0 ? ` (${held} of them still being scored)` : "";
      throw new DomainError(
        "LIMIT_REACHED",
        `You have used all ${dailyLimit} submissions for today on this exercise${pending}. The count resets at midnight UTC (in ${formatWait(wait)}).`,
      );
    }
    return tx.submissionReservation.create({ data: { userId, exerciseId, createdAt: now }, select: { id: true } });
  });
}

/**
 * Accepts one submission: stores it, to be scored (status SCORING), and queues it for scoring. In
 * order, cheapest first and before any work on the body: authorization (enrolment), the deadline,
 * the live round's clock, an idempotent resend, and a submission slot (daily limit, submissions in
 * flight); then the body is read and validated off the event loop (and the challenge it names, when
 * its exercise has one, is checked); then one transaction stores it (and marks the challenge used).
 * What this returns is committed: its score follows (`scoring.settled`, and the leaderboard's event).
 * `duplicate` is true when the idempotency key was seen before (nothing new is stored or queued).
 */
export async function acceptSubmission(db: Db, actor: Actor, input: SubmitInput, scoring: SubmissionScoring, now = new Date()) {
  const handling = handledHere.get(actor.id) ?? 0;
  if (handling >= MAX_SUBMISSIONS_IN_FLIGHT) throw inFlightRefusal(handling);
  handledHere.set(actor.id, handling + 1);
  try {
    const accepted = await storeSubmission(db, actor, input, scoring, now);
    countSubmission(input.exerciseSlug, accepted.duplicate ? "duplicate" : "accepted");
    return accepted;
  } catch (error) {
    if (error instanceof DomainError) countSubmission(input.exerciseSlug, "refused");
    throw error;
  } finally {
    const left = (handledHere.get(actor.id) ?? 1) - 1;
    if (left > 0) handledHere.set(actor.id, left);
    else handledHere.delete(actor.id);
  }
}

/**
 * Accepts a submission and waits for its score (at most `timeoutMs`): the result as stored then,
 * SCORED with its metrics, or still SCORING. One the scorer refused (FAILED) is a refusal in its words.
 */
export async function submitSolution(
  db: Db,
  actor: Actor,
  input: SubmitInput,
  scoring: SubmissionScoring,
  {
    now = new Date(),
    timeoutMs,
    onAccepted,
    onWait,
  }: { now?: Date; timeoutMs?: number; onAccepted?: (accepted: SubmissionResult & { duplicate: boolean }) => void; onWait?: (wait: ScoringWait) => void } = {},
) {
  const accepted = await acceptSubmission(db, actor, input, scoring, now);
  onAccepted?.(accepted);
  return scoredResult(db, scoring, accepted, { timeoutMs, onWait });
}

/** The accepted submission once scored (or refused by its scorer, or `timeoutMs` later). */
async function scoredResult(
  db: Db,
  scoring: SubmissionScoring,
  accepted: SubmissionResult & { duplicate: boolean },
  options: { timeoutMs?: number; onWait?: (wait: ScoringWait) => void } = {},
) {
  if (accepted.status !== "SCORING") return settledResult(accepted);
  await scoring.settled(accepted.id, options);
  const stored = await db.submission.findUniqueOrThrow({ where: { id: accepted.id }, select: submissionSelect });
  return settledResult({ ...toResult(stored), duplicate: accepted.duplicate });
}

function settledResult<T extends SubmissionResult>(result: T): T {
  if (result.status === "FAILED") throw new DomainError("INVALID", result.scoringError ?? "This submission could not be scored.");
  return result;
}

const inFlightRefusal = (count: number) =>
  new DomainError("LIMIT_REACHED", `You already have ${count} submissions being checked or scored. Wait for one to finish, then submit again.`);

async function storeSubmission(db: Db, actor: Actor, input: SubmitInput, scoring: SubmissionScoring, now: Date) {
  const definition = requireDefinition(input.exerciseSlug);
  if (input.requestBytes !== undefined && input.requestBytes > definition.limits.maxBodyBytes + SUBMISSION_ENVELOPE_BYTES) {
    throw new DomainError(
      "TOO_LARGE",
      `The submission is ${Math.ceil(input.requestBytes / 1024)} KB; this exercise accepts at most ${definition.limits.maxBodyBytes / 1024} KB.`,
    );
  }
  const enrollment = await requireEnrollment(db, actor, input.courseId, "member", { write: true });
  const exercise = await requireCourseExercise(db, input.courseId, input.exerciseSlug, enrollment.role);

  const existing = await findByIdempotencyKey(db, actor.id, input.idempotencyKey);
  if (existing) {
    if (existing.exerciseId !== exercise.id) throw new DomainError("CONFLICT", "This idempotency key was already used for another exercise.");
    return { ...existing, duplicate: true };
  }
  if (exercise.deadline && exercise.deadline <= now) {
    throw new DomainError("LIMIT_REACHED", `The deadline for this exercise passed at ${exercise.deadline.toISOString()}; submissions are closed.`);
  }
  if (input.roundId) await requireOpenRound(db, input.roundId, exercise.id, now);

  const slot = await reserveSubmissionSlot(db, actor.id, exercise.id, definition.limits.submissionsPerDay, now);
  try {
    const draft = typeof input.draft === "function" ? await input.draft() : input.draft;
    // A body sent slowly is submitted when it has arrived, not when its request began: the
    // deadline and the round's clock are checked again at that time, which is the one stored.
    const submittedAt = typeof input.draft === "function" ? new Date(Math.max(now.getTime(), Date.now())) : now;
    if (exercise.deadline && exercise.deadline <= submittedAt) {
      throw new DomainError(
        "LIMIT_REACHED",
        `The deadline for this exercise passed at ${exercise.deadline.toISOString()} while the submission was arriving; submissions are closed.`,
      );
    }
    if (input.roundId) await requireOpenRound(db, input.roundId, exercise.id, submittedAt);
    const { submission, config, preview, submissionJson, contentHash } = await scoring.check(definition.slug, draft);
    // An exercise answered against a challenge is scored against its uniforms, once (services/challenges.ts).
    const challenge = definition.challenge
      ? await requireOpenChallenge(db, definition, actor.id, exercise.id, (submission as { challengeId?: unknown }).challengeId, submittedAt)
      : null;
    const stored = await db.$transaction(async (tx) => {
      // The slot becomes the submission: deleted in the same transaction that stores it.
      await lockStudentSlots(tx, actor.id);
      await tx.submissionReservation.deleteMany({ where: { id: slot.id } });
      if (input.roundId) await lockRoundForSubmission(tx, input.roundId, exercise.id, actor.id, submittedAt);
      // The body as the check thread wrote it: handed to PostgreSQL as text, never walked here.
      const id = randomUUID();
      await tx.$executeRaw`
        INSERT INTO "Submission" (id, "userId", "exerciseId", payload, "contentHash", config, "idempotencyKey", "roundId", "createdAt", status, "scoringAttempts", "scoringLeaseUntil")
        VALUES (${id}, ${actor.id}, ${exercise.id}, ${submissionJson}::jsonb, ${contentHash}, ${JSON.stringify(config)}::jsonb, ${input.idempotencyKey},
          ${input.roundId ?? null}, ${submittedAt}, 'SCORING', 1, ${new Date(Date.now() + scoring.leaseMs)})`;
      const created = await tx.submission.findUniqueOrThrow({ where: { id }, select: submissionSelect });
      // After the insert: a resend under the same key stops at the key's unique index first and is
      // answered with the stored submission below; another submission with this challenge stops here.
      if (challenge) await markChallengeUsed(tx, challenge.id, submittedAt);
      return created;
    });
    scoring.enqueue({
      submissionId: stored.id,
      userId: actor.id,
      exercise: { id: exercise.id, slug: definition.slug },
      createdAt: submittedAt,
      submission,
      preview,
      context: challenge ? { uniforms: challenge.uniforms } : undefined,
    });
    return { ...toResult(stored), duplicate: false };
  } catch (error) {
    await db.submissionReservation.deleteMany({ where: { id: slot.id } }).catch(() => {});
    // Two requests with one key raced past the lookup: the unique index kept one; answer with it.
    if (isUniqueViolation(error)) {
      const winner = await findByIdempotencyKey(db, actor.id, input.idempotencyKey);
      if (winner) return { ...winner, duplicate: true };
    }
    throw error;
  }
}

/** A unique index refused the row: P2002 from Prisma's own queries; through a raw one, the driver adapter's error kind. */
function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const driverError = (error.meta as { driverAdapterError?: { cause?: { kind?: string } } } | undefined)?.driverAdapterError;
  return error.code === "P2002" || driverError?.cause?.kind === "UniqueConstraintViolation";
}

const submissionSelect = {
  id: true,
  exerciseId: true,
  userId: true,
  roundId: true,
  createdAt: true,
  config: true,
  status: true,
  scoringError: true,
  exercise: { select: { slug: true } },
  score: { select: { metrics: true, rankKeys: true } },
} satisfies Prisma.SubmissionSelect;

type SelectedSubmission = Prisma.SubmissionGetPayload<{ select: typeof submissionSelect }>;

function toResult(s: SelectedSubmission) {
  const metrics = (s.score?.metrics ?? {}) as Record<string, number>;
  return {
    id: s.id,
    /** SCORING until its score is stored (then SCORED); FAILED, with scoringError, when it could not be scored. */
    status: s.status,
    scoringError: s.scoringError,
    exerciseId: s.exerciseId,
    userId: s.userId,
    roundId: s.roundId,
    createdAt: s.createdAt,
    config: s.config,
    metrics,
    rankKeys: s.score?.rankKeys ?? [],
    // Its flag and the reason, shown to the submitter beside the score.
    ranking: rankingOf(requireDefinition(s.exercise.slug), metrics),
  };
}

export type SubmissionResult = ReturnType<typeof toResult>;

async function findByIdempotencyKey(db: Db, userId: string, idempotencyKey: string) {
  const found = await db.submission.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, select: submissionSelect });
  return found && toResult(found);
}

/** The actor's own submissions to one exercise, newest first. */
export async function listMySubmissions(db: Db, actor: Actor, courseId: string, exerciseSlug: string) {
  requireDefinition(exerciseSlug);
  const enrollment = await requireEnrollment(db, actor, courseId);
  const exercise = await requireCourseExercise(db, courseId, exerciseSlug, enrollment.role);
  const rows = await db.submission.findMany({
    where: { userId: actor.id, exerciseId: exercise.id },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: submissionSelect,
  });
  const dayStart = startOfUtcDay(new Date());
  return {
    submissions: rows.map(toResult),
    usedToday: rows.filter((r) => r.createdAt >= dayStart && r.status !== "FAILED").length,
  };
}

/** One submission with its samples: its owner and the course's instructors may read it. */
export async function getSubmission(db: Db, actor: Actor, submissionId: string) {
  const submission = await db.submission.findUnique({
    where: { id: submissionId },
    include: { exercise: { select: { courseId: true, slug: true } }, score: true, user: { select: { name: true, email: true } } },
  });
  if (!submission) throw notFound("There is no such submission.");
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: actor.id, courseId: submission.exercise.courseId } } });
  if (submission.userId !== actor.id && !isStaff(enrollment?.role)) throw forbidden("You can only see your own submissions.");
  return {
    id: submission.id,
    exerciseSlug: submission.exercise.slug,
    courseId: submission.exercise.courseId,
    author: submission.user.name,
    authorEmail: emailForViewer(enrollment?.role, submission.user.email),
    createdAt: submission.createdAt,
    payload: submission.payload,
    config: submission.config,
    metrics: (submission.score?.metrics ?? {}) as Record<string, number>,
  };
}
