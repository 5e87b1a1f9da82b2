// Real worker processes (`workers/index.ts`, WASM backend) against the test database, for the pool's
// integration tests; and waiting for what they do.
import { type ChildProcess, spawn } from "node:child_process";
import { testDatabaseUrl } from "./database";

const started: ChildProcess[] = [];

export type WorkerProcess = ChildProcess & { output: () => string };

/** A worker process on `databaseUrl` (default: the test database); `output()` is what it printed. */
export function startWorker(databaseUrl = testDatabaseUrl()): WorkerProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "workers/index.ts", "--backend", "wasm"], {
    env: { ...process.env, DATABASE_URL: databaseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  started.push(child);
  return Object.assign(child, { output: () => output });
}

/** Stops one worker (SIGTERM: in order; SIGKILL: as a crash) and waits until it has exited. */
export async function stopWorker(worker: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  if (worker.exitCode !== null || worker.signalCode !== null) return;
  const exited = new Promise((resolve) => worker.once("exit", resolve));
  worker.kill(signal);
  await exited;
}

/** For `after`: no worker outlives its test file. */
export function killStartedWorkers() {
  for (const worker of started) worker.kill("SIGKILL");
}

/** Reads until `done` holds, every 250 ms; fails with the last value read after timeoutMs. */
export async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
