// What Prometheus reads at GET /api/metrics (server/observability/http.ts, behind GENLAB_METRICS_TOKEN).
// One registry per process, not prom-client's global one: a scrape target is a process, and whatever
// else in node_modules registers on the global registry stays out. Tests that run several apps in
// one process compare counts before and after. Labels are bounded sets (route kinds, procedure names,
// exercise slugs, queue names), never a raw path or id. What needs the database (live sessions, pool
// workers, queue depth) is read at scrape time, each read given SCRAPE_QUERY_TIMEOUT_MS and left out
// of that scrape when it fails.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
import { findExerciseSpec } from "@/exercises/specs";
import type { Db } from "../db";
import { POOL_SCORE_QUEUE, POOL_TRAIN_QUEUE } from "../pool/queue";
import { liveWorkers } from "../pool/workers";
import { logger } from "./log";

const registry = new Registry();
/** A scrape must answer quickly even when the database does not: a slow read is skipped this time. */
const SCRAPE_QUERY_TIMEOUT_MS = 1000;
/** Checks of the event loop's delay, for prom-client's nodejs_eventloop_lag_* gauges. */
const EVENT_LOOP_MONITORING_PRECISION_MS = 20;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

const httpRequestSeconds = new Histogram({
  name: "genlab_http_request_duration_seconds",
  help: "HTTP requests, from arrival to the answer's last byte, by route kind (health, ready, metrics, auth, trpc:<procedure>, trpc:batch for a batch of several calls, submissions, asset, page, next, not-found, invalid) and status class.",
  labelNames: ["route", "status"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const trpcCallSeconds = new Histogram({
  name: "genlab_trpc_call_duration_seconds",
  help: "Each tRPC call (also those inside a batch, and submission.submit called by POST /api/submissions), from its middleware to its answer, by procedure and result (ok or the tRPC error code).",
  labelNames: ["procedure", "result"] as const,
  buckets: LATENCY_BUCKETS,
  registers: [registry],
});

const scoringSeconds = new Histogram({
  name: "genlab_scoring_seconds",
  help: "Jobs of the scoring threads, from hand-over to answer (waiting for a busy thread included), by exercise and kind (check: validation and preview; score; arena: an arena's ratings, exercise label arena).",
  labelNames: ["exercise", "kind"] as const,
  buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 60],
  registers: [registry],
});

const submissionsTotal = new Counter({
  name: "genlab_submissions_total",
  help: "Submissions by exercise and outcome.",
  labelNames: ["exercise", "outcome"] as const,
  registers: [registry],
});

/** How many sockets each app of this process holds (one per app; tests run several). */
const socketCounts = new Set<() => number>();
new Gauge({
  name: "genlab_sockets_connected",
  help: "Signed-in socket.io connections to this process.",
  registers: [registry],
  collect() {
    let connected = 0;
    for (const count of socketCounts) connected += count();
    this.set(connected);
  },
});

/** A slug the registry knows, else "unknown": a label must never take a value a client chose. */
const exerciseLabel = (slug: string) => (findExerciseSpec(slug) ? slug : "unknown");

export function observeHttpRequest(route: string, statusCode: number, seconds: number): void {
  httpRequestSeconds.observe({ route, status: `${Math.floor(statusCode / 100)}xx` }, seconds);
}

export function observeTrpcCall(procedure: string, result: string, seconds: number): void {
  trpcCallSeconds.observe({ procedure, result }, seconds);
}

/** `arena`: an arena's ratings fitted in the scoring threads (its exercise label is "arena"). */
export function observeScoring(exercise: string, kind: "check" | "score" | "arena", seconds: number): void {
  scoringSeconds.observe({ exercise: kind === "arena" ? "arena" : exerciseLabel(exercise), kind }, seconds);
}

/**
 * accepted: stored, to be scored; duplicate: a resend answered with the earlier one; refused: a limit or an
 * invalid body (nothing stored); scored: its score stored; failed: stored, but its scorer refused it or it kept failing.
 */
export type SubmissionOutcome = "accepted" | "duplicate" | "refused" | "scored" | "failed";

/** Counts one submission (called by the submissions service once it knows how it ended). */
export function countSubmission(exercise: string, outcome: SubmissionOutcome): void {
  submissionsTotal.inc({ exercise: exerciseLabel(exercise), outcome });
}

/** Counts `connected()` in genlab_sockets_connected until the returned function is called. */
export function countSockets(connected: () => number): () => void {
  socketCounts.add(connected);
  return () => void socketCounts.delete(connected);
}

let processMetricsStarted = false;
/** CPU, memory, handles, GC and event-loop lag of this process; started once, by the first app that serves metrics. */
export function collectProcessMetrics(): void {
  if (processMetricsStarted) return;
  processMetricsStarted = true;
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITORING_PRECISION_MS });
}

/** The value, or undefined when the read failed or took longer than SCRAPE_QUERY_TIMEOUT_MS. */
async function boundedRead<T>(what: string, read: Promise<T>): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), SCRAPE_QUERY_TIMEOUT_MS)));
  try {
    return await Promise.race([read, timeout]);
  } catch (error) {
    // Debug only: an API-only server has no queue schema, and Prometheus would repeat it every scrape.
    logger("metrics").debug({ err: error }, `reading ${what}`);
    return undefined;
  } finally {
    clearTimeout(timer);
  }
}

const QUEUES = [POOL_TRAIN_QUEUE, POOL_SCORE_QUEUE];

/** Jobs not yet taken by a worker (created, or waiting for a retry) per queue, and the oldest one's age. */
async function waitingJobs(db: Db): Promise<{ name: string; waiting: number; oldestSeconds: number }[]> {
  return db.$queryRaw`
    SELECT name, count(*)::int AS waiting, extract(epoch FROM now() - min(created_on))::float8 AS "oldestSeconds"
    FROM pgboss.job WHERE name IN (${POOL_TRAIN_QUEUE}, ${POOL_SCORE_QUEUE}) AND state IN ('created', 'retry') GROUP BY name`;
}

/** Submissions acknowledged and not scored yet (every process's), and the oldest one's age. */
async function scoringBacklog(db: Db): Promise<{ waiting: number; oldestSeconds: number }> {
  const [row] = await db.$queryRaw<{ waiting: number; oldestSeconds: number | null }[]>`
    SELECT count(*)::int AS waiting, extract(epoch FROM now() - min("createdAt"))::float8 AS "oldestSeconds"
    FROM "Submission" WHERE status = 'SCORING'`;
  return { waiting: row.waiting, oldestSeconds: row.oldestSeconds ?? 0 };
}

/** The metrics in Prometheus's text format, with this moment's reads of the database. */
export async function scrapeMetrics(db: Db): Promise<{ contentType: string; text: string }> {
  const [liveSessions, workers, queues, backlog] = await Promise.all([
    boundedRead("live sessions", db.liveSession.count({ where: { endedAt: null } })),
    boundedRead("pool workers", liveWorkers(db)),
    boundedRead("queue depth", waitingJobs(db)),
    boundedRead("submissions being scored", scoringBacklog(db)),
  ]);
  // This scrape's reads: a read that failed is absent rather than a stale or made-up value.
  const now = new Registry();
  if (liveSessions !== undefined) {
    new Gauge({ name: "genlab_live_sessions_active", help: "Live sessions started and not ended.", registers: [now] }).set(liveSessions);
  }
  if (workers !== undefined) {
    new Gauge({ name: "genlab_pool_workers", help: "Pool workers whose heartbeat is recent.", registers: [now] }).set(workers.length);
  }
  if (queues !== undefined) {
    const waiting = new Gauge({ name: "genlab_queue_jobs_waiting", help: "Jobs no worker has taken yet, by queue.", labelNames: ["queue"], registers: [now] });
    const oldest = new Gauge({
      name: "genlab_queue_oldest_job_age_seconds",
      help: "Age of the oldest job no worker has taken yet, by queue (0: none waiting).",
      labelNames: ["queue"],
      registers: [now],
    });
    for (const queue of QUEUES) {
      const row = queues.find((q) => q.name === queue);
      waiting.set({ queue }, row?.waiting ?? 0);
      oldest.set({ queue }, row?.oldestSeconds ?? 0);
    }
  }
  if (backlog !== undefined) {
    new Gauge({ name: "genlab_submissions_scoring", help: "Submissions acknowledged and not scored yet, on every process.", registers: [now] }).set(
      backlog.waiting,
    );
    new Gauge({
      name: "genlab_submissions_scoring_oldest_age_seconds",
      help: "Age of the oldest submission acknowledged and not scored yet (0: none).",
      registers: [now],
    }).set(backlog.oldestSeconds);
  }
  return { contentType: registry.contentType, text: `${await registry.metrics()}\n${await now.metrics()}` };
}
