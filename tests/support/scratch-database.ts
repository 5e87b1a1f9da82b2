// A database of its own beside the test database (same PostgreSQL server), migrated, for tests
// whose data must not meet the other tests' (the demo accounts have fixed email addresses).
import { randomUUID } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "@/server/database/migrate";
import { testDatabaseUrl } from "./database";

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function onServer(query: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(testDatabaseUrl(), "postgres") });
  await client.connect();
  try {
    await query(client);
  } finally {
    await client.end();
  }
}

export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomUUID().slice(0, 8)}`;
  await onServer((c) => c.query(`CREATE DATABASE ${c.escapeIdentifier(name)}`));
  const url = withDatabase(testDatabaseUrl(), name);
  await applyMigrations(url, { log: () => {} });
  return { url, drop: () => onServer((c) => c.query(`DROP DATABASE IF EXISTS ${c.escapeIdentifier(name)} WITH (FORCE)`)) };
}
