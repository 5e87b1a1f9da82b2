// `npm run bench:attacks`: replays the attacks of the "safe by default" review against a running
// GenLab (server/index.ts with its production build, on a fresh embedded PostgreSQL or DATABASE_URL,
// no local worker) and measures /api/health while each runs. One JSON line per attack on stdout:
//   {"bench":"attacks","attack":"reference-bomb","seconds":5,"requests":…,"statuses":{"400":…},
//    "request_p50_ms":…,"health_samples":…,"health_p50_ms":…,"health_p99_ms":…,"health_max_ms":…,
//    "rest_health_p99_ms":…,"p99_vs_rest":…}
// The first line, "rest", is the same measurement with no attack: the baseline of the ratios.
// `--seconds S` sets how long each attack runs (default 5). Diagnostics go to stderr.
//
// Method: while an attack runs, one client asks /api/health again as soon as it has its answer
// (a few hundred samples in 5 s); p50/p99/max are over those samples. The attack keeps its
// concurrency (e.g. 10 requests in flight) until the time is up; request_p50_ms is over its requests.
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import superjson from "superjson";
import { io as connect } from "socket.io-client";
import { DEMO_COURSE } from "@/lib/course/modules";
import { EVENTS } from "@/lib/realtime/protocol";
import { startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { E2E_DEMO_PASSWORD, startGenlabServer } from "../e2e/server";
import { referenceBomb } from "../tests/support/reference-bomb";
import { ensureNextBuild } from "../scripts/ensure-build";

const { values } = parseArgs({ options: { seconds: { type: "string", default: "5" } } });
const SECONDS = Number(values.seconds);
const log = (line: string) => process.stderr.write(`${line}\n`);

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const round = (x: number) => Math.round(x * 10) / 10;

interface Reply {
  status: number;
  ms: number;
}

async function timed(request: () => Promise<Response>): Promise<Reply> {
  const t0 = performance.now();
  try {
    const response = await request();
    await response.arrayBuffer();
    return { status: response.status, ms: performance.now() - t0 };
  } catch {
    return { status: 0, ms: performance.now() - t0 }; // connection refused or reset by the server
  }
}

/** Runs `attack` with `concurrency` requests in flight for SECONDS while sampling /api/health. */
async function measure(url: string, name: string, concurrency: number, attack: (() => Promise<Reply>) | null, rest?: number) {
  const deadline = performance.now() + SECONDS * 1000;
  const health: number[] = [];
  const replies: Reply[] = [];
  const sampler = (async () => {
    while (performance.now() < deadline) health.push((await timed(() => fetch(`${url}/api/health`))).ms);
  })();
  const attackers = attack
    ? Array.from({ length: concurrency }, async () => {
        while (performance.now() < deadline) replies.push(await attack());
      })
    : [];
  await Promise.all([sampler, ...attackers]);
  health.sort((a, b) => a - b);
  const statuses: Record<string, number> = {};
  for (const r of replies) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const p99 = percentile(health, 99);
  const line = {
    bench: "attacks",
    attack: name,
    seconds: SECONDS,
    concurrency: attack ? concurrency : 0,
    requests: replies.length,
    statuses,
    request_p50_ms: replies.length
      ? round(
          percentile(
            replies.map((r) => r.ms).sort((a, b) => a - b),
            50,
          ),
        )
      : null,
    health_samples: health.length,
    health_p50_ms: round(percentile(health, 50)),
    health_p99_ms: round(p99),
    health_max_ms: round(health.at(-1) ?? Number.NaN),
    ...(rest === undefined ? {} : { rest_health_p99_ms: round(rest), p99_vs_rest: round(p99 / rest) }),
  };
  console.log(JSON.stringify(line));
  return p99;
}

/** A submission whose body superjson's shared references would blow up to 2^24 leaves, in about 2 KB. */
function referenceBombRequest(courseId: string) {
  const { value, referentialEqualities } = referenceBomb(24, "body");
  return JSON.stringify({ json: { courseId, exerciseSlug: "gan-ring", idempotencyKey: "bomb-0000", body: value }, meta: { referentialEqualities, v: 1 } });
}

const ringSamples = () => Array.from({ length: 2000 }, (_, i) => [2 * Math.cos((2 * Math.PI * (i % 8)) / 8), 2 * Math.sin((2 * Math.PI * (i % 8)) / 8)]);

async function main() {
  let databaseUrl = process.env.DATABASE_URL;
  let stopDatabase = async () => {};
  const dataDir = path.resolve(import.meta.dirname, `../.genlab/bench-attacks-${process.pid}`);
  if (!databaseUrl) {
    const db = await startEmbeddedPostgres({ dataDir, ephemeral: true, log });
    databaseUrl = db.url;
    stopDatabase = async () => {
      await db.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  try {
    await applyMigrations(databaseUrl, { log });
    ensureNextBuild();
    log("[bench] starting GenLab…");
    const server = await startGenlabServer({ DATABASE_URL: databaseUrl, GENLAB_LOCAL_WORKERS: "0" });
    try {
      await run(server.url);
    } finally {
      await server.stop();
    }
  } finally {
    await stopDatabase();
  }
}

async function run(url: string) {
  const json = { "content-type": "application/json", origin: url };
  const signIn = async (email: string) => {
    const response = await fetch(`${url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ email, password: E2E_DEMO_PASSWORD }),
    });
    if (!response.ok) throw new Error(`sign-in of ${email}: ${response.status} ${await response.text()}`);
    return response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  };
  const signUp = async (i: number) => {
    const response = await fetch(`${url}/api/auth/sign-up/email`, {
      method: "POST",
      headers: json,
      body: JSON.stringify({ name: `Bench student ${i}`, email: `bench-${Date.now()}-${i}@test.local`, password: "bench-password-123" }),
    });
    if (!response.ok) throw new Error(`sign-up: ${response.status} ${await response.text()}`);
    return response.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
  };
  const trpc = (procedure: string, input: unknown, cookie: string, init: RequestInit = {}) =>
    fetch(`${url}/api/trpc/${procedure}`, { method: "POST", headers: { ...json, cookie }, body: JSON.stringify(superjson.serialize(input)), ...init });
  const join = async (cookie: string) => {
    const response = await trpc("course.join", { joinCode: DEMO_COURSE.joinCode }, cookie);
    const body = (await response.json()) as { result?: { data: { json: { courseId?: string; id?: string } } } };
    const courseId = body.result?.data.json.courseId ?? body.result?.data.json.id;
    if (!courseId) throw new Error(`course.join: ${response.status} ${JSON.stringify(body).slice(0, 300)}`);
    return courseId;
  };

  const alice = await signIn("alice@genlab.local");
  const courseId = await join(alice);
  const classCookies = await Promise.all(Array.from({ length: 10 }, (_, i) => signUp(i)));
  await Promise.all(classCookies.map(join));
  log("[bench] accounts ready");
  const submissionBody = JSON.stringify({ body: { samples: ringSamples() } });
  const submit = (cookie: string) =>
    timed(() => {
      const ticket = new URLSearchParams({ courseId, exerciseSlug: "gan-ring", idempotencyKey: `b-${crypto.randomUUID()}` });
      return fetch(`${url}/api/submissions?${ticket}`, { method: "POST", headers: { ...json, cookie }, body: submissionBody });
    });

  const rest = await measure(url, "rest", 0, null);
  const bomb = referenceBombRequest(courseId);
  await measure(
    url,
    "reference-bomb",
    10,
    () => timed(() => fetch(`${url}/api/trpc/submission.submit`, { method: "POST", headers: { ...json, cookie: alice }, body: bomb })),
    rest,
  );
  await measure(url, "submission-burst-one-student", 200, () => submit(alice), rest);
  let next = 0;
  await measure(url, "submission-burst-class", 200, () => submit(classCookies[next++ % classCookies.length]), rest);
  const batchPath = Array.from({ length: 1000 }, () => "course.get").join(",");
  const batchInput = JSON.stringify(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [i, { json: { courseId } }])));
  await measure(
    url,
    "batch-1000-calls",
    10,
    () => timed(() => fetch(`${url}/api/trpc/${batchPath}?batch=1`, { method: "POST", headers: { ...json, cookie: alice }, body: batchInput })),
    rest,
  );
  const twelveMegabytes = `{"body":{"pad":"${"x".repeat(12 * 1024 * 1024)}"}}`;
  const flowTicket = new URLSearchParams({ courseId, exerciseSlug: "flow-moons", idempotencyKey: "big-00000" });
  await measure(
    url,
    "oversized-body-12MB",
    4,
    () => timed(() => fetch(`${url}/api/submissions?${flowTicket}`, { method: "POST", headers: { ...json, cookie: alice }, body: twelveMegabytes })),
    rest,
  );
  // What the review found: an account enrolled nowhere posting 4 MB of tiny JSON objects, which the
  // server must not parse before it knows the account may submit.
  const outsider = await signUp(99);
  const fourMegabytesOfObjects = `{"body":[${Array(Math.floor((4 * 1024 * 1024) / 3))
    .fill("{}")
    .join(",")}]}`;
  await measure(
    url,
    "outsider-4MB-of-objects",
    10,
    () => timed(() => fetch(`${url}/api/submissions?${flowTicket}`, { method: "POST", headers: { ...json, cookie: outsider }, body: fourMegabytesOfObjects })),
    rest,
  );
  await measure(
    url,
    "sign-in-guessing",
    20,
    () =>
      timed(() =>
        fetch(`${url}/api/auth/sign-in/email`, {
          method: "POST",
          headers: json,
          body: JSON.stringify({ email: "bob@genlab.local", password: `guess-${Math.random()}` }),
        }),
      ),
    rest,
  );
  const hugeName = JSON.stringify({ name: "x".repeat(12 * 1024 * 1024), email: `huge-${Date.now()}@test.local`, password: "bench-password-123" });
  await measure(
    url,
    "display-name-12MB",
    4,
    () => timed(() => fetch(`${url}/api/auth/sign-up/email`, { method: "POST", headers: json, body: hugeName })),
    rest,
  );
  await measure(
    url,
    "foreign-origin-sockets",
    20,
    () =>
      new Promise<Reply>((resolve) => {
        const t0 = performance.now();
        const socket = connect(url, {
          extraHeaders: { cookie: alice, origin: "https://evil.example" },
          transports: ["websocket"],
          reconnection: false,
          forceNew: true,
        });
        const done = (status: number) => {
          socket.close();
          resolve({ status, ms: performance.now() - t0 });
        };
        socket.once("connect", () => done(101));
        socket.once("connect_error", () => done(403));
      }),
    rest,
  );
  const subscriber = connect(url, { extraHeaders: { cookie: alice }, transports: ["websocket"], reconnection: false, forceNew: true });
  await new Promise((resolve, reject) => {
    subscriber.once("connect", () => resolve(undefined));
    subscriber.once("connect_error", reject);
  });
  await measure(
    url,
    "subscription-flood",
    50,
    () => {
      const t0 = performance.now();
      return subscriber
        .timeout(2000)
        .emitWithAck(EVENTS.leaderboardSubscribe, { courseId, exerciseSlug: "gan-ring" })
        .then(
          (ack: { ok: boolean }) => ({ status: ack.ok ? 200 : 429, ms: performance.now() - t0 }),
          () => ({ status: 0, ms: performance.now() - t0 }),
        );
    },
    rest,
  );
  subscriber.close();
}

await main();
