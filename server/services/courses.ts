import type { Db } from "../db";
import type { CourseRole } from "../generated/prisma/client";
import { DomainError, forbidden, notFound } from "./errors";

export interface Actor {
  id: string;
  name: string;
  email: string;
}

/** The actor's role in a course; throws FORBIDDEN when they are not enrolled. */
export async function requireEnrollment(db: Db, actor: Actor, courseId: string, role?: CourseRole) {
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId: actor.id, courseId } } });
  if (!enrollment) {
    const exists = await db.course.count({ where: { id: courseId } });
    if (!exists) throw notFound("There is no such course.");
    throw forbidden("You are not enrolled in this course. Join it with its join code first.");
  }
  if (role && enrollment.role !== role) {
    throw forbidden(role === "INSTRUCTOR" ? "Only the course's instructors can do this." : "Only students of this course can do this.");
  }
  return enrollment;
}

/**
 * A person's email as a viewer with this role in the course may see it: students choose their display
 * names, so two may look alike and instructors tell them apart by email; students never learn a
 * classmate's address.
 */
export function emailForViewer(viewerRole: CourseRole | null | undefined, email: string): string | null {
  return viewerRole === "INSTRUCTOR" ? email : null;
}

export async function listMyCourses(db: Db, actor: Actor) {
  const enrollments = await db.enrollment.findMany({
    where: { userId: actor.id },
    include: { course: { include: { _count: { select: { enrollments: true, modules: true } } } } },
    orderBy: { createdAt: "asc" },
  });
  return enrollments.map(({ role, course }) => ({
    id: course.id,
    slug: course.slug,
    title: course.title,
    description: course.description,
    role,
    // Students don't need the code once in; instructors hand it out.
    joinCode: role === "INSTRUCTOR" ? course.joinCode : null,
    members: course._count.enrollments,
    modules: course._count.modules,
  }));
}

/** Joins the course with this code as a student; joining twice is harmless. */
export async function joinCourse(db: Db, actor: Actor, joinCode: string) {
  const course = await db.course.findUnique({ where: { joinCode: joinCode.trim().toUpperCase() } });
  if (!course) throw new DomainError("NOT_FOUND", "No course has this join code. Check it with your instructor.");
  const enrollment = await db.enrollment.upsert({
    where: { userId_courseId: { userId: actor.id, courseId: course.id } },
    create: { userId: actor.id, courseId: course.id, role: "STUDENT" },
    update: {},
  });
  return { courseId: course.id, slug: course.slug, title: course.title, role: enrollment.role };
}

export async function getCourse(db: Db, actor: Actor, courseId: string) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  const course = await db.course.findUniqueOrThrow({
    where: { id: courseId },
    include: { modules: { orderBy: { position: "asc" }, include: { exercises: { orderBy: { position: "asc" } } } } },
  });
  return {
    id: course.id,
    slug: course.slug,
    title: course.title,
    description: course.description,
    role: enrollment.role,
    joinCode: enrollment.role === "INSTRUCTOR" ? course.joinCode : null,
    modules: course.modules.map((m) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      position: m.position,
      exercises: m.exercises.map((e) => ({ id: e.id, slug: e.slug, deadline: e.deadline })),
    })),
  };
}

/** Instructor view: who is in the course and how many submissions each has made. */
export async function listRoster(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId, "INSTRUCTOR");
  const enrollments = await db.enrollment.findMany({
    where: { courseId },
    include: { user: { select: { id: true, name: true, email: true } } },
    orderBy: [{ role: "desc" }, { createdAt: "asc" }],
  });
  const counts = await db.submission.groupBy({
    by: ["userId"],
    where: { exercise: { courseId } },
    _count: { _all: true },
  });
  const countByUser = new Map(counts.map((c) => [c.userId, c._count._all]));
  return enrollments.map((e) => ({
    userId: e.user.id,
    name: e.user.name,
    email: e.user.email,
    role: e.role,
    joinedAt: e.createdAt,
    submissions: countByUser.get(e.user.id) ?? 0,
  }));
}
