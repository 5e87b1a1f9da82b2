// Heavy scoring handed to the worker pool. An exercise marked `heavyScoring` (the image exercises:
// seconds of CPU per submission) is sent as a "pool-score" job when a worker is online; the web
// server waits for its result (NOTIFY, with polling of the job's state as a backstop) and returns it
// like the local scorer would. The worker runs the same scorer code, so the metrics are identical.
//
// The submission is never lost nor kept waiting on the pool: with no worker online, a job not done
// by the deadline (then cancelled), or any trouble with the pool, it is scored here after all.
import { randomUUID } from "node:crypto";
import type pg from "pg";
import type PgBoss from "pg-boss";
import { findExercise } from "@/exercises/registry";
import type { Db } from "../db";
import { lineLogger } from "../observability/log";
import { listenToPoolChannel } from "../pool/events";
import { POOL_SCORE_QUEUE, type PoolScoreMessage, type PoolScoreResult } from "../pool/queue";
import { liveWorkers } from "../pool/workers";
import type { Scorer } from "./pool";
import type { ScoringContext } from "./protocol";

export interface OffloadingScorerOptions {
  db: Db;
  boss: PgBoss;
  /** This server's own scorer (the scoring threads): light exercises, and whenever the pool cannot. */
  local: Scorer;
  /** One connection of this pool LISTENs for the workers' results. */
  listenPool: pg.Pool;
  /** How long a submission waits for the pool before it is scored here. */
  deadlineMs?: number;
  /** How often the job's state is read, in case a NOTIFY was missed. */
  pollMs?: number;
  log?: (message: string) => void;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Outcome = { metrics: Record<string, number> } | { fallback: string };

export function createOffloadingScorer({
  db,
  boss,
  local,
  listenPool,
  deadlineMs = 20_000,
  pollMs = 1000,
  log = lineLogger("scoring", "warn"),
}: OffloadingScorerOptions) {
  /** Requests waiting for a worker, by job id: what their NOTIFY settles. */
  const waiting = new Map<string, (result: PoolScoreResult | string) => void>();
  let stopListening: (() => Promise<void>) | null = null;
  let closed = false;
  let lastFallback: string | null = null;

  /** Hears the workers' results from the first offload on; until LISTEN is up, polling finds them. */
  const listen = () => {
    stopListening ??= listenToPoolChannel(listenPool, (message) => {
      const scored = message as { type?: string } & PoolScoreResult;
      if (scored?.type === "scored") waiting.get(scored.requestId)?.(scored);
    });
  };

  /** The job's result once pg-boss holds one; a fallback reason once it never will; null meanwhile. */
  const readJob = async (requestId: string): Promise<PoolScoreResult | string | null> => {
    // pg-boss's own table (schema "pgboss"): its getJobById would also read the ~1 MB submission.
    const [job] = await db.$queryRaw<{ state: string; output: PoolScoreResult | null }[]>`
      SELECT state::text AS state, output FROM pgboss.job WHERE name = ${POOL_SCORE_QUEUE} AND id = ${requestId}::uuid`;
    if (!job) return "the score job disappeared";
    if (job.state === "completed") return job.output;
    if (job.state === "failed" || job.state === "cancelled") return `the score job ${job.state}`;
    return null;
  };

  const offload = async (slug: string, submission: unknown, context?: ScoringContext): Promise<Outcome> => {
    if (closed) return { fallback: "the server is stopping" };
    if ((await liveWorkers(db)).length === 0) return { fallback: "no pool worker is online" };
    listen();

    const requestId = randomUUID();
    let settle!: (result: PoolScoreResult | string) => void;
    const settled = new Promise<PoolScoreResult | string>((resolve) => (settle = resolve));
    waiting.set(requestId, settle);
    let done = false;
    const deadline = setTimeout(() => settle(`no worker finished within ${Math.round(deadlineMs / 1000)} s`), deadlineMs);
    const poll = async () => {
      while (!done) {
        await sleep(pollMs);
        if (done) return;
        const state = await readJob(requestId).catch(() => null);
        if (state) settle(state);
      }
    };
    try {
      // Not awaited on its own: a send that hangs is bounded by the deadline too.
      boss
        .send(POOL_SCORE_QUEUE, { requestId, slug, submission, context } satisfies PoolScoreMessage, { id: requestId })
        .then(poll, (error: unknown) => settle(`the score job could not be queued (${error instanceof Error ? error.message : String(error)})`));
      const result = await settled;
      if (typeof result === "string") {
        // Not to be scored twice: a worker that picks it up now finds it cancelled. Not awaited: a
        // database in trouble must not hold up the local scoring either.
        void boss.cancel(POOL_SCORE_QUEUE, requestId).catch(() => {});
        return { fallback: result };
      }
      return "metrics" in result ? { metrics: result.metrics } : { fallback: `a pool worker could not score it (${result.error})` };
    } finally {
      done = true;
      clearTimeout(deadline);
      waiting.delete(requestId);
    }
  };

  const score: Scorer = async (slug, submission, context) => {
    if (!findExercise(slug)?.heavyScoring) return local(slug, submission, context);
    const outcome = await offload(slug, submission, context).catch((error: unknown): Outcome => ({
      fallback: `the pool failed (${error instanceof Error ? error.message : String(error)})`,
    }));
    if ("metrics" in outcome) {
      if (lastFallback) log("[scoring] heavy scoring goes to the worker pool again.");
      lastFallback = null;
      return outcome.metrics;
    }
    // Once per reason, not once per submission.
    if (outcome.fallback !== lastFallback) log(`[scoring] scoring heavy submissions on this server: ${outcome.fallback}.`);
    lastFallback = outcome.fallback;
    return local(slug, submission, context);
  };

  return {
    score,
    close: async () => {
      closed = true;
      for (const settle of waiting.values()) settle("the server is stopping");
      await stopListening?.();
    },
  };
}
