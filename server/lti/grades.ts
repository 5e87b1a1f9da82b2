// Grade passback (Assignment and Grade Services 2.0): whenever a student's points for a linked
// assignment may have changed — a submission scored, a quiz attempt, an override, a release — a job
// (pg-boss, queue LTI_SCORES_QUEUE, retried with back-off) computes their points as the student sees
// them and, when they differ from what the LMS last accepted, posts a score to the link's line item.
// Timestamps strictly increase per student and line item, by whole seconds (Canvas refuses older
// ones, Moodle also ones in the same second); gradingProgress is FullyGraded (Moodle records no grade otherwise); Canvas's
// submission extension carries the time of the submission that counts.
import type PgBoss from "pg-boss";
import { MEDIA_TYPE, SCOPE, scoresUrlOf } from "@/lib/lti/claims";
import type { Db } from "../db";
import { logger } from "../observability/log";
import { assignmentWithItems, gradeAssignments } from "../services/grading";
import { type LtiServices, ServiceError } from "./services";

export const LTI_SCORES_QUEUE = "lti-scores";
const CONCURRENT_JOBS = 4;
const log = logger("lti grades");

export interface ScoreSyncMessage {
  courseId: string;
  userId: string;
}

/** What changed: a whole course, or the course of an exercise, assignment or item. */
export type GradeChange = { courseId: string } | { exerciseId: string } | { assignmentId: string } | { itemId: string };

export interface GradeSync {
  /**
   * Queues a sync of LMS grades after a change: of these students, or (no `userIds`) every student
   * of the course. Nothing when the course has no linked assignment with a grade column.
   */
  schedule(change: GradeChange, userIds?: string[]): Promise<void>;
}

/** A server or test without a queue: nothing is posted. */
export const absentGradeSync: GradeSync = { schedule: async () => {} };

/** Queues the LMS sync after a change; a queue that cannot take the job is logged, never a failure of the change. */
export function queueGradeSync(gradeSync: GradeSync | undefined, change: GradeChange, userIds?: string[]) {
  gradeSync?.schedule(change, userIds).catch((error: unknown) => log.warn({ err: error, change }, "grade sync not queued"));
}

/** A change's own result, once it committed, with the LMS sync queued after it. */
export async function thenSyncGrades<T>(gradeSync: GradeSync | undefined, result: Promise<T>, change: GradeChange, userIds?: string[]): Promise<T> {
  const value = await result;
  queueGradeSync(gradeSync, change, userIds);
  return value;
}

const CANVAS_SUBMISSION = "https://canvas.instructure.com/lti/submission";

/** An LMS answer that will not change on a retry: the score is refused for what it is. */
const isFinalRefusal = (error: unknown) =>
  error instanceof ServiceError && error.status >= 400 && error.status < 500 && error.status !== 401 && error.status !== 408 && error.status !== 429;

/**
 * Posts one student's scores in one course: each linked assignment with a line item whose points
 * differ from the last accepted ones. The queue runs one job per (course, student) at a time
 * (policy "stately"), so timestamps stay increasing without holding a database connection while
 * an LMS answers. Throws when a post should be retried.
 */
export async function syncStudentScores(db: Db, services: LtiServices, { courseId, userId }: ScoreSyncMessage) {
  const links = await db.ltiResourceLink.findMany({
    where: { lineItemUrl: { not: null }, context: { courseId } },
    include: { context: { include: { platform: true } }, assignment: { include: assignmentWithItems } },
  });
  if (links.length === 0) return;
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { timeZone: true } });
  const enrollment = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  if (!enrollment || enrollment.lmsRemovedAt) return;
  const grades = await gradeAssignments(
    db,
    course.timeZone,
    links.map((link) => link.assignment),
    [userId],
    { forStudent: true },
  );
  let retry: unknown = null;
  for (const link of links) {
    const lmsUser = await db.ltiUser.findFirst({ where: { platformId: link.context.platformId, userId } });
    const grade = grades.get(link.assignmentId)?.get(userId);
    if (!lmsUser || !grade) continue;
    const key = { linkId_userId: { linkId: link.id, userId } };
    const last = await db.ltiScoreSync.upsert({ where: key, create: { linkId: link.id, userId }, update: {} });
    if (last.status === "POSTED" && last.postedPoints === grade.total) continue;
    const counted = grade.items.flatMap((item) => item.attempts.filter((a) => a.id === item.countedId));
    const submittedAt = counted.length ? new Date(Math.max(...counted.map((a) => a.at.getTime()))) : null;
    // Strictly after the last accepted one in whole seconds (Moodle keeps seconds), even for two
    // changes within a second or with a clock set back.
    const timestamp = new Date(Math.max(Date.now(), (last.postedAt?.getTime() ?? -Infinity) + 1000));
    const score = {
      userId: lmsUser.sub,
      scoreGiven: grade.total,
      scoreMaximum: grade.pointsPossible,
      timestamp: timestamp.toISOString(),
      activityProgress: new Date() > grade.closesAt ? "Completed" : submittedAt ? "Submitted" : "Initialized",
      gradingProgress: "FullyGraded",
      ...(submittedAt ? { [CANVAS_SUBMISSION]: { submitted_at: submittedAt.toISOString() } } : {}),
    };
    try {
      await services.call(link.context.platform, [SCOPE.score], scoresUrlOf(link.lineItemUrl!), {
        what: "Score",
        method: "POST",
        headers: { "content-type": MEDIA_TYPE.score },
        body: JSON.stringify(score),
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await db.ltiScoreSync.update({ where: key, data: { status: "FAILED", error: message.slice(0, 1000), attempts: { increment: 1 } } });
      log.warn({ linkId: link.id, userId, err: error }, "score not posted");
      if (!isFinalRefusal(error)) retry = error;
      continue;
    }
    await db.ltiScoreSync.update({
      where: key,
      data: { status: "POSTED", postedPoints: grade.total, postedAt: timestamp, error: null, attempts: { increment: 1 } },
    });
  }
  if (retry) throw retry;
}

async function courseOf(db: Db, change: GradeChange): Promise<string | undefined> {
  if ("courseId" in change) return change.courseId;
  if ("exerciseId" in change) return (await db.exercise.findUnique({ where: { id: change.exerciseId }, select: { courseId: true } }))?.courseId;
  if ("assignmentId" in change) return (await db.assignment.findUnique({ where: { id: change.assignmentId }, select: { courseId: true } }))?.courseId;
  return (await db.assignmentItem.findUnique({ where: { id: change.itemId }, select: { assignment: { select: { courseId: true } } } }))?.assignment.courseId;
}

/** The queue and its handler in this process (server/index.ts); `retryDelaySeconds` doubles after each failure. */
export async function startGradeSync(db: Db, services: LtiServices, boss: PgBoss, { retryDelaySeconds = 10, retryLimit = 8 } = {}): Promise<GradeSync> {
  // "stately": one job per (course, student) queued and one running; a change while one waits adds nothing
  // (the job reads the grades when it runs), a change while one runs waits for it.
  await boss.createQueue(LTI_SCORES_QUEUE, {
    name: LTI_SCORES_QUEUE,
    policy: "stately",
    retryLimit,
    retryDelay: retryDelaySeconds,
    retryBackoff: true,
    expireInSeconds: 30 * 60,
  });
  // A few at once: one LMS that does not answer (15 s a call) holds up one of them, not every LMS.
  for (let i = 0; i < CONCURRENT_JOBS; i++)
    await boss.work<ScoreSyncMessage>(LTI_SCORES_QUEUE, { pollingIntervalSeconds: 1 }, async ([job]) => syncStudentScores(db, services, job.data));
  return {
    async schedule(change, userIds) {
      const courseId = await courseOf(db, change);
      if (!courseId || (await db.ltiResourceLink.count({ where: { lineItemUrl: { not: null }, context: { courseId } } })) === 0) return;
      const students =
        userIds ?? (await db.enrollment.findMany({ where: { courseId, role: "STUDENT", lmsRemovedAt: null }, select: { userId: true } })).map((e) => e.userId);
      if (students.length)
        await boss.insert(
          students.map((userId) => ({ name: LTI_SCORES_QUEUE, data: { courseId, userId } satisfies ScoreSyncMessage, singletonKey: `${courseId}:${userId}` })),
        );
    },
  };
}
