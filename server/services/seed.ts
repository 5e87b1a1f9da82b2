import { EXERCISES } from "@/lib/exercises/registry";
import { COURSE_MODULES, DEMO_ACCOUNTS, DEMO_COURSE, DEMO_PASSWORD } from "@/lib/course/modules";
import type { Auth } from "../auth";
import type { Db } from "../db";

/** Creates a course with every module and exercise of the registry; returns its id. Idempotent by slug. */
export async function createCourseWithModules(db: Db, course: { slug: string; title: string; description?: string; joinCode: string }) {
  const row = await db.course.upsert({
    where: { slug: course.slug },
    create: { slug: course.slug, title: course.title, description: course.description ?? "", joinCode: course.joinCode },
    update: {},
  });
  for (const [position, module] of COURSE_MODULES.entries()) {
    const moduleRow = await db.module.upsert({
      where: { courseId_slug: { courseId: row.id, slug: module.slug } },
      create: { courseId: row.id, slug: module.slug, title: module.title, position },
      update: { title: module.title, position },
    });
    const exercises = EXERCISES.filter((e) => e.moduleSlug === module.slug);
    for (const [exercisePosition, exercise] of exercises.entries()) {
      await db.exercise.upsert({
        where: { courseId_slug: { courseId: row.id, slug: exercise.slug } },
        create: { courseId: row.id, moduleId: moduleRow.id, slug: exercise.slug, position: exercisePosition },
        update: { moduleId: moduleRow.id, position: exercisePosition },
      });
    }
  }
  return row.id;
}

/**
 * The demo course "Generative AI" and its accounts (one instructor, three students who join with
 * the code). Safe to run at every start: it only adds what is missing.
 */
export async function seedDemo(db: Db, auth: Auth) {
  const courseId = await createCourseWithModules(db, DEMO_COURSE);
  for (const account of DEMO_ACCOUNTS) {
    let user = await db.user.findUnique({ where: { email: account.email } });
    if (!user) {
      await auth.api.signUpEmail({ body: { name: account.name, email: account.email, password: DEMO_PASSWORD } });
      user = await db.user.findUniqueOrThrow({ where: { email: account.email } });
    }
    if (account.role) {
      await db.enrollment.upsert({
        where: { userId_courseId: { userId: user.id, courseId } },
        create: { userId: user.id, courseId, role: account.role },
        update: { role: account.role },
      });
    }
  }
  return { courseId };
}
