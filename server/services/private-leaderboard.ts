// The private leaderboard of an exercise with held-out data: every participant's best submission on
// the private part of the course's held-out set (Score.privateMetrics), the same best that grading
// on the private part counts. Students see it from the exercise's due date on; staff always.
import { rankedBy, rankingOf } from "@/lib/exercises/ranking";
import { courseHeldoutFormat } from "@/lib/course/heldout";
import { rankWithTies } from "@/lib/live/points";
import type { Db } from "../db";
import { type Actor, emailForViewer, isStaff, requireEnrollment } from "./courses";
import { notFound } from "./errors";
import { exerciseDueDate, requireCourseExercise, requireDefinition } from "./exercises";
import { privateRevealed } from "./heldout";
import { namesForViewer } from "./leaderboards";

const LEADERBOARD_SIZE = 200;

interface PrivateBestRow {
  submissionId: string;
  userId: string;
  name: string;
  email: string;
  privateMetrics: Record<string, number>;
  privateRankKeys: number[];
  metrics: Record<string, number>;
  createdAt: Date;
}

export async function getPrivateLeaderboard(db: Db, actor: Actor, courseId: string, exerciseSlug: string, now = new Date()) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  if (!courseHeldoutFormat(exerciseSlug)) throw notFound(`"${exerciseSlug}" has no held-out data, so it has no private leaderboard.`);
  const definition = requireDefinition(exerciseSlug);
  const exercise = await requireCourseExercise(db, courseId, exerciseSlug, enrollment.role);
  const revealAt = await exerciseDueDate(db, exercise);
  const revealed = privateRevealed(revealAt, now);
  const staff = isStaff(enrollment.role);
  const head = { slug: definition.slug, metrics: definition.metrics, rankedBy: rankedBy(definition), revealAt, revealed };
  // Before the due date a student learns nothing of the private part, not even their own standing.
  if (!revealed && !staff) return { ...head, entries: null };

  const rows = await db.$queryRaw<PrivateBestRow[]>`
    SELECT best.* FROM (
      SELECT DISTINCT ON (s."userId") s."submissionId", s."userId", u.name, u.email, s."privateMetrics", s."privateRankKeys", s.metrics, s."createdAt"
      FROM "Score" s JOIN "user" u ON u.id = s."userId"
      WHERE s."exerciseId" = ${exercise.id} AND s."privateMetrics" IS NOT NULL
      ORDER BY s."userId", s."privateRankKeys" ASC, s."createdAt" ASC
    ) best
    ORDER BY best."privateRankKeys" ASC, best."createdAt" ASC
    LIMIT ${LEADERBOARD_SIZE}`;
  const displayName = await namesForViewer(db, courseId, actor, enrollment.role);
  const entries = rankWithTies(rows, (row) => JSON.stringify(row.privateRankKeys)).map((row) => ({
    rank: row.rank,
    submissionId: row.submissionId,
    userId: staff || row.userId === actor.id ? row.userId : null,
    displayName: displayName(row.userId, row.name),
    email: emailForViewer(enrollment.role, row.email),
    isMe: row.userId === actor.id,
    metrics: row.privateMetrics,
    // The same submission's public metrics: how far the live ranking was from this one.
    publicMetrics: row.metrics,
    ranking: rankingOf(definition, row.privateMetrics),
    createdAt: row.createdAt,
  }));
  return { ...head, entries };
}
