// The embedded PostgreSQL has no well-known password: each cluster gets a random one (kept inside the
// cluster, owner-only), and a cluster of an earlier version, still on the shared "password", gets its
// own at its next start. Anyone else on the machine can reach 127.0.0.1, so this matters.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import pg from "pg";
import { removeClusterData, startEmbeddedPostgres } from "@/server/database/embedded-postgres";

const dataDir = path.resolve(import.meta.dirname, `../../.genlab/password-test-${process.pid}`);
after(() => removeClusterData(dataDir));

async function connects(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ host: "127.0.0.1", port, user: "postgres", password, database: "genlab" });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

test("a random password per cluster; a cluster on the old shared password gets its own", { timeout: 120_000 }, async () => {
  const first = await startEmbeddedPostgres({ dataDir, ephemeral: true, log: () => {} });
  const password = decodeURIComponent(new URL(first.url).password);
  try {
    assert.ok(password.length >= 24 && password !== "password");
    assert.equal(await connects(first.port, password), true);
    assert.equal(await connects(first.port, "password"), false);
    // Back to what earlier versions made: the shared password and no password file.
    const client = new pg.Client({ connectionString: first.url });
    await client.connect();
    await client.query("ALTER USER postgres PASSWORD 'password'");
    await client.end();
  } finally {
    await first.stop();
  }
  const clusterDir = fs.realpathSync(dataDir);
  fs.rmSync(path.join(clusterDir, "genlab.password"));

  const second = await startEmbeddedPostgres({ dataDir, ephemeral: true, log: () => {} });
  try {
    const rotated = decodeURIComponent(new URL(second.url).password);
    assert.notEqual(rotated, "password");
    assert.notEqual(rotated, password);
    assert.equal(await connects(second.port, "password"), false, "the shared password no longer works");
    assert.equal(await connects(second.port, rotated), true);
    assert.equal(fs.statSync(path.join(clusterDir, "genlab.password")).mode & 0o077, 0, "only its owner reads the password");
  } finally {
    await second.stop();
  }
});
