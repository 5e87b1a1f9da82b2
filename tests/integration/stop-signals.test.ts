// Ctrl-C and SIGTERM stop GenLab cleanly: the web server, the local worker and the embedded PostgreSQL
// stop in that order, one line each, exit code 0, no stack trace, and none of them keeps running. A
// SIGKILLed server leaves its postgres behind, which the next start stops; its worker stops by itself.
// The server is tests/support/live-server.ts without DATABASE_URL: what `npm start` runs beside Next.js
// (embedded PostgreSQL, migrations, queue, one local worker), stopped by the same code
// (server/shutdown.ts). Its data directory is inside an fs.mkdtempSync folder (mode 0700), which the
// postgres user cannot enter when we run as root (server/database/cluster-paths.ts).
// The server and its worker log JSON (GENLAB_LOG_FORMAT=json, what a process manager collects): every
// line they print after the signal is a record, and each stop line is read from its component and msg.
import assert from "node:assert/strict";
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { after, test } from "node:test";
import { freePort } from "@/e2e/server";
import { removeClusterData } from "@/server/database/embedded-postgres";
import { TEST_SECRET } from "../support/database";
import { signUpOverHttp } from "../support/live-server";
import { waitFor } from "../support/pool-workers";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ENTRY = path.join(ROOT, "tests", "support", "live-server.ts");
const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "genlab-stop-"));
const dataDir = path.join(sandbox, ".genlab");
interface LogRecord {
  level?: string;
  time?: string;
  component?: string;
  msg?: string;
  pid?: number;
}

/** A line as a person reads it: a record as "[component] msg" (null: the line is no JSON record). */
function recordLine(line: string): string | null {
  let record: LogRecord;
  try {
    record = JSON.parse(line);
  } catch {
    return null;
  }
  assert.ok(record.level && record.time && record.component, `a record without level, time or component: ${line}`);
  return `[${record.component}] ${record.msg}`;
}

/** Complete lines, without the test server's own "ready <port>" and "stats {…}". */
const printedLines = (output: string) =>
  output
    .split("\n")
    .slice(0, -1)
    .filter((line) => line && !/^(ready|stats) /.test(line));

/** The pid of the worker's "ready" record, once there is one. */
function readyWorkerPid(output: string): number | undefined {
  for (const line of printedLines(output)) {
    const record = line.startsWith("{") ? (JSON.parse(line) as LogRecord) : null;
    if (record?.component === "worker" && record.msg?.startsWith("ready: ")) return record.pid;
  }
  return undefined;
}

const STOP_LINES = (signal: string) => [
  `[server] ${signal}: stopping`,
  "[server] web server and sockets closed",
  "[pool] local worker stopped",
  "[db] PostgreSQL stopped",
];
const student = { name: "Stella", email: "stella@stop.test", password: "correct-horse-battery" };

interface RunningServer {
  child: ChildProcess;
  url: string;
  /** Everything it and its worker printed, stdout and stderr interleaved as a terminal shows them. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  workerPid: number;
  postmasterPid: number;
}

const started: RunningServer[] = [];
let runs = 0;

after(() => {
  // A failed test may leave processes behind: none outlives the file.
  for (const { child, workerPid, postmasterPid } of started) {
    for (const pid of [child.pid!, workerPid]) if (isRunning(pid)) process.kill(pid, "SIGKILL");
    if (isRunning(postmasterPid)) process.kill(postmasterPid, "SIGQUIT");
  }
  removeClusterData(path.join(dataDir, "postgres"));
  fs.rmSync(sandbox, { recursive: true, force: true });
});

/** Alive and not a zombie (an orphan whose new parent does not reap it). */
function isRunning(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2)[0] !== "Z";
  } catch {
    return false;
  }
}

async function startServer(): Promise<RunningServer> {
  const port = await freePort();
  const logFile = path.join(sandbox, `server-${runs++}.log`);
  const out = fs.openSync(logFile, "w");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    BETTER_AUTH_SECRET: TEST_SECRET,
    GENLAB_DATA_DIR: dataDir,
    GENLAB_LOCAL_WORKERS: "1",
    GENLAB_LOG_FORMAT: "json",
  };
  delete env.DATABASE_URL;
  // detached: a process group of its own, as a shell runs a foreground job; stdin stays open (its EOF means "stop").
  const child = spawn(process.execPath, ["--import", "tsx", ENTRY], { cwd: ROOT, env, detached: true, stdio: ["pipe", out, out] });
  fs.closeSync(out);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  const output = () => fs.readFileSync(logFile, "utf8");
  const ready = await waitFor(
    "the server and its worker to be ready",
    async () => output(),
    (text) => child.exitCode !== null || (text.includes(`ready ${port}\n`) && !!readyWorkerPid(text)),
    120_000,
  );
  assert.equal(child.exitCode, null, `the server exited while starting:\n${ready}`);
  const workerPid = Number(readyWorkerPid(ready));
  const postmasterPid = Number(fs.readFileSync(path.join(dataDir, "postgres", "postmaster.pid"), "utf8").split("\n")[0]);
  const server = { child, url: `http://127.0.0.1:${port}`, output, exited, workerPid, postmasterPid };
  started.push(server);
  return server;
}

/** Sends `signal` (to the whole process group, as a terminal's Ctrl-C does, or to the server only) and checks how it stopped. */
async function stopAndCheck(server: RunningServer, signal: NodeJS.Signals, target: "group" | "server") {
  const before = server.output().length;
  process.kill(target === "group" ? -server.child.pid! : server.child.pid!, signal);
  const timeout = new Promise<never>((_, reject) =>
    setTimeout(() => reject(new Error(`still running 30 s after ${signal}:\n${server.output()}`)), 30_000).unref(),
  );
  const { code, signal: killedBy } = await Promise.race([server.exited, timeout]);
  const output = server.output();
  assert.deepEqual({ code, killedBy }, { code: 0, killedBy: null }, output);
  for (const printed of printedLines(output)) {
    const line = recordLine(printed) ?? printed;
    assert.ok(line.length <= 300, `a line of ${line.length} characters:\n${line.slice(0, 300)}…`);
  }
  // Every line after the signal is a record (so no stack trace either).
  const afterSignal = printedLines(output.slice(before)).map((line) => recordLine(line) ?? assert.fail(`not a JSON log record: ${line}`));
  // One line per component, in order, and nothing else: no stack trace, no error from a worker that lost its database.
  assert.deepEqual(afterSignal, STOP_LINES(signal), output.slice(before));
  assert.equal(isRunning(server.workerPid), false, "the worker is gone");
  assert.equal(isRunning(server.postmasterPid), false, "postgres is gone");
}

test("Ctrl-C (SIGINT to the whole process group) stops the server, the worker, then PostgreSQL", { timeout: 180_000 }, async () => {
  const server = await startServer();
  await signUpOverHttp(server.url, student);
  await stopAndCheck(server, "SIGINT", "group");
});

test("SIGTERM to the server alone stops everything the same way; the data is still there", { timeout: 180_000 }, async () => {
  const server = await startServer();
  const signIn = await fetch(`${server.url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: server.url },
    body: JSON.stringify({ email: student.email, password: student.password }),
  });
  assert.equal(signIn.status, 200, "the account made before the restart signs in");
  // A client that declared a body and stalled must not hold up the stop (its connection is cut).
  const stalled = net.connect(Number(new URL(server.url).port), "127.0.0.1");
  stalled.on("error", () => {});
  stalled.write('POST /api/auth/sign-in/email HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"e');
  await new Promise((resolve) => setTimeout(resolve, 200));
  await stopAndCheck(server, "SIGTERM", "server");
  stalled.destroy();
});

test("after a SIGKILLed server the worker stops by itself and the next start stops the orphaned postgres", { timeout: 240_000 }, async () => {
  const killed = await startServer();
  killed.child.kill("SIGKILL");
  await killed.exited;
  await waitFor(
    "the worker to notice and stop",
    async () => isRunning(killed.workerPid),
    (running) => !running,
    20_000,
  );
  assert.ok(isRunning(killed.postmasterPid), "postgres outlives a SIGKILLed parent");

  const next = await startServer();
  assert.ok(
    printedLines(next.output()).some((line) => recordLine(line)?.startsWith(`[db] stopping a PostgreSQL left running (pid ${killed.postmasterPid})`)),
    next.output(),
  );
  assert.equal(isRunning(killed.postmasterPid), false);
  await stopAndCheck(next, "SIGTERM", "server");
});
