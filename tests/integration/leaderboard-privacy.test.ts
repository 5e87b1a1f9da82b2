// What the leaderboard shows of other people's submissions: until the due date a classmate sees
// metrics and sample thumbnails, never submitted parameters or training config; staff see
// everything, and which accounts submitted the very same answer. Flags and their reasons reach the submitter.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { findExercise } from "@/exercises/registry";
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import { MARKOV_PI } from "../support/classroom";
import { callerFor, createCourse, createUser, enroll, openTestContext, perfectRingSamples, unique } from "../support/database";

const ctx = openTestContext();
type User = Awaited<ReturnType<typeof createUser>>;
let instructor: User;
let ta: User;
let ada: User;
let ben: User;
let cy: User;

const DAY_MS = 86_400_000;
const MARKOV_CONFIG = { method: "power-iteration", iterations: 100 };
/** A valid stationary-distribution guess other than MARKOV_PI. */
const MARKOV_OTHER = { pi: [0.1, 0.7, 0.2] };

before(async () => {
  [instructor, ta, ada, ben, cy] = await Promise.all(["Instructor", "Assistant", "Ada", "Ben", "Cy"].map((n) => createUser(ctx.auth, n)));
});
after(() => ctx.db.$disconnect());

async function courseWithEveryone() {
  const courseId = await createCourse(ctx.db);
  await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(ctx.db, ta.id, courseId, "TEACHING_ASSISTANT");
  for (const s of [ada, ben, cy]) await enroll(ctx.db, s.id, courseId, "STUDENT");
  return courseId;
}

const board = (user: User, courseId: string, exerciseSlug: string) => callerFor(ctx, user).caller.leaderboard.get({ courseId, exerciseSlug });
type Board = Awaited<ReturnType<typeof board>>;

/** Submission id → author, recorded as the tests submit (students' boards carry no classmate's id). */
const authors = new Map<string, string>();

async function submitAs(user: User, courseId: string, exerciseSlug: string, body: unknown, config?: unknown) {
  const result = await callerFor(ctx, user).caller.submission.submit({ courseId, exerciseSlug, idempotencyKey: `key-${unique()}`, body, config });
  authors.set(result.id, user.id);
  return result;
}

function entryOf(b: Board, user: User) {
  const entry = b.entries.find((e) => authors.get(e.submissionId) === user.id);
  assert.ok(entry, `${user.name}'s entry`);
  return entry;
}

/** Moves a submission (and its score) back in time: made before a due date that is now past. */
async function backdate(submission: { id: string }, ms: number) {
  const at = new Date(Date.now() - ms);
  await ctx.db.submission.update({ where: { id: submission.id }, data: { createdAt: at, score: { update: { createdAt: at } } } });
}

async function exerciseId(courseId: string, slug: string) {
  return (await ctx.db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug } }, select: { id: true } })).id;
}

async function assignmentWith(courseId: string, exerciseSlug: string, dueAt: Date) {
  return ctx.db.assignment.create({
    data: {
      courseId,
      title: `Homework ${unique()}`,
      dueAt,
      latePolicy: { kind: "none" },
      items: { create: [{ position: 0, exerciseId: await exerciseId(courseId, exerciseSlug), points: 10 }] },
    },
    select: { id: true },
  });
}

/** True when the board's JSON holds any of these numbers as the preview rounds them (6 decimals). */
const mentionsAny = (b: Board, values: number[]) => values.some((v) => JSON.stringify(b).includes(String(Math.round(v * 1e6) / 1e6)));

describe("parameters and config before and after the due date", () => {
  test("a classmate gets metrics, not parameters or config, until the due date; owner and staff always get them", async () => {
    const courseId = await courseWithEveryone();
    await submitAs(ada, courseId, "markov-chain", MARKOV_PI, MARKOV_CONFIG);

    // No deadline, no assignment: hidden from classmates (a due date may still be set).
    const bens = await board(ben, courseId, "markov-chain");
    assert.equal(bens.dueAt, null);
    assert.equal(bens.classmatesParametersHidden, true);
    assert.equal(bens.previewShows, "parameters");
    const adaSeenByBen = entryOf(bens, ada);
    assert.equal(typeof adaSeenByBen.metrics.l1Error, "number", "metrics still show");
    assert.equal(adaSeenByBen.previewJson, null);
    assert.equal(adaSeenByBen.config, null);
    assert.equal(adaSeenByBen.hiddenUntilDue, true);
    assert.equal(mentionsAny(bens, MARKOV_PI.pi), false, "π appears nowhere in the classmate's answer");
    assert.equal(JSON.stringify(bens).includes("power-iteration"), false, "nor the config");

    const own = entryOf(await board(ada, courseId, "markov-chain"), ada);
    assert.deepEqual(own.config, MARKOV_CONFIG, "the submitter sees their own config");
    assert.ok(own.previewJson, "and their own parameters");
    assert.equal(own.hiddenUntilDue, false);

    for (const member of [instructor, ta]) {
      const staffs = await board(member, courseId, "markov-chain");
      assert.equal(staffs.classmatesParametersHidden, false);
      const seen = entryOf(staffs, ada);
      assert.deepEqual(seen.config, MARKOV_CONFIG, `${member.name} sees the config`);
      assert.ok(mentionsAny(staffs, MARKOV_PI.pi), `${member.name} sees π`);
    }

    // An assignment due tomorrow, and one student's extension to the day after: still hidden, until the later one.
    const due = new Date(Date.now() + DAY_MS);
    const assignment = await assignmentWith(courseId, "markov-chain", due);
    const extended = new Date(Date.now() + 2 * DAY_MS);
    await ctx.db.assignmentExtension.create({ data: { assignmentId: assignment.id, userId: cy.id, dueAt: extended, grantedById: instructor.id } });
    const beforeDue = await board(ben, courseId, "markov-chain");
    assert.equal(beforeDue.dueAt?.getTime(), extended.getTime(), "a student with an extension may still submit: the latest due date counts");
    assert.equal(entryOf(beforeDue, ada).previewJson, null);
  });

  test("after the due date classmates see parameters and config; an exercise deadline overrides the assignments'", async () => {
    const courseId = await courseWithEveryone();
    await backdate(await submitAs(ada, courseId, "markov-chain", MARKOV_PI, MARKOV_CONFIG), 2 * DAY_MS);
    await assignmentWith(courseId, "markov-chain", new Date(Date.now() - DAY_MS));

    const afterDue = entryOf(await board(ben, courseId, "markov-chain"), ada);
    assert.deepEqual(afterDue.config, MARKOV_CONFIG);
    assert.ok(afterDue.previewJson);
    assert.equal(afterDue.hiddenUntilDue, false);

    // The exercise's own deadline, when set, is the due date.
    const markov = await exerciseId(courseId, "markov-chain");
    await ctx.db.exercise.update({ where: { id: markov }, data: { deadline: new Date(Date.now() + DAY_MS) } });
    assert.equal(entryOf(await board(ben, courseId, "markov-chain"), ada).previewJson, null, "the deadline is still ahead");
    await ctx.db.exercise.update({ where: { id: markov }, data: { deadline: new Date(Date.now() - 1000) } });
    assert.ok(entryOf(await board(ben, courseId, "markov-chain"), ada).previewJson, "the deadline has passed");
  });

  test("once parameters are shown, the board is closed: a later submission, a copy of the winner's, is practice and stays off it", async () => {
    const courseId = await courseWithEveryone();
    await backdate(await submitAs(ada, courseId, "markov-chain", MARKOV_PI, MARKOV_CONFIG), 2 * DAY_MS);
    await assignmentWith(courseId, "markov-chain", new Date(Date.now() - DAY_MS));
    const shown = entryOf(await board(ben, courseId, "markov-chain"), ada);
    assert.ok(shown.previewJson, "ada's answer is visible to classmates now");
    // Ben copies it after the due date (no late window): scored, stored, but not on the board.
    const copy = await submitAs(ben, courseId, "markov-chain", MARKOV_PI);
    assert.ok(copy.metrics.l1Error < 1e-9);
    for (const viewer of [ben, instructor]) {
      const closed = await board(viewer, courseId, "markov-chain");
      assert.equal(closed.entries.length, 1, "only the entry made before the board closed");
      assert.ok(!closed.entries.some((e) => e.submissionId === copy.id));
    }
  });

  test("a sample exercise's thumbnail shows before the due date; its config does not", async () => {
    const courseId = await courseWithEveryone();
    await submitAs(ada, courseId, "gan-ring", { samples: perfectRingSamples() }, DEFAULT_GAN_CONFIG);
    const bens = await board(ben, courseId, "gan-ring");
    assert.equal(bens.previewShows, "samples");
    const seen = entryOf(bens, ada);
    const points: unknown = JSON.parse(seen.previewJson ?? "null");
    assert.ok(Array.isArray(points) && points.length > 0, "the thumbnail's points");
    assert.equal(seen.config, null);
    assert.equal(seen.hiddenUntilDue, true);
  });
});

describe("the same answer from two accounts", () => {
  test("staff see which accounts submitted an identical body; students never do; different bodies match nothing", async () => {
    const courseId = await courseWithEveryone();
    await submitAs(ada, courseId, "markov-chain", MARKOV_PI);
    await submitAs(cy, courseId, "markov-chain", { pi: [...MARKOV_PI.pi] });
    await submitAs(ben, courseId, "markov-chain", MARKOV_OTHER);

    const stored = await ctx.db.submission.findMany({ where: { exercise: { courseId } }, select: { userId: true, contentHash: true } });
    const hashOf = (userId: string) => stored.find((s) => s.userId === userId)?.contentHash;
    assert.match(hashOf(ada.id) ?? "", /^[0-9a-f]{64}$/, "a SHA-256 in hex");
    assert.equal(hashOf(ada.id), hashOf(cy.id));
    assert.notEqual(hashOf(ada.id), hashOf(ben.id));

    for (const member of [instructor, ta]) {
      const staffs = await board(member, courseId, "markov-chain");
      assert.deepEqual(entryOf(staffs, ada).sameAnswerAs, [{ userId: cy.id, displayName: cy.name }]);
      assert.deepEqual(entryOf(staffs, cy).sameAnswerAs, [{ userId: ada.id, displayName: ada.name }]);
      assert.deepEqual(entryOf(staffs, ben).sameAnswerAs, [], "a different body matches nothing");
    }
    for (const student of [ada, ben, cy]) {
      const theirs = await board(student, courseId, "markov-chain");
      assert.ok(
        theirs.entries.every((e) => !("sameAnswerAs" in e)),
        `${student.name} is not told who submitted the same answer`,
      );
    }
  });
});

describe("flags", () => {
  test("a flagged submission ranks below the rest, with its reason on the board and in the submitter's own results", async (t) => {
    // No exercise flags anything yet on this data: give markov-chain a flag for this test only.
    const markov = findExercise("markov-chain")!;
    const reason = "Exact to the last digit (a test's flag).";
    markov.flag = (m) => (m.l1Error < 1e-3 ? reason : null);
    t.after(() => delete markov.flag);

    const courseId = await courseWithEveryone();
    const flagged = await submitAs(ada, courseId, "markov-chain", MARKOV_PI);
    await submitAs(ben, courseId, "markov-chain", MARKOV_OTHER);
    assert.deepEqual(flagged.ranking, { value: flagged.metrics.l1Error, better: "lower", flagged: true, reason }, "the submitter learns why at once");
    const mine = await callerFor(ctx, ada).caller.submission.mine({ courseId, exerciseSlug: "markov-chain" });
    assert.equal(mine.submissions[0].ranking.reason, reason, "and in the list of their submissions");

    const bens = await board(ben, courseId, "markov-chain");
    assert.deepEqual(
      bens.entries.map((e) => [authors.get(e.submissionId), e.ranking.flagged]),
      [
        [ben.id, false],
        [ada.id, true],
      ],
      "the better metric, flagged, ranks last",
    );
    assert.equal(entryOf(bens, ada).ranking.reason, reason);
  });
});
