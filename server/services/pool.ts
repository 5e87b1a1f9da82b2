// The worker pool as people use it: request a training run (or a sweep of them), watch it, cancel
// it, download its weights. Limits are checked here; the queue (pg-boss) only orders and retries.
import { randomUUID } from "node:crypto";
import { describeValidationError } from "@/lib/exercises/validation";
import { INSTRUCTOR_PRIORITY, POOL_LIMITS } from "@/lib/pool/types";
import type { Db } from "../db";
import type { CourseRole, Prisma } from "../generated/prisma/client";
import type { PoolQueue } from "../pool/queue";
import { liveWorkers } from "../pool/workers";
import { type Actor, emailForViewer, isStaff, requireEnrollment } from "./courses";
import { DomainError, forbidden, invalid, notFound } from "./errors";
import { requireCourseExercise, requireDefinition } from "./exercises";

const DAY_MS = 24 * 60 * 60 * 1000;
/** When the pool has no finished job to learn from: a guess at one job's length. */
const DEFAULT_JOB_MS = 60_000;

export interface EnqueueInput {
  courseId: string;
  exerciseSlug: string;
  config: unknown;
  steps: number;
  /** Values to sweep, per numeric config key: one job per combination. */
  sweep?: Record<string, number[]>;
}

/** The config of every job of a sweep: the cartesian product of the swept values over the base config. */
export function expandSweep(config: Record<string, unknown>, sweep: Record<string, number[]> = {}): Record<string, unknown>[] {
  let configs = [config];
  for (const [key, values] of Object.entries(sweep)) {
    if (!(key in config) || typeof config[key] !== "number") throw invalid(`"${key}" is not a numeric setting of this model, so it cannot be swept.`);
    if (values.length === 0) continue;
    configs = configs.flatMap((c) => values.map((v) => ({ ...c, [key]: v })));
    if (configs.length > POOL_LIMITS.maxSweepJobs) throw invalid(`A sweep may make at most ${POOL_LIMITS.maxSweepJobs} jobs; this one makes more.`);
  }
  return configs;
}

function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}

/** Validates, checks the student's limits, stores the jobs and queues them (instructors first). */
export async function enqueuePoolJobs(db: Db, queue: PoolQueue, actor: Actor, input: EnqueueInput, now = new Date()) {
  const definition = requireDefinition(input.exerciseSlug);
  if (!definition.pool) throw invalid(`The worker pool does not train “${definition.title}”; train it in your browser.`);
  if (input.steps > definition.pool.maxSteps) throw invalid(`A pool run takes at most ${definition.pool.maxSteps.toLocaleString("en")} steps.`);
  const base = definition.configSchema.safeParse(input.config);
  if (!base.success) throw invalid(`The training config is not valid: ${describeValidationError(base.error)}`);
  const configs = expandSweep(base.data as Record<string, unknown>, input.sweep).map((c, i) => {
    const parsed = definition.configSchema.safeParse(c);
    if (!parsed.success) throw invalid(`Sweep job ${i + 1}: ${describeValidationError(parsed.error)}`);
    return parsed.data;
  });

  const enrollment = await requireEnrollment(db, actor, input.courseId, "member", { write: true });
  const exercise = await requireCourseExercise(db, input.courseId, input.exerciseSlug, enrollment.role);
  if (exercise.deadline && exercise.deadline <= now) {
    throw new DomainError(
      "LIMIT_REACHED",
      `The deadline for this exercise passed at ${exercise.deadline.toISOString()}; submissions, pool runs included, are closed.`,
    );
  }
  const instructor = isStaff(enrollment.role);
  const sweepId = configs.length > 1 ? randomUUID() : null;

  const jobs = await db.$transaction(async (tx) => {
    // One student's requests in a row, so the limits below count exactly.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('pool'), hashtext(${actor.id}))`;
    if (!instructor) {
      const active = await tx.poolJob.count({ where: { userId: actor.id, status: { in: ["QUEUED", "RUNNING"] } } });
      if (active + configs.length > POOL_LIMITS.activeJobsPerStudent) {
        throw new DomainError(
          "LIMIT_REACHED",
          `You may have ${POOL_LIMITS.activeJobsPerStudent} pool jobs queued or running at once; you have ${active}${configs.length > 1 ? ` and this sweep adds ${configs.length}` : ""}. Wait for one to finish or cancel one.`,
        );
      }
      const used = await tx.poolJob.aggregate({ where: { userId: actor.id, createdAt: { gte: startOfUtcDay(now) } }, _sum: { computeMs: true } });
      const usedMinutes = (used._sum.computeMs ?? 0) / 60_000;
      if (usedMinutes >= POOL_LIMITS.computeMinutesPerStudentPerDay) {
        const resetInMin = Math.ceil((startOfUtcDay(now).getTime() + DAY_MS - now.getTime()) / 60_000);
        throw new DomainError(
          "LIMIT_REACHED",
          `You have used your ${POOL_LIMITS.computeMinutesPerStudentPerDay} minutes of pool training for today; the count resets at midnight UTC (in ${resetInMin} min).`,
        );
      }
    }
    return Promise.all(
      configs.map((config) =>
        tx.poolJob.create({
          data: {
            userId: actor.id,
            courseId: input.courseId,
            exerciseId: exercise.id,
            config: config as Prisma.InputJsonValue,
            steps: input.steps,
            sweepId,
            priority: instructor ? INSTRUCTOR_PRIORITY : 0,
          },
          select: { id: true, priority: true },
        }),
      ),
    );
  });
  // Queued after the rows are committed: a worker that picks a job up at once finds its row.
  try {
    for (const job of jobs) await queue.enqueue(job.id, job.priority);
  } catch (error) {
    await db.poolJob.updateMany({
      where: { id: { in: jobs.map((j) => j.id) } },
      data: { status: "FAILED", error: "The queue could not take the job; please try again." },
    });
    throw error;
  }
  return { jobIds: jobs.map((j) => j.id), sweepId };
}

const jobSelect = {
  id: true,
  userId: true,
  courseId: true,
  config: true,
  steps: true,
  sweepId: true,
  priority: true,
  status: true,
  attempts: true,
  backend: true,
  device: true,
  iteration: true,
  lossHistory: true,
  preview: true,
  submissionId: true,
  error: true,
  computeMs: true,
  createdAt: true,
  startedAt: true,
  finishedAt: true,
  exercise: { select: { slug: true } },
  user: { select: { name: true, email: true } },
  submission: { select: { score: { select: { metrics: true } } } },
} satisfies Prisma.PoolJobSelect;

type SelectedJob = Prisma.PoolJobGetPayload<{ select: typeof jobSelect }>;

/**
 * Where each queued job stands: jobs ahead of it (higher priority, or same priority and older),
 * and when it should start, from the recent jobs' length and the workers busy now.
 */
async function queueEstimates(db: Db, jobs: SelectedJob[]) {
  const queued = jobs.filter((j) => j.status === "QUEUED");
  if (queued.length === 0) return new Map<string, { position: number; startsInMs: number }>();
  const [recent, running, online] = await Promise.all([
    db.poolJob.findMany({
      where: { status: "SUCCEEDED", startedAt: { not: null } },
      orderBy: { finishedAt: "desc" },
      take: 20,
      select: { startedAt: true, finishedAt: true },
    }),
    db.poolJob.count({ where: { status: "RUNNING" } }),
    liveWorkers(db),
  ]);
  const durations = recent.map((r) => r.finishedAt!.getTime() - r.startedAt!.getTime()).sort((a, b) => a - b);
  const typical = durations.length ? durations[Math.floor(durations.length / 2)] : DEFAULT_JOB_MS;
  // The workers online now (each takes one job at a time); none online: as if one were about to join.
  const workers = Math.max(1, online.length, running);
  const estimates = new Map<string, { position: number; startsInMs: number }>();
  for (const job of queued) {
    const ahead = await db.poolJob.count({
      where: {
        status: "QUEUED",
        OR: [{ priority: { gt: job.priority } }, { priority: job.priority, createdAt: { lt: job.createdAt } }],
      },
    });
    // Each worker frees up once per typical job; those running now are half-way on average.
    estimates.set(job.id, { position: ahead + 1, startsInMs: Math.round(((ahead + running / 2) / workers) * typical) });
  }
  return estimates;
}

/** One job as a viewer with this role in the course sees it. */
function toView(job: SelectedJob, viewerRole: CourseRole | null | undefined, estimate?: { position: number; startsInMs: number }) {
  return {
    id: job.id,
    exerciseSlug: job.exercise.slug,
    owner: job.user.name,
    ownerEmail: emailForViewer(viewerRole, job.user.email),
    userId: job.userId,
    config: job.config as Record<string, unknown>,
    steps: job.steps,
    sweepId: job.sweepId,
    status: job.status,
    attempts: job.attempts,
    backend: job.backend,
    device: job.device,
    iteration: job.iteration,
    lossHistory: (job.lossHistory as number[][] | null) ?? [],
    preview: (job.preview as number[] | null) ?? [],
    submissionId: job.submissionId,
    metrics: (job.submission?.score?.metrics ?? null) as Record<string, number> | null,
    error: job.error,
    computeMs: job.computeMs,
    createdAt: job.createdAt,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    queuePosition: estimate?.position ?? null,
    startsInMs: estimate?.startsInMs ?? null,
  };
}

/** The actor's jobs in a course (instructors: everyone's), newest first. */
export async function listPoolJobs(db: Db, actor: Actor, courseId: string, exerciseSlug?: string) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  const exercise = exerciseSlug ? await requireCourseExercise(db, courseId, exerciseSlug, enrollment.role) : null;
  const jobs = await db.poolJob.findMany({
    where: { courseId, ...(isStaff(enrollment.role) ? {} : { userId: actor.id }), ...(exercise ? { exerciseId: exercise.id } : {}) },
    orderBy: { createdAt: "desc" },
    take: 50,
    select: jobSelect,
  });
  const estimates = await queueEstimates(db, jobs);
  return jobs.map((j) => toView(j, enrollment.role, estimates.get(j.id)));
}

/** Who trains now: the pool's live workers, for anyone enrolled in the course. */
export async function listPoolWorkers(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId);
  const workers = await liveWorkers(db);
  return workers.map((w) => ({ backend: w.backend, device: w.device, busy: w.busyJobId !== null }));
}

/** A job its owner or the course's instructors may see, with the actor's role in its course. */
async function requireJobAccess(db: Db, actor: Actor, jobId: string) {
  const job = await db.poolJob.findUnique({ where: { id: jobId }, select: jobSelect });
  if (!job) throw notFound("There is no such pool job.");
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: actor.id, courseId: job.courseId } } });
  if (job.userId !== actor.id && !isStaff(enrollment?.role)) throw forbidden("You can only see your own pool jobs.");
  return { job, viewerRole: enrollment?.role };
}

export async function getPoolJob(db: Db, actor: Actor, jobId: string) {
  const { job, viewerRole } = await requireJobAccess(db, actor, jobId);
  return toView(job, viewerRole, (await queueEstimates(db, [job])).get(job.id));
}

export async function cancelPoolJob(db: Db, queue: PoolQueue, actor: Actor, jobId: string) {
  const { job } = await requireJobAccess(db, actor, jobId);
  const cancelled = await db.poolJob.updateMany({
    where: { id: jobId, status: { in: ["QUEUED", "RUNNING"] } },
    data: { status: "CANCELLED", finishedAt: new Date() },
  });
  if (cancelled.count === 0)
    throw new DomainError(
      "CONFLICT",
      `This job has already ${job.status === "SUCCEEDED" ? "finished" : job.status === "FAILED" ? "failed" : "been cancelled"}.`,
    );
  // A running job sees its status at its next progress report and stops there.
  await queue.cancel(jobId);
  return { id: jobId, userId: job.userId, courseId: job.courseId };
}

/** The trained weights with the config that made them (JSON; the browser's trainer can load them). */
export async function getPoolJobWeights(db: Db, actor: Actor, jobId: string) {
  const { job } = await requireJobAccess(db, actor, jobId);
  const row = await db.poolJob.findUniqueOrThrow({ where: { id: jobId }, select: { weights: true } });
  if (!row.weights) throw new DomainError("CONFLICT", "This job has no trained weights yet.");
  return { exerciseSlug: job.exercise.slug, config: job.config, steps: job.steps, weights: row.weights };
}
