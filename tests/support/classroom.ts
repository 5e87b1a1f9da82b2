// A course with its people and objects, and a second course whose objects the first course's people
// must not reach ("other users' ids"): for the authorization matrix and the fuzz tests.
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import type { Db } from "@/server/db";
import type { CourseRole } from "@/server/generated/prisma/client";
import type { PoolQueue } from "@/server/pool/queue";
import { createResetLink } from "@/server/services/accounts";
import { createInvite } from "@/server/services/roster";
import { callerFor, collapsedRingSamples, createCourse, createUser, enroll, type openTestContext, perfectRingSamples, unique } from "./database";

type TestContext = ReturnType<typeof openTestContext>;
export type TestUser = Awaited<ReturnType<typeof createUser>>;

/** The markov-chain exercise's exact answer: the smallest valid submission body. */
export const MARKOV_PI = { pi: [4 / 51, 40 / 51, 7 / 51] };

export interface LiveActivity {
  sessionId: string;
  joinCode: string;
  /** An open custom poll with two choices. */
  pollId: string;
  /** A markov-chain round running for an hour. */
  roundId: string;
}

/** When the fixture's assignments are due: open now, far enough ahead for extensions to end later. */
export const ASSIGNMENT_DUE_DAYS = 30;
/** Points of the assignment's items. */
export const EXERCISE_ITEM_POINTS = 10;
export const QUIZ_ITEM_POINTS = 5;

export interface CourseObjects {
  courseId: string;
  joinCode: string;
  instructor: TestUser;
  /** Owns the objects below. */
  classmate: TestUser;
  classmateSubmissionId: string;
  /** Queued (no worker takes it: the row has no queue job). */
  classmateJobId: string;
  /** Finished, with downloadable weights. */
  classmateFinishedJobId: string;
  /** An assignment open now and due in ASSIGNMENT_DUE_DAYS days: an exercise item (markov-chain), then a quiz item (module gan). */
  assignmentId: string;
  assignmentTitle: string;
  assignmentDueAt: Date;
  exerciseItemId: string;
  quizItemId: string;
}

/** The people of the matrix, by their place in the course (the outsider is a student of the other course). */
export type InvitedRole = "outsider" | "student" | "ta" | "instructor";

export interface Classroom extends CourseObjects {
  /** A student of the course besides the classmate. */
  student: TestUser;
  /** A teaching assistant of the course. */
  ta: TestUser;
  /** A student whom roster.removeMember removes (re-enrol them to remove them again). */
  dropout: TestUser;
  /** An account in no course, under an email a roster import names. */
  newcomer: TestUser;
  /** A second assignment of the course, for assignment.delete. */
  doomedAssignmentId: string;
  /** A second course with the same people (instructor, teaching assistant, student), for course.setArchived and course.delete. */
  spare: { courseId: string; title: string };
  /**
   * Pending invite links (/invite/<token>) to the course as a student, one per person under their
   * own email: only that account may accept it.
   */
  inviteTokens: Record<InvitedRole, string>;
  /** A pending student invite; roster.revokeInvite's callers replace it once revoked. */
  revocableInviteId: string;
  /** A password reset link's token (/reset-password/<token>) for the newcomer's account. */
  resetToken: string;
  /** The other course: its student is the "student of another course". */
  other: CourseObjects;
  /** An open arena on gan-ring with three entries (the classmate's, the student's and the dropout's). */
  arenaId: string;
  /** A pair of it served to the instructor and not voted on yet. */
  arenaMatchId: string;
}

async function createCourseObjects(ctx: TestContext, title: string, instructor: TestUser, classmate: TestUser): Promise<CourseObjects> {
  const courseId = await createCourse(ctx.db, title);
  await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(ctx.db, classmate.id, courseId, "STUDENT");
  const { joinCode } = await ctx.db.course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } });
  const submission = await callerFor(ctx, classmate).caller.submission.submit({
    courseId,
    exerciseSlug: "markov-chain",
    idempotencyKey: `fixture-${unique()}`,
    body: MARKOV_PI,
  });
  const { id: exerciseId } = await ctx.db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug: "gan-ring" } }, select: { id: true } });
  const job = (data: { status: "QUEUED" | "SUCCEEDED"; weights?: object }) =>
    ctx.db.poolJob.create({ data: { userId: classmate.id, courseId, exerciseId, config: DEFAULT_GAN_CONFIG, steps: 100, ...data }, select: { id: true } });
  const queued = await job({ status: "QUEUED" });
  const finished = await job({ status: "SUCCEEDED", weights: { generator: [0.5, -0.25], discriminator: [0.125] } });
  const assignmentTitle = `${title}: homework 1`;
  const assignmentDueAt = new Date(Date.now() + ASSIGNMENT_DUE_DAYS * 86_400_000);
  const assignment = await createFixtureAssignment(ctx, courseId, instructor, assignmentTitle, assignmentDueAt);
  return {
    courseId,
    joinCode,
    instructor,
    classmate,
    classmateSubmissionId: submission.id,
    classmateJobId: queued.id,
    classmateFinishedJobId: finished.id,
    assignmentId: assignment.id,
    assignmentTitle,
    assignmentDueAt,
    exerciseItemId: assignment.items[0].id,
    quizItemId: assignment.items[1].id,
  };
}

/** The assignment's items as assignment.create and assignment.update take them. */
export const FIXTURE_ASSIGNMENT_ITEMS = [
  { exerciseSlug: "markov-chain", points: EXERCISE_ITEM_POINTS },
  { quizModuleSlug: "gan", points: QUIZ_ITEM_POINTS },
];

function createFixtureAssignment(ctx: TestContext, courseId: string, instructor: TestUser, title: string, dueAt: Date) {
  return callerFor(ctx, instructor).caller.assignment.create({
    courseId,
    title,
    instructions: "Fit the chain, then take the quiz.",
    dueAt,
    items: FIXTURE_ASSIGNMENT_ITEMS,
  });
}

/** A one-time password reset link for the account (made as an administrator makes one); its token is the last part of the link. */
export async function resetTokenFor(ctx: TestContext, userId: string) {
  const { path } = await createResetLink(ctx.db, null, userId);
  const token = path.replace(/^\/reset-password\//, "");
  if (token === path || !token) throw new Error(`createResetLink returned the path ${path}, not /reset-password/<token>`);
  return token;
}

/** A pending invite to the course (made the way staff make them); its token is the last part of the link. */
export async function inviteTo(ctx: TestContext, courseId: string, by: TestUser, email: string, role: CourseRole = "STUDENT") {
  const invite = await createInvite(ctx.db, by, courseId, { email, role });
  const token = invite.path.replace(/^\/invite\//, "");
  if (token === invite.path || !token) throw new Error(`createInvite returned the path ${invite.path}, not /invite/<token>`);
  return { inviteId: invite.inviteId, token };
}

export async function createClassroom(ctx: TestContext, name: string): Promise<Classroom> {
  const [instructor, student, classmate, outsider, otherInstructor, ta, dropout, newcomer] = await Promise.all(
    ["Instructor", "Student", "Classmate", "Outsider", "Other instructor", "Teaching assistant", "Dropout", "Newcomer"].map((role) =>
      createUser(ctx.auth, `${name} ${role}`),
    ),
  );
  const course = await createCourseObjects(ctx, `${name} course`, instructor, classmate);
  await enroll(ctx.db, student.id, course.courseId, "STUDENT");
  await enroll(ctx.db, ta.id, course.courseId, "TEACHING_ASSISTANT");
  await enroll(ctx.db, dropout.id, course.courseId, "STUDENT");
  const other = await createCourseObjects(ctx, `${name} other course`, otherInstructor, outsider);
  const doomed = await createFixtureAssignment(ctx, course.courseId, instructor, `${name} course: homework to delete`, course.assignmentDueAt);
  const spareTitle = `${name} spare course`;
  const spareId = await createCourse(ctx.db, spareTitle);
  await enroll(ctx.db, instructor.id, spareId, "INSTRUCTOR");
  await enroll(ctx.db, ta.id, spareId, "TEACHING_ASSISTANT");
  await enroll(ctx.db, student.id, spareId, "STUDENT");
  const people: Record<InvitedRole, TestUser> = { outsider, student, ta, instructor };
  const inviteTokens = {} as Record<InvitedRole, string>;
  for (const [role, user] of Object.entries(people) as [InvitedRole, TestUser][])
    inviteTokens[role] = (await inviteTo(ctx, course.courseId, instructor, user.email)).token;
  const revocable = await inviteTo(ctx, course.courseId, instructor, `revocable-${unique()}@test.local`);
  for (const [entrant, samples] of [
    [course.classmate, perfectRingSamples()],
    [student, collapsedRingSamples()],
    [dropout, perfectRingSamples().slice(0, 1000).concat(collapsedRingSamples(1000))],
  ] as const) {
    await callerFor(ctx, entrant).caller.submission.submit({
      courseId: course.courseId,
      exerciseSlug: "gan-ring",
      idempotencyKey: `fixture-${unique()}`,
      body: { samples },
    });
  }
  const { arenaId } = await callerFor(ctx, instructor).caller.arena.open({ courseId: course.courseId, exerciseSlug: "gan-ring" });
  const pair = await callerFor(ctx, instructor).caller.arena.next({ arenaId });
  return {
    arenaId,
    arenaMatchId: pair!.matchId,
    ...course,
    student,
    ta,
    dropout,
    newcomer,
    doomedAssignmentId: doomed.id,
    spare: { courseId: spareId, title: spareTitle },
    inviteTokens,
    revocableInviteId: revocable.inviteId,
    resetToken: await resetTokenFor(ctx, newcomer.id),
    other,
  };
}

/** A running live session with an open poll and an hour-long round (far from the round sweeper's reach). */
export async function startLiveActivity(ctx: TestContext, course: CourseObjects): Promise<LiveActivity> {
  const { caller } = callerFor(ctx, course.instructor);
  const { sessionId, joinCode } = await caller.live.start({ courseId: course.courseId });
  const { pollId } = await caller.live.openPoll({ sessionId, poll: { kind: "custom", prompt: "Ready?", choices: ["yes", "no"], correctIndex: null } });
  const { roundId } = await caller.live.startRound({ sessionId, exerciseSlug: "markov-chain", durationSeconds: 3600 });
  return { sessionId, joinCode, pollId, roundId };
}

/**
 * Leaves nothing running for later test files: queued pool jobs are cancelled, in `queue` too (a
 * later test's worker would take them, and pool.test.ts counts every queued row for queue
 * positions), and live sessions ended.
 */
export async function releaseCourses(db: Db, courseIds: string[], queue?: PoolQueue) {
  const active = await db.poolJob.findMany({ where: { courseId: { in: courseIds }, status: { in: ["QUEUED", "RUNNING"] } }, select: { id: true } });
  for (const { id } of active) await queue?.cancel(id);
  await db.poolJob.updateMany({ where: { id: { in: active.map((j) => j.id) } }, data: { status: "CANCELLED" } });
  await db.liveSession.updateMany({ where: { courseId: { in: courseIds }, endedAt: null }, data: { endedAt: new Date() } });
}
