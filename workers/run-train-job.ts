// One pool training job, start to finish: the same trainer the browser runs, in steps; progress
// and a checkpoint in PostgreSQL as it goes; at the end the exercise's own scorer, and the result
// stored as a submission exactly once (its idempotency key is the job's id).
import { rankKeysOf } from "@/lib/exercises/ranking";
import { findExercise } from "@/exercises/registry";
import { type PoolJobProgress, POOL_KEY_PREFIX, POOL_LIMITS } from "@/lib/pool/types";
import type { Db } from "@/server/db";
import { Prisma } from "@/server/generated/prisma/client";
import { POOL_EVENTS_CHANNEL } from "@/server/pool/queue";
import { contentHashOf } from "@/server/services/scoring";
import { poolTrainerFor } from "./trainers";

const PROGRESS_EVERY_MS = 1000;
const CHECKPOINT_EVERY_MS = 5000;
/** Checkpoints of big models (megabytes of JSON) come less often: they cost at most ~5% of the time. */
const CHECKPOINT_OVERHEAD = 0.05;
const PREVIEW_EVERY_TICKS = 3;
const PREVIEW_POINTS = 64;
/** Training runs in slices of about this long between awaits, so heartbeats and I/O keep flowing. */
const SLICE_MS = 200;
const MAX_HISTORY_POINTS = 400;

export interface WorkerIdentity {
  backend: string;
  device: string;
}

type History = number[][];

/** Keeps the loss history short by halving its resolution, not by forgetting the start. */
function appendHistory(history: History, row: number[]): History {
  const next = [...history, row];
  return next.length > MAX_HISTORY_POINTS ? next.filter((_, i) => i % 2 === 0 || i === next.length - 1) : next;
}

export async function notifyPool(db: Db, progress: PoolJobProgress): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${POOL_EVENTS_CHANNEL}, ${JSON.stringify({ type: "progress", progress })})`;
}

export async function notifyLeaderboard(db: Db, event: { exerciseId: string; submissionId: string; userId: string; at: number }): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${POOL_EVENTS_CHANNEL}, ${JSON.stringify({ type: "leaderboard", event })})`;
}

/**
 * Runs (or resumes) the job. Returns normally when the job is done, cancelled or finally failed;
 * throws to have pg-boss retry it (a transient error with attempts left).
 */
export async function runTrainJob(db: Db, jobId: string, worker: WorkerIdentity, signal?: AbortSignal): Promise<void> {
  const job = await db.poolJob.findUnique({ where: { id: jobId }, include: { exercise: { select: { slug: true } } } });
  // Done, cancelled or failed already (a retry after the result was stored): nothing to do, twice.
  if (!job || job.status === "SUCCEEDED" || job.status === "CANCELLED" || job.status === "FAILED") return;

  const base = { jobId, userId: job.userId, courseId: job.courseId, steps: job.steps, backend: worker.backend, device: worker.device };
  const fail = async (error: string) => {
    const failed = await db.poolJob.updateMany({
      where: { id: jobId, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "FAILED", error, finishedAt: new Date() },
    });
    if (failed.count === 0) return; // cancelled meanwhile: it stays cancelled
    await notifyPool(db, { ...base, status: "FAILED", iteration: job.iteration, losses: {}, error, at: Date.now() });
  };
  const attempts = job.attempts + 1;
  if (attempts > POOL_LIMITS.maxAttempts) {
    return fail(
      `The job stopped ${job.attempts} times without finishing${job.error ? ` (last error: ${job.error})` : " (its worker was killed or lost the database)"}.`,
    );
  }
  const create = poolTrainerFor(job.exercise.slug);
  const definition = findExercise(job.exercise.slug);
  if (!create || !definition) return fail(`The pool cannot train ${job.exercise.slug}.`);
  await db.poolJob.update({
    where: { id: jobId },
    data: { status: "RUNNING", attempts, backend: worker.backend, device: worker.device, startedAt: job.startedAt ?? new Date() },
  });

  const trainer = create(job.config);
  try {
    if (job.checkpoint) trainer.importState(job.checkpoint);
    let history = (job.lossHistory as History | null) ?? [];
    let computeMs = job.computeMs;
    let lastProgress = performance.now();
    let lastCheckpoint = lastProgress;
    let checkpointEveryMs = CHECKPOINT_EVERY_MS;
    let ticks = 0;
    let stepsPerSlice = 1;
    while (trainer.iteration < job.steps) {
      if (signal?.aborted) throw new Error("The worker is shutting down.");
      const sliceStart = performance.now();
      trainer.step(Math.min(stepsPerSlice, job.steps - trainer.iteration));
      const losses = await trainer.losses(); // a read-back: the slice's time is real, also on WebGPU
      const sliceMs = performance.now() - sliceStart;
      computeMs += sliceMs;
      // Aim each slice at SLICE_MS from the last one's speed.
      stepsPerSlice = Math.max(1, Math.min(10_000, Math.round((stepsPerSlice * SLICE_MS) / Math.max(1, sliceMs))));
      await new Promise((resolve) => setImmediate(resolve));

      const now = performance.now();
      if (now - lastProgress < PROGRESS_EVERY_MS && trainer.iteration < job.steps) continue;
      lastProgress = now;
      if (computeMs > POOL_LIMITS.jobTimeoutMinutes * 60_000) return fail(`The job ran out of time (${POOL_LIMITS.jobTimeoutMinutes} minutes of training).`);
      history = appendHistory(history, [trainer.iteration, ...Object.values(losses)]);
      const checkpoint = now - lastCheckpoint >= checkpointEveryMs ? await trainer.exportState() : undefined;
      if (checkpoint) lastCheckpoint = now;
      const preview = ticks++ % PREVIEW_EVERY_TICKS === 0 ? await trainer.preview(PREVIEW_POINTS) : undefined;
      // Cancelled meanwhile? The update only touches a job still running.
      const updated = await db.poolJob.updateMany({
        where: { id: jobId, status: "RUNNING" },
        data: {
          iteration: trainer.iteration,
          computeMs: Math.round(computeMs),
          lossHistory: history,
          ...(preview ? { preview } : {}),
          ...(checkpoint ? { checkpoint: checkpoint as Prisma.InputJsonValue, checkpointIteration: trainer.iteration } : {}),
        },
      });
      if (updated.count === 0) return;
      if (checkpoint) checkpointEveryMs = Math.max(CHECKPOINT_EVERY_MS, (performance.now() - now) / CHECKPOINT_OVERHEAD);
      await notifyPool(db, { ...base, status: "RUNNING", iteration: trainer.iteration, losses, preview, at: Date.now() });
    }

    // The result: scored by the exercise's own scorer, stored once.
    const body = definition.submissionSchema.parse(await trainer.submission());
    const metrics = (await definition.score(body)) as Record<string, number>; // image scorers are async
    const weights = (await trainer.exportState()) as Prisma.InputJsonValue;
    // A run that ends after the exercise's deadline is not submitted, like a browser's late submission.
    const { deadline } = await db.exercise.findUniqueOrThrow({ where: { id: job.exerciseId }, select: { deadline: true } });
    if (deadline && deadline <= new Date()) return fail(`The run finished after the exercise's deadline (${deadline.toISOString()}), so it was not submitted.`);
    const submissionId = await storeResult(db, job, body, metrics, rankKeysOf(definition, metrics), definition.preview(body), weights);
    if (!submissionId) return; // cancelled at the last moment
    const losses = await trainer.losses();
    await notifyPool(db, { ...base, status: "SUCCEEDED", iteration: trainer.iteration, losses, submissionId, at: Date.now() });
    await notifyLeaderboard(db, { exerciseId: job.exerciseId, submissionId, userId: job.userId, at: Date.now() });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (attempts >= POOL_LIMITS.maxAttempts) return fail(message);
    // Back in the queue for the retry, unless it was cancelled meanwhile (then it stays cancelled).
    await db.poolJob.updateMany({ where: { id: jobId, status: "RUNNING" }, data: { status: "QUEUED", error: message } });
    throw error;
  } finally {
    trainer.dispose();
  }
}

/** One transaction: the submission and its score, and the job marked done with its weights. */
async function storeResult(
  db: Db,
  job: { id: string; userId: string; exerciseId: string; config: Prisma.JsonValue; steps: number },
  body: unknown,
  metrics: Record<string, number>,
  rankKeys: number[],
  preview: unknown,
  weights: Prisma.InputJsonValue,
): Promise<string | null> {
  const idempotencyKey = `${POOL_KEY_PREFIX}${job.id}`;
  return db
    .$transaction(async (tx) => {
      const existing = await tx.submission.findUnique({ where: { userId_idempotencyKey: { userId: job.userId, idempotencyKey } }, select: { id: true } });
      const submissionId =
        existing?.id ??
        (
          await tx.submission.create({
            data: {
              userId: job.userId,
              exerciseId: job.exerciseId,
              payload: body as Prisma.InputJsonValue,
              contentHash: contentHashOf(body),
              config: job.config as Prisma.InputJsonValue,
              idempotencyKey,
              score: { create: { exerciseId: job.exerciseId, userId: job.userId, metrics, rankKeys, preview: preview as Prisma.InputJsonValue } },
            },
            select: { id: true },
          })
        ).id;
      const done = await tx.poolJob.updateMany({
        where: { id: job.id, status: "RUNNING" },
        data: { status: "SUCCEEDED", submissionId, weights, iteration: job.steps, finishedAt: new Date(), error: null },
      });
      if (done.count === 0) throw new CancelledWhileStoring();
      return submissionId;
    })
    .catch((error) => {
      if (error instanceof CancelledWhileStoring) return null;
      throw error;
    });
}

class CancelledWhileStoring extends Error {}
