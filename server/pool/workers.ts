// The worker registry: each worker process keeps one PoolWorker row fresh while it runs, so the web
// servers know who is online ("2 workers online", the queue's ETA, whether to hand off scoring).
// Times are the database's clock (now()), so workers on other machines with skewed clocks agree.
import { randomUUID } from "node:crypto";
import os from "node:os";
import type { Db } from "../db";
import type { PoolWorker } from "../generated/prisma/client";
import { logger } from "../observability/log";

/** How often a worker refreshes its row. */
export const WORKER_HEARTBEAT_MS = 5000;
/** A row older than this belongs to a worker that died without saying so (SIGKILL, lost machine). */
export const WORKER_LIVE_MS = 15_000;

/** Workers seen in the last WORKER_LIVE_MS before `now` (default: the database's clock), oldest first. */
export async function liveWorkers(db: Db, now?: Date): Promise<PoolWorker[]> {
  const reference = now ?? (await db.$queryRaw<{ now: Date }[]>`SELECT now() AS now`)[0].now;
  return db.poolWorker.findMany({ where: { lastSeenAt: { gt: new Date(reference.getTime() - WORKER_LIVE_MS) } }, orderBy: { startedAt: "asc" } });
}

export interface WorkerHeartbeat {
  /** This worker's row id. */
  id: string;
  /** Records the job in hand (null: idle) at once, not at the next beat. */
  setBusy(jobId: string | null): Promise<void>;
  /** Stops beating and deletes the row: the worker is gone. */
  stop(): Promise<void>;
}

/**
 * Registers this process as a worker and keeps its row fresh every WORKER_HEARTBEAT_MS. A beat
 * re-inserts a row someone deleted, and a failed beat (database away) is retried at the next one.
 */
export async function startWorkerHeartbeat(db: Db, identity: { backend: string; device: string }): Promise<WorkerHeartbeat> {
  const id = randomUUID();
  const host = os.hostname();
  let busyJobId: string | null = null;
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();

  // One beat at a time, in order: the last busyJobId written is the latest one set.
  const beat = () => {
    const next = inFlight
      .catch(() => {})
      .then(
        () => db.$executeRaw`
        INSERT INTO "PoolWorker" (id, host, pid, backend, device, "startedAt", "lastSeenAt", "busyJobId")
        VALUES (${id}, ${host}, ${process.pid}, ${identity.backend}, ${identity.device}, now(), now(), ${busyJobId})
        ON CONFLICT (id) DO UPDATE SET "lastSeenAt" = now(), "busyJobId" = EXCLUDED."busyJobId"`,
      );
    inFlight = next;
    return next;
  };
  await beat();
  const timer = setInterval(() => {
    beat().catch((error: unknown) => logger("worker").warn({ err: error }, "heartbeat"));
  }, WORKER_HEARTBEAT_MS);
  timer.unref();

  return {
    id,
    setBusy: async (jobId) => {
      busyJobId = jobId;
      if (!stopped) await beat();
    },
    stop: async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await inFlight.catch(() => {}); // a beat still on its way would re-insert the row
      await db.poolWorker.deleteMany({ where: { id } });
    },
  };
}
