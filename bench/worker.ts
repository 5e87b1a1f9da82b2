// `npm run bench:worker`: the worker pool on this machine. One JSON line per exercise and worker count:
//   {"bench":"worker","exercise":"gan-ring","backend":…,"device":…,"workers":W,"jobs":N,"steps":S,"jobs_per_min":…,"its":…,"start_latency_ms":…}
// For W = 1 and 2 worker processes and each exercise the pool trains (gan-ring, vae-digits): N jobs
// of a fixed config (the page's defaults, S steps each) are queued at once; jobs_per_min from the
// first start to the last finish (scoring included); its = training iterations per second per job
// (steps / its compute time, as the worker measured it). start_latency_ms: with the workers idle,
// one job's enqueue → RUNNING (median of 3). Uses DATABASE_URL, or a throw-away embedded
// PostgreSQL. `-- --steps S --vae-steps V --jobs N` changes the sizes (S: gan-ring, V: vae-digits).
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { parseArgs } from "node:util";
import { findExercise } from "@/exercises/registry";
import { createAuth } from "@/server/auth";
import { removeClusterData, startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { createDb } from "@/server/db";
import { poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { enqueuePoolJobs } from "@/server/services/pool";
import { createCourseWithModules } from "@/server/services/seed";

const { values } = parseArgs({
  options: { steps: { type: "string", default: "2000" }, "vae-steps": { type: "string", default: "300" }, jobs: { type: "string", default: "4" } },
});
/** Steps per job, sized so the whole bench takes a few minutes on 2 cores (a vae-digits step costs ~10 gan-ring steps). */
const EXERCISES = [
  { slug: "gan-ring", steps: Number(values.steps) },
  { slug: "vae-digits", steps: Number(values["vae-steps"]) },
];
const JOBS = Number(values.jobs);
const ROOT = path.resolve(import.meta.dirname, "..");
const log = (line: string) => process.stderr.write(`[bench:worker] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = path.join(ROOT, ".genlab", `bench-worker-${process.pid}`);
const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, ephemeral: true, log });
const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
const workers: ChildProcess[] = [];

async function stopWorkers() {
  await Promise.all(
    workers.splice(0).map(
      (w) =>
        new Promise<void>((resolve) => {
          if (w.exitCode !== null) return resolve();
          w.once("exit", () => resolve());
          w.kill("SIGTERM");
        }),
    ),
  );
}

function startWorkers(count: number) {
  for (let i = 0; i < count; i++) {
    workers.push(
      spawn(process.execPath, ["--import", "tsx", "workers/index.ts"], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ["ignore", "ignore", "inherit", "ipc"],
      }),
    );
  }
}

const db = createDb(databaseUrl);
try {
  await applyMigrations(databaseUrl, { log });
  const boss = await startPoolQueue(databaseUrl);
  const queue = poolQueueOf(boss);
  const auth = createAuth({ db, secret: "bench-worker-secret-bench-worker-secret-0", baseURL: "http://localhost" });
  const stamp = Date.now().toString(36);
  const courseId = await createCourseWithModules(db, { slug: `bench-worker-${stamp}`, title: "Worker bench", joinCode: `W${stamp.toUpperCase().slice(-7)}` });
  const { user } = await auth.api.signUpEmail({ body: { name: "Bench", email: `bench-${stamp}@bench.local`, password: "bench-worker-password" } });
  // An instructor: no per-student limits get in the way of the measurement.
  await db.enrollment.create({ data: { userId: user.id, courseId, role: "INSTRUCTOR" } });
  const actor = { id: user.id, name: user.name, email: user.email };
  const enqueue = (exerciseSlug: string, steps: number, n: number) =>
    enqueuePoolJobs(db, queue, actor, {
      courseId,
      exerciseSlug,
      config: findExercise(exerciseSlug)!.defaultHyperparameters,
      steps,
      sweep: { seed: Array.from({ length: n }, (_, i) => i + 1) },
    });
  const waitAll = async (ids: string[]) => {
    for (;;) {
      const jobs = await db.poolJob.findMany({ where: { id: { in: ids } } });
      if (jobs.every((j) => j.status === "SUCCEEDED" || j.status === "FAILED")) return jobs;
      await sleep(200);
    }
  };

  for (const count of [1, 2]) {
    startWorkers(count);
    await sleep(6000); // tfjs and the queue up, workers idle

    for (const { slug, steps } of EXERCISES) {
      const latencies: number[] = [];
      for (let i = 0; i < 3; i++) {
        const sent = Date.now();
        const { jobIds } = await enqueue(slug, steps, 1);
        for (;;) {
          const job = await db.poolJob.findUniqueOrThrow({ where: { id: jobIds[0] } });
          if (job.startedAt) {
            latencies.push(job.startedAt.getTime() - sent);
            break;
          }
          await sleep(5);
        }
        await waitAll(jobIds);
      }
      latencies.sort((a, b) => a - b);

      const { jobIds } = await enqueue(slug, steps, JOBS);
      const jobs = await waitAll(jobIds);
      const failed = jobs.filter((j) => j.status === "FAILED");
      // A figure of failed jobs would be a wrong figure: stop instead.
      if (failed.length) throw new Error(`${slug}: ${failed.length} of ${JOBS} jobs failed: ${failed[0].error}`);
      const firstStart = Math.min(...jobs.map((j) => j.startedAt!.getTime()));
      const lastFinish = Math.max(...jobs.map((j) => j.finishedAt!.getTime()));
      const its = jobs.reduce((sum, j) => sum + j.steps / (j.computeMs / 1000), 0) / jobs.length;
      process.stdout.write(
        `${JSON.stringify({
          bench: "worker",
          exercise: slug,
          backend: jobs[0].backend,
          device: jobs[0].device,
          workers: count,
          jobs: JOBS,
          steps,
          jobs_per_min: Math.round((JOBS / ((lastFinish - firstStart) / 60_000)) * 100) / 100,
          its: Math.round(its * 10) / 10,
          start_latency_ms: latencies[1],
        })}\n`,
      );
    }
    await stopWorkers();
  }
  await boss.stop({ graceful: false, timeout: 2000 });
} finally {
  await stopWorkers();
  await db.$disconnect();
  await embedded?.stop();
  removeClusterData(dataDir);
}
