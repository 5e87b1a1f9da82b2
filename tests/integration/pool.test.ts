// The worker pool on the real database and real worker processes (WASM backend): a short gan-ring
// job from request to leaderboard with live progress; who may see and cancel what; the limits; and
// a worker killed with SIGKILL mid-job, whose job is retried from its checkpoint and posted once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import pg from "pg";
import { TRPCError } from "@trpc/server";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { DEFAULT_VAE_CONFIG } from "@/lib/ml/configs/vae";
import { POOL_LIMITS, type PoolJobProgress } from "@/lib/pool/types";
import { POOL_EVENTS_CHANNEL, type PoolQueue, poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { callerFor, createCourse, createUser, enroll, openTestContext, testDatabaseUrl } from "../support/database";
import { killStartedWorkers, startWorker, stopWorker, waitFor } from "../support/pool-workers";

const ctx = openTestContext();
let boss: Awaited<ReturnType<typeof startPoolQueue>>;
let queue: PoolQueue;
let listener: pg.Client;
const progress: PoolJobProgress[] = [];
let courseId: string;
let users: Record<"prof" | "ann" | "bob" | "outsider", Awaited<ReturnType<typeof createUser>>>;

before(async () => {
  boss = await startPoolQueue(testDatabaseUrl());
  queue = poolQueueOf(boss);
  // What the web servers hear: every progress event the workers announce.
  listener = new pg.Client({ connectionString: testDatabaseUrl() });
  await listener.connect();
  listener.on("notification", (n) => {
    const message = JSON.parse(n.payload ?? "{}");
    if (message.type === "progress") progress.push(message.progress);
  });
  await listener.query(`LISTEN ${POOL_EVENTS_CHANNEL}`);
  courseId = await createCourse(ctx.db, "Pool course");
  const otherCourse = await createCourse(ctx.db, "Other course");
  const [prof, ann, bob, outsider] = await Promise.all(["Prof", "Ann", "Bob", "Out"].map((n) => createUser(ctx.auth, n)));
  users = { prof, ann, bob, outsider };
  await enroll(ctx.db, prof.id, courseId, "INSTRUCTOR");
  await enroll(ctx.db, ann.id, courseId, "STUDENT");
  await enroll(ctx.db, bob.id, courseId, "STUDENT");
  await enroll(ctx.db, outsider.id, otherCourse, "STUDENT");
});

after(async () => {
  killStartedWorkers();
  await listener?.end();
  await boss?.stop({ graceful: false, timeout: 2000 });
  await ctx.db.$disconnect();
});

const as = (user: keyof typeof users | null) => callerFor({ ...ctx, pool: queue }, user ? users[user] : null).caller;

async function rejects(promise: Promise<unknown>, code: TRPCError["code"], message?: RegExp) {
  await assert.rejects(promise, (e: unknown) => e instanceof TRPCError && e.code === code && (!message || message.test(e.message)));
}

const jobRow = (id: string) => ctx.db.poolJob.findUniqueOrThrow({ where: { id } });

test("a pool run trains gan-ring on a worker, streams progress, and lands on the leaderboard", { timeout: 120_000 }, async () => {
  const { jobIds } = await as("ann").pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 400 });
  assert.equal(jobIds.length, 1);
  const queued = await as("ann").pool.get({ jobId: jobIds[0] });
  assert.equal(queued.status, "QUEUED");
  assert.equal(queued.queuePosition, 1);

  const worker = startWorker();
  // The worker registers itself: the course sees it online, with its backend.
  const online = await waitFor(
    "the worker to register",
    () => as("ann").pool.workers({ courseId }),
    (ws) => ws.some((w) => w.backend === "wasm"),
    60_000,
  );
  assert.ok(online.every((w) => typeof w.device === "string" && typeof w.busy === "boolean"));
  const done = await waitFor(
    "the job",
    () => as("ann").pool.get({ jobId: jobIds[0] }),
    (j) => j.status === "SUCCEEDED" || j.status === "FAILED",
    90_000,
  );
  await stopWorker(worker);
  assert.equal(done.status, "SUCCEEDED", done.error ?? "");
  assert.equal(done.backend, "wasm");
  assert.ok(done.device && done.device.length > 0, "the worker's device is recorded");
  assert.equal(done.iteration, 400);
  assert.ok(done.lossHistory.length >= 1 && done.lossHistory.every((row) => row.length === 3 && row.every(Number.isFinite)));
  assert.ok(done.metrics && typeof done.metrics.modesCovered === "number", "scored by the exercise's scorer");

  // Progress arrived live: iterations grow, then one SUCCEEDED carrying the submission.
  const mine = progress.filter((p) => p.jobId === jobIds[0]);
  const running = mine.filter((p) => p.status === "RUNNING").map((p) => p.iteration);
  assert.ok(running.length >= 1, "at least one progress report while training");
  assert.deepEqual(
    running,
    [...running].sort((a, b) => a - b),
  );
  const finished = mine.filter((p) => p.status === "SUCCEEDED");
  assert.equal(finished.length, 1);
  assert.equal(finished[0].submissionId, done.submissionId);

  // On the leaderboard, marked as a pool run with its config.
  const board = await as("bob").leaderboard.get({ courseId, exerciseSlug: "gan-ring" });
  const entry = board.entries.find((e) => e.submissionId === done.submissionId);
  assert.ok(entry, "the pool run's submission is ranked");
  assert.equal(entry.poolRun, true);
  const weights = await as("ann").pool.weights({ jobId: jobIds[0] });
  assert.deepEqual(weights.config, DEFAULT_GAN_CONFIG);
  // The config the pool trained with is shown with the entry: to the staff; to classmates only after the due date (there is none).
  assert.equal(entry.config, null);
  const staffEntry = (await as("prof").leaderboard.get({ courseId, exerciseSlug: "gan-ring" })).entries.find((e) => e.submissionId === done.submissionId);
  assert.deepEqual(staffEntry?.config, DEFAULT_GAN_CONFIG);
  // Hashed like a browser's submission, so the same answer from two accounts shows.
  const stored = await ctx.db.submission.findUniqueOrThrow({ where: { id: entry.submissionId }, select: { contentHash: true } });
  assert.match(stored.contentHash ?? "", /^[0-9a-f]{64}$/);
});

test("a vae-digits pool run is scored by the image scorer (FID, classifier score) and posted", { timeout: 150_000 }, async () => {
  const config = { ...DEFAULT_VAE_CONFIG, hidden: 32 };
  const { jobIds } = await as("bob").pool.enqueue({ courseId, exerciseSlug: "vae-digits", config, steps: 30 });
  const worker = startWorker();
  const done = await waitFor(
    "the vae job",
    () => as("bob").pool.get({ jobId: jobIds[0] }),
    (j) => j.status === "SUCCEEDED" || j.status === "FAILED",
    120_000,
  );
  await stopWorker(worker);
  assert.equal(done.status, "SUCCEEDED", done.error ?? "");
  assert.equal(done.iteration, 30);
  assert.ok(
    done.lossHistory.every((row) => row.length === 4),
    "iteration, ELBO, reconstruction, KL",
  );
  assert.ok(done.metrics && Number.isFinite(done.metrics.fid) && done.metrics.fid > 0, "FID computed by the server's evaluator");
  assert.ok(done.metrics.classifierScore >= 1 && done.metrics.classifierScore <= 10);
  const board = await as("bob").leaderboard.get({ courseId, exerciseSlug: "vae-digits" });
  assert.equal(board.entries.find((e) => e.submissionId === done.submissionId)?.poolRun, true);
});

test("only the owner and the course's instructors see or cancel a job", async () => {
  const { jobIds } = await as("bob").pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100 });
  const jobId = jobIds[0];
  await rejects(as("ann").pool.get({ jobId }), "FORBIDDEN");
  await rejects(as("ann").pool.cancel({ jobId }), "FORBIDDEN");
  await rejects(as("ann").pool.weights({ jobId }), "FORBIDDEN");
  await rejects(as("outsider").pool.get({ jobId }), "FORBIDDEN");
  await rejects(as("outsider").pool.workers({ courseId }), "FORBIDDEN");
  await rejects(as(null).pool.get({ jobId }), "UNAUTHORIZED");
  await rejects(as("outsider").pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100 }), "FORBIDDEN");
  assert.ok(!(await as("ann").pool.list({ courseId })).some((j) => j.id === jobId), "students list only their own jobs");
  const listed = (await as("prof").pool.list({ courseId })).find((j) => j.id === jobId);
  assert.deepEqual([listed?.owner, listed?.ownerEmail], ["Bob", users.bob.email], "instructors list everyone's, with the owner's email");
  assert.equal((await as("prof").pool.get({ jobId })).ownerEmail, users.bob.email);
  // Students get no email, not even their own.
  assert.ok((await as("bob").pool.list({ courseId })).every((j) => j.ownerEmail === null));
  assert.equal((await as("bob").pool.get({ jobId })).ownerEmail, null);
  await as("prof").pool.cancel({ jobId });
  assert.equal((await jobRow(jobId)).status, "CANCELLED");
  await rejects(as("bob").pool.cancel({ jobId }), "CONFLICT", /already been cancelled/);
  await rejects(as("bob").pool.weights({ jobId }), "CONFLICT", /no trained weights/);
});

test("limits: steps, sweeps, jobs at once, compute minutes per day; instructors first", async () => {
  const enqueue = (user: "ann" | "bob" | "prof", extra: Record<string, unknown> = {}) =>
    as(user).pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100, ...extra });
  await rejects(enqueue("ann", { steps: 50_001 }), "BAD_REQUEST", /at most 50,000 steps/);
  await rejects(enqueue("ann", { config: { ...DEFAULT_GAN_CONFIG, hiddenWidth: Number.NaN } }), "BAD_REQUEST");
  await rejects(enqueue("ann", { config: { ...DEFAULT_GAN_CONFIG, hiddenWidth: 100_000 } }), "BAD_REQUEST", /hiddenWidth/);
  await rejects(enqueue("ann", { sweep: { optimizer: [1, 2] } }), "BAD_REQUEST", /not a numeric setting/);
  await rejects(enqueue("ann", { sweep: { generatorLr: [1e-3, 2e-3, 3e-3], seed: [1, 2, 3] } }), "BAD_REQUEST", /at most 8 jobs/);
  await rejects(as("ann").pool.enqueue({ courseId, exerciseSlug: "markov-chain", config: {}, steps: 10 }), "BAD_REQUEST", /does not train/);
  const before = await ctx.db.poolJob.count();

  // A sweep is one job per combination; three at once is the most a student may have.
  await ctx.db.poolJob.updateMany({ where: { userId: users.ann.id, status: { in: ["QUEUED", "RUNNING"] } }, data: { status: "CANCELLED" } });
  const sweep = await enqueue("ann", { sweep: { generatorLr: [1e-3, 2e-3] } });
  assert.equal(sweep.jobIds.length, 2);
  const configs = await ctx.db.poolJob.findMany({ where: { id: { in: sweep.jobIds } }, select: { config: true, sweepId: true } });
  assert.deepEqual(configs.map((c) => (c.config as { generatorLr: number }).generatorLr).sort(), [1e-3, 2e-3]);
  assert.ok(configs.every((c) => c.sweepId === sweep.sweepId && sweep.sweepId));
  await enqueue("ann");
  await rejects(enqueue("ann"), "TOO_MANY_REQUESTS", new RegExp(`${POOL_LIMITS.activeJobsPerStudent} pool jobs queued or running at once`));
  assert.equal(await ctx.db.poolJob.count(), before + 3, "a refused request stores nothing");

  // Compute minutes: a day's worth used up.
  await ctx.db.poolJob.updateMany({ where: { userId: users.ann.id, status: "QUEUED" }, data: { status: "CANCELLED" } });
  await ctx.db.poolJob.updateMany({ where: { id: sweep.jobIds[0] }, data: { computeMs: POOL_LIMITS.computeMinutesPerStudentPerDay * 60_000 } });
  await rejects(enqueue("ann"), "TOO_MANY_REQUESTS", /minutes of pool training for today/);

  // Instructors are not limited and go first.
  const { jobIds } = await enqueue("prof", { sweep: { seed: [1, 2, 3, 4] } });
  const profJob = await as("prof").pool.get({ jobId: jobIds[0] });
  assert.equal(profJob.queuePosition, 1, "ahead of the students' queued jobs");
  await ctx.db.poolJob.updateMany({ where: { status: "QUEUED" }, data: { status: "CANCELLED" } });
});

test("a worker killed with SIGKILL mid-job: the job resumes from its checkpoint and is posted exactly once", { timeout: 180_000 }, async () => {
  const { jobIds } = await as("bob").pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: { ...DEFAULT_GAN_CONFIG, seed: 7 }, steps: 3000 });
  const jobId = jobIds[0];
  const first = startWorker();
  // Killed once a checkpoint is stored (every 5 s of training).
  const checkpointed = await waitFor(
    "a checkpoint",
    () => jobRow(jobId),
    (j) => (j.checkpointIteration ?? 0) > 0,
    90_000,
  );
  await stopWorker(first, "SIGKILL");
  const killedAt = (await jobRow(jobId)).iteration;
  assert.ok(killedAt < 3000, "killed before the end");
  assert.equal((await jobRow(jobId)).status, "RUNNING", "the dead worker's job still looks busy");

  // Another worker takes it over once the supervisor sees the dead worker's PoolWorker row go stale.
  const second = startWorker();
  const done = await waitFor(
    "the retried job",
    () => jobRow(jobId),
    (j) => j.status === "SUCCEEDED" || j.status === "FAILED",
    150_000,
  );
  await stopWorker(second);
  assert.equal(done.status, "SUCCEEDED", done.error ?? "");
  assert.equal(done.attempts, 2);
  const resumed = progress.filter((p) => p.jobId === jobId && p.status === "RUNNING" && p.at > Date.now() - 150_000);
  const afterKill = resumed.slice(resumed.findIndex((p, i) => i > 0 && p.iteration < resumed[i - 1].iteration));
  assert.ok(afterKill.length > 0 && afterKill[0].iteration >= (checkpointed.checkpointIteration ?? 0), "the retry started from the checkpoint, not from 0");
  assert.equal(await ctx.db.submission.count({ where: { idempotencyKey: `pool-${jobId}` } }), 1, "one submission");
  assert.equal(progress.filter((p) => p.jobId === jobId && p.status === "SUCCEEDED").length, 1, "one result announced");

  // A finished job handed to a worker again (a duplicate delivery) changes nothing.
  await queue.enqueue(jobId, 0).catch(() => {});
  const third = startWorker();
  await new Promise((r) => setTimeout(r, 4000));
  await stopWorker(third);
  assert.equal(await ctx.db.submission.count({ where: { idempotencyKey: `pool-${jobId}` } }), 1);
});

test("a job that keeps failing is marked failed with its error", { timeout: 60_000 }, async () => {
  const { jobIds } = await as("bob").pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100 });
  // As if it had already crashed its workers every time.
  await ctx.db.poolJob.update({ where: { id: jobIds[0] }, data: { attempts: POOL_LIMITS.maxAttempts, error: "out of memory" } });
  const worker = startWorker();
  const failed = await waitFor(
    "the failure",
    () => as("bob").pool.get({ jobId: jobIds[0] }),
    (j) => j.status === "FAILED",
    45_000,
  );
  await stopWorker(worker);
  assert.match(failed.error ?? "", new RegExp(`stopped ${POOL_LIMITS.maxAttempts} times without finishing \\(last error: out of memory\\)`));
});

test("the exercise's deadline closes the pool too: no request after it, and a run that ends after it is not submitted", { timeout: 90_000 }, async () => {
  const exercise = await ctx.db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug: "gan-ring" } } });
  // A student whose daily pool minutes the tests above have not used.
  const cara = await createUser(ctx.auth, "Cara");
  await enroll(ctx.db, cara.id, courseId, "STUDENT");
  const asCara = callerFor({ ...ctx, pool: queue }, cara).caller;
  const { jobIds } = await asCara.pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100 });
  await ctx.db.exercise.update({ where: { id: exercise.id }, data: { deadline: new Date(Date.now() - 1000) } });
  try {
    await rejects(asCara.pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100 }), "TOO_MANY_REQUESTS", /deadline/);
    const worker = startWorker();
    const failed = await waitFor(
      "the late run",
      () => asCara.pool.get({ jobId: jobIds[0] }),
      (j) => j.status === "FAILED" || j.status === "SUCCEEDED",
      75_000,
    );
    await stopWorker(worker);
    assert.equal(failed.status, "FAILED");
    assert.match(failed.error ?? "", /after the exercise's deadline/);
    assert.equal(failed.submissionId, null, "nothing submitted");
  } finally {
    await ctx.db.exercise.update({ where: { id: exercise.id }, data: { deadline: null } });
  }
});

test("a client cannot use a pool run's idempotency key (and so cannot pass its own submission off as the run's)", async () => {
  const { jobIds } = await as("bob").pool.enqueue({ courseId, exerciseSlug: "gan-ring", config: DEFAULT_GAN_CONFIG, steps: 100 });
  await rejects(
    as("bob").submission.submit({
      courseId,
      exerciseSlug: "gan-ring",
      idempotencyKey: `pool-${jobIds[0]}`,
      body: { samples: Array.from({ length: 2000 }, () => [2, 0]) },
    }),
    "BAD_REQUEST",
    /kept for worker-pool runs/,
  );
  assert.equal(await ctx.db.submission.count({ where: { userId: users.bob.id, idempotencyKey: `pool-${jobIds[0]}` } }), 0);
  await as("bob").pool.cancel({ jobId: jobIds[0] });
});
