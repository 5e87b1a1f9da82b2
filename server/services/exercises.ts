import { describeExercise, findExercise } from "@/exercises/registry";
import { lastAcceptedAt, type LatePolicy } from "@/lib/grading/late";
import type { ExerciseDefinition } from "@/lib/exercises/types";
import type { Db } from "../db";
import type { CourseRole } from "../generated/prisma/client";
import { type Actor, moduleVisibleToStudents, requireEnrollment } from "./courses";
import { notFound } from "./errors";

export function requireDefinition(slug: string): ExerciseDefinition {
  const definition = findExercise(slug);
  if (!definition) throw notFound(`There is no exercise called "${slug}".`);
  return definition;
}

/**
 * The course's instance of a registry exercise (what submissions point at). For a student
 * (`viewerRole`), one in a module they cannot see yet does not exist.
 */
export async function requireCourseExercise(db: Db, courseId: string, slug: string, viewerRole?: CourseRole, now = new Date()) {
  const exercise = await db.exercise.findUnique({
    where: { courseId_slug: { courseId, slug } },
    include: { module: { select: { hidden: true, releaseAt: true } } },
  });
  if (!exercise || (viewerRole === "STUDENT" && !moduleVisibleToStudents(exercise.module, now))) throw notFound(`This course has no exercise "${slug}".`);
  return exercise;
}

/**
 * When submissions to the exercise close in its course: its deadline if set, else the latest moment
 * any student may still submit to an assignment that includes it (due date, extensions and late
 * window included: until then a copied answer could still be handed in late). Null when neither
 * exists. Classmates' parameters and the private leaderboard are revealed from then on.
 */
export async function exerciseDueDate(db: Db, exercise: { id: string; deadline: Date | null }): Promise<Date | null> {
  if (exercise.deadline) return exercise.deadline;
  const assignments = await db.assignment.findMany({
    where: { items: { some: { exerciseId: exercise.id } } },
    select: { dueAt: true, latePolicy: true, course: { select: { timeZone: true } }, extensions: { select: { dueAt: true } } },
  });
  let closes: number | null = null;
  for (const a of assignments) {
    const latestDue = Math.max(a.dueAt.getTime(), ...a.extensions.map((e) => e.dueAt.getTime()));
    const at = lastAcceptedAt(new Date(latestDue), a.latePolicy as unknown as LatePolicy, a.course.timeZone).getTime();
    closes = closes === null ? at : Math.max(closes, at);
  }
  return closes === null ? null : new Date(closes);
}

export async function getExercise(db: Db, actor: Actor, courseId: string, slug: string) {
  const definition = requireDefinition(slug);
  const enrollment = await requireEnrollment(db, actor, courseId);
  const exercise = await requireCourseExercise(db, courseId, slug, enrollment.role);
  return { id: exercise.id, courseId, deadline: exercise.deadline, role: enrollment.role, ...describeExercise(definition) };
}

export async function setExerciseDeadline(db: Db, actor: Actor, courseId: string, slug: string, deadline: Date | null) {
  requireDefinition(slug);
  await requireEnrollment(db, actor, courseId, "instructor", { write: true });
  const exercise = await requireCourseExercise(db, courseId, slug);
  return db.exercise.update({ where: { id: exercise.id }, data: { deadline }, select: { id: true, deadline: true } });
}

/** The training split of a data-fitting exercise, for the page to fit; held-out rows never leave the server. */
export async function getTrainingData(db: Db, actor: Actor, courseId: string, slug: string) {
  const definition = requireDefinition(slug);
  const enrollment = await requireEnrollment(db, actor, courseId);
  await requireCourseExercise(db, courseId, slug, enrollment.role);
  if (!definition.trainingData) throw notFound(`"${slug}" has no training data set.`);
  return definition.trainingData();
}
