// An API-only GenLab server (Better Auth, tRPC, socket.io; no Next.js) as a child process, so tests
// and benchmarks can run several server processes on one database, as a deployment behind a sticky
// load balancer does. socket.io uses the Postgres adapter: a broadcast on one process reaches the
// sockets of every process.
//
// As a process (`node --import tsx tests/support/live-server.ts`) it reads DATABASE_URL, PORT and
// BETTER_AUTH_SECRET (shared by all processes, so a cookie from one is valid on the others), listens
// on 127.0.0.1:PORT and prints "ready <port>". SIGTERM, SIGINT or its stdin closing (the parent
// died) shut it down; it then prints "stats <json>" (the socket gateway's live counters) and exits.
// Without DATABASE_URL it runs what `npm start` runs beside its web server: the embedded PostgreSQL
// in GENLAB_DATA_DIR (required then), the migrations, the pool's queue and GENLAB_LOCAL_WORKERS
// (default 1) local workers; it stops them as `npm start` does (server/shutdown.ts).
//
// As a module it exports `startLiveServers`, which spawns such processes on free ports, and the two
// HTTP calls a browser makes to them: signing up, and a tRPC mutation.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { RealtimeStats } from "@/server/realtime/client-events";
import { logger } from "@/server/observability/log";
import { type Shutdown, stopOnSignals } from "@/server/shutdown";
import { freePort } from "../../e2e/server";

const ENTRY = fileURLToPath(import.meta.url);
const PROJECT_DIR = path.resolve(path.dirname(ENTRY), "../..");
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

export interface LiveServerEnv {
  DATABASE_URL: string;
  /** At least 32 characters; the same for every process. */
  BETTER_AUTH_SECRET: string;
  /** "threads": submissions are checked and scored in the real scoring thread pool, as in `npm start` (default: inline). */
  LIVE_SERVER_SCORING?: "threads";
  /** A folder: each process writes a V8 CPU profile of itself there, from "ready" to its stop (live-server-<pid>.cpuprofile). */
  LIVE_SERVER_PROFILE_DIR?: string;
}

export interface LiveServer {
  port: number;
  /** http://127.0.0.1:<port> */
  url: string;
  pid: number;
  child: ChildProcess;
}

export interface LiveServers {
  servers: LiveServer[];
  /** SIGTERM to every process; resolves with each one's counters once all have exited. */
  stop(): Promise<(RealtimeStats | null)[]>;
}

/** Spawns `count` server processes on free ports and waits until each has printed "ready". */
export async function startLiveServers(count: number, env: LiveServerEnv): Promise<LiveServers> {
  const servers: LiveServer[] = [];
  const stats = new Map<ChildProcess, RealtimeStats | null>();
  const exited = new Map<ChildProcess, Promise<void>>();

  const launch = async (): Promise<LiveServer> => {
    const port = await freePort();
    // stdin is a pipe the child watches: if this process dies without stopping it, the child sees EOF.
    const child = spawn(process.execPath, ["--import", "tsx", ENTRY], {
      cwd: PROJECT_DIR,
      // Text log lines: this process passes them on to its stderr for a person to read.
      env: { GENLAB_LOG_FORMAT: "text", ...process.env, ...env, PORT: String(port) },
      stdio: ["pipe", "pipe", "inherit"],
    });
    stats.set(child, null);
    exited.set(child, new Promise((resolve) => child.once("exit", () => resolve())));
    const lines = createInterface({ input: child.stdout! });
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`live server on port ${port} not ready after ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`live server on port ${port} exited before it was ready (${signal ?? `exit ${code}`})`));
      });
      lines.on("line", (line) => {
        if (line === `ready ${port}`) {
          clearTimeout(timer);
          resolve();
        } else if (line.startsWith("stats ")) {
          stats.set(child, JSON.parse(line.slice("stats ".length)) as RealtimeStats);
        } else {
          process.stderr.write(`[live-server ${port}] ${line}\n`);
        }
      });
    });
    const server = { port, url: `http://127.0.0.1:${port}`, pid: child.pid!, child };
    servers.push(server);
    await ready;
    return server;
  };

  const stop = async () => {
    for (const { child } of servers) if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await Promise.all(
      servers.map(({ child }) =>
        Promise.race([exited.get(child)!, new Promise<void>((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref())]).then(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
        }),
      ),
    );
    return servers.map(({ child }) => stats.get(child) ?? null);
  };

  try {
    // One at a time: each start compiles the server's modules, which is CPU-bound anyway.
    for (let i = 0; i < count; i++) await launch();
  } catch (error) {
    await stop();
    throw error;
  }
  return { servers, stop };
}

/** Signs up through Better Auth's HTTP endpoint, as the sign-up page does: the new user and their session cookie. */
export async function signUpOverHttp(url: string, user: { name: string; email: string; password: string }): Promise<{ id: string; cookie: string }> {
  const response = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify(user),
  });
  if (response.status !== 200) throw new Error(`sign-up of ${user.email} on ${url}: HTTP ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  const { user: created } = (await response.json()) as { user: { id: string } };
  return { id: created.id, cookie };
}

/** A tRPC mutation over HTTP as the browser's client sends it (one call, superjson envelope): the result's JSON part. */
export async function trpcMutation<T = any>(url: string, procedure: string, input: unknown, cookie: string): Promise<T> {
  const response = await fetch(`${url}/api/trpc/${procedure}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ json: input }),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`${procedure} on ${url}: HTTP ${response.status} ${text}`);
  return JSON.parse(text).result.data?.json as T;
}

// ── The child process ───────────────────────────────────────────────────────────────────────

async function serve(shutdown: Shutdown) {
  const [
    { closeSocketAdapterPool, createSocketAdapterPool },
    { createAppServer },
    { createAuth },
    { createDb },
    { checkInline, scoreInline },
    { createScoringPool },
    { securitySettings },
  ] = await Promise.all([
    import("@/server/realtime/adapter-pool"),
    import("@/server/app"),
    import("@/server/auth"),
    import("@/server/db"),
    import("@/server/services/scoring"),
    import("@/server/scoring/pool"),
    import("@/server/security/settings"),
  ]);
  const port = Number(process.env.PORT);
  const secret = process.env.BETTER_AUTH_SECRET;
  const dataDir = process.env.GENLAB_DATA_DIR;
  if ((!process.env.DATABASE_URL && !dataDir) || !Number.isInteger(port) || port <= 0 || !secret) {
    throw new Error("live-server needs DATABASE_URL (or GENLAB_DATA_DIR for an embedded PostgreSQL), PORT and BETTER_AUTH_SECRET");
  }
  const databaseUrl = process.env.DATABASE_URL ?? (await startAsNpmStartDoes(path.resolve(dataDir!), shutdown));

  const db = createDb(databaseUrl);
  shutdown.defer(() => db.$disconnect());
  const auth = createAuth({
    db,
    secret,
    baseURL: `http://localhost:${port}`,
    trustedOrigins: [`http://127.0.0.1:${port}`, `http://localhost:${port}`],
  });
  const socketAdapterPool = createSocketAdapterPool(databaseUrl);
  shutdown.defer(() => closeSocketAdapterPool(socketAdapterPool));
  const scoring = process.env.LIVE_SERVER_SCORING === "threads" ? createScoringPool(1) : null;
  if (scoring) shutdown.defer(() => scoring.close());
  const { server, realtime, close } = createAppServer({
    db,
    auth,
    score: scoring?.score ?? scoreInline,
    check: scoring?.check ?? checkInline,
    fitArena: scoring?.fitArena,
    socketAdapterPool,
    // The benches' simulated students stand behind a proxy on this machine: each socket names its
    // own address in X-Forwarded-For, as a department's reverse proxy would.
    security: securitySettings({ publicOrigin: "http://localhost", port, trustedProxies: ["127.0.0.1"] }),
    // A whole class (bench:live signs 2,000 students up) signs up from this one address.
    rateLimits: { authRequestsPerAddress: { points: 1_000_000, duration: 60 } },
  });
  shutdown.defer(() => process.stdout.write(`stats ${JSON.stringify(realtime.stats)}\n`));
  shutdown.defer(async () => {
    await close();
    logger("server").info("web server and sockets closed");
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  process.stdin.on("end", () => shutdown.begin("stdin closed"));
  process.stdin.resume();
  if (process.env.LIVE_SERVER_PROFILE_DIR)
    await profileUntilStop(path.join(process.env.LIVE_SERVER_PROFILE_DIR, `live-server-${process.pid}.cpuprofile`), shutdown);
  process.stdout.write(`ready ${port}\n`);
}

/** Samples this process's CPU until it stops (deferred last, so written first), for Chrome's or VS Code's profiler. */
async function profileUntilStop(file: string, shutdown: Shutdown) {
  const { Session } = await import("node:inspector/promises");
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.start");
  shutdown.defer(async () => {
    const { profile } = await session.post("Profiler.stop");
    await writeFile(file, JSON.stringify(profile));
    session.disconnect();
    logger("server").info(`CPU profile written to ${file}`);
  });
}

/** The embedded PostgreSQL, migrations, queue and local workers of server/index.ts; the database's URL. */
async function startAsNpmStartDoes(dataDir: string, shutdown: Shutdown): Promise<string> {
  const [{ startEmbeddedPostgres }, { applyMigrations }, { startPoolQueue }, { startLocalWorkers }] = await Promise.all([
    import("@/server/database/embedded-postgres"),
    import("@/server/database/migrate"),
    import("@/server/pool/queue"),
    import("@/server/pool/local-workers"),
  ]);
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres") });
  shutdown.defer(() => embedded.stop());
  await applyMigrations(embedded.url);
  const boss = await startPoolQueue(embedded.url);
  shutdown.defer(() => boss.stop({ graceful: false, timeout: 2000 }));
  const localWorkers = startLocalWorkers(embedded.url, Number(process.env.GENLAB_LOCAL_WORKERS ?? 1));
  shutdown.defer(() => localWorkers.stop());
  return embedded.url;
}

if (process.argv[1] && path.resolve(process.argv[1]) === ENTRY) {
  const shutdown = stopOnSignals({ timeoutMs: STOP_TIMEOUT_MS });
  serve(shutdown).catch((error) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : error);
    shutdown.begin("start-up failed", 1);
  });
}
