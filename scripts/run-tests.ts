// `npm test` (lint, then all groups) and `npm run test:unit` (argument `unit`; also `lint`, `integration`, `e2e`).
// Further arguments keep only the group's files whose path contains one of them:
// `npx tsx scripts/run-tests.ts integration security` runs tests/integration/*security*.
//
// 0. The guard rails (`npm run lint`: ESLint, Prettier, the copy-paste detector, knip), one check each;
//    the architecture rules are a unit test (tests/unit/architecture.test.ts).
// 1. The database: DATABASE_URL if set, else a fresh embedded PostgreSQL in .genlab/test-db-<pid>
//    (as root under a folder the postgres user cannot enter: a link to one in the temp folder;
//    deleted afterwards); the committed migrations are applied to it.
// 2. The groups, in order, each in its own `node --test` child with DATABASE_URL:
//    tests/unit/**/*.test.ts with exercises/**/*.test.ts, tests/integration/**/*.test.ts, e2e/**/*.test.ts (missing/empty: skipped).
//    Before e2e, `next build` runs when the build is missing or older than its sources (scripts/ensure-build.ts).
// 3. A last line "N passed, N failed"; the exit code is the worst of all.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
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

let child: ChildProcess | undefined;
let db: EmbeddedPostgresHandle | undefined;
let tempDir: string | undefined;

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    child = spawn(command, args, { cwd: ROOT, env, stdio: "inherit" });
    child.on("error", (error) => {
      console.error(`[test] could not start ${command}: ${error.message}`);
      resolve(1);
    });
    child.on("exit", (code, signal) => {
      child = undefined;
      resolve(code ?? (signal ? 128 + (signal === "SIGINT" ? 2 : 15) : 1));
    });
  });
}

let cleaning: Promise<void> | undefined;
/** Once, however many ask (a signal and the end of main): the data goes only after the database stopped. */
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await db?.stop().catch((e) => console.error(`[test] stopping the database: ${e instanceof Error ? e.message : e}`));
    if (tempDir) removeClusterData(tempDir);
  })();
  return cleaning;
}

// Ctrl-C (or SIGTERM, SIGHUP): stop the test child, then the database (it runs in a session of its
// own, so the signal does not reach it), remove the throw-away data, exit 130.
let interrupted = false;
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.on(signal, () => {
    if (interrupted) return;
    interrupted = true;
    console.error(`\n[test] interrupted (${signal})`);
    const running = child;
    const exited = running ? new Promise((resolve) => running.once("exit", resolve)) : Promise.resolve();
    running?.kill(signal);
    void Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))])
      .then(cleanup)
      .finally(() => process.exit(130));
  });
}

/** Runs each lint script of package.json; returns how many passed and failed, and the worst exit code. */
async function lint(): Promise<{ passed: number; failed: number; worst: number }> {
  const result = { passed: 0, failed: 0, worst: 0 };
  console.log("\n[test] lint");
  for (const script of LINT_SCRIPTS) {
    if (interrupted) break;
    const code = await run("npm", ["run", "--silent", script], process.env);
    console.log(`[test] ${script}: ${code === 0 ? "ok" : `failed (exit ${code})`}`);
    if (code === 0) result.passed++;
    else result.failed++;
    result.worst = Math.max(result.worst, code);
  }
  return result;
}

async function main(): Promise<number> {
  const linted = only === undefined || only === "lint" ? await lint() : { passed: 0, failed: 0, worst: 0 };
  if (only === "lint") {
    console.log(`\n${linted.passed} passed, ${linted.failed} failed`);
    return linted.worst;
  }
  const groups = GROUPS.filter((g) => only === undefined || g.name === only)
    .map((g) => ({ ...g, files: g.dirs.flatMap(testFiles).filter((f) => fileFilters.length === 0 || fileFilters.some((part) => f.includes(part))) }))
    .filter((g) => g.files.length > 0);
  if (groups.length === 0) {
    console.log(`[test] no test files${only ? ` in the ${only} group` : ""}`);
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
  let worst = linted.worst;
  let passed = linted.passed;
  let failed = linted.failed;
  try {
    for (const group of groups) {
      if (interrupted) break;
      if (group.name === "e2e") {
        const reason = staleBuildReason();
        if (reason) {
          console.log(`[test] next build (${reason})`);
          const code = await run(process.execPath, NEXT_BUILD_COMMAND, {
            ...process.env,
            NEXT_TELEMETRY_DISABLED: "1",
          });
          if (code !== 0) {
            console.error(`[test] next build failed (exit ${code}): e2e tests skipped`);
            worst = Math.max(worst, code);
            failed += group.files.length;
            continue;
          }
        }
      }
      console.log(`\n[test] ${group.name}: ${group.files.length} file${group.files.length === 1 ? "" : "s"}`);
      const tap = path.join(reportDir, `${group.name}.tap`);
      const code = await run(
        process.execPath,
        [
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
      );
      const counts = readCounts(tap);
      if (counts) {
        passed += counts.pass;
        failed += counts.fail;
      } else if (code !== 0) {
        failed += 1; // the runner died before reporting
      }
      if (code !== 0 && !(counts && counts.fail > 0)) console.error(`[test] ${group.name}: test runner exited with ${code}`);
      worst = Math.max(worst, code);
    }
  } finally {
    fs.rmSync(reportDir, { recursive: true, force: true });
  }
  console.log(`\n${passed} passed, ${failed} failed`);
  return worst;
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
