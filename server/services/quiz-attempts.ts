// Graded quizzes: a module's quiz as an assignment item. A student answers every question at once
// (an attempt), up to the assignment's number of attempts; the server grades each attempt and shows
// the correct answers only when the assignment says so.
import { isCorrect, publicQuestion, type QuizQuestion } from "@/lib/course/quiz";
import { QUIZZES } from "@/lib/course/quizzes";
import { parseNumericAnswer } from "@/lib/grading/answers";
import { type LatePolicy, lastAcceptedAt, lateness } from "@/lib/grading/late";
import type { Db } from "../db";
import type { Prisma, QuizAnswersShown } from "../generated/prisma/client";
import { type Actor, requireEnrollment, requireModule } from "./courses";
import { DomainError, forbidden, invalid, notFound } from "./errors";

/** The longest typed answer read (a number, a fraction): anything longer is not one. */
const MAX_ANSWER_LENGTH = 64;

/** When the last student's due date falls: the assignment's, or the latest extension's if later. */
const classDueDate = (dueAt: Date, latestExtension: Date | null | undefined) => (latestExtension && latestExtension > dueAt ? latestExtension : dueAt);

async function loadItem(db: Db, actor: Actor, itemId: string, write: boolean) {
  const item = await db.assignmentItem.findUnique({ where: { id: itemId }, include: { assignment: true, module: true } });
  if (!item?.module) throw notFound("There is no such graded quiz.");
  const enrollment = await requireEnrollment(db, actor, item.assignment.courseId, "member", { write });
  await requireModule(db, item.assignment.courseId, item.module.slug, enrollment.role);
  const extension = await db.assignmentExtension.findUnique({ where: { assignmentId_userId: { assignmentId: item.assignmentId, userId: actor.id } } });
  const dueAt = extension?.dueAt ?? item.assignment.dueAt;
  const policy = item.assignment.latePolicy as unknown as LatePolicy;
  const timeZone = enrollment.course.timeZone;
  // Answers wait for the whole class: the latest extension's late window, not just this student's.
  const latest = await db.assignmentExtension.aggregate({ where: { assignmentId: item.assignmentId }, _max: { dueAt: true } });
  const classDueAt = classDueDate(item.assignment.dueAt, latest._max.dueAt);
  return {
    item,
    module: item.module,
    assignment: item.assignment,
    enrollment,
    dueAt,
    policy,
    timeZone,
    closesAt: lastAcceptedAt(dueAt, policy, timeZone),
    classClosesAt: lastAcceptedAt(classDueAt, policy, timeZone),
  };
}

/** `classClosesAt`: when the last student's late window ends (extensions included). */
function answersShown(policy: QuizAnswersShown, attemptsUsed: number, attemptsAllowed: number, classClosesAt: Date, now: Date): boolean {
  if (policy === "NEVER") return false;
  if (policy === "AFTER_DUE") return now > classClosesAt;
  return attemptsUsed >= attemptsAllowed || now > classClosesAt;
}

function reveal(questions: QuizQuestion[]) {
  return questions.map((q) => ({ id: q.id, answer: q.kind === "choice" ? q.choices[q.answer] : String(q.answer), explanation: q.explanation }));
}

/** The student's view of a graded quiz: questions, attempts used, their results, and the answers when shown. */
export async function getQuizItem(db: Db, actor: Actor, itemId: string, now = new Date()) {
  const { item, module, assignment, dueAt, closesAt, classClosesAt } = await loadItem(db, actor, itemId, false);
  const questions = QUIZZES[module.slug] ?? [];
  const attempts = await db.quizAttempt.findMany({
    where: { itemId, userId: actor.id },
    orderBy: { createdAt: "asc" },
    select: { id: true, correct: true, total: true, createdAt: true },
  });
  const shown = answersShown(assignment.quizAnswersShown, attempts.length, assignment.quizAttempts, classClosesAt, now);
  return {
    itemId,
    assignmentId: assignment.id,
    assignmentTitle: assignment.title,
    moduleSlug: module.slug,
    moduleTitle: module.title,
    points: item.points,
    openAt: assignment.openAt,
    dueAt,
    closesAt,
    attemptsAllowed: assignment.quizAttempts,
    answersShownWhen: assignment.quizAnswersShown,
    attempts,
    questions: questions.map((q) => ({ ...publicQuestion(q), tolerance: q.kind === "numeric" ? q.tolerance : null })),
    answers: shown ? reveal(questions) : null,
  };
}

/** Grades one attempt (every question) and stores it; refuses past the attempts allowed or outside the dates. */
export async function submitQuizAttempt(db: Db, actor: Actor, input: { itemId: string; answers: Record<string, string> }, now = new Date()) {
  const { item, module, assignment, enrollment, dueAt, policy, timeZone, classClosesAt } = await loadItem(db, actor, input.itemId, true);
  if (enrollment.role !== "STUDENT") throw forbidden("Only students of this course take graded quizzes.");
  if (assignment.openAt && now < assignment.openAt) throw new DomainError("CONFLICT", "This assignment is not open yet.");
  if (!lateness(now, dueAt, policy, timeZone).accepted)
    throw new DomainError("CONFLICT", "This quiz is closed: its due date (and any late window) has passed.");
  const questions = QUIZZES[module.slug] ?? [];
  const results = questions.map((q) => {
    const typed = (input.answers[q.id] ?? "").trim().slice(0, MAX_ANSWER_LENGTH);
    const value = q.kind === "choice" ? (/^\d+$/.test(typed) ? Number(typed) : Number.NaN) : (parseNumericAnswer(typed) ?? Number.NaN);
    return { id: q.id, answered: typed !== "", readable: Number.isFinite(value), correct: isCorrect(q, value), typed };
  });
  const unreadable = results.find((r) => r.answered && !r.readable);
  if (unreadable) throw invalid(`“${unreadable.typed}” is not a number GenLab can read. Write it like 0.56, .56, 0,56, 4/51 or 1e-3.`);
  const correct = results.filter((r) => r.correct).length;
  const attemptsUsed = await db.$transaction(async (tx) => {
    // One attempt at a time per student and quiz: two tabs submitting together cannot both be the last one.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('quiz-attempt'), hashtext(${`${input.itemId}:${actor.id}`}))`;
    const used = await tx.quizAttempt.count({ where: { itemId: input.itemId, userId: actor.id } });
    if (used >= assignment.quizAttempts) throw new DomainError("LIMIT_REACHED", `You have used all ${assignment.quizAttempts} attempts at this quiz.`);
    await tx.quizAttempt.create({
      data: {
        itemId: input.itemId,
        userId: actor.id,
        answers: Object.fromEntries(results.map((r) => [r.id, r.typed])) as Prisma.InputJsonValue,
        correct,
        total: questions.length,
      },
    });
    return used + 1;
  });
  const shown = answersShown(assignment.quizAnswersShown, attemptsUsed, assignment.quizAttempts, classClosesAt, now);
  return {
    correct,
    total: questions.length,
    points: item.points,
    attemptsUsed,
    attemptsLeft: assignment.quizAttempts - attemptsUsed,
    results: results.map((r) => ({ id: r.id, correct: r.correct })),
    answers: shown ? reveal(questions) : null,
  };
}

/**
 * A graded quiz on this module (the same questions in every course) that the user can still take as a
 * student, in any course: while there is one, the practice quiz is closed to them everywhere — in
 * another course, or one of their own, its answers would give the graded ones away.
 */
export async function openGradedQuiz(db: Db, userId: string, moduleSlug: string, now = new Date()) {
  const items = await db.assignmentItem.findMany({
    where: { module: { slug: moduleSlug }, assignment: { course: { enrollments: { some: { userId, role: "STUDENT" } } } } },
    include: {
      assignment: {
        select: {
          id: true,
          courseId: true,
          title: true,
          dueAt: true,
          latePolicy: true,
          course: { select: { timeZone: true } },
          extensions: { select: { dueAt: true }, orderBy: { dueAt: "desc" }, take: 1 },
        },
      },
    },
  });
  // Open while anyone in that class may still take it (the latest extension's late window).
  const open = items.find((i) => {
    const dueAt = classDueDate(i.assignment.dueAt, i.assignment.extensions[0]?.dueAt);
    return lastAcceptedAt(dueAt, i.assignment.latePolicy as unknown as LatePolicy, i.assignment.course.timeZone) > now;
  });
  return open ? { itemId: open.id, assignmentId: open.assignment.id, courseId: open.assignment.courseId, assignmentTitle: open.assignment.title } : null;
}
