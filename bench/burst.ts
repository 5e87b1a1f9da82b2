// `npm run bench:burst`: the last ten seconds of a timed round, when the whole class submits at once.
// One API-only server process with one real scoring thread (tests/support/live-server.ts, as `npm start`
// has on 2 cores), on DATABASE_URL or a fresh embedded PostgreSQL. JSON lines on stdout, progress on stderr:
//   {"bench":"burst","case":"machine",…}   the CPU, cores, date and load before the run
//   {"bench":"burst","case":"single",…}    one gan-ring, then one gan-digits submission at a time, at rest (no sockets open)
//   {"bench":"burst","case":"burst","exercise":"gan-ring",…}, then the same for "gan-digits"
// Options: --students N (gan-ring submitters, 300), --digits-students N (gan-digits submitters, 300;
// 0 skips that burst), --window-s S (10). 2 × max(N) students sign up: half watch, half submit.
//
// Set-up: one course, an instructor and the students signed up through Better Auth's HTTP endpoint
// (a few at a time), enrolled directly in the database.
// - single: 3 warm-up, then 30 sequential 2,000-sample gan-ring submissions (each by the next watcher,
//   so no account nears its daily limit); then 3 warm-up and 10 1,000-image gan-digits submissions. ack = request start → the "accepted" line, score = request
//   start → the "result" line (lib/submissions/answer.ts reads the answer).
// - burst: the watchers (one socket each, websocket transport, their cookie and the server's Origin,
//   in a child process — this file again, `--role watchers` — so that their parsing does not delay
//   this process's clocks) subscribe to the exercise's leaderboard; each submitter then sends one
//   submission (fresh idempotency key, a new body each: ring samples with noise, or 1,000 shifted and
//   noised MNIST training digits) at a uniformly random moment of the window, over HTTP with its cookie,
//   keeping the request open however long its score takes. Meanwhile /api/health is fetched every
//   50 ms, one request at a time. Figures:
//   ack_*: request start → "accepted"; score_*: request start → the moment the submitter sees its
//   score: its "result" line, or, when the server stopped waiting first and answered still SCORING
//   (answered_scoring counts them), the first leaderboard:updated for it (the page hears that too);
//   watcher_visible_*: request start → the LAST watcher's leaderboard:updated for it; last_score_s:
//   burst start → the last score seen by its submitter; drain_s: burst start → the last score stored
//   (its first sighting: result line or announcement; scoring_s_per_submission = drain_s / n);
//   health_*: the probes started from burst start until the last score was visible (to submitter and
//   every watcher). lost = acknowledged submissions without exactly one Score row and status SCORED
//   after the drain (lost_unscored) + scores stored twice (lost_twice) + acknowledged submissions some
//   watcher never heard of (lost_undelivered). duplicates: a watcher hearing of one submission twice.
//   refetch_*: each watcher is a leaderboard page: on hearing of new scores it calls leaderboard.get
//   over HTTP as useLeaderboardLive does (lib/realtime/leaderboard-refetch.ts: at most one per gap,
//   2 s or 50 ms per watcher, each after up to a gap at random); refetches counts them, refetch_p*_ms
//   their times, over the burst and two gaps after its last announcement.
//   refused: answers other than an acknowledgement and a score (non-200, an error line, a cut
//   connection, a failed fetch), by message. on_leaderboard: submitters found on leaderboard.get,
//   called once at the end as the instructor. cpu_pct/rss_mb: the server process (all its threads),
//   from burst start to the last visible score, as bench/live.ts measures them; db_cpu_pct the
//   embedded PostgreSQL's processes; clients_cpu_pct this process and the watchers' (sharing the cores);
//   server_cpu_s_per_submission: the server's CPU seconds in that window ÷ n (scoring, sockets, HTTP, all).
//   *_vs_target: the figure ÷ issue 18's target; *_x_single: the burst's figure ÷ the single case's.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { io as connect, type Socket } from "socket.io-client";
import { GAN_RING_SAMPLE_COUNT } from "@/exercises/gan-ring/spec";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { IMAGE_SUBMISSION_COUNT } from "@/lib/exercises/digit-images";
import { bytesToBase64, DIGIT_PIXELS, DIGIT_SIDE, type DigitSet } from "@/lib/ml/datasets/digits";
import { RING } from "@/lib/ml/datasets/ring";
import { gaussian } from "@/lib/ml/random";
import { refetchGapMs, throttledLeaderboardUpdates } from "@/lib/realtime/leaderboard-refetch";
import { type Ack, type ClientToServerEvents, EVENTS, type ServerToClientEvents } from "@/lib/realtime/protocol";
import { readSubmissionAnswer } from "@/lib/submissions/answer";
import { startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { createDb } from "@/server/db";
import { createCourseWithModules } from "@/server/services/seed";
import type { SubmissionResult } from "@/server/services/submissions";
import { trpcCall } from "../tests/support/http-client";
import { type LiveServers, signUpOverHttp, startLiveServers } from "../tests/support/live-server";
import { now } from "./live-clients";
import { cpuMeter, postgresPids, rssMb } from "./proc";
import { stopOnInterrupt } from "./interrupt";
import { quantile } from "./stats";

const SIGN_UPS_IN_FLIGHT = 8;
const CONNECTS_IN_FLIGHT = 20;
/** The server allows a few hundred handshakes from one address at once, then 30 a second: a refused one tries again. */
const CONNECT_ATTEMPTS = 10;
const SUBSCRIBE_TIMEOUT_MS = 30_000;
const SINGLE_WARMUP = 3;
const SINGLE_SUBMISSIONS = 30;
const SINGLE_DIGITS_SUBMISSIONS = 10;
const HEALTH_EVERY_MS = 50;
const RSS_SAMPLE_MS = 250;
const DRAIN_POLL_MS = 250;
const DRAIN_TIMEOUT_MS = 30 * 60_000;
/** After the drain, how long announcements still on their way may take to reach every watcher. */
const DELIVERY_TIMEOUT_MS = 10_000;
const MAX_ERRORS_KEPT = 5;
const PASSWORD = "bench-password-123";
/** The live server's public origin (createAppServer's default security settings): what its pages would send. */
const SERVER_ORIGIN = "http://localhost";
/** Issue 18's targets, at rest (score) and during the burst (health). */
const TARGETS = { ackP95Ms: 50, ringScoreP95Ms: 300, digitsScoreP95Ms: 1500, healthP99Ms: 100 };

const log = (line: string) => process.stderr.write(`[bench:burst] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10) / 10);
const round2 = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 100) / 100);
const ratio = (value: number | null, of: number | null) => (value === null || of === null || of === 0 ? null : round2(value / of));
const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

function readOptions() {
  const { values } = parseArgs({
    options: {
      students: { type: "string", default: "300" },
      "digits-students": { type: "string", default: "300" },
      "window-s": { type: "string", default: "10" },
      role: { type: "string", default: "bench" },
    },
  });
  const count = (name: string, value: string, min: number) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer ≥ ${min}, got ${value}`);
    return n;
  };
  const windowS = Number(values["window-s"]);
  if (!(windowS > 0)) throw new Error(`--window-s must be a positive number of seconds, got ${values["window-s"]}`);
  return {
    role: values.role,
    // The single case's 33 submissions are shared by the watchers, within their daily limit of 20.
    students: count("students", values.students, 2),
    digitsStudents: count("digits-students", values["digits-students"], 0),
    windowMs: windowS * 1000,
  };
}

// ── The watchers' process ───────────────────────────────────────────────────────────────────

type WatcherSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type ToWatchers = { type: "connect"; url: string; cookies: string[] } | { type: "subscribe"; courseId: string; exerciseSlug: string } | { type: "collect" };

/** When the watchers heard of one submission: how many of them, the first and the last time (epoch ms). */
interface Delivery {
  count: number;
  first: number;
  last: number;
}

type FromWatchers =
  | { type: "connected"; connected: number; errors: string[] }
  | { type: "subscribed"; subscribed: number; errors: string[] }
  | {
      type: "collected";
      deliveries: Record<string, Delivery>;
      duplicates: number;
      disconnects: number;
      /** Each leaderboard.get a watcher's page made on hearing of new scores: its time in ms, or null when it failed. */
      refetches: (number | null)[];
      errors: string[];
    };

function runWatchers() {
  const sockets: WatcherSocket[] = [];
  const deliveries: Record<string, Delivery> = {};
  const errors = new Set<string>();
  let duplicates = 0;
  let disconnects = 0;
  let stopping = false;
  let serverUrl = "";
  const cookieOf = new Map<WatcherSocket, string>();
  /** Per socket, its page's throttled refetches of the leaderboard it watches (as useLeaderboardLive makes them). */
  const pages = new Map<WatcherSocket, ReturnType<typeof throttledLeaderboardUpdates>>();
  const refetches: (number | null)[] = [];
  const send = (message: FromWatchers) => process.send!(message);
  const note = (what: string) => {
    if (errors.size < MAX_ERRORS_KEPT) errors.add(what);
  };
  /** Runs `task` for every item, `lanes` at a time. */
  const inLanes = async <T>(items: T[], lanes: number, task: (item: T) => Promise<void>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(lanes, items.length) }, async () => {
        while (next < items.length) await task(items[next++]);
      }),
    );
  };

  const open = (url: string, cookie: string) =>
    new Promise<WatcherSocket>((resolve, reject) => {
      const socket: WatcherSocket = connect(url, {
        transports: ["websocket"],
        extraHeaders: { cookie, origin: SERVER_ORIGIN },
        forceNew: true,
        // A dropped socket stays dropped: what it misses counts as lost.
        reconnection: false,
      });
      socket.once("connect", () => resolve(socket));
      socket.once("connect_error", (error) => {
        socket.close();
        reject(error);
      });
    });

  const watch = (socket: WatcherSocket, cookie: string) => {
    const seen = new Set<string>();
    cookieOf.set(socket, cookie);
    socket.on(EVENTS.leaderboardUpdated, (update) => {
      pages.get(socket)?.heard(update);
      const { submissions } = update;
      const at = now();
      for (const { submissionId } of submissions) {
        if (seen.has(submissionId)) {
          duplicates++;
          continue;
        }
        seen.add(submissionId);
        const delivery = (deliveries[submissionId] ??= { count: 0, first: at, last: at });
        delivery.count++;
        delivery.first = Math.min(delivery.first, at);
        delivery.last = Math.max(delivery.last, at);
      }
    });
    socket.on("disconnect", (reason) => {
      if (stopping) return;
      disconnects++;
      note(`disconnect: ${reason}`);
    });
    sockets.push(socket);
  };

  const connectAll = async (url: string, cookies: string[]) => {
    serverUrl = url;
    await inLanes(cookies, CONNECTS_IN_FLIGHT, async (cookie) => {
      for (let attempt = 1; ; attempt++) {
        try {
          return watch(await open(url, cookie), cookie);
        } catch (error) {
          if (attempt >= CONNECT_ATTEMPTS) return note(`connect: ${errorText(error)}`);
          await sleep(1000);
        }
      }
    });
    send({ type: "connected", connected: sockets.length, errors: [...errors] });
  };

  const subscribeAll = async (payload: { courseId: string; exerciseSlug: string }) => {
    let subscribed = 0;
    refetches.length = 0;
    for (const socket of sockets) {
      pages.get(socket)?.stop();
      const cookie = cookieOf.get(socket)!;
      pages.set(
        socket,
        throttledLeaderboardUpdates(async () => {
          const started = now();
          const reply = await trpcCall(serverUrl, "leaderboard.get", payload, { kind: "query", cookie }).catch(() => null);
          refetches.push(reply?.status === 200 ? now() - started : null);
          if (reply && reply.status !== 200) note(`leaderboard.get: ${reply.status} ${reply.message ?? ""}`);
        }),
      );
    }
    await inLanes(sockets, CONNECTS_IN_FLIGHT, async (socket) => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        try {
          const ack: Ack = await socket.timeout(SUBSCRIBE_TIMEOUT_MS).emitWithAck(EVENTS.leaderboardSubscribe, payload);
          if (ack.ok) return void subscribed++;
          note(`subscribe refused: ${ack.error}`);
          if (ack.retryAfterMs === undefined) return;
          await sleep(ack.retryAfterMs);
        } catch (error) {
          return note(`subscribe: ${errorText(error)}`);
        }
      }
    });
    send({ type: "subscribed", subscribed, errors: [...errors] });
  };

  const stop = () => {
    stopping = true;
    for (const socket of sockets) socket.disconnect();
    process.exit(0);
  };
  process.on("message", (message: ToWatchers) => {
    if (message.type === "connect") void connectAll(message.url, message.cookies);
    else if (message.type === "subscribe") void subscribeAll(message);
    else if (message.type === "collect") send({ type: "collected", deliveries, duplicates, disconnects, refetches, errors: [...errors] });
  });
  // The bench stopped them, or went away (Ctrl-C, crash).
  process.on("disconnect", stop);
  process.on("SIGTERM", stop);
}

/** The watchers' child process, and its next answer of each kind. */
function startWatchers() {
  const child = fork(fileURLToPath(import.meta.url), ["--role", "watchers"], { execArgv: ["--import", "tsx"], stdio: ["ignore", 2, 2, "ipc"] });
  const waiting = new Map<FromWatchers["type"], (message: FromWatchers) => void>();
  child.on("message", (message: FromWatchers) => {
    waiting.get(message.type)?.(message);
    waiting.delete(message.type);
  });
  const ask = <T extends FromWatchers["type"]>(message: ToWatchers, answer: T, timeoutMs: number) =>
    new Promise<Extract<FromWatchers, { type: T }>>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the watchers did not answer "${message.type}" within ${timeoutMs / 1000} s`)), timeoutMs);
      const exited = () => reject(new Error(`the watchers' process exited (${child.signalCode ?? child.exitCode})`));
      child.once("exit", exited);
      waiting.set(answer, (reply) => {
        clearTimeout(timer);
        child.off("exit", exited);
        resolve(reply as Extract<FromWatchers, { type: T }>);
      });
      child.send(message);
    });
  return { child, ask };
}

// ── Submissions ─────────────────────────────────────────────────────────────────────────────

interface Account {
  userId: string;
  cookie: string;
}

type Accepted = SubmissionResult & { duplicate: boolean };

/** One submission as its author's page lived it (epoch ms). */
interface Attempt {
  userId: string;
  startedAt: number;
  ackAt: number | null;
  resultAt: number | null;
  submissionId: string | null;
  /** The status the result line carried: SCORED, or SCORING when the server stopped waiting first. */
  resultStatus: string | null;
  duplicate: boolean;
  waitingLines: number;
  maxAhead: number | null;
  refusal: string | null;
}

async function submit(url: string, courseId: string, exerciseSlug: string, account: Account, body: Uint8Array<ArrayBuffer>): Promise<Attempt> {
  const ticket = new URLSearchParams({ courseId, exerciseSlug, idempotencyKey: randomUUID() });
  const attempt: Attempt = {
    userId: account.userId,
    startedAt: now(),
    ackAt: null,
    resultAt: null,
    submissionId: null,
    resultStatus: null,
    duplicate: false,
    waitingLines: 0,
    maxAhead: null,
    refusal: null,
  };
  try {
    // No timeout: a submission waiting for the scoring thread keeps its request open, as the page does.
    const response = await fetch(`${url}/api/submissions?${ticket}`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: account.cookie, origin: SERVER_ORIGIN },
      body,
    });
    const answer = await readSubmissionAnswer<Accepted>(response, {
      onAccepted: (accepted) => {
        attempt.ackAt = now();
        attempt.submissionId = accepted.id;
        attempt.duplicate = accepted.duplicate;
      },
      onWaiting: (ahead) => {
        attempt.waitingLines++;
        if (ahead !== null) attempt.maxAhead = Math.max(attempt.maxAhead ?? 0, ahead);
      },
    });
    if (answer.kind === "result") {
      attempt.resultAt = now();
      attempt.resultStatus = answer.result.status;
    } else if (answer.kind === "refused") attempt.refusal = `${answer.status} ${answer.refusal.message}`;
    else attempt.refusal = `connection cut ${answer.accepted ? "after" : "before"} the acknowledgement`;
  } catch (error) {
    attempt.refusal = `fetch failed: ${errorText(error instanceof Error && error.cause ? error.cause : error)}`;
  }
  return attempt;
}

/** 2,000 samples of a decent generator: the ring's modes, a little wider than the data. */
function ringBody(): Uint8Array<ArrayBuffer> {
  const samples = Array.from({ length: GAN_RING_SAMPLE_COUNT }, () => {
    const angle = (2 * Math.PI * Math.floor(Math.random() * RING.modes)) / RING.modes;
    const sigma = 1.5 * RING.sigma;
    return [RING.radius * Math.cos(angle) + sigma * gaussian(Math.random), RING.radius * Math.sin(angle) + sigma * gaussian(Math.random)];
  });
  return Buffer.from(JSON.stringify({ body: { samples } }));
}

/** 1,000 training digits, each shifted by up to 2 pixels with noisy ink: digit-like, and new each time. */
function digitsBody(train: DigitSet): Uint8Array<ArrayBuffer> {
  const images = new Uint8Array(IMAGE_SUBMISSION_COUNT * DIGIT_PIXELS);
  const shift = () => Math.floor(Math.random() * 5) - 2;
  for (let k = 0; k < IMAGE_SUBMISSION_COUNT; k++) {
    const from = Math.floor(Math.random() * train.count) * DIGIT_PIXELS;
    const [dx, dy] = [shift(), shift()];
    for (let y = 0; y < DIGIT_SIDE; y++) {
      for (let x = 0; x < DIGIT_SIDE; x++) {
        const [sx, sy] = [x - dx, y - dy];
        const ink = sx >= 0 && sx < DIGIT_SIDE && sy >= 0 && sy < DIGIT_SIDE ? train.images[from + sy * DIGIT_SIDE + sx] : 0;
        images[k * DIGIT_PIXELS + y * DIGIT_SIDE + x] = ink > 0 ? Math.max(0, Math.min(255, ink + 40 * (Math.random() - 0.5))) : 0;
      }
    }
  }
  const data = bytesToBase64(images);
  return Buffer.from(JSON.stringify({ body: { images: { dtype: "uint8", shape: [IMAGE_SUBMISSION_COUNT, DIGIT_SIDE, DIGIT_SIDE], data } } }));
}

/** GET /api/health one request at a time, starting one every HEALTH_EVERY_MS (or as soon as the last answered). */
function probeHealth(url: string) {
  const samples: { at: number; ms: number; ok: boolean }[] = [];
  let probing = true;
  const done = (async () => {
    while (probing) {
      const at = now();
      let ok = false;
      try {
        const response = await fetch(`${url}/api/health`);
        await response.arrayBuffer();
        ok = response.ok;
      } catch {
        // Counted as not ok.
      }
      samples.push({ at, ms: now() - at, ok });
      await sleep(Math.max(0, at + HEALTH_EVERY_MS - now()));
    }
  })();
  return {
    samples,
    stop: async () => {
      probing = false;
      await done;
    },
  };
}

/** Refusals counted by their message. */
function refusalsByMessage(attempts: Attempt[]) {
  const counts: Record<string, number> = {};
  for (const { refusal } of attempts) if (refusal) counts[refusal.slice(0, 200)] = (counts[refusal.slice(0, 200)] ?? 0) + 1;
  return counts;
}

// ── The run ─────────────────────────────────────────────────────────────────────────────────

const options = readOptions();
if (options.role === "watchers") runWatchers();
else process.exit(await runBench());

async function runBench(): Promise<number> {
  const runId = `${Date.now().toString(36)}-${process.pid}`;
  // In the project's .genlab/, not a private temp dir: as root, postgres runs as "postgres" and must enter it.
  const dataDir = path.resolve(import.meta.dirname, `../.genlab/bench-burst-${process.pid}`);
  // What must be stopped on the way out, also on Ctrl-C.
  const running: { servers: LiveServers | null; watchers: ChildProcess | null; stopDatabase: (() => Promise<void>) | null } = {
    servers: null,
    watchers: null,
    stopDatabase: null,
  };
  const stopChildren = async () => {
    const watchers = running.watchers;
    running.watchers = null;
    if (watchers && watchers.exitCode === null && watchers.signalCode === null) {
      const exited = new Promise((resolve) => watchers.once("exit", resolve));
      watchers.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
    }
    const servers = running.servers;
    running.servers = null;
    await servers?.stop();
  };
  const { interrupted, removeDataDir } = stopOnInterrupt({
    log,
    stop: () => stopChildren().then(() => running.stopDatabase?.()),
    dataDir,
    ownsDatabase: () => running.stopDatabase !== null,
  });

  const cpus = os.cpus();
  console.log(
    JSON.stringify({
      bench: "burst",
      case: "machine",
      cpu: cpus[0]?.model ?? null,
      cores: cpus.length,
      date: new Date().toISOString(),
      load_avg_1m: round2(os.loadavg()[0]),
      memory_gb: round1(os.totalmem() / 2 ** 30),
      node: process.version,
      database: process.env.DATABASE_URL ? "DATABASE_URL" : "embedded",
      scoring_threads: 1,
      students: options.students,
      digits_students: options.digitsStudents,
      window_s: options.windowMs / 1000,
    }),
  );

  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, ephemeral: true, log });
  running.stopDatabase = embedded ? () => embedded.stop() : null;
  const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
  const db = createDb(databaseUrl);
  let exitCode = 0;
  try {
    await applyMigrations(databaseUrl, { log });
    const courseId = await createCourseWithModules(db, {
      slug: `bench-burst-${runId}`,
      title: "Burst bench",
      joinCode: `U${Date.now().toString(36).toUpperCase().slice(-7)}`,
    });
    const live = await startLiveServers(1, { DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: randomBytes(32).toString("hex"), LIVE_SERVER_SCORING: "threads" });
    running.servers = live;
    const server = live.servers[0];
    const { url } = server;

    // ── Accounts: half watch, half submit ──
    const perSide = Math.max(options.students, options.digitsStudents);
    const instructor = await signUpOverHttp(url, { name: "Bench Instructor", email: `instructor-${runId}@bench.local`, password: PASSWORD });
    await db.enrollment.create({ data: { userId: instructor.id, courseId, role: "INSTRUCTOR" } });
    const accounts: Account[] = [];
    const signUpStarted = now();
    let lastReport = signUpStarted;
    let next = 0;
    await Promise.all(
      Array.from({ length: SIGN_UPS_IN_FLIGHT }, async () => {
        while (next < 2 * perSide && !interrupted()) {
          const i = next++;
          const { id, cookie } = await signUpOverHttp(url, { name: `Student ${i + 1}`, email: `student-${i}-${runId}@bench.local`, password: PASSWORD });
          accounts.push({ userId: id, cookie });
          if (now() - lastReport > 5000) {
            lastReport = now();
            log(`signed up ${accounts.length}/${2 * perSide} students (${(accounts.length / ((lastReport - signUpStarted) / 1000)).toFixed(1)}/s)`);
          }
        }
      }),
    );
    await db.enrollment.createMany({ data: accounts.map((a) => ({ userId: a.userId, courseId, role: "STUDENT" as const })) });
    log(`signed up and enrolled ${accounts.length} students in ${((now() - signUpStarted) / 1000).toFixed(1)} s`);
    const watcherAccounts = accounts.slice(0, perSide);
    const submitterAccounts = accounts.slice(perSide);

    // ── single: one submission at a time, nothing else running (by the watchers, whose daily limits are untouched) ──
    const train = loadMnistSplit("train");
    const runSingle = async (exerciseSlug: string, count: number, makeBody: () => Uint8Array<ArrayBuffer>, scoreTargetMs: number) => {
      const single: Attempt[] = [];
      for (let i = 0; i < SINGLE_WARMUP + count && !interrupted(); i++) {
        const attempt = await submit(url, courseId, exerciseSlug, watcherAccounts[i % watcherAccounts.length], makeBody());
        if (attempt.refusal) throw new Error(`single ${exerciseSlug} submission ${i + 1} was refused: ${attempt.refusal}`);
        if (i >= SINGLE_WARMUP) single.push(attempt);
      }
      const singleAck = single.map((a) => a.ackAt! - a.startedAt);
      const singleScore = single.map((a) => a.resultAt! - a.startedAt);
      return {
        bench: "burst",
        case: "single",
        exercise: exerciseSlug,
        n: single.length,
        warmup: SINGLE_WARMUP,
        ack_p50_ms: round1(quantile(singleAck, 0.5)),
        ack_p95_ms: round1(quantile(singleAck, 0.95)),
        ack_max_ms: round1(quantile(singleAck, 1)),
        score_p50_ms: round1(quantile(singleScore, 0.5)),
        score_p95_ms: round1(quantile(singleScore, 0.95)),
        score_max_ms: round1(quantile(singleScore, 1)),
        ack_p95_vs_target: ratio(quantile(singleAck, 0.95), TARGETS.ackP95Ms),
        score_p95_vs_target: ratio(quantile(singleScore, 0.95), scoreTargetMs),
        unscored_answers: single.filter((a) => a.resultStatus !== "SCORED").length,
      };
    };
    const singles: Record<string, Awaited<ReturnType<typeof runSingle>>> = {};
    singles["gan-ring"] = await runSingle("gan-ring", SINGLE_SUBMISSIONS, ringBody, TARGETS.ringScoreP95Ms);
    console.log(JSON.stringify(singles["gan-ring"]));
    // The first digits submission of a process also prepares the 10,000 digits of the copy search: a warm-up.
    singles["gan-digits"] = await runSingle("gan-digits", SINGLE_DIGITS_SUBMISSIONS, () => digitsBody(train), TARGETS.digitsScoreP95Ms);
    console.log(JSON.stringify(singles["gan-digits"]));

    // ── The watchers ──
    const watchers = startWatchers();
    running.watchers = watchers.child;
    const connectStarted = now();
    const connected = await watchers.ask({ type: "connect", url, cookies: watcherAccounts.map((a) => a.cookie) }, "connected", 10 * 60_000);
    log(
      `${connected.connected}/${watcherAccounts.length} watchers connected in ${((now() - connectStarted) / 1000).toFixed(1)} s${connected.errors.length ? `; e.g. ${connected.errors.join(" | ")}` : ""}`,
    );
    const postmaster = embedded ? postgresPids(dataDir)[0] : undefined;

    const runBurst = async (exerciseSlug: string, submitters: Account[], makeBody: () => Uint8Array<ArrayBuffer>, scoreTargetMs: number) => {
      log(`── burst ${exerciseSlug}: ${submitters.length} submitters within ${options.windowMs / 1000} s, ${connected.connected} watchers`);
      const subscribed = await watchers.ask({ type: "subscribe", courseId, exerciseSlug }, "subscribed", 10 * 60_000);
      if (subscribed.subscribed < connected.connected) log(`only ${subscribed.subscribed} watchers subscribed: ${subscribed.errors.join(" | ")}`);
      /** Every subscribed watcher must hear of every acknowledged submission. */
      const audience = subscribed.subscribed;
      const madeAt = now();
      const bodies = submitters.map(() => makeBody());
      log(`${bodies.length} bodies of ${(bodies[0].byteLength / 1024).toFixed(0)} KB made in ${((now() - madeAt) / 1000).toFixed(1)} s`);
      const offsets = submitters.map(() => Math.random() * options.windowMs);

      const serverCpu = cpuMeter(() => [server.pid]);
      const clientsCpu = cpuMeter(() => [process.pid, watchers.child.pid!]);
      const dbCpu = embedded ? cpuMeter(() => postgresPids(dataDir), postmaster) : null;
      let rssMax = rssMb(server.pid);
      const rssTimer = setInterval(() => (rssMax = Math.max(rssMax, rssMb(server.pid))), RSS_SAMPLE_MS);
      serverCpu.start();
      clientsCpu.start();
      dbCpu?.start();
      const health = probeHealth(url);
      const burstStart = now();
      let answered = 0;
      const progress = setInterval(() => log(`${answered}/${submitters.length} answered after ${((now() - burstStart) / 1000).toFixed(0)} s`), 15_000);
      const attempts = await Promise.all(
        submitters.map(async (account, i) => {
          await sleep(offsets[i]);
          const attempt = await submit(url, courseId, exerciseSlug, account, bodies[i]);
          answered++;
          return attempt;
        }),
      );
      clearInterval(progress);
      bodies.length = 0;

      // The drain: every acknowledged submission has left SCORING.
      const acknowledged = attempts.filter((a) => a.submissionId !== null);
      const ids = acknowledged.map((a) => a.submissionId!);
      const drainDeadline = Date.now() + DRAIN_TIMEOUT_MS;
      while ((await db.submission.count({ where: { id: { in: ids }, status: "SCORING" } })) > 0 && Date.now() < drainDeadline) await sleep(DRAIN_POLL_MS);
      // Announcements still on their way.
      const deliveryDeadline = Date.now() + DELIVERY_TIMEOUT_MS;
      let collected = await watchers.ask({ type: "collect" }, "collected", 60_000);
      while (ids.some((id) => (collected.deliveries[id]?.count ?? 0) < audience) && Date.now() < deliveryDeadline) {
        await sleep(500);
        collected = await watchers.ask({ type: "collect" }, "collected", 60_000);
      }
      // The pages' last refetches (each waits out its gap and jitter).
      await sleep(2 * refetchGapMs(audience) + 500);
      collected = await watchers.ask({ type: "collect" }, "collected", 60_000);
      const refetchMs = collected.refetches.filter((ms) => ms !== null);
      clearInterval(rssTimer);
      const serverCpuPct = sum(serverCpu.stop().values());
      const clientsCpuPct = sum(clientsCpu.stop().values());
      const dbCpuPct = dbCpu ? sum(dbCpu.stop().values()) : null;
      const cpuWindowS = (now() - burstStart) / 1000;
      await health.stop();

      // ── Figures ──
      const deliveryOf = (a: Attempt) => collected.deliveries[a.submissionId!] as Delivery | undefined;
      /** When its author sees the score: its result line, or (answered still SCORING) the first announcement of it. */
      const scoreSeenAt = (a: Attempt) => (a.resultStatus === "SCORED" ? a.resultAt : (deliveryOf(a)?.first ?? null));
      /** When it was stored, as first seen anywhere. */
      const storedSeenAt = (a: Attempt) => {
        const seen = [a.resultStatus === "SCORED" ? a.resultAt : null, deliveryOf(a)?.first ?? null].filter((t): t is number => t !== null);
        return seen.length ? Math.min(...seen) : null;
      };
      const ackMs = acknowledged.map((a) => a.ackAt! - a.startedAt);
      const scoreMs = acknowledged.flatMap((a) => {
        const at = scoreSeenAt(a);
        return at === null ? [] : [at - a.startedAt];
      });
      const everyWatcher = acknowledged.filter((a) => (deliveryOf(a)?.count ?? 0) >= audience);
      const watcherMs = everyWatcher.map((a) => deliveryOf(a)!.last - a.startedAt);
      const lastScoreAt = Math.max(...acknowledged.map((a) => scoreSeenAt(a) ?? -Infinity));
      const lastStoredAt = Math.max(...acknowledged.map((a) => storedSeenAt(a) ?? -Infinity));
      const lastVisibleAt = Math.max(lastScoreAt, ...everyWatcher.map((a) => deliveryOf(a)!.last));
      const probes = health.samples.filter((s) => s.at >= burstStart && s.at <= lastVisibleAt);
      const healthMs = probes.map((s) => s.ms);

      // In the database: exactly one score, and SCORED, for every acknowledged submission.
      const stored = await db.submission.findMany({ where: { id: { in: ids } }, select: { id: true, status: true } });
      const scoreRows = await db.score.groupBy({ by: ["submissionId"], where: { submissionId: { in: ids } }, _count: { _all: true } });
      const scoresOf = new Map(scoreRows.map((r) => [r.submissionId, r._count._all]));
      const statusOf = new Map(stored.map((s) => [s.id, s.status]));
      const lostUnscored = ids.filter((id) => statusOf.get(id) !== "SCORED" || (scoresOf.get(id) ?? 0) === 0).length;
      const lostTwice = sum(ids.map((id) => Math.max(0, (scoresOf.get(id) ?? 0) - 1)));
      const lostUndelivered = acknowledged.length - everyWatcher.length;
      const statuses: Record<string, number> = {};
      for (const id of ids) statuses[statusOf.get(id) ?? "missing"] = (statuses[statusOf.get(id) ?? "missing"] ?? 0) + 1;

      // On the leaderboard, as the instructor sees it.
      const board = await trpcCall(url, "leaderboard.get", { courseId, exerciseSlug }, { kind: "query", cookie: instructor.cookie });
      if (board.status !== 200) throw new Error(`leaderboard.get: HTTP ${board.status} ${board.message ?? board.text.slice(0, 200)}`);
      const entries = (board.data as { entries: { userId: string | null }[] }).entries;
      const onBoard = new Set(entries.map((e) => e.userId));
      const onLeaderboard = acknowledged.filter((a) => onBoard.has(a.userId)).length;
      const exerciseId = (board.data as { exerciseId: string }).exerciseId;
      const scoredUsers = (await db.score.findMany({ where: { exerciseId }, distinct: ["userId"], select: { userId: true } })).length;

      const n = submitters.length;
      const drainS = Number.isFinite(lastStoredAt) ? (lastStoredAt - burstStart) / 1000 : null;
      const refusals = refusalsByMessage(attempts);
      return {
        bench: "burst",
        case: "burst",
        exercise: exerciseSlug,
        n,
        watchers: connected.connected,
        watchers_subscribed: audience,
        window_s: options.windowMs / 1000,
        acknowledged: acknowledged.length,
        acknowledged_ratio: ratio(acknowledged.length, n),
        ack_p50_ms: round1(quantile(ackMs, 0.5)),
        ack_p95_ms: round1(quantile(ackMs, 0.95)),
        ack_p99_ms: round1(quantile(ackMs, 0.99)),
        ack_p95_vs_target: ratio(quantile(ackMs, 0.95), TARGETS.ackP95Ms),
        score_p50_ms: round1(quantile(scoreMs, 0.5)),
        score_p95_ms: round1(quantile(scoreMs, 0.95)),
        score_p99_ms: round1(quantile(scoreMs, 0.99)),
        score_p95_vs_rest_target: ratio(quantile(scoreMs, 0.95), scoreTargetMs),
        ack_p95_x_single: ratio(quantile(ackMs, 0.95), singles[exerciseSlug].ack_p95_ms),
        score_p50_x_single: ratio(quantile(scoreMs, 0.5), singles[exerciseSlug].score_p50_ms),
        score_p95_x_single: ratio(quantile(scoreMs, 0.95), singles[exerciseSlug].score_p95_ms),
        watcher_visible_p50_ms: round1(quantile(watcherMs, 0.5)),
        watcher_visible_p99_ms: round1(quantile(watcherMs, 0.99)),
        last_score_s: Number.isFinite(lastScoreAt) ? round2((lastScoreAt - burstStart) / 1000) : null,
        last_score_vs_window: Number.isFinite(lastScoreAt) ? ratio(lastScoreAt - burstStart, options.windowMs) : null,
        drain_s: round2(drainS),
        scoring_s_per_submission: drainS === null ? null : round2(drainS / n),
        health_p50_ms: round1(quantile(healthMs, 0.5)),
        health_p99_ms: round1(quantile(healthMs, 0.99)),
        health_max_ms: round1(quantile(healthMs, 1)),
        health_p99_vs_target: ratio(quantile(healthMs, 0.99), TARGETS.healthP99Ms),
        health_probes: probes.length,
        health_failed: probes.filter((s) => !s.ok).length,
        lost: lostUnscored + lostTwice + lostUndelivered,
        lost_unscored: lostUnscored,
        lost_twice: lostTwice,
        lost_undelivered: lostUndelivered,
        duplicates: collected.duplicates,
        refetches: collected.refetches.length,
        refetch_failed: collected.refetches.length - refetchMs.length,
        refetch_p50_ms: round1(quantile(refetchMs, 0.5)),
        refetch_p95_ms: round1(quantile(refetchMs, 0.95)),
        refetch_p99_ms: round1(quantile(refetchMs, 0.99)),
        ack_duplicates: acknowledged.filter((a) => a.duplicate).length,
        statuses,
        refused: sum(Object.values(refusals)),
        refused_by_message: refusals,
        answered_scoring: acknowledged.filter((a) => a.resultStatus === "SCORING").length,
        waiting_lines: sum(attempts.map((a) => a.waitingLines)),
        max_ahead: attempts.reduce<number | null>((m, a) => (a.maxAhead === null ? m : Math.max(m ?? 0, a.maxAhead)), null),
        on_leaderboard: onLeaderboard,
        on_leaderboard_ratio: ratio(onLeaderboard, acknowledged.length),
        leaderboard_entries: entries.length,
        scored_users: scoredUsers,
        watcher_disconnects: collected.disconnects,
        watcher_errors: collected.errors,
        cpu_pct: round1(serverCpuPct),
        cpu_pct_of_machine: ratio(serverCpuPct, cpus.length * 100),
        server_cpu_s_per_submission: round2(((serverCpuPct / 100) * cpuWindowS) / n),
        rss_mb: round1(rssMax),
        db_cpu_pct: round1(dbCpuPct),
        clients_cpu_pct: round1(clientsCpuPct),
        cpu_window_s: round1(cpuWindowS),
      };
    };

    console.log(JSON.stringify(await runBurst("gan-ring", submitterAccounts.slice(0, options.students), ringBody, TARGETS.ringScoreP95Ms)));
    if (options.digitsStudents > 0 && !interrupted()) {
      console.log(
        JSON.stringify(await runBurst("gan-digits", submitterAccounts.slice(0, options.digitsStudents), () => digitsBody(train), TARGETS.digitsScoreP95Ms)),
      );
    }
  } catch (error) {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
    exitCode = 1;
  } finally {
    await stopChildren().catch((error) => log(`stopping: ${errorText(error)}`));
    await db.$disconnect();
    await embedded?.stop().catch((error) => log(`stopping the database: ${errorText(error)}`));
    running.stopDatabase = null;
    removeDataDir();
  }
  return interrupted() ? 130 : exitCode;
}
