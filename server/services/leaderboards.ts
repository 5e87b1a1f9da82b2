import { rankedBy, rankingOf } from "@/lib/exercises/ranking";
import { rankWithTies } from "@/lib/live/points";
import type { Db } from "../db";
import { type Actor, isStaff, requireEnrollment } from "./courses";
import { type ArenaFitter, arenaVotingOn, leaderboardArena } from "./arena";
import { entryAuthors } from "./entry-authors";
import { exerciseDueDate, requireCourseExercise, requireDefinition } from "./exercises";
import { logger } from "../observability/log";

const log = logger("leaderboard");

/** Entries a leaderboard shows: a department's class of 300 with its staff and pool runs, every one on it. */
export const LEADERBOARD_SIZE = 400;

interface BestScoreRow {
  submissionId: string;
  userId: string;
  name: string;
  email: string;
  metrics: Record<string, number>;
  rankKeys: number[];
  previewJson: string;
  createdAt: Date;
  poolRun: boolean;
  config: Record<string, unknown> | null;
}

/**
 * Each participant's best entry by the exercise's ranking rule; equal keys share a rank. Until the
 * exercise's due date, students see classmates' metrics and sample thumbnails, never their training
 * config or a preview that shows the submitted parameters (nothing to copy); staff see everything,
 * and, per entry, the other accounts that submitted the very same answer.
 */
export async function getLeaderboard(db: Db, actor: Actor, courseId: string, exerciseSlug: string, fitArena: ArenaFitter, now = new Date()) {
  const definition = requireDefinition(exerciseSlug);
  const enrollment = await requireEnrollment(db, actor, courseId);
  const exercise = await requireCourseExercise(db, courseId, exerciseSlug, enrollment.role);
  const staff = isStaff(enrollment.role);
  const dueAt = await exerciseDueDate(db, exercise);
  // No due date yet: hidden, since one may still be set.
  const classmatesParametersHidden = !staff && (dueAt === null || now < dueAt);
  // Once parameters are shown, a new entry could copy one: later submissions are practice, off the board.
  const enteredBefore = dueAt !== null && dueAt <= now ? dueAt : null;
  const rows = await db.$queryRaw<BestScoreRow[]>`
    SELECT best.*, sub.config,
      EXISTS (SELECT 1 FROM "PoolJob" pj WHERE pj."submissionId" = best."submissionId") AS "poolRun"
    FROM (
      SELECT DISTINCT ON (s."userId") s."submissionId", s."userId", u.name, u.email, s.metrics, s."rankKeys", s.preview::text AS "previewJson", s."createdAt"
      FROM "Score" s JOIN "user" u ON u.id = s."userId"
      WHERE s."exerciseId" = ${exercise.id} AND (${enteredBefore}::timestamptz IS NULL OR s."createdAt" < ${enteredBefore}::timestamptz)
      ORDER BY s."userId", s."rankKeys" ASC, s."createdAt" ASC
    ) best
    JOIN "Submission" sub ON sub.id = best."submissionId"
    ORDER BY best."rankKeys" ASC, best."createdAt" ASC
    LIMIT ${LEADERBOARD_SIZE}`;
  const author = await entryAuthors(db, courseId, actor, enrollment.role);
  // While the class votes in an arena on this exercise, a classmate's thumbnail would tell whose entry a pair shows.
  const samplesHiddenForArena = !staff && definition.previewShows === "samples" && (await arenaVotingOn(db, exercise.id, now));
  const sameAnswers = staff ? await sameAnswerAccounts(db, exercise.id) : null;
  // People's judgement beside the metric's: the latest arena's rating of each author's entry there.
  // Optional: a fit that failed (its thread died) leaves the column out rather than the board.
  const arena =
    definition.previewShows === "samples"
      ? await leaderboardArena(db, enrollment.role, exercise.id, fitArena, now).catch((error: unknown) => {
          log.error({ err: error }, "the leaderboard's arena column could not be fitted");
          return null;
        })
      : null;
  const entries = rankWithTies(rows, (row) => JSON.stringify(row.rankKeys)).map((row) => {
    const hidden = classmatesParametersHidden && row.userId !== actor.id;
    return {
      rank: row.rank,
      submissionId: row.submissionId,
      ...author(row),
      metrics: row.metrics,
      // What the order comes from, and a flag's reason (a flagged entry sits below every unflagged one).
      ranking: rankingOf(definition, row.metrics),
      // The thumbnail's data as JSON text, for the page to parse: walking 300 entries of 400 points each
      // took the answer's serializer 0.4 s of the event loop per call. Null while withheld (a preview of
      // parameters before the due date); samples always show.
      previewJson: (hidden && definition.previewShows === "parameters") || (samplesHiddenForArena && row.userId !== actor.id) ? null : row.previewJson,
      createdAt: row.createdAt,
      // Trained by the worker pool, not in the browser.
      poolRun: row.poolRun,
      // The training config the submitter sent (or the pool trained with); shown, never scored. Null while withheld.
      config: hidden ? null : row.config,
      // Its config (and a preview of parameters) withheld from this viewer until the due date.
      hiddenUntilDue: hidden,
      // The author's entry in the arena (their latest submission when it opened, maybe not this one).
      arena: arena?.byUser.get(row.userId) ?? null,
      // Staff only: other accounts with a submission identical to one of this person's.
      ...(sameAnswers ? { sameAnswerAs: sameAnswers.get(row.userId) ?? [] } : {}),
    };
  });
  return {
    exerciseId: exercise.id,
    slug: definition.slug,
    title: definition.title,
    metrics: definition.metrics,
    rankedBy: rankedBy(definition),
    rankingRule: definition.rankingRule,
    previewShows: definition.previewShows,
    dueAt,
    classmatesParametersHidden,
    samplesHiddenForArena,
    arena: arena?.summary ?? null,
    entries,
  };
}

/** For each account, the other accounts with a submission of equal content hash on this exercise (names in order). */
async function sameAnswerAccounts(db: Db, exerciseId: string) {
  const pairs = await db.$queryRaw<{ userId: string; otherId: string; otherName: string }[]>`
    SELECT DISTINCT a."userId", b."userId" AS "otherId", u.name AS "otherName"
    FROM "Submission" a
    JOIN "Submission" b ON b."exerciseId" = a."exerciseId" AND b."contentHash" = a."contentHash" AND b."userId" <> a."userId"
    JOIN "user" u ON u.id = b."userId"
    WHERE a."exerciseId" = ${exerciseId} AND a."contentHash" IS NOT NULL
    ORDER BY u.name, b."userId"`;
  const byUser = new Map<string, { userId: string; displayName: string }[]>();
  for (const p of pairs) byUser.set(p.userId, [...(byUser.get(p.userId) ?? []), { userId: p.otherId, displayName: p.otherName }]);
  return byUser;
}
