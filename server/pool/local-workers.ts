// `npm start` runs the worker pool's first worker beside the server, so pool runs work out of the
// box; more workers join with `npm run worker` on any machine that reaches the database.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";
import { childProcessEnv } from "../env";
import { logger } from "../observability/log";

const ROOT = path.resolve(import.meta.dirname, "../..");
const STOP_TIMEOUT_MS = 8000;
const log = logger("pool");

export function startLocalWorkers(databaseUrl: string, count: number): { stop(): Promise<void> } {
  if (count === 0) return { stop: async () => {} };
  // A separate process: training must not share the web server's event loop.
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "workers/index.ts", "--concurrency", String(count)], {
    cwd: ROOT,
    env: childProcessEnv({ DATABASE_URL: databaseUrl }),
    // The IPC channel closes when this process dies, even by SIGKILL: the worker then stops too.
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    // A session of its own: a terminal's Ctrl-C reaches only the server, which stops the worker
    // before the database, so the worker never sees the database go away mid-shutdown.
    detached: true,
  });
  child.on("exit", (code, signal) => {
    if (code !== 0 && signal !== "SIGTERM") log.error(`the local worker stopped (${signal ?? `exit ${code}`}); start one with \`npm run worker\`.`);
  });
  return {
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const force = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
        child.once("exit", () => {
          clearTimeout(force);
          log.info(`local worker${count === 1 ? "" : "s"} stopped`);
          resolve();
        });
        child.kill("SIGTERM");
      }),
  };
}
