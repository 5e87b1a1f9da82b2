// The private leaderboard of an exercise with held-out data: each participant's entry on the live
// board (their best on the public part), ranked by its metrics on the private part of the course's
// held-out set (Score.privateMetrics), as Kaggle does. Which submission stands for a participant is
// never decided by private scores: taking each one's best on the private part would reward sending
// many variants and keeping the luckiest, making the private part a selection set. Grading on the
// private part picks its attempt the same way (grading.ts). Students see it from the exercise's due
// date on; staff always.
import { rankedBy, rankingOf } from "@/lib/exercises/ranking";
import { courseHeldoutFormat } from "@/lib/course/heldout";
import { rankWithTies } from "@/lib/live/points";
import type { Db } from "../db";
import { type Actor, isStaff, requireEnrollment } from "./courses";
import { notFound } from "./errors";
import { exerciseDueDate, requireCourseExercise, requireDefinition } from "./exercises";
import { privateRevealed } from "./heldout";
import { entryAuthors } from "./entry-authors";
import { LEADERBOARD_SIZE } from "./leaderboards";

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

  // As on the live board: once revealed, later submissions are off it (they would get private feedback).
  const enteredBefore = revealed ? revealAt : null;
  // Each participant's best by the public sort keys (Score.rankKeys), as the live board picks it.
  const rows = await db.$queryRaw<PrivateBestRow[]>`
    SELECT best.* FROM (
      SELECT DISTINCT ON (s."userId") s."submissionId", s."userId", u.name, u.email, s."privateMetrics", s."privateRankKeys", s.metrics, s."createdAt"
      FROM "Score" s JOIN "user" u ON u.id = s."userId"
      WHERE s."exerciseId" = ${exercise.id} AND s."privateMetrics" IS NOT NULL
        AND (${enteredBefore}::timestamptz IS NULL OR s."createdAt" < ${enteredBefore}::timestamptz)
      ORDER BY s."userId", s."rankKeys" ASC, s."createdAt" ASC
    ) best
    ORDER BY best."privateRankKeys" ASC, best."createdAt" ASC
    LIMIT ${LEADERBOARD_SIZE}`;
  const author = await entryAuthors(db, courseId, actor, enrollment.role);
  const entries = rankWithTies(rows, (row) => JSON.stringify(row.privateRankKeys)).map((row) => ({
    rank: row.rank,
    submissionId: row.submissionId,
    ...author(row),
    metrics: row.privateMetrics,
    // The same submission's public metrics: how far the live ranking was from this one.
    publicMetrics: row.metrics,
    ranking: rankingOf(definition, row.privateMetrics),
    createdAt: row.createdAt,
  }));
  return { ...head, entries };
}
