import { rankedBy, rankingOf } from "@/lib/exercises/ranking";
import { rankWithTies } from "@/lib/live/points";
import type { Db } from "../db";
import type { CourseRole } from "../generated/prisma/client";
import { coursePseudonyms } from "@/lib/users/pseudonym";
import { type Actor, emailForViewer, isStaff, requireEnrollment } from "./courses";
import { requireCourseExercise, requireDefinition } from "./exercises";

const LEADERBOARD_SIZE = 200;

interface BestScoreRow {
  submissionId: string;
  userId: string;
  name: string;
  email: string;
  metrics: Record<string, number>;
  rankKeys: number[];
  preview: unknown;
  createdAt: Date;
  poolRun: boolean;
  config: Record<string, unknown> | null;
}

/** Each participant's best entry by the exercise's ranking rule; equal keys share a rank. */
export async function getLeaderboard(db: Db, actor: Actor, courseId: string, exerciseSlug: string) {
  const definition = requireDefinition(exerciseSlug);
  const enrollment = await requireEnrollment(db, actor, courseId);
  const exercise = await requireCourseExercise(db, courseId, exerciseSlug, enrollment.role);
  const rows = await db.$queryRaw<BestScoreRow[]>`
    SELECT best.*, sub.config,
      EXISTS (SELECT 1 FROM "PoolJob" pj WHERE pj."submissionId" = best."submissionId") AS "poolRun"
    FROM (
      SELECT DISTINCT ON (s."userId") s."submissionId", s."userId", u.name, u.email, s.metrics, s."rankKeys", s.preview, s."createdAt"
      FROM "Score" s JOIN "user" u ON u.id = s."userId"
      WHERE s."exerciseId" = ${exercise.id}
      ORDER BY s."userId", s."rankKeys" ASC, s."createdAt" ASC
    ) best
    JOIN "Submission" sub ON sub.id = best."submissionId"
    ORDER BY best."rankKeys" ASC, best."createdAt" ASC
    LIMIT ${LEADERBOARD_SIZE}`;
  const displayName = await namesForViewer(db, courseId, actor, enrollment.role);
  const entries = rankWithTies(rows, (row) => JSON.stringify(row.rankKeys)).map((row) => ({
    rank: row.rank,
    submissionId: row.submissionId,
    // Students get no classmate's id: with it, a pseudonym could be matched to a name seen elsewhere.
    userId: isStaff(enrollment.role) || row.userId === actor.id ? row.userId : null,
    displayName: displayName(row.userId, row.name),
    // Instructors only: tells two students with look-alike display names apart.
    email: emailForViewer(enrollment.role, row.email),
    isMe: row.userId === actor.id,
    metrics: row.metrics,
    // What the order comes from, and a flag's reason (a flagged entry sits below every unflagged one).
    ranking: rankingOf(definition, row.metrics),
    preview: row.preview,
    createdAt: row.createdAt,
    // Trained by the worker pool, not in the browser.
    poolRun: row.poolRun,
    // The training config the submitter sent (or the pool trained with); shown, never scored.
    config: row.config,
  }));
  return { exerciseId: exercise.id, slug: definition.slug, title: definition.title, metrics: definition.metrics, rankedBy: rankedBy(definition), rankingRule: definition.rankingRule, entries };
}

/**
 * How classmates are named for this viewer: staff always see names; students see pseudonyms unless
 * the course shows names (Course.leaderboardNames), and always their own name.
 */
async function namesForViewer(db: Db, courseId: string, actor: Actor, role: CourseRole) {
  const course = await db.course.findUniqueOrThrow({ where: { id: courseId }, select: { leaderboardNames: true } });
  if (isStaff(role) || course.leaderboardNames === "NAME") return (_userId: string, name: string) => name;
  const members = await db.enrollment.findMany({ where: { courseId }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { userId: true } });
  const pseudonyms = coursePseudonyms(courseId, members.map((m) => m.userId));
  return (userId: string, name: string) => (userId === actor.id ? name : (pseudonyms.get(userId) ?? "A former member"));
}
