import { answerText, isCorrect, publicQuestion } from "@/lib/course/quiz";
import { QUIZZES } from "@/lib/course/quizzes";
import type { Db } from "../db";
import { type Actor, requireEnrollment, requireModule, visibleModuleWhere } from "./courses";
import { openGradedQuiz } from "./quiz-attempts";
import { DomainError, invalid, notFound } from "./errors";

/** Records that the actor read the module (the first time counts). */
export async function markModuleRead(db: Db, actor: Actor, courseId: string, moduleSlug: string) {
  const { role } = await requireEnrollment(db, actor, courseId, "member", { write: true });
  const module = await requireModule(db, courseId, moduleSlug, role);
  const read = await db.moduleRead.upsert({
    where: { userId_moduleId: { userId: actor.id, moduleId: module.id } },
    create: { userId: actor.id, moduleId: module.id },
    update: {},
  });
  return { readAt: read.readAt };
}

/**
 * A practice question is settled once it is answered correctly (earned) or once the student asked to
 * see its answer (shown, never earned: answers after that are refused). Only a settled question's
 * explanation, which usually contains the answer, leaves the server; a wrong answer gets none, so
 * retrying stays worth something. "Show the answer" is stored as a QuizAnswer row with this answer.
 */
const SHOWN_ANSWER = { shownAnswer: true } as const;

/** The module's questions without their answers, plus what the actor got right or asked to see. */
export async function getQuiz(db: Db, actor: Actor, courseId: string, moduleSlug: string) {
  const { role } = await requireEnrollment(db, actor, courseId);
  const module = await requireModule(db, courseId, moduleSlug, role);
  const questions = QUIZZES[moduleSlug] ?? [];
  const { earned, shown } = await questionStates(db, actor.id, module.id);
  return {
    // While the quiz is graded in an assignment, it is taken there (counted attempts), not practised here.
    gradedIn: await openGradedQuiz(db, actor.id, moduleSlug),
    questions: questions.map((q) => {
      const revealed = shown.has(q.id) && !earned.has(q.id);
      return {
        ...publicQuestion(q),
        // Settled questions show their explanation again on return; a shown one its answer too.
        solved: earned.has(q.id),
        revealed,
        shownAnswer: revealed ? answerText(q) : null,
        explanation: earned.has(q.id) || revealed ? q.explanation : null,
      };
    }),
    passed: questions.length > 0 && questions.every((q) => earned.has(q.id)),
  };
}

/** The questions the user answered correctly (earned) and those whose answer they asked to see (shown). */
async function questionStates(db: Db, userId: string, moduleId: string) {
  const rows = await db.quizAnswer.findMany({
    where: { userId, moduleId, OR: [{ correct: true }, { answer: { equals: SHOWN_ANSWER } }] },
    select: { questionId: true, answer: true, correct: true },
    distinct: ["questionId", "correct"],
  });
  const earned = new Set(rows.filter((r) => r.correct).map((r) => r.questionId));
  const shown = new Set(rows.filter((r) => isShownAnswer(r.answer)).map((r) => r.questionId));
  return { earned, shown };
}

const isShownAnswer = (answer: unknown) => typeof answer === "object" && answer !== null && (answer as Record<string, unknown>).shownAnswer === true;

/** The practice question `input` names, after the checks every practice call makes. */
async function practiceQuestion(db: Db, actor: Actor, input: { courseId: string; moduleSlug: string; questionId: string }) {
  const { role } = await requireEnrollment(db, actor, input.courseId, "member", { write: true });
  const module = await requireModule(db, input.courseId, input.moduleSlug, role);
  const graded = await openGradedQuiz(db, actor.id, input.moduleSlug);
  if (graded) throw new DomainError("CONFLICT", `This quiz is graded in “${graded.assignmentTitle}”: take it there, where your attempts count.`);
  const questions = QUIZZES[input.moduleSlug] ?? [];
  const question = questions.find((q) => q.id === input.questionId);
  if (!question) throw notFound("This module's quiz has no such question.");
  return { module, questions, question };
}

/**
 * Grades one answer on the server and stores it. The explanation comes back only once the question is
 * settled (this answer or an earlier one correct). A quiz is passed once every question was earned.
 */
export async function answerQuizQuestion(db: Db, actor: Actor, input: { courseId: string; moduleSlug: string; questionId: string; answer: number }) {
  const { module, questions, question } = await practiceQuestion(db, actor, input);
  if (question.kind === "choice" && !(Number.isInteger(input.answer) && input.answer >= 0 && input.answer < question.choices.length)) {
    throw invalid(`Choose one of the ${question.choices.length} answers.`);
  }
  const before = await questionStates(db, actor.id, module.id);
  if (before.shown.has(question.id) && !before.earned.has(question.id)) {
    throw new DomainError("CONFLICT", "You asked to see this question's answer, so it no longer counts: go on to the next one.");
  }
  const correct = isCorrect(question, input.answer);
  await db.quizAnswer.create({ data: { userId: actor.id, moduleId: module.id, questionId: question.id, answer: input.answer, correct } });
  const earned = new Set(before.earned);
  if (correct) earned.add(question.id);
  return {
    correct,
    explanation: earned.has(question.id) ? question.explanation : null,
    passed: questions.every((q) => earned.has(q.id)),
  };
}

/**
 * "Show the answer": settles the question without earning it (recorded once; answers after it are
 * refused) and returns the answer and its explanation. A question already earned just returns them.
 */
export async function showQuizAnswer(db: Db, actor: Actor, input: { courseId: string; moduleSlug: string; questionId: string }) {
  const { module, question } = await practiceQuestion(db, actor, input);
  const { earned, shown } = await questionStates(db, actor.id, module.id);
  if (!earned.has(question.id) && !shown.has(question.id)) {
    await db.quizAnswer.create({ data: { userId: actor.id, moduleId: module.id, questionId: question.id, answer: SHOWN_ANSWER, correct: false } });
  }
  return { answer: answerText(question), explanation: question.explanation, earned: earned.has(question.id) };
}

interface ModuleProgress {
  moduleId: string;
  slug: string;
  title: string;
  read: boolean;
  quizCorrect: number;
  quizTotal: number;
  quizPassed: boolean;
  exercisesSubmitted: number;
  exercisesTotal: number;
}

/** Per user and module: read, quiz questions solved, exercises with at least one submission. */
async function progressFor(db: Db, courseId: string, userIds: string[], now = new Date()) {
  // Students' progress counts the modules they can see.
  const modules = await db.module.findMany({
    where: { courseId, ...visibleModuleWhere(now) },
    orderBy: { position: "asc" },
    include: { exercises: { select: { id: true } } },
  });
  const moduleIds = modules.map((m) => m.id);
  const [reads, answers, submissions] = await Promise.all([
    db.moduleRead.findMany({ where: { moduleId: { in: moduleIds }, userId: { in: userIds } }, select: { userId: true, moduleId: true } }),
    db.quizAnswer.findMany({
      where: { moduleId: { in: moduleIds }, userId: { in: userIds }, correct: true },
      select: { userId: true, moduleId: true, questionId: true },
      distinct: ["userId", "moduleId", "questionId"],
    }),
    db.submission.findMany({
      where: { exercise: { courseId }, userId: { in: userIds } },
      select: { userId: true, exerciseId: true },
      distinct: ["userId", "exerciseId"],
    }),
  ]);
  const key = (userId: string, id: string) => `${userId}:${id}`;
  const readSet = new Set(reads.map((r) => key(r.userId, r.moduleId)));
  // Only questions the quiz still asks count: a question replaced since was answered, but is no longer asked.
  const askedBy = new Map(modules.map((m) => [m.id, new Set((QUIZZES[m.slug] ?? []).map((q) => q.id))]));
  const solved = new Map<string, number>();
  for (const a of answers) {
    if (askedBy.get(a.moduleId)?.has(a.questionId)) solved.set(key(a.userId, a.moduleId), (solved.get(key(a.userId, a.moduleId)) ?? 0) + 1);
  }
  const submitted = new Set(submissions.map((s) => key(s.userId, s.exerciseId)));
  return (userId: string): ModuleProgress[] =>
    modules.map((m) => {
      const quizTotal = QUIZZES[m.slug]?.length ?? 0;
      const quizCorrect = solved.get(key(userId, m.id)) ?? 0;
      return {
        moduleId: m.id,
        slug: m.slug,
        title: m.title,
        read: readSet.has(key(userId, m.id)),
        quizCorrect,
        quizTotal,
        quizPassed: quizTotal > 0 && quizCorrect >= quizTotal,
        exercisesSubmitted: m.exercises.filter((e) => submitted.has(key(userId, e.id))).length,
        exercisesTotal: m.exercises.length,
      };
    });
}

export async function getMyProgress(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId);
  return (await progressFor(db, courseId, [actor.id]))(actor.id);
}

/** Instructors: the student × module table. */
export async function getCourseProgress(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId, "staff");
  const students = await db.enrollment.findMany({
    where: { courseId, role: "STUDENT" },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: { createdAt: "asc" },
  });
  const forUser = await progressFor(
    db,
    courseId,
    students.map((s) => s.userId),
  );
  return students.map((s) => ({ userId: s.user.id, name: s.user.name, email: s.user.email, modules: forUser(s.user.id) }));
}
