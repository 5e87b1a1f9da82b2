// A worker that loses the database reconnects: PostgreSQL is stopped and started again under a
// running worker, which neither exits nor needs a restart: a job queued afterwards is trained and
// posted. It needs a database of its own (the shared test database cannot be restarted), so it
// starts a throw-away embedded PostgreSQL.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { freePort } from "@/e2e/server";
import { createAuth } from "@/server/auth";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { createDb, type Db } from "@/server/db";
import { poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { enqueuePoolJobs } from "@/server/services/pool";
import { createCourse, createUser, enroll, TEST_SECRET } from "../support/database";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "genlab-reconnect-"));
let port: number;
let database: EmbeddedPostgresHandle;
let worker: ChildProcess;
let workerOutput = "";

const startDatabase = () => startEmbeddedPostgres({ dataDir, port, ephemeral: true, log: () => {} });

before(async () => {
  port = await freePort();
  database = await startDatabase();
  await applyMigrations(database.url, { log: () => {} });
});

after(async () => {
  worker?.kill("SIGKILL");
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\nworker output:\n${workerOutput.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

test("a worker keeps running through a database restart and trains the next job", { timeout: 150_000 }, async () => {
  worker = spawn(process.execPath, ["--import", "tsx", "workers/index.ts", "--backend", "wasm"], { env: { ...process.env, DATABASE_URL: database.url }, stdio: ["ignore", "pipe", "pipe"] });
  worker.stdout!.on("data", (d) => (workerOutput += d));
  worker.stderr!.on("data", (d) => (workerOutput += d));
  await waitFor("the worker to be ready", () => workerOutput.includes("ready:"), 60_000);

  // The database goes away for a few seconds, as in a failover or a restart.
  await database.stop();
  await new Promise((r) => setTimeout(r, 4000));
  database = await startDatabase();
  assert.equal(worker.exitCode, null, `the worker exited when the database went away:\n${workerOutput}`);

  const db: Db = createDb(database.url);
  const boss = await startPoolQueue(database.url);
  try {
    const auth = createAuth({ db, secret: TEST_SECRET, baseURL: "http://localhost", rateLimit: false });
    const courseId = await createCourse(db, "Reconnect course");
    const student = await createUser(auth, "Rita");
    await enroll(db, student.id, courseId, "STUDENT");
    const { jobIds } = await enqueuePoolJobs(db, poolQueueOf(boss), student, { courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 200 });

    await waitFor("the job to be trained and posted", async () => (await db.poolJob.findUniqueOrThrow({ where: { id: jobIds[0] } })).status === "SUCCEEDED", 90_000);
    const job = await db.poolJob.findUniqueOrThrow({ where: { id: jobIds[0] } });
    assert.equal(job.attempts, 1);
    assert.ok(job.submissionId);
    assert.equal(worker.exitCode, null);
    // It did notice the outage (the queue reported the lost connections) and came back by itself.
    assert.match(workerOutput, /ECONNREFUSED|terminating connection/);
  } finally {
    await boss.stop({ graceful: false, timeout: 2000 });
    await db.$disconnect();
  }
});
