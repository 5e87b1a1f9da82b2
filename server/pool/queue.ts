// The worker pool's queue: pg-boss 10 in the same PostgreSQL (its own schema, "pgboss"). Idle
// workers poll it every half second. A worker that dies mid-job (SIGKILL, lost machine) stops
// refreshing its PoolWorker row; the supervisor below then fails its job, which pg-boss retries.
import { createRequire } from "node:module";
import pg from "pg";
import PgBoss from "pg-boss";
import type { ScoringContext } from "@/lib/exercises/types";
import { POOL_LIMITS } from "@/lib/pool/types";
import { logger } from "../observability/log";
import { DomainError } from "../services/errors";
import { WORKER_LIVE_MS } from "./workers";

export const POOL_TRAIN_QUEUE = "pool-train";
/** Heavy scoring handed off by the web servers (server/scoring/pool-scorer.ts); seconds per job. */
export const POOL_SCORE_QUEUE = "pool-score";
/** Workers' progress and results reach every web server process on this NOTIFY channel. */
export const POOL_EVENTS_CHANNEL = "genlab_pool_events";

/** How often an idle worker asks for a job: pg-boss 10's minimum (it has no LISTEN/NOTIFY wake-up). */
export const POOL_POLLING_SECONDS = 0.5;
/** pg-boss runs its maintenance in one process per interval; the supervisor runs right after it. */
const MAINTENANCE_SECONDS = 5;
const log = logger("pool queue");
/** The "pgboss" schema version this pg-boss creates; pg-boss 12 left version 46 behind. */
const PGBOSS_SCHEMA_VERSION: number = createRequire(import.meta.url)("pg-boss/version.json").schema;

export interface PoolTrainMessage {
  jobId: string;
}

/** A submission the web server validated, to score with its exercise's scorer. The job's id is requestId. */
export interface PoolScoreMessage {
  requestId: string;
  slug: string;
  submission: unknown;
  /** What the scorer gets besides the submission (ExerciseDefinition.score). */
  context?: ScoringContext;
}

/** A score job's result: its output in pg-boss, and announced on POOL_EVENTS_CHANNEL as {type: "scored", …}. */
export type PoolScoreResult = { requestId: string; workerId: string } & ({ metrics: Record<string, number> } | { error: string });

export async function startPoolQueue(databaseUrl: string, { supervise = true } = {}): Promise<PgBoss> {
  const requeue = await dropNewerQueueSchema(databaseUrl);
  const boss = new PgBoss({
    connectionString: databaseUrl,
    // Every process may supervise: pg-boss lets one of them per interval run the maintenance.
    supervise,
    maintenanceIntervalSeconds: MAINTENANCE_SECONDS,
    // Finished jobs leave the job table after 5 minutes and are deleted 10 minutes later: a score
    // job carries a submission (about 1 MB for 1,000 digits), and PoolJob rows keep what lasts.
    archiveCompletedAfterSeconds: 5 * 60,
    deleteAfterSeconds: 10 * 60,
    schedule: false,
    max: 4,
  });
  boss.on("error", (error: Error) => log.warn(error));
  if (supervise) {
    // pg-boss emits "maintenance" only in the process that won this interval's run: one supervisor
    // at a time, however many servers and workers there are.
    boss.on("maintenance", () => {
      failJobsOfLostWorkers(boss).then(
        (ids) => ids.length > 0 && log.warn(`back in the queue, their worker stopped: ${ids.join(", ")}`),
        (error: unknown) => log.warn({ err: error }, "supervising"),
      );
    });
  }
  await boss.start();
  await boss.createQueue(POOL_TRAIN_QUEUE, {
    name: POOL_TRAIN_QUEUE,
    // pg-boss retries; our handler counts attempts and marks the job failed after the last.
    retryLimit: POOL_LIMITS.maxAttempts,
    retryDelay: 1,
    expireInSeconds: POOL_LIMITS.jobTimeoutMinutes * 60 + 60,
  });
  await boss.createQueue(POOL_SCORE_QUEUE, {
    name: POOL_SCORE_QUEUE,
    // A worker that fails mid-score: another one retries at once; one that dies leaves the job to
    // the web server, which cancels it at its own deadline (and scores locally) long before expiry.
    retryLimit: 2,
    retryDelay: 0,
    expireInSeconds: 60,
    // Not started within 5 minutes: nobody waits for it any more.
    retentionMinutes: 5,
  });
  for (const job of requeue) await poolQueueOf(boss).enqueue(job.id, job.priority);
  return boss;
}

/**
 * The supervisor: fails the active train jobs that no live worker names in its PoolWorker row,
 * once they have been active longer than WORKER_LIVE_MS (a worker names its job within
 * milliseconds of taking it). Their worker died; pg-boss retries them per the queue's retryLimit
 * and the retry resumes from the checkpoint. Score jobs are left to the waiting web server.
 * Returns the failed jobs' ids.
 */
export async function failJobsOfLostWorkers(boss: PgBoss): Promise<string[]> {
  const result: { rows: { id: string }[] } | undefined = await boss.getDb().executeSql(
    `SELECT j.id::text AS id FROM pgboss.job j
     WHERE j.name = $1 AND j.state = 'active' AND j.started_on < now() - $2 * interval '1 millisecond'
       AND NOT EXISTS (SELECT 1 FROM "PoolWorker" w WHERE w."busyJobId" = j.id::text AND w."lastSeenAt" > now() - $2 * interval '1 millisecond')`,
    [POOL_TRAIN_QUEUE, WORKER_LIVE_MS],
  );
  // pg-boss answers nothing once stopping has closed its database: a maintenance event that fired
  // during shutdown then has nothing to supervise.
  if (!result) return [];
  const ids = result.rows.map((row) => row.id);
  // pg-boss only fails jobs not yet completed: one its worker finished meanwhile stays finished.
  for (const id of ids) await boss.fail(POOL_TRAIN_QUEUE, id, { message: "its worker stopped (killed, or lost the database)" });
  return ids;
}

/**
 * A database that ran GenLab with pg-boss 12 holds its newer "pgboss" schema, which pg-boss 10 can
 * neither use nor migrate down. The queue only mirrors PoolJob rows, so it is rebuilt: the schema
 * is dropped here and the jobs still queued or running are returned, to be queued again.
 */
async function dropNewerQueueSchema(databaseUrl: string): Promise<{ id: string; priority: number }[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("BEGIN");
    // Processes starting together: one drops it, the others then find none or pg-boss 10's.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('genlab: pgboss schema version'))");
    const installed = (await client.query("SELECT to_regclass('pgboss.version') IS NOT NULL AS present")).rows[0].present;
    const version = installed ? (await client.query("SELECT max(version) AS version FROM pgboss.version")).rows[0].version : null;
    if (version === null || version <= PGBOSS_SCHEMA_VERSION) {
      await client.query("COMMIT");
      return [];
    }
    await client.query("DROP SCHEMA pgboss CASCADE");
    const { rows } = await client.query(`SELECT id, priority FROM "PoolJob" WHERE status IN ('QUEUED', 'RUNNING')`);
    await client.query("COMMIT");
    log.warn(`rebuilt the queue's schema "pgboss" (version ${version}, from a newer pg-boss) and queued its ${rows.length} open job(s) again.`);
    return rows;
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
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
