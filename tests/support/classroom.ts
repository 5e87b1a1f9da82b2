// A course with its people and objects, and a second course whose objects the first course's people
// must not reach ("other users' ids"): for the authorization matrix and the fuzz tests.
import { DEFAULT_GAN_CONFIG } from "@/lib/ml/configs/gan";
import type { Db } from "@/server/db";
import type { PoolQueue } from "@/server/pool/queue";
import { callerFor, createCourse, createUser, enroll, type openTestContext, unique } from "./database";

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
}

export interface Classroom extends CourseObjects {
  /** A student of the course besides the classmate. */
  student: TestUser;
  /** The other course: its student is the "student of another course". */
  other: CourseObjects;
}

async function createCourseObjects(ctx: TestContext, title: string, instructor: TestUser, classmate: TestUser): Promise<CourseObjects> {
  const courseId = await createCourse(ctx.db, title);
  await enroll(ctx.db, instructor.id, courseId, "INSTRUCTOR");
  await enroll(ctx.db, classmate.id, courseId, "STUDENT");
  const { joinCode } = await ctx.db.course.findUniqueOrThrow({ where: { id: courseId }, select: { joinCode: true } });
  const submission = await callerFor(ctx, classmate).caller.submission.submit({ courseId, exerciseSlug: "markov-chain", idempotencyKey: `fixture-${unique()}`, body: MARKOV_PI });
  const { id: exerciseId } = await ctx.db.exercise.findUniqueOrThrow({ where: { courseId_slug: { courseId, slug: "gan-ring" } }, select: { id: true } });
  const job = (data: { status: "QUEUED" | "SUCCEEDED"; weights?: object }) =>
    ctx.db.poolJob.create({ data: { userId: classmate.id, courseId, exerciseId, config: DEFAULT_GAN_CONFIG, steps: 100, ...data }, select: { id: true } });
  const queued = await job({ status: "QUEUED" });
  const finished = await job({ status: "SUCCEEDED", weights: { generator: [0.5, -0.25], discriminator: [0.125] } });
  return { courseId, joinCode, instructor, classmate, classmateSubmissionId: submission.id, classmateJobId: queued.id, classmateFinishedJobId: finished.id };
}

export async function createClassroom(ctx: TestContext, name: string): Promise<Classroom> {
  const [instructor, student, classmate, outsider, otherInstructor] = await Promise.all(
    ["Instructor", "Student", "Classmate", "Outsider", "Other instructor"].map((role) => createUser(ctx.auth, `${name} ${role}`)),
  );
  const course = await createCourseObjects(ctx, `${name} course`, instructor, classmate);
  await enroll(ctx.db, student.id, course.courseId, "STUDENT");
  const other = await createCourseObjects(ctx, `${name} other course`, otherInstructor, outsider);
  return { ...course, student, other };
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
