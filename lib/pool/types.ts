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
  /** Up to 64 sample points [x0, y0, …], sent every few seconds. */
  preview?: number[];
  error?: string | null;
  submissionId?: string | null;
  at: number;
}

/** Requesters' and instructors' rooms for pool progress. */
export const poolUserRoom = (userId: string) => `pool:user:${userId}`;
export const poolCourseRoom = (courseId: string) => `pool:course:${courseId}`;
