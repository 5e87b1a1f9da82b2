// Applies the committed migrations (prisma/migrations) at server start, keeping Prisma's bookkeeping
// (`_prisma_migrations`, checksums, advisory lock) so the Prisma CLI (`migrate status`, `migrate dev`,
// `migrate deploy`) sees exactly what it would have done itself.
//
// The Prisma CLI needs 2–5 s just to start on these machines, so the common cases are done directly
// with `pg`, the way Prisma's engine does them (same lock 72707369, same table, one row per
// migration: inserted, script run whole, then finished_at/applied_steps_count set):
//   - everything already applied (server restart): one query, ~20 ms;
//   - new migrations on a database whose history is clean (fresh database, new release): ~100 ms.
// Anything unusual goes to `prisma migrate deploy` itself, which decides and reports: a non-empty
// database without `_prisma_migrations` (P3005), a failed migration (P3009), an edited or unknown
// applied migration, a missing database. `force: true` or GENLAB_MIGRATE_WITH_PRISMA=1 always use it.
import { execFile } from "node:child_process";
import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { childProcessEnv, env } from "../env";
import { lineLogger } from "../observability/log";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const MIGRATIONS_DIR = path.join(ROOT, "prisma", "migrations");
const PRISMA_CLI = path.join(ROOT, "node_modules", "prisma", "build", "index.js");

export interface ApplyMigrationsOptions {
  /** Where progress lines go (default: the server's log); () => {} for silence. */
  log?: (line: string) => void;
  /** Always run `prisma migrate deploy`, even when the database looks up to date. */
  force?: boolean;
}

export interface ApplyMigrationsResult {
  /** Whether any migration was applied now. */
  deployed: boolean;
  /** The names of the migrations applied now. */
  applied: string[];
  ms: number;
}

/** A migration's SQL failed; it is recorded as failed in _prisma_migrations, as Prisma would. */
export class MigrationFailed extends Error {}

const PRISMA_ADVISORY_LOCK = 72707369; // the key Prisma's schema engine locks on PostgreSQL

// Prisma's own DDL for the table (schema-engine, sql-migration-connector, PostgreSQL flavour).
const CREATE_MIGRATIONS_TABLE = `CREATE TABLE _prisma_migrations (
    id                      VARCHAR(36) PRIMARY KEY NOT NULL,
    checksum                VARCHAR(64) NOT NULL,
    finished_at             TIMESTAMPTZ,
    migration_name          VARCHAR(255) NOT NULL,
    logs                    TEXT,
    rolled_back_at          TIMESTAMPTZ,
    started_at              TIMESTAMPTZ NOT NULL DEFAULT now(),
    applied_steps_count     INTEGER NOT NULL DEFAULT 0
);`;

export async function applyMigrations(databaseUrl: string, options: ApplyMigrationsOptions = {}): Promise<ApplyMigrationsResult> {
  const log = options.log ?? lineLogger("db");
  const t0 = performance.now();
  if (!options.force && !env.GENLAB_MIGRATE_WITH_PRISMA) {
    const outcome = await deployDirectly(databaseUrl).catch((error: unknown) => {
      if (error instanceof MigrationFailed) throw error;
      return "prisma" as const; // could not even look (no database yet, …): let Prisma handle and report it
    });
    if (outcome !== "prisma") {
      const ms = performance.now() - t0;
      // A fresh database gets every migration: their count and the newest keep the line short.
      if (outcome.length)
        log(
          `[db] applied ${outcome.length === 1 ? outcome[0] : `${outcome.length} migrations (the newest: ${outcome.at(-1)})`} in ${(ms / 1000).toFixed(1)} s`,
        );
      return { deployed: outcome.length > 0, applied: outcome, ms };
    }
  }
  const output = await runPrisma(["migrate", "deploy"], databaseUrl).catch((error: Error & { output?: string }) => {
    throw new Error(`[db] prisma migrate deploy failed: the database schema could not be brought up to date.\n${(error.output ?? error.message).trim()}`);
  });
  const applied = [...output.matchAll(/└─ (\S+)\/\s*\n\s*└─ migration\.sql/g)].map((m) => m[1]);
  const ms = performance.now() - t0;
  log(`[db] ${applied.length ? `applied ${applied.join(", ")}` : "database schema up to date"} (prisma migrate deploy, ${(ms / 1000).toFixed(1)} s)`);
  return { deployed: applied.length > 0, applied, ms };
}

/** The committed migrations' directory names, in order. */
async function committedMigrationNames(): Promise<string[]> {
  const entries = await fs.readdir(MIGRATIONS_DIR, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b));
}

/** The committed migrations: directory name and sha256 of migration.sql, in order. */
async function committedMigrations(): Promise<{ name: string; checksum: string }[]> {
  const result: { name: string; checksum: string }[] = [];
  for (const name of await committedMigrationNames()) {
    const sql = await fs.readFile(path.join(MIGRATIONS_DIR, name, "migration.sql"));
    result.push({ name, checksum: createHash("sha256").update(sql).digest("hex") });
  }
  return result;
}

/** Runs one SQL statement without parameters and returns its rows: pg's client or Prisma (`$queryRawUnsafe`). */
export type QueryRows = <Row>(sql: string) => Promise<Row[]>;

let namesAtStart: Promise<string[]> | undefined;

/**
 * Why the database is behind this checkout's migrations (one not applied, or one that failed part-way),
 * or null when every committed migration is applied: the readiness check (GET /api/ready). The
 * committed names are read once: they change only with a new release, which restarts the server.
 */
export async function migrationsBehind(query: QueryRows): Promise<string | null> {
  namesAtStart ??= committedMigrationNames();
  const [names, history] = await Promise.all([namesAtStart, readHistory(query)]);
  if (history === "prisma") return "a migration failed part-way (`npx prisma migrate status` names it)";
  const missing = names.filter((name) => !history.applied.has(name));
  return missing.length ? `${missing.length} not applied (the first: ${missing[0]})` : null;
}

/**
 * Applies pending migrations with `pg` when the history is clean; returns the names applied, or
 * "prisma" when the case is one for `prisma migrate deploy`.
 */
async function deployDirectly(databaseUrl: string): Promise<string[] | "prisma"> {
  const migrations = await committedMigrations();
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {});
  await client.connect();
  const query: QueryRows = async <Row>(sql: string) => (await client.query(sql)).rows as Row[];
  let locked = false;
  try {
    // Cheap look first, without the lock: the usual restart has nothing to do.
    let state = await readHistory(query);
    if (state === "prisma") return "prisma";
    if (migrations.every((m) => state !== "prisma" && state.applied.get(m.name) === m.checksum) && state.applied.size === migrations.length) {
      return [];
    }
    await client.query(`SELECT pg_advisory_lock(${PRISMA_ADVISORY_LOCK})`);
    locked = true;
    state = await readHistory(query); // again, under the lock (another server may have just migrated)
    if (state === "prisma") return "prisma";
    const { applied, hasTable } = state;
    const onDisk = new Map(migrations.map((m) => [m.name, m.checksum]));
    for (const [name, checksum] of applied) {
      if (onDisk.get(name) !== checksum) return "prisma"; // edited, or unknown to this checkout
    }
    const pending = migrations.filter((m) => !applied.has(m.name));
    if (pending.length === 0) return [];
    if (!hasTable) {
      if (!(await schemaIsEmpty(client))) return "prisma"; // P3005: needs baselining, Prisma explains
      await client.query(CREATE_MIGRATIONS_TABLE);
    }
    const done: string[] = [];
    for (const m of pending) {
      const sql = await fs.readFile(path.join(MIGRATIONS_DIR, m.name, "migration.sql"), "utf8");
      const id = randomUUID();
      await client.query(
        "INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES ($1, $2, $3, NULL, NULL, now(), 0)",
        [id, m.checksum, m.name],
      );
      try {
        await client.query(sql); // whole script, simple query protocol: one implicit transaction
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const logs = `Migration ${m.name} failed\n\nDatabase error:\n${message}`;
        await client.query("UPDATE _prisma_migrations SET logs = $2 WHERE id = $1", [id, logs]).catch(() => undefined);
        throw new MigrationFailed(
          `[db] migration ${m.name} failed: ${message}\n` +
            `It is recorded as failed in _prisma_migrations; fix it, then \`npx prisma migrate resolve --rolled-back ${m.name}\` and restart.`,
        );
      }
      await client.query("UPDATE _prisma_migrations SET finished_at = now(), applied_steps_count = 1 WHERE id = $1", [id]);
      done.push(m.name);
    }
    return done;
  } finally {
    if (locked) await client.query(`SELECT pg_advisory_unlock(${PRISMA_ADVISORY_LOCK})`).catch(() => undefined);
    await client.end().catch(() => undefined);
  }
}

/** Finished migrations (name -> checksum), or "prisma" when one failed (P3009). */
async function readHistory(query: QueryRows): Promise<{ hasTable: boolean; applied: Map<string, string> } | "prisma"> {
  const [exists] = await query<{ present: boolean }>("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present");
  if (!exists?.present) return { hasTable: false, applied: new Map() };
  const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null }>(
    "SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations",
  );
  if (rows.some((r) => r.finished_at === null && r.rolled_back_at === null)) return "prisma";
  const applied = new Map<string, string>();
  for (const r of rows) if (r.finished_at !== null && r.rolled_back_at === null) applied.set(r.migration_name, r.checksum);
  return { hasTable: true, applied };
}

/** Nothing of ours in the current schema (what Prisma requires before a first deploy). */
async function schemaIsEmpty(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r','p','v','m','S','f'))
          + (SELECT count(*) FROM pg_type t WHERE t.typnamespace = current_schema()::regnamespace AND t.typtype = 'e') AS n`,
  );
  return Number(rows[0]?.n) === 0;
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
        env: childProcessEnv({ DATABASE_URL: databaseUrl, CHECKPOINT_DISABLE: "1", PRISMA_HIDE_UPDATE_MESSAGE: "1", NO_COLOR: "1" }),
      },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr ? `\n${stderr}` : ""}`;
        if (error) reject(Object.assign(new Error(`prisma ${args.join(" ")} failed (${error.code ?? error.signal})`), { output, code: error.code }));
        else resolve(output);
      },
    );
  });
}
