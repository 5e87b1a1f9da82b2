// Backups: `genlab backup` writes a populated course's tables to a file and `genlab restore` loads them
// into another database row for row — doubles (-0, subnormals, ±Infinity, NaN), bytea, jsonb (a JSON
// null apart from SQL NULL), arrays and timestamps exactly —, queues open pool jobs again, and refuses a
// file of another GenLab, a database that holds data (without --replace) and a damaged file, leaving
// the database as it was. The command line does the same on DATABASE_URL and on the embedded database,
// running or not.
import { voteInArena } from "@/server/services/arena";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { after, before, test } from "node:test";
import pg from "pg";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { QUIZZES } from "@/lib/course/quizzes";
import { createAuth } from "@/server/auth";
import { backupDatabase, BackupRefused, restoreDatabase } from "@/server/database/backup";
import { removeClusterData, startEmbeddedPostgres } from "@/server/database/embedded-postgres";
import { createDb, type Db } from "@/server/db";
import { POOL_TRAIN_QUEUE } from "@/server/pool/queue";
import { createConnectCode } from "@/server/lti/deep-linking";
import { createToolKeys } from "@/server/lti/keys";
import { createClassroom, MARKOV_PI, startLiveActivity } from "../support/classroom";
import { runGenlab } from "../support/cli";
import { callerFor, TEST_SECRET, unique } from "../support/database";
import { createScratchDatabase } from "../support/scratch-database";

type Scratch = Awaited<ReturnType<typeof createScratchDatabase>>;

/** Left out of a backup: Prisma's bookkeeping (in the header instead) and what running processes keep. */
const LEFT_OUT = ["_prisma_migrations", "socket_io_attachments", "PoolWorker"];
/** Empty in the fixture: a reservation lives only while its submission is being scored. */
const EMPTY_IN_FIXTURE = ["SubmissionReservation"];
/** Doubles whose text or bits a careless copy changes. */
const TRICKY_RANK_KEYS = [0.1 + 0.2, -0, 5e-324, Number.MAX_VALUE, -Infinity, Number.NaN, 1 / 3];
const TRICKY_METRICS = { tiny: 5e-324, third: 1 / 3, text: 'line\nbreak "quoted" é\\' };

const sandbox = fs.mkdtempSync(path.join(os.tmpdir(), "genlab-backup-"));
const dataDir = path.join(sandbox, ".genlab");
const scratches: Scratch[] = [];
let source: Scratch;
let db: Db;
let file: string;
/** Every GenLab table in the source: the header's list. */
let tables: string[];
/** The source's rows per table, with the running pool job as a restore leaves it (queued). */
let expected: Record<string, string>;
/** The source's queued and running pool jobs. */
let openJobs: string[];
/** The submission whose score holds TRICKY_RANK_KEYS and TRICKY_METRICS. */
let trickySubmissionId: string;

async function scratch(prefix: string): Promise<Scratch> {
  const created = await createScratchDatabase(prefix);
  scratches.push(created);
  return created;
}

async function populate(): Promise<void> {
  const ctx = { db, auth: createAuth({ db, secret: TEST_SECRET, baseURL: "http://localhost" }) };
  const room = await createClassroom(ctx, "Backup");
  const live = await startLiveActivity(ctx, room);
  const as = (user: { id: string; name: string; email: string }) => callerFor(ctx, user).caller;
  const { courseId, student, instructor, classmate } = room;
  await as(student).live.joinByCode({ code: live.joinCode });
  await as(student).live.answerPoll({ pollId: live.pollId, choice: 1 });
  await as(student).submission.submit({ courseId, exerciseSlug: "markov-chain", idempotencyKey: `round-${unique()}`, body: MARKOV_PI, roundId: live.roundId });
  await as(student).assignment.submitQuiz({ itemId: room.quizItemId, answers: {} });
  await as(instructor).assignment.setExtension({ assignmentId: room.assignmentId, userId: student.id, dueAt: new Date(Date.now() + 40 * 86_400_000) });
  await as(instructor).gradebook.override({ itemId: room.exerciseItemId, userId: classmate.id, change: { points: 9.5 }, reason: "Regraded by hand" });
  await as(instructor).heldout.upload({ courseId, exerciseSlug: "kde-bandwidth", json: "[3.75, 4.2, 5.05]" });
  await as(student).progress.markRead({ courseId, moduleSlug: "sampling" });
  const question = QUIZZES.sampling.find((q) => q.kind === "choice")!;
  await as(student).progress.answer({ courseId, moduleSlug: "sampling", questionId: question.id, answer: 0 });
  await as(student).exercise.challenge({ courseId, exerciseSlug: "inverse-cdf" });
  // The classroom's arena (three entries, a pair served to the instructor), voted on.
  await voteInArena(db, instructor, room.arenaMatchId, "TIE", new Date(Date.now() + 60_000));
  const { id: exerciseId } = await db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug: "gan-ring" } }, select: { id: true } });
  await db.poolJob.create({
    data: {
      userId: student.id,
      courseId,
      exerciseId,
      config: DEFAULT_GAN_CONFIG,
      steps: 500,
      priority: 5,
      status: "RUNNING",
      attempts: 1,
      checkpoint: { step: 250, weights: [0.1, -2e-300] },
    },
  });
  await db.rateLimit.create({ data: { key: `sign-in:${unique()}`, points: 2, expire: new Date(Date.now() + 60_000) } });
  // An LMS linked to the course, as its launches, deep links, grade posts and registrations leave it.
  const platform = await db.ltiPlatform.create({
    data: {
      name: "Backup LMS",
      issuer: "https://lms.example",
      clientId: "c1",
      authLoginUrl: "https://lms.example/auth",
      tokenUrl: "https://lms.example/token",
      jwksUrl: "https://lms.example/jwks",
      webOrigins: ["https://lms.example"],
    },
  });
  await db.ltiDeployment.create({ data: { platformId: platform.id, deploymentId: "1" } });
  await createToolKeys(db).signingKey();
  await db.ltiLaunchState.create({
    data: {
      state: `s-${unique()}`,
      nonce: `n-${unique()}`,
      platformId: platform.id,
      login: { iss: "https://lms.example" },
      expiresAt: new Date(Date.now() + 600_000),
    },
  });
  await db.ltiUser.create({ data: { platformId: platform.id, sub: "lms-student", userId: student.id } });
  const context = await db.ltiContext.create({
    data: { platformId: platform.id, deploymentId: "1", contextId: "ctx", title: "LMS course", courseId, membershipsUrl: "https://lms.example/members" },
  });
  const link = await db.ltiResourceLink.create({
    data: { ltiContextId: context.id, resourceLinkId: "rl", assignmentId: room.assignmentId, lineItemUrl: "https://lms.example/li/1" },
  });
  await db.ltiScoreSync.create({ data: { linkId: link.id, userId: student.id, postedPoints: 7.5, postedAt: new Date(), status: "POSTED", attempts: 1 } });
  await db.ltiDeepLinkRequest.create({
    data: {
      id: `dl-${unique()}`,
      platformId: platform.id,
      deploymentId: "1",
      contextId: "ctx",
      contextTitle: "LMS course",
      returnUrl: "https://lms.example/return",
      userId: instructor.id,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
  await db.ltiRegistrationInvite.create({ data: { tokenHash: `h-${unique()}`, createdById: instructor.id, expiresAt: new Date(Date.now() + 86_400_000) } });
  await createConnectCode(db, instructor);
  await db.user.update({ where: { id: student.id }, data: { name: `Zoë "Z" O'Brien 🚀\\ \n\t,` } });
  // Written as text, so that nothing on the way to the database rounds them.
  const rankKeys = `{${TRICKY_RANK_KEYS.map((x) => (Object.is(x, -0) ? "-0" : String(x))).join(",")}}`;
  await db.$executeRawUnsafe(
    `UPDATE "Score" SET "rankKeys" = $1::float8[], metrics = $2::jsonb WHERE "submissionId" = $3`,
    rankKeys,
    JSON.stringify(TRICKY_METRICS),
    room.classmateSubmissionId,
  );
  trickySubmissionId = room.classmateSubmissionId;
}

async function query(url: string, sql: string, params: unknown[] = []): Promise<Record<string, unknown>[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Per table: its row count and the md5 of its rows as PostgreSQL's record text (not JSON: independent of how a backup writes them). */
async function tableDigests(url: string): Promise<Record<string, string>> {
  const digests: Record<string, string> = {};
  for (const table of tables) {
    const [{ n, digest }] = await query(
      url,
      `SELECT count(*) AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM "${table}" t`,
    );
    digests[table] = `${n} rows, ${digest}`;
  }
  return digests;
}

/** The backup's lines, changed by `edit`, in a new file. */
function editedBackup(name: string, edit: (lines: string[]) => string[]): string {
  const edited = path.join(sandbox, name);
  const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
  fs.writeFileSync(edited, gzipSync(edit(lines).join("\n")));
  return edited;
}

const header = (lines: string[]) => JSON.parse(lines[0]) as { migrations: string[]; version: number; tables: { name: string; rows: number }[] };
const withHeader = (lines: string[], change: (h: ReturnType<typeof header>) => void) => {
  const h = header(lines);
  change(h);
  return [JSON.stringify(h), ...lines.slice(1)];
};

before(async () => {
  source = await scratch("genlab_backup_source");
  db = createDb(source.url);
  await populate();
});

after(async () => {
  await db.$disconnect();
  for (const s of scratches) await s.drop();
  removeClusterData(path.join(dataDir, "postgres"));
  fs.rmSync(sandbox, { recursive: true, force: true });
});

test("a populated course goes through backup and restore row for row", { timeout: 120_000 }, async (t) => {
  file = path.join(sandbox, "course.jsonl.gz");
  const progress: string[] = [];
  const made = await backupDatabase(source.url, file, ({ table, rows }) => progress.push(`${table}:${rows}`));
  assert.equal((fs.statSync(file).mode & 0o777).toString(8), "600", "only its owner reads a file of password hashes");
  assert.equal(fs.existsSync(`${file}.partial`), false);

  const lines = gunzipSync(fs.readFileSync(file)).toString("utf8").split("\n");
  const { tables: inFile, migrations } = header(lines);
  tables = inFile.map((x) => x.name);
  const all = await db.$queryRaw<{ name: string }[]>`SELECT table_name AS name FROM information_schema.tables
      WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  assert.deepEqual(
    [...tables].sort(),
    all
      .map((r) => r.name)
      .filter((name) => !LEFT_OUT.includes(name))
      .sort(),
    "every GenLab table, nothing else",
  );
  assert.deepEqual(
    migrations,
    fs
      .readdirSync(path.resolve(import.meta.dirname, "../../prisma/migrations"))
      .filter((m) => /^\d/.test(m))
      .sort(),
  );
  assert.deepEqual(
    progress,
    inFile.map((x) => `${x.name}:${x.rows}`),
  );
  assert.equal(
    made.rows,
    inFile.reduce((sum, x) => sum + x.rows, 0),
  );
  // Referenced tables come first: the restore loads in this order.
  assert.ok(tables.indexOf("user") < tables.indexOf("Course") && tables.indexOf("Submission") < tables.indexOf("Score"));
  const empty = inFile.filter((x) => x.rows === 0).map((x) => x.name);
  assert.deepEqual(empty, EMPTY_IN_FIXTURE, "the fixture fills every other table, so every column type is carried");
  assert.ok((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "Submission" WHERE config = 'null'::jsonb`)[0].n > 0n, "a JSON null to keep");

  const target = await scratch("genlab_backup_target");
  const restored = await restoreDatabase(target.url, file);
  openJobs = (await db.poolJob.findMany({ where: { status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } })).map((j) => j.id).sort();
  assert.equal(restored.requeued, openJobs.length);
  assert.equal(restored.rows, made.rows);
  t.diagnostic(
    `backup of the populated course: ${made.rows} rows in ${made.tables} tables, ${made.bytes} bytes (gzip), written in ${made.ms.toFixed(0)} ms; restored in ${restored.ms.toFixed(0)} ms`,
  );

  // A running job's worker is gone: it is queued again, like the queued one, in pg-boss too.
  await db.poolJob.updateMany({ where: { status: "RUNNING" }, data: { status: "QUEUED" } });
  expected = await tableDigests(source.url);
  assert.deepEqual(await tableDigests(target.url), expected);
  const queued = await query(target.url, "SELECT id::text AS id, state FROM pgboss.job WHERE name = $1 ORDER BY id", [POOL_TRAIN_QUEUE]);
  assert.deepEqual(
    queued.map((j) => j.id),
    openJobs,
  );
  assert.ok(queued.every((j) => j.state === "created"));
  // The values whose bits matter, read back (node-pg keeps -0 and NaN; strict equality tells -0 from 0).
  const score = await query(target.url, `SELECT "rankKeys", metrics FROM "Score" WHERE "submissionId" = $1`, [trickySubmissionId]);
  assert.deepStrictEqual(score, [{ rankKeys: TRICKY_RANK_KEYS, metrics: TRICKY_METRICS }]);
  const secrets = 'SELECT id, "heldoutSecret", "createdAt" FROM "Course" ORDER BY id';
  assert.deepStrictEqual(await query(target.url, secrets), await query(source.url, secrets));
});

test("a database that holds data is replaced only with --replace", { timeout: 60_000 }, async () => {
  const target = await scratch("genlab_backup_replace");
  await restoreDatabase(target.url, file);
  const copy = createDb(target.url);
  try {
    await copy.course.updateMany({ data: { title: "Changed after the backup" } });
    const changed = await tableDigests(target.url);
    await assert.rejects(
      restoreDatabase(target.url, file),
      (e: unknown) => e instanceof BackupRefused && /already holds GenLab data.*--replace/s.test(e.message),
    );
    assert.deepEqual(await tableDigests(target.url), changed, "refused: nothing changed");
    await restoreDatabase(target.url, file, { replace: true });
    assert.deepEqual(await tableDigests(target.url), expected);
  } finally {
    await copy.$disconnect();
  }
});

test("a file of another GenLab version is refused before anything changes", { timeout: 60_000 }, async () => {
  const target = await scratch("genlab_backup_versions");
  const before = await tableDigests(target.url);
  const newer = editedBackup("newer.jsonl.gz", (lines) => withHeader(lines, (h) => h.migrations.push("29991231000000_from_a_newer_genlab")));
  await assert.rejects(
    restoreDatabase(target.url, newer),
    (e: unknown) => e instanceof BackupRefused && /newer GenLab.*29991231000000_from_a_newer_genlab/.test(e.message),
  );
  const older = editedBackup("older.jsonl.gz", (lines) => withHeader(lines, (h) => h.migrations.pop()));
  await assert.rejects(
    restoreDatabase(target.url, older),
    (e: unknown) => e instanceof BackupRefused && /earlier GenLab.*1 migration\(s\) more/.test(e.message),
  );
  const format = editedBackup("format.jsonl.gz", (lines) => withHeader(lines, (h) => (h.version = 2)));
  await assert.rejects(restoreDatabase(target.url, format), (e: unknown) => e instanceof BackupRefused && /format 2, from a newer GenLab/.test(e.message));
  assert.deepEqual(await tableDigests(target.url), before);
});

test("a damaged or incomplete file changes nothing and says what is wrong", { timeout: 60_000 }, async () => {
  const target = await scratch("genlab_backup_damaged");
  await restoreDatabase(target.url, file);
  const bytes = fs.readFileSync(file);
  const truncated = path.join(sandbox, "truncated.jsonl.gz");
  fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length * 0.8)));
  const cases: [string, RegExp][] = [
    [truncated, /ends early: it is incomplete.*Nothing was changed/],
    // The last table's last row cut off, the end line with it.
    [editedBackup("short.jsonl.gz", (lines) => lines.slice(0, -3)), /ends early.*Nothing was changed/],
    [editedBackup("garbled.jsonl.gz", (lines) => lines.map((line, i) => (i === 5 ? '{"id": ' : line))), /could not be loaded.*Nothing was changed/],
  ];
  const before = await tableDigests(target.url);
  for (const [damaged, message] of cases) {
    await assert.rejects(restoreDatabase(target.url, damaged, { replace: true }), (e: unknown) => e instanceof Error && message.test(e.message), damaged);
    assert.deepEqual(await tableDigests(target.url), before, `${damaged}: nothing changed`);
  }
  const notBackup = path.join(sandbox, "notes.json");
  fs.writeFileSync(notBackup, '{"hello": "world"}\n');
  await assert.rejects(
    restoreDatabase(target.url, notBackup, { replace: true }),
    (e: unknown) => e instanceof BackupRefused && /not a GenLab backup/.test(e.message),
  );
  await assert.rejects(
    restoreDatabase(target.url, path.join(sandbox, "absent.jsonl.gz")),
    (e: unknown) => e instanceof BackupRefused && /Cannot read/.test(e.message),
  );
  assert.deepEqual(await tableDigests(target.url), before);
});

test("genlab backup and restore on DATABASE_URL", { timeout: 120_000 }, async () => {
  const cliFile = path.join(sandbox, "cli.jsonl.gz");
  const backup = await runGenlab(["backup", cliFile], { DATABASE_URL: source.url });
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stdout, new RegExp(`^Backed up ${tables.length} tables, [\\d,]+ rows, to ${cliFile} \\(\\d+ KB\\) in [\\d.]+ s\\.\\n$`));
  assert.match(backup.stderr, /\[backup\] Score: \d+ rows/);
  const target = await scratch("genlab_backup_cli");
  const restore = await runGenlab(["restore", cliFile], { DATABASE_URL: target.url });
  assert.equal(restore.code, 0, restore.stderr);
  assert.match(restore.stdout, /^Restored \d+ tables, [\d,]+ rows, from .* in [\d.]+ s; \d+ pool job\(s\) queued again\.\n$/);
  assert.deepEqual(await tableDigests(target.url), expected);
  const again = await runGenlab(["restore", cliFile], { DATABASE_URL: target.url });
  assert.deepEqual([again.code, again.stdout], [2, ""]);
  assert.match(again.stderr, /already holds GenLab data.*--replace/);
  assert.doesNotMatch(again.stderr, /\n\s+at /, "a sentence, no stack");
  assert.equal((await runGenlab(["restore", cliFile, "--force"], { DATABASE_URL: target.url })).code, 2);
});

test("genlab backup and restore on the embedded database, stopped or running", { timeout: 240_000 }, async () => {
  const embedded = { DATABASE_URL: undefined, GENLAB_DATA_DIR: dataDir };
  const nothing = await runGenlab(["backup", path.join(sandbox, "nothing.jsonl.gz")], embedded);
  assert.equal(nothing.code, 2);
  assert.match(nothing.stderr, /no embedded database in/);

  const absent = await runGenlab(["restore", path.join(sandbox, "absent.jsonl.gz")], embedded);
  assert.equal(absent.code, 2);
  assert.match(absent.stderr, /Cannot read/);
  assert.equal(fs.existsSync(path.join(dataDir, "postgres")), false, "no cluster made for a file that is not there");

  // A new installation restores into a cluster of its own, started for the command and stopped after.
  const restore = await runGenlab(["restore", file], embedded);
  assert.equal(restore.code, 0, restore.stderr);
  assert.match(restore.stderr, /^\[restore\] .*: made \d{4}-.*Z, [\d,]+ rows in \d+ tables\n/);
  assert.match(restore.stderr, /\[db\] creating a PostgreSQL cluster[\s\S]*\[db\] PostgreSQL stopped/);

  // While GenLab runs on it: the backup uses that PostgreSQL and leaves it running.
  const running = await startEmbeddedPostgres({ dataDir: path.join(dataDir, "postgres"), log: () => {} });
  const whileRunning = path.join(sandbox, "running.jsonl.gz");
  try {
    const backup = await runGenlab(["backup", whileRunning], embedded);
    assert.equal(backup.code, 0, backup.stderr);
    assert.match(backup.stderr, new RegExp(`using the embedded PostgreSQL that is running \\(port ${running.port}\\)`));
    assert.deepEqual(await tableDigests(running.url), expected, "the restore loaded every row");
  } finally {
    await running.stop();
  }
  const whileStopped = path.join(sandbox, "stopped.jsonl.gz");
  const backup = await runGenlab(["backup", whileStopped], embedded);
  assert.equal(backup.code, 0, backup.stderr);
  assert.match(backup.stderr, /\[db\] PostgreSQL ready[\s\S]*\[db\] PostgreSQL stopped/);
  const rowsOf = (f: string) => gunzipSync(fs.readFileSync(f)).toString("utf8").split("\n").slice(1).sort();
  assert.deepEqual(rowsOf(whileStopped), rowsOf(whileRunning));
});
