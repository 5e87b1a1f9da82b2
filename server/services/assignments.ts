// Assignments: graded exercises and module quizzes with points, dates in the course's time zone, a
// late policy and per-student extensions. Instructors shape them; students see what is due.
import { QUIZZES } from "@/lib/course/quizzes";
import { findExercise } from "@/exercises/registry";
import type { LatePolicy } from "@/lib/grading/late";
import { type GradingRule, ruleProblem } from "@/lib/grading/rules";
import { zonedLocalToUtc } from "@/lib/grading/time";
import type { Db } from "../db";
import type { Counting, HeldoutPart, Prisma, QuizAnswersShown } from "../generated/prisma/client";
import { type Actor, isStaff, moduleVisibleToStudents, requireEnrollment } from "./courses";
import { invalid, notFound } from "./errors";
import { assignmentWithItems, gradeAssignments, itemTitle, type AssignmentWithItems, type StudentAssignmentGrade } from "./grading";

/** A date as an instant, or as wall-clock time "2026-12-11T23:59" in the course's time zone. */
export type DateInput = Date | string;

export type ItemInput =
  { exerciseSlug: string; points: number; rule?: GradingRule; counting?: Counting } | { quizModuleSlug: string; points: number; counting?: Counting };

export interface AssignmentInput {
  title: string;
  instructions?: string;
  openAt?: DateInput | null;
  dueAt: DateInput;
  latePolicy?: LatePolicy;
  quizAttempts?: number;
  quizAnswersShown?: QuizAnswersShown;
  /** Which part of an exercise's held-out set earns the points (exercises with held-out data only). */
  gradedOn?: HeldoutPart;
  items: ItemInput[];
}

const toInstant = (value: DateInput, timeZone: string) => (value instanceof Date ? value : zonedLocalToUtc(value, timeZone));

/** Checks every item against the course and the registry; returns rows to store (exercise rules made explicit). */
async function resolveItems(db: Db, courseId: string, items: ItemInput[]) {
  const [exercises, modules] = await Promise.all([
    db.exercise.findMany({ where: { courseId }, select: { id: true, slug: true } }),
    db.module.findMany({ where: { courseId }, select: { id: true, slug: true } }),
  ]);
  const exerciseId = new Map(exercises.map((e) => [e.slug, e.id]));
  const moduleId = new Map(modules.map((m) => [m.slug, m.id]));
  const seen = new Set<string>();
  return items.map((item, position) => {
    const counting = item.counting ?? "BEST";
    if ("exerciseSlug" in item) {
      const definition = findExercise(item.exerciseSlug);
      const id = exerciseId.get(item.exerciseSlug);
      if (!definition || !id) throw invalid(`Item ${position + 1}: this course has no exercise "${item.exerciseSlug}".`);
      const rule = item.rule ?? definition.defaultGrading;
      const problem = ruleProblem(rule, definition.metrics);
      if (problem) throw invalid(`Item ${position + 1} (${definition.title}): ${problem}`);
      if (seen.has(`e:${id}`)) throw invalid(`“${definition.title}” is in the assignment twice.`);
      seen.add(`e:${id}`);
      return { position, points: item.points, counting, exerciseId: id, moduleId: null, rule: rule as Prisma.InputJsonValue };
    }
    const id = moduleId.get(item.quizModuleSlug);
    if (!id || !QUIZZES[item.quizModuleSlug]?.length) throw invalid(`Item ${position + 1}: this course has no module quiz "${item.quizModuleSlug}".`);
    if (seen.has(`q:${id}`)) throw invalid(`The quiz of "${item.quizModuleSlug}" is in the assignment twice.`);
    seen.add(`q:${id}`);
    return { position, points: item.points, counting, exerciseId: null, moduleId: id, rule: undefined };
  });
}

function resolveDates(input: Pick<AssignmentInput, "openAt" | "dueAt">, timeZone: string) {
  const dueAt = toInstant(input.dueAt, timeZone);
  const openAt = input.openAt == null ? null : toInstant(input.openAt, timeZone);
  if (openAt && openAt >= dueAt) throw invalid("The assignment must open before it is due.");
  return { openAt, dueAt };
}

/** The assignment's own columns from the editor's input (dates resolved). */
function assignmentFields(input: AssignmentInput, openAt: Date | null, dueAt: Date) {
  return {
    title: input.title,
    instructions: input.instructions ?? "",
    openAt,
    dueAt,
    latePolicy: (input.latePolicy ?? { kind: "none" }) as Prisma.InputJsonValue,
    quizAttempts: input.quizAttempts,
    quizAnswersShown: input.quizAnswersShown,
    gradedOn: input.gradedOn,
  };
}

async function requireAssignment(db: Db, actor: Actor, assignmentId: string, access: "member" | "staff" | "instructor", write = false) {
  const assignment = await db.assignment.findUnique({
    where: { id: assignmentId },
    include: { items: { orderBy: { position: "asc" } }, course: { select: { timeZone: true, title: true } } },
  });
  if (!assignment) throw notFound("There is no such assignment.");
  const enrollment = await requireEnrollment(db, actor, assignment.courseId, access, { write });
  return { assignment, enrollment };
}

export async function createAssignment(db: Db, actor: Actor, courseId: string, input: AssignmentInput) {
  const enrollment = await requireEnrollment(db, actor, courseId, "instructor", { write: true });
  const items = await resolveItems(db, courseId, input.items);
  const { openAt, dueAt } = resolveDates(input, enrollment.course.timeZone);
  const created = await db.assignment.create({
    data: { courseId, ...assignmentFields(input, openAt, dueAt), items: { create: items } },
    include: { items: { orderBy: { position: "asc" } } },
  });
  return {
    id: created.id,
    title: created.title,
    openAt: created.openAt,
    dueAt: created.dueAt,
    items: created.items.map((i) => ({ id: i.id, points: i.points })),
  };
}

/**
 * Replaces the assignment's settings and items. An item for the same exercise or quiz keeps its id
 * (and so its overrides); grades follow at once, since they are computed when read.
 */
export async function updateAssignment(db: Db, actor: Actor, assignmentId: string, input: AssignmentInput) {
  const { assignment, enrollment } = await requireAssignment(db, actor, assignmentId, "instructor", true);
  const items = await resolveItems(db, assignment.courseId, input.items);
  const { openAt, dueAt } = resolveDates(input, enrollment.course.timeZone);
  const target = (i: { exerciseId: string | null; moduleId: string | null }) => i.exerciseId ?? `q:${i.moduleId}`;
  const existing = new Map(assignment.items.map((i) => [target(i), i.id]));
  // Quiz attempts and grades set by hand belong to an item: removing it would lose them.
  const kept = new Set(items.map(target));
  const removed = assignment.items.filter((i) => !kept.has(target(i)));
  const holding = removed.length
    ? await db.assignmentItem.findFirst({
        where: { id: { in: removed.map((i) => i.id) }, OR: [{ quizAttempts: { some: {} } }, { overrides: { some: {} } }] },
        include: { module: true },
      })
    : null;
  if (holding) {
    throw invalid(
      `${holding.module ? `The quiz of “${holding.module.title}”` : "An exercise item"} has students' attempts or grades set by hand; removing it would lose them. Set its points to 0 instead.`,
    );
  }
  await db.$transaction(async (tx) => {
    await tx.assignment.update({ where: { id: assignmentId }, data: assignmentFields(input, openAt, dueAt) });
    const keptIds = new Set<string>();
    for (const item of items) {
      const id = existing.get(target(item));
      if (id) {
        keptIds.add(id);
        await tx.assignmentItem.update({ where: { id }, data: { position: item.position, points: item.points, counting: item.counting, rule: item.rule } });
      } else {
        await tx.assignmentItem.create({ data: { ...item, assignmentId } });
      }
    }
    await tx.assignmentItem.deleteMany({ where: { assignmentId, id: { notIn: [...keptIds] } } });
  });
  return { id: assignmentId };
}

export async function deleteAssignment(db: Db, actor: Actor, assignmentId: string) {
  await requireAssignment(db, actor, assignmentId, "instructor", true);
  await db.assignment.delete({ where: { id: assignmentId } });
  return { deleted: true };
}

/** A later due date for one student (null: back to the assignment's). */
export async function setExtension(db: Db, actor: Actor, assignmentId: string, userId: string, dueAt: DateInput | null) {
  const { assignment, enrollment } = await requireAssignment(db, actor, assignmentId, "staff", true);
  const student = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId: assignment.courseId } } });
  if (student?.role !== "STUDENT") throw notFound("This student is not in the course.");
  if (dueAt === null) {
    await db.assignmentExtension.deleteMany({ where: { assignmentId, userId } });
    return { dueAt: assignment.dueAt, extended: false };
  }
  const instant = toInstant(dueAt, enrollment.course.timeZone);
  if (instant <= assignment.dueAt) throw invalid("An extension must end after the assignment's due date.");
  await db.assignmentExtension.upsert({
    where: { assignmentId_userId: { assignmentId, userId } },
    create: { assignmentId, userId, dueAt: instant, grantedById: actor.id },
    update: { dueAt: instant, grantedById: actor.id },
  });
  return { dueAt: instant, extended: true };
}

/** Released grades are what students see: overrides, excused items, the final total. */
export async function setGradesReleased(db: Db, actor: Actor, assignmentId: string, released: boolean, now = new Date()) {
  await requireAssignment(db, actor, assignmentId, "staff", true);
  const updated = await db.assignment.update({ where: { id: assignmentId }, data: { gradesReleasedAt: released ? now : null } });
  return { gradesReleasedAt: updated.gradesReleasedAt };
}

/**
 * The items as the viewer may see them: a student learns nothing of an item whose module is not
 * released yet (its points count, its name and link come with the module).
 */
function describeItems(assignment: AssignmentWithItems, forStudent: boolean, now: Date) {
  return assignment.items.map((item) => {
    const module = item.exercise?.module ?? item.module;
    if (forStudent && module && !moduleVisibleToStudents(module, now)) {
      return {
        id: item.id,
        kind: "unreleased" as const,
        exerciseSlug: null,
        quizModuleSlug: null,
        title: "Not released yet",
        points: item.points,
        counting: item.counting,
        rule: null,
      };
    }
    return {
      id: item.id,
      kind: item.exercise ? ("exercise" as const) : ("quiz" as const),
      exerciseSlug: item.exercise?.slug ?? null,
      quizModuleSlug: item.module?.slug ?? null,
      title: itemTitle(item),
      points: item.points,
      counting: item.counting,
      rule: (item.rule ?? null) as GradingRule | null,
    };
  });
}

function summarize(
  assignment: AssignmentWithItems & {
    instructions: string;
    quizAttempts: number;
    quizAnswersShown: QuizAnswersShown;
    gradesReleasedAt: Date | null;
    createdAt: Date;
  },
  forStudent: boolean,
  now: Date,
) {
  return {
    id: assignment.id,
    courseId: assignment.courseId,
    title: assignment.title,
    instructions: assignment.instructions,
    openAt: assignment.openAt,
    dueAt: assignment.dueAt,
    latePolicy: assignment.latePolicy as unknown as LatePolicy,
    quizAttempts: assignment.quizAttempts,
    quizAnswersShown: assignment.quizAnswersShown,
    gradedOn: assignment.gradedOn,
    gradesReleasedAt: assignment.gradesReleasedAt,
    createdAt: assignment.createdAt,
    pointsPossible: assignment.items.reduce((sum, i) => sum + i.points, 0),
    items: describeItems(assignment, forStudent, now),
  };
}

/** The course's assignments, soonest due first; for a student, with their points now. */
export async function listAssignments(db: Db, actor: Actor, courseId: string, now = new Date()) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  const assignments = await db.assignment.findMany({ where: { courseId }, orderBy: { dueAt: "asc" }, include: assignmentWithItems });
  const grades = isStaff(enrollment.role) ? null : await gradeAssignments(db, enrollment.course.timeZone, assignments, [actor.id], { forStudent: true, now });
  return {
    role: enrollment.role,
    timeZone: enrollment.course.timeZone,
    assignments: assignments.map((a) => ({ ...summarize(a, !isStaff(enrollment.role), now), mine: grades?.get(a.id)?.get(actor.id) ?? null })),
  };
}

/** One assignment; a student gets each item's counted submission and points (final once released). */
export async function getAssignment(db: Db, actor: Actor, assignmentId: string, now = new Date()) {
  const found = await db.assignment.findUnique({ where: { id: assignmentId }, include: assignmentWithItems });
  if (!found) throw notFound("There is no such assignment.");
  const enrollment = await requireEnrollment(db, actor, found.courseId);
  const grades = isStaff(enrollment.role) ? null : await gradeAssignments(db, enrollment.course.timeZone, [found], [actor.id], { forStudent: true, now });
  const extensions = isStaff(enrollment.role)
    ? await db.assignmentExtension.findMany({ where: { assignmentId }, include: { user: { select: { name: true } } } })
    : [];
  return {
    ...summarize(found, !isStaff(enrollment.role), now),
    role: enrollment.role,
    timeZone: enrollment.course.timeZone,
    mine: grades?.get(found.id)?.get(actor.id) ?? null,
    extensions: extensions.map((e) => ({ userId: e.userId, name: e.user.name, dueAt: e.dueAt })),
  };
}

/**
 * Everything due for the actor as a student, across their courses: open or upcoming first (soonest
 * due first), then past ones; with points now and their own due date (extensions included).
 */
export async function listMyAssignments(db: Db, actor: Actor, now = new Date()) {
  const enrollments = await db.enrollment.findMany({ where: { userId: actor.id, role: "STUDENT", course: { archivedAt: null } }, include: { course: true } });
  const perCourse = await Promise.all(
    enrollments.map(async ({ course }) => {
      const assignments = await db.assignment.findMany({ where: { courseId: course.id }, include: assignmentWithItems });
      const grades = await gradeAssignments(db, course.timeZone, assignments, [actor.id], { forStudent: true, now });
      return assignments.map((a) => {
        const mine = grades.get(a.id)!.get(actor.id)!;
        return { ...summarize(a, true, now), courseTitle: course.title, timeZone: course.timeZone, mine };
      });
    }),
  );
  const closed = (a: { mine: StudentAssignmentGrade }) => a.mine.closesAt <= now;
  return perCourse.flat().sort((a, b) => Number(closed(a)) - Number(closed(b)) || a.mine.dueAt.getTime() - b.mine.dueAt.getTime());
}

/** A new assignment stays news this long. */
const NEW_ASSIGNMENT_NOTICE_MS = 7 * 24 * 3600_000;
/** "Due soon" from this long before the student's own due date. */
const DUE_SOON_NOTICE_MS = 24 * 3600_000;

/**
 * In-app notices, computed from the assignments themselves (nothing to store or to forget to send):
 * assignments created in the last week and still open, and those due in the next 24 hours.
 */
export async function listMyNotices(db: Db, actor: Actor, now = new Date()) {
  const assignments = await listMyAssignments(db, actor, now);
  const notices = assignments.flatMap((a) => {
    const base = { assignmentId: a.id, courseId: a.courseId, courseTitle: a.courseTitle, title: a.title, dueAt: a.mine.dueAt };
    const open = a.mine.closesAt > now;
    return [
      ...(open && now.getTime() - a.createdAt.getTime() < NEW_ASSIGNMENT_NOTICE_MS
        ? [{ ...base, id: `new:${a.id}`, kind: "new-assignment" as const, at: a.createdAt }]
        : []),
      ...(a.mine.dueAt > now && a.mine.dueAt.getTime() - now.getTime() <= DUE_SOON_NOTICE_MS
        ? [{ ...base, id: `due:${a.id}:${a.mine.dueAt.getTime()}`, kind: "due-soon" as const, at: new Date(a.mine.dueAt.getTime() - DUE_SOON_NOTICE_MS) }]
        : []),
    ];
  });
  return notices.sort((x, y) => y.at.getTime() - x.at.getTime());
}
