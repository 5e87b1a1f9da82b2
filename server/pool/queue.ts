// The worker pool's queue: pg-boss in the same PostgreSQL (its own schema, "pgboss"). LISTEN/NOTIFY
// wakes an idle worker at once; heartbeats let pg-boss retry the job of a worker that died.
import { PgBoss } from "pg-boss";
import { POOL_LIMITS } from "@/lib/pool/types";
import { DomainError } from "../services/errors";

export const POOL_TRAIN_QUEUE = "pool-train";
/** Heavy scoring handed off by the web servers (server/scoring/pool-scorer.ts); seconds per job. */
export const POOL_SCORE_QUEUE = "pool-score";
/** Workers' progress and results reach every web server process on this NOTIFY channel. */
export const POOL_EVENTS_CHANNEL = "genlab_pool_events";

/** pg-boss's minimum: a worker missing heartbeats this long has its job retried. */
const HEARTBEAT_SECONDS = 10;

export interface PoolTrainMessage {
  jobId: string;
}

/** A submission the web server validated, to score with its exercise's scorer. The job's id is requestId. */
export interface PoolScoreMessage {
  requestId: string;
  slug: string;
  submission: unknown;
}

/** A score job's result: its output in pg-boss, and announced on POOL_EVENTS_CHANNEL as {type: "scored", …}. */
export type PoolScoreResult = { requestId: string; workerId: string } & ({ metrics: Record<string, number> } | { error: string });

export async function startPoolQueue(databaseUrl: string, { supervise = true } = {}): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString: databaseUrl,
    useListenNotify: true,
    // Every process may supervise (expire, retry); pg-boss coordinates them with advisory locks.
    supervise,
    superviseIntervalSeconds: 5,
    schedule: false,
    max: 4,
  });
  boss.on("error", (error: Error) => console.error("[pool queue]", error.message));
  await boss.start();
  await boss.createQueue(POOL_TRAIN_QUEUE, {
    notify: true,
    // pg-boss retries; our handler counts attempts and marks the job failed after the last.
    retryLimit: POOL_LIMITS.maxAttempts,
    retryDelay: 1,
    heartbeatSeconds: HEARTBEAT_SECONDS,
    expireInSeconds: POOL_LIMITS.jobTimeoutMinutes * 60 + 60,
  });
  await boss.createQueue(POOL_SCORE_QUEUE, {
    notify: true,
    // A worker that dies mid-score: another one retries at once; the web server stops waiting at
    // its own deadline (and scores locally) long before these run out.
    retryLimit: 2,
    retryDelay: 0,
    heartbeatSeconds: HEARTBEAT_SECONDS,
    expireInSeconds: 60,
    // Each job carries a submission (about 1 MB for 1,000 digits): not kept longer than needed.
    retentionSeconds: 5 * 60,
    deleteAfterSeconds: 15 * 60,
  });
  return boss;
}

export interface PoolQueue {
  enqueue(jobId: string, priority: number): Promise<void>;
  cancel(jobId: string): Promise<void>;
}

export function poolQueueOf(boss: PgBoss): PoolQueue {
  return {
    enqueue: async (jobId, priority) => {
      await boss.send(POOL_TRAIN_QUEUE, { jobId } satisfies PoolTrainMessage, { id: jobId, priority });
    },
    cancel: async (jobId) => {
      await boss.cancel(POOL_TRAIN_QUEUE, jobId);
    },
  };
}

/** For servers and tests without a queue: requests are refused with a clear message. */
export const absentPoolQueue: PoolQueue = {
  enqueue: async () => {
    throw new DomainError("CONFLICT", "The worker pool is not running on this server.");
  },
  cancel: async () => {},
};
