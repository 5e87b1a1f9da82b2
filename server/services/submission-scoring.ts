// Scoring after the acknowledgement. A submission is stored (status SCORING) and acknowledged as soon
// as its limits, its author and its body have been checked (services/submissions.ts); this queue then
// scores it in the scoring threads and stores its score, exactly once:
// - the process that acknowledged it holds it by a lease (Submission.scoringLeaseUntil) that it
//   renews while the submission waits or is scored here;
// - a lease that lapses (its process died, or stopped without finishing) lets any process take the
//   submission over: every process sweeps for them, and re-reads the body from the database;
// - the score is stored in the same transaction that moves the submission from SCORING to SCORED,
//   so of two processes that scored it (a lease taken over from a slow one), one stores it.
import { randomUUID } from "node:crypto";
import { rankKeysOf } from "@/lib/exercises/ranking";
import type { ScoringContext } from "@/lib/exercises/types";
import type { LeaderboardUpdated } from "@/lib/realtime/protocol";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { currentRequestId, lineLogger, withRequestContext } from "../observability/log";
import { countSubmission } from "../observability/metrics";
import { mutateThenBroadcast } from "../realtime/publisher";
import type { Scorer, SubmissionChecker } from "../scoring/pool";
import { challengeContextOf } from "./challenges";
import { DomainError } from "./errors";
import { requireDefinition } from "./exercises";
import { scoreOnCourseHeldout } from "./heldout";

/** A stored submission to score, with what its check produced (or, taken over, a re-check of its stored body). */
export interface ScoringJob {
  submissionId: string;
  userId: string;
  exercise: { id: string; slug: string };
  createdAt: Date;
  submission: unknown;
  preview: unknown;
  /** What the scorer gets besides the submission: a challenge's uniforms. */
  context?: ScoringContext;
}

export interface SubmissionScoringOptions {
  db: Db;
  check: SubmissionChecker;
  score: Scorer;
  /** Told of every stored score (the socket gateway announces it). */
  onScored?: (event: LeaderboardUpdated) => void;
  /** Submissions scored at once by this process; more wait here, in order of arrival. */
  concurrency?: number;
  leaseMs?: number;
  sweepMs?: number;
  log?: (message: string) => void;
}

/** What a submission's author is told while it waits: how many are ahead of it in this process's queue. */
export interface ScoringWait {
  ahead: number | null;
}

export type SubmissionScoring = ReturnType<typeof createSubmissionScoring>;

/** A submission that failed this often (its thread died, the database went away) is given up. */
export const MAX_SCORING_ATTEMPTS = 3;
const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_SWEEP_MS = 2_000;
/** How often a waiter that cannot hear this process's queue (the submission is scored elsewhere) reads its status. */
const STATUS_POLL_MS = 250;

const givenUp = (attempts: number, reason: string) =>
  `The server could not score this submission (${attempts} attempts; the last: ${reason}). It does not count toward your daily limit: submit again, and tell your instructor if this repeats.`;

export function createSubmissionScoring({
  db,
  check,
  score,
  onScored,
  concurrency = 2,
  leaseMs = DEFAULT_LEASE_MS,
  sweepMs = DEFAULT_SWEEP_MS,
  log = lineLogger("submissions", "warn"),
}: SubmissionScoringOptions) {
  const queue: (ScoringJob & { requestId?: string })[] = [];
  /** Submissions this process holds (queued or being scored), with what settles their waiters. */
  const held = new Map<string, { settled: Promise<void>; settle: () => void }>();
  let running = 0;
  let closed = false;
  let sweeping: Promise<void> | null = null;
  const idle = new Set<() => void>();

  const hold = (submissionId: string) => {
    let settle!: () => void;
    const settled = new Promise<void>((resolve) => (settle = resolve));
    held.set(submissionId, { settled, settle });
  };
  const release = (submissionId: string) => {
    held.get(submissionId)?.settle();
    held.delete(submissionId);
  };

  const storeScore = async (job: ScoringJob, metrics: Record<string, number>, privateMetrics: Record<string, number> | null) => {
    const definition = requireDefinition(job.exercise.slug);
    return db.$transaction(async (tx) => {
      const moved = await tx.submission.updateMany({ where: { id: job.submissionId, status: "SCORING" }, data: { status: "SCORED", scoringLeaseUntil: null } });
      // Another process stored it first (it took over a lease this one let lapse).
      if (moved.count !== 1) return false;
      await tx.score.create({
        data: {
          submissionId: job.submissionId,
          exerciseId: job.exercise.id,
          userId: job.userId,
          metrics,
          rankKeys: rankKeysOf(definition, metrics),
          ...(privateMetrics ? { privateMetrics, privateRankKeys: rankKeysOf(definition, privateMetrics) } : {}),
          preview: job.preview as Prisma.InputJsonValue,
          createdAt: job.createdAt,
        },
      });
      return true;
    });
  };

  const fail = async (submission: { submissionId: string; slug: string }, message: string) => {
    const failed = await db.submission.updateMany({
      where: { id: submission.submissionId, status: "SCORING" },
      data: { status: "FAILED", scoringError: message, scoringLeaseUntil: null },
    });
    if (failed.count === 1) countSubmission(submission.slug, "failed");
  };

  const run = async (job: ScoringJob & { requestId?: string }) => {
    try {
      const { metrics, privateMetrics } = await scoreOnCourseHeldout(db, score, job.exercise, job.submission, job.context);
      await mutateThenBroadcast(
        () => storeScore(job, metrics, privateMetrics),
        (stored) => {
          if (!stored) return;
          countSubmission(job.exercise.slug, "scored");
          onScored?.({ exerciseId: job.exercise.id, submissionId: job.submissionId, userId: job.userId, at: job.createdAt.getTime() });
        },
      );
    } catch (error) {
      // Handed back by a stop (its threads stopped under it): another process holds it now.
      if (!held.has(job.submissionId)) return;
      // A refusal by the scorer is final and meant for people; anything else may pass on another try.
      const submission = { submissionId: job.submissionId, slug: job.exercise.slug };
      if (error instanceof DomainError) await fail(submission, error.message).catch(() => {});
      else await retryLater(submission, error instanceof Error ? error.message : String(error));
    }
  };

  /** Hands the submission back to the sweepers after a short pause, or gives it up after the last attempt. */
  const retryLater = async (submission: { submissionId: string; slug: string }, reason: string) => {
    log(`scoring ${submission.submissionId} failed: ${reason}`);
    try {
      const [row] = await db.$queryRaw<{ scoringAttempts: number }[]>`
        UPDATE "Submission" SET "scoringLeaseUntil" = now() + ${1000} * "scoringAttempts" * interval '1 millisecond'
        WHERE id = ${submission.submissionId} AND status = 'SCORING' RETURNING "scoringAttempts"`;
      if (row && row.scoringAttempts >= MAX_SCORING_ATTEMPTS) await fail(submission, givenUp(row.scoringAttempts, reason));
    } catch {
      // The database is away: the lease lapses by itself and a sweeper retries.
    }
  };

  const pump = () => {
    while (!closed && running < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      running++;
      // Under the id of the request that stored it, whichever request's end started it here.
      const scored = job.requestId ? withRequestContext(job.requestId, () => run(job)) : run(job);
      void scored.finally(() => {
        running--;
        release(job.submissionId);
        if (running === 0) for (const done of idle) done();
        pump();
      });
    }
  };

  /** How many submissions wait before this one here (0 once it is being scored; null when this process does not hold it). */
  const ahead = (submissionId: string): number | null => {
    if (!held.has(submissionId)) return null;
    const position = queue.findIndex((job) => job.submissionId === submissionId);
    return position < 0 ? 0 : position;
  };

  const enqueue = (job: ScoringJob & { requestId?: string }) => {
    if (!held.has(job.submissionId)) hold(job.submissionId);
    queue.push({ requestId: currentRequestId(), ...job });
    pump();
  };

  /** Rebuilds a taken-over submission's job from the database: its stored body is checked again. */
  const jobOf = async (row: TakenOver): Promise<ScoringJob> => {
    const definition = requireDefinition(row.slug);
    const checked = await check(row.slug, { json: new TextEncoder().encode(`{"body":${row.payload}}`) });
    const context = definition.challenge ? await challengeContextOf(db, definition, (checked.submission as { challengeId?: unknown }).challengeId) : undefined;
    return {
      submissionId: row.id,
      userId: row.userId,
      exercise: { id: row.exerciseId, slug: row.slug },
      createdAt: row.createdAt,
      submission: checked.submission,
      preview: checked.preview,
      context,
    };
  };

  /** Takes over submissions whose lease lapsed, as many as this process has room for. */
  const sweep = async () => {
    const room = concurrency - running - queue.length;
    if (closed || room <= 0) return;
    const rows = await db.$queryRaw<TakenOver[]>`
      UPDATE "Submission" s SET "scoringLeaseUntil" = now() + ${leaseMs} * interval '1 millisecond', "scoringAttempts" = s."scoringAttempts" + 1
      FROM "Exercise" e
      WHERE e.id = s."exerciseId" AND s.id IN (
        SELECT id FROM "Submission" WHERE status = 'SCORING' AND "scoringLeaseUntil" < now()
        ORDER BY "createdAt" LIMIT ${room} FOR UPDATE SKIP LOCKED)
      RETURNING s.id, s."userId", s."exerciseId", e.slug, s."createdAt", s."scoringAttempts", s.payload::text AS payload`;
    for (const row of rows) {
      if (held.has(row.id)) continue;
      const submission = { submissionId: row.id, slug: row.slug };
      if (row.scoringAttempts > MAX_SCORING_ATTEMPTS) {
        await fail(submission, givenUp(row.scoringAttempts - 1, "its server stopped while scoring it"));
        continue;
      }
      log(`taking over ${row.id} (attempt ${row.scoringAttempts}): its server stopped or let its lease lapse`);
      hold(row.id);
      try {
        // A request id of its own: the request that stored it was answered by another process.
        enqueue({ ...(await jobOf(row)), requestId: `takeover-${randomUUID()}` });
      } catch (error) {
        release(row.id);
        if (error instanceof DomainError) await fail(submission, error.message);
        else await retryLater(submission, error instanceof Error ? error.message : String(error));
      }
    }
  };

  const renewLeases = async () => {
    if (held.size === 0) return;
    await db.$executeRaw`
      UPDATE "Submission" SET "scoringLeaseUntil" = now() + ${leaseMs} * interval '1 millisecond'
      WHERE id = ANY(${[...held.keys()]}::text[]) AND status = 'SCORING'`;
  };

  const timers = [setInterval(() => void renewLeases().catch(() => {}), Math.max(1000, leaseMs / 3))];
  // sweepMs 0: sweeps only when asked (tests).
  if (sweepMs > 0) {
    timers.push(
      setInterval(() => {
        sweeping ??= sweep()
          .catch((error: unknown) => log(`taking over lapsed submissions: ${error instanceof Error ? error.message : error}`))
          .finally(() => (sweeping = null));
      }, sweepMs),
    );
  }
  for (const timer of timers) timer.unref();

  /** The submission's status once it left SCORING; "SCORING" when `timeoutMs` passed first. */
  const settled = async (submissionId: string, { timeoutMs = 120_000, onWait }: { timeoutMs?: number; onWait?: (wait: ScoringWait) => void } = {}) => {
    const deadline = Date.now() + timeoutMs;
    const local = held.get(submissionId);
    if (local) {
      onWait?.({ ahead: ahead(submissionId) });
      await Promise.race([local.settled, new Promise((resolve) => setTimeout(resolve, timeoutMs).unref())]);
    }
    for (;;) {
      const row = await db.submission.findUnique({ where: { id: submissionId }, select: { status: true } });
      if (!row || row.status !== "SCORING" || Date.now() >= deadline) return row?.status ?? "FAILED";
      // Held elsewhere (another process, or taken over after a restart): its status is all there is to watch.
      await new Promise((resolve) => setTimeout(resolve, STATUS_POLL_MS));
      const nowLocal = held.get(submissionId);
      if (nowLocal) await Promise.race([nowLocal.settled, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())).unref())]);
    }
  };

  return {
    /** Validates a draft in the scoring threads (before anything is stored). */
    check,
    /** The lease a newly stored submission starts with (its storing transaction sets it). */
    leaseMs,
    /** Queues a stored submission for scoring; its waiters are settled once it left SCORING. */
    enqueue,
    settled,
    ahead,
    /** Submissions waiting here, and being scored. */
    depth: () => ({ queued: queue.length, running }),
    /** Runs one sweep now (tests; the timer runs them every sweepMs). */
    sweep,
    /**
     * Stops: nothing new starts; what is being scored gets up to `graceMs` to finish and be stored;
     * what still waits is handed back (its lease ends now), so another process scores it at once.
     */
    close: async (graceMs = 5_000) => {
      closed = true;
      for (const timer of timers) clearInterval(timer);
      await sweeping;
      if (running > 0) {
        await Promise.race([new Promise<void>((resolve) => idle.add(resolve)), new Promise((resolve) => setTimeout(resolve, graceMs).unref())]);
      }
      const left = [...held.keys()];
      queue.length = 0;
      if (left.length > 0) {
        await db.$executeRaw`UPDATE "Submission" SET "scoringLeaseUntil" = now() WHERE id = ANY(${left}::text[]) AND status = 'SCORING'`.catch(() => {});
      }
      for (const id of left) release(id);
    },
  };
}

interface TakenOver {
  id: string;
  userId: string;
  exerciseId: string;
  slug: string;
  createdAt: Date;
  scoringAttempts: number;
  payload: string;
}
