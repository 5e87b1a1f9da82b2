// The authorization matrix, generated from the code: every procedure of appRouter and every event of
// CLIENT_EVENTS, tried as anonymous, a student of another course, a student of this course, a
// teaching assistant of this course and an instructor of this course, on the real database with real
// users and objects (a course, its exercises, an assignment with an exercise and a quiz, invites, a
// live session, pool jobs, another student's submission). Allowed calls must have their effect and
// change only the tables they are meant to; refused calls must get the right code, change no table
// and announce nothing; the same call naming something that does not exist is NOT_FOUND.
// A procedure or event without a row, or a row naming something that no longer exists, fails.
import assert from "node:assert/strict";
import { loadNames } from "@/lib/datasets/names";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import pg from "pg";
import { TRPCError } from "@trpc/server";
import type { Socket } from "socket.io-client";
import { COURSE_MODULES } from "@/lib/course/modules";
import { QUIZZES } from "@/lib/course/quizzes";
import { addLocalDays, zonedLocalToUtc } from "@/lib/grading/time";
import type { PoolJobProgress } from "@/lib/pool/types";
import { type AnnouncedLeaderboardUpdate, CLIENT_EVENTS, EVENTS, LEADERBOARD_ANNOUNCE_MS } from "@/lib/realtime/protocol";
import { appRouter } from "@/server/api/root";
import { createAppServer } from "@/server/app";
import { createLtiTool, type LtiTool } from "@/server/lti/tool";
import { POOL_EVENTS_CHANNEL, type PoolQueue, poolQueueOf, startPoolQueue } from "@/server/pool/queue";
import { fitArenaInline, nextArenaPair } from "@/server/services/arena";
import { closeDueRounds, ROUND_CLOSE_GRACE_MS } from "@/server/services/live";
import { checkInline, scoreInline } from "@/server/services/scoring";
import { type Classroom, createClassroom, inviteTo, type LiveActivity, MARKOV_PI, releaseCourses, resetTokenFor, type TestUser } from "../support/classroom";
import { callerFor, createUser, enroll, openTestContext, testDatabaseUrl, unique } from "../support/database";
import { changedTables, dbFingerprint } from "../support/db-fingerprint";
import { sessionCookie, submissionRequest } from "../support/http-client";
import {
  FAR_DEADLINE,
  HELDOUT_UPLOAD_JSON,
  HELDOUT_UPLOAD_SLUG,
  NEW_PASSWORD,
  namingNothing,
  OVERRIDE_POINTS,
  practiceChoiceQuestion,
  practiceShownQuestion,
  MATRIX_LTI,
  procedureInputs,
  SCHEDULED_MODULE,
} from "../support/procedure-inputs";
import { assertReadable } from "../support/readable";
import { ackOf, type Heard, listen, NO_ACK, openSocket } from "../support/sockets";

const ctx = openTestContext();
const { db } = ctx;
let boss: Awaited<ReturnType<typeof startPoolQueue>>;
let queue: PoolQueue;
let lti: LtiTool;
let fx: Classroom;
/** The live session the allowed calls start, and its poll and round, filled in as they are made. */
const made: LiveActivity = { sessionId: "", joinCode: "", pollId: "", roundId: "" };
let inputs: Record<string, () => unknown>;

type Role = "anonymous" | "outsider" | "student" | "ta" | "instructor";
const ROLES: readonly Role[] = ["anonymous", "outsider", "student", "ta", "instructor"];
const SIGNED_IN_ROLES = ["outsider", "student", "ta", "instructor"] as const;
type SignedInRole = (typeof SIGNED_IN_ROLES)[number];
type Outcome = "ok" | TRPCError["code"];
type Access = Record<Role, Outcome>;

const PUBLIC: Access = { anonymous: "ok", outsider: "ok", student: "ok", ta: "ok", instructor: "ok" };
const SIGNED_IN: Access = { anonymous: "UNAUTHORIZED", outsider: "ok", student: "ok", ta: "ok", instructor: "ok" };
const ENROLLED: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "ok", ta: "ok", instructor: "ok" };
/** The course's staff (instructors and teaching assistants): teaching, grading, the students' roster, live sessions, and other people's objects (another student's submission or job). */
const STAFF: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "FORBIDDEN", ta: "ok", instructor: "ok" };
/** Instructors only: the course's settings, join code, module release, copies and deletion, its assignments, deadlines and staff. */
const INSTRUCTORS: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "FORBIDDEN", ta: "FORBIDDEN", instructor: "ok" };
/** No role of a course: LMS registrations are for GenLab's LMS administrators. */
const NOBODY: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "FORBIDDEN", ta: "FORBIDDEN", instructor: "FORBIDDEN" };
/** The instructor whose deep-linking launch it is: anyone else finds no such request. */
const DEEP_LINK_OWNER: Access = { anonymous: "UNAUTHORIZED", outsider: "NOT_FOUND", student: "NOT_FOUND", ta: "NOT_FOUND", instructor: "ok" };
const STUDENTS: Access = { anonymous: "UNAUTHORIZED", outsider: "FORBIDDEN", student: "ok", ta: "FORBIDDEN", instructor: "FORBIDDEN" };

/** Each role's enrollment in the course (the outsider has none there)… */
const COURSE_ROLE = { outsider: null, student: "STUDENT", ta: "TEACHING_ASSISTANT", instructor: "INSTRUCTOR" } as const;
/** …and its role in the course's live sessions: teaching assistants run them with the instructors. */
const LIVE_ROLE = { outsider: null, student: "STUDENT", ta: "INSTRUCTOR", instructor: "INSTRUCTOR" } as const;
const courseRoleOf = (role: Role) => COURSE_ROLE[role as SignedInRole];
const liveRoleOf = (role: Role) => LIVE_ROLE[role as SignedInRole];
const isStaffRole = (role: Role) => role === "ta" || role === "instructor";

interface Effect {
  result: any;
  role: Role;
  user: TestUser | null;
}

/** A procedure's row; its input is the shared valid one (tests/support/procedure-inputs.ts). */
interface ProcedureRow {
  access: Access;
  /** Tables an allowed call may change; a change anywhere else fails (queries change nothing). */
  writes?: readonly string[];
  /** What an allowed call announces through the realtime publisher (nothing otherwise). */
  announces?: "leaderboard" | "live-state" | "poll-answer";
  /** The allowed call's effect. */
  check?: (effect: Effect) => void | Promise<void>;
  /** Each role acts through a new user with the same place in the courses (the call changes that place). */
  freshUsers?: boolean;
  /**
   * Sets the stage before each role's call, outside what the call is checked to change: a call some
   * role already made would otherwise find nothing left to do (a poll already closed, a job already
   * cancelled). Refused calls find the stage set as well, so they are refused for who calls, not for
   * the state.
   */
  prepare?: (role: Role, user: TestUser | null) => Promise<void>;
  /** The role's own input where it depends on who calls (an invite names one address); else the shared one. */
  input?: (role: Role, user: TestUser | null) => Promise<unknown>;
  /** What the call naming nothing gets where that is not NOT_FOUND, and why. */
  missing?: { outcome: Outcome; because: string };
}

const liveSessionRow = () => db.liveSession.findUniqueOrThrow({ where: { id: made.sessionId } });
const liveChange = (check: (effect: Effect) => void | Promise<void>): ProcedureRow => ({
  access: STAFF,
  writes: ["LiveSession"],
  announces: "live-state",
  check,
});
const instructorCaller = () => callerFor(ctx, fx.instructor).caller;
const enrollmentOf = (userId: string, courseId = fx.courseId) => db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
const courseRow = (courseId = fx.courseId) => db.course.findUniqueOrThrow({ where: { id: courseId } });
/** Whether the account's password (Better Auth's hash) is `password`. */
async function passwordIs(userId: string, password: string) {
  const { password: hash } = await db.account.findFirstOrThrow({ where: { userId, providerId: "credential" } });
  return (await ctx.auth.$context).password.verify({ hash: hash!, password });
}
/** The account whose reset link the last account.resetPassword call used. */
let resetTarget: TestUser | undefined;

/** A registered LMS and the instructor's deep-linking request from it, open (unanswered, its LMS course not linked yet) before each call. */
async function openDeepLinkRequest() {
  await db.ltiContext.deleteMany({ where: { platformId: MATRIX_LTI.platformId } });
  await db.ltiPlatform.upsert({
    where: { id: MATRIX_LTI.platformId },
    create: {
      id: MATRIX_LTI.platformId,
      name: "Matrix LMS",
      issuer: "https://matrix-lms.example",
      clientId: "matrix",
      authLoginUrl: "https://matrix-lms.example/auth",
      tokenUrl: "https://matrix-lms.example/token",
      jwksUrl: "https://matrix-lms.example/jwks",
      webOrigins: [],
    },
    update: {},
  });
  const request = {
    platformId: MATRIX_LTI.platformId,
    deploymentId: "1",
    contextId: "matrix-lms-course",
    contextTitle: "Matrix in the LMS",
    returnUrl: "https://matrix-lms.example/return",
    userId: fx.instructor.id,
    expiresAt: new Date(Date.now() + 3600_000),
    answeredAt: null,
    response: null,
  };
  await db.ltiDeepLinkRequest.upsert({ where: { id: MATRIX_LTI.requestId }, create: { id: MATRIX_LTI.requestId, ...request }, update: request });
}

/** A deep-linking request of an account an LMS launch just made (no courses, no work), for lti.connectAccount. */
async function newLmsAccountRequest() {
  await openDeepLinkRequest();
  await db.ltiDeepLinkRequest.deleteMany({ where: { id: MATRIX_LTI.connectRequestId } });
  const made = await createUser(ctx.auth, "LMS person");
  await db.ltiUser.create({ data: { platformId: MATRIX_LTI.platformId, sub: `lms-${unique()}`, userId: made.id } });
  await db.ltiDeepLinkRequest.create({
    data: {
      id: MATRIX_LTI.connectRequestId,
      platformId: MATRIX_LTI.platformId,
      deploymentId: "1",
      contextId: "c",
      contextTitle: "C",
      returnUrl: "https://matrix-lms.example/return",
      userId: made.id,
      expiresAt: new Date(Date.now() + 3600_000),
    },
  });
}

/** The session's rounds still running are closed, as the round sweeper would once they are due. */
async function closeRunningRounds() {
  const now = new Date();
  await db.liveRound.updateMany({ where: { sessionId: made.sessionId, resultsAt: null }, data: { endsAt: now, resultsAt: now } });
}

const PROCEDURES: Record<string, ProcedureRow> = {
  me: { access: PUBLIC, check: ({ result, user }) => assert.equal(result?.id ?? null, user?.id ?? null) },

  // Courses.
  "course.mine": {
    access: SIGNED_IN,
    check: ({ result, role }) => {
      const here = (result as { id: string; role: string; joinCode: string | null }[]).find((c) => c.id === fx.courseId);
      if (role === "outsider") return assert.equal(here, undefined);
      assert.equal(here?.role, courseRoleOf(role));
      assert.equal(here?.joinCode, isStaffRole(role) ? fx.joinCode : null, "only staff see the join code");
    },
  },
  "course.join": {
    access: SIGNED_IN,
    freshUsers: true,
    writes: ["Enrollment"],
    check: async ({ role, user }) => {
      const enrollment = await enrollmentOf(user!.id);
      assert.equal(enrollment?.role, role === "outsider" ? "STUDENT" : courseRoleOf(role), "joining enrols a student and never demotes staff");
    },
  },
  "course.get": {
    access: ENROLLED,
    check: ({ result, role }) =>
      assert.deepEqual([result.id, result.role, result.joinCode], [fx.courseId, courseRoleOf(role), isStaffRole(role) ? fx.joinCode : null]),
  },
  "course.create": {
    access: SIGNED_IN,
    writes: ["Course", "Enrollment", "Module", "Exercise"],
    check: async ({ result, user }) => {
      const course = await courseRow(result.id);
      assert.deepEqual([course.createdById, course.timeZone, course.term], [user!.id, "Europe/Berlin", "Spring 2027"]);
      assert.equal((await enrollmentOf(user!.id, result.id))?.role, "INSTRUCTOR", "the creator instructs the new course");
      assert.equal(await db.module.count({ where: { courseId: result.id } }), COURSE_MODULES.length, "with the lecture's modules");
    },
  },
  "course.update": {
    access: INSTRUCTORS,
    writes: ["Course"],
    check: async () => {
      const course = await courseRow();
      assert.deepEqual([course.description, course.term], ["Updated by a test.", "Winter 2026"]);
    },
  },
  "course.regenerateJoinCode": {
    access: INSTRUCTORS,
    writes: ["Course"],
    check: async ({ result }) => {
      assert.notEqual(result.joinCode, fx.joinCode, "a new code");
      assert.equal((await courseRow()).joinCode, result.joinCode);
      fx.joinCode = result.joinCode;
    },
  },
  "course.setModuleVisibility": {
    access: INSTRUCTORS,
    writes: ["Module"],
    check: async () => {
      const module = await db.module.findUniqueOrThrow({ where: { courseId_slug: { courseId: fx.courseId, slug: SCHEDULED_MODULE } } });
      assert.deepEqual([module.hidden, module.releaseAt], [false, FAR_DEADLINE]);
    },
  },
  "course.copy": {
    access: INSTRUCTORS,
    writes: ["Course", "Enrollment", "Module", "Exercise", "Assignment", "AssignmentItem", "HeldoutSet"],
    check: async ({ result, user }) => {
      const copy = await courseRow(result.id);
      assert.deepEqual([copy.copiedFromId, copy.title, copy.term], [fx.courseId, "Copied for the next term", "Fall 2027"]);
      const members = await db.enrollment.findMany({ where: { courseId: result.id }, select: { userId: true, role: true } });
      assert.deepEqual(members, [{ userId: user!.id, role: "INSTRUCTOR" }], "members stay with the old course; the copier instructs the copy");
      const assignmentsOf = (courseId: string) => db.assignment.findMany({ where: { courseId }, orderBy: { title: "asc" }, include: { items: true } });
      const [source, copied] = await Promise.all([assignmentsOf(fx.courseId), assignmentsOf(result.id)]);
      const { timeZone } = await courseRow();
      assert.deepEqual(
        copied.map((a) => [a.title, a.items.length, a.dueAt.getTime()]),
        source.map((a) => [a.title, a.items.length, addLocalDays(a.dueAt, 7, timeZone).getTime()]),
        "the assignments, due a week later",
      );
    },
  },
  "course.setArchived": {
    access: INSTRUCTORS,
    writes: ["Course"],
    check: async ({ result }) => {
      assert.equal(result.archived, true);
      assert.ok((await courseRow(fx.spare.courseId)).archivedAt);
    },
  },
  "course.delete": {
    access: INSTRUCTORS,
    writes: ["Course", "Enrollment", "Module", "Exercise"],
    check: async () => assert.equal(await db.course.count({ where: { id: fx.spare.courseId } }), 0),
  },

  // The roster: staff manage students (what these inputs concern); staff changes are instructors' (a test below).
  "roster.list": {
    access: STAFF,
    check: ({ result }) => {
      const roleOf = (userId: string) => result.members.find((m: { userId: string }) => m.userId === userId)?.role;
      assert.deepEqual(
        [fx.student, fx.classmate, fx.ta, fx.instructor].map((u) => roleOf(u.id)),
        ["STUDENT", "STUDENT", "TEACHING_ASSISTANT", "INSTRUCTOR"],
      );
      assert.ok(
        result.invites.some((i: { email: string }) => i.email === fx.student.email.toLowerCase()),
        "with the pending invites",
      );
    },
  },
  "roster.invite": {
    access: STAFF,
    writes: ["CourseInvite"],
    check: async ({ result, user }) => {
      assert.match(result.path, /^\/invite\/[\w-]{16,}$/);
      const invite = await db.courseInvite.findUniqueOrThrow({ where: { id: result.inviteId } });
      assert.deepEqual(
        [invite.courseId, invite.role, invite.section, invite.createdById, invite.acceptedAt],
        [fx.courseId, "STUDENT", "Lab B", user!.id, null],
      );
      const described = await callerFor(ctx, null).caller.roster.describeInvite({ token: result.path.replace("/invite/", "") });
      assert.equal(described.email, invite.email, "the link names its invite");
    },
  },
  "roster.revokeInvite": {
    access: STAFF,
    writes: ["CourseInvite"],
    prepare: async () => {
      if (await db.courseInvite.count({ where: { id: fx.revocableInviteId } })) return;
      fx.revocableInviteId = (await inviteTo(ctx, fx.courseId, fx.instructor, `revocable-${unique()}@test.local`)).inviteId;
    },
    check: async () => assert.equal(await db.courseInvite.count({ where: { id: fx.revocableInviteId } }), 0),
  },
  "roster.import": {
    access: STAFF,
    writes: ["Enrollment", "CourseInvite"],
    check: async ({ result }) => {
      assert.deepEqual([result.updated, result.skipped], [[], []], "the header is skipped");
      // Everyone not in the course is invited, account or not (the second caller finds the first one's invites).
      const invitedNow = [...result.invited.map((i: { email: string }) => i.email), ...result.alreadyInvited].sort();
      assert.equal(invitedNow.length, 2);
      assert.ok(invitedNow.includes(fx.newcomer.email.toLowerCase()));
      const invite = await db.courseInvite.findFirstOrThrow({
        where: { courseId: fx.courseId, email: { not: fx.newcomer.email.toLowerCase(), in: invitedNow }, acceptedAt: null },
      });
      assert.deepEqual([invite.name, invite.section, invite.role], ["Lovelace, Ada", "Lab B", "STUDENT"]);
      assert.equal(await enrollmentOf(fx.newcomer.id), null, "nobody is enrolled without saying yes");
    },
  },
  "roster.updateMember": {
    access: STAFF,
    writes: ["Enrollment"],
    check: async () => assert.deepEqual(await enrollmentOf(fx.student.id).then((e) => [e?.role, e?.section]), ["STUDENT", "Lab A"]),
  },
  "roster.removeMember": {
    access: STAFF,
    writes: ["Enrollment"],
    // Removed by one member of staff, the student is enrolled again for the next.
    prepare: async () =>
      void (await db.enrollment.upsert({
        where: { userId_courseId: { userId: fx.dropout.id, courseId: fx.courseId } },
        create: { userId: fx.dropout.id, courseId: fx.courseId, role: "STUDENT" },
        update: {},
      })),
    check: async () => assert.equal(await enrollmentOf(fx.dropout.id), null),
  },
  "roster.describeInvite": {
    access: PUBLIC,
    check: async ({ result }) =>
      assert.deepEqual([result.courseTitle, result.role, result.email], [(await courseRow()).title, "STUDENT", fx.student.email.toLowerCase()]),
  },
  "roster.acceptInvite": {
    access: SIGNED_IN,
    freshUsers: true,
    writes: ["CourseInvite", "Enrollment"],
    // An invite names one address: each caller accepts one made for their own.
    input: async (_role, user) => ({ token: user ? (await inviteTo(ctx, fx.courseId, fx.instructor, user.email)).token : fx.inviteTokens.student }),
    check: async ({ result, role, user }) => {
      const expected = role === "outsider" ? "STUDENT" : courseRoleOf(role);
      assert.deepEqual(
        [result.courseId, result.role, (await enrollmentOf(user!.id))?.role],
        [fx.courseId, expected, expected],
        "enrolled; an invite never lowers a role",
      );
      assert.equal(
        await db.courseInvite.count({ where: { courseId: fx.courseId, email: user!.email.toLowerCase(), acceptedAt: { not: null } } }),
        1,
        "the invite is used up",
      );
    },
  },

  // Assignments.
  "assignment.create": {
    access: INSTRUCTORS,
    writes: ["Assignment", "AssignmentItem"],
    check: async ({ result }) => {
      const row = await db.assignment.findUniqueOrThrow({
        where: { id: result.id },
        include: { items: { orderBy: { position: "asc" }, include: { exercise: { select: { slug: true } }, module: { select: { slug: true } } } } },
      });
      const { timeZone } = await courseRow();
      assert.deepEqual(
        [row.courseId, row.title, row.dueAt, row.latePolicy],
        [fx.courseId, "Homework made by a test", zonedLocalToUtc("2098-06-01T23:59", timeZone), { kind: "percentPerDay", percentPerDay: 10, maxDays: 3 }],
      );
      assert.deepEqual(
        row.items.map((i) => [i.exercise?.slug ?? null, i.module?.slug ?? null, i.points, i.counting]),
        [
          ["gmm-em", null, 10, "BEST"],
          [null, "sampling", 4, "LAST"],
        ],
      );
      assert.deepEqual(
        result.items.map((i: { id: string }) => i.id),
        row.items.map((i) => i.id),
      );
    },
  },
  "assignment.update": {
    access: INSTRUCTORS,
    writes: ["Assignment", "AssignmentItem"],
    check: async () => {
      const row = await db.assignment.findUniqueOrThrow({ where: { id: fx.assignmentId }, include: { items: { orderBy: { position: "asc" } } } });
      assert.deepEqual([row.title, row.dueAt], [`${fx.assignmentTitle} (revised)`, fx.assignmentDueAt]);
      assert.deepEqual(
        row.items.map((i) => i.id),
        [fx.exerciseItemId, fx.quizItemId],
        "items for the same exercise and quiz keep their ids (and overrides)",
      );
    },
  },
  "assignment.delete": {
    access: INSTRUCTORS,
    writes: ["Assignment", "AssignmentItem"],
    check: async () => {
      assert.equal(await db.assignment.count({ where: { id: fx.doomedAssignmentId } }), 0);
      assert.equal(await db.assignmentItem.count({ where: { assignmentId: fx.doomedAssignmentId } }), 0);
    },
  },
  "assignment.list": {
    access: ENROLLED,
    check: ({ result, role }) => {
      const here = result.assignments.find((a: { id: string }) => a.id === fx.assignmentId);
      assert.deepEqual([result.role, here?.items.length], [courseRoleOf(role), 2]);
      assert.equal(here.mine === null, isStaffRole(role), "students get their own points; staff none");
    },
  },
  "assignment.get": {
    access: ENROLLED,
    check: ({ result, role }) => {
      assert.deepEqual(
        [result.id, result.role, result.items.map((i: { id: string }) => i.id)],
        [fx.assignmentId, courseRoleOf(role), [fx.exerciseItemId, fx.quizItemId]],
      );
      assert.equal(result.mine === null, isStaffRole(role), "students get their own points; staff none");
    },
  },
  "assignment.mine": {
    access: SIGNED_IN,
    check: ({ result, role }) =>
      assert.equal(
        result.some((a: { id: string }) => a.id === fx.assignmentId),
        role === "student",
        "what is due for one as a student",
      ),
  },
  "assignment.notices": {
    access: SIGNED_IN,
    check: ({ result, role }) => {
      const here = result.filter((n: { assignmentId: string }) => n.assignmentId === fx.assignmentId).map((n: { kind: string }) => n.kind);
      assert.deepEqual(here, role === "student" ? ["new-assignment"] : [], "a student hears of a new assignment of theirs");
    },
  },
  "assignment.setExtension": {
    access: STAFF,
    writes: ["AssignmentExtension"],
    check: async ({ result, user }) => {
      const row = await db.assignmentExtension.findUniqueOrThrow({ where: { assignmentId_userId: { assignmentId: fx.assignmentId, userId: fx.student.id } } });
      assert.deepEqual([result.extended, row.dueAt, row.grantedById], [true, FAR_DEADLINE, user!.id]);
    },
  },
  "assignment.setReleased": {
    access: STAFF,
    writes: ["Assignment"],
    check: async () => assert.ok((await db.assignment.findUniqueOrThrow({ where: { id: fx.assignmentId } })).gradesReleasedAt),
  },
  "assignment.quiz": {
    access: ENROLLED,
    check: ({ result }) => {
      assert.deepEqual([result.itemId, result.questions.length, result.answers], [fx.quizItemId, QUIZZES.gan.length, null]);
      assert.ok(
        result.questions.every((q: object) => !("answer" in q) && !("explanation" in q)),
        "no answers before the attempts are used",
      );
    },
  },
  "assignment.submitQuiz": {
    access: STUDENTS,
    writes: ["QuizAttempt"],
    check: async ({ result, user }) => {
      assert.deepEqual(
        [result.correct, result.total, result.attemptsUsed, result.attemptsLeft],
        [QUIZZES.gan.length, QUIZZES.gan.length, 1, 2],
        "graded by the server",
      );
      const attempt = await db.quizAttempt.findFirstOrThrow({ where: { itemId: fx.quizItemId, userId: user!.id } });
      assert.equal(attempt.correct, QUIZZES.gan.length);
    },
  },

  // The gradebook: staff.
  "gradebook.get": {
    access: STAFF,
    check: ({ result }) => {
      assert.deepEqual(
        result.assignments.find((a: { id: string }) => a.id === fx.assignmentId)?.items.map((i: { id: string }) => i.id),
        [fx.exerciseItemId, fx.quizItemId],
      );
      const student = result.students.find((s: { userId: string }) => s.userId === fx.student.id);
      assert.ok(student?.assignments[fx.assignmentId], "each student's points per assignment");
      assert.ok(!result.students.some((s: { userId: string }) => s.userId === fx.ta.id), "students only");
    },
  },
  "gradebook.override": {
    access: STAFF,
    writes: ["GradeOverride", "GradeAudit"],
    check: async ({ user }) => {
      const override = await db.gradeOverride.findUniqueOrThrow({ where: { itemId_userId: { itemId: fx.exerciseItemId, userId: fx.student.id } } });
      assert.deepEqual([override.points, override.excused, override.gradedById, override.reason], [OVERRIDE_POINTS, false, user!.id, "Regraded by hand"]);
      const audits = await db.gradeAudit.count({
        where: { itemId: fx.exerciseItemId, studentId: fx.student.id, graderId: user!.id, reason: "Regraded by hand" },
      });
      assert.equal(audits, 1, "the change is in the audit log");
    },
  },
  "gradebook.student": {
    access: STAFF,
    check: ({ result }) => {
      assert.deepEqual([result.userId, result.assignments.some((a: { id: string }) => a.id === fx.assignmentId)], [fx.student.id, true]);
      assert.ok(
        result.audit.some((a: { itemId: string }) => a.itemId === fx.exerciseItemId),
        "with the overrides' audit",
      );
    },
  },
  "gradebook.json": {
    access: STAFF,
    check: ({ result }) => {
      assert.ok(result.assignments.some((a: { id: string }) => a.id === fx.assignmentId));
      assert.ok(result.students.some((s: { userId: string }) => s.userId === fx.student.id));
    },
  },
  "gradebook.csv": {
    access: STAFF,
    check: ({ result }) => {
      const [header, ...rows] = (result.csv as string).split(/\r?\n/);
      assert.match(header, /^Name,Email,Section,/);
      assert.ok(header.includes(fx.assignmentTitle), `the assignment's columns: ${header}`);
      assert.ok(
        rows.some((r) => r.includes(fx.student.email)),
        "a row per student",
      );
      assert.match(result.filename, /\.csv$/);
    },
  },

  // One's own account.
  "account.updateName": {
    access: SIGNED_IN,
    freshUsers: true,
    writes: ["user"],
    check: async ({ result, user }) => {
      assert.equal(result.name, "Renamed by a test");
      assert.equal((await db.user.findUniqueOrThrow({ where: { id: user!.id } })).name, "Renamed by a test");
    },
  },
  "account.changePassword": {
    access: SIGNED_IN,
    freshUsers: true,
    writes: ["account"],
    check: async ({ user }) => assert.ok(await passwordIs(user!.id, NEW_PASSWORD), "the new password works"),
  },
  "account.createResetLink": {
    // Instructors only: a TA cannot take over a student's account.
    access: INSTRUCTORS,
    check: async ({ result }) => {
      assert.match(result.path, /^\/reset-password\/[\w-]{16,}$/);
      // The classmate: only a student anywhere (fx.student instructs a course of their own by now).
      assert.equal(result.email, fx.classmate.email);
      assert.equal(
        await db.verification.count({ where: { value: fx.classmate.id, identifier: { startsWith: "genlab-password-reset:" } } }),
        1,
        "one link at a time",
      );
    },
    missing: {
      outcome: "FORBIDDEN",
      because: "naming no account is refused as naming someone one does not teach: the answer does not tell whether an account exists",
    },
  },
  "account.resetPassword": {
    access: PUBLIC,
    writes: ["account"],
    // A link works once: each caller uses a new one, for a new account.
    input: async () => {
      resetTarget = await createUser(ctx.auth, "Matrix forgetful");
      return { token: await resetTokenFor(ctx, resetTarget.id), newPassword: NEW_PASSWORD };
    },
    check: async ({ result }) => {
      assert.equal(result.email, resetTarget!.email);
      assert.ok(await passwordIs(resetTarget!.id, NEW_PASSWORD), "the new password works");
    },
    missing: { outcome: "CONFLICT", because: "a link that names nothing reads as one no longer valid (used, expired or never made)" },
  },
  "account.requestPasswordReset": {
    access: PUBLIC,
    // The matrix's callers have no SMTP server: the page is told to ask an instructor; nothing is written.
    check: ({ result }) => assert.deepEqual(result, { emailConfigured: false }),
  },
  "account.exportData": {
    access: SIGNED_IN,
    check: async ({ result, role, user }) => {
      assert.equal(result.account.id, user!.id);
      const { title } = await courseRow();
      assert.equal(result.courses.find((c: { course: string }) => c.course === title)?.role ?? null, courseRoleOf(role));
    },
  },
  "account.delete": {
    access: SIGNED_IN,
    freshUsers: true,
    writes: ["user", "account", "Enrollment"],
    check: async ({ result, user, role }) => {
      assert.equal(result.deleted, true);
      const row = await db.user.findUniqueOrThrow({ where: { id: user!.id } });
      assert.ok(!row.email.includes(user!.email) && row.name !== user!.name, "personal details are gone");
      assert.equal(await db.account.count({ where: { userId: user!.id } }), 0, "no way to sign in");
      const roles = (await db.enrollment.findMany({ where: { userId: user!.id } })).map((e) => e.role);
      if (role === "student" || role === "outsider") assert.deepEqual(roles, ["STUDENT"], "a student's place (and grades) stay");
      else assert.deepEqual(roles, [], "a deleted account teaches nothing");
    },
  },

  "dataset.penguins": { access: PUBLIC, check: ({ result }) => assert.equal(result.length, 256, "the training split only") },
  "dataset.names": { access: PUBLIC, check: ({ result }) => assert.equal(result.length, loadNames().train.length, "the training split only") },
  "exercise.catalog": { access: PUBLIC, check: ({ result }) => assert.ok(result.some((e: { slug: string }) => e.slug === "gan-ring")) },
  "exercise.get": { access: ENROLLED, check: ({ result, role }) => assert.deepEqual([result.slug, result.role], ["gmm-em", courseRoleOf(role)]) },
  "exercise.trainingData": {
    access: ENROLLED,
    check: ({ result }) => assert.equal(result.kind === "points" && result.points.length, 256, "the training split only"),
  },
  "exercise.challenge": {
    access: ENROLLED,
    writes: ["SamplingChallenge"],
    check: async ({ result, user }) => {
      assert.equal(result.uniforms.length, 2000);
      assert.equal("seed" in result, false, "the seed stays on the server");
      const row = await db.samplingChallenge.findUniqueOrThrow({ where: { id: result.challengeId } });
      assert.deepEqual([row.userId, row.usedAt], [user!.id, null]);
    },
  },
  "exercise.setDeadline": {
    access: INSTRUCTORS,
    writes: ["Exercise"],
    check: async () => {
      const row = await db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId: fx.courseId, slug: "gan-ring" } } });
      assert.deepEqual(row.deadline, FAR_DEADLINE);
    },
  },

  // Held-out data: which set the course scores on is for everyone; the sets themselves are the instructors'.
  "heldout.describe": {
    access: ENROLLED,
    check: ({ result }) => assert.deepEqual([result.source, result.publicEntries + result.privateEntries], ["default", 86]),
  },
  "heldout.list": {
    access: INSTRUCTORS,
    check: ({ result }) =>
      assert.deepEqual(
        result.map((s: { slug: string }) => s.slug),
        ["mle-gaussian", "gmm-em", "kde-bandwidth", "hmm-weather", "ar-names"],
      ),
  },
  "heldout.upload": {
    access: INSTRUCTORS,
    writes: ["HeldoutSet"],
    check: async ({ result }) => {
      assert.equal(result.uploaded.count, 3);
      const stored = await db.heldoutSet.findFirstOrThrow({ where: { exercise: { courseId: fx.courseId, slug: HELDOUT_UPLOAD_SLUG } } });
      assert.deepEqual(stored.rows, JSON.parse(HELDOUT_UPLOAD_JSON));
    },
  },
  "heldout.remove": {
    access: INSTRUCTORS,
    writes: ["HeldoutSet"],
    // Something to remove for each caller.
    prepare: async () =>
      void (await instructorCaller().heldout.upload({ courseId: fx.courseId, exerciseSlug: HELDOUT_UPLOAD_SLUG, json: HELDOUT_UPLOAD_JSON })),
    check: async ({ result }) => {
      assert.equal(result.removed, true);
      assert.equal(await db.heldoutSet.count({ where: { exercise: { courseId: fx.courseId, slug: HELDOUT_UPLOAD_SLUG } } }), 0);
    },
  },
  "submission.submit": {
    access: ENROLLED,
    writes: ["Submission", "Score", "SubmissionReservation"],
    announces: "leaderboard",
    check: async ({ result, user }) => {
      assert.equal(result.userId, user!.id);
      assert.ok(result.metrics.l1Error < 1e-12, "scored by the server");
      assert.ok(await db.submission.findUnique({ where: { id: result.id } }));
    },
  },
  "submission.mine": {
    access: ENROLLED,
    check: async ({ result, user }) => {
      assert.ok(result.submissions.length > 0 && result.submissions.every((s: { userId: string }) => s.userId === user!.id), "one's own submissions only");
    },
  },
  "submission.get": {
    access: STAFF,
    check: ({ result }) => assert.deepEqual([result.id, result.payload, result.authorEmail], [fx.classmateSubmissionId, MARKOV_PI, fx.classmate.email]),
  },
  "leaderboard.private": {
    access: ENROLLED,
    // The exercise has no due date: students see nothing of the private part yet, staff see the ranking.
    check: ({ result, role }) => assert.equal(Array.isArray(result.entries), isStaffRole(role)),
  },
  "leaderboard.get": {
    access: ENROLLED,
    check: ({ result, role }) => {
      const ids = result.entries.map((e: { userId: string | null }) => e.userId);
      // Staff see who is who; students see classmates by pseudonym only, without their ids.
      assert.equal(ids.includes(fx.classmate.id), role === "instructor" || role === "ta");
      assert.equal(result.entries.length > 0, true);
    },
  },
  "progress.markRead": {
    access: ENROLLED,
    writes: ["ModuleRead"],
    check: async ({ user }) => assert.equal(await db.moduleRead.count({ where: { userId: user!.id, module: { courseId: fx.courseId, slug: "gan" } } }), 1),
  },
  "progress.quiz": {
    access: ENROLLED,
    check: ({ result, role }) => {
      assert.equal(result.questions.length, QUIZZES.gan.length);
      // The assignment grades gan's quiz: students are sent there; staff practise freely.
      assert.equal(result.gradedIn?.itemId ?? null, role === "student" ? fx.quizItemId : null);
    },
  },
  "progress.answer": {
    access: ENROLLED,
    writes: ["QuizAnswer"],
    check: async ({ user }) => assert.equal(await db.quizAnswer.count({ where: { userId: user!.id, questionId: practiceChoiceQuestion().id } }), 1),
  },
  "progress.showAnswer": {
    access: ENROLLED,
    writes: ["QuizAnswer"],
    check: async ({ result, user }) => {
      const question = practiceShownQuestion();
      assert.equal(result.explanation, question.explanation);
      // One row, not earned: the question is settled without counting.
      const rows = await db.quizAnswer.findMany({ where: { userId: user!.id, questionId: question.id } });
      assert.deepEqual(
        rows.map((r) => [r.correct, r.answer]),
        [[false, { shownAnswer: true }]],
      );
    },
  },
  "progress.mine": { access: ENROLLED, check: ({ result }) => assert.ok(result.some((m: { slug: string }) => m.slug === "gan")) },
  "progress.course": { access: STAFF, check: ({ result }) => assert.ok(result.some((r: { userId: string }) => r.userId === fx.student.id)) },

  // Live sessions, in the order a class runs one: each allowed call prepares the next rows. The
  // teaching assistant calls first; where the call used up what it acted on, the instructor gets a
  // new one (prepare).
  "live.start": {
    access: STAFF,
    writes: ["LiveSession"],
    check: ({ result }) => {
      if (made.sessionId) {
        assert.deepEqual(
          [result.resumed, result.sessionId, result.joinCode],
          [true, made.sessionId, made.joinCode],
          "staff pressing Start again get the running session",
        );
        return;
      }
      assert.equal(result.resumed, false);
      Object.assign(made, { sessionId: result.sessionId, joinCode: result.joinCode });
    },
  },
  "live.list": { access: ENROLLED, check: ({ result }) => assert.equal(result.sessions[0]?.id, made.sessionId) },
  "live.joinByCode": {
    access: ENROLLED,
    writes: ["LiveParticipant"],
    check: async ({ role, user }) => {
      const rows = await db.liveParticipant.count({ where: { sessionId: made.sessionId, userId: user!.id } });
      assert.equal(rows, role === "student" ? 1 : 0, "students take part; staff run the session");
    },
  },
  "live.state": {
    access: ENROLLED,
    check: ({ result, role }) => assert.deepEqual([result.state.sessionId, result.me.role], [made.sessionId, liveRoleOf(role)]),
  },
  "live.summary": { access: ENROLLED, check: ({ result, role }) => assert.equal(result.role, liveRoleOf(role)) },
  "live.exportCsv": { access: STAFF, check: ({ result }) => assert.match(result, /^name,email,polls answered/) },
  // Every student's samples at once: the instructors' view of the class (null before the session's first round).
  "live.classPicture": { access: STAFF, check: ({ result }) => assert.ok(result === null || Array.isArray(result.students)) },
  "live.setModule": liveChange(async () => assert.equal((await liveSessionRow()).moduleSlug, "gan")),
  "live.setNavigationLock": liveChange(async () => assert.equal((await liveSessionRow()).navigationLocked, true)),
  "live.spotlight": liveChange(async () => assert.equal((await liveSessionRow()).spotlightUserId, fx.student.id)),
  "live.openPoll": { access: STAFF, writes: ["LiveSession", "LivePoll"], announces: "live-state", check: ({ result }) => void (made.pollId = result.pollId) },
  "live.answerPoll": {
    access: STUDENTS,
    writes: ["LivePollAnswer"],
    announces: "poll-answer",
    check: async ({ user }) =>
      assert.equal((await db.livePollAnswer.findUniqueOrThrow({ where: { pollId_userId: { pollId: made.pollId, userId: user!.id } } })).choice, 0),
  },
  "live.closePoll": {
    access: STAFF,
    writes: ["LiveSession", "LivePoll"],
    announces: "live-state",
    // A closed poll cannot be closed again: the next caller closes a new one.
    prepare: async () => {
      if ((await db.livePoll.findUniqueOrThrow({ where: { id: made.pollId } })).status !== "OPEN")
        made.pollId = (await instructorCaller().live.openPoll(inputs["live.openPoll"]() as any)).pollId;
    },
    check: async () => assert.equal((await db.livePoll.findUniqueOrThrow({ where: { id: made.pollId } })).status, "CLOSED"),
  },
  "live.revealPoll": {
    access: STAFF,
    writes: ["LiveSession", "LivePoll"],
    announces: "live-state",
    check: async () => assert.equal((await db.livePoll.findUniqueOrThrow({ where: { id: made.pollId } })).status, "REVEALED"),
  },
  "live.startRound": {
    access: STAFF,
    writes: ["LiveSession", "LiveRound"],
    announces: "live-state",
    // One round at a time: the one a caller started is over before the next starts one.
    prepare: closeRunningRounds,
    check: ({ result }) => void (made.roundId = result.roundId),
  },
  "live.endRound": {
    access: STAFF,
    writes: ["LiveSession", "LiveRound"],
    announces: "live-state",
    // A round a caller ended is closed, and a new one runs for the next.
    prepare: async () => {
      if ((await db.liveRound.findUniqueOrThrow({ where: { id: made.roundId } })).endsAt > new Date()) return;
      await closeRunningRounds();
      made.roundId = (await instructorCaller().live.startRound(inputs["live.startRound"]() as any)).roundId;
    },
    check: async () => assert.ok((await db.liveRound.findUniqueOrThrow({ where: { id: made.roundId } })).endsAt.getTime() <= Date.now()),
  },
  "live.end": {
    access: STAFF,
    writes: ["LiveSession", "LiveRound", "LivePoll"],
    announces: "live-state",
    // An ended session cannot end again: the next caller ends a new one.
    prepare: async () => {
      if (!(await liveSessionRow()).endedAt) return;
      const { sessionId, joinCode } = await instructorCaller().live.start({ courseId: fx.courseId });
      Object.assign(made, { sessionId, joinCode });
    },
    check: async () => assert.ok((await liveSessionRow()).endedAt),
  },

  "pool.enqueue": {
    access: ENROLLED,
    writes: ["PoolJob"],
    check: async ({ result, user }) => {
      const [jobId] = result.jobIds;
      assert.equal((await db.poolJob.findUniqueOrThrow({ where: { id: jobId } })).userId, user!.id);
      const [{ queued }] = await db.$queryRaw<{ queued: number }[]>`SELECT count(*)::int AS queued FROM pgboss.job WHERE id = ${jobId}::uuid`;
      assert.equal(queued, 1, "queued in pg-boss under the same id");
    },
  },
  "pool.list": {
    access: ENROLLED,
    check: ({ result, role }) =>
      assert.equal(
        result.some((j: { id: string }) => j.id === fx.classmateJobId),
        isStaffRole(role),
        "students list only their own jobs",
      ),
  },
  "pool.get": { access: STAFF, check: ({ result }) => assert.deepEqual([result.id, result.userId], [fx.classmateJobId, fx.classmate.id]) },
  "pool.weights": { access: STAFF, check: ({ result }) => assert.deepEqual(result.weights, { generator: [0.5, -0.25], discriminator: [0.125] }) },
  "pool.workers": { access: ENROLLED, check: ({ result }) => assert.ok(Array.isArray(result)) },
  "pool.cancel": {
    access: STAFF,
    writes: ["PoolJob"],
    // A cancelled job cannot be cancelled again: it is queued again for the next caller.
    prepare: async () =>
      void (await db.poolJob.updateMany({ where: { id: fx.classmateJobId, status: "CANCELLED" }, data: { status: "QUEUED", finishedAt: null } })),
    check: async () => assert.equal((await db.poolJob.findUniqueOrThrow({ where: { id: fx.classmateJobId } })).status, "CANCELLED"),
  },
  // LTI: registering LMSs is for LMS administrators (`genlab user allow-lms`; none of these users is one,
  // tests/integration/lti.test.ts covers one who is); a deep-linking request is its instructor's own.
  "lti.tool": {
    access: SIGNED_IN,
    check: ({ result }) => assert.deepEqual([result.canManage, result.configuration.launchUrl], [false, "http://localhost/lti/launch"]),
  },
  "lti.platforms": { access: NOBODY },
  "lti.registerPlatform": { access: NOBODY, missing: { outcome: "FORBIDDEN", because: "who may register is decided before what is registered" } },
  "lti.removePlatform": { access: NOBODY, missing: { outcome: "FORBIDDEN", because: "only LMS administrators learn which registrations exist" } },
  "lti.createRegistrationLink": { access: NOBODY },
  "lti.deepLinkChoices": {
    access: DEEP_LINK_OWNER,
    prepare: openDeepLinkRequest,
    check: ({ result }) =>
      assert.ok(result.courses.find((c: { id: string }) => c.id === fx.courseId)?.assignments.some((a: { id: string }) => a.id === fx.assignmentId)),
  },
  "lti.answerDeepLink": {
    access: DEEP_LINK_OWNER,
    prepare: openDeepLinkRequest,
    writes: ["LtiContext", "LtiDeepLinkRequest", "LtiKey"],
    check: async ({ result }) => {
      assert.equal(result.returnPath, `/lti/deep-link/${MATRIX_LTI.requestId}`);
      const context = await db.ltiContext.findUniqueOrThrow({
        where: { platformId_contextId: { platformId: MATRIX_LTI.platformId, contextId: "matrix-lms-course" } },
      });
      assert.equal(context.courseId, fx.courseId, "the LMS course is linked to the assignment's course");
    },
  },
  // A code one's usual account shows, to type into the LMS's picker; only the picker's own LMS account
  // connects (none of these users is one: tests/integration/lti.test.ts covers it).
  "lti.createConnectCode": { access: SIGNED_IN, writes: ["LtiConnectCode"], check: ({ result }) => assert.match(result.code, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/) },
  "lti.connectAccount": {
    access: { anonymous: "UNAUTHORIZED", outsider: "NOT_FOUND", student: "NOT_FOUND", ta: "NOT_FOUND", instructor: "NOT_FOUND" },
    prepare: newLmsAccountRequest,
  },
  "lti.courseLinks": { access: STAFF, check: ({ result }) => assert.ok(Array.isArray(result)) },
  // Staff may, but this course is linked to no LMS course with a roster: refused for that, after who asks.
  "lti.syncRoster": { access: { ...STAFF, ta: "CONFLICT", instructor: "CONFLICT" } },
  "lti.resendGrades": { access: STAFF },
  // The sample arena: everyone in the course votes (never on their own entry); staff open, close and see live results.
  "arena.list": { access: ENROLLED, check: ({ result }) => assert.ok(result.arenas.some((a: { id: string }) => a.id === fx.arenaId)) },
  "arena.open": {
    access: STAFF,
    writes: ["Arena", "ArenaEntry"],
    prepare: reopenArena,
    check: ({ result }) => assert.deepEqual(result, { arenaId: fx.arenaId, resumed: true }),
  },
  "arena.close": {
    access: STAFF,
    writes: ["Arena"],
    prepare: reopenArena,
    check: async () => assert.ok((await db.arena.findUniqueOrThrow({ where: { id: fx.arenaId } })).closedAt),
  },
  "arena.next": {
    access: ENROLLED,
    writes: ["ArenaMatch"],
    prepare: reopenArena,
    check: async ({ result, user }) => {
      const match = await db.arenaMatch.findUniqueOrThrow({ where: { id: result.matchId }, include: { left: true, right: true } });
      assert.equal(match.voterId, user!.id);
      assert.ok(match.left.userId !== user!.id && match.right.userId !== user!.id, "never one's own entry");
    },
  },
  "arena.vote": {
    // A pair is its voter's own: anyone else's is as unknown as a made-up one.
    access: { anonymous: "UNAUTHORIZED", outsider: "NOT_FOUND", student: "ok", ta: "ok", instructor: "ok" },
    writes: ["ArenaMatch"],
    prepare: reopenArena,
    input: async (role, user) => ({ matchId: await pairServedTo(role === "anonymous" || role === "outsider" ? fx.student : user!), outcome: "LEFT" }),
    check: async ({ user }) => assert.equal(await db.arenaMatch.count({ where: { arenaId: fx.arenaId, voterId: user!.id, outcome: "LEFT" } }), 1),
  },
  "arena.results": {
    // Students see the ratings once voting has closed (they would sway the votes); staff see them live.
    access: STAFF,
    prepare: reopenArena,
    check: ({ result }) => assert.equal(result.standings.length, 3),
  },
};

async function reopenArena() {
  await db.arena.update({ where: { id: fx.arenaId }, data: { closedAt: null } });
}

/** A pair waiting for `voter` in the classroom's arena, served long enough ago to be voted on. */
async function pairServedTo(voter: TestUser): Promise<string> {
  const pair = await nextArenaPair(db, voter, fx.arenaId, fitArenaInline);
  assert.ok(pair, `a pair for ${voter.name}`);
  await db.arenaMatch.update({ where: { id: pair.matchId }, data: { servedAt: new Date(Date.now() - 60_000) } });
  return pair.matchId;
}

/** One line per name the code has and the matrix lacks, and per matrix row naming nothing in the code. */
function coverageProblems(kind: string, actual: readonly string[], rows: readonly string[]): string[] {
  return [
    ...actual.filter((name) => !rows.includes(name)).map((name) => `${kind} ${name} has no row in the matrix`),
    ...rows.filter((name) => !actual.includes(name)).map((name) => `the matrix has a row for ${kind} ${name}, which no longer exists`),
  ];
}

before(async () => {
  lti = createLtiTool(db, "http://localhost");
  boss = await startPoolQueue(testDatabaseUrl());
  queue = poolQueueOf(boss);
  fx = await createClassroom(ctx, "Matrix");
  inputs = procedureInputs(fx, made);
});

after(async () => {
  lti.frameOrigins.stop();
  // A registered LMS may frame GenLab: other tests' servers on this database expect none.
  await db.ltiPlatform.deleteMany({ where: { id: MATRIX_LTI.platformId } });
  await releaseCourses(db, [fx.courseId, fx.other.courseId, fx.spare.courseId], queue);
  await boss.stop({ graceful: false, timeout: 2000 });
  await db.$disconnect();
});

const usersByRole = (): Record<Role, TestUser | null> => ({
  anonymous: null,
  outsider: fx.other.classmate,
  student: fx.student,
  ta: fx.ta,
  instructor: fx.instructor,
});

/** New users in the same places: a student of the other course, a student, a teaching assistant and an instructor of this one. */
async function freshUsersByRole(): Promise<Record<Role, TestUser | null>> {
  const [outsider, student, ta, instructor] = await Promise.all(
    ["Fresh outsider", "Fresh student", "Fresh teaching assistant", "Fresh instructor"].map((n) => createUser(ctx.auth, n)),
  );
  await enroll(db, outsider.id, fx.other.courseId, "STUDENT");
  await enroll(db, student.id, fx.courseId, "STUDENT");
  await enroll(db, ta.id, fx.courseId, "TEACHING_ASSISTANT");
  await enroll(db, instructor.id, fx.courseId, "INSTRUCTOR");
  return { anonymous: null, outsider, student, ta, instructor };
}

/** Calls `path` (e.g. "live.setModule") on a tRPC caller. */
function callProcedure(caller: ReturnType<typeof callerFor>["caller"], path: string, input: unknown): Promise<unknown> {
  const procedure = path.split(".").reduce<any>((node, key) => node[key], caller);
  return procedure(input);
}

function describeError(error: unknown): string {
  return error instanceof TRPCError ? `${error.code}: ${error.message}` : String(error);
}

/** One call as `role`, checked against the expected outcome: the effect when allowed, nothing at all when refused. */
async function tryAs(path: string, row: ProcedureRow, role: Role, user: TestUser | null, expected: Outcome, input: unknown, label = `${path} as ${role}`) {
  const recorder = callerFor({ ...ctx, pool: queue, lti }, user);
  const before = await dbFingerprint(db);
  const outcome = await callProcedure(recorder.caller, path, input).then(
    (result) => ({ ok: true as const, result }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  const changed = changedTables(before, await dbFingerprint(db));
  const announced = { leaderboard: recorder.events.length, "live-state": recorder.liveChanges.length, "poll-answer": recorder.pollAnswers.length };
  if (expected === "ok") {
    if (!outcome.ok) assert.fail(`${label}: expected to be allowed, got ${describeError(outcome.error)}`);
    const allowed = row.writes ?? [];
    assert.deepEqual(
      changed.filter((t) => !allowed.includes(t)),
      [],
      `${label} may change only ${allowed.join(", ") || "nothing"}`,
    );
    for (const [kind, count] of Object.entries(announced)) assert.equal(count, kind === row.announces ? 1 : 0, `${label}: ${kind} announcements`);
    if (row.announces === "leaderboard") assert.equal(recorder.events[0].userId, user?.id);
    if (row.announces === "live-state") assert.deepEqual(recorder.liveChanges, [made.sessionId]);
    if (row.announces === "poll-answer") assert.deepEqual(recorder.pollAnswers, [made.pollId]);
    await row.check?.({ result: outcome.result, role, user });
    return;
  }
  if (outcome.ok) assert.fail(`${label}: expected ${expected}, but it was allowed`);
  assert.ok(outcome.error instanceof TRPCError && outcome.error.code === expected, `${label}: expected ${expected}, got ${describeError(outcome.error)}`);
  assertReadable(outcome.error.message, label);
  assert.deepEqual(changed, [], `${label}: a refused call changes no table`);
  assert.deepEqual(announced, { leaderboard: 0, "live-state": 0, "poll-answer": 0 }, `${label}: a refused call announces nothing`);
}

describe("tRPC procedures", () => {
  test("the matrix has one row per procedure of appRouter", () => {
    const problems = coverageProblems("procedure", Object.keys(appRouter._def.procedures), Object.keys(PROCEDURES));
    assert.deepEqual(problems, []);
  });

  for (const [path, row] of Object.entries(PROCEDURES)) {
    const allowed = ROLES.filter((r) => row.access[r] === "ok");
    test(`${path}: allowed for ${allowed.join(", ") || "nobody"}`, async () => {
      assert.ok(path in appRouter._def.procedures, `${path} is not a procedure of appRouter`);
      const users = row.freshUsers ? await freshUsersByRole() : usersByRole();
      // Refusals first: they must find the state the allowed calls then change.
      const order = [...ROLES.filter((r) => row.access[r] !== "ok"), ...allowed];
      const input = inputs[path] ?? (() => undefined);
      for (const role of order) {
        await row.prepare?.(role, users[role]);
        await tryAs(path, row, role, users[role], row.access[role], row.input ? await row.input(role, users[role]) : input());
      }
      // The same call naming nothing that exists: NOT_FOUND for whoever is signed in.
      const nothing = namingNothing(input());
      const missing = row.missing?.outcome ?? "NOT_FOUND";
      if (nothing) for (const role of SIGNED_IN_ROLES) await tryAs(path, row, role, users[role], missing, nothing, `${path} naming nothing as ${role}`);
    });
  }

  test("roster changes that concern staff are the instructors': a teaching assistant is refused, an instructor allowed", async () => {
    const [invitee, promoted] = await Promise.all(["Invited assistant", "Promoted student"].map((n) => createUser(ctx.auth, `Matrix ${n}`)));
    await enroll(db, promoted.id, fx.courseId, "STUDENT");
    const courseId = fx.courseId;
    const staffChanges: [string, Record<string, unknown>][] = [
      ["roster.invite", { courseId, email: invitee.email, role: "TEACHING_ASSISTANT" }],
      ["roster.invite", { courseId, email: `co-instructor-${unique()}@test.local`, role: "INSTRUCTOR" }],
      ["roster.updateMember", { courseId, userId: promoted.id, role: "TEACHING_ASSISTANT" }],
      ["roster.updateMember", { courseId, userId: fx.instructor.id, section: "Lab A" }],
      ["roster.removeMember", { courseId, userId: fx.instructor.id }],
    ];
    for (const [path, input] of staffChanges) {
      await tryAs(path, { access: INSTRUCTORS }, "ta", fx.ta, "FORBIDDEN", input, `${path} as a teaching assistant with ${JSON.stringify(input)}`);
    }
    // The instructor makes a teaching assistant of each, by invite and by promotion…
    const enrolledAs = (userId: string, role: string) => async () => assert.equal((await enrollmentOf(userId))?.role, role);
    const invited = { access: INSTRUCTORS, writes: ["CourseInvite"] };
    await tryAs("roster.invite", invited, "instructor", fx.instructor, "ok", staffChanges[0][1]);
    const { token } = await inviteTo(ctx, courseId, fx.instructor, invitee.email, "TEACHING_ASSISTANT");
    await tryAs(
      "roster.acceptInvite",
      { access: SIGNED_IN, writes: ["CourseInvite", "Enrollment"], check: enrolledAs(invitee.id, "TEACHING_ASSISTANT") },
      "ta",
      invitee,
      "ok",
      { token },
      "roster.acceptInvite of a teaching assistant's invite",
    );
    const promotion = staffChanges[2][1];
    await tryAs(
      "roster.updateMember",
      { access: INSTRUCTORS, writes: ["Enrollment"], check: enrolledAs(promoted.id, "TEACHING_ASSISTANT") },
      "instructor",
      fx.instructor,
      "ok",
      promotion,
    );
    // …whom teaching assistants cannot remove, and instructors can.
    const removal = { courseId, userId: promoted.id };
    await tryAs(
      "roster.removeMember",
      { access: INSTRUCTORS },
      "ta",
      fx.ta,
      "FORBIDDEN",
      removal,
      "roster.removeMember of a teaching assistant as a teaching assistant",
    );
    await tryAs(
      "roster.removeMember",
      { access: INSTRUCTORS, writes: ["Enrollment"], check: async () => assert.equal(await enrollmentOf(promoted.id), null) },
      "instructor",
      fx.instructor,
      "ok",
      removal,
    );
  });

  test("an invite is accepted only by the account its address names; it stays usable for that account", async () => {
    const invitee = await createUser(ctx.auth, "Matrix invitee");
    const { token } = await inviteTo(ctx, fx.courseId, fx.instructor, invitee.email);
    // New users in each place: a wrongly accepted invite would change theirs.
    for (const [role, user] of Object.entries(await freshUsersByRole()) as [Role, TestUser | null][]) {
      if (user)
        await tryAs("roster.acceptInvite", { access: SIGNED_IN }, role, user, "FORBIDDEN", { token }, `roster.acceptInvite of another's invite as ${role}`);
    }
    await tryAs(
      "roster.acceptInvite",
      { access: SIGNED_IN, writes: ["CourseInvite", "Enrollment"] },
      "outsider",
      invitee,
      "ok",
      { token },
      "roster.acceptInvite as the invite's own address",
    );
    await tryAs("roster.acceptInvite", { access: SIGNED_IN }, "outsider", invitee, "CONFLICT", { token }, "roster.acceptInvite of a used invite");
    assert.equal((await enrollmentOf(invitee.id))?.role, "STUDENT");
  });
});

// ── Socket events ───────────────────────────────────────────────────────────────────────────

type SocketOutcome = "ok" | "refused";

interface EventRow {
  /** Signed-in roles only: anonymous sockets are refused at the connection. */
  access: Record<Exclude<Role, "anonymous">, SocketOutcome>;
  /** Runs before the event (e.g. subscribing before unsubscribing). */
  prepare?: (socket: Socket) => Promise<unknown>;
  /** Sends the event; resolves with the acknowledgement (or, for fire-and-forget events, what the server did). */
  send: (socket: Socket) => Promise<unknown>;
  /** The same event naming something that does not exist. */
  missing?: (socket: Socket) => Promise<unknown>;
  /** Tables an allowed event may change. */
  writes?: readonly string[];
  /** What the event gives access to happens: the broadcasts an allowed socket hears, for `heard` to check. */
  trigger?: (user: TestUser) => Promise<void>;
  /** Checks what an allowed socket heard once triggered. A refused socket must hear nothing at all. */
  heard?: (heard: Heard[], role: Role, user: TestUser) => void;
  /** For fire-and-forget events: was the event acted on. */
  accepted?: (sent: unknown) => boolean;
}

const ackIsOk = (ack: unknown) => typeof ack === "object" && ack !== null && (ack as { ok?: unknown }).ok === true;
const events = (heard: Heard[], name: string) => heard.filter((h) => h.event === name).map((h) => h.payload as any);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** Announcements naming this probe (an earlier one, batched, may be announced meanwhile). */
const probesHeard = (heard: Heard[], probe: string) =>
  events(heard, EVENTS.leaderboardUpdated).filter((update: AnnouncedLeaderboardUpdate) => update.submissions.some((s) => s.submissionId === probe)).length;
/** Long enough for a broadcast on this machine to arrive (they take milliseconds). */
const BROADCAST_MS = 400;

describe("socket events (real HTTP server)", () => {
  let app: ReturnType<typeof createAppServer>;
  let poolEventsPool: pg.Pool;
  let baseUrl: string;
  let sessionId: string;
  let markovExerciseId: string;
  const cookies = new Map<string, string>();
  const opened: Socket[] = [];
  /** The course's instructor, in the session's rooms and subscribed to everything: hears every broadcast. */
  let observer: ReturnType<typeof listen>;

  const cookieOf = async (user: TestUser) => {
    if (!cookies.has(user.id)) cookies.set(user.id, await sessionCookie(ctx.auth, user));
    return cookies.get(user.id)!;
  };
  const socketOf = async (user: TestUser) => {
    const socket = await openSocket(baseUrl, { cookie: await cookieOf(user) });
    opened.push(socket);
    return socket;
  };
  const notifyProgress = (userId: string, jobId: string) => {
    const progress: PoolJobProgress = {
      jobId,
      userId,
      courseId: fx.courseId,
      status: "RUNNING",
      iteration: 1,
      steps: 100,
      losses: { d: 0.7 },
      backend: "wasm",
      device: "cpu",
      at: Date.now(),
    };
    return db.$executeRaw`SELECT pg_notify(${POOL_EVENTS_CHANNEL}, ${JSON.stringify({ type: "progress", progress })})`;
  };
  const progressReport = (iteration: number) => ({ sessionId, exerciseSlug: "gan-ring", backend: "wasm", iteration, losses: { d: 0.69 } });

  const EVENT_MATRIX: Record<string, EventRow> = {
    [EVENTS.leaderboardSubscribe]: {
      access: { outsider: "refused", student: "ok", ta: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.leaderboardSubscribe, { courseId: fx.courseId, exerciseSlug: "markov-chain" }),
      missing: (s) => ackOf(s, EVENTS.leaderboardSubscribe, { courseId: "no-such-course", exerciseSlug: "markov-chain" }),
      trigger: async (user) => {
        app.realtime.publisher.leaderboardUpdated({ exerciseId: markovExerciseId, submissionId: `probe-${user.id}`, userId: fx.classmate.id, at: Date.now() });
        // Announcements go out at most once a second per exercise (batched).
        await pause(LEADERBOARD_ANNOUNCE_MS + BROADCAST_MS);
      },
      heard: (heard, _role, user) => assert.equal(probesHeard(heard, `probe-${user.id}`), 1, JSON.stringify(heard)),
    },
    [EVENTS.leaderboardUnsubscribe]: {
      access: { outsider: "ok", student: "ok", ta: "ok", instructor: "ok" },
      prepare: (s) => ackOf(s, EVENTS.leaderboardSubscribe, { courseId: fx.courseId, exerciseSlug: "markov-chain" }),
      send: (s) => ackOf(s, EVENTS.leaderboardUnsubscribe, { courseId: fx.courseId, exerciseSlug: "markov-chain" }),
      trigger: async () => {
        app.realtime.publisher.leaderboardUpdated({ exerciseId: markovExerciseId, submissionId: "probe", userId: fx.classmate.id, at: Date.now() });
        await pause(LEADERBOARD_ANNOUNCE_MS + BROADCAST_MS);
      },
      heard: (heard) => assert.deepEqual(events(heard, EVENTS.leaderboardUpdated), [], "no updates once unsubscribed"),
    },
    [EVENTS.liveJoin]: {
      access: { outsider: "refused", student: "ok", ta: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.liveJoin, { sessionId }),
      missing: (s) => ackOf(s, EVENTS.liveJoin, { sessionId: "no-such-session" }),
      writes: ["LiveParticipant"],
      trigger: async () => {
        await app.realtime.publisher.liveStateChanged(sessionId);
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.equal(events(heard, EVENTS.liveState).length, 1, "the joined socket gets the session's new state"),
    },
    [EVENTS.liveLeave]: {
      access: { outsider: "ok", student: "ok", ta: "ok", instructor: "ok" },
      prepare: (s) => ackOf(s, EVENTS.liveJoin, { sessionId }),
      send: (s) => ackOf(s, EVENTS.liveLeave, { sessionId }),
      trigger: async () => {
        await app.realtime.publisher.liveStateChanged(sessionId);
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.deepEqual(events(heard, EVENTS.liveState), [], "no states once left"),
    },
    [EVENTS.liveProgress]: {
      // Teaching assistants run the session with the instructors: they send no progress of their own.
      access: { outsider: "refused", student: "ok", ta: "refused", instructor: "refused" },
      prepare: (s) => ackOf(s, EVENTS.liveJoin, { sessionId }),
      send: async (s) => {
        const stats = { ...app.realtime.stats };
        s.emit(EVENTS.liveProgress, progressReport(7));
        await ackOf(s, EVENTS.liveClock, {}); // handled in order: the report was handled before the clock answers
        return { accepted: app.realtime.stats.progressAccepted - stats.progressAccepted, refused: app.realtime.stats.progressRefused - stats.progressRefused };
      },
      accepted: (sent) => {
        const { accepted, refused } = sent as { accepted: number; refused: number };
        assert.equal(accepted + refused, 1, "the report was handled");
        return accepted === 1;
      },
      // The tile reaches the instructors' grid at the next tick (1 s).
      trigger: async () => void (await pause(1500)),
      heard: (_heard, _role, user) =>
        assert.ok(
          events(observer.heard, EVENTS.liveGrid).some((g) => g.entries.some((e: { userId: string }) => e.userId === user.id)),
          "the instructor's grid shows the report",
        ),
    },
    [EVENTS.liveClock]: {
      access: { outsider: "ok", student: "ok", ta: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.liveClock, {}),
      accepted: (ack) => typeof (ack as { serverNow?: unknown })?.serverNow === "number",
    },
    [EVENTS.poolSubscribe]: {
      access: { outsider: "refused", student: "ok", ta: "ok", instructor: "ok" },
      send: (s) => ackOf(s, EVENTS.poolSubscribe, { courseId: fx.courseId }),
      missing: (s) => ackOf(s, EVENTS.poolSubscribe, { courseId: "no-such-course" }),
      trigger: async (user) => {
        await notifyProgress(user.id, `own-${unique()}`);
        await notifyProgress(fx.classmate.id, fx.classmateJobId);
        await pause(BROADCAST_MS);
      },
      heard: (heard, role, user) => {
        const owners = events(heard, EVENTS.poolProgress).map((p) => p.userId);
        assert.deepEqual(owners.sort(), (isStaffRole(role) ? [user.id, fx.classmate.id] : [user.id]).sort(), "one's own jobs; staff also everyone's");
      },
    },
    [EVENTS.poolUnsubscribe]: {
      access: { outsider: "ok", student: "ok", ta: "ok", instructor: "ok" },
      prepare: (s) => ackOf(s, EVENTS.poolSubscribe, { courseId: fx.courseId }),
      send: (s) => ackOf(s, EVENTS.poolUnsubscribe, { courseId: fx.courseId }),
      trigger: async (user) => {
        await notifyProgress(user.id, `own-${unique()}`);
        await pause(BROADCAST_MS);
      },
      heard: (heard) => assert.deepEqual(events(heard, EVENTS.poolProgress), [], "no pool progress once unsubscribed"),
    },
  };

  before(async () => {
    poolEventsPool = new pg.Pool({ connectionString: testDatabaseUrl(), max: 2 });
    // The round the procedures ended is due: closed now, not by this server's sweeper in the middle of a check.
    await closeDueRounds(db, new Date(Date.now() + ROUND_CLOSE_GRACE_MS));
    app = createAppServer({ db, auth: ctx.auth, score: scoreInline, check: checkInline, poolEventsPool });
    await new Promise<void>((resolve) => app.server.listen(0, "127.0.0.1", resolve));
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    sessionId = (await callerFor(ctx, fx.instructor).caller.live.start({ courseId: fx.courseId })).sessionId;
    markovExerciseId = (await db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId: fx.courseId, slug: "markov-chain" } } })).id;
    const socket = await socketOf(fx.instructor);
    observer = listen(socket);
    assert.ok(ackIsOk(await ackOf(socket, EVENTS.liveJoin, { sessionId })));
    assert.ok(ackIsOk(await ackOf(socket, EVENTS.poolSubscribe, { courseId: fx.courseId })));
    // The gateway LISTENs for the workers' NOTIFY asynchronously: wait until it hears one.
    for (let i = 0; !events(observer.heard, EVENTS.poolProgress).length; i++) {
      assert.ok(i < 50, "the gateway never heard the pool's NOTIFY");
      await notifyProgress(fx.classmate.id, fx.classmateJobId);
      await pause(100);
    }
  });

  after(async () => {
    for (const s of opened) s.disconnect();
    await app.realtime.close();
    await poolEventsPool.end();
  });

  test("POST /api/submissions (how pages submit) follows submission.submit's row for every role", async () => {
    const users = usersByRole();
    for (const role of ROLES) {
      const expected = PROCEDURES["submission.submit"].access[role];
      const user = users[role];
      const reply = await submissionRequest(
        baseUrl,
        { courseId: fx.courseId, exerciseSlug: "markov-chain", idempotencyKey: `rest-${unique()}`, body: MARKOV_PI },
        user ? await cookieOf(user) : undefined,
      );
      if (expected === "ok") {
        assert.equal(reply.status, 200, `${role}: ${reply.text}`);
        assert.equal((reply.data as { userId: string }).userId, user!.id);
      } else {
        assert.equal(reply.code, expected, `${role}: ${reply.text}`);
        assertReadable(reply.message, `POST /api/submissions as ${role}`);
      }
    }
  });

  test("the matrix has one row per client event of CLIENT_EVENTS", () => {
    assert.deepEqual(coverageProblems("client event", CLIENT_EVENTS, Object.keys(EVENT_MATRIX)), []);
  });

  /** One event as `role`: the effect when allowed; when refused, a readable error, no change, and silence. */
  async function sendAs(event: string, row: EventRow, role: (typeof SIGNED_IN_ROLES)[number], user: TestUser, socket: Socket) {
    const label = `${event} as ${role}`;
    await row.prepare?.(socket);
    const mine = listen(socket);
    const observed = observer.heard.length;
    const before = await dbFingerprint(db);
    const sent = await row.send(socket);
    const changed = changedTables(before, await dbFingerprint(db));
    assert.notEqual(sent, NO_ACK, `${label}: no acknowledgement`);
    const ok = row.accepted ? row.accepted(sent) : ackIsOk(sent);
    if (row.access[role] === "ok") {
      assert.ok(ok, `${label}: expected to be allowed, got ${JSON.stringify(sent)}`);
      assert.deepEqual(
        changed.filter((t) => !(row.writes ?? []).includes(t)),
        [],
        `${label} may change only ${row.writes?.join(", ") || "nothing"}`,
      );
      await row.trigger?.(user);
      row.heard?.(mine.heard, role, user);
    } else {
      assert.ok(!ok, `${label}: expected to be refused, got ${JSON.stringify(sent)}`);
      if (!row.accepted) assertReadable((sent as { error?: unknown }).error, label);
      assert.deepEqual(changed, [], `${label}: a refused event changes no table`);
      await row.trigger?.(user);
      assert.deepEqual(mine.heard, [], `${label}: a refused socket hears nothing`);
      // Pool progress of the user's own jobs reaches the instructors whatever the user's socket did.
      const aboutUser = observer.heard.slice(observed).filter((h) => h.event !== EVENTS.poolProgress && JSON.stringify(h.payload).includes(user.id));
      assert.deepEqual(aboutUser, [], `${label}: nobody hears of a refused event`);
    }
    if (row.missing) {
      const ack = await row.missing(socket);
      assert.ok(!ackIsOk(ack), `${label} naming nothing: refused`);
      assertReadable((ack as { error?: unknown }).error, `${label} naming nothing`);
      assert.match((ack as { error: string }).error, /no such/i);
    }
  }

  for (const [event, row] of Object.entries(EVENT_MATRIX)) {
    const allowed = SIGNED_IN_ROLES.filter((r) => row.access[r] === "ok");
    test(`${event}: allowed for ${allowed.join(", ") || "nobody"}; anonymous sockets are refused`, async () => {
      assert.ok((CLIENT_EVENTS as readonly string[]).includes(event), `${event} is not in CLIENT_EVENTS`);
      await assert.rejects(openSocket(baseUrl), (error: Error) => {
        assertReadable(error.message, `${event} as anonymous: the refused connection`);
        return /sign in/i.test(error.message);
      });
      const users = usersByRole();
      for (const role of [...SIGNED_IN_ROLES.filter((r) => row.access[r] !== "ok"), ...allowed]) {
        const socket = await socketOf(users[role]!);
        try {
          await sendAs(event, row, role, users[role]!, socket);
        } finally {
          socket.disconnect();
        }
      }
    });
  }
});
