// The worker pool, as the browser and the server both see it: limits, job views, live events.

export const POOL_LIMITS = {
  /** Jobs a student may have queued or running at once (instructors: no limit). */
  activeJobsPerStudent: 3,
  /** Training time a student may use per UTC day, all jobs together. */
  computeMinutesPerStudentPerDay: 30,
  /** A job running longer is stopped and marked failed. */
  jobTimeoutMinutes: 20,
  /** A sweep expands into at most this many jobs. */
  maxSweepJobs: 8,
  /** Tries before a job that keeps failing (or killing its worker) is marked failed. */
  maxAttempts: 3,
} as const;

/** Instructors' jobs (reference runs) go first. */
export const INSTRUCTOR_PRIORITY = 10;
/** A pool run's submission is stored under the idempotency key `pool-<job id>`; clients may not use the prefix. */
export const POOL_KEY_PREFIX = "pool-";

export type PoolJobStatus = "QUEUED" | "RUNNING" | "SUCCEEDED" | "FAILED" | "CANCELLED";

/** What a worker streams while it trains (through PostgreSQL NOTIFY, then socket.io). */
export interface PoolJobProgress {
  jobId: string;
  userId: string;
  courseId: string;
  status: PoolJobStatus;
  iteration: number;
  steps: number;
  /** Latest losses by name. */
  losses: Record<string, number>;
  backend: string | null;
  device: string | null;
  /** A sample snapshot, sent every few seconds: up to 64 points [x0, y0, …], or DIGIT_PREVIEW's digits. */
  preview?: number[];
  error?: string | null;
  submissionId?: string | null;
  at: number;
}

/**
 * The live thumbnail of a digit exercise: `count` generated digits, each shrunk to side × side by
 * averaging 2×2 pixel blocks, as grey levels 0 (background) … levels − 1 (ink); flattened digit
 * after digit, each row-major: count · side² = 784 numbers, at most ~2.4 kB of JSON (a NOTIFY
 * payload is limited to 8 kB). Draw value v as ink v / (levels − 1).
 */
export const DIGIT_PREVIEW = { count: 4, side: 14, levels: 16 } as const;

/** Requesters' and instructors' rooms for pool progress. */
export const poolUserRoom = (userId: string) => `pool:user:${userId}`;
export const poolCourseRoom = (courseId: string) => `pool:course:${courseId}`;
