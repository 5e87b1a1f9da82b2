// `npm run worker` / `genlab worker [--concurrency N] [--backend wasm|webgpu|cpu]`: joins the pool.
// It needs only DATABASE_URL: any number of workers on any number of machines share the queue.
// With --concurrency N it runs N worker processes (training is CPU/GPU-bound: one job per process).
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { createDb } from "@/server/db";
import { POOL_TRAIN_QUEUE, type PoolTrainMessage, startPoolQueue } from "@/server/pool/queue";
import { selectWorkerBackend } from "./backend";
import { runTrainJob } from "./run-train-job";

const SHUTDOWN_TIMEOUT_MS = 10_000;

async function runWorker(databaseUrl: string, preferredBackend?: string) {
  const db = createDb(databaseUrl);
  const identity = await selectWorkerBackend(preferredBackend);
  const boss = await startPoolQueue(databaseUrl);
  const stopping = new AbortController();
  await boss.work<PoolTrainMessage>(POOL_TRAIN_QUEUE, { batchSize: 1, pollingIntervalSeconds: 2 }, async ([job]) => {
    await runTrainJob(db, job.data.jobId, identity, stopping.signal);
  });
  console.log(`[worker ${process.pid}] ready: ${identity.backend} on ${identity.device}`);

  const shutdown = async () => {
    stopping.abort();
    setTimeout(() => process.exit(1), SHUTDOWN_TIMEOUT_MS).unref();
    // A job interrupted here goes back to the queue (the handler throws) and resumes from its checkpoint.
    await boss.stop({ graceful: true, timeout: SHUTDOWN_TIMEOUT_MS - 2000 });
    await db.$disconnect();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown());
  process.on("SIGINT", () => void shutdown());
  process.on("disconnect", () => void shutdown()); // the parent (npm start, --concurrency) went away
}

function main() {
  const { values } = parseArgs({ options: { concurrency: { type: "string", default: "1" }, backend: { type: "string" } } });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error("genlab worker: set DATABASE_URL to the GenLab database (the same one the server uses).");
    process.exit(2);
  }
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    console.error("genlab worker: --concurrency takes a whole number from 1 to 64.");
    process.exit(2);
  }
  if (concurrency === 1) return void runWorker(databaseUrl, values.backend);
  const args = values.backend ? ["--backend", values.backend] : [];
  const children = Array.from({ length: concurrency }, () => fork(fileURLToPath(import.meta.url), args, { execArgv: ["--import", "tsx"] }));
  const stop = () => children.forEach((c) => c.kill("SIGTERM"));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

main();
