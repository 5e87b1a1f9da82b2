// The committed migrations against a real PostgreSQL (DATABASE_URL; `npm test` starts one): applied
// to an empty database with Prisma's own `migrate deploy`, they produce exactly prisma/schema.prisma
// (no drift), with the expected tables. Also exercises scripts/prisma-schema-engine.mjs end to end.
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { after, before, test } from "node:test";
import pg from "pg";
import { applyMigrations, runPrisma } from "../../server/database/migrate.ts";

const baseUrl = process.env.DATABASE_URL;
const scratchName = `genlab_migrations_test_${randomUUID().slice(0, 8)}`;
const scratchName2 = `${scratchName}_direct`;
let scratchUrl = "";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(baseUrl!, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

before(async () => {
  assert.ok(baseUrl, "DATABASE_URL is not set: run the tests with `npm test`, which starts a database.");
  await admin(async (c) => {
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(scratchName)}`);
    await c.query(`CREATE DATABASE ${c.escapeIdentifier(scratchName2)}`);
  });
  scratchUrl = withDatabase(baseUrl, scratchName);
});

after(async () => {
  if (!baseUrl) return;
  await admin(async (c) => {
    for (const name of [scratchName, scratchName2]) await c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`);
  });
});

test("migrate deploy applies every committed migration to an empty database", { timeout: 120_000 }, async () => {
  const output = await runPrisma(["migrate", "deploy"], scratchUrl);
  assert.match(output, /All migrations have been successfully applied|No pending migrations/);

  const client = new pg.Client({ connectionString: scratchUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
    );
    const tables = new Set(rows.map((r) => r.table_name));
    for (const expected of [
      "_prisma_migrations",
      "user",
      "session",
      "account",
      "verification",
      "Course",
      "Enrollment",
      "Module",
      "Exercise",
      "Submission",
      "Score",
    ]) {
      assert.ok(tables.has(expected), `table ${expected} missing (found: ${[...tables].sort().join(", ")})`);
    }
    const failed = await client.query("SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NULL OR rolled_back_at IS NOT NULL");
    assert.equal(failed.rowCount, 0, "no failed or rolled-back migration");
  } finally {
    await client.end();
  }
});

test("the migrated database matches prisma/schema.prisma (no drift)", { timeout: 120_000 }, async () => {
  // --exit-code: 0 = no difference, 2 = difference (runPrisma rejects with code 2, and the diff).
  const output = await runPrisma(["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"], scratchUrl).catch(
    (error: Error & { output?: string; code?: number }) => {
      assert.fail(
        `schema drift between prisma/migrations and prisma/schema.prisma (exit ${error.code}): create a migration with\n` +
          `  npx prisma migrate dev --name <change>\n${error.output ?? error.message}`,
      );
    },
  );
  assert.match(output, /No difference detected/);
});

const shadowDatabases = async () =>
  new Set(
    (await admin((c) => c.query<{ datname: string }>("SELECT datname FROM pg_database WHERE datname LIKE 'prisma\\_shadow\\_%'"))).rows.map((r) => r.datname),
  );

test("the migrations folder alone replays to prisma/schema.prisma (shadow database)", { timeout: 120_000 }, async () => {
  const shadowsBefore = await shadowDatabases();
  const output = await runPrisma(
    ["migrate", "diff", "--from-migrations", "prisma/migrations", "--to-schema", "prisma/schema.prisma", "--exit-code"],
    scratchUrl,
  ).catch((error: Error & { output?: string; code?: number }) => {
    assert.fail(`prisma/migrations does not replay to prisma/schema.prisma (exit ${error.code}):\n${error.output ?? error.message}`);
  });
  assert.match(output, /No difference detected/);
  // the schema engine dropped the shadow database it created
  const left = [...(await shadowDatabases())].filter((name) => !shadowsBefore.has(name));
  assert.deepEqual(left, [], "shadow databases left behind");
});

test("applyMigrations (server start, without the Prisma CLI) keeps a history Prisma accepts", { timeout: 120_000 }, async () => {
  const url = withDatabase(baseUrl!, scratchName2);
  const first = await applyMigrations(url, { log: () => {} });
  assert.ok(first.applied.length > 0, "applies the migrations to an empty database");
  const second = await applyMigrations(url, { log: () => {} });
  assert.deepEqual(second.applied, [], "nothing to do the second time");
  assert.ok(second.ms < 1000, `the up-to-date check is fast (${Math.round(second.ms)} ms)`);
  const status = await runPrisma(["migrate", "status"], url); // exits non-zero unless up to date
  assert.match(status, /Database schema is up to date/);
  const diff = await runPrisma(["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"], url);
  assert.match(diff, /No difference detected/);
});
