// `npm test` (every group and the guard rails) and `npm run test:unit` (argument `unit`; also `lint`, `integration`, `e2e`).
// Further arguments keep only the group's files whose path contains one of them:
// `npx tsx scripts/run-tests.ts integration security` runs tests/integration/*security*.
//
// 0. The guard rails (`npm run lint`: ESLint, Prettier, the copy-paste detector, knip), one check each;
//    the architecture rules are a unit test (tests/unit/architecture.test.ts).
// 1. The database: DATABASE_URL if set, else a fresh embedded PostgreSQL in .genlab/test-db-<pid>
//    (as root under a folder the postgres user cannot enter: a link to one in the temp folder;
//    deleted afterwards); the committed migrations are applied to it.
// 2. The groups, each in its own `node --test` child with DATABASE_URL:
//    tests/unit/**/*.test.ts with exercises/**/*.test.ts, tests/integration/**/*.test.ts, e2e/**/*.test.ts (missing/empty: skipped).
//    Before e2e, `next build` runs when the build is missing or older than its sources (scripts/ensure-build.ts).
//    `npm test` runs three lanes at once: `next build` then e2e; integration; unit then lint, the
//    last under `nice`. Much of the e2e and integration time is spent waiting (servers starting,
//    leases lapsing, pages loading), and the unit tests and guard rails fill the cores meanwhile
//    without slowing the lanes whose tests have timing of their own. The e2e group gets a database
//    of its own on the same server (its workers and registered LMSs must not meet the integration
//    tests'). Each line of a lane's output is prefixed with its group.
// 3. A last line "N passed, N failed"; the exit code is the worst of all.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { removeClusterData, startEmbeddedPostgres, type EmbeddedPostgresHandle } from "../server/database/embedded-postgres.ts";
import { applyMigrations } from "../server/database/migrate.ts";
import { NEXT_BUILD_COMMAND, staleBuildReason } from "./ensure-build.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);

const GROUPS = [
  { name: "unit", dirs: ["tests/unit", "exercises"] },
  { name: "integration", dirs: ["tests/integration"] },
  { name: "e2e", dirs: ["e2e"] },
] as const;

const only = process.argv[2];
const fileFilters = process.argv.slice(3);
const LINT_SCRIPTS = ["lint:eslint", "lint:format", "lint:dup", "lint:unused"];
if (only !== undefined && only !== "lint" && !GROUPS.some((g) => g.name === only)) {
  console.error(`usage: tsx scripts/run-tests.ts [lint|${GROUPS.map((g) => g.name).join("|")} [path-part…]]`);
  process.exit(2);
}

function testFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) {
        if (e.name !== "node_modules" && !e.name.startsWith(".")) walk(p);
      } else if (e.isFile() && e.name.endsWith(".test.ts")) found.push(p);
    }
  };
  walk(path.join(ROOT, dir));
  return found.sort().map((f) => path.relative(ROOT, f));
}

const children = new Set<ChildProcess>();
let db: EmbeddedPostgresHandle | undefined;
let tempDir: string | undefined;
let e2eDatabase: { url: string; drop: () => Promise<void> } | undefined;

/** With a prefix (lanes share the terminal) the output goes to stdout line by line, each line prefixed. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv, prefix?: string): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: prefix ? ["ignore", "pipe", "pipe"] : "inherit" });
    children.add(child);
    if (prefix) {
      for (const stream of [child.stdout!, child.stderr!]) readline.createInterface({ input: stream }).on("line", (line) => console.log(`[${prefix}] ${line}`));
    }
    child.on("error", (error) => {
      console.error(`[test] could not start ${command}: ${error.message}`);
      resolve(1);
    });
    // "close", not "exit": the last lines of a piped child are read by then.
    child.on("close", (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 1));
    });
  });
}

/** A migrated database beside `url`'s, on the same server, dropped by cleanup(). */
async function createSiblingDatabase(url: string, suffix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const onServer = async (sql: (client: pg.Client) => string) => {
    const admin = new URL(url);
    admin.pathname = "/postgres";
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    try {
      await client.query(sql(client));
    } finally {
      await client.end();
    }
  };
  const sibling = new URL(url);
  const name = `${sibling.pathname.slice(1) || "genlab"}_${suffix}_${process.pid}`;
  sibling.pathname = `/${name}`;
  await onServer((c) => `CREATE DATABASE ${c.escapeIdentifier(name)}`);
  await applyMigrations(sibling.toString(), { log: () => {} });
  return { url: sibling.toString(), drop: () => onServer((c) => `DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`) };
}

let cleaning: Promise<void> | undefined;
/** Once, however many ask (a signal and the end of main): the data goes only after the database stopped. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await e2eDatabase?.drop().catch((e) => console.error(`[test] dropping the e2e database: ${e instanceof Error ? e.message : e}`));
    await db?.stop().catch((e) => console.error(`[test] stopping the database: ${e instanceof Error ? e.message : e}`));
    if (tempDir) removeClusterData(tempDir);
  })();
  return cleaning;
}

// Ctrl-C (or SIGTERM, SIGHUP): stop the test children, then the database (it runs in a session of its
// own, so the signal does not reach it), remove the throw-away data, exit 130.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[test] interrupted (${signal})`);
    const exited = Promise.all(
      [...children].map((running) => {
        const closed = new Promise((resolve) => running.once("close", resolve));
        running.kill(signal);
        return closed;
      }),
    );
    void Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      .then(cleanup)
      .finally(() => process.exit(130));
  });
}

interface Tally {
  passed: number;
  failed: number;
  /** The worst exit code. */
  worst: number;
}
const NOTHING_RUN: Tally = { passed: 0, failed: 0, worst: 0 };
const sum = (tallies: Tally[]): Tally =>
  tallies.reduce((a, b) => ({ passed: a.passed + b.passed, failed: a.failed + b.failed, worst: Math.max(a.worst, b.worst) }), NOTHING_RUN);

/** The unit tests and the guard rails (pure computation) yield the cores to the other lanes. */
const LOW_PRIORITY_NICENESS = 10;

/** Runs each lint script of package.json. */
async function lint(prefix?: string, { lowPriority = false } = {}): Promise<Tally> {
  const result = { ...NOTHING_RUN };
  console.log("\n[test] lint");
  for (const script of LINT_SCRIPTS) {
    if (interrupted) break;
    const code = lowPriority
      ? await run("nice", ["-n", String(LOW_PRIORITY_NICENESS), "npm", "run", "--silent", script], process.env, prefix)
      : await run("npm", ["run", "--silent", script], process.env, prefix);
    console.log(`[test] ${script}: ${code === 0 ? "ok" : `failed (exit ${code})`}`);
    if (code === 0) result.passed++;
    else result.failed++;
    result.worst = Math.max(result.worst, code);
  }
  return result;
}

type Group = (typeof GROUPS)[number] & { files: string[] };

/**
 * One group's files in one `node --test` child (e2e: after `next build`, when the build is stale).
 * `lowPriority`: under `nice`, so the groups with timing of their own (servers, leases, browsers) get the cores first.
 */
async function runGroup(group: Group, databaseUrl: string, reportDir: string, prefix?: string, { lowPriority = false } = {}): Promise<Tally> {
  if (interrupted) return NOTHING_RUN;
  if (group.name === "e2e") {
    const reason = staleBuildReason();
    if (reason) {
      console.log(`[test] next build (${reason})`);
      const code = await run(process.execPath, NEXT_BUILD_COMMAND, { ...process.env, NEXT_TELEMETRY_DISABLED: "1" }, prefix && "build");
      if (code !== 0) {
        console.error(`[test] next build failed (exit ${code}): e2e tests skipped`);
        return { passed: 0, failed: group.files.length, worst: code };
      }
    }
  }
  const started = Date.now();
  console.log(`\n[test] ${group.name}: ${group.files.length} file${group.files.length === 1 ? "" : "s"}`);
  const tap = path.join(reportDir, `${group.name}.tap`);
  const node = lowPriority ? ["nice", "-n", String(LOW_PRIORITY_NICENESS), process.execPath] : [process.execPath];
  const code = await run(
    node[0],
    [
      ...node.slice(1),
      "--import",
      "tsx",
      "--test",
      "--test-concurrency=1",
      "--test-reporter=spec",
      "--test-reporter-destination=stdout",
      "--test-reporter=tap",
      `--test-reporter-destination=${tap}`,
      ...group.files,
    ],
    { ...process.env, DATABASE_URL: databaseUrl },
    prefix,
  );
  const counts = readCounts(tap);
  // A runner that died before reporting counts as one failure.
  const result = counts ? { passed: counts.pass, failed: counts.fail, worst: code } : { passed: 0, failed: code === 0 ? 0 : 1, worst: code };
  if (code !== 0 && !(counts && counts.fail > 0)) console.error(`[test] ${group.name}: test runner exited with ${code}`);
  console.log(`[test] ${group.name}: ${result.passed} passed, ${result.failed} failed in ${Math.round((Date.now() - started) / 1000)} s`);
  return result;
}

async function main(): Promise<number> {
  if (only === "lint") {
    const linted = await lint();
    console.log(`\n${linted.passed} passed, ${linted.failed} failed`);
    return linted.worst;
  }
  const groups = GROUPS.filter((g) => only === undefined || g.name === only)
    .map((g) => ({ ...g, files: g.dirs.flatMap(testFiles).filter((f) => fileFilters.length === 0 || fileFilters.some((part) => f.includes(part))) }))
    .filter((g) => g.files.length > 0);
  if (groups.length === 0 && only !== undefined) {
    console.log(`[test] no test files in the ${only} group`);
    console.log("0 passed, 0 failed");
    return 0;
  }

  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    tempDir = path.join(ROOT, ".genlab", `test-db-${process.pid}`);
    removeClusterData(tempDir);
    db = await startEmbeddedPostgres({ dataDir: tempDir, ephemeral: true });
    databaseUrl = db.url;
  } else {
    console.log(`[test] using DATABASE_URL`);
  }
  await applyMigrations(databaseUrl);

  fs.mkdirSync(path.join(ROOT, ".genlab"), { recursive: true });
  const reportDir = fs.mkdtempSync(path.join(ROOT, ".genlab", "test-report-"));
  const url = databaseUrl;
  const named = (name: Group["name"]) => groups.find((g) => g.name === name);
  try {
    let total: Tally;
    if (only === undefined) {
      const e2e = named("e2e");
      if (e2e) e2eDatabase = await createSiblingDatabase(url, "e2e");
      const group = (name: Group["name"], { databaseUrl = url, lowPriority = false } = {}) => {
        const found = named(name);
        return found ? runGroup(found, databaseUrl, reportDir, name, { lowPriority }) : Promise.resolve(NOTHING_RUN);
      };
      const lanes = await Promise.all([
        group("e2e", { databaseUrl: e2eDatabase?.url }),
        group("integration"),
        group("unit", { lowPriority: true }).then(async (unit) => sum([unit, await lint("lint", { lowPriority: true })])),
      ]);
      total = sum(lanes);
    } else {
      total = sum(await Promise.all(groups.map((group) => runGroup(group, url, reportDir))));
    }
    console.log(`\n${total.passed} passed, ${total.failed} failed`);
    return total.worst;
  } finally {
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
}

/** The totals at the end of a TAP stream ("# pass N", "# fail N"). */
function readCounts(file: string): { pass: number; fail: number } | undefined {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
  const pass = [...text.matchAll(/^# pass (\d+)$/gm)].at(-1)?.[1];
  const fail = [...text.matchAll(/^# fail (\d+)$/gm)].at(-1)?.[1];
  if (pass === undefined || fail === undefined) return undefined;
  return { pass: Number(pass), fail: Number(fail) };
}

let exitCode = 1;
try {
  exitCode = await main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
} finally {
  await cleanup();
}
process.exit(interrupted ? 130 : exitCode);
