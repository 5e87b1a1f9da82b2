// A PostgreSQL of its own for tests that run GenLab as several machines do (tests/integration/failover.test.ts):
// embedded, but outside every web process and worker, so the test can stop and start it under them.
// A throw-away cluster (fsync off) in a folder of the temp directory, removed by `remove`.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "@/e2e/server";
import { type EmbeddedPostgresHandle, removeClusterData, startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { applyMigrations } from "@/server/database/migrate";

export interface ClusterDatabase {
  /** The same URL across restarts (same port, same password). */
  url: string;
  /** Stops PostgreSQL (as an operator's restart does: connections are closed) and starts it again on the same data and port. */
  restart(): Promise<void>;
  /** The postmaster's pid while it runs (null once stopped). */
  pid(): number | null;
  stop(): Promise<void>;
  /** Deletes the cluster's files (after `stop`). */
  remove(): void;
}

export async function startClusterDatabase(): Promise<ClusterDatabase> {
  const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "genlab-cluster-db-"));
  // As root, postgres cannot enter the 0700 sandbox: the cluster then lives elsewhere, linked from here.
  const dataDir = path.join(sandbox, "postgres");
  const port = await freePort();
  const start = () => startEmbeddedPostgres({ dataDir, port, ephemeral: true, log: () => {} });
  let handle: EmbeddedPostgresHandle | null = await start();
  await applyMigrations(handle.url, { log: () => {} });
  const url = handle.url;
  const stop = async () => {
    const stopping = handle;
    handle = null;
    await stopping?.stop();
  };
  return {
    url,
    restart: async () => {
      await stop();
      handle = await start();
    },
    pid: () => {
      if (!handle) return null;
      const pidFile = path.join(dataDir, "postmaster.pid");
      return fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]) : null;
    },
    stop,
    remove: () => {
      removeClusterData(dataDir);
      fs.rmSync(sandbox, { recursive: true, force: true });
    },
  };
}

/** Whether a process with this pid exists (the test's own children are reaped by Node when they exit). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
