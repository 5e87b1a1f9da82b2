// Applies the committed migrations (prisma/migrations) at server start with Prisma's own
// `migrate deploy`, so the bookkeeping table `_prisma_migrations` stays Prisma's.
//
// The Prisma CLI takes 2–4 s to start on these machines, so a fast path looks first: when every
// migration directory is already recorded in `_prisma_migrations` as finished, not rolled back,
// with the same checksum (sha256 of migration.sql, as Prisma records it), and nothing has failed,
// there is nothing to deploy and the CLI is not started (~20 ms). Anything else (new database, new
// migration, edited or failed migration) goes to `prisma migrate deploy`, which decides and reports.
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");

export interface ApplyMigrationsOptions {
  /** Where progress lines go (default console.log); () => {} for silence. */
  log?: (line: string) => void;
  /** Always run `prisma migrate deploy`, even when the database looks up to date. */
  force?: boolean;
}

export interface ApplyMigrationsResult {
  /** Whether `prisma migrate deploy` ran (false: everything was already applied). */
  deployed: boolean;
  ms: number;
}

export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const t0 = performance.now();
  if (!options.force && (await isUpToDate(databaseUrl).catch(() => false))) {
    return { deployed: false, ms: performance.now() - t0 };
  }
  const output = await runPrisma(["migrate", "deploy"], databaseUrl).catch((error: Error & { output?: string }) => {
    throw new Error(
      `[db] prisma migrate deploy failed: the database schema could not be brought up to date.\n${(error.output ?? error.message).trim()}`,
    );
  });
  const applied = /following migration\(s\) have been applied/.test(output);
  const ms = performance.now() - t0;
  log(`[db] ${applied ? "migrations applied" : "database schema up to date"} (prisma migrate deploy, ${(ms / 1000).toFixed(1)} s)`);
  return { deployed: true, ms };
}

/** The committed migrations: directory name and sha256 of migration.sql, in order. */
async function committedMigrations(): Promise<{ name: string; checksum: string }[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  const result: { name: string; checksum: string }[] = [];
  for (const entry of entries.filter((e) => e.isDirectory()).sort((a, b) => a.name.localeCompare(b.name))) {
    const sql = await fs.readFile(path.join(MIGRATIONS_DIR, entry.name, "migration.sql"));
    result.push({ name: entry.name, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return result;
}

async function isUpToDate(databaseUrl: string): Promise<boolean> {
  const migrations = await committedMigrations();
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  client.on("error", () => {});
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
    if (!exists.rows[0]?.present) return false;
    const { rows } = await client.query<{
      migration_name: string;
      checksum: string;
      finished_at: Date | null;
      rolled_back_at: Date | null;
    }>("SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations");
    if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return false; // a failed one
    const done = new Map(rows.filter((r) => r.finished_at !== null && r.rolled_back_at === null).map((r) => [r.migration_name, r.checksum]));
    return migrations.every((m) => done.get(m.name) === m.checksum);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Runs the Prisma CLI (no npx: node + its entry) with DATABASE_URL; resolves with its output. */
export function runPrisma(args: string[], databaseUrl: string, timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [PRISMA_CLI, ...args],
      {
        cwd: ROOT,
        timeout: timeoutMs,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", NO_COLOR: "1" },
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr ? `\n${stderr}` : ""}`;
        if (error) reject(Object.assign(new Error(`prisma ${args.join(" ")} failed (${error.code ?? error.signal})`), { output, code: error.code }));
        else resolve(output);
      },
    );
  });
}
