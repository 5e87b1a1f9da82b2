// Demo data without a well-known password: seeded with the installation's own password, only what is
// missing, never restoring roles; the retired published password is replaced; `genlab demo seed` is
// the only way demo accounts reach an external database.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, test } from "node:test";
import { DEMO_ACCOUNTS, DEMO_COURSE } from "@/lib/course/modules";
import { createAuth } from "@/server/auth";
import { createDb, type Db } from "@/server/db";
import { randomDemoPassword, seedDemo } from "@/server/services/seed";
import { TEST_SECRET } from "../support/database";
import { createScratchDatabase } from "../support/scratch-database";

const ROOT = path.resolve(import.meta.dirname, "../..");
const INSTRUCTOR = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!.email;
let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
let db: Db;
let auth: ReturnType<typeof createAuth>;

before(async () => {
  scratch = await createScratchDatabase("genlab_demo_seed_test");
  db = createDb(scratch.url);
  auth = createAuth({ db, secret: TEST_SECRET, baseURL: "http://localhost" });
});

after(async () => {
  await db.$disconnect();
  await scratch.drop();
});

const signsIn = (email: string, password: string) =>
  auth.api.signInEmail({ body: { email, password } }).then(
    () => true,
    () => false,
  );

function runCli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ["bin/genlab.mjs", ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output })));
}

test("random demo passwords are long, typeable and different each time", () => {
  const passwords = new Set(Array.from({ length: 50 }, randomDemoPassword));
  assert.equal(passwords.size, 50);
  for (const p of passwords) assert.match(p, /^[a-hj-km-np-z2-9]{4}(-[a-hj-km-np-z2-9]{4}){3}$/);
});

test("seeding creates the demo with the given password; the old published one signs nobody in", { timeout: 60_000 }, async () => {
  const password = randomDemoPassword();
  const result = await seedDemo(db, auth, password);
  assert.deepEqual(result.created.sort(), DEMO_ACCOUNTS.map((a) => a.email).sort());
  assert.equal(result.passwordWorks, true);
  for (const account of DEMO_ACCOUNTS) {
    assert.equal(await signsIn(account.email, password), true, `${account.email} signs in with the installation's password`);
    assert.equal(await signsIn(account.email, "genlab-demo"), false, `${account.email} refuses genlab-demo`);
  }
  const course = await db.course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug } });
  const instructor = await db.user.findUniqueOrThrow({ where: { email: INSTRUCTOR } });
  const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: instructor.id, courseId: course.id } } });
  assert.equal(enrollment.role, "INSTRUCTOR");

  // A second start with another password changes nothing for accounts that exist, and says so.
  const again = await seedDemo(db, auth, "another-password-123");
  assert.deepEqual(again.created, []);
  assert.equal(again.passwordWorks, false, "the banner must not print a password that does not work");
  assert.equal(await signsIn(INSTRUCTOR, password), true);
});

test("a start never restores a role someone changed", { timeout: 60_000 }, async () => {
  const course = await db.course.findUniqueOrThrow({ where: { slug: DEMO_COURSE.slug } });
  const instructor = await db.user.findUniqueOrThrow({ where: { email: INSTRUCTOR } });
  await db.enrollment.update({ where: { userId_courseId: { userId: instructor.id, courseId: course.id } }, data: { role: "STUDENT" } });
  await seedDemo(db, auth, randomDemoPassword());
  const enrollment = await db.enrollment.findUniqueOrThrow({ where: { userId_courseId: { userId: instructor.id, courseId: course.id } } });
  assert.equal(enrollment.role, "STUDENT");
});

test("accounts still on the retired password get the installation's password", { timeout: 60_000 }, async () => {
  const context = await auth.$context;
  const alice = await db.user.findUniqueOrThrow({ where: { email: "alice@genlab.local" } });
  await context.internalAdapter.updatePassword(alice.id, await context.password.hash("genlab-demo"));
  assert.equal(await signsIn(alice.email, "genlab-demo"), true, "set-up: alice has the retired password");
  const fresh = randomDemoPassword();
  await seedDemo(db, auth, fresh);
  assert.equal(await signsIn(alice.email, "genlab-demo"), false);
  assert.equal(await signsIn(alice.email, fresh), true);
});

test("genlab demo seed: only on request, with GENLAB_DEMO_PASSWORD or a printed random password", { timeout: 120_000 }, async () => {
  const other = await createScratchDatabase("genlab_demo_cli_test");
  const otherDb = createDb(other.url);
  try {
    assert.equal(await otherDb.user.count(), 0, "a migrated database has no demo accounts until asked");
    const first = await runCli(["demo", "seed"], { DATABASE_URL: other.url, GENLAB_DEMO_PASSWORD: "" });
    assert.equal(first.code, 0, first.output);
    const printed = /with the password (\S+)/.exec(first.output)?.[1];
    assert.ok(printed && printed !== "genlab-demo", first.output);
    const otherAuth = createAuth({ db: otherDb, secret: TEST_SECRET, baseURL: "http://localhost" });
    await otherAuth.api.signInEmail({ body: { email: INSTRUCTOR, password: printed } });

    const second = await runCli(["demo", "seed"], { DATABASE_URL: other.url, GENLAB_DEMO_PASSWORD: "chosen-by-the-operator" });
    assert.equal(second.code, 0, second.output);
    assert.match(second.output, /existed already; their passwords and roles are unchanged/);

    const missing = await runCli(["demo", "seed"], { DATABASE_URL: "" });
    assert.notEqual(missing.code, 0);
    assert.match(missing.output, /Set DATABASE_URL/);
  } finally {
    await otherDb.$disconnect();
    await other.drop();
  }
});
