// One's own account: name, password, a reset link when the password is forgotten, one's data as
// JSON, and deleting the account. Passwords are hashed and checked by Better Auth's own functions.
import { randomBytes } from "node:crypto";
import { checkDisplayName } from "@/lib/users/display-name";
import { MIN_PASSWORD_LENGTH } from "@/lib/users/password";
import type { Auth } from "../auth";
import type { Db } from "../db";
import { hashOneTimeToken, newOneTimeToken } from "../security/one-time-token";
import type { Actor } from "./courses";
import type { LinkDelivery } from "./roster";
import { DomainError, forbidden, invalid, notFound } from "./errors";

/** A reset link works this long, once. */
export const RESET_LINK_LIFETIME_MS = 24 * 3600_000;
/** Better Auth's verification table holds the links under this prefix (its own flows use others). */
const RESET_IDENTIFIER = "genlab-password-reset:";

export async function updateName(db: Db, actor: Actor, rawName: string) {
  const checked = checkDisplayName(rawName);
  if (!checked.ok) throw invalid(checked.message);
  const user = await db.user.update({ where: { id: actor.id }, data: { name: checked.name } });
  return { name: user.name };
}

async function requirePassword(db: Db, auth: Auth, userId: string, password: string) {
  const context = await auth.$context;
  const credential = await db.account.findFirst({ where: { userId, providerId: "credential" }, select: { password: true } });
  if (!credential?.password || !(await context.password.verify({ hash: credential.password, password }))) {
    throw forbidden("That is not your current password.");
  }
}

async function setPassword(auth: Auth, userId: string, password: string) {
  if (password.length < MIN_PASSWORD_LENGTH) throw invalid(`A password has at least ${MIN_PASSWORD_LENGTH} characters.`);
  const context = await auth.$context;
  await context.internalAdapter.updatePassword(userId, await context.password.hash(password));
}

/** A new password, after the current one (signed-in devices stay signed in). */
export async function changePassword(db: Db, auth: Auth, actor: Actor, input: { currentPassword: string; newPassword: string }) {
  await requirePassword(db, auth, actor.id, input.currentPassword);
  await setPassword(auth, actor.id, input.newPassword);
  return { changed: true };
}

/**
 * A one-time link that sets a new password, for someone who forgot theirs and cannot get email: an
 * instructor or TA of a course the person takes creates it and hands it over (`genlab user reset-link`
 * for administrators). Returns a relative path; only the token's hash is stored.
 */
export async function createResetLink(db: Db, actor: Actor | null, userId: string, now = new Date()) {
  if (actor) {
    // An instructor vouches for a student of theirs; nobody makes links for staff (anywhere) or course
    // creators, whose accounts give more than one course's grades away.
    const [shared, moreThanAStudent] = await Promise.all([
      db.enrollment.findFirst({ where: { userId, role: "STUDENT", course: { enrollments: { some: { userId: actor.id, role: "INSTRUCTOR" } } } } }),
      db.user.count({
        where: { id: userId, OR: [{ canCreateCourses: true }, { enrollments: { some: { role: { in: ["INSTRUCTOR", "TEACHING_ASSISTANT"] } } } }] },
      }),
    ]);
    if (!shared || moreThanAStudent)
      throw forbidden("You can make reset links only for students of a course you instruct (not for anyone on a course's staff).");
  }
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true } });
  if (!user) throw notFound("There is no such account.");
  const token = newOneTimeToken();
  await db.verification.deleteMany({ where: { value: user.id, identifier: { startsWith: RESET_IDENTIFIER } } });
  await db.verification.create({
    data: {
      id: randomBytes(16).toString("hex"),
      identifier: `${RESET_IDENTIFIER}${hashOneTimeToken(token)}`,
      value: user.id,
      expiresAt: new Date(now.getTime() + RESET_LINK_LIFETIME_MS),
    },
  });
  return { path: `/reset-password/${token}`, email: user.email, expiresAt: new Date(now.getTime() + RESET_LINK_LIFETIME_MS) };
}

/** One emailed reset link per account in this long, however often someone asks (an inbox is not a target). */
export const RESET_EMAIL_INTERVAL_MS = 10 * 60_000;

/**
 * "Forgot your password?": with email set up, mails a reset link to the account's address. The
 * answer is the same whether or not the address has an account, so it tells nobody who is registered.
 */
export async function requestPasswordReset(db: Db, email: string, delivery: LinkDelivery, now = new Date()) {
  if (!delivery.mail) return { emailConfigured: false };
  const user = await db.user.findFirst({ where: { email: { equals: email.trim(), mode: "insensitive" } }, select: { id: true } });
  const recent =
    user &&
    (await db.verification.count({
      where: { value: user.id, identifier: { startsWith: RESET_IDENTIFIER }, createdAt: { gt: new Date(now.getTime() - RESET_EMAIL_INTERVAL_MS) } },
    }));
  if (user && !recent) {
    const link = await createResetLink(db, null, user.id, now);
    void delivery.mail.send({
      to: link.email,
      subject: "Set a new GenLab password",
      text: `Someone (we hope you) asked to set a new password for your GenLab account.\n\nOpen this link within 24 hours to choose one; it works once:\n${new URL(link.path, delivery.origin)}\n\nIf it was not you, ignore this email: your password stays as it is.\n`,
    });
  }
  return { emailConfigured: true };
}

/** Sets a new password with a reset link (once); every session of the account ends. */
export async function resetPassword(db: Db, auth: Auth, input: { token: string; newPassword: string }, now = new Date()) {
  if (input.newPassword.length < MIN_PASSWORD_LENGTH) throw invalid(`A password has at least ${MIN_PASSWORD_LENGTH} characters.`);
  const identifier = `${RESET_IDENTIFIER}${hashOneTimeToken(input.token)}`;
  const link = await db.verification.findFirst({ where: { identifier } });
  // Claimed before use: of two requests with one link, only the one that deletes it goes on.
  const claimed = link && link.expiresAt > now ? await db.verification.deleteMany({ where: { id: link.id } }) : null;
  if (!link || !claimed?.count) throw new DomainError("CONFLICT", "This reset link is not valid any more. Ask for a new one.");
  await setPassword(auth, link.value, input.newPassword);
  await db.session.deleteMany({ where: { userId: link.value } });
  const user = await db.user.findUniqueOrThrow({ where: { id: link.value }, select: { email: true } });
  return { email: user.email };
}

/** Everything GenLab keeps about the actor, as JSON (submission bodies are listed by size, not copied). */
export async function exportMyData(db: Db, actor: Actor) {
  const [user, enrollments, submissions, quizAnswers, quizAttempts, moduleReads, poolJobs] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { id: true, name: true, email: true, createdAt: true } }),
    db.enrollment.findMany({
      where: { userId: actor.id },
      select: { role: true, section: true, createdAt: true, course: { select: { title: true, term: true } } },
    }),
    db.submission.findMany({
      where: { userId: actor.id },
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        createdAt: true,
        config: true,
        exercise: { select: { slug: true, course: { select: { title: true } } } },
        score: { select: { metrics: true } },
      },
    }),
    db.quizAnswer.findMany({
      where: { userId: actor.id },
      select: { questionId: true, answer: true, correct: true, createdAt: true, module: { select: { slug: true } } },
    }),
    db.quizAttempt.findMany({
      where: { userId: actor.id },
      select: { answers: true, correct: true, total: true, createdAt: true, item: { select: { assignment: { select: { title: true } } } } },
    }),
    db.moduleRead.findMany({ where: { userId: actor.id }, select: { readAt: true, module: { select: { slug: true } } } }),
    db.poolJob.findMany({
      where: { userId: actor.id },
      select: { id: true, status: true, steps: true, createdAt: true, finishedAt: true, exercise: { select: { slug: true } } },
    }),
  ]);
  return {
    exportedAt: new Date(),
    account: user,
    courses: enrollments.map((e) => ({ course: e.course.title, term: e.course.term, role: e.role, section: e.section, joinedAt: e.createdAt })),
    submissions: submissions.map((s) => ({
      id: s.id,
      course: s.exercise.course.title,
      exercise: s.exercise.slug,
      at: s.createdAt,
      metrics: s.score?.metrics ?? null,
      config: s.config,
    })),
    quizAnswers: quizAnswers.map((a) => ({ module: a.module.slug, question: a.questionId, answer: a.answer, correct: a.correct, at: a.createdAt })),
    gradedQuizAttempts: quizAttempts.map((a) => ({
      assignment: a.item.assignment.title,
      answers: a.answers,
      correct: a.correct,
      total: a.total,
      at: a.createdAt,
    })),
    modulesRead: moduleReads.map((r) => ({ module: r.module.slug, at: r.readAt })),
    poolRuns: poolJobs.map((j) => ({ id: j.id, exercise: j.exercise.slug, status: j.status, steps: j.steps, at: j.createdAt, finishedAt: j.finishedAt })),
  };
}

/**
 * Deletes the account: sign-in, sessions and personal details go; the person becomes "Deleted
 * student" everywhere, so the courses keep the grades and the leaderboards their (anonymous) entries.
 * The last instructor of a course hands it over (or deletes it) first.
 */
export async function deleteAccount(db: Db, auth: Auth, actor: Actor, password: string) {
  await requirePassword(db, auth, actor.id, password);
  const sole = await db.enrollment.findMany({
    where: { userId: actor.id, role: "INSTRUCTOR", course: { enrollments: { none: { role: "INSTRUCTOR", userId: { not: actor.id } } } } },
    select: { course: { select: { title: true } } },
  });
  if (sole.length)
    throw new DomainError(
      "CONFLICT",
      `You are the only instructor of ${sole.map((e) => `“${e.course.title}”`).join(", ")}: make someone else an instructor or delete it first.`,
    );
  const everAStudent = (await db.enrollment.count({ where: { userId: actor.id, role: "STUDENT" } })) > 0;
  await db.$transaction([
    db.session.deleteMany({ where: { userId: actor.id } }),
    db.account.deleteMany({ where: { userId: actor.id } }),
    db.verification.deleteMany({ where: { value: actor.id } }),
    // A deleted person teaches nothing (their grading stays in the audit log); as a student they stay, for the grades.
    db.enrollment.deleteMany({ where: { userId: actor.id, role: { not: "STUDENT" } } }),
    db.courseInvite.deleteMany({ where: { email: actor.email.toLowerCase() } }),
    // An LMS's next launch makes a new account rather than sign in to this one.
    db.ltiUser.deleteMany({ where: { userId: actor.id } }),
    db.user.update({
      where: { id: actor.id },
      data: {
        name: everAStudent ? "Deleted student" : "Deleted account",
        email: `deleted-${actor.id}@deleted.invalid`,
        image: null,
        canCreateCourses: false,
        canManageLms: false,
      },
    }),
  ]);
  return { deleted: true };
}
