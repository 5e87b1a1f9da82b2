// One's own account on the real database: name, password, reset links (from an instructor and from
// the command line), one's data, deleting the account while the course keeps the grades; notices;
// `genlab user allow-courses`.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { createToolKeys } from "@/server/lti/keys";
import { callerFor, createUser, enroll, openTestContext, testDatabaseUrl, unique } from "../support/database";
import { rejects } from "../support/trpc-errors";

const ROOT = path.resolve(import.meta.dirname, "../..");
const ctx = openTestContext();
const { db } = ctx;
type User = Awaited<ReturnType<typeof createUser>>;
let instructor: User;
let student: User;
let outsider: User;
let courseId: string;

before(async () => {
  [instructor, student, outsider] = await Promise.all(["Instructor", "Student", "Outsider"].map((n) => createUser(ctx.auth, n)));
  courseId = (await callerFor(ctx, instructor).caller.course.create({ title: `Accounts ${unique()}` })).id;
  await enroll(db, student.id, courseId, "STUDENT");
});
after(async () => {
  await db.course.delete({ where: { id: courseId } });
  await db.$disconnect();
});

const as = (user: User | null) => callerFor(ctx, user).caller;

const signsIn = (email: string, password: string) =>
  ctx.auth.api.signInEmail({ body: { email, password } }).then(
    () => true,
    () => false,
  );

function genlab(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["bin/genlab.mjs", ...args], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl() },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("one's own account", () => {
  test("a name is checked like at sign-up", async () => {
    assert.deepEqual(await as(student).account.updateName({ name: "  Stu   Dent " }), { name: "Stu Dent" });
    await rejects(as(student).account.updateName({ name: "Alice\u202Egnp.exe" }), "BAD_REQUEST", /text-direction/);
    assert.equal((await db.user.findUniqueOrThrow({ where: { id: student.id } })).name, "Stu Dent");
  });

  test("changing the password needs the current one", async () => {
    const user = await createUser(ctx.auth, "Changer");
    await rejects(as(user).account.changePassword({ currentPassword: "wrong password", newPassword: "a new password" }), "FORBIDDEN", /current password/);
    await rejects(as(user).account.changePassword({ currentPassword: user.password, newPassword: "short" }), "BAD_REQUEST", /8 characters/);
    await as(user).account.changePassword({ currentPassword: user.password, newPassword: "a new password" });
    assert.equal(await signsIn(user.email, "a new password"), true);
    assert.equal(await signsIn(user.email, user.password), false);
  });

  test("an instructor of the student's course makes a one-time reset link; it ends every session", async () => {
    const forgetful = await createUser(ctx.auth, "Forgetful");
    await enroll(db, forgetful.id, courseId, "STUDENT");
    await rejects(as(outsider).account.createResetLink({ userId: forgetful.id }), "FORBIDDEN");
    await rejects(as(forgetful).account.createResetLink({ userId: instructor.id }), "FORBIDDEN");
    const assistant = await createUser(ctx.auth, "Assistant");
    await enroll(db, assistant.id, courseId, "TEACHING_ASSISTANT");
    await rejects(as(assistant).account.createResetLink({ userId: forgetful.id }), "FORBIDDEN");
    await rejects(as(instructor).account.createResetLink({ userId: assistant.id }), "FORBIDDEN");
    const link = await as(instructor).account.createResetLink({ userId: forgetful.id });
    const token = link.path.replace("/reset-password/", "");
    assert.match(link.path, /^\/reset-password\/[\w-]{20,}$/);
    await signsIn(forgetful.email, forgetful.password);
    assert.ok((await db.session.count({ where: { userId: forgetful.id } })) > 0);

    await rejects(as(null).account.resetPassword({ token, newPassword: "short" }), "BAD_REQUEST");
    assert.deepEqual(await as(null).account.resetPassword({ token, newPassword: "brand new password" }), { email: forgetful.email });
    assert.equal(await db.session.count({ where: { userId: forgetful.id } }), 0);
    assert.equal(await signsIn(forgetful.email, "brand new password"), true);
    await rejects(as(null).account.resetPassword({ token, newPassword: "another password" }), "CONFLICT", /not valid any more/);
  });

  test("`genlab user reset-link` prints a link for administrators; `allow-courses` approves course creators", async () => {
    const user = await createUser(ctx.auth, "Cli User");
    const reset = await genlab("user", "reset-link", user.email.toUpperCase());
    assert.equal(reset.code, 0, reset.stderr);
    const url = new URL(reset.stdout.split("\n")[0]);
    assert.match(url.pathname, /^\/reset-password\//);
    await as(null).account.resetPassword({ token: url.pathname.split("/").pop()!, newPassword: "set from the cli" });
    assert.equal(await signsIn(user.email, "set from the cli"), true);

    const allow = await genlab("user", "allow-courses", user.email);
    assert.equal(allow.code, 0, allow.stderr);
    assert.equal((await db.user.findUniqueOrThrow({ where: { id: user.id } })).canCreateCourses, true);
    const missing = await genlab("user", "allow-courses", "nobody@nowhere.test");
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /No account has the email/);

    const lms = await genlab("user", "allow-lms", user.email);
    assert.equal(lms.code, 0, lms.stderr);
    assert.equal((await db.user.findUniqueOrThrow({ where: { id: user.id } })).canManageLms, true);
    await genlab("user", "deny-lms", user.email);
    assert.equal((await db.user.findUniqueOrThrow({ where: { id: user.id } })).canManageLms, false);
  });

  test("`genlab lti rotate-key`: a new signing key; the old one stays published", async () => {
    const keys = createToolKeys(db);
    const before = (await keys.signingKey()).kid;
    const rotated = await genlab("lti", "rotate-key");
    assert.equal(rotated.code, 0, rotated.stderr);
    const kid = /signs with key ([\w-]+)/.exec(rotated.stdout)?.[1];
    assert.ok(kid && kid !== before, rotated.stdout);
    const published = (await createToolKeys(db).publicKeySet()).keys.map((k) => k.kid);
    assert.ok(published.includes(kid) && published.includes(before));
    assert.equal((await createToolKeys(db).signingKey()).kid, kid);
  });

  test("one's data comes as JSON: one's courses and submissions, nobody else's", async () => {
    await as(student).submission.submit({ courseId, exerciseSlug: "markov-chain", idempotencyKey: `k-${unique()}`, body: { pi: [4 / 51, 40 / 51, 7 / 51] } });
    const data = await as(student).account.exportData();
    assert.equal(data.account.email, student.email);
    assert.ok(data.courses.some((c) => c.role === "STUDENT"));
    assert.ok(data.submissions.length >= 1 && data.submissions.every((s) => s.exercise === "markov-chain"));
    assert.ok(!JSON.stringify(data).includes(instructor.email));
  });

  test("deleting an account keeps the course's grades under “Deleted student”; the last instructor cannot leave a course behind", async () => {
    await rejects(as(instructor).account.delete({ password: instructor.password }), "CONFLICT", /only instructor/);
    const leaving = await createUser(ctx.auth, "Leaving");
    await enroll(db, leaving.id, courseId, "STUDENT");
    await as(leaving).submission.submit({ courseId, exerciseSlug: "markov-chain", idempotencyKey: `k-${unique()}`, body: { pi: [4 / 51, 40 / 51, 7 / 51] } });
    await as(instructor).assignment.create({
      courseId,
      title: `Kept ${unique()}`,
      dueAt: new Date(Date.now() + 86400_000),
      items: [{ exerciseSlug: "markov-chain", points: 10 }],
    });
    await rejects(as(leaving).account.delete({ password: "not it" }), "FORBIDDEN");
    await as(leaving).account.delete({ password: leaving.password });

    assert.equal(await signsIn(leaving.email, leaving.password), false);
    const book = await as(instructor).gradebook.get({ courseId });
    const row = book.students.find((s) => s.userId === leaving.id);
    assert.equal(row?.name, "Deleted student");
    assert.ok(!JSON.stringify(book).includes(leaving.email), "no personal details left");
    assert.ok(
      Object.values(row!.assignments).some((a) => a.total === 10),
      "the grade stays",
    );
  });
});

describe("notices", () => {
  test("a new assignment is news for a week; one due within 24 hours is announced", async () => {
    const reader = await createUser(ctx.auth, "Reader");
    await enroll(db, reader.id, courseId, "STUDENT");
    const soon = await as(instructor).assignment.create({
      courseId,
      title: "Due soon",
      dueAt: new Date(Date.now() + 12 * 3600_000),
      items: [{ quizModuleSlug: "gan", points: 5 }],
    });
    const later = await as(instructor).assignment.create({
      courseId,
      title: "Due later",
      dueAt: new Date(Date.now() + 5 * 86400_000),
      items: [{ quizModuleSlug: "hmm", points: 5 }],
    });
    const past = await as(instructor).assignment.create({
      courseId,
      title: "Past",
      dueAt: new Date(Date.now() - 3600_000),
      items: [{ quizModuleSlug: "sampling", points: 5 }],
    });
    const notices = await as(reader).assignment.notices();
    const kinds = (id: string) =>
      notices
        .filter((n) => n.assignmentId === id)
        .map((n) => n.kind)
        .sort();
    assert.deepEqual(kinds(soon.id), ["due-soon", "new-assignment"]);
    assert.deepEqual(kinds(later.id), ["new-assignment"]);
    assert.deepEqual(kinds(past.id), [], "closed: nothing to do");
    assert.deepEqual(await as(outsider).assignment.notices(), []);
    // An extension moves "due soon" with the student's own date.
    await as(instructor).assignment.setExtension({ assignmentId: soon.id, userId: reader.id, dueAt: new Date(Date.now() + 3 * 86400_000) });
    assert.deepEqual(
      (await as(reader).assignment.notices()).filter((n) => n.assignmentId === soon.id).map((n) => n.kind),
      ["new-assignment"],
    );
  });
});
