// Running a course on the real database: creating one (and who may), its join code, staff and
// student invites, roster import, module visibility through every procedure a student could use,
// archive, and copying to a new term.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { COURSE_MODULES } from "@/lib/course/modules";
import { EXERCISES } from "@/exercises/registry";
import { addLectureModules } from "@/server/services/courses";
import { callerFor, createUser, enroll, openTestContext, perfectRingSamples, unique } from "../support/database";
import { rejects } from "../support/trpc-errors";

const ctx = openTestContext();
const { db } = ctx;
type User = Awaited<ReturnType<typeof createUser>>;
let lecturer: User;
let student: User;
const createdCourses: string[] = [];

before(async () => {
  [lecturer, student] = await Promise.all(["Lecturer", "Student"].map((n) => createUser(ctx.auth, n)));
});
after(async () => {
  await db.course.deleteMany({ where: { id: { in: createdCourses } } });
  await db.$disconnect();
});

const as = (user: User | null, courseCreation?: "anyone" | "approved") => callerFor({ ...ctx, courseCreation }, user).caller;

async function newCourse(title = `Generative AI ${unique()}`, extra: Record<string, unknown> = {}) {
  const course = await as(lecturer).course.create({ title, term: "Spring 2027", timeZone: "Europe/Berlin", ...extra });
  createdCourses.push(course.id);
  return course;
}

describe("creating a course", () => {
  test("a signed-in lecturer gets a course with the lecture's modules, its exercises and a join code, as its instructor", async () => {
    const course = await newCourse();
    assert.match(course.joinCode, /^[A-HJ-NP-Z2-9]{6}$/);
    const view = await as(lecturer).course.get({ courseId: course.id });
    assert.equal(view.role, "INSTRUCTOR");
    assert.deepEqual(
      view.modules.map((m) => m.slug),
      COURSE_MODULES.map((m) => m.slug),
    );
    assert.equal(view.modules.flatMap((m) => m.exercises).length, EXERCISES.length);
    assert.equal(view.timeZone, "Europe/Berlin");
    assert.equal(view.term, "Spring 2027");
    const mine = await as(lecturer).course.mine();
    assert.equal(mine.find((c) => c.id === course.id)?.joinCode, course.joinCode);
  });

  test("a time zone that does not exist is refused in words; one spelled oddly is stored as the zone's name", async () => {
    await rejects(as(lecturer).course.create({ title: "Bad zone", timeZone: "Mars/Olympus" }), "BAD_REQUEST", /not a time zone/);
    const course = await newCourse(`Zone ${unique()}`, { timeZone: "eUrOpE/bErLiN" });
    assert.equal((await as(lecturer).course.get({ courseId: course.id })).timeZone, "Europe/Berlin", "stored under its canonical name");
  });

  test("with GENLAB_COURSE_CREATORS=approved only approved accounts create courses", async () => {
    const newcomer = await createUser(ctx.auth, "Newcomer");
    await rejects(as(newcomer, "approved").course.create({ title: "Not yet" }), "FORBIDDEN", /genlab user allow-courses/);
    assert.equal(await db.course.count({ where: { title: "Not yet" } }), 0, "nothing half-made");
    await db.user.update({ where: { id: newcomer.id }, data: { canCreateCourses: true } });
    const course = await as(newcomer, "approved").course.create({ title: `Approved ${unique()}` });
    createdCourses.push(course.id);
    assert.equal((await as(newcomer).course.get({ courseId: course.id })).role, "INSTRUCTOR");
  });

  test("the join code can be regenerated (the old one stops working) and closed", async () => {
    const course = await newCourse();
    const { joinCode } = await as(lecturer).course.regenerateJoinCode({ courseId: course.id });
    assert.notEqual(joinCode, course.joinCode);
    const joiner = await createUser(ctx.auth, "Joiner");
    await rejects(as(joiner).course.join({ joinCode: course.joinCode }), "NOT_FOUND");
    await as(lecturer).course.update({ courseId: course.id, joinOpen: false });
    await rejects(as(joiner).course.join({ joinCode }), "NOT_FOUND");
    await as(lecturer).course.update({ courseId: course.id, joinOpen: true });
    assert.equal((await as(joiner).course.join({ joinCode })).role, "STUDENT");
    await rejects(as(joiner).course.regenerateJoinCode({ courseId: course.id }), "FORBIDDEN");
  });
});

describe("staff and roster", () => {
  test("a co-instructor and a TA join through invite links for their own address only; a TA cannot change staff", async () => {
    const course = await newCourse();
    const [coInstructor, assistant, stranger] = await Promise.all(["Co Instructor", "Assistant", "Stranger"].map((n) => createUser(ctx.auth, n)));
    const coInvite = await as(lecturer).roster.invite({ courseId: course.id, email: coInstructor.email.toUpperCase(), role: "INSTRUCTOR" });
    const taInvite = await as(lecturer).roster.invite({ courseId: course.id, email: assistant.email, role: "TEACHING_ASSISTANT", section: "Lab A" });
    const token = (path: string) => path.replace("/invite/", "");

    assert.deepEqual(await as(null).roster.describeInvite({ token: token(taInvite.path) }), {
      courseTitle: course.title,
      term: "Spring 2027",
      role: "TEACHING_ASSISTANT",
      email: assistant.email,
      name: null,
    });
    await rejects(as(stranger).roster.acceptInvite({ token: token(taInvite.path) }), "FORBIDDEN", /is for/);
    assert.equal((await as(assistant).roster.acceptInvite({ token: token(taInvite.path) })).role, "TEACHING_ASSISTANT");
    await rejects(as(assistant).roster.acceptInvite({ token: token(taInvite.path) }), "CONFLICT", /already used/);
    assert.equal((await as(coInstructor).roster.acceptInvite({ token: token(coInvite.path) })).role, "INSTRUCTOR");

    const stored = await db.courseInvite.findFirstOrThrow({ where: { id: taInvite.inviteId } });
    assert.ok(!stored.tokenHash.includes(token(taInvite.path)), "only the token's hash is kept");

    await rejects(as(assistant).roster.invite({ courseId: course.id, email: "new-ta@example.org", role: "TEACHING_ASSISTANT" }), "FORBIDDEN");
    const studentInvite = await as(assistant).roster.invite({ courseId: course.id, email: "new-student@example.org", role: "STUDENT" });
    assert.match(studentInvite.path, /^\/invite\/[\w-]{20,}$/);
    await rejects(as(assistant).roster.updateMember({ courseId: course.id, userId: coInstructor.id, role: "STUDENT" }), "FORBIDDEN");
    await rejects(as(assistant).course.update({ courseId: course.id, title: "Renamed" }), "FORBIDDEN");
    await rejects(as(assistant).course.delete({ courseId: course.id, confirmTitle: course.title }), "FORBIDDEN");
  });

  test("a course keeps at least one instructor", async () => {
    const course = await newCourse();
    await rejects(as(lecturer).roster.updateMember({ courseId: course.id, userId: lecturer.id, role: "STUDENT" }), "CONFLICT", /at least one instructor/);
    await rejects(as(lecturer).roster.removeMember({ courseId: course.id, userId: lecturer.id }), "CONFLICT");
  });

  test("a roster CSV enrols nobody without consent: members get their section, the others an invite (also taken up by joining with the code)", async () => {
    const course = await newCourse();
    const [known, member] = await Promise.all(["Known Student", "Member"].map((n) => createUser(ctx.auth, n)));
    await enroll(db, member.id, course.id, "STUDENT");
    const fresh = `fresh-${unique()}@example.org`;
    const csv = [
      "email,name,section",
      `${known.email.toUpperCase()},Known Student,Lab B`,
      `"${fresh}","Fresh, Person",Lab A`,
      "not-an-email,Someone,",
      `${lecturer.email},Lecturer,`,
      `${member.email},Member,Lab C`,
      "",
    ].join("\n");
    const result = await as(lecturer).roster.import({ courseId: course.id, csv });
    assert.deepEqual(
      result.invited.map((i) => i.email).sort(),
      [known.email.toLowerCase(), fresh].sort(),
      "an account gives no shortcut: the same invite as anyone",
    );
    assert.deepEqual(result.updated, [member.email.toLowerCase()]);
    assert.deepEqual(
      result.skipped.map((s) => [s.line, s.reason.slice(0, 20)]),
      [
        [4, "“not-an-email” is no"],
        [5, `${lecturer.email}`.slice(0, 20)],
      ],
      "line numbers as in the file",
    );
    let roster = await as(lecturer).roster.list({ courseId: course.id });
    assert.equal(
      roster.members.some((m) => m.userId === known.id),
      false,
      "not enrolled until they say yes",
    );
    assert.equal(roster.members.find((m) => m.userId === member.id)?.section, "Lab C");
    assert.equal(roster.members.find((m) => m.userId === lecturer.id)?.role, "INSTRUCTOR", "staff keep their role");

    // Joining with the course's code takes up the invite, section included.
    await as(known).course.join({ joinCode: course.joinCode });
    roster = await as(lecturer).roster.list({ courseId: course.id });
    assert.equal(roster.members.find((m) => m.userId === known.id)?.section, "Lab B");
    assert.deepEqual(
      roster.invites.map((i) => [i.name, i.section]),
      [["Fresh, Person", "Lab A"]],
    );

    // Importing again within a day leaves the pending invite (and the inbox) alone.
    const again = await as(lecturer).roster.import({ courseId: course.id, csv });
    assert.deepEqual([again.invited, again.alreadyInvited], [[], [fresh]]);
  });

  test("an invite stops working when whoever made it leaves the staff", async () => {
    const course = await newCourse();
    const [coInstructor, friend] = await Promise.all(["Leaving Instructor", "Friend"].map((n) => createUser(ctx.auth, n)));
    await enroll(db, coInstructor.id, course.id, "INSTRUCTOR");
    const invite = await as(coInstructor).roster.invite({ courseId: course.id, email: friend.email, role: "INSTRUCTOR" });
    await as(lecturer).roster.removeMember({ courseId: course.id, userId: coInstructor.id });
    await rejects(as(friend).roster.acceptInvite({ token: invite.path.replace("/invite/", "") }), "CONFLICT", /no longer on the course's staff/);
  });
});

describe("module visibility", () => {
  test("students never see a hidden module's quiz or exercises, through any procedure; staff do", async () => {
    const course = await newCourse();
    await enroll(db, student.id, course.id, "STUDENT");
    await as(lecturer).course.setModuleVisibility({ courseId: course.id, moduleSlug: "gan", hidden: true, releaseAt: null });
    const s = as(student);
    const ref = { courseId: course.id, exerciseSlug: "gan-ring" };
    assert.ok(!(await s.course.get({ courseId: course.id })).modules.some((m) => m.slug === "gan"));
    assert.ok(!(await s.progress.mine({ courseId: course.id })).some((m) => m.slug === "gan"));
    await rejects(s.progress.quiz({ courseId: course.id, moduleSlug: "gan" }), "NOT_FOUND");
    await rejects(s.progress.answer({ courseId: course.id, moduleSlug: "gan", questionId: "value-function", answer: 0 }), "NOT_FOUND");
    await rejects(s.progress.markRead({ courseId: course.id, moduleSlug: "gan" }), "NOT_FOUND");
    await rejects(s.exercise.get(ref), "NOT_FOUND");
    await rejects(s.leaderboard.get(ref), "NOT_FOUND");
    await rejects(s.submission.mine(ref), "NOT_FOUND");
    await rejects(s.submission.submit({ ...ref, idempotencyKey: `hidden-${unique()}`, body: { samples: perfectRingSamples() } }), "NOT_FOUND");
    await rejects(s.pool.list(ref), "NOT_FOUND");
    assert.equal(await db.submission.count({ where: { userId: student.id, exercise: { courseId: course.id } } }), 0);

    // Staff see it, marked.
    const staffView = await as(lecturer).course.get({ courseId: course.id });
    assert.deepEqual(
      staffView.modules.filter((m) => m.slug === "gan").map((m) => [m.hidden, m.visibleToStudents]),
      [[true, false]],
    );
    assert.equal((await as(lecturer).exercise.get(ref)).slug, "gan-ring");

    // A release date in the future keeps it hidden; one passed shows it.
    await as(lecturer).course.setModuleVisibility({ courseId: course.id, moduleSlug: "gan", hidden: false, releaseAt: new Date(Date.now() + 3600_000) });
    await rejects(s.exercise.get(ref), "NOT_FOUND");
    await as(lecturer).course.setModuleVisibility({ courseId: course.id, moduleSlug: "gan", hidden: false, releaseAt: new Date(Date.now() - 1000) });
    assert.equal((await s.exercise.get(ref)).slug, "gan-ring");
    assert.ok((await s.course.get({ courseId: course.id })).modules.some((m) => m.slug === "gan"));
  });
});

describe("archive, delete, copy", () => {
  test("an archived course is read-only: no submissions, joins or quiz answers", async () => {
    const course = await newCourse();
    await enroll(db, student.id, course.id, "STUDENT");
    await as(lecturer).course.setArchived({ courseId: course.id, archived: true });
    await rejects(
      as(student).submission.submit({
        courseId: course.id,
        exerciseSlug: "markov-chain",
        idempotencyKey: `archived-${unique()}`,
        body: { pi: [4 / 51, 40 / 51, 7 / 51] },
      }),
      "CONFLICT",
      /archived/,
    );
    await rejects(as(student).progress.markRead({ courseId: course.id, moduleSlug: "gan" }), "CONFLICT", /archived/);
    assert.equal((await as(student).course.get({ courseId: course.id })).archived, true, "still readable");
    await as(lecturer).course.setArchived({ courseId: course.id, archived: false });
    await as(student).progress.markRead({ courseId: course.id, moduleSlug: "gan" });
  });

  test("deleting needs the title typed back", async () => {
    const course = await newCourse("Delete me");
    await rejects(as(lecturer).course.delete({ courseId: course.id, confirmTitle: "delete" }), "BAD_REQUEST", /Type the course's title/);
    await as(lecturer).course.delete({ courseId: course.id, confirmTitle: " Delete me " });
    assert.equal(await db.course.count({ where: { id: course.id } }), 0);
  });

  test("copy to a new term keeps settings and visibility and shifts assignment dates by calendar days in the course's zone", async () => {
    const course = await newCourse();
    await as(lecturer).course.setModuleVisibility({ courseId: course.id, moduleSlug: "hmm", hidden: true, releaseAt: null });
    await as(lecturer).assignment.create({
      courseId: course.id,
      title: "Assignment 2: GANs",
      openAt: "2026-10-19T09:00",
      dueAt: "2026-10-23T23:59",
      latePolicy: { kind: "percentPerDay", percentPerDay: 10, maxDays: 3 },
      items: [
        { exerciseSlug: "gan-ring", points: 10 },
        { quizModuleSlug: "gan", points: 5 },
      ],
    });
    // 35 days later crosses the end of summer time in Berlin: 23:59 stays 23:59 (CEST, UTC+2 → CET, UTC+1).
    const copy = await as(lecturer).course.copy({ courseId: course.id, title: `Copy ${unique()}`, term: "Autumn 2027", shiftDays: 35 });
    createdCourses.push(copy.id);
    const [assignment] = (await as(lecturer).assignment.list({ courseId: copy.id })).assignments;
    assert.equal(assignment.title, "Assignment 2: GANs");
    assert.equal(assignment.dueAt.toISOString(), "2026-11-27T22:59:00.000Z");
    assert.equal(assignment.openAt?.toISOString(), "2026-11-23T08:00:00.000Z");
    assert.deepEqual(
      assignment.items.map((i) => [i.kind, i.exerciseSlug ?? i.quizModuleSlug, i.points]),
      [
        ["exercise", "gan-ring", 10],
        ["quiz", "gan", 5],
      ],
    );
    const copiedIds = new Set(
      (await db.assignmentItem.findMany({ where: { assignment: { courseId: copy.id } }, include: { exercise: true, module: true } })).map(
        (i) => (i.exercise ?? i.module)!.courseId,
      ),
    );
    assert.deepEqual([...copiedIds], [copy.id], "items point at the new course's exercise and module");
    const view = await as(lecturer).course.get({ courseId: copy.id });
    assert.equal(view.modules.find((m) => m.slug === "hmm")?.hidden, true);
    assert.equal(view.term, "Autumn 2027");
    assert.equal(await db.enrollment.count({ where: { courseId: copy.id } }), 1, "members stay with the old course");
  });
});

describe("a course made before the lecture grew", () => {
  test("gains the new modules at their lecture positions, with the schedule of the module before them, and exercises follow their module", async () => {
    const course = await newCourse();
    // As an older GenLab left it: none of the three modules after "gan" (which is hidden until a release
    // date), and the conditional GAN's exercise filed under "gan".
    const newer = ["adversarial-autoencoders", "conditional-gans", "image-to-image-translation"];
    const releaseAt = new Date("2027-05-01T08:00:00Z");
    await db.module.updateMany({ where: { courseId: course.id, slug: "gan" }, data: { hidden: true, releaseAt } });
    const gan = await db.module.findUniqueOrThrow({ where: { courseId_slug: { courseId: course.id, slug: "gan" } } });
    await db.exercise.updateMany({ where: { courseId: course.id, slug: "cgan-digits" }, data: { moduleId: gan.id, position: 7 } });
    await db.module.deleteMany({ where: { courseId: course.id, slug: { in: newer } } });
    await db.module.updateMany({ where: { courseId: course.id, position: { gt: gan.position } }, data: { position: { decrement: newer.length } } });

    await db.$transaction((tx) => addLectureModules(tx, [course.id]));

    const modules = await db.module.findMany({ where: { courseId: course.id }, orderBy: { position: "asc" }, include: { exercises: true } });
    assert.deepEqual(
      modules.map((m) => [m.slug, m.position]),
      COURSE_MODULES.map((m, position) => [m.slug, position]),
    );
    for (const added of modules.filter((m) => newer.includes(m.slug))) {
      assert.equal(added.hidden, true, `${added.slug}: hidden like the module before it`);
      assert.equal(added.releaseAt?.toISOString(), releaseAt.toISOString());
    }
    assert.deepEqual(
      modules.find((m) => m.slug === "conditional-gans")!.exercises.map((e) => [e.slug, e.position]),
      [["cgan-digits", 0]],
    );
    for (const m of modules) {
      assert.deepEqual(
        m.exercises.map((e) => e.slug).sort(),
        EXERCISES.filter((e) => e.moduleSlug === m.slug)
          .map((e) => e.slug)
          .sort(),
        `${m.slug} holds its registry exercises`,
      );
    }
  });
});
