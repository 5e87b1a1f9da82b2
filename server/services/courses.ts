// Courses: who may do what in one (the role checks every service goes through), creating one with the
// lecture's modules, its settings, join code, archive and copy to a new term.
import { addLocalDays, canonicalTimeZone, isValidTimeZone } from "@/lib/grading/time";
import { COURSE_MODULES } from "@/lib/course/modules";
import { EXERCISES } from "@/exercises/registry";
import type { Db } from "../db";
import type { CourseRole, LeaderboardNames, Prisma } from "../generated/prisma/client";
import { DomainError, forbidden, invalid, notFound } from "./errors";
import { newJoinCode } from "./join-codes";

type Tx = Prisma.TransactionClient;

export interface Actor {
  id: string;
  name: string;
  email: string;
}

/** member: anyone enrolled; staff: instructors and teaching assistants; instructor: instructors only. */
export type CourseAccess = "member" | "staff" | "instructor";

export const isStaff = (role: CourseRole | null | undefined) => role === "INSTRUCTOR" || role === "TEACHING_ASSISTANT";

/** Who may create courses: any signed-in account, or only those approved with `genlab user allow-courses`. */
export type CourseCreation = "anyone" | "approved";

/**
 * The actor's enrollment in a course, checked against `access`; throws FORBIDDEN when they are not
 * enrolled or lack the role. `write`: the call changes the course, which an archived course refuses.
 */
export async function requireEnrollment(db: Db | Tx, actor: Actor, courseId: string, access: CourseAccess = "member", { write = false } = {}) {
  const enrollment = await db.enrollment.findUnique({
    where: { userId_courseId: { userId: actor.id, courseId } },
    include: { course: { select: { archivedAt: true, timeZone: true } } },
  });
  if (!enrollment) {
    const exists = await db.course.count({ where: { id: courseId } });
    if (!exists) throw notFound("There is no such course.");
    throw forbidden("You are not enrolled in this course. Join it with its join code first.");
  }
  if (access === "staff" && !isStaff(enrollment.role)) throw forbidden("Only the course's instructors and teaching assistants can do this.");
  if (access === "instructor" && enrollment.role !== "INSTRUCTOR") throw forbidden("Only the course's instructors can do this.");
  if (write && enrollment.course.archivedAt) throw new DomainError("CONFLICT", "This course is archived: it is read-only.");
  return enrollment;
}

/**
 * A person's email as a viewer with this role in the course may see it: students choose their display
 * names, so two may look alike and staff tell them apart by email; students never learn a
 * classmate's address.
 */
export function emailForViewer(viewerRole: CourseRole | null | undefined, email: string): string | null {
  return isStaff(viewerRole) ? email : null;
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
    term: course.term,
    description: course.description,
    role,
    archived: course.archivedAt !== null,
    // Students don't need the code once in; staff hand it out.
    joinCode: isStaff(role) && course.joinOpen ? course.joinCode : null,
    members: course._count.enrollments,
    modules: course._count.modules,
  }));
}

/** Whether students see the module now: not hidden, and released (no date, or a date passed). */
export function moduleVisibleToStudents(module: { hidden: boolean; releaseAt: Date | null }, now: Date): boolean {
  return !module.hidden && (module.releaseAt === null || module.releaseAt <= now);
}

/** The course's module; for a student (`viewerRole`) one they cannot see yet does not exist. */
export async function requireModule(db: Db | Tx, courseId: string, moduleSlug: string, viewerRole: CourseRole, now = new Date()) {
  const module = await db.module.findUnique({ where: { courseId_slug: { courseId, slug: moduleSlug } } });
  if (!module || (viewerRole === "STUDENT" && !moduleVisibleToStudents(module, now))) throw notFound(`This course has no module "${moduleSlug}".`);
  return module;
}

/** The same as a Prisma filter on Module. */
export function visibleModuleWhere(now: Date): Prisma.ModuleWhereInput {
  return { hidden: false, OR: [{ releaseAt: null }, { releaseAt: { lte: now } }] };
}

export async function getCourse(db: Db, actor: Actor, courseId: string, now = new Date()) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  const staff = isStaff(enrollment.role);
  const course = await db.course.findUniqueOrThrow({
    where: { id: courseId },
    include: {
      modules: {
        where: staff ? {} : visibleModuleWhere(now),
        orderBy: { position: "asc" },
        include: { exercises: { orderBy: { position: "asc" } } },
      },
    },
  });
  return {
    id: course.id,
    slug: course.slug,
    title: course.title,
    term: course.term,
    description: course.description,
    timeZone: course.timeZone,
    role: enrollment.role,
    archived: course.archivedAt !== null,
    leaderboardNames: course.leaderboardNames,
    joinCode: staff ? course.joinCode : null,
    joinOpen: course.joinOpen,
    modules: course.modules.map((m) => ({
      id: m.id,
      slug: m.slug,
      title: m.title,
      position: m.position,
      hidden: m.hidden,
      releaseAt: m.releaseAt,
      visibleToStudents: moduleVisibleToStudents(m, now),
      exercises: m.exercises.map((e) => ({ id: e.id, slug: e.slug, deadline: e.deadline })),
    })),
  };
}

// ── Creating and changing courses ───────────────────────────────────────────────────────────

/** An exercise's place among its module's exercises: registry order. */
const exercisePosition = (exercise: (typeof EXERCISES)[number]) => EXERCISES.filter((other) => other.moduleSlug === exercise.moduleSlug).indexOf(exercise);

/**
 * Brings courses up to the lecture and the registry: adds the modules and exercises they lack, puts
 * every module at its lecture position and every exercise in its spec's module. A module the lecture
 * gained later takes the visibility (hidden, release date) of the module before it, so an instructor's
 * release schedule does not show it early. `courseIds` defaults to every course (run at start-up,
 * where it writes only what differs, one process at a time).
 */
export async function addLectureModules(tx: Tx, courseIds?: string[]) {
  // Two processes starting together would otherwise wait on each other's inserts (or deadlock).
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('lecture-modules'))`;
  const inCourses = courseIds ? { courseId: { in: courseIds } } : {};
  const [courses, exercises] = await Promise.all([
    tx.course.findMany({
      where: courseIds ? { id: { in: courseIds } } : {},
      orderBy: { id: "asc" },
      select: { id: true, modules: { select: { id: true, slug: true, position: true, hidden: true, releaseAt: true } } },
    }),
    tx.exercise.findMany({ where: inCourses, select: { courseId: true, slug: true, moduleId: true, position: true } }),
  ]);
  const missing = courses.flatMap((course) => {
    const present = new Map(course.modules.map((m) => [m.slug, m]));
    return COURSE_MODULES.flatMap((m, position) => {
      if (present.has(m.slug)) return [];
      const before = COURSE_MODULES.slice(0, position).findLast((other) => present.has(other.slug));
      const visibility = before ? present.get(before.slug)! : { hidden: false, releaseAt: null };
      return [{ courseId: course.id, slug: m.slug, title: m.title, position, hidden: visibility.hidden, releaseAt: visibility.releaseAt }];
    });
  });
  if (missing.length > 0) await tx.module.createMany({ data: missing, skipDuplicates: true });
  // Positions follow the lecture, also where it gained modules between two existing ones.
  const lecturePosition = new Map(COURSE_MODULES.map((m, position) => [m.slug, position]));
  const misplaced = courses.flatMap((c) => c.modules.filter((m) => lecturePosition.has(m.slug) && m.position !== lecturePosition.get(m.slug)));
  for (const m of misplaced) await tx.module.update({ where: { id: m.id }, data: { position: lecturePosition.get(m.slug)! } });

  const modules =
    missing.length > 0
      ? await tx.module.findMany({ where: inCourses, select: { id: true, slug: true, courseId: true } })
      : courses.flatMap((c) => c.modules.map((m) => ({ ...m, courseId: c.id })));
  const moduleId = new Map(modules.map((m) => [`${m.courseId} ${m.slug}`, m.id]));
  const existing = new Map(exercises.map((e) => [`${e.courseId} ${e.slug}`, e]));
  const wanted = courses.flatMap((course) =>
    EXERCISES.flatMap((e) => {
      const id = moduleId.get(`${course.id} ${e.moduleSlug}`);
      return id ? [{ courseId: course.id, moduleId: id, slug: e.slug, position: exercisePosition(e) }] : [];
    }),
  );
  const added = wanted.filter((e) => !existing.has(`${e.courseId} ${e.slug}`));
  if (added.length > 0) await tx.exercise.createMany({ data: added, skipDuplicates: true });
  // An exercise the registry moved to another module follows it.
  for (const e of wanted) {
    const now = existing.get(`${e.courseId} ${e.slug}`);
    if (now && (now.moduleId !== e.moduleId || now.position !== e.position)) {
      await tx.exercise.update({ where: { courseId_slug: { courseId: e.courseId, slug: e.slug } }, data: { moduleId: e.moduleId, position: e.position } });
    }
  }
}

/** A course code no course has yet (checked rather than caught: an error would abort the transaction). */
async function unusedCourseJoinCode(tx: Db | Tx): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const joinCode = newJoinCode();
    if (attempt >= 5 || !(await tx.course.count({ where: { joinCode } }))) return joinCode;
  }
}

function slugFor(title: string): string {
  const base = title
    .normalize("NFKD")
    .replace(/[^\w\s-]/g, "")
    .trim()
    .toLowerCase()
    .replace(/[\s_-]+/g, "-")
    .slice(0, 40)
    .replace(/-+$/, "");
  return `${base || "course"}-${newJoinCode().toLowerCase().slice(0, 4)}`;
}

export interface CourseSettingsInput {
  title?: string;
  description?: string;
  term?: string | null;
  timeZone?: string;
  leaderboardNames?: LeaderboardNames;
  joinOpen?: boolean;
}

/** The zone as stored: its canonical name, so one zone has one spelling. */
function checkTimeZone(timeZone: string | undefined): string | undefined {
  if (timeZone === undefined) return undefined;
  if (!isValidTimeZone(timeZone)) throw invalid(`"${timeZone}" is not a time zone. Use a name such as Europe/Berlin or America/New_York.`);
  return canonicalTimeZone(timeZone);
}

async function mayCreateCourses(db: Db, actor: Actor, creation: CourseCreation) {
  if (creation === "anyone") return;
  const user = await db.user.findUnique({ where: { id: actor.id }, select: { canCreateCourses: true } });
  if (!user?.canCreateCourses) {
    throw forbidden("On this GenLab only approved accounts create courses. Ask its administrator to run `genlab user allow-courses <your email>`.");
  }
}

/** A new course with the lecture's modules; the creator is its instructor. */
export async function createCourse(db: Db, actor: Actor, input: CourseSettingsInput & { title: string }, creation: CourseCreation = "anyone") {
  await mayCreateCourses(db, actor, creation);
  const timeZone = checkTimeZone(input.timeZone) ?? "UTC";
  return db.$transaction(async (tx) => {
    const course = await tx.course.create({
      data: {
        slug: slugFor(input.title),
        title: input.title,
        description: input.description ?? "",
        term: input.term ?? null,
        timeZone,
        leaderboardNames: input.leaderboardNames,
        joinCode: await unusedCourseJoinCode(tx),
        createdById: actor.id,
      },
    });
    await tx.enrollment.create({ data: { userId: actor.id, courseId: course.id, role: "INSTRUCTOR" } });
    await addLectureModules(tx, [course.id]);
    return { id: course.id, slug: course.slug, title: course.title, joinCode: course.joinCode, timeZone: course.timeZone, term: course.term };
  });
}

export async function updateCourseSettings(db: Db, actor: Actor, courseId: string, input: CourseSettingsInput) {
  await requireEnrollment(db, actor, courseId, "instructor", { write: true });
  const course = await db.course.update({ where: { id: courseId }, data: { ...input, timeZone: checkTimeZone(input.timeZone) } });
  return {
    id: course.id,
    title: course.title,
    term: course.term,
    timeZone: course.timeZone,
    joinOpen: course.joinOpen,
    leaderboardNames: course.leaderboardNames,
  };
}

/** A new join code: the old one stops working at once (students already in stay in). */
export async function regenerateJoinCode(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId, "instructor", { write: true });
  const course = await db.$transaction(async (tx) =>
    tx.course.update({ where: { id: courseId }, data: { joinCode: await unusedCourseJoinCode(tx), joinOpen: true } }),
  );
  return { joinCode: course.joinCode };
}

/** Archived: read-only for everyone (no submissions, no changes); unarchiving makes it live again. */
export async function setCourseArchived(db: Db, actor: Actor, courseId: string, archived: boolean, now = new Date()) {
  await requireEnrollment(db, actor, courseId, "instructor");
  const course = await db.course.update({ where: { id: courseId }, data: { archivedAt: archived ? now : null } });
  return { archived: course.archivedAt !== null };
}

/** Deletes the course and everything in it; the title must be typed back, as on GitHub. */
export async function deleteCourse(db: Db, actor: Actor, courseId: string, confirmTitle: string) {
  await requireEnrollment(db, actor, courseId, "instructor");
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId } });
  if (confirmTitle.trim() !== course.title.trim()) throw invalid(`Type the course's title, “${course.title}”, to delete it.`);
  await db.course.delete({ where: { id: courseId } });
  return { deleted: true };
}

/**
 * A copy for a new term: settings, module visibility and assignments (dates moved by `shiftDays`
 * calendar days in the course's time zone, so 23:59 stays 23:59 across a daylight-saving change).
 * Members, submissions and grades stay with the old course; the copier is the new one's instructor.
 */
export async function copyCourse(
  db: Db,
  actor: Actor,
  courseId: string,
  input: { title: string; term?: string | null; shiftDays: number },
  creation: CourseCreation = "anyone",
) {
  await requireEnrollment(db, actor, courseId, "instructor");
  await mayCreateCourses(db, actor, creation);
  const source = await db.course.findUniqueOrThrow({
    where: { id: courseId },
    include: { modules: true, exercises: true, assignments: { include: { items: true } } },
  });
  const shift = (date: Date) => addLocalDays(date, input.shiftDays, source.timeZone);
  return db.$transaction(
    async (tx) => {
      const course = await tx.course.create({
        data: {
          slug: slugFor(input.title),
          title: input.title,
          description: source.description,
          term: input.term ?? null,
          timeZone: source.timeZone,
          leaderboardNames: source.leaderboardNames,
          joinCode: await unusedCourseJoinCode(tx),
          createdById: actor.id,
          copiedFromId: source.id,
        },
      });
      await tx.enrollment.create({ data: { userId: actor.id, courseId: course.id, role: "INSTRUCTOR" } });
      await tx.module.createMany({
        data: source.modules.map((m) => ({
          courseId: course.id,
          slug: m.slug,
          title: m.title,
          position: m.position,
          hidden: m.hidden,
          releaseAt: m.releaseAt && shift(m.releaseAt),
        })),
      });
      await addLectureModules(tx, [course.id]);
      const [modules, exercises] = await Promise.all([
        tx.module.findMany({ where: { courseId: course.id }, select: { id: true, slug: true } }),
        tx.exercise.findMany({ where: { courseId: course.id }, select: { id: true, slug: true } }),
      ]);
      const moduleIds = new Map(modules.map((m) => [m.slug, m.id]));
      const exerciseIds = new Map(exercises.map((e) => [e.slug, e.id]));
      const sourceModuleSlug = new Map(source.modules.map((m) => [m.id, m.slug]));
      const sourceExerciseSlug = new Map(source.exercises.map((e) => [e.id, e.slug]));
      for (const a of source.assignments) {
        await tx.assignment.create({
          data: {
            courseId: course.id,
            title: a.title,
            instructions: a.instructions,
            openAt: a.openAt && shift(a.openAt),
            dueAt: shift(a.dueAt),
            latePolicy: a.latePolicy as Prisma.InputJsonValue,
            quizAttempts: a.quizAttempts,
            quizAnswersShown: a.quizAnswersShown,
            gradedOn: a.gradedOn,
            items: {
              create: a.items.map((item) => ({
                position: item.position,
                points: item.points,
                counting: item.counting,
                rule: (item.rule ?? undefined) as Prisma.InputJsonValue | undefined,
                exerciseId: item.exerciseId ? exerciseIds.get(sourceExerciseSlug.get(item.exerciseId)!) : null,
                moduleId: item.moduleId ? moduleIds.get(sourceModuleSlug.get(item.moduleId)!) : null,
              })),
            },
          },
        });
      }
      // The instructors' own held-out sets come along; the copy's own seed splits them anew.
      const heldoutSets = await tx.heldoutSet.findMany({ where: { exercise: { courseId } }, include: { exercise: { select: { slug: true } } } });
      for (const set of heldoutSets) {
        const exerciseId = exerciseIds.get(set.exercise.slug);
        if (!exerciseId) continue;
        const { rows, count, summary, uploadedById, uploadedAt } = set;
        await tx.heldoutSet.create({
          data: { exerciseId, rows: rows as Prisma.InputJsonValue, count, summary: summary as Prisma.InputJsonValue, uploadedById, uploadedAt },
        });
      }
      return { id: course.id, slug: course.slug, title: course.title, joinCode: course.joinCode, term: course.term };
      // A course of many assignments is many inserts: more than Prisma's 5 s default.
    },
    { timeout: 60_000 },
  );
}

/** Hides a module from students, or releases it now or at a date (students see it from then on). */
export async function setModuleVisibility(db: Db, actor: Actor, courseId: string, moduleSlug: string, input: { hidden: boolean; releaseAt: Date | null }) {
  const { role } = await requireEnrollment(db, actor, courseId, "instructor", { write: true });
  const module = await requireModule(db, courseId, moduleSlug, role);
  const updated = await db.module.update({ where: { id: module.id }, data: { hidden: input.hidden, releaseAt: input.releaseAt } });
  return { slug: updated.slug, hidden: updated.hidden, releaseAt: updated.releaseAt };
}
