// The `genlab` command line: the registry and the server's own scorer, without a server.
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { HeldoutInputError } from "@/lib/datasets/heldout-input";
import { DEMO_COURSE } from "@/lib/course/modules";
import { rankingOf } from "@/lib/exercises/ranking";
import { describeExercise, EXERCISES, findExercise } from "@/exercises/registry";
import type { ScoringContext } from "@/lib/exercises/types";
import { describeValidationError } from "@/lib/exercises/validation";
import { DomainError } from "@/server/services/errors";
import { requireDefinition } from "@/server/services/exercises";
import { parseSubmissionBody, scoreSubmissionBody } from "@/server/services/scoring";

const USAGE = `Usage:
  genlab exercises [--json]         list the exercises (slug, title, module, submission shape)
  genlab score <slug> <file.json>   score a submission file with the server's scorer; for inverse-cdf,
                                    whose server-side challenge is secret, the file carries its own
                                    uniforms: {"uniforms": [u, …], "samples": [x, …]}, samples[i] from uniforms[i]
      [--heldout <data.json>]       …on your own held-out set instead (likelihood exercises only):
                                    [[x, y], …] for mle-gaussian and gmm-em, [x, …] for kde-bandwidth,
                                    ["sun", "rain", …] for hmm-weather, ["ada", "bo", …] for ar-names
  genlab worker [--concurrency N]   join the worker pool (needs DATABASE_URL): trains queued pool runs
      [--backend webgpu|wasm|cpu]   …on this backend instead of the best one found
  genlab demo seed                  add the demo course and accounts to DATABASE_URL; their password is
                                    GENLAB_DEMO_PASSWORD, or a random one printed once
  genlab user allow-courses <email> let this account create courses when GENLAB_COURSE_CREATORS=approved
  genlab user deny-courses <email>  …and take that back (courses it made stay)
  genlab user allow-lms <email>     let this account register LMSs (LTI 1.3) on GenLab's LMS page, /lti
  genlab user deny-lms <email>      …and take that back (registered LMSs stay)
  genlab lti rotate-key             a new key for GenLab's LTI signatures; the old one stays in /lti/jwks for an hour
  genlab user reset-link <email>    print a one-time link (24 h) that sets a new password for the account
  genlab backup <file>              write GenLab's data (DATABASE_URL, else the embedded database) to a file
  genlab restore <file> [--replace] load a backup into a database with no GenLab data (--replace: replace it)
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function listExercises(json: boolean) {
  const rows = EXERCISES.map(describeExercise);
  if (json) {
    process.stdout.write(
      `${JSON.stringify(
        rows.map(({ slug, title, module, submissionShape, metrics, rankedBy, rankingRule }) => ({
          slug,
          title,
          module,
          submissionShape,
          metrics,
          rankedBy,
          rankingRule,
        })),
        null,
        2,
      )}\n`,
    );
    return;
  }
  for (const e of rows)
    process.stdout.write(`${e.slug.padEnd(16)} ${e.title}  [module: ${e.module}]\n  submit: ${e.submissionShape}\n  ranked by: ${e.rankingRule}\n`);
}

async function readJson(file: string): Promise<{ text: string; value: unknown }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    fail(`Cannot read ${file}.`);
  }
  try {
    return { text, value: JSON.parse(text) };
  } catch {
    fail(`${file} is not valid JSON.`);
  }
}

/**
 * The server scores a challenge exercise against uniforms only it knows (server/services/challenges.ts);
 * offline, the file brings them: {"uniforms": [...], ...the body}. Returns the body and the context.
 */
function offlineChallenge(slug: string, count: number, file: string, value: unknown): { body: unknown; context: ScoringContext } {
  const shape = `{"uniforms": [u, …], "samples": [x, …]} with ${count} uniforms in (0, 1) and samples[i] computed from uniforms[i]`;
  if (typeof value !== "object" || value === null || Array.isArray(value) || !("uniforms" in value)) {
    fail(
      `${file}: "${slug}" is scored against the uniforms of a challenge, which the server keeps to itself; to score offline, give them in the file: ${shape}.`,
    );
  }
  const { uniforms, ...body } = value as { uniforms: unknown };
  const inOpenUnitInterval = z.number({ error: "is not a number" }).gt(0, "is not in (0, 1)").lt(1, "is not in (0, 1)");
  const parsed = z
    .object({ uniforms: z.array(inOpenUnitInterval, { error: "must be a list of numbers" }).length(count, `must hold exactly ${count} numbers`) })
    .safeParse({ uniforms });
  if (!parsed.success) fail(`${file}: ${describeValidationError(parsed.error, { uniforms }, "The file")} Expected ${shape}.`);
  return { body, context: { uniforms: parsed.data.uniforms } };
}

async function score(slug: string | undefined, file: string | undefined, heldoutFile?: string) {
  if (!slug || !file) fail(USAGE, 2);
  const definition = findExercise(slug);
  if (heldoutFile !== undefined && !definition?.scoreWithHeldout) {
    if (!definition) fail(`There is no exercise called "${slug}".`);
    const supported = EXERCISES.filter((e) => e.scoreWithHeldout).map((e) => e.slug);
    fail(`"${slug}" has no held-out set to replace; --heldout works with ${supported.join(", ")}.`);
  }
  const { text, value: body } = await readJson(file);
  try {
    let metrics: Record<string, number>;
    if (definition?.scoreWithHeldout && heldoutFile !== undefined) {
      const submission = parseSubmissionBody(definition, body, Buffer.byteLength(text));
      metrics = definition.scoreWithHeldout(submission, (await readJson(heldoutFile)).value) as Record<string, number>;
    } else if (definition?.challenge) {
      const offline = offlineChallenge(slug, definition.challenge.count, file, body);
      // Measured without the uniforms: the size limit is the submission's.
      metrics = await scoreSubmissionBody(slug, offline.body, undefined, offline.context);
    } else metrics = await scoreSubmissionBody(slug, body, Buffer.byteLength(text));
    process.stdout.write(`${JSON.stringify({ slug, metrics, ranking: rankingOf(requireDefinition(slug), metrics) })}\n`);
  } catch (error) {
    if (error instanceof DomainError) fail(error.message);
    if (error instanceof HeldoutInputError) fail(`${heldoutFile}: ${error.message}`);
    throw error;
  }
}

/** `genlab demo seed`: the demo, into an external database, only when someone asks for it. */
async function seedDemoDatabase() {
  const { env } = await import("@/server/env").catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  if (!env.DATABASE_URL) fail("Set DATABASE_URL to the database to seed (npm start seeds its embedded database by itself).");
  const [{ applyMigrations }, { createDb }, { createAuth }, { randomDemoPassword, seedDemo }] = await Promise.all([
    import("@/server/database/migrate"),
    import("@/server/db"),
    import("@/server/auth"),
    import("@/server/services/seed"),
  ]);
  await applyMigrations(env.DATABASE_URL);
  const db = createDb(env.DATABASE_URL);
  // Signs no session: the accounts are created through Better Auth only to hash their password its way.
  const auth = createAuth({ db, secret: env.BETTER_AUTH_SECRET ?? randomBytes(32).toString("hex"), baseURL: env.GENLAB_URL ?? "http://localhost" });
  const password = env.GENLAB_DEMO_PASSWORD ?? randomDemoPassword();
  try {
    const { created } = await seedDemo(db, auth, password);
    process.stdout.write(`Demo course "${DEMO_COURSE.title}" (join code ${DEMO_COURSE.joinCode}) is in the database.\n`);
    if (created.length) process.stdout.write(`Created ${created.join(", ")} with the password ${password}\n`);
    else process.stdout.write("Its accounts existed already; their passwords and roles are unchanged.\n");
  } finally {
    await db.$disconnect();
  }
}

/** `genlab user …`: what an administrator does to one account, on GenLab's database. */
async function userCommand(action: string | undefined, email: string | undefined) {
  const actions = ["allow-courses", "deny-courses", "allow-lms", "deny-lms", "reset-link"];
  if (!actions.includes(action ?? "")) fail(`Unknown user command "${action ?? ""}".\n${USAGE}`, 2);
  if (!email) fail(`Name the account's email.\n${USAGE}`, 2);
  const { env } = await import("@/server/env").catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  if (!env.DATABASE_URL) fail("Set DATABASE_URL to GenLab's database.");
  const [{ createDb }, { createResetLink }] = await Promise.all([import("@/server/db"), import("@/server/services/accounts")]);
  const db = createDb(env.DATABASE_URL);
  try {
    const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { id: true } });
    if (!user) fail(`No account has the email ${email}.`);
    if (action === "reset-link") {
      const link = await createResetLink(db, null, user.id);
      process.stdout.write(
        `${new URL(link.path, env.GENLAB_URL ?? `http://localhost:${env.PORT}`)}\nIt works once, until ${link.expiresAt.toISOString()}. Hand it only to ${link.email}.\n`,
      );
    } else if (action === "allow-lms" || action === "deny-lms") {
      const allowed = action === "allow-lms";
      await db.user.update({ where: { id: user.id }, data: { canManageLms: allowed } });
      process.stdout.write(allowed ? `${email} may now register LMSs.\n` : `${email} may no longer register LMSs.\n`);
    } else {
      const allowed = action === "allow-courses";
      await db.user.update({ where: { id: user.id }, data: { canCreateCourses: allowed } });
      process.stdout.write(allowed ? `${email} may now create courses.\n` : `${email} may no longer create courses.\n`);
    }
  } finally {
    await db.$disconnect();
  }
}

/** `genlab lti rotate-key`: GenLab signs with a new key from now on; LMSs still verify the old one's signatures for an hour. */
async function ltiCommand(action: string | undefined) {
  if (action !== "rotate-key") fail(`Unknown lti command "${action ?? ""}".\n${USAGE}`, 2);
  const { env } = await import("@/server/env").catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  if (!env.DATABASE_URL) fail("Set DATABASE_URL to GenLab's database.");
  const [{ createDb }, { createToolKeys }] = await Promise.all([import("@/server/db"), import("@/server/lti/keys")]);
  const db = createDb(env.DATABASE_URL);
  try {
    const kid = await createToolKeys(db).rotate();
    process.stdout.write(`GenLab now signs with key ${kid}; the previous key stays published for an hour. Running servers switch within a minute.\n`);
  } finally {
    await db.$disconnect();
  }
}

/**
 * `genlab backup <file>` and `genlab restore <file> [--replace]` (server/database/backup.ts): on
 * DATABASE_URL, else on the embedded database in GENLAB_DATA_DIR, running or not.
 */
async function backupCommand(command: "backup" | "restore", args: string[]) {
  const unknown = args.filter((a) => a.startsWith("-") && !(command === "restore" && a === "--replace"));
  if (unknown.length > 0) fail(`Unknown option ${unknown[0]}.\n${USAGE}`, 2);
  const files = args.filter((a) => !a.startsWith("-"));
  if (files.length !== 1) fail(`Name one backup file.\n${USAGE}`, 2);
  const [file] = files;
  const { env } = await import("@/server/env").catch((error: unknown) => fail(error instanceof Error ? error.message : String(error)));
  const { backupDatabase, BackupRefused, readBackupHeader, restoreDatabase, withEmbeddedDatabase } = await import("@/server/database/backup");
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const onProgress = ({ table, rows }: { table: string; rows: number }) =>
    log(`[${command}] ${table}: ${rows.toLocaleString("en")} row${rows === 1 ? "" : "s"}`);
  const run = async (databaseUrl: string) => {
    if (command === "backup") {
      const done = await backupDatabase(databaseUrl, file, onProgress);
      return `Backed up ${done.tables} tables, ${done.rows.toLocaleString("en")} rows, to ${file} (${(done.bytes / 1024).toFixed(0)} KB) in ${(done.ms / 1000).toFixed(1)} s.`;
    }
    const done = await restoreDatabase(databaseUrl, file, { replace: args.includes("--replace"), onProgress, log });
    const requeued = done.requeued > 0 ? `; ${done.requeued} pool job(s) queued again` : "";
    return `Restored ${done.tables} tables, ${done.rows.toLocaleString("en")} rows, from ${file} in ${(done.ms / 1000).toFixed(1)} s${requeued}.`;
  };
  try {
    if (command === "restore") {
      // The file first: a missing or foreign one must not start (or create) the embedded database.
      const made = await readBackupHeader(file);
      log(`[restore] ${file}: made ${made.createdAt}, ${made.rows.toLocaleString("en")} rows in ${made.tables} tables`);
    }
    const summary = env.DATABASE_URL
      ? await run(env.DATABASE_URL)
      : await withEmbeddedDatabase(path.resolve(import.meta.dirname, "..", env.GENLAB_DATA_DIR, "postgres"), { create: command === "restore", log }, run);
    process.stdout.write(`${summary}\n`);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error), error instanceof BackupRefused ? 2 : 1);
  }
}

const [command, ...args] = process.argv.slice(2);
switch (command) {
  case "exercises":
    await listExercises(args.includes("--json"));
    break;
  case "score": {
    const at = args.indexOf("--heldout");
    if (at >= 0 && !args[at + 1]) fail(`--heldout needs a file.\n${USAGE}`, 2);
    const rest = at >= 0 ? args.filter((_, i) => i !== at && i !== at + 1) : args;
    await score(rest[0], rest[1], at >= 0 ? args[at + 1] : undefined);
    break;
  }
  case "demo":
    if (args[0] !== "seed") fail(`Unknown demo command "${args[0] ?? ""}".\n${USAGE}`, 2);
    await seedDemoDatabase();
    break;
  case "user":
    await userCommand(args[0], args[1]);
    break;
  case "lti":
    await ltiCommand(args[0]);
    break;
  case "backup":
  case "restore":
    await backupCommand(command, args);
    break;
  case "worker":
    process.argv = [process.argv[0], "workers/index.ts", ...args];
    await import("../workers/index.ts");
    break;
  case undefined:
  case "help":
  case "--help":
    process.stdout.write(USAGE);
    break;
  default:
    fail(`Unknown command "${command}".\n${USAGE}`, 2);
}
