// Who is in a course: the roster, sections, roles, invite links and roster import (CSV).
// Staff manage students; only instructors add, change or remove staff.
import { parseCsv } from "@/lib/grading/csv";
import type { Db } from "../db";
import type { Mailer } from "../mail";
import { hashOneTimeToken, newOneTimeToken } from "../security/one-time-token";
import type { CourseRole, Prisma } from "../generated/prisma/client";
import { type Actor, isStaff, requireEnrollment } from "./courses";
import { normalizeJoinCode } from "./join-codes";
import { DomainError, forbidden, invalid, notFound } from "./errors";

/** An invite link stays valid this long (a term's first weeks). */
export const INVITE_LIFETIME_MS = 30 * 24 * 3600_000;
/** An address gets at most one invite email in this long (more invites are made, but shown only on screen). */
export const INVITE_EMAIL_INTERVAL_MS = 10 * 60_000;
/** Rows a roster import takes at once (a large lecture). */
export const MAX_ROSTER_ROWS = 2000;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** How links reach people: by email when GenLab has an SMTP server, and always on screen to copy. */
export interface LinkDelivery {
  mail: Mailer | null;
  /** GenLab's public origin, for the link in an email. */
  origin: string;
}

const ROLE_WORDS: Record<CourseRole, string> = { STUDENT: "a student", TEACHING_ASSISTANT: "a teaching assistant", INSTRUCTOR: "an instructor" };

/** Mails an invite link in the background; true when an email is on its way. */
function mailInvite(
  delivery: LinkDelivery | undefined,
  invite: { email: string; role: CourseRole; path: string },
  course: { title: string },
  from: Actor,
): boolean {
  if (!delivery?.mail) return false;
  void delivery.mail.send({
    to: invite.email,
    subject: `Join “${course.title}” on GenLab`,
    text: `${from.name} invites you to “${course.title}” on GenLab as ${ROLE_WORDS[invite.role]}.\n\nOpen this link, then sign in or create an account with this email address (${invite.email}):\n${new URL(invite.path, delivery.origin)}\n\nThe link works once, for 30 days.\n`,
  });
  return true;
}

/** Joins the course with this code as a student; joining twice is harmless. */
export async function joinCourse(db: Db, actor: Actor, joinCode: string) {
  const course = await db.course.findUnique({ where: { joinCode: normalizeJoinCode(joinCode) } });
  if (!course || !course.joinOpen) throw notFound("No course has this join code. Check it with your instructor.");
  if (course.archivedAt) throw new DomainError("CONFLICT", "This course is archived: it takes no new students.");
  const enrollment = await db.enrollment.upsert({
    where: { userId_courseId: { userId: actor.id, courseId: course.id } },
    create: { userId: actor.id, courseId: course.id, role: "STUDENT" },
    update: {},
  });
  await takeUpPendingInvite(db, actor, course.id);
  return { courseId: course.id, slug: course.slug, title: course.title, role: enrollment.role };
}

/** Staff only; changing staff (anything but a student) needs an instructor. */
async function requireRosterAccess(db: Db, actor: Actor, courseId: string, role: CourseRole) {
  return requireEnrollment(db, actor, courseId, role === "STUDENT" ? "staff" : "instructor", { write: true });
}

export async function listRoster(db: Db, actor: Actor, courseId: string, now = new Date()) {
  await requireEnrollment(db, actor, courseId, "staff");
  const [enrollments, counts, invites] = await Promise.all([
    db.enrollment.findMany({
      where: { courseId },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: [{ role: "desc" }, { createdAt: "asc" }],
    }),
    db.submission.groupBy({ by: ["userId"], where: { exercise: { courseId } }, _count: { _all: true } }),
    db.courseInvite.findMany({ where: { courseId, acceptedAt: null, expiresAt: { gt: now } }, orderBy: { createdAt: "asc" } }),
  ]);
  const countByUser = new Map(counts.map((c) => [c.userId, c._count._all]));
  return {
    members: enrollments.map((e) => ({
      userId: e.user.id,
      name: e.user.name,
      email: e.user.email,
      role: e.role,
      section: e.section,
      joinedAt: e.createdAt,
      submissions: countByUser.get(e.user.id) ?? 0,
    })),
    invites: invites.map((i) => ({ id: i.id, email: i.email, name: i.name, role: i.role, section: i.section, expiresAt: i.expiresAt })),
    sections: [...new Set(enrollments.map((e) => e.section).filter((s): s is string => !!s))].sort(),
  };
}

/** Changes a member's section (staff) or role (instructors; a course keeps at least one instructor). */
export async function updateMember(db: Db, actor: Actor, courseId: string, userId: string, change: { section?: string | null; role?: CourseRole }) {
  const member = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  await requireRosterAccess(db, actor, courseId, change.role && change.role !== "STUDENT" ? change.role : (member?.role ?? "STUDENT"));
  if (!member) throw notFound("This person is not in the course.");
  return db.$transaction(async (tx) => {
    if (change.role && change.role !== "INSTRUCTOR" && member.role === "INSTRUCTOR") await keepAnInstructor(tx, courseId, userId);
    const updated = await tx.enrollment.update({
      where: { id: member.id },
      data: { section: change.section === undefined ? undefined : change.section?.trim() || null, role: change.role },
    });
    return { userId, role: updated.role, section: updated.section };
  });
}

/** Inside the transaction that removes or demotes an instructor; serialised per course, so two leaving together cannot both see the other stay. */
async function keepAnInstructor(tx: Prisma.TransactionClient, courseId: string, leavingUserId: string) {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('course-instructors'), hashtext(${courseId}))`;
  const others = await tx.enrollment.count({ where: { courseId, role: "INSTRUCTOR", userId: { not: leavingUserId } } });
  if (others === 0) throw new DomainError("CONFLICT", "A course needs at least one instructor: make someone else an instructor first.");
}

/** Removes a member; their submissions stay (a removed student's work still counts if they come back). */
export async function removeMember(db: Db, actor: Actor, courseId: string, userId: string) {
  const member = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  await requireRosterAccess(db, actor, courseId, member?.role ?? "STUDENT");
  if (!member) throw notFound("This person is not in the course.");
  await db.$transaction(async (tx) => {
    if (member.role === "INSTRUCTOR") await keepAnInstructor(tx, courseId, userId);
    await tx.enrollment.delete({ where: { id: member.id } });
  });
  return { removed: true };
}

export interface InviteInput {
  email: string;
  role: CourseRole;
  name?: string | null;
  section?: string | null;
}

/**
 * An invite link for one email address. Only the token's hash is stored: the link is in the answer,
 * once. `path` is relative (the page puts its own origin in front).
 */
export async function createInvite(db: Db, actor: Actor, courseId: string, input: InviteInput, delivery?: LinkDelivery, now = new Date()) {
  await requireRosterAccess(db, actor, courseId, input.role);
  const email = normalizeEmail(input.email);
  if (!EMAIL.test(email)) throw invalid(`“${input.email}” is not an email address.`);
  // One invite email per address per 10 minutes, from any course: an address is not a target.
  const mailedLately = await db.courseInvite.count({ where: { email, createdAt: { gt: new Date(now.getTime() - INVITE_EMAIL_INTERVAL_MS) } } });
  const invite = await issueInvite(db, actor, courseId, { ...input, email }, now);
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true } });
  return { ...invite, emailed: mailedLately === 0 && mailInvite(delivery, invite, course, actor) };
}

async function issueInvite(db: Db, actor: Actor, courseId: string, input: InviteInput, now: Date) {
  const token = newOneTimeToken();
  const invite = await db.courseInvite.create({
    data: {
      courseId,
      email: input.email,
      name: input.name?.trim() || null,
      role: input.role,
      section: input.section?.trim() || null,
      tokenHash: hashOneTimeToken(token),
      createdById: actor.id,
      expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
    },
  });
  return { inviteId: invite.id, email: invite.email, role: invite.role, path: `/invite/${token}`, expiresAt: invite.expiresAt };
}

export async function revokeInvite(db: Db, actor: Actor, courseId: string, inviteId: string) {
  const invite = await db.courseInvite.findFirst({ where: { id: inviteId, courseId } });
  await requireRosterAccess(db, actor, courseId, invite?.role ?? "STUDENT");
  if (!invite) throw notFound("There is no such invite.");
  await db.courseInvite.delete({ where: { id: invite.id } });
  return { revoked: true };
}

async function findInvite(db: Db, token: string, now: Date) {
  const invite = await db.courseInvite.findUnique({
    where: { tokenHash: hashOneTimeToken(token) },
    include: { course: { select: { id: true, title: true, term: true } } },
  });
  if (!invite) throw notFound("This invite link is not valid. Ask for a new one.");
  if (invite.acceptedAt) throw new DomainError("CONFLICT", "This invite link was already used.");
  if (invite.expiresAt <= now) throw new DomainError("CONFLICT", "This invite link has expired. Ask for a new one.");
  return invite;
}

/** What the invite page shows before sign-in: which course, which role, for which address. */
export async function describeInvite(db: Db, token: string, now = new Date()) {
  const invite = await findInvite(db, token, now);
  return { courseTitle: invite.course.title, term: invite.course.term, role: invite.role, email: invite.email, name: invite.name };
}

/**
 * Joins the course with the invite's role. The invite names one address: whoever holds the link must
 * be signed in with it, so a forwarded link does not make a stranger a TA. Never lowers a role.
 */
export async function acceptInvite(db: Db, actor: Actor, token: string, now = new Date()) {
  const invite = await findInvite(db, token, now);
  if (normalizeEmail(actor.email) !== invite.email) {
    throw forbidden(
      `This invite is for ${invite.email}, and you are signed in as ${actor.email}. Sign in with that address (or create an account with it) and open the link again.`,
    );
  }
  // An invite speaks for the staff member who made it only while they still may make it.
  const creator = await db.enrollment.findUnique({ where: { userId_courseId: { userId: invite.createdById, courseId: invite.courseId } } });
  const creatorMay = invite.role === "STUDENT" ? isStaff(creator?.role) : creator?.role === "INSTRUCTOR";
  if (!creatorMay)
    throw new DomainError("CONFLICT", "This invite link is no longer valid: whoever made it is no longer on the course's staff. Ask for a new one.");
  const rank: Record<CourseRole, number> = { STUDENT: 0, TEACHING_ASSISTANT: 1, INSTRUCTOR: 2 };
  return db.$transaction(async (tx) => {
    const claimed = await tx.courseInvite.updateMany({ where: { id: invite.id, acceptedAt: null }, data: { acceptedAt: now } });
    if (claimed.count === 0) throw new DomainError("CONFLICT", "This invite link was already used.");
    const existing = await tx.enrollment.findUnique({ where: { userId_courseId: { userId: actor.id, courseId: invite.courseId } } });
    const role = existing && rank[existing.role] > rank[invite.role] ? existing.role : invite.role;
    await tx.enrollment.upsert({
      where: { userId_courseId: { userId: actor.id, courseId: invite.courseId } },
      create: { userId: actor.id, courseId: invite.courseId, role, section: invite.section },
      update: { role, section: invite.section ?? existing?.section },
    });
    return { courseId: invite.courseId, title: invite.course.title, role };
  });
}

/** A pending invite younger than this is kept rather than replaced by a new import (and not mailed again). */
export const REINVITE_AFTER_MS = 24 * 3600_000;

/**
 * A roster CSV — email, name, optional section; a header row is recognised and skipped. Nobody is
 * enrolled without their consent: members already in the course get their section; everyone else gets
 * an invite link (their section comes with it, also when they join with the course's code instead).
 * An address invited in the last 24 hours keeps that invite, so re-importing never floods an inbox.
 */
export async function importRoster(db: Db, actor: Actor, courseId: string, csv: string, delivery?: LinkDelivery, now = new Date()) {
  await requireEnrollment(db, actor, courseId, "staff", { write: true });
  // Line numbers as the file has them (a quoted cell may span lines; rows are numbered by record).
  const rows = parseCsv(csv)
    .map((cells, index) => ({ cells, line: index + 1 }))
    .filter(({ cells }) => cells.some((cell) => cell.trim() !== ""));
  const first = rows[0]?.cells[0] ?? "";
  if (!EMAIL.test(normalizeEmail(first)) && /mail/i.test(first)) rows.shift();
  if (rows.length > MAX_ROSTER_ROWS) throw invalid(`A roster import takes at most ${MAX_ROSTER_ROWS} rows; this one has ${rows.length}. Split it.`);
  const skipped: { line: number; reason: string }[] = [];
  const wanted = new Map<string, { name: string | null; section: string | null; line: number }>();
  for (const {
    cells: [emailCell = "", name = "", section = ""],
    line,
  } of rows) {
    const email = normalizeEmail(emailCell);
    if (!EMAIL.test(email)) skipped.push({ line, reason: `“${emailCell.slice(0, 80)}” is not an email address.` });
    else wanted.set(email, { name: name.trim() || null, section: section.trim() || null, line });
  }
  const emails = [...wanted.keys()];
  const [members, pending] = await Promise.all([
    db.enrollment.findMany({
      where: { courseId, user: { email: { in: emails, mode: "insensitive" } } },
      select: { id: true, role: true, section: true, user: { select: { email: true } } },
    }),
    db.courseInvite.findMany({
      where: { courseId, email: { in: emails }, acceptedAt: null, createdAt: { gt: new Date(now.getTime() - REINVITE_AFTER_MS) } },
      select: { email: true },
    }),
  ]);
  const memberByEmail = new Map(members.map((m) => [normalizeEmail(m.user.email), m]));
  const recentlyInvited = new Set(pending.map((p) => p.email));
  const updated: string[] = [];
  const alreadyInvited: string[] = [];
  const toInvite: { email: string; name: string | null; section: string | null; token: string }[] = [];
  for (const [email, { name, section, line }] of wanted) {
    const member = memberByEmail.get(email);
    if (member && isStaff(member.role)) skipped.push({ line, reason: `${email} is on the course's staff; left as they are.` });
    else if (member) updated.push(email);
    else if (recentlyInvited.has(email)) alreadyInvited.push(email);
    else toInvite.push({ email, name, section, token: newOneTimeToken() });
  }
  await db.$transaction(async (tx) => {
    for (const email of updated) {
      const { section } = wanted.get(email)!;
      if (section) await tx.enrollment.update({ where: { id: memberByEmail.get(email)!.id }, data: { section } });
    }
    // A fresh link replaces an older unused one for the same address (the old one stops working).
    await tx.courseInvite.deleteMany({ where: { courseId, email: { in: toInvite.map((i) => i.email) }, acceptedAt: null } });
    await tx.courseInvite.createMany({
      data: toInvite.map((i) => ({
        courseId,
        email: i.email,
        name: i.name,
        role: "STUDENT" as const,
        section: i.section,
        tokenHash: hashOneTimeToken(i.token),
        createdById: actor.id,
        expiresAt: new Date(now.getTime() + INVITE_LIFETIME_MS),
      })),
    });
  });
  // Mailed only once the transaction committed: a link in an inbox always works.
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { title: true } });
  const invited = toInvite.map((i) => ({ email: i.email, path: `/invite/${i.token}` }));
  const emailed = invited.map((invite) => mailInvite(delivery, { ...invite, role: "STUDENT" }, course, actor)).some(Boolean);
  return { updated, invited, alreadyInvited, skipped, emailed };
}

/**
 * Joining with the course's code also takes up a pending student invite for one's address (the
 * section from a roster import comes with it).
 */
export async function takeUpPendingInvite(db: Db, actor: Actor, courseId: string, now = new Date()) {
  const invite = await db.courseInvite.findFirst({
    where: { courseId, email: normalizeEmail(actor.email), role: "STUDENT", acceptedAt: null, expiresAt: { gt: now } },
    orderBy: { createdAt: "desc" },
  });
  if (!invite) return;
  await db.$transaction([
    db.courseInvite.updateMany({ where: { courseId, email: invite.email, acceptedAt: null }, data: { acceptedAt: now } }),
    db.enrollment.updateMany({ where: { userId: actor.id, courseId, role: "STUDENT", section: null }, data: { section: invite.section } }),
  ]);
}
