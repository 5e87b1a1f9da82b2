// Sampling challenges, for exercises whose submissions answer one (ExerciseDefinition.challenge:
// inverse-cdf). The server draws a seed, keeps it, and hands the student only the uniforms made from
// it; the student's sampler turns each uniform into a sample, and the submission is scored against the
// uniforms regenerated here (submissions.ts). A challenge answers one submission: a list not computed
// from these uniforms, or one already scored, cannot pass.
import { randomInt } from "node:crypto";
import type { ExerciseDefinition } from "@/lib/exercises/types";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { type Actor, requireEnrollment } from "./courses";
import { DomainError, invalid, notFound } from "./errors";
import { requireCourseExercise, requireDefinition } from "./exercises";

const HOUR_MS = 60 * 60 * 1000;
/** How long a challenge may be answered: time to write and debug a sampler. At most an hour (see requestChallenge). */
export const CHALLENGE_LIFETIME_MS = HOUR_MS;
/** Challenges one student may request per exercise in an hour… */
export const CHALLENGES_PER_HOUR = 30;
/** …and hold open (unused, unexpired) at once: a new one retires the oldest beyond this. */
export const MAX_OPEN_CHALLENGES = 3;

export interface ChallengeInput {
  courseId: string;
  exerciseSlug: string;
}

function formatWait(ms: number): string {
  return `${Math.max(1, Math.ceil(ms / 60000))} min`;
}

/**
 * A new challenge for the actor: its id, its uniforms and when it expires (never its seed). Members of
 * the course only, before the exercise's deadline, and at most CHALLENGES_PER_HOUR an hour, counted
 * under a per-student lock before anything is drawn.
 */
export async function requestChallenge(db: Db, actor: Actor, input: ChallengeInput, now = new Date()) {
  const definition = requireDefinition(input.exerciseSlug);
  const enrollment = await requireEnrollment(db, actor, input.courseId, "member", { write: true });
  const exercise = await requireCourseExercise(db, input.courseId, input.exerciseSlug, enrollment.role);
  const challenge = definition.challenge;
  if (!challenge) throw notFound(`"${definition.slug}" is not answered against a challenge.`);
  if (exercise.deadline && exercise.deadline <= now) {
    throw new DomainError("LIMIT_REACHED", `The deadline for this exercise passed at ${exercise.deadline.toISOString()}; submissions are closed.`);
  }
  const hourAgo = new Date(now.getTime() - HOUR_MS);
  const row = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('sampling-challenges'), hashtext(${actor.id}))`;
    const mine = { userId: actor.id, exerciseId: exercise.id };
    // Unused ones older than an hour have expired (the lifetime is at most an hour) and no longer
    // count against the rate: nothing to keep. Used ones stay with the submission that names them.
    await tx.samplingChallenge.deleteMany({ where: { ...mine, usedAt: null, createdAt: { lte: hourAgo } } });
    const recent = await tx.samplingChallenge.findMany({
      where: { ...mine, createdAt: { gt: hourAgo } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    });
    if (recent.length >= CHALLENGES_PER_HOUR) {
      const wait = recent[recent.length - CHALLENGES_PER_HOUR].createdAt.getTime() + HOUR_MS - now.getTime();
      throw new DomainError(
        "LIMIT_REACHED",
        `You have requested ${CHALLENGES_PER_HOUR} challenges for this exercise in the last hour. Try again in ${formatWait(wait)}.`,
      );
    }
    const beyondOpen = await tx.samplingChallenge.findMany({
      where: { ...mine, usedAt: null, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      skip: MAX_OPEN_CHALLENGES - 1,
      select: { id: true },
    });
    if (beyondOpen.length) await tx.samplingChallenge.updateMany({ where: { id: { in: beyondOpen.map((c) => c.id) } }, data: { expiresAt: now } });
    return tx.samplingChallenge.create({
      // 0 … 2³¹ − 1: the column is a signed 32-bit integer.
      data: { ...mine, seed: randomInt(2 ** 31), createdAt: now, expiresAt: new Date(now.getTime() + CHALLENGE_LIFETIME_MS) },
      select: { id: true, seed: true, expiresAt: true },
    });
  });
  return { challengeId: row.id, uniforms: definition.drawChallenge!(row.seed), expiresAt: row.expiresAt };
}

/**
 * The challenge a submission names, if the actor may answer it now: theirs, for this exercise, unused
 * and unexpired. Returns its uniforms, regenerated from the seed, for the scorer.
 */
export async function requireOpenChallenge(
  db: Db,
  definition: Pick<ExerciseDefinition, "challenge" | "drawChallenge">,
  actorId: string,
  exerciseId: string,
  challengeId: unknown,
  now: Date,
) {
  if (!definition.challenge) throw new Error("This exercise takes no challenge.");
  if (typeof challengeId !== "string") {
    throw invalid(
      `"challengeId" is missing: this exercise is answered against a challenge. Request one (your page does it when you run your code) and send its id with the samples.`,
    );
  }
  const challenge = await db.samplingChallenge.findUnique({ where: { id: challengeId } });
  // Someone else's challenge is as unknown as one that never existed.
  if (!challenge || challenge.userId !== actorId || challenge.exerciseId !== exerciseId) {
    throw notFound("There is no such challenge of yours for this exercise. Run your code again: it gets a new challenge.");
  }
  if (challenge.usedAt) {
    throw new DomainError(
      "CONFLICT",
      "This challenge was already answered by a submission, and each counts once. Run your code again: it gets a new challenge.",
    );
  }
  if (challenge.expiresAt <= now) {
    throw new DomainError("CONFLICT", `This challenge expired at ${challenge.expiresAt.toISOString()}. Run your code again: it gets a new challenge.`);
  }
  return { id: challenge.id, uniforms: definition.drawChallenge!(challenge.seed) };
}

/** The uniforms of a challenge a stored submission answered (used or not): what its scorer gets, when it is scored again. */
export async function challengeContextOf(db: Db, definition: Pick<ExerciseDefinition, "drawChallenge">, challengeId: unknown) {
  const challenge = typeof challengeId === "string" ? await db.samplingChallenge.findUnique({ where: { id: challengeId }, select: { seed: true } }) : null;
  if (!challenge) throw notFound("The challenge this submission answered is gone.");
  return { uniforms: definition.drawChallenge!(challenge.seed) };
}

/**
 * Marks the challenge answered, inside the transaction that stores the submission. The row-count
 * check makes one of two submissions racing with the same challenge fail (the second UPDATE waits for
 * the first's commit, then finds usedAt set), so its transaction stores nothing.
 */
export async function markChallengeUsed(tx: Prisma.TransactionClient, challengeId: string, now: Date) {
  const marked = await tx.samplingChallenge.updateMany({ where: { id: challengeId, usedAt: null }, data: { usedAt: now } });
  if (marked.count !== 1) {
    throw new DomainError(
      "CONFLICT",
      "This challenge was answered by another submission meanwhile, and each counts once. Run your code again: it gets a new challenge.",
    );
  }
}
