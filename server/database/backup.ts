// `genlab backup` and `genlab restore`: a logical copy of GenLab's tables in a format of GenLab's own,
// written and read through `pg`, because pg_dump refuses servers newer than itself (the embedded
// PostgreSQL is 18, a managed one any version) and the embedded PostgreSQL ships none.
//
// The file is gzip'd JSON lines:
//   1. the header: {format, version, createdAt, migrations (Prisma's, applied), tables: [{name, columns, json, rows}]},
//      the tables in an order in which each comes after the tables it references (pg_constraint);
//   2. per table, in that order, exactly `rows` lines: a row as row_to_json writes it (float8 in
//      shortest exact form, bytea in hex, timestamps in ISO 8601), its jsonb columns (`json`) as
//      their text, so that a JSON null stays apart from SQL NULL (Submission.config holds both);
//   3. the end: {end: "genlab-backup", rows: <all rows>}; gzip's checksum covers everything.
// A backup reads one REPEATABLE READ snapshot, so it is consistent while GenLab runs. A restore loads
// everything in one transaction (nothing changes unless all of it loads) in the file's order, which
// needs no superuser (no session_replication_role) and no DEFERRABLE constraints.
import { once } from "node:events";
import fs from "node:fs";
import fsp from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { createGunzip, createGzip } from "node:zlib";
import pg from "pg";
import { z } from "zod";
import { POOL_TRAIN_QUEUE, poolQueueOf, startPoolQueue } from "../pool/queue";
import { POSTGRES_USER } from "./cluster-paths";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { applyMigrations } from "./migrate";

const FORMAT = "genlab-backup";
const FORMAT_VERSION = 1;
/**
 * In the schema but not GenLab's data: Prisma's bookkeeping (the header lists its migrations), the
 * socket.io adapter's payloads in flight, and the heartbeats of the workers of the machine backed up.
 */
const LEFT_OUT = ["_prisma_migrations", "socket_io_attachments", "PoolWorker"];
/** Rows read per FETCH: pool jobs' checkpoints and held-out sets can be megabytes each. */
const FETCH_ROWS = 100;
/** Rows per INSERT during a restore, unless they reach CHUNK_CHARS first. */
const CHUNK_ROWS = 1000;
const CHUNK_CHARS = 8 * 1024 * 1024;
/** What startEmbeddedPostgres (embedded-postgres.ts) names its database and keeps its password in. */
const EMBEDDED_DATABASE = "genlab";
const EMBEDDED_PASSWORD_FILE = "genlab.password";

/** What the person asked for cannot be done (a file of another GenLab, a database that holds data): exit code 2. */
export class BackupRefused extends Error {}

interface TableShape {
  name: string;
  columns: string[];
  /** The jsonb columns, written as their text. */
  json: string[];
}

interface TableProgress {
  table: string;
  rows: number;
}

const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  createdAt: z.string(),
  migrations: z.array(z.string()),
  tables: z.array(z.object({ name: z.string(), columns: z.array(z.string()).min(1), json: z.array(z.string()), rows: z.number().int().min(0) })),
});
type Header = z.infer<typeof headerSchema>;

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;
const quoteLiteral = (text: string) => `'${text.replaceAll("'", "''")}'`;

async function connect(databaseUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10_000 });
  client.on("error", () => {}); // a lost connection fails the query in progress, which says so
  await client.connect();
  // A managed PostgreSQL may time out long statements or transactions; a large backup is both.
  // extra_float_digits=3: exact doubles before PostgreSQL 12 too (from 12 on, any value > 0 is).
  await client.query(
    "SET statement_timeout = 0; SET idle_in_transaction_session_timeout = 0; SET extra_float_digits = 3; SET bytea_output = 'hex'; SET TimeZone = 'UTC'",
  );
  return client;
}

/** Prisma's migrations applied to the database, in order; null when it has never been migrated. */
async function appliedMigrations(client: pg.Client): Promise<string[] | null> {
  if (!(await client.query("SELECT to_regclass('_prisma_migrations') IS NOT NULL AS present")).rows[0].present) return null;
  const { rows } = await client.query<{ name: string }>(
    "SELECT migration_name AS name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL",
  );
  return rows.map((r) => r.name).sort();
}

/** GenLab's tables in the current schema (public), each after the tables it references. */
async function genlabTables(client: pg.Client): Promise<TableShape[]> {
  const { rows: columns } = await client.query<{ table: string; column: string; json: boolean }>(
    `SELECT c.table_name AS table, c.column_name AS column, c.data_type = 'jsonb' AS json
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.is_generated = 'NEVER' AND NOT (c.table_name = ANY($1))
      ORDER BY c.table_name, c.ordinal_position`,
    [LEFT_OUT],
  );
  const { rows: references } = await client.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint k JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
      WHERE k.contype = 'f' AND child.relnamespace = current_schema()::regnamespace`,
  );
  const shapes = new Map<string, TableShape>();
  for (const { table, column, json } of columns) {
    const shape = shapes.get(table) ?? { name: table, columns: [], json: [] };
    shape.columns.push(column);
    if (json) shape.json.push(column);
    shapes.set(table, shape);
  }
  return parentsFirst([...shapes.keys()].sort(), references).map((name) => shapes.get(name)!);
}

/** The tables, each after those it references (by name among equals); a cycle or a self-reference cannot be loaded chunk by chunk. */
function parentsFirst(tables: string[], references: { child: string; parent: string }[]): string[] {
  const parents = new Map(tables.map((t) => [t, new Set<string>()]));
  for (const { child, parent } of references) if (parents.has(parent)) parents.get(child)?.add(parent);
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < tables.length) {
    const ready = tables.filter((t) => !placed.has(t) && [...parents.get(t)!].every((p) => placed.has(p)));
    if (ready.length === 0) {
      const rest = tables.filter((t) => !placed.has(t));
      throw new Error(`GenLab's tables ${rest.join(", ")} reference each other (or themselves): a backup has no order in which to load them.`);
    }
    for (const t of ready) placed.add(t);
    order.push(...ready);
  }
  return order;
}

/** Lines into a gzip'd file, waiting when the disk is slower than the database. */
function gzipLines(file: string) {
  const gzip = createGzip();
  const written = pipeline(gzip, fs.createWriteStream(file, { mode: 0o600 }));
  written.catch(() => {}); // awaited below; meanwhile a failure (disk full) ends the waiting in write
  return {
    async write(line: string) {
      if (gzip.destroyed) await written;
      if (!gzip.write(`${line}\n`)) await Promise.race([once(gzip, "drain"), written]);
    },
    async close() {
      gzip.end();
      await written;
    },
  };
}

/**
 * Writes GenLab's tables from `databaseUrl` to `file` (gzip'd JSON lines, readable only by its
 * owner: it holds password hashes and students' work). The file appears only once complete.
 */
export async function backupDatabase(databaseUrl: string, file: string, onProgress?: (progress: TableProgress) => void) {
  const t0 = performance.now();
  const partial = `${file}.partial`;
  const client = await connect(databaseUrl);
  try {
    await client.query("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const migrations = await appliedMigrations(client);
    if (!migrations) throw new BackupRefused("That database holds no GenLab data: GenLab's migrations were never applied to it (no _prisma_migrations table).");
    const createdAt = (await client.query<{ at: Date }>("SELECT transaction_timestamp() AS at")).rows[0].at.toISOString();
    const tables: Header["tables"] = [];
    for (const shape of await genlabTables(client)) {
      const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(shape.name)}`);
      tables.push({ ...shape, rows: Number(rows[0].n) });
    }
    await fsp.rm(partial, { force: true }); // a file left by an interrupted backup keeps its mode; a new one gets 0600
    const output = gzipLines(partial);
    await output.write(JSON.stringify({ format: FORMAT, version: FORMAT_VERSION, createdAt, migrations, tables } satisfies Header));
    let total = 0;
    for (const table of tables) {
      const values = table.columns.map((c) => (table.json.includes(c) ? `t.${quote(c)}::text AS ${quote(c)}` : `t.${quote(c)}`));
      await client.query(
        `DECLARE backup_rows NO SCROLL CURSOR FOR SELECT row_to_json(r)::text AS line FROM (SELECT ${values.join(", ")} FROM ${quote(table.name)} t) r`,
      );
      // The snapshot's rows, as many as counted above.
      for (let page = await fetchRows(client); page.length > 0; page = await fetchRows(client)) for (const line of page) await output.write(line);
      await client.query("CLOSE backup_rows");
      total += table.rows;
      onProgress?.({ table: table.name, rows: table.rows });
    }
    await output.write(JSON.stringify({ end: FORMAT, rows: total }));
    await output.close();
    await client.query("COMMIT");
    await fsp.rename(partial, file);
    return { tables: tables.length, rows: total, bytes: (await fsp.stat(file)).size, ms: performance.now() - t0 };
  } catch (error) {
    await fsp.rm(partial, { force: true });
    throw error;
  } finally {
    await client.end().catch(() => {});
  }
}

async function fetchRows(client: pg.Client): Promise<string[]> {
  return (await client.query<{ line: string }>(`FETCH ${FETCH_ROWS} FROM backup_rows`)).rows.map((r) => r.line);
}

/** What is wrong with a backup file, in words. */
class BackupFileDamaged extends Error {}

/** The file's lines (without their line break), read as they are needed. */
async function* backupLines(file: string): AsyncGenerator<string> {
  const gunzip = createGunzip();
  // A read error reaches the loop below through gunzip, which pipeline destroys with it.
  pipeline(fs.createReadStream(file), gunzip).catch(() => {});
  let pending: Buffer[] = [];
  let started = false;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      started = true;
      let start = 0;
      // UTF-8 never uses the byte 0x0A inside a character, and JSON text escapes line breaks in strings.
      for (let end = chunk.indexOf(10); end !== -1; end = chunk.indexOf(10, start)) {
        pending.push(chunk.subarray(start, end));
        yield Buffer.concat(pending).toString("utf8");
        pending = [];
        start = end + 1;
      }
      if (start < chunk.length) pending.push(chunk.subarray(start));
    }
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === "ENOENT" || code === "EACCES" || code === "EISDIR") throw new BackupRefused(`Cannot read ${file}: ${message}.`);
    if (code === "Z_BUF_ERROR") throw new BackupFileDamaged(`${file} ends early: it is incomplete (an interrupted backup or copy).`);
    if (!started) throw new BackupRefused(`${file} is not a GenLab backup (not gzip data).`);
    throw new BackupFileDamaged(`${file} is damaged (${message}).`);
  }
  if (pending.length > 0) yield Buffer.concat(pending).toString("utf8");
}

async function readHeader(file: string, lines: AsyncGenerator<string>): Promise<Header> {
  const first = await lines.next();
  let value: unknown;
  try {
    value = first.done ? undefined : JSON.parse(first.value);
  } catch {
    // not JSON: below
  }
  const { format, version } = (value ?? {}) as { format?: unknown; version?: unknown };
  if (format !== FORMAT) throw new BackupRefused(`${file} is not a GenLab backup (made by \`genlab backup\`).`);
  if (typeof version === "number" && version > FORMAT_VERSION)
    throw new BackupRefused(
      `${file} is in backup format ${version}, from a newer GenLab; this one reads format ${FORMAT_VERSION}. Restore it with a newer GenLab.`,
    );
  const header = headerSchema.safeParse(value);
  if (!header.success) throw new BackupFileDamaged(`${file} is damaged: its first line is not a valid header.`);
  return header.data;
}

/** A backup's header, checked, before anything else is done for it (a database started, created). */
export async function readBackupHeader(file: string) {
  const lines = backupLines(file);
  try {
    const header = await readHeader(file, lines);
    return { createdAt: header.createdAt, tables: header.tables.length, rows: header.tables.reduce((sum, t) => sum + t.rows, 0) };
  } finally {
    await lines.return(undefined);
  }
}

/** The file's migrations must be this database's (after this GenLab's were applied to it): the rows fit the tables as they are. */
function checkMigrations(file: string, inFile: string[], here: string[]): void {
  const unknown = inFile.filter((name) => !here.includes(name));
  if (unknown.length > 0)
    throw new BackupRefused(
      `${file} was made by a newer GenLab: its database had ${unknown.length} migration(s) this GenLab does not have (the newest: ${unknown.at(-1)}). Restore it with that GenLab version or a newer one.`,
    );
  const missing = here.filter((name) => !inFile.includes(name));
  if (missing.length > 0)
    // A later migration may change rows (20261207022043_honest_leaderboards rewrites every Score's
    // rankKeys): rows loaded into the newer tables would skip that.
    throw new BackupRefused(
      `${file} was made by an earlier GenLab (its newest migration: ${inFile.at(-1) ?? "none"}); this one has ${missing.length} migration(s) more, up to ${missing.at(-1)}, which may change rows. ` +
        "Restore it with the GenLab version that made it, then start this GenLab on that database: it migrates the data.",
    );
}

function checkTables(file: string, inFile: Header["tables"], here: TableShape[]): void {
  const describe = (t: TableShape) => JSON.stringify({ name: t.name, columns: t.columns, json: t.json });
  const expected = new Map(here.map((t) => [t.name, describe(t)]));
  const differing = inFile.filter((t) => expected.get(t.name) !== describe(t)).map((t) => t.name);
  const absent = here.filter((t) => !inFile.some((f) => f.name === t.name)).map((t) => t.name);
  if (differing.length > 0 || absent.length > 0)
    throw new BackupRefused(
      `${file} has the same migrations as this database but not the same tables (${[...differing, ...absent].join(", ")}): one of the two was changed by hand.`,
    );
}

async function refuseIfHoldsData(client: pg.Client, tables: TableShape[]): Promise<void> {
  const held: string[] = [];
  for (const { name } of tables) {
    const { rows } = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${quote(name)}`);
    if (Number(rows[0].n) > 0) held.push(`${rows[0].n} in ${name}`);
  }
  if (held.length > 0)
    throw new BackupRefused(
      `This database already holds GenLab data (rows: ${held.slice(0, 4).join(", ")}${held.length > 4 ? ", …" : ""}). ` +
        "Add --replace to replace all of it with the backup's.",
    );
}

/** INSERT … SELECT from a JSON array of the file's rows; jsonb columns from their text. */
function insertStatement({ name, columns, json }: TableShape): string {
  const values = columns.map((c) => (json.includes(c) ? `(x.e ->> ${quoteLiteral(c)})::jsonb` : `r.${quote(c)}`));
  return (
    `INSERT INTO ${quote(name)} (${columns.map(quote).join(", ")}) SELECT ${values.join(", ")} ` +
    `FROM json_array_elements($1::json) AS x(e) CROSS JOIN LATERAL json_populate_record(NULL::${quote(name)}, x.e) AS r`
  );
}

/**
 * Replaces GenLab's data in `databaseUrl` by the backup's, in one transaction: migrates the database
 * first (this GenLab's migrations), refuses a file of another GenLab version, and a database that
 * already holds data unless `replace`. Pool jobs that were queued or running are queued again.
 */
export async function restoreDatabase(
  databaseUrl: string,
  file: string,
  options: { replace?: boolean; onProgress?: (progress: TableProgress) => void; log?: (line: string) => void } = {},
) {
  const t0 = performance.now();
  const lines = backupLines(file);
  let loaded: Awaited<ReturnType<typeof loadBackup>>;
  try {
    const header = await readHeader(file, lines);
    await applyMigrations(databaseUrl, { log: options.log ?? (() => {}) });
    loaded = await loadBackup(databaseUrl, file, header, lines, options);
  } finally {
    await lines.return(undefined);
  }
  await requeuePoolJobs(databaseUrl, loaded.open);
  return { tables: loaded.tables, rows: loaded.rows, requeued: loaded.open.length, ms: performance.now() - t0 };
}

async function loadBackup(
  databaseUrl: string,
  file: string,
  header: Header,
  lines: AsyncGenerator<string>,
  options: { replace?: boolean; onProgress?: (progress: TableProgress) => void },
) {
  const client = await connect(databaseUrl);
  try {
    checkMigrations(file, header.migrations, (await appliedMigrations(client)) ?? []);
    const tables = await genlabTables(client);
    checkTables(file, header.tables, tables);
    if (!options.replace) await refuseIfHoldsData(client, tables);
    await client.query("BEGIN");
    try {
      await client.query(`TRUNCATE ${tables.map((t) => quote(t.name)).join(", ")} CASCADE`);
      let rows = 0;
      for (const table of header.tables) {
        await loadTable(client, file, table, lines);
        rows += table.rows;
        options.onProgress?.({ table: table.name, rows: table.rows });
      }
      await readEnd(file, lines, rows);
      const open = await reopenPoolJobs(client);
      await resetSequences(client, tables);
      await client.query("COMMIT");
      return { tables: tables.length, rows, open };
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      const reason = error instanceof BackupFileDamaged ? error.message : `${file} could not be loaded (${error instanceof Error ? error.message : error}).`;
      throw new BackupFileDamaged(`${reason} Nothing was changed.`);
    }
  } finally {
    await client.end().catch(() => {});
  }
}

async function loadTable(client: pg.Client, file: string, table: Header["tables"][number], lines: AsyncGenerator<string>): Promise<void> {
  const insert = insertStatement(table);
  let chunk: string[] = [];
  let chars = 0;
  const flush = async () => {
    if (chunk.length > 0) await client.query(insert, [`[${chunk.join(",")}]`]);
    chunk = [];
    chars = 0;
  };
  for (let i = 0; i < table.rows; i++) {
    const line = await lines.next();
    if (line.done) throw new BackupFileDamaged(`${file} ends early, in table ${table.name}: it is incomplete (an interrupted backup or copy).`);
    chunk.push(line.value);
    chars += line.value.length;
    if (chunk.length >= CHUNK_ROWS || chars >= CHUNK_CHARS) await flush();
  }
  await flush();
}

/** The end line, with the number of rows read, then nothing (reading to the end checks gzip's checksum). */
async function readEnd(file: string, lines: AsyncGenerator<string>, rows: number): Promise<void> {
  const end = await lines.next();
  let value: unknown;
  try {
    value = end.done ? undefined : JSON.parse(end.value);
  } catch {
    // not JSON: below
  }
  const { end: format, rows: counted } = (value ?? {}) as { end?: unknown; rows?: unknown };
  if (end.done) throw new BackupFileDamaged(`${file} ends early, after its last table: it is incomplete (an interrupted backup or copy).`);
  if (format !== FORMAT || counted !== rows) throw new BackupFileDamaged(`${file} is damaged: its tables do not end where its header says.`);
  if (!(await lines.next()).done) throw new BackupFileDamaged(`${file} is damaged: it goes on after its end.`);
}

/** Jobs that were running have no worker any more: they are queued again, with the queued ones. */
async function reopenPoolJobs(client: pg.Client): Promise<{ id: string; priority: number }[]> {
  await client.query(`UPDATE "PoolJob" SET status = 'QUEUED' WHERE status = 'RUNNING'`);
  return (await client.query<{ id: string; priority: number }>(`SELECT id, priority FROM "PoolJob" WHERE status = 'QUEUED' ORDER BY "createdAt"`)).rows;
}

/** Serial and identity columns continue after the largest value restored. */
async function resetSequences(client: pg.Client, tables: TableShape[]): Promise<void> {
  const { rows } = await client.query<{ statement: string }>(
    `SELECT format('SELECT setval(%L, coalesce(max(%I), 0) + 1, false) FROM %I', s.sequence, s.column_name, s.table_name) AS statement
       FROM (SELECT c.table_name, c.column_name, pg_get_serial_sequence(format('%I', c.table_name), c.column_name) AS sequence
               FROM information_schema.columns c WHERE c.table_schema = current_schema() AND c.table_name = ANY($1)) s
      WHERE s.sequence IS NOT NULL`,
    [tables.map((t) => t.name)],
  );
  for (const { statement } of rows) await client.query(statement);
}

/**
 * pg-boss only mirrors PoolJob rows: the open ones get a queue job again, as startPoolQueue does after
 * rebuilding the queue (a job of the same id left from before the restore is replaced).
 */
async function requeuePoolJobs(databaseUrl: string, jobs: { id: string; priority: number }[]): Promise<void> {
  if (jobs.length === 0) return;
  try {
    const boss = await startPoolQueue(databaseUrl, { supervise: false });
    try {
      await boss.deleteJob(
        POOL_TRAIN_QUEUE,
        jobs.map((j) => j.id),
      );
      const queue = poolQueueOf(boss);
      for (const job of jobs) await queue.enqueue(job.id, job.priority);
    } finally {
      await boss.stop({ graceful: false, timeout: 2000 });
    }
  } catch (error) {
    throw new Error(
      `The data is restored, but its ${jobs.length} queued pool job(s) could not be handed to the queue (${error instanceof Error ? error.message : error}). ` +
        "Restore again with --replace to retry.",
    );
  }
}

/**
 * Runs `command` on the embedded database `npm start` keeps in `clusterDir` when DATABASE_URL is unset:
 * on the PostgreSQL a running GenLab started there, else on one started for the command and stopped
 * after it (a new cluster when `create` and there is none yet). A stop signal stops that one too: it
 * runs in a session of its own, out of the terminal's reach.
 */
export async function withEmbeddedDatabase<T>(
  clusterDir: string,
  options: { create: boolean; log: (line: string) => void },
  command: (databaseUrl: string) => Promise<T>,
): Promise<T> {
  const running = await runningEmbeddedDatabase(clusterDir);
  if (running) {
    options.log(`[db] using the embedded PostgreSQL that is running (port ${running.port})`);
    return command(running.url);
  }
  if (!options.create && !fs.existsSync(path.join(clusterDir, "PG_VERSION")))
    throw new BackupRefused(`There is no embedded database in ${clusterDir}. Set GENLAB_DATA_DIR to GenLab's data folder, or DATABASE_URL to its database.`);
  const embedded = await startEmbeddedPostgres({ dataDir: clusterDir, log: options.log });
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  const stopThenExit = (signal: NodeJS.Signals) => void embedded.stop().finally(() => process.exit(128 + os.constants.signals[signal]));
  for (const signal of signals) process.once(signal, stopThenExit);
  try {
    return await command(embedded.url);
  } finally {
    for (const signal of signals) process.off(signal, stopThenExit);
    await embedded.stop();
  }
}

/**
 * The embedded PostgreSQL running on clusterDir, found the way PostgreSQL announces itself
 * (postmaster.pid: its pid on line 1, port on line 4, status on line 8); null when none answers there.
 */
async function runningEmbeddedDatabase(clusterDir: string): Promise<{ url: string; port: number } | null> {
  const pidFile = await fsp.readFile(path.join(clusterDir, "postmaster.pid"), "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw new BackupRefused(`Cannot read the embedded database in ${clusterDir} (${error.code}): run genlab as the account that runs GenLab, or as root.`);
  });
  if (pidFile === null) return null;
  const lines = pidFile.split("\n").map((line) => line.trim());
  const port = Number(lines[3]);
  if (!processExists(Number(lines[0]))) return null; // a stale lock file, which startEmbeddedPostgres removes
  if (lines[7] !== "ready")
    throw new BackupRefused(`The embedded PostgreSQL in ${clusterDir} is ${lines[7] === "stopping" ? "stopping" : "starting"}: try again in a moment.`);
  const passwordFile = path.join(clusterDir, EMBEDDED_PASSWORD_FILE);
  const password = await fsp.readFile(passwordFile, "utf8").catch(() => null);
  if (password === null)
    throw new BackupRefused(
      `GenLab's embedded PostgreSQL is running (port ${port}), but this account cannot read its password in ${passwordFile}: ` +
        "run genlab as the account that runs GenLab (or root), or stop GenLab first.",
    );
  const url = `postgresql://${POSTGRES_USER}:${encodeURIComponent(password.trim())}@127.0.0.1:${port}/${EMBEDDED_DATABASE}`;
  const probe = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await probe.connect();
  } catch (error) {
    // A killed postgres not yet reaped, or its pid now someone else's: nobody listens there.
    if ((error as NodeJS.ErrnoException).code === "ECONNREFUSED") return null;
    throw error;
  } finally {
    await probe.end().catch(() => {});
  }
  return { url, port };
}

function processExists(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // someone else's (postgres's, when we are not root)
  }
}
