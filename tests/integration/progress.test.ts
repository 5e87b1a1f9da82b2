import assert from "node:assert/strict";
import { EXERCISES } from "@/exercises/registry";
import { after, before, test } from "node:test";
import { TRPCError } from "@trpc/server";
import { answerText } from "@/lib/course/quiz";
import { QUIZZES } from "@/lib/course/quizzes";
import { callerFor, createCourse, createUser, enroll, openTestContext, perfectRingSamples, unique } from "../support/database";

const ctx = openTestContext();
let courseId: string;
let instructor: Awaited<ReturnType<typeof createUser>>;
let student: Awaited<ReturnType<typeof createUser>>;
let outsider: Awaited<ReturnType<typeof createUser>>;
const ref = () => ({ courseId, moduleSlug: "gan" });

before(async () => {
  courseId = await createCourse(ctx.db, "Progress course");
  [instructor, student, outsider] = await Promise.all(["Prof", "Pupil", "Stranger"].map((n) => createUser(ctx.auth, n)));
  await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(ctx.db, student.id, courseId, "STUDENT");
});
after(() => ctx.db.$disconnect());

async function rejects(promise: Promise<unknown>, code: TRPCError["code"]) {
  await assert.rejects(promise, (e: unknown) => e instanceof TRPCError && e.code === code);
}

test("quiz questions reach the page without answers or explanations", async () => {
  const quiz = await callerFor(ctx, student).caller.progress.quiz(ref());
  assert.equal(quiz.questions.length, QUIZZES.gan.length);
  assert.ok(quiz.questions.length >= 3);
  for (const q of quiz.questions) {
    assert.equal("answer" in q, false);
    assert.equal(q.explanation, null);
    assert.equal(q.solved, false);
  }
  assert.equal(quiz.passed, false);
});

test("the server grades answers, explains, and records progress", async () => {
  const { caller } = callerFor(ctx, student);
  const questions = QUIZZES.gan;
  const first = questions[0];
  assert.equal(first.kind, "choice");
  const wrong = await caller.progress.answer({ ...ref(), questionId: first.id, answer: (first.answer + 1) % first.choices.length });
  assert.equal(wrong.correct, false);
  assert.equal(wrong.explanation, null, "a wrong answer to an unsettled question gets no explanation: it usually contains the answer");
  await rejects(caller.progress.answer({ ...ref(), questionId: first.id, answer: 99 }), "BAD_REQUEST");
  await rejects(caller.progress.answer({ ...ref(), questionId: "no-such-question", answer: 0 }), "NOT_FOUND");

  let passed = false;
  for (const q of questions) {
    const result = await caller.progress.answer({ ...ref(), questionId: q.id, answer: q.kind === "numeric" ? q.answer + q.tolerance / 2 : q.answer });
    assert.equal(result.correct, true, q.id);
    passed = result.passed;
  }
  assert.equal(passed, true, "passed once every question was answered correctly");
  const quiz = await caller.progress.quiz(ref());
  assert.equal(quiz.passed, true);
  assert.ok(quiz.questions.every((q) => q.solved && q.explanation));

  await caller.progress.markRead(ref());
  await caller.progress.markRead(ref());
  await caller.submission.submit({ courseId, exerciseSlug: "gan-ring", idempotencyKey: `p-${unique()}`, body: { samples: perfectRingSamples() } });
  const gan = (await caller.progress.mine({ courseId })).find((m) => m.slug === "gan")!;
  assert.deepEqual(
    {
      read: gan.read,
      quizCorrect: gan.quizCorrect,
      quizTotal: gan.quizTotal,
      quizPassed: gan.quizPassed,
      exercisesSubmitted: gan.exercisesSubmitted,
      exercisesTotal: gan.exercisesTotal,
    },
    {
      read: true,
      quizCorrect: questions.length,
      quizTotal: questions.length,
      quizPassed: true,
      exercisesSubmitted: 1,
      exercisesTotal: EXERCISES.filter((e) => e.moduleSlug === "gan").length,
    },
  );
});

test("the student × module table is for instructors only", async () => {
  await rejects(callerFor(ctx, student).caller.progress.course({ courseId }), "FORBIDDEN");
  await rejects(callerFor(ctx, outsider).caller.progress.course({ courseId }), "FORBIDDEN");
  await rejects(callerFor(ctx, outsider).caller.progress.quiz(ref()), "FORBIDDEN");
  await rejects(callerFor(ctx, null).caller.progress.mine({ courseId }), "UNAUTHORIZED");
  const table = await callerFor(ctx, instructor).caller.progress.course({ courseId });
  assert.deepEqual(
    table.map((r) => [r.userId, r.name, r.email]),
    [[student.id, "Pupil", student.email]],
    "each student with their email",
  );
  assert.equal(table[0].modules.find((m) => m.slug === "gan")?.quizPassed, true);
});

test("“Show the answer” settles a question without earning it; answers after it are refused", async () => {
  // A course of its own, so that the student × module table above keeps its one student.
  const own = await createCourse(ctx.db, "Show-the-answer course");
  const pupil = await createUser(ctx.auth, "Curious");
  await enroll(ctx.db, pupil.id, own, "STUDENT");
  const { caller } = callerFor(ctx, pupil);
  const at = { courseId: own, moduleSlug: "gan" };
  const [first, second] = QUIZZES.gan;
  assert.equal(first.kind, "choice");
  const questionOf = async (id: string) => (await caller.progress.quiz(at)).questions.find((q) => q.id === id)!;

  const wrong = await caller.progress.answer({ ...at, questionId: first.id, answer: (first.answer + 1) % first.choices.length });
  assert.deepEqual([wrong.correct, wrong.explanation], [false, null]);
  const before = await questionOf(first.id);
  assert.deepEqual([before.solved, before.revealed, before.shownAnswer, before.explanation], [false, false, null, null], "unsettled: nothing shown");

  const shown = await caller.progress.showAnswer({ ...at, questionId: first.id });
  assert.deepEqual(shown, { answer: first.choices[first.answer], explanation: first.explanation, earned: false });
  await caller.progress.showAnswer({ ...at, questionId: first.id });
  assert.equal(await ctx.db.quizAnswer.count({ where: { userId: pupil.id, questionId: first.id } }), 2, "the wrong answer and one “shown” row");
  await assert.rejects(
    caller.progress.answer({ ...at, questionId: first.id, answer: first.answer }),
    (e: unknown) => e instanceof TRPCError && e.code === "CONFLICT" && /no longer counts/.test(e.message),
  );
  const after = await questionOf(first.id);
  assert.deepEqual([after.solved, after.revealed, after.shownAnswer, after.explanation], [false, true, first.choices[first.answer], first.explanation]);

  // Every other question answered correctly: each explains, but the quiz cannot be passed any more.
  for (const q of QUIZZES.gan.slice(1)) {
    const result = await caller.progress.answer({ ...at, questionId: q.id, answer: q.answer });
    assert.deepEqual([result.correct, result.explanation, result.passed], [true, q.explanation, false], q.id);
  }
  // A question already earned stays earned when its answer is shown afterwards, and a wrong answer to it still explains.
  assert.deepEqual(await caller.progress.showAnswer({ ...at, questionId: second.id }), {
    answer: answerText(second),
    explanation: second.explanation,
    earned: true,
  });
  if (second.kind === "choice") {
    const again = await caller.progress.answer({ ...at, questionId: second.id, answer: (second.answer + 1) % second.choices.length });
    assert.deepEqual([again.correct, again.explanation], [false, second.explanation]);
  }
  const quiz = await caller.progress.quiz(at);
  assert.equal(quiz.passed, false);
  assert.equal((await questionOf(second.id)).solved, true);
  const gan = (await caller.progress.mine({ courseId: own })).find((m) => m.slug === "gan")!;
  assert.deepEqual([gan.quizCorrect, gan.quizPassed], [QUIZZES.gan.length - 1, false]);

  await rejects(caller.progress.showAnswer({ ...at, questionId: "no-such-question" }), "NOT_FOUND");
  await rejects(callerFor(ctx, outsider).caller.progress.showAnswer({ ...at, questionId: first.id }), "FORBIDDEN");
});

test("a question the quiz no longer asks does not count towards passing", async () => {
  const own = await createCourse(ctx.db, "Replaced-question course");
  const pupil = await createUser(ctx.auth, "Early");
  await enroll(ctx.db, pupil.id, own, "STUDENT");
  const gan = await ctx.db.module.findUniqueOrThrow({ where: { courseId_slug: { courseId: own, slug: "gan" } } });
  const [, ...rest] = QUIZZES.gan;
  // Answered correctly before the course replaced the first question with a new one.
  await ctx.db.quizAnswer.create({ data: { userId: pupil.id, moduleId: gan.id, questionId: "a-question-since-replaced", answer: 0, correct: true } });
  const { caller } = callerFor(ctx, pupil);
  for (const q of rest) await caller.progress.answer({ courseId: own, moduleSlug: "gan", questionId: q.id, answer: q.answer });
  const progress = (await caller.progress.mine({ courseId: own })).find((m) => m.slug === "gan")!;
  assert.deepEqual([progress.quizCorrect, progress.quizTotal, progress.quizPassed], [rest.length, QUIZZES.gan.length, false]);
});
