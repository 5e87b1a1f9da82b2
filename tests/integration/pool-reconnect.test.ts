// A worker that loses the database reconnects: PostgreSQL is stopped and started again under a
// running worker, which neither exits nor needs a restart: a job queued afterwards is trained and
// posted, and a job it was training when the database went away is finished after all. It needs a
// database of its own (the shared test database cannot be restarted), so it starts a throw-away
// embedded PostgreSQL.
import assert from "node:assert/strict";
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
import { killStartedWorkers, startWorker, waitFor, type WorkerProcess } from "../support/pool-workers";

const dataDir = mkdtempSync(path.join(os.tmpdir(), "genlab-reconnect-"));
let port: number;
let database: EmbeddedPostgresHandle;
let worker: WorkerProcess;

const startDatabase = () => startEmbeddedPostgres({ dataDir, port, ephemeral: true, log: () => {} });

before(async () => {
  port = await freePort();
  database = await startDatabase();
  await applyMigrations(database.url, { log: () => {} });
});

after(async () => {
  killStartedWorkers();
  await database?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a worker keeps running through a database restart and trains the next job", { timeout: 150_000 }, async () => {
  worker = startWorker(database.url);
  await waitFor(
    "the worker to be ready",
    async () => worker.output(),
    (out) => out.includes("ready:"),
    60_000,
  );

  // The database goes away for a few seconds, as in a failover or a restart.
  await database.stop();
  await new Promise((r) => setTimeout(r, 4000));
  database = await startDatabase();
  assert.equal(worker.exitCode, null, `the worker exited when the database went away:\n${worker.output()}`);

  const db: Db = createDb(database.url);
  const boss = await startPoolQueue(database.url);
  try {
    const auth = createAuth({ db, secret: TEST_SECRET, baseURL: "http://localhost" });
    const courseId = await createCourse(db, "Reconnect course");
    const student = await createUser(auth, "Rita");
    await enroll(db, student.id, courseId, "STUDENT");
    const { jobIds } = await enqueuePoolJobs(db, poolQueueOf(boss), student, { courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 200 });

    const job = await waitFor(
      "the job to be trained and posted",
      () => db.poolJob.findUniqueOrThrow({ where: { id: jobIds[0] } }),
      (j) => j.status === "SUCCEEDED",
      90_000,
    );
    assert.equal(job.attempts, 1);
    assert.ok(job.submissionId);
    assert.equal(worker.exitCode, null);
    // It did notice the outage (the queue reported the lost connections) and came back by itself.
    assert.match(worker.output(), /ECONNREFUSED|terminating connection/);
  } finally {
    await boss.stop({ graceful: false, timeout: 2000 });
    await db.$disconnect();
  }
});

test("a worker that loses the database mid-job keeps running, and the job is finished after all", { timeout: 180_000 }, async () => {
  const setup: Db = createDb(database.url);
  const boss = await startPoolQueue(database.url);
  let jobId: string;
  try {
    const auth = createAuth({ db: setup, secret: TEST_SECRET, baseURL: "http://localhost" });
    const courseId = await createCourse(setup, "Reconnect course, mid-job");
    const student = await createUser(auth, "Remy");
    await enroll(setup, student.id, courseId, "STUDENT");
    [jobId] = (
      await enqueuePoolJobs(setup, poolQueueOf(boss), student, { courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 6000 })
    ).jobIds;
    await waitFor(
      "a checkpoint",
      () => setup.poolJob.findUniqueOrThrow({ where: { id: jobId } }),
      (j) => (j.checkpointIteration ?? 0) > 0,
      60_000,
    );
  } finally {
    await setup.$disconnect();
  }

  // The job's next write fails, so does pg-boss's attempt to mark it failed (a promise pg-boss 10
  // does not await): the worker survives that, and the supervisor hands the job out again.
  await database.stop();
  await new Promise((r) => setTimeout(r, 4000));
  database = await startDatabase();
  const db: Db = createDb(database.url);
  try {
    const job = await waitFor(
      "the job to end",
      () => db.poolJob.findUniqueOrThrow({ where: { id: jobId } }),
      (j) => j.status === "SUCCEEDED" || j.status === "FAILED",
      150_000,
    );
    assert.equal(worker.exitCode, null, `the worker exited:\n${worker.output()}`);
    assert.equal(job.status, "SUCCEEDED", job.error ?? "");
    assert.equal(job.attempts, 2, "interrupted by the outage, then taken up again");
  } finally {
    await boss.stop({ graceful: false, timeout: 2000 });
    await db.$disconnect();
  }
});
