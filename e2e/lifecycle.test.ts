// `npm start` with no DATABASE_URL: the embedded PostgreSQL keeps its data across restarts, a
// SIGKILLed server (which leaves postgres running with its postmaster.pid) does not stop the next
// start, and SIGINT (Ctrl-C) shuts the server and the database down cleanly.
import assert from "node:assert/strict";
import { existsSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { removeClusterData } from "@/server/database/embedded-postgres";
import { startGenlabServer } from "./server";

// Inside the project, like npm start's .genlab/ (as root in a folder the postgres user cannot enter,
// pgDir links to the cluster elsewhere: removeClusterData deletes both).
const dataDir = path.resolve(import.meta.dirname, `../.genlab/lifecycle-${process.pid}`);
const pgDir = path.join(dataDir, "postgres");
after(() => {
  removeClusterData(pgDir);
  rmSync(dataDir, { recursive: true, force: true });
});

const isRunning = (pid: number) => {
  try {
    process.kill(pid, 0);
    // Zombies (exited, not yet reaped) still answer signal 0: check their state.
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, "utf8"));
  } catch {
    return false;
  }
};

async function signUp(url: string, email: string) {
  const response = await fetch(`${url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ name: "Persistent Pat", email, password: "persistent-password" }),
  });
  return response.status;
}

async function signIn(url: string, email: string) {
  const response = await fetch(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: url },
    body: JSON.stringify({ email, password: "persistent-password" }),
  });
  return response.status;
}

test("embedded database: data survives a crash and a restart; Ctrl-C stops everything", { timeout: 240_000 }, async () => {
  // The lines a person sees in the terminal (a pipe would get JSON records).
  const env = { DATABASE_URL: undefined, GENLAB_DATA_DIR: dataDir, GENLAB_LOG_FORMAT: "text" };
  const email = `pat-${Date.now()}@test.local`;

  const first = await startGenlabServer(env);
  assert.match(first.output(), /embedded PostgreSQL/);
  assert.equal(await signUp(first.url, email), 200);
  const postgresPid = Number(readFileSync(path.join(pgDir, "postmaster.pid"), "utf8").split("\n")[0]);
  first.process.kill("SIGKILL");
  await new Promise((resolve) => first.process.once("exit", resolve));
  assert.ok(isRunning(postgresPid), "postgres outlives its killed parent (the case to recover from)");

  const second = await startGenlabServer(env);
  assert.equal(await signIn(second.url, email), 200, "the account created before the crash is still there");
  const health = await fetch(`${second.url}/api/health`);
  assert.deepEqual(await health.json(), { db: "ok" });

  const exited = new Promise<number | null>((resolve) => second.process.once("exit", (code) => resolve(code)));
  second.process.kill("SIGINT");
  assert.equal(await exited, 0, `clean exit on Ctrl-C:\n${second.output()}`);
  assert.match(second.output(), /\[db\] PostgreSQL stopped/);
  assert.equal(existsSync(path.join(pgDir, "postmaster.pid")), false, "the embedded database was stopped");
});
