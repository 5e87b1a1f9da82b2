// The pool's queue (pg-boss 10) on the real database, without worker processes: the supervisor that
// hands out again the train jobs of workers that died, and the rebuild of a "pgboss" schema that a
// newer pg-boss left behind, with the pool's open jobs queued again.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, test } from "node:test";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { failJobsOfLostWorkers, POOL_SCORE_QUEUE, POOL_TRAIN_QUEUE, poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { enqueuePoolJobs } from "@/server/services/pool";
import { createCourse, createUser, enroll, openTestContext, testDatabaseUrl } from "../support/database";

const ctx = openTestContext();
const { db } = ctx;
const bosses: Awaited<ReturnType<typeof startPoolQueue>>[] = [];
// The tests run the supervisor themselves, when they choose.
const startQueue = async () => {
  const boss = await startPoolQueue(testDatabaseUrl(), { supervise: false });
  bosses.push(boss);
  return boss;
};

after(async () => {
  for (const boss of bosses) await boss.stop({ graceful: false, timeout: 2000 });
  await db.$disconnect();
});

type BossJob = { id: string; state: string; priority: number };
const bossJobs = (ids: string[]) =>
  db.$queryRaw<BossJob[]>`SELECT id::text AS id, state::text AS state, priority FROM pgboss.job WHERE id = ANY(${ids}::uuid[]) ORDER BY id`;
const statesOf = async (ids: string[]) => Object.fromEntries((await bossJobs(ids)).map((j) => [j.id, j.state]));

test("the supervisor fails the active train jobs of dead workers back into the queue, and leaves live workers' and just-started ones", async () => {
  const boss = await startQueue();
  const [live, stale, gone, fresh] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
  const train = [live, stale, gone, fresh];
  for (const id of train) await boss.send(POOL_TRAIN_QUEUE, { jobId: id }, { id });
  const scoring = randomUUID();
  await boss.send(POOL_SCORE_QUEUE, { requestId: scoring, slug: "gan-digits", submission: null }, { id: scoring });
  assert.equal((await boss.fetch(POOL_TRAIN_QUEUE, { batchSize: 4 })).length, 4);
  assert.equal((await boss.fetch(POOL_SCORE_QUEUE)).length, 1);
  // Taken a minute ago, except `fresh`. `live`'s worker beats; `stale`'s last beat was a minute ago;
  // `gone`'s worker left no row; the score job's worker neither.
  await db.$executeRaw`UPDATE pgboss.job SET started_on = now() - interval '1 minute' WHERE id = ANY(${[live, stale, gone, scoring]}::uuid[])`;
  const rows = await db.poolWorker.createManyAndReturn({
    data: [
      { host: "test", pid: 1, backend: "wasm", device: "test", busyJobId: live },
      { host: "test", pid: 2, backend: "wasm", device: "test", busyJobId: stale, lastSeenAt: new Date(Date.now() - 60_000) },
    ],
  });
  try {
    assert.deepEqual((await failJobsOfLostWorkers(boss)).sort(), [stale, gone].sort());
    assert.deepEqual(await statesOf([...train, scoring]), { [live]: "active", [stale]: "retry", [gone]: "retry", [fresh]: "active", [scoring]: "active" });
    // Run again (by this or another process): nothing more to fail.
    assert.deepEqual(await failJobsOfLostWorkers(boss), []);
    // pg-boss hands them out again after the queue's retry delay (1 s).
    await new Promise((resolve) => setTimeout(resolve, 1500));
    assert.deepEqual((await boss.fetch(POOL_TRAIN_QUEUE, { batchSize: 4 })).map((j) => j.id).sort(), [stale, gone].sort());
  } finally {
    await db.poolWorker.deleteMany({ where: { id: { in: rows.map((r) => r.id) } } });
    // Left active, other tests' workers would never see them; cancelled, nobody does.
    await boss.cancel(POOL_TRAIN_QUEUE, train);
    await boss.cancel(POOL_SCORE_QUEUE, scoring);
  }
});

test('a "pgboss" schema from a newer pg-boss is rebuilt, and the pool\'s queued and running jobs are queued again', async () => {
  const boss = await startQueue();
  const courseId = await createCourse(db, "Queue rebuild course");
  const student = await createUser(ctx.auth, "Quinn");
  await enroll(db, student.id, courseId, "STUDENT");
  const { jobIds } = await enqueuePoolJobs(db, poolQueueOf(boss), student, {
    courseId,
    exerciseSlug: "gan-ring",
    config: DEFAULT_GAN_CONFIG,
    steps: 100,
    sweep: { seed: [1, 2, 3] },
  });
  const [succeeded, running, queued] = jobIds;
  await db.poolJob.update({ where: { id: succeeded }, data: { status: "SUCCEEDED" } });
  await db.poolJob.update({ where: { id: running }, data: { status: "RUNNING" } });
  await db.poolJob.update({ where: { id: queued }, data: { priority: 5 } });
  await boss.stop({ graceful: false, timeout: 2000 });
  // What pg-boss 12 leaves: its schema version (46), and no job that pg-boss 10 could read.
  await db.$executeRaw`UPDATE pgboss.version SET version = 46`;
  await db.$executeRaw`DELETE FROM pgboss.job`;

  const rebuilt = await startQueue();
  try {
    assert.deepEqual(await db.$queryRaw`SELECT version FROM pgboss.version`, [{ version: 24 }]);
    const expected = [
      { id: running, state: "created", priority: 0 },
      { id: queued, state: "created", priority: 5 },
    ].sort((a, b) => (a.id < b.id ? -1 : 1));
    assert.deepEqual(await bossJobs(jobIds), expected);
    // Started again: pg-boss 10's schema stays, and so do its jobs.
    await startQueue();
    assert.deepEqual(await bossJobs(jobIds), expected);
  } finally {
    await db.poolJob.updateMany({ where: { id: { in: jobIds } }, data: { status: "CANCELLED" } });
    await rebuilt.cancel(POOL_TRAIN_QUEUE, jobIds);
  }
});
