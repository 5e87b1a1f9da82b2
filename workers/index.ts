// `npm run worker` / `genlab worker [--concurrency N] [--backend wasm|webgpu|cpu]`: joins the pool.
// It needs only DATABASE_URL: any number of workers on any number of machines share the queue.
// With --concurrency N it runs N worker processes (training is CPU/GPU-bound: one job per process).
// Each process also takes score jobs beside its training job: they are short (about a second), and
// the training loop yields every ~200 ms, so a submission never waits behind a 20-minute run.
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { EXERCISES } from "@/exercises/registry";
import { createDb } from "@/server/db";
import { env } from "@/server/env";
import { logger } from "@/server/observability/log";
import { POOL_POLLING_SECONDS, POOL_SCORE_QUEUE, POOL_TRAIN_QUEUE, type PoolScoreMessage, type PoolTrainMessage, startPoolQueue } from "@/server/pool/queue";
import { startWorkerHeartbeat } from "@/server/pool/workers";
import { selectWorkerBackend } from "./backend";
import { runScoreJob } from "./run-score-job";
import { runTrainJob } from "./run-train-job";

const SHUTDOWN_TIMEOUT_MS = 10_000;
/** Its text lines read "[worker <pid>] …": several worker processes may share a terminal. */
const log = logger("worker");
const DATABASE_RETRY_MS = 1000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Until the worker is running there is nothing to hand back: stopping is just exiting. */
let shutdown: () => void = () => process.exit(0);
// The parent (npm start, --concurrency) went away, even by SIGKILL: so does the worker. Registered
// first thing, so a parent that dies while the worker starts up is noticed too.
process.on("disconnect", () => shutdown());
process.on("SIGTERM", () => shutdown());
process.on("SIGINT", () => shutdown());

async function runWorker(databaseUrl: string, preferredBackend?: string) {
  const db = createDb(databaseUrl);
  const identity = await selectWorkerBackend(preferredBackend);
  // The evaluator models now, not in the first score job (seconds).
  for (const e of EXERCISES.filter((e) => e.heavyScoring)) await e.prepare?.().catch((error: unknown) => log.error({ err: error }, `preparing ${e.slug}`));
  const boss = await startPoolQueue(databaseUrl);
  const registry = await startWorkerHeartbeat(db, identity);
  const stopping = new AbortController();
  const busy = { training: null as string | null, scoring: null as string | null };
  const showBusy = () => void registry.setBusy(busy.training ?? busy.scoring).catch(() => {});
  const polling = { batchSize: 1, pollingIntervalSeconds: POOL_POLLING_SECONDS };
  // pg-boss 10 marks a job completed or failed as soon as its handler settles, without awaiting
  // that (its src/manager.js). With the database away, the rejection would end the worker (the
  // WASM backend rethrows unhandled rejections), so a handler settles only once it answers again.
  const databaseAnswers = async () => {
    while (
      !(await boss
        .getDb()
        .executeSql("SELECT 1", [])
        .then(
          () => true,
          () => false,
        ))
    )
      await sleep(DATABASE_RETRY_MS);
  };
  await boss.work<PoolTrainMessage>(POOL_TRAIN_QUEUE, polling, async ([job]) => {
    busy.training = job.id;
    showBusy();
    try {
      await runTrainJob(db, job.data.jobId, identity, stopping.signal);
    } finally {
      busy.training = null;
      showBusy();
      await databaseAnswers();
    }
  });
  // A second, independent fetch loop: score jobs run while a training job is in hand.
  await boss.work<PoolScoreMessage>(POOL_SCORE_QUEUE, polling, async ([job]) => {
    busy.scoring = job.id;
    showBusy();
    try {
      return await runScoreJob(db, job.data, registry.id);
    } finally {
      busy.scoring = null;
      showBusy();
      await databaseAnswers();
    }
  });
  log.info(`ready: ${identity.backend} on ${identity.device}`);

  let stoppingOnce = false;
  shutdown = () => {
    if (stoppingOnce) return;
    stoppingOnce = true;
    stopping.abort();
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    // Off the registry first, so no web server hands this worker more scoring. A job interrupted
    // here goes back to the queue (the handler throws) and resumes from its checkpoint.
    void registry
      .stop()
      .catch(() => {})
      .then(() => boss.stop({ graceful: true, timeout: SHUTDOWN_TIMEOUT_MS - 2000 }))
      .then(() => db.$disconnect())
      .finally(() => process.exit(0));
  };
  if (process.send && !process.connected) shutdown();
}

function main() {
  const { values } = parseArgs({ options: { concurrency: { type: "string", default: "1" }, backend: { type: "string" } } });
  const databaseUrl = env.DATABASE_URL;
  if (!databaseUrl) {
    log.fatal("set DATABASE_URL to the GenLab database (the same one the server uses).");
    process.exit(2);
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    log.fatal("--concurrency takes a whole number from 1 to 64.");
    process.exit(2);
  }
  if (concurrency === 1) return void runWorker(databaseUrl, values.backend);
  const args = values.backend ? ["--backend", values.backend] : [];
  const children = Array.from({ length: concurrency }, () => fork(fileURLToPath(import.meta.url), args, { execArgv: ["--import", "tsx"] }));
  shutdown = () => children.forEach((c) => c.kill("SIGTERM"));
}

main();
