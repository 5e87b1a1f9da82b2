// Starts the real GenLab server (server/index.ts: Next.js production build, tRPC, socket.io) on a
// free port against the test database, and waits for /api/health.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

const START_TIMEOUT_MS = 120_000;
const ROOT = path.resolve(import.meta.dirname, "..");

/** The demo accounts' password in browser tests: seeded by `genlab demo seed` (external database) or npm start (embedded). */
export const E2E_DEMO_PASSWORD = "e2e-demo-password";

/** A port nothing listens on now (the OS picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function seedDemo(env: NodeJS.ProcessEnv): Promise<void> {
  const child = spawn(process.execPath, ["bin/genlab.mjs", "demo", "seed"], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
  if (code !== 0) throw new Error(`genlab demo seed failed (exit ${code}):\n${output}`);
}

export interface RunningServer {
  url: string;
  process: ChildProcess;
  output: () => string;
  stop: () => Promise<void>;
}

/** `env` overrides the test environment; an undefined value removes a variable (e.g. DATABASE_URL). */
export async function startGenlabServer(env: Record<string, string | undefined> = {}, port?: number): Promise<RunningServer> {
  port ??= await freePort();
  const merged: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    HOST: "127.0.0.1",
    GENLAB_URL: `http://localhost:${port}`,
    GENLAB_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), "genlab-e2e-")),
    GENLAB_DEMO_PASSWORD: E2E_DEMO_PASSWORD,
    NEXT_TELEMETRY_DISABLED: "1",
    ...env,
  };
  for (const key of Object.keys(merged)) if (merged[key] === undefined) delete merged[key];
  // npm start seeds the demo only into its embedded database; the tests' database gets it as an operator would.
  if (merged.DATABASE_URL) await seedDemo(merged as NodeJS.ProcessEnv);
  let output = "";
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: merged as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited during start-up:\n${output}`);
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`The server did not become healthy in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    process: child,
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}
