// Assignments and the gradebook on the real database: points from the server's own scores under a
// grading rule, late days counted in the course's time zone across the end of summer time, an
// extension, best vs last, a rule change recomputing, overrides with their audit, release, exports,
// and graded quiz attempts.
//
// Submission times are set on the stored rows (the server stamps them with now()); everything else
// goes through the API.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { QUIZZES } from "@/lib/course/quizzes";
import { callerFor, createUser, enroll, openTestContext, unique } from "../support/database";
import { rejects } from "../support/trpc-errors";

const ctx = openTestContext();
const { db } = ctx;
type User = Awaited<ReturnType<typeof createUser>>;
let instructor: User;
let assistant: User;
let ada: User;
let ben: User;
let courseId: string;

before(async () => {
  [instructor, assistant, ada, ben] = await Promise.all(["Instructor", "Assistant", "Ada", "Ben"].map((n) => createUser(ctx.auth, n)));
  courseId = (await callerFor(ctx, instructor).caller.course.create({ title: `Graded ${unique()}`, timeZone: "Europe/Berlin" })).id;
  await enroll(db, assistant.id, courseId, "TEACHING_ASSISTANT");
  await enroll(db, ada.id, courseId, "STUDENT");
  await enroll(db, ben.id, courseId, "STUDENT");
  await db.enrollment.update({ where: { userId_courseId: { userId: ben.id, courseId } }, data: { section: "Lab B" } });
});
after(async () => {
  await db.course.delete({ where: { id: courseId } });
  await db.$disconnect();
});

const as = (user: User) => callerFor(ctx, user).caller;

/** A stationary distribution whose L1 error against the true one (4/51, 40/51, 7/51) is `l1`. */
const markovWithError = (l1: number) => ({ pi: [4 / 51 + l1 / 2, 40 / 51 - l1 / 2, 7 / 51] });

/** Submits through the API (scored by the server), then dates the stored submission `at`. */
async function submitAt(user: User, at: string, l1: number) {
  const result = await as(user).submission.submit({ courseId, exerciseSlug: "markov-chain", idempotencyKey: `k-${unique()}`, body: markovWithError(l1) });
  assert.ok(Math.abs(result.metrics.l1Error - l1) < 1e-9, `scored l1Error ${result.metrics.l1Error}`);
  await db.submission.update({ where: { id: result.id }, data: { createdAt: new Date(at) } });
  return result.id;
}

// Full points at L1 error ≤ 0.01, none at ≥ 0.21: an error of 0.11 earns half.
const RULE = { kind: "linear" as const, metric: "l1Error", full: 0.01, zero: 0.21 };
// Friday 23 October 2026, 23:59 in Berlin (CEST, UTC+2) = 21:59 UTC. Summer time ends on Sunday the 25th.
const DUE = "2026-10-23T23:59";

async function createGanAssignment(counting: "BEST" | "LAST" = "BEST") {
  return as(instructor).assignment.create({
    courseId,
    title: `Assignment 2: GANs ${unique()}`,
    instructions: "Train **both** models.",
    openAt: "2026-10-19T09:00",
    dueAt: DUE,
    latePolicy: { kind: "percentPerDay", percentPerDay: 10, maxDays: 3 },
    items: [{ exerciseSlug: "markov-chain", points: 10, rule: RULE, counting }],
  });
}

async function itemGrade(assignmentId: string, userId: string) {
  const book = await as(assistant).gradebook.get({ courseId });
  return book.students.find((s) => s.userId === userId)!.assignments[assignmentId].items[0];
}

describe("points from the server's scores", () => {
  test("dates are read in the course's time zone; late days are calendar days there, across the end of summer time", async () => {
    const assignment = await createGanAssignment();
    const stored = await db.assignment.findUniqueOrThrow({ where: { id: assignment.id } });
    assert.equal(stored.dueAt.toISOString(), "2026-10-23T21:59:00.000Z");
    assert.equal(stored.openAt?.toISOString(), "2026-10-19T07:00:00.000Z");

    await db.submission.deleteMany({ where: { userId: ada.id, exercise: { courseId } } });
    const before = await submitAt(ada, "2026-10-19T06:59:00Z", 0); // before it opened: not counted
    const onTime = await submitAt(ada, "2026-10-23T21:59:00Z", 0.11); // exactly at the due time: on time, half of 10
    let grade = await itemGrade(assignment.id, ada.id);
    assert.deepEqual([grade.computed, grade.countedId, grade.late], [5, onTime, false]);
    assert.notEqual(grade.countedId, before);

    // Sunday 25 October, 23:30 in Berlin (CET, UTC+1) = 22:30 UTC: two days late. Day 2 ended at
    // Sunday 23:59 CET = 22:59 UTC, 25 hours after day 1 ended (Saturday 23:59 CEST = 21:59 UTC).
    const lateTwo = await submitAt(ada, "2026-10-25T22:30:00Z", 0.01);
    grade = await itemGrade(assignment.id, ada.id);
    assert.deepEqual([grade.computed, grade.countedId, grade.late, grade.daysLate], [8, lateTwo, true, 2], "10 × (1 − 2 × 10 %), better than 5");

    // Four days late is past the 3-day window: not counted, whatever its score.
    await submitAt(ada, "2026-10-27T23:30:00Z", 0);
    grade = await itemGrade(assignment.id, ada.id);
    assert.equal(grade.countedId, lateTwo);
  });

  test("one hour after the 25-hour day ends is a third late day", async () => {
    const assignment = await createGanAssignment();
    await db.submission.deleteMany({ where: { userId: ben.id, exercise: { courseId } } });
    await submitAt(ben, "2026-10-25T23:10:00Z", 0.01); // Monday 00:10 CET: day 3
    const grade = await itemGrade(assignment.id, ben.id);
    assert.deepEqual([grade.computed, grade.daysLate], [7, 3]);
  });

  test("an extension moves the due date (and the late window) for one student", async () => {
    const assignment = await createGanAssignment();
    await db.submission.deleteMany({ where: { userId: ben.id, exercise: { courseId } } });
    await submitAt(ben, "2026-10-25T22:30:00Z", 0.01);
    await as(assistant).assignment.setExtension({ assignmentId: assignment.id, userId: ben.id, dueAt: "2026-10-25T23:59" });
    const grade = await itemGrade(assignment.id, ben.id);
    assert.deepEqual([grade.computed, grade.late], [10, false]);
    const mine = await as(ben).assignment.get({ assignmentId: assignment.id });
    assert.equal(mine.mine?.dueAt.toISOString(), "2026-10-25T22:59:00.000Z");
    assert.equal(mine.mine?.extended, true);
    assert.equal(mine.mine?.closesAt.toISOString(), "2026-10-28T22:59:00.000Z", "3 late days after the extended due date");
    await rejects(
      as(assistant).assignment.setExtension({ assignmentId: assignment.id, userId: ben.id, dueAt: "2026-10-20T12:00" }),
      "BAD_REQUEST",
      /after the assignment's due date/,
    );
    await rejects(as(ben).assignment.setExtension({ assignmentId: assignment.id, userId: ben.id, dueAt: "2026-12-25T12:00" }), "FORBIDDEN");
  });

  test("best counts the highest points; last counts the last on-time submission", async () => {
    const best = await createGanAssignment("BEST");
    const last = await createGanAssignment("LAST");
    await db.submission.deleteMany({ where: { userId: ada.id, exercise: { courseId } } });
    const good = await submitAt(ada, "2026-10-21T10:00:00Z", 0.01);
    const worse = await submitAt(ada, "2026-10-22T10:00:00Z", 0.11);
    await submitAt(ada, "2026-10-24T10:00:00Z", 0.01); // late: last ignores it while an on-time one exists
    assert.deepEqual([(await itemGrade(best.id, ada.id)).countedId, (await itemGrade(best.id, ada.id)).computed], [good, 10]);
    assert.deepEqual([(await itemGrade(last.id, ada.id)).countedId, (await itemGrade(last.id, ada.id)).computed], [worse, 5]);
  });

  test("an item holding quiz attempts or hand-set grades cannot be removed (they would be lost)", async () => {
    const assignment = await as(instructor).assignment.create({
      courseId,
      title: `Keep ${unique()}`,
      dueAt: new Date(Date.now() + 86400_000),
      items: [
        { exerciseSlug: "markov-chain", points: 10 },
        { quizModuleSlug: "sampling", points: 5 },
      ],
    });
    const quizItem = (await db.assignmentItem.findFirstOrThrow({ where: { assignmentId: assignment.id, moduleId: { not: null } } })).id;
    await as(ada).assignment.submitQuiz({ itemId: quizItem, answers: {} });
    const keepOnlyExercise = {
      assignmentId: assignment.id,
      title: "Keep",
      dueAt: new Date(Date.now() + 86400_000),
      items: [{ exerciseSlug: "markov-chain", points: 10 }],
    };
    await rejects(as(instructor).assignment.update(keepOnlyExercise), "BAD_REQUEST", /would lose them/);
    assert.equal(await db.quizAttempt.count({ where: { itemId: quizItem } }), 1);
  });

  test("a changed rule recomputes the points at once", async () => {
    const assignment = await createGanAssignment();
    await db.submission.deleteMany({ where: { userId: ada.id, exercise: { courseId } } });
    await submitAt(ada, "2026-10-21T10:00:00Z", 0.11);
    assert.equal((await itemGrade(assignment.id, ada.id)).computed, 5);
    const view = await as(instructor).assignment.get({ assignmentId: assignment.id });
    await as(instructor).assignment.update({
      assignmentId: assignment.id,
      title: view.title,
      dueAt: view.dueAt,
      openAt: view.openAt,
      latePolicy: view.latePolicy,
      items: [{ exerciseSlug: "markov-chain", points: 20, rule: { ...RULE, full: 0.11 } }],
    });
    const grade = await itemGrade(assignment.id, ada.id);
    assert.equal(grade.itemId, view.items[0].id, "the item kept its id");
    assert.equal(grade.computed, 20);
  });

  test("items without a rule use the exercise's default rule; a rule on a metric the exercise lacks is refused", async () => {
    const assignment = await as(instructor).assignment.create({
      courseId,
      title: "Defaults",
      dueAt: "2026-12-31T23:59",
      items: [{ exerciseSlug: "gan-ring", points: 10 }],
    });
    const item = await db.assignmentItem.findFirstOrThrow({ where: { assignmentId: assignment.id } });
    assert.deepEqual(item.rule, { kind: "linear", metric: "modesCovered", full: 8, zero: 2 });
    await rejects(
      as(instructor).assignment.create({
        courseId,
        title: "Bad rule",
        dueAt: "2026-12-31T23:59",
        items: [{ exerciseSlug: "gan-ring", points: 10, rule: { kind: "linear", metric: "fid", full: 40, zero: 200 } }],
      }),
      "BAD_REQUEST",
      /fid/,
    );
    await rejects(
      as(assistant).assignment.create({ courseId, title: "TA", dueAt: "2026-12-31T23:59", items: [{ exerciseSlug: "gan-ring", points: 10 }] }),
      "FORBIDDEN",
    );
    await rejects(
      as(instructor).assignment.create({
        courseId,
        title: "Backwards",
        openAt: "2026-12-31T23:59",
        dueAt: "2026-12-01T00:00",
        items: [{ exerciseSlug: "gan-ring", points: 1 }],
      }),
      "BAD_REQUEST",
      /open before/,
    );
    assert.equal(await db.assignment.count({ where: { courseId, title: { in: ["Bad rule", "TA", "Backwards"] } } }), 0);
  });
});

describe("what students see of an assignment", () => {
  test("an item in a module not released yet shows as such, without its name or link", async () => {
    await as(instructor).course.setModuleVisibility({ courseId, moduleSlug: "normalizing-flows", hidden: true, releaseAt: null });
    const assignment = await as(instructor).assignment.create({
      courseId,
      title: `Flows ${unique()}`,
      dueAt: "2026-12-31T23:59",
      items: [
        { exerciseSlug: "flow-moons", points: 10 },
        { quizModuleSlug: "normalizing-flows", points: 5 },
        { exerciseSlug: "markov-chain", points: 1 },
      ],
    });
    const seen = await as(ada).assignment.get({ assignmentId: assignment.id });
    assert.deepEqual(
      seen.items.map((i) => [i.kind, i.exerciseSlug ?? i.quizModuleSlug, i.points]),
      [
        ["unreleased", null, 10],
        ["unreleased", null, 5],
        ["exercise", "markov-chain", 1],
      ],
    );
    assert.ok(!JSON.stringify(await as(ada).assignment.mine()).includes("flow-moons"));
    assert.deepEqual(
      (await as(assistant).assignment.get({ assignmentId: assignment.id })).items.map((i) => i.kind),
      ["exercise", "quiz", "exercise"],
      "staff see it all",
    );
    await as(instructor).course.setModuleVisibility({ courseId, moduleSlug: "normalizing-flows", hidden: false, releaseAt: null });
  });

  test("dates outside 2000–2100 are refused before anything is stored", async () => {
    await rejects(
      as(instructor).assignment.create({ courseId, title: "Far", dueAt: new Date(8.64e15 - 1000), items: [{ exerciseSlug: "markov-chain", points: 1 }] }),
      "BAD_REQUEST",
      /2100/,
    );
    await rejects(
      as(instructor).assignment.create({ courseId, title: "Far", dueAt: "9999-12-31T23:59", items: [{ exerciseSlug: "markov-chain", points: 1 }] }),
      "BAD_REQUEST",
    );
    assert.equal(await db.assignment.count({ where: { courseId, title: "Far" } }), 0);
  });
});

describe("overrides, release and exports", () => {
  test("an override needs a reason, is audited old → new, and reaches the student only once grades are released", async () => {
    const assignment = await createGanAssignment();
    await db.submission.deleteMany({ where: { userId: ada.id, exercise: { courseId } } });
    await submitAt(ada, "2026-10-21T10:00:00Z", 0.11);
    const itemId = (await itemGrade(assignment.id, ada.id)).itemId;
    await rejects(as(assistant).gradebook.override({ itemId, userId: ada.id, change: { points: 9.5 }, reason: "  " }), "BAD_REQUEST");
    await rejects(as(ada).gradebook.override({ itemId, userId: ada.id, change: { points: 10 }, reason: "I deserve it" }), "FORBIDDEN");
    await as(assistant).gradebook.override({ itemId, userId: ada.id, change: { points: 9.5 }, reason: "Regraded by hand: the plot shows convergence." });
    await as(instructor).gradebook.override({ itemId, userId: ada.id, change: { excused: true }, reason: "Medical note" });

    const grade = await itemGrade(assignment.id, ada.id);
    assert.deepEqual([grade.computed, grade.earned, grade.excused], [5, null, true]);
    const record = await as(instructor).gradebook.student({ courseId, userId: ada.id });
    const audit = record.audit.filter((a) => a.itemId === itemId);
    assert.deepEqual(
      audit.map((a) => [a.grader, a.before, a.after, a.reason]),
      [
        ["Instructor", { points: 9.5, excused: false }, { points: null, excused: true }, "Medical note"],
        ["Assistant", null, { points: 9.5, excused: false }, "Regraded by hand: the plot shows convergence."],
      ],
    );

    let mine = (await as(ada).assignment.get({ assignmentId: assignment.id })).mine!;
    assert.deepEqual(
      [mine.released, mine.items[0].earned, mine.items[0].excused, mine.items[0].override],
      [false, 5, false, null],
      "before release: the computed points only",
    );
    await as(assistant).assignment.setReleased({ assignmentId: assignment.id, released: true });
    mine = (await as(ada).assignment.get({ assignmentId: assignment.id })).mine!;
    assert.deepEqual([mine.released, mine.items[0].earned, mine.items[0].excused, mine.pointsPossible], [true, null, true, 0]);
  });

  test("the gradebook filters by section; its exports are in the generic, Canvas and Moodle formats", async () => {
    const book = await as(instructor).gradebook.get({ courseId, section: "Lab B" });
    assert.deepEqual(
      book.students.map((s) => s.userId),
      [ben.id],
    );
    assert.deepEqual(book.sections, ["Lab B"]);
    const canvas = await as(assistant).gradebook.csv({ courseId, format: "canvas" });
    assert.match(canvas.filename, /-canvas-grades-\d{4}-\d{2}-\d{2}\.csv$/);
    const [header, pointsRow] = canvas.csv.split("\r\n");
    assert.match(header, /^Student,ID,SIS User ID,SIS Login ID,Section,/);
    assert.match(pointsRow, /^(\s*Points Possible|Points Possible),/);
    assert.ok(canvas.csv.includes(ben.email), "students are matched on their login (email)");
    const moodle = await as(assistant).gradebook.csv({ courseId, format: "moodle" });
    assert.match(moodle.csv.split("\r\n")[0], /Email address/);
    const generic = await as(assistant).gradebook.csv({ courseId, format: "generic" });
    assert.match(generic.csv.split("\r\n")[0], /^Name,Email,Section,/);
    const json = await as(assistant).gradebook.json({ courseId });
    assert.deepEqual(new Set(json.students.map((s) => s.userId)), new Set([ada.id, ben.id]));
    await rejects(as(ada).gradebook.csv({ courseId, format: "canvas" }), "FORBIDDEN");
  });
});

describe("graded quizzes", () => {
  const ganAnswers = (numeric: string) => Object.fromEntries(QUIZZES.gan.map((q) => [q.id, q.kind === "choice" ? String(q.answer) : numeric]));

  test("attempts are limited, answers are read as people type them, and correct answers show after the last attempt", async () => {
    const assignment = await as(instructor).assignment.create({
      courseId,
      title: `Quiz ${unique()}`,
      dueAt: new Date(Date.now() + 7 * 24 * 3600_000),
      quizAttempts: 2,
      items: [{ quizModuleSlug: "gan", points: 5 }],
    });
    const itemId = (await db.assignmentItem.findFirstOrThrow({ where: { assignmentId: assignment.id } })).id;
    const view = await as(ben).assignment.quiz({ itemId });
    assert.equal(view.attemptsAllowed, 2);
    assert.equal(view.answers, null);
    assert.ok(
      view.questions.every((q) => !("answer" in q) && !("explanation" in q)),
      "no answers before they are due to be shown",
    );

    // The practice quiz is closed while the quiz is graded.
    const practice = await as(ben).progress.quiz({ courseId, moduleSlug: "gan" });
    assert.equal(practice.gradedIn?.itemId, itemId);
    await rejects(as(ben).progress.answer({ courseId, moduleSlug: "gan", questionId: "value-function", answer: 0 }), "CONFLICT", /graded/);

    await rejects(as(ben).assignment.submitQuiz({ itemId, answers: ganAnswers("about a half") }), "BAD_REQUEST", /not a number/);
    const first = await as(ben).assignment.submitQuiz({ itemId, answers: ganAnswers("0,5") });
    assert.deepEqual([first.correct, first.total, first.attemptsLeft, first.answers], [QUIZZES.gan.length, QUIZZES.gan.length, 1, null]);
    const second = await as(ben).assignment.submitQuiz({ itemId, answers: ganAnswers("2/3") });
    assert.equal(second.correct, QUIZZES.gan.length - 1);
    assert.ok(second.answers && second.answers.length === QUIZZES.gan.length, "shown after the last attempt");
    await rejects(as(ben).assignment.submitQuiz({ itemId, answers: ganAnswers("1/2") }), "TOO_MANY_REQUESTS", /all 2 attempts/);
    assert.equal(await db.quizAttempt.count({ where: { itemId, userId: ben.id } }), 2);

    const grade = (await as(instructor).gradebook.get({ courseId })).students.find((s) => s.userId === ben.id)!.assignments[assignment.id].items[0];
    assert.equal(grade.computed, 5, "best attempt: all correct");

    // Nor can a student of an open graded quiz practise the same questions in a course of their own.
    const own = await as(ben).course.create({ title: `Ben's own ${unique()}` });
    await rejects(as(ben).progress.answer({ courseId: own.id, moduleSlug: "gan", questionId: "value-function", answer: 0 }), "CONFLICT", /graded/);
    assert.equal((await as(ben).progress.quiz({ courseId: own.id, moduleSlug: "gan" })).gradedIn?.courseId, courseId);
    await rejects(as(ben).progress.showAnswer({ courseId: own.id, moduleSlug: "gan", questionId: "value-function" }), "CONFLICT", /graded/);
    // Nor poll them live there: a revealed poll shows the right choice.
    const { sessionId } = await as(ben).live.start({ courseId: own.id });
    await rejects(as(ben).live.openPoll({ sessionId, poll: { kind: "quiz", moduleSlug: "gan", questionId: "value-function" } }), "CONFLICT", /for a grade/);
    await db.course.delete({ where: { id: own.id } });
    await rejects(as(instructor).assignment.submitQuiz({ itemId, answers: ganAnswers("0.5") }), "FORBIDDEN");
  });
});
