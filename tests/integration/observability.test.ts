// What operators see: /api/metrics (only with its token; request latency per tRPC procedure, sockets,
// scoring time), /api/ready (database and migrations), request ids (a trusted proxy's kept, anyone
// else's replaced, always echoed), and, in a server process logging JSON, one request id on the
// records of a submission in tRPC, in the scoring thread and at its socket announcement.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { createInterface } from "node:readline";
import { after, before, test } from "node:test";
import { freePort } from "@/e2e/server";
import { createAppServer } from "@/server/app";
import { createAuth } from "@/server/auth";
import { createDb } from "@/server/db";
import { createScoringPool } from "@/server/scoring/pool";
import { securitySettings } from "@/server/security/settings";
import { createCourse, createUser, enroll, openTestContext, perfectRingSamples, TEST_SECRET, testDatabaseUrl, unique } from "../support/database";
import { sessionCookie, submissionRequest } from "../support/http-client";
import { signUpOverHttp } from "../support/live-server";
import { waitFor } from "../support/pool-workers";
import { createScratchDatabase } from "../support/scratch-database";
import { openSocket } from "../support/sockets";

const METRICS_TOKEN = "observability-test-token-0123";
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const { db, auth } = openTestContext();
const scoring = createScoringPool(1);
let app: ReturnType<typeof createAppServer>;
let baseUrl: string;

async function listen(server: ReturnType<typeof createAppServer>["server"]): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

before(async () => {
  // No trusted proxy covers 127.0.0.1: the test is an ordinary client here.
  const security = securitySettings({ publicOrigin: "http://localhost", trustedProxies: ["10.0.0.0/8"] });
  app = createAppServer({ db, auth, score: scoring.score, check: scoring.check, security, metricsToken: METRICS_TOKEN });
  baseUrl = await listen(app.server);
  // The client's first query opens its connection, which can take longer than a scrape gives a read.
  await db.$queryRaw`SELECT 1`;
});

after(async () => {
  await app.close();
  await scoring.close();
  await db.$disconnect();
});

/** Prometheus's text format → value of each sample, keyed `name{label="value",…}` as printed. */
async function scrape(url = baseUrl): Promise<Map<string, number>> {
  const response = await fetch(`${url}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
  const samples = new Map<string, number>();
  for (const line of (await response.text()).split("\n")) {
    const sample = /^([a-zA-Z_:][\w:]*(?:\{.*\})?) (\S+)$/.exec(line);
    if (sample) samples.set(sample[1], Number(sample[2]));
  }
  return samples;
}

/** A sample's value, 0 when absent (a label set not seen yet). */
const valueOf = (samples: Map<string, number>, key: string) => samples.get(key) ?? 0;

test("/api/metrics: 401 without the token or with a wrong one; with it, the process's and GenLab's metrics", async () => {
  for (const authorization of [undefined, "Bearer wrong-token-wrong-token", `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
    const response = await fetch(`${baseUrl}/api/metrics`, { headers: authorization ? { authorization } : {} });
    assert.equal(response.status, 401, String(authorization));
    assert.match((await response.json()).error, /Authorization: Bearer <token>/);
    assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="genlab-metrics"');
  }
  const samples = await scrape();
  assert.ok(valueOf(samples, "process_cpu_user_seconds_total") > 0, "the process's own metrics");
  assert.ok(samples.has("nodejs_eventloop_lag_seconds"), "event-loop lag");
  assert.ok(samples.has("genlab_live_sessions_active") && samples.has("genlab_pool_workers"), "the database's gauges");
  const backlog = await db.submission.count({ where: { status: "SCORING" } });
  assert.equal(samples.get("genlab_submissions_scoring"), backlog, "submissions waiting for their score, on every process");
});

test("tRPC calls are timed per procedure (each call of a batch too), requests per route kind, never per raw path", async () => {
  const route = (label: string, status: string) => `genlab_http_request_duration_seconds_count{route="${label}",status="${status}"}`;
  const call = (procedure: string, result: string) => `genlab_trpc_call_duration_seconds_count{procedure="${procedure}",result="${result}"}`;
  const before = await scrape();
  assert.equal((await fetch(`${baseUrl}/api/trpc/exercise.catalog`)).status, 200);
  assert.equal((await fetch(`${baseUrl}/api/trpc/exercise.catalog,me?batch=1&input={}`)).status, 200);
  assert.equal((await fetch(`${baseUrl}/api/trpc/course.mine`)).status, 401);
  assert.equal((await fetch(`${baseUrl}/api/trpc/no.such.thing-${unique()}`)).status, 404);
  assert.equal((await fetch(`${baseUrl}/no-page-${unique()}`)).status, 404);
  const after = await scrape();

  assert.equal(valueOf(after, route("trpc:exercise.catalog", "2xx")) - valueOf(before, route("trpc:exercise.catalog", "2xx")), 1);
  assert.equal(valueOf(after, route("trpc:batch", "2xx")) - valueOf(before, route("trpc:batch", "2xx")), 1);
  assert.equal(valueOf(after, route("trpc:course.mine", "4xx")) - valueOf(before, route("trpc:course.mine", "4xx")), 1);
  assert.equal(valueOf(after, route("trpc:unknown", "4xx")) - valueOf(before, route("trpc:unknown", "4xx")), 1);
  assert.equal(valueOf(after, route("not-found", "4xx")) - valueOf(before, route("not-found", "4xx")), 1);
  assert.equal(valueOf(after, call("exercise.catalog", "ok")) - valueOf(before, call("exercise.catalog", "ok")), 2, "alone and in the batch");
  assert.equal(valueOf(after, call("me", "ok")) - valueOf(before, call("me", "ok")), 1);
  assert.equal(valueOf(after, call("course.mine", "UNAUTHORIZED")) - valueOf(before, call("course.mine", "UNAUTHORIZED")), 1);
  const labels = [...after.keys()].filter((key) => key.startsWith("genlab_http_request_duration_seconds_count"));
  assert.ok(!labels.some((key) => key.includes("no-page") || key.includes("no.such")), labels.join("\n"));
});

test("sockets connected: 1 while a signed-in socket is open, 0 once it closed", async () => {
  const user = await createUser(auth, "Socket watcher");
  const socket = await openSocket(baseUrl, { cookie: await sessionCookie(auth, user) });
  assert.equal(valueOf(await scrape(), "genlab_sockets_connected"), 1);
  socket.close();
  await waitFor(
    "the socket to be gone",
    async () => valueOf(await scrape(), "genlab_sockets_connected"),
    (n) => n === 0,
    5000,
  );
});

test("scoring time per exercise and kind, from the scoring thread's jobs", async () => {
  const student = await createUser(auth, "Scored student");
  const courseId = await createCourse(db, "Observability course");
  await enroll(db, student.id, courseId, "STUDENT");
  const count = (kind: string) => `genlab_scoring_seconds_count{exercise="gan-ring",kind="${kind}"}`;
  const before = await scrape();
  const cookie = await sessionCookie(auth, student);
  const submitted = await submissionRequest(
    baseUrl,
    { courseId, exerciseSlug: "gan-ring", idempotencyKey: `k-${unique()}`, body: { samples: perfectRingSamples() } },
    cookie,
  );
  assert.ok(submitted.status < 300, submitted.text);
  const scored = await waitFor(
    "the score",
    async () => valueOf(await scrape(), count("score")),
    (n) => n > valueOf(before, count("score")),
    30_000,
  );
  assert.equal(scored - valueOf(before, count("score")), 1);
  const after = await scrape();
  assert.equal(valueOf(after, count("check")) - valueOf(before, count("check")), 1);
  assert.ok(
    valueOf(after, 'genlab_scoring_seconds_sum{exercise="gan-ring",kind="score"}') >
      valueOf(before, 'genlab_scoring_seconds_sum{exercise="gan-ring",kind="score"}'),
  );
});

test("/api/ready: 200 with every migration applied", async () => {
  const response = await fetch(`${baseUrl}/api/ready`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { db: "ok", migrations: "ok" });
});

test("request ids: an untrusted peer's is replaced, a trusted proxy's well-formed one kept, each answer echoes its id", async () => {
  const untrusted = await fetch(`${baseUrl}/api/health`, { headers: { "x-request-id": "chosen-by-the-client" } });
  assert.match(untrusted.headers.get("x-request-id") ?? "", UUID);
  const other = await fetch(`${baseUrl}/api/health`);
  assert.match(other.headers.get("x-request-id") ?? "", UUID);
  assert.notEqual(other.headers.get("x-request-id"), untrusted.headers.get("x-request-id"));

  // Behind a proxy on 127.0.0.1 (and a database whose newest migration is missing: the next test).
  const scratch = await createScratchDatabase("observability");
  const scratchDb = createDb(scratch.url);
  const proxied = createAppServer({
    db: scratchDb,
    auth: createAuth({ db: scratchDb, secret: TEST_SECRET, baseURL: "http://localhost" }),
    score: scoring.score,
    check: scoring.check,
    security: securitySettings({ publicOrigin: "http://localhost", trustedProxies: ["127.0.0.1"] }),
  });
  const proxiedUrl = await listen(proxied.server);
  try {
    const kept = await fetch(`${proxiedUrl}/api/health`, { headers: { "x-request-id": "lb-7f3a.42" } });
    assert.equal(kept.headers.get("x-request-id"), "lb-7f3a.42");
    const malformed = await fetch(`${proxiedUrl}/api/health`, { headers: { "x-request-id": "two words" } });
    assert.match(malformed.headers.get("x-request-id") ?? "", UUID);

    await scratchDb.$executeRaw`DELETE FROM _prisma_migrations WHERE migration_name = (SELECT max(migration_name) FROM _prisma_migrations)`;
    const [{ newest }] = await db.$queryRaw<{ newest: string }[]>`SELECT max(migration_name) AS newest FROM _prisma_migrations`;
    const ready = await fetch(`${proxiedUrl}/api/ready`);
    assert.equal(ready.status, 503);
    assert.deepEqual(await ready.json(), { db: "ok", migrations: `1 not applied (the first: ${newest})` });
    assert.equal((await fetch(`${proxiedUrl}/api/health`)).status, 200, "liveness does not look at migrations");

    const off = await fetch(`${proxiedUrl}/api/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    assert.equal(off.status, 404, "no token configured: metrics are off");
    assert.match((await off.json()).error, /Set GENLAB_METRICS_TOKEN/);
  } finally {
    await proxied.close();
    await scratchDb.$disconnect();
    await scratch.drop();
  }
});

interface LogRecord {
  level: string;
  component?: string;
  msg?: string;
  requestId?: string;
  pid?: number;
  route?: string;
}

test("one request id on a submission's records: tRPC, the scoring thread and the socket announcement", { timeout: 180_000 }, async () => {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", path.resolve(import.meta.dirname, "../support/live-server.ts")], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      DATABASE_URL: testDatabaseUrl(),
      BETTER_AUTH_SECRET: TEST_SECRET,
      PORT: String(port),
      LIVE_SERVER_SCORING: "threads",
      GENLAB_LOG_FORMAT: "json",
      GENLAB_LOG_LEVEL: "debug",
    },
    stdio: ["pipe", "pipe", "inherit"],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  const records: LogRecord[] = [];
  let ready = false;
  createInterface({ input: child.stdout! }).on("line", (line) => {
    if (line === `ready ${port}`) ready = true;
    else if (line.startsWith("{")) records.push(JSON.parse(line) as LogRecord);
  });
  try {
    await waitFor("the server process", async () => ready || child.exitCode !== null, Boolean, 120_000);
    assert.equal(child.exitCode, null, "the server process started");
    const student = await signUpOverHttp(url, { name: "Traced", email: `traced-${unique()}@test.local`, password: "correct-horse-battery" });
    const courseId = await createCourse(db, "Traced course");
    await enroll(db, student.id, courseId, "STUDENT");
    const submitted = await submissionRequest(
      url,
      { courseId, exerciseSlug: "gan-ring", idempotencyKey: `k-${unique()}`, body: { samples: perfectRingSamples() } },
      student.cookie,
    );
    assert.ok(submitted.status < 300, submitted.text);

    const scored = await waitFor(
      "the scoring thread's record",
      async () => records.find((r) => r.component === "scoring" && r.msg?.startsWith("score gan-ring")),
      Boolean,
      30_000,
    );
    const requestId = scored!.requestId;
    assert.match(requestId ?? "", UUID, JSON.stringify(scored));
    assert.equal(scored!.pid, child.pid, "logged by a thread of the server process");
    const traced = await waitFor(
      "the request's records",
      async () => records.filter((r) => r.requestId === requestId),
      (found) => found.some((r) => r.component === "http"),
      10_000,
    );
    const seen = traced.map((r) => `${r.component}: ${r.msg}`);
    assert.ok(seen.includes("scoring: " + scored!.msg), seen.join("\n"));
    assert.ok(
      seen.some((line) => line.startsWith("scoring: check gan-ring")),
      seen.join("\n"),
    );
    assert.ok(seen.includes("socket: announced leaderboard:updated"), seen.join("\n"));
    assert.ok(
      traced.some((r) => r.component === "http" && r.route === "submissions"),
      seen.join("\n"),
    );
    assert.ok(!records.some((r) => r.requestId === requestId && r.component === "scoring" && r.level === "error"));
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
});
