// The gradebook: students × assignment items for staff, overrides with their audit log, one
// student's full history, and the exports an LMS imports (lib/grading/csv.ts writes the formats).
import { findExercise } from "@/exercises/registry";
import { canvasCsv, exportFilename, type ExportFormat, genericCsv, type GradebookExport, moodleCsv } from "@/lib/grading/csv";
import type { Db } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { type Actor, requireEnrollment } from "./courses";
import { invalid, notFound } from "./errors";
import { assignmentWithItems, gradeAssignments, itemTitle } from "./grading";

/** Staff: every student's points per item and assignment (filter by section), with late and excused marks. */
export async function getGradebook(db: Db, actor: Actor, courseId: string, section: string | null = null, now = new Date()) {
  const enrollment = await requireEnrollment(db, actor, courseId, "staff");
  const [students, assignments] = await Promise.all([
    db.enrollment.findMany({
      where: { courseId, role: "STUDENT", ...(section ? { section } : {}) },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { user: { name: "asc" } },
    }),
    db.assignment.findMany({ where: { courseId }, orderBy: { dueAt: "asc" }, include: assignmentWithItems }),
  ]);
  const grades = await gradeAssignments(
    db,
    enrollment.course.timeZone,
    assignments,
    students.map((s) => s.userId),
    { forStudent: false, now },
  );
  const sections = await db.enrollment.findMany({
    where: { courseId, role: "STUDENT", section: { not: null } },
    distinct: ["section"],
    select: { section: true },
  });
  return {
    timeZone: enrollment.course.timeZone,
    sections: sections.map((s) => s.section!).sort(),
    assignments: assignments.map((a) => ({
      id: a.id,
      title: a.title,
      dueAt: a.dueAt,
      gradesReleasedAt: a.gradesReleasedAt,
      pointsPossible: a.items.reduce((sum, i) => sum + i.points, 0),
      items: a.items.map((i) => ({ id: i.id, title: itemTitle(i), points: i.points })),
    })),
    students: students.map((s) => ({
      userId: s.userId,
      name: s.user.name,
      email: s.user.email,
      section: s.section,
      assignments: Object.fromEntries(
        assignments.map((a) => {
          const g = grades.get(a.id)!.get(s.userId)!;
          return [
            a.id,
            {
              total: g.total,
              pointsPossible: g.pointsPossible,
              extendedTo: g.extended ? g.dueAt : null,
              items: g.items.map(({ attempts: _attempts, ...item }) => item),
            },
          ];
        }),
      ),
    })),
  };
}

/** One student's whole record: every submission and quiz attempt, whether and where it counted, overrides and their audit. */
export async function getStudentRecord(db: Db, actor: Actor, courseId: string, userId: string, now = new Date()) {
  const enrollment = await requireEnrollment(db, actor, courseId, "staff");
  const student = await db.enrollment.findUnique({
    where: { userId_courseId: { userId, courseId } },
    include: { user: { select: { name: true, email: true } } },
  });
  if (!student) throw notFound("This person is not in the course.");
  const [assignments, submissions, audits] = await Promise.all([
    db.assignment.findMany({
      where: { courseId },
      orderBy: { dueAt: "asc" },
      include: assignmentWithItems,
    }),
    db.submission.findMany({
      where: { userId, exercise: { courseId } },
      orderBy: { createdAt: "desc" },
      take: 500,
      select: { id: true, createdAt: true, exercise: { select: { slug: true } }, score: { select: { metrics: true, privateMetrics: true } } },
    }),
    db.gradeAudit.findMany({ where: { courseId, studentId: userId }, orderBy: { createdAt: "desc" }, include: { grader: { select: { name: true } } } }),
  ]);
  const grades = await gradeAssignments(db, enrollment.course.timeZone, assignments, [userId], { forStudent: false, now });
  const countedIn = new Map<string, string[]>();
  for (const a of assignments) {
    for (const item of grades.get(a.id)!.get(userId)!.items) {
      if (item.countedId)
        countedIn.set(item.countedId, [...(countedIn.get(item.countedId) ?? []), `${a.title}: ${itemTitle(a.items.find((i) => i.id === item.itemId)!)}`]);
    }
  }
  return {
    userId,
    name: student.user.name,
    email: student.user.email,
    section: student.section,
    timeZone: enrollment.course.timeZone,
    assignments: assignments.map((a) => {
      const g = grades.get(a.id)!.get(userId)!;
      return { id: a.id, title: a.title, ...g, items: g.items.map((item) => ({ ...item, title: itemTitle(a.items.find((i) => i.id === item.itemId)!) })) };
    }),
    submissions: submissions.map((s) => ({
      id: s.id,
      createdAt: s.createdAt,
      exerciseSlug: s.exercise.slug,
      exerciseTitle: findExercise(s.exercise.slug)?.title ?? s.exercise.slug,
      metrics: (s.score?.metrics ?? {}) as Record<string, number>,
      // Exercises with held-out data: the private part's metrics (staff see them before the due date).
      privateMetrics: (s.score?.privateMetrics ?? null) as Record<string, number> | null,
      countedIn: countedIn.get(s.id) ?? [],
    })),
    audit: audits.map((a) => ({ id: a.id, at: a.createdAt, grader: a.grader.name, itemId: a.itemId, before: a.before, after: a.after, reason: a.reason })),
  };
}

export type OverrideChange = { points: number } | { excused: true } | { clear: true };

/** Sets (or clears) a grade by hand; the reason and old → new go to the audit log in the same transaction. */
export async function overrideGrade(db: Db, actor: Actor, input: { itemId: string; userId: string; change: OverrideChange; reason: string }) {
  const item = await db.assignmentItem.findUnique({ where: { id: input.itemId }, include: { assignment: { select: { courseId: true } } } });
  if (!item) throw notFound("There is no such assignment item.");
  const courseId = item.assignment.courseId;
  await requireEnrollment(db, actor, courseId, "staff", { write: true });
  const student = await db.enrollment.findUnique({ where: { userId_courseId: { userId: input.userId, courseId } } });
  if (student?.role !== "STUDENT") throw notFound("This student is not in the course.");
  const change = input.change;
  if ("points" in change && (change.points < 0 || change.points > item.points * 2)) {
    throw invalid(`Points must be between 0 and ${item.points * 2} (twice the item's ${item.points}, for bonus).`);
  }
  const reason = input.reason.trim();
  if (!reason) throw invalid("Say why the grade changes: the reason is kept in the audit log.");
  return db.$transaction(async (tx) => {
    const where = { itemId_userId: { itemId: input.itemId, userId: input.userId } };
    const before = await tx.gradeOverride.findUnique({ where });
    let after: { points: number | null; excused: boolean } | null = null;
    if ("clear" in change) {
      if (before) await tx.gradeOverride.delete({ where });
    } else {
      after = "excused" in change ? { points: null, excused: true } : { points: change.points, excused: false };
      await tx.gradeOverride.upsert({
        where,
        create: { itemId: input.itemId, userId: input.userId, ...after, reason, gradedById: actor.id },
        update: { ...after, reason, gradedById: actor.id },
      });
    }
    await tx.gradeAudit.create({
      data: {
        courseId,
        itemId: input.itemId,
        studentId: input.userId,
        graderId: actor.id,
        before: before ? { points: before.points, excused: before.excused } : undefined,
        after: (after ?? undefined) as Prisma.InputJsonValue | undefined,
        reason,
      },
    });
    return { override: after };
  });
}

/** The gradebook as the exports see it: every student, every assignment (totals) and item. */
export async function gradebookExport(db: Db, actor: Actor, courseId: string, now = new Date()): Promise<GradebookExport> {
  const book = await getGradebook(db, actor, courseId, null, now);
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true, term: true } });
  return {
    course,
    assignments: book.assignments.map((a) => ({ ...a, items: a.items.map((i) => ({ key: i.id, title: i.title, points: i.points })) })),
    students: book.students.map((s) => ({
      ...s,
      assignments: Object.fromEntries(
        Object.entries(s.assignments).map(([id, g]) => [
          id,
          { total: g.total, items: Object.fromEntries(g.items.map((i) => [i.itemId, { earned: i.earned, late: i.late, excused: i.excused }])) },
        ]),
      ),
    })),
  };
}

const WRITERS: Record<ExportFormat, (data: GradebookExport) => string> = { generic: genericCsv, canvas: canvasCsv, moodle: moodleCsv };

export async function gradebookCsv(db: Db, actor: Actor, courseId: string, format: ExportFormat, now = new Date()) {
  const data = await gradebookExport(db, actor, courseId, now);
  return { filename: exportFilename(data.course.title, format, now), csv: WRITERS[format](data) };
}
