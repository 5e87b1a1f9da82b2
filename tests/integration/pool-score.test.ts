// Heavy scoring handed to the worker pool, on the real database with real worker processes: the
// worker registry; a gan-digits submission scored on a worker with exactly the local metrics, also
// while the worker is busy training; and
// every way the pool can be absent (no worker, a killed worker, a light exercise) ends in local
// scoring with the same metrics, never a lost or hanging submission.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { findExercise } from "@/exercises/registry";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { bytesToBase64 } from "@/lib/ml/datasets/digits";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { POOL_SCORE_QUEUE, type PoolScoreResult, poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { liveWorkers, WORKER_LIVE_MS } from "@/server/pool/workers";
import { createOffloadingScorer, type OffloadingScorerOptions } from "@/server/scoring/pool-scorer";
import { scoreInline } from "@/server/services/scoring";
import { callerFor, createCourse, createUser, enroll, openTestContext, perfectRingSamples, testDatabaseUrl } from "../support/database";
import { killStartedWorkers, startWorker, stopWorker, waitFor } from "../support/pool-workers";

const ctx = openTestContext();
const { db } = ctx;
let boss: Awaited<ReturnType<typeof startPoolQueue>>;
let listenPool: pg.Pool;
const scorers: { close(): Promise<void> }[] = [];
/** 1,000 validation digits as a gan-digits submission, and what the server's own scorer makes of it. */
let digits: unknown;
let localMetrics: Record<string, number>;

before(async () => {
  boss = await startPoolQueue(testDatabaseUrl());
  listenPool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 3 });
  const validation = loadMnistSplit("validation");
  digits = findExercise("gan-digits")!.submissionSchema.parse({ images: { dtype: "uint8", shape: [1000, 28, 28], data: bytesToBase64(validation.images) } });
  localMetrics = await scoreInline("gan-digits", digits);
});

after(async () => {
  killStartedWorkers();
  await Promise.all(scorers.map((s) => s.close()));
  await boss?.stop({ graceful: false, timeout: 2000 });
  await listenPool?.end();
  await db.$disconnect();
});

/** An offloading scorer whose local side is counted, and whose log is kept. */
function offloadingScorer(options: Partial<OffloadingScorerOptions> = {}) {
  const localCalls: string[] = [];
  const logs: string[] = [];
  const scorer = createOffloadingScorer({
    db,
    boss,
    local: (slug, submission) => (localCalls.push(slug), scoreInline(slug, submission)),
    listenPool,
    log: (message) => logs.push(message),
    ...options,
  });
  scorers.push(scorer);
  return { score: scorer.score, localCalls, logs };
}

type ScoreJob = { id: string; state: string; output: PoolScoreResult | null };
const scoreJobs = () =>
  db.$queryRaw<ScoreJob[]>`SELECT id::text AS id, state::text AS state, output FROM pgboss.job WHERE name = ${POOL_SCORE_QUEUE} ORDER BY created_on`;
const newJobs = async (before: ScoreJob[]) => (await scoreJobs()).filter((j) => !before.some((b) => b.id === j.id));

const noWorkerOnline = () =>
  waitFor(
    "no live worker",
    () => liveWorkers(db),
    (w) => w.length === 0,
    WORKER_LIVE_MS + 5000,
  );
const workerOnline = (pid: number) =>
  waitFor(
    `worker ${pid} online`,
    () => liveWorkers(db),
    (w) => w.some((r) => r.pid === pid),
    60_000,
  );

test("no worker online: scored here, nothing enqueued, the fallback logged once", { timeout: 60_000 }, async () => {
  await noWorkerOnline();
  const { score, localCalls, logs } = offloadingScorer();
  const before = await scoreJobs();
  assert.deepEqual(await score("gan-digits", digits), localMetrics);
  assert.deepEqual(await score("gan-digits", digits), localMetrics);
  assert.deepEqual(localCalls, ["gan-digits", "gan-digits"]);
  assert.deepEqual(await newJobs(before), []);
  assert.equal(logs.length, 1, logs.join("\n"));
  assert.match(logs[0], /no pool worker is online/);
});

test(
  "a worker registers, scores gan-digits with exactly the local metrics, never gets light exercises, and leaves on SIGTERM",
  { timeout: 90_000 },
  async () => {
    const worker = startWorker();
    const [row] = (await workerOnline(worker.pid!)).filter((r) => r.pid === worker.pid);
    assert.equal(row.backend, "wasm");
    assert.ok(row.device.length > 0, "the worker's device is recorded");
    assert.equal(row.busyJobId, null);

    const { score, localCalls, logs } = offloadingScorer();
    const before = await scoreJobs();
    const metrics = await score("gan-digits", digits);
    assert.deepEqual(metrics, localMetrics, "the same scorer on the worker: the same numbers");
    assert.deepEqual(localCalls, [], "not scored here");
    assert.deepEqual(logs, []);
    // The result is announced just before pg-boss marks the job completed.
    const [job] = await waitFor(
      "the job completed",
      () => newJobs(before),
      (jobs) => jobs[0]?.state === "completed",
      5000,
    );
    assert.equal(job.output?.workerId, row.id, "scored by the running worker");
    assert.deepEqual(job.output && "metrics" in job.output && job.output.metrics, localMetrics);

    // gan-ring is cheap: scored here even with a worker online.
    const ring = await score("gan-ring", { samples: perfectRingSamples() });
    assert.deepEqual(ring, await scoreInline("gan-ring", { samples: perfectRingSamples() }));
    assert.deepEqual(localCalls, ["gan-ring"]);
    assert.equal((await newJobs(before)).length, 1, "no job for gan-ring");

    // Busy with a long training run, the worker still takes score jobs (beside it, in the same process).
    const courseId = await createCourse(db, "Pool scoring course");
    const student = await createUser(ctx.auth, "Trainer");
    await enroll(db, student.id, courseId, "STUDENT");
    const { caller } = callerFor({ ...ctx, pool: poolQueueOf(boss) }, student);
    const { jobIds } = await caller.pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 50_000 });
    try {
      await waitFor(
        "the worker busy training",
        () => liveWorkers(db),
        (w) => w.some((r) => r.id === row.id && r.busyJobId === jobIds[0]),
        30_000,
      );
      assert.deepEqual(await score("gan-digits", digits), localMetrics);
      const jobs = await waitFor(
        "the second score job completed",
        () => newJobs(before),
        (j) => j.length === 2 && j[1].state === "completed",
        5000,
      );
      assert.equal(jobs[1].output?.workerId, row.id, "scored beside the training run");
      assert.deepEqual(localCalls, ["gan-ring"]);
      assert.equal((await db.poolJob.findUniqueOrThrow({ where: { id: jobIds[0] } })).status, "RUNNING", "still training");
    } finally {
      // Left queued, it would hold up other tests' pool runs. The worker lets go of it within a second;
      // a SIGTERM before that would put it back in the queue.
      await caller.pool.cancel({ jobId: jobIds[0] });
      await waitFor(
        "the worker idle",
        () => liveWorkers(db),
        (w) => w.some((r) => r.id === row.id && r.busyJobId === null),
        15_000,
      );
    }

    await stopWorker(worker, "SIGTERM");
    assert.equal(await db.poolWorker.count({ where: { id: row.id } }), 0, "its row is gone at once, not just stale");
    assert.ok(!(await liveWorkers(db)).some((r) => r.id === row.id));
  },
);

test(
  "a worker killed with SIGKILL: its row still looks live, the job waits in vain, and the submission is scored here by the deadline",
  { timeout: 90_000 },
  async () => {
    const worker = startWorker();
    const [row] = (await workerOnline(worker.pid!)).filter((r) => r.pid === worker.pid);
    await stopWorker(worker, "SIGKILL");
    assert.ok(
      (await liveWorkers(db)).some((r) => r.id === row.id),
      "a dead worker's row is live until it goes stale",
    );

    const { score, localCalls, logs } = offloadingScorer({ deadlineMs: 5000 });
    const before = await scoreJobs();
    const started = Date.now();
    assert.deepEqual(await score("gan-digits", digits), localMetrics);
    assert.ok(Date.now() - started < 15_000, "back soon after the deadline");
    assert.deepEqual(localCalls, ["gan-digits"]);
    assert.match(logs.join("\n"), /no worker finished within 5 s/);
    // Cancelled (beside the local scoring): no worker scores it later.
    await waitFor(
      "the job cancelled",
      () => newJobs(before),
      (jobs) => jobs.length === 1 && jobs[0].state === "cancelled",
      5000,
    );

    // Once the row is stale, nothing more is sent to the pool.
    await noWorkerOnline();
    const beforeStale = await scoreJobs();
    assert.deepEqual(await score("gan-digits", digits), localMetrics);
    assert.deepEqual(await newJobs(beforeStale), []);
  },
);
