// What a request changed in the database, without knowing in advance what it might touch: every
// application table's row count and newest row version (PostgreSQL's xmin, which an INSERT or an
// UPDATE sets to its transaction's id), read in one query. A refused request must change none.
import type { Db } from "@/server/db";

/**
 * Tables that change without any application request doing so: Better Auth's sessions and
 * verification tokens (signing in), rate-limit counters (refused requests legitimately count),
 * socket.io's Postgres adapter attachments and the pool workers' heartbeats.
 */
export const BACKGROUND_TABLES: readonly string[] = ["session", "verification", "rate_limits", "socket_io_attachments", "PoolWorker"];

/** Per table: "<rows>:<newest xmin>". */
export type DbFingerprint = Record<string, string>;

let tableNames: Promise<string[]> | undefined;

function applicationTables(db: Db): Promise<string[]> {
  tableNames ??= db.$queryRaw<{ name: string }[]>`
      SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations'
      ORDER BY table_name`.then((rows) => rows.map((r) => r.name).filter((name) => !BACKGROUND_TABLES.includes(name)));
  return tableNames;
}

export async function dbFingerprint(db: Db): Promise<DbFingerprint> {
  const tables = await applicationTables(db);
  const query = tables.map((t) => `SELECT '${t}' AS name, count(*) || ':' || coalesce(max(xmin::text::bigint), 0) AS print FROM "${t}"`).join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ name: string; print: string }[]>(query);
  return Object.fromEntries(rows.map((r) => [r.name, r.print]));
}

/** The tables whose rows differ between two fingerprints, sorted. */
export function changedTables(before: DbFingerprint, after: DbFingerprint): string[] {
  return Object.keys({ ...before, ...after })
    .filter((t) => before[t] !== after[t])
    .sort();
}
