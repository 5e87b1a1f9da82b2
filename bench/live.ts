// `npm run bench:live`: a live session with a class of N students on P API-only server processes
// (tests/support/live-server.ts; several processes share the session through socket.io's Postgres
// adapter). One JSON line per configuration on stdout:
//   {"bench":"live","students":…,"processes":…,"p50_ms":…,"p95_ms":…,"p99_ms":…,"grid_delay_ms":…,"cpu_pct":…,"rss_mb":…,"lost":…, …}
// No arguments: 100, 500, 1000, 2000 students on 1 process, then 1000 on 2. One configuration:
// `npm run bench:live -- --students N --processes P` (also --clients K, --actions A). `--profile DIR`:
// each server process writes a V8 CPU profile of its run there (open it in Chrome's DevTools).
// Progress and diagnostics go to stderr. Uses DATABASE_URL, or a fresh embedded PostgreSQL.
//
// Set-up: one course, an instructor and N students signed up through Better Auth's HTTP endpoint
// (scrypt: slow, so a few at a time; the accounts serve every configuration of the run), enrolled
// directly in the database. Per configuration: fresh server processes and a fresh live session;
// K client processes (bench/live-clients.ts) each hold N/K students' sockets (student i on server
// i mod P), join, and report progress at 1 Hz with a 32-point thumbnail, as the live page does.
// The servers trust this machine as their proxy and each socket names its own address in
// X-Forwarded-For, as behind a department's proxy (the handshake limit per address still applies).
//
// Method:
// - Broadcast latency: the instructor (tRPC and a socket on server 0, in this process) switches the
//   module A times (alternating two modules, one action a second). Each action's latency is from
//   just before its tRPC call to the moment the LAST student socket received the live:state with
//   the action's version (the session's version grows by one per change; the instructor's own socket
//   tells which version an action made). p50/p95/p99 are over these A "last student" latencies;
//   delivery_p50_ms/delivery_p99_ms are over every (student, action) delivery. All processes run on
//   this machine and timestamp with performance.timeOrigin + performance.now() (epoch ms, sub-ms).
// - lost: N × A expected deliveries minus those received (a student that failed to join lost all A;
//   see join_failed). duplicates: a socket receiving one version twice (not counted as received).
// - Grid delay: each progress report carries its send time as the loss value `losses.sentAt` (epoch
//   ms; losses must be finite numbers, ≤ 4 keys). For every report that reaches the instructor's
//   live:grid during the measuring window (first arrival of each (student, sentAt)), delay = arrival
//   − sentAt. It includes the wait for the server's 1 Hz grid tick (~500 ms on average).
//   grid_delay_ms is the median, grid_p95_ms the 95th percentile.
// - cpu_pct: the server processes' utime+stime (/proc/<pid>/stat) over the measuring window (the
//   actions plus 3 s), in % of one core, summed over processes (cpu_pct_each per process).
//   rss_mb: the largest VmRSS (/proc/<pid>/status, sampled every 250 ms) per process, summed.
//   clients_cpu_pct and db_cpu_pct (embedded PostgreSQL only) show who else used the CPUs.
import { type ChildProcess, fork } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { io as connect, type Socket } from "socket.io-client";
import type { LivePublicState } from "@/lib/live/types";
import { type ClientToServerEvents, EVENTS, type LiveGrid, type LiveJoinAck, type ServerToClientEvents } from "@/lib/realtime/protocol";
import { startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";
import { createDb } from "@/server/db";
import { createCourseWithModules } from "@/server/services/seed";
import { type LiveServer, type LiveServers, signUpOverHttp, startLiveServers, trpcMutation } from "../tests/support/live-server";
import { type ClientStudent, type FromClients, now, type ToClients } from "./live-clients";
import { cpuMeter, postgresPids, rssMb } from "./proc";
import { stopOnInterrupt } from "./interrupt";
import { quantile } from "./stats";

const DEFAULT_CONFIGURATIONS = [
  { students: 100, processes: 1 },
  { students: 500, processes: 1 },
  { students: 1000, processes: 1 },
  { students: 2000, processes: 1 },
  { students: 1000, processes: 2 },
];
const SIGN_UPS_IN_FLIGHT = 8;
const PROGRESS_EVERY_MS = 1000;
/** Progress flowing and joins settled before measuring. */
const WARMUP_MS = 3000;
const ACTION_SPACING_MS = 1000;
/** After the last action: stragglers still count. */
const SETTLE_MS = 3000;
const ACTION_TIMEOUT_MS = 30_000;
const RSS_SAMPLE_MS = 250;
const MODULES = ["sampling", "markov-chains-mcmc"];
const PASSWORD = "bench-password-123";

const log = (line: string) => process.stderr.write(`[bench:live] ${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (v: number | null) => (v === null || !Number.isFinite(v) ? null : Math.round(v * 10) / 10);

function readOptions() {
  const { values } = parseArgs({
    options: {
      students: { type: "string" },
      processes: { type: "string" },
      clients: { type: "string", default: "4" },
      actions: { type: "string", default: "20" },
      profile: { type: "string" },
    },
  });
  const positive = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name} must be a positive integer, got ${value}`);
    return n;
  };
  const configurations =
    values.students === undefined && values.processes === undefined
      ? DEFAULT_CONFIGURATIONS
      : [{ students: positive("students", values.students ?? "100"), processes: positive("processes", values.processes ?? "1") }];
  const profileDir = values.profile === undefined ? undefined : path.resolve(values.profile);
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
  return { configurations, clients: positive("clients", values.clients), actions: positive("actions", values.actions), profileDir };
}

/** Student i's own device address, as the proxy in front of the servers names it (10.0.0.0/8). */
const studentAddress = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;

// ── The run ─────────────────────────────────────────────────────────────────────────────────

interface Account {
  userId: string;
  cookie: string;
}

const options = readOptions();
const runId = `${Date.now().toString(36)}-${process.pid}`;
const secret = randomBytes(32).toString("hex");
// In the project's .genlab/, not a private temp dir: as root, postgres runs as "postgres" and must enter it.
const dataDir = path.resolve(import.meta.dirname, `../.genlab/bench-live-${process.pid}`);

// What must be stopped on the way out, also on Ctrl-C.
const running: { servers: LiveServers | null; clients: ChildProcess[]; stopDatabase: (() => Promise<void>) | null } = {
  servers: null,
  clients: [],
  stopDatabase: null,
};
const stopChildren = async () => {
  for (const c of running.clients) if (c.exitCode === null && c.signalCode === null) c.kill("SIGTERM");
  running.clients = [];
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

const ulimit = (() => {
  try {
    return /Max open files\s+(\d+|unlimited)/.exec(fs.readFileSync("/proc/self/limits", "utf8"))?.[1] ?? "?";
  } catch {
    return "?";
  }
})();
// A server process holds one descriptor per socket.
const largest = Math.max(...options.configurations.map((c) => c.students));
if (ulimit !== "unlimited" && Number(ulimit) < largest + 256)
  log(`warning: the open-file limit (${ulimit}) is low for ${largest} sockets per process; raise it with \`ulimit -n\``);
else log(`open-file limit ${ulimit}`);

const embedded = process.env.DATABASE_URL ? null : await startEmbeddedPostgres({ dataDir, ephemeral: true, log });
running.stopDatabase = embedded ? () => embedded.stop() : null;
const databaseUrl = process.env.DATABASE_URL ?? embedded!.url;
const db = createDb(databaseUrl);
let exitCode = 0;
try {
  await applyMigrations(databaseUrl, { log });
  const courseId = await createCourseWithModules(db, {
    slug: `bench-live-${runId}`,
    title: "Live bench",
    joinCode: `L${Date.now().toString(36).toUpperCase().slice(-7)}`,
  });
  let instructor: Account | null = null;
  const students: Account[] = [];

  /** Signs up (over HTTP, a few at a time, spread over the servers) and enrols students until there are `count`. */
  const ensureAccounts = async (count: number, servers: LiveServer[]) => {
    if (!instructor) {
      const { id, cookie } = await signUpOverHttp(servers[0].url, { name: "Bench Instructor", email: `instructor-${runId}@bench.local`, password: PASSWORD });
      await db.enrollment.create({ data: { userId: id, courseId, role: "INSTRUCTOR" } });
      instructor = { userId: id, cookie };
    }
    const from = students.length;
    if (from >= count) return;
    const startedAt = now();
    let next = from;
    let lastReport = startedAt;
    const created: Account[] = [];
    const lane = async (index: number) => {
      while (next < count) {
        const i = next++;
        const { id, cookie } = await signUpOverHttp(servers[index % servers.length].url, {
          name: `Student ${i + 1}`,
          email: `student-${i}-${runId}@bench.local`,
          password: PASSWORD,
        });
        created.push({ userId: id, cookie });
        if (now() - lastReport > 5000) {
          lastReport = now();
          const done = from + created.length;
          log(`signed up ${done}/${count} students (${(created.length / ((lastReport - startedAt) / 1000)).toFixed(1)}/s)`);
        }
      }
    };
    await Promise.all(Array.from({ length: SIGN_UPS_IN_FLIGHT }, (_, index) => lane(index)));
    await db.enrollment.createMany({ data: created.map((a) => ({ userId: a.userId, courseId, role: "STUDENT" as const })) });
    students.push(...created);
    log(`signed up and enrolled ${created.length} students in ${((now() - startedAt) / 1000).toFixed(1)} s`);
  };

  for (const configuration of options.configurations) {
    if (interrupted()) break;
    const line = await runConfiguration(configuration);
    console.log(JSON.stringify(line));
  }

  async function runConfiguration({ students: count, processes }: { students: number; processes: number }) {
    log(`── ${count} students on ${processes} process${processes > 1 ? "es" : ""}`);
    const live = await startLiveServers(processes, { DATABASE_URL: databaseUrl, BETTER_AUTH_SECRET: secret, LIVE_SERVER_PROFILE_DIR: options.profileDir });
    running.servers = live;
    const serverPids = live.servers.map((s) => s.pid);
    await ensureAccounts(count, live.servers);
    const teacher = instructor!;
    const main = live.servers[0].url;

    // A fresh session: end one left running for the course.
    let session = await trpcMutation<{ sessionId: string; resumed: boolean }>(main, "live.start", { courseId }, teacher.cookie);
    if (session.resumed) {
      await trpcMutation(main, "live.end", { sessionId: session.sessionId }, teacher.cookie);
      session = await trpcMutation(main, "live.start", { courseId }, teacher.cookie);
    }
    const { sessionId } = session;

    // The instructor's screen: the state (to learn each action's version) and the grid.
    const teacherSocket: Socket<ServerToClientEvents, ClientToServerEvents> = connect(main, {
      transports: ["websocket"],
      extraHeaders: { cookie: teacher.cookie },
      forceNew: true,
      reconnection: false,
    });
    let latest: LivePublicState | null = null;
    const stateWaiters = new Set<() => void>();
    teacherSocket.on(EVENTS.liveState, (state) => {
      if (!latest || state.version > latest.version) latest = state;
      for (const wake of stateWaiters) wake();
    });
    let gridWindow: { from: number; to: number } | null = null;
    const gridSeen = new Map<string, number>(); // `${userId}:${sentAt}` → first arrival
    const gridStudents = new Set<string>();
    teacherSocket.on(EVENTS.liveGrid, (grid: LiveGrid) => {
      const arrived = now();
      if (!gridWindow || arrived < gridWindow.from || arrived > gridWindow.to) return;
      for (const entry of grid.entries) {
        const sentAt = entry.losses.sentAt;
        if (sentAt === undefined || sentAt < gridWindow.from) continue;
        gridStudents.add(entry.userId);
        const key = `${entry.userId}:${sentAt}`;
        if (!gridSeen.has(key)) gridSeen.set(key, arrived - sentAt);
      }
    });
    const ack: LiveJoinAck = await teacherSocket.timeout(30_000).emitWithAck(EVENTS.liveJoin, { sessionId });
    if (!ack.ok) throw new Error(`the instructor could not join: ${ack.error}`);
    latest = ack.state;

    // The class: K client processes, student i on server i mod P.
    const clientCount = Math.min(options.clients, count);
    const shares: ClientStudent[][] = Array.from({ length: clientCount }, () => []);
    students
      .slice(0, count)
      .forEach((s, i) =>
        shares[i % clientCount].push({ userId: s.userId, cookie: s.cookie, url: live.servers[i % processes].url, address: studentAddress(i) }),
      );
    const inbox = new Map<ChildProcess, FromClients[]>();
    const clientWaiters = new Set<() => void>();
    const clients = shares.map(() => {
      const child = fork(path.join(import.meta.dirname, "live-clients.ts"), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", 2, 2, "ipc"] });
      inbox.set(child, []);
      child.on("message", (message: FromClients) => {
        inbox.get(child)!.push(message);
        for (const wake of clientWaiters) wake();
      });
      return child;
    });
    running.clients = clients;
    const tell = (child: ChildProcess, message: ToClients) => child.send(message);
    /** Each client's next message of this type. */
    const fromEachClient = async <T extends FromClients["type"]>(type: T, timeoutMs: number): Promise<Extract<FromClients, { type: T }>[]> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const exited = clients.find((c) => c.exitCode !== null || c.signalCode !== null);
        if (exited) throw new Error(`a client process exited (${exited.signalCode ?? exited.exitCode})`);
        if (clients.every((c) => inbox.get(c)!.some((m) => m.type === type))) {
          return clients.map((c) => {
            const messages = inbox.get(c)!;
            return messages.splice(
              messages.findIndex((m) => m.type === type),
              1,
            )[0] as Extract<FromClients, { type: T }>;
          });
        }
        if (Date.now() > deadline) throw new Error(`no "${type}" from every client process within ${timeoutMs / 1000} s`);
        await new Promise<void>((resolve) => {
          const wake = () => (clientWaiters.delete(wake), resolve());
          clientWaiters.add(wake);
          setTimeout(wake, 1000);
        });
      }
    };

    const joinStarted = now();
    clients.forEach((c, i) => tell(c, { type: "join", sessionId, students: shares[i] }));
    const joined = await fromEachClient("joined", 10 * 60_000);
    const joinSeconds = (now() - joinStarted) / 1000;
    const joinFailed = joined.reduce((n, j) => n + j.failed, 0);
    log(
      `${count - joinFailed}/${count} students joined in ${joinSeconds.toFixed(1)} s${
        joinFailed
          ? `; e.g. ${joined
              .flatMap((j) => j.errors)
              .slice(0, 3)
              .join(" | ")}`
          : ""
      }`,
    );

    for (const c of clients) tell(c, { type: "progress", everyMs: PROGRESS_EVERY_MS });
    await sleep(WARMUP_MS);

    // ── Measuring window ──
    const serverCpu = cpuMeter(() => serverPids);
    const clientsCpu = cpuMeter(() => clients.map((c) => c.pid!));
    const postmaster = embedded ? postgresPids(dataDir)[0] : undefined;
    const dbCpu = embedded ? cpuMeter(() => postgresPids(dataDir), postmaster) : null;
    const rssMax = new Map(serverPids.map((pid) => [pid, rssMb(pid)]));
    const rssTimer = setInterval(() => {
      for (const pid of serverPids) rssMax.set(pid, Math.max(rssMax.get(pid)!, rssMb(pid)));
    }, RSS_SAMPLE_MS);
    serverCpu.start();
    clientsCpu.start();
    dbCpu?.start();
    gridWindow = { from: now(), to: Infinity };

    const actions: { version: number; startedAt: number }[] = [];
    for (let i = 0; i < options.actions && !interrupted(); i++) {
      const moduleSlug = MODULES[i % MODULES.length];
      const previous = latest!.version;
      const startedAt = now();
      await trpcMutation(main, "live.setModule", { sessionId, moduleSlug }, teacher.cookie);
      // The instructor's own copy of the broadcast says which version this action made.
      const deadline = Date.now() + ACTION_TIMEOUT_MS;
      while (!(latest!.version > previous && latest!.moduleSlug === moduleSlug)) {
        if (Date.now() > deadline) throw new Error(`the instructor never received the state of action ${i + 1}`);
        await new Promise<void>((resolve) => {
          const wake = () => (stateWaiters.delete(wake), resolve());
          stateWaiters.add(wake);
          setTimeout(wake, 500);
        });
      }
      actions.push({ version: latest!.version, startedAt });
      await sleep(Math.max(0, startedAt + ACTION_SPACING_MS - now()));
    }
    await sleep(SETTLE_MS);

    gridWindow.to = now();
    clearInterval(rssTimer);
    const serverCpuEach = serverCpu.stop();
    const clientsCpuEach = clientsCpu.stop();
    const dbCpuEach = dbCpu?.stop();

    for (const c of clients) tell(c, { type: "collect" });
    const collected = await fromEachClient("collected", 60_000);

    // ── Figures ──
    const lastStudent: number[] = [];
    const everyDelivery: number[] = [];
    let received = 0;
    for (const { version, startedAt } of actions) {
      const arrivals = collected.flatMap((c) => c.deliveries[version] ?? []);
      received += arrivals.length;
      for (const t of arrivals) everyDelivery.push(t - startedAt);
      if (arrivals.length) lastStudent.push(Math.max(...arrivals) - startedAt);
    }
    lastStudent.sort((a, b) => a - b);
    everyDelivery.sort((a, b) => a - b);
    const gridDelays = [...gridSeen.values()].sort((a, b) => a - b);
    const sum = (values: Iterable<number>) => [...values].reduce((a, b) => a + b, 0);
    const duplicates = sum(collected.map((c) => c.duplicates));
    const disconnects = sum(collected.map((c) => c.disconnects));
    if (disconnects)
      log(
        `${disconnects} sockets dropped, e.g. ${collected
          .flatMap((c) => c.errors)
          .slice(0, 3)
          .join(" | ")}`,
      );

    teacherSocket.disconnect();
    await trpcMutation(main, "live.end", { sessionId }, teacher.cookie);
    for (const c of clients) tell(c, { type: "stop" });
    await Promise.all(clients.map((c) => (c.exitCode !== null ? undefined : new Promise((resolve) => c.once("exit", resolve)))));
    running.clients = [];
    running.servers = null;
    const serverStats = await live.stop();

    return {
      bench: "live",
      students: count,
      processes,
      p50_ms: round1(quantile(lastStudent, 0.5)),
      p95_ms: round1(quantile(lastStudent, 0.95)),
      p99_ms: round1(quantile(lastStudent, 0.99)),
      grid_delay_ms: round1(quantile(gridDelays, 0.5)),
      cpu_pct: round1(sum(serverCpuEach.values())),
      rss_mb: round1(sum(rssMax.values())),
      lost: count * actions.length - received,
      // Extras.
      actions: actions.length,
      join_s: round1(joinSeconds),
      join_failed: joinFailed,
      delivery_p50_ms: round1(quantile(everyDelivery, 0.5)),
      delivery_p99_ms: round1(quantile(everyDelivery, 0.99)),
      grid_p95_ms: round1(quantile(gridDelays, 0.95)),
      grid_reports: gridDelays.length,
      grid_students: gridStudents.size,
      progress_sent: sum(collected.map((c) => c.progressSent)),
      progress_dropped: sum(serverStats.map((s) => s?.progressDropped ?? 0)),
      duplicates,
      disconnects,
      cpu_pct_each: [...serverCpuEach.values()].map(round1),
      rss_mb_each: [...rssMax.values()].map(round1),
      clients: clientCount,
      clients_cpu_pct: round1(sum(clientsCpuEach.values())),
      db_cpu_pct: dbCpuEach ? round1(sum(dbCpuEach.values())) : null,
    };
  }
} catch (error) {
  log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
  exitCode = 1;
} finally {
  await stopChildren().catch(() => undefined);
  await db.$disconnect();
  await embedded?.stop().catch((error) => log(`stopping the database: ${error instanceof Error ? error.message : error}`));
  running.stopDatabase = null;
  removeDataDir();
}
process.exit(interrupted() ? 130 : exitCode);
