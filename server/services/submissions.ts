import { describeValidationError } from "@/lib/exercises/validation";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { type Actor, requireEnrollment } from "./courses";
import { DomainError, forbidden, invalid, notFound } from "./errors";
import { requireCourseExercise, requireDefinition } from "./exercises";
import { lockRoundForSubmission, requireOpenRound } from "./live";
import { parseSubmissionBody } from "./scoring";
import type { Scorer } from "../scoring/pool";

export interface SubmitInput {
  courseId: string;
  exerciseSlug: string;
  /** Chosen by the client per attempt; a resend with the same key stores nothing new. */
  idempotencyKey: string;
  body: unknown;
  config?: unknown;
  /** A live session's timed round this submission is made for (it must still be open). */
  roundId?: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

function formatWait(ms: number): string {
  const minutes = Math.ceil(ms / 60000);
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * Validates, authorizes, scores on the server and stores one submission with its score in one
 * transaction. Returns the stored result; `duplicate` is true when the idempotency key was seen before.
 */
export async function submitSolution(db: Db, actor: Actor, input: SubmitInput, score: Scorer, now = new Date()) {
  const definition = requireDefinition(input.exerciseSlug);
  const submission = parseSubmissionBody(definition, input.body);
  let config: unknown = null;
  if (input.config !== undefined && input.config !== null) {
    const parsedConfig = definition.configSchema.safeParse(input.config);
    if (!parsedConfig.success) throw invalid(`The training config is not valid: ${describeValidationError(parsedConfig.error)}`);
    config = parsedConfig.data;
  }

  await requireEnrollment(db, actor, input.courseId);
  const exercise = await requireCourseExercise(db, input.courseId, input.exerciseSlug);

  const existing = await findByIdempotencyKey(db, actor.id, input.idempotencyKey);
  if (existing) {
    if (existing.exerciseId !== exercise.id) throw new DomainError("CONFLICT", "This idempotency key was already used for another exercise.");
    return { ...existing, duplicate: true };
  }
  if (exercise.deadline && exercise.deadline <= now) {
    throw new DomainError("LIMIT_REACHED", `The deadline for this exercise passed at ${exercise.deadline.toISOString()}; submissions are closed.`);
  }

  if (input.roundId) await requireOpenRound(db, input.roundId, exercise.id, now);

  const metrics = await score(definition.slug, submission);
  const rankKeys = definition.rankKeys(metrics);
  const preview = definition.preview(submission) as Prisma.InputJsonValue;

  try {
    const stored = await db.$transaction(async (tx) => {
      // Serialises concurrent submissions of one student to one exercise, so the daily count is exact.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${actor.id}), hashtext(${exercise.id}))`;
      if (input.roundId) await lockRoundForSubmission(tx, input.roundId, exercise.id, actor.id, now);
      const dayStart = startOfUtcDay(now);
      const today = await tx.submission.count({ where: { userId: actor.id, exerciseId: exercise.id, createdAt: { gte: dayStart } } });
      if (today >= definition.limits.submissionsPerDay) {
        const wait = dayStart.getTime() + DAY_MS - now.getTime();
        throw new DomainError(
          "LIMIT_REACHED",
          `You have used all ${definition.limits.submissionsPerDay} submissions for today on this exercise. The count resets at midnight UTC (in ${formatWait(wait)}).`,
        );
      }
      return tx.submission.create({
        data: {
          userId: actor.id,
          exerciseId: exercise.id,
          payload: submission as Prisma.InputJsonValue,
          config: config === null ? Prisma.JsonNull : (config as Prisma.InputJsonValue),
          idempotencyKey: input.idempotencyKey,
          roundId: input.roundId ?? null,
          createdAt: now,
          score: { create: { exerciseId: exercise.id, userId: actor.id, metrics, rankKeys, preview, createdAt: now } },
        },
        select: submissionSelect,
      });
    });
    return { ...toResult(stored), duplicate: false };
  } catch (error) {
    // Two requests with one key raced past the lookup: the unique index kept one; answer with it.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const winner = await findByIdempotencyKey(db, actor.id, input.idempotencyKey);
      if (winner) return { ...winner, duplicate: true };
    }
    throw error;
  }
}

const submissionSelect = {
  id: true,
  exerciseId: true,
  userId: true,
  roundId: true,
  createdAt: true,
  config: true,
  score: { select: { metrics: true, rankKeys: true } },
} satisfies Prisma.SubmissionSelect;

type SelectedSubmission = Prisma.SubmissionGetPayload<{ select: typeof submissionSelect }>;

function toResult(s: SelectedSubmission) {
  return {
    id: s.id,
    exerciseId: s.exerciseId,
    userId: s.userId,
    roundId: s.roundId,
    createdAt: s.createdAt,
    config: s.config,
    metrics: (s.score?.metrics ?? {}) as Record<string, number>,
    rankKeys: s.score?.rankKeys ?? [],
  };
}

async function findByIdempotencyKey(db: Db, userId: string, idempotencyKey: string) {
  const found = await db.submission.findUnique({ where: { userId_idempotencyKey: { userId, idempotencyKey } }, select: submissionSelect });
  return found && toResult(found);
}

/** The actor's own submissions to one exercise, newest first. */
export async function listMySubmissions(db: Db, actor: Actor, courseId: string, exerciseSlug: string) {
  requireDefinition(exerciseSlug);
  await requireEnrollment(db, actor, courseId);
  const exercise = await requireCourseExercise(db, courseId, exerciseSlug);
  const rows = await db.submission.findMany({
    where: { userId: actor.id, exerciseId: exercise.id },
    orderBy: { createdAt: "desc" },
    take: 100,
    select: submissionSelect,
  });
  const dayStart = startOfUtcDay(new Date());
  return {
    submissions: rows.map(toResult),
    usedToday: rows.filter((r) => r.createdAt >= dayStart).length,
  };
}

/** One submission with its samples: its owner and the course's instructors may read it. */
export async function getSubmission(db: Db, actor: Actor, submissionId: string) {
  const submission = await db.submission.findUnique({
    where: { id: submissionId },
    include: { exercise: { select: { courseId: true, slug: true } }, score: true, user: { select: { name: true } } },
  });
  if (!submission) throw notFound("There is no such submission.");
  if (submission.userId !== actor.id) {
    const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: actor.id, courseId: submission.exercise.courseId } } });
    if (enrollment?.role !== "INSTRUCTOR") throw forbidden("You can only see your own submissions.");
  }
  return {
    id: submission.id,
    exerciseSlug: submission.exercise.slug,
    courseId: submission.exercise.courseId,
    author: submission.user.name,
    createdAt: submission.createdAt,
    payload: submission.payload,
    config: submission.config,
    metrics: (submission.score?.metrics ?? {}) as Record<string, number>,
  };
}
