// The class picture: every student's latest samples of a live session's round at once, for the
// instructor's console — 2-D samples overlaid as one density beside the target, digits as a grid of
// one sample per student sorted by the metric. During a round the console adds the students' live
// training thumbnails (the grid's tiles) for those who have not submitted yet.
import type { ClassPicture, ClassPictureStudent } from "@/lib/live/class-picture";
import { CLASS_PICTURE_POINTS } from "@/lib/live/class-picture";
import { rankWithTies } from "@/lib/live/points";
import { DIGIT_PIXELS } from "@/lib/ml/datasets/digits";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import { isStaff, type Actor, requireEnrollment } from "./courses";
import { forbidden, notFound } from "./errors";
import { requireDefinition } from "./exercises";

interface Row {
  userId: string;
  name: string;
  metrics: Record<string, number>;
  rankKeys: number[];
  /** The preview's first CLASS_PICTURE_POINTS samples (2-D exercises), cut in SQL: a class's previews are never parsed whole here. */
  points: unknown;
  /** The base64 of the preview's first digit (digit exercises). */
  digit: string | null;
}

// 784 bytes are 1,045⅓ base64 characters: the whole quads that cover them.
const DIGIT_BASE64_CHARS = Math.ceil(DIGIT_PIXELS / 3) * 4;
const PREVIEW_CUTS = Prisma.sql`
  CASE WHEN jsonb_typeof(sc.preview) = 'array' THEN jsonb_path_query_array(sc.preview, ${`$[0 to ${CLASS_PICTURE_POINTS - 1}]`}::jsonpath) END AS points,
  left(sc.preview -> 'digits' ->> 'data', ${DIGIT_BASE64_CHARS}) AS digit`;

const round2 = (v: number) => Math.round(v * 100) / 100;

/** Flattened [x0, y0, x1, y1, …] and rounded: a few hundred bytes per student. */
function flattenPoints(points: unknown): number[] | null {
  if (!Array.isArray(points)) return null;
  const flat: number[] = [];
  for (const p of points) if (Array.isArray(p) && Number.isFinite(p[0]) && Number.isFinite(p[1])) flat.push(round2(p[0]), round2(p[1]));
  return flat;
}

/**
 * The session's latest round, each student's latest scored submission in it (an arena round: its
 * entries), ranked by the exercise's rule. Null before any round. Staff only.
 */
export async function getClassPicture(db: Db, actor: Actor, sessionId: string): Promise<ClassPicture | null> {
  const session = await db.liveSession.findUnique({ where: { id: sessionId }, select: { courseId: true } });
  if (!session) throw notFound("There is no such live session.");
  const enrollment = await requireEnrollment(db, actor, session.courseId);
  if (!isStaff(enrollment.role)) throw forbidden("Only the course's instructors and teaching assistants see the class picture.");
  const round = await db.liveRound.findFirst({
    where: { sessionId },
    orderBy: { startsAt: "desc" },
    select: { id: true, exercise: { select: { slug: true } }, arena: { select: { id: true } } },
  });
  if (!round) return null;
  const rows = round.arena
    ? await db.$queryRaw<Row[]>`
        SELECT e."userId", u.name, sc.metrics, sc."rankKeys", ${PREVIEW_CUTS}
        FROM "ArenaEntry" e JOIN "Score" sc ON sc."submissionId" = e."submissionId" JOIN "user" u ON u.id = e."userId"
        WHERE e."arenaId" = ${round.arena.id}
        ORDER BY sc."rankKeys" ASC, e."userId"`
    : await db.$queryRaw<Row[]>`
        SELECT * FROM (
          SELECT DISTINCT ON (s."userId") s."userId", u.name, sc.metrics, sc."rankKeys", ${PREVIEW_CUTS}
          FROM "Submission" s JOIN "Score" sc ON sc."submissionId" = s.id JOIN "user" u ON u.id = s."userId"
            JOIN "LiveParticipant" p ON p."sessionId" = ${sessionId} AND p."userId" = s."userId"
          WHERE s."roundId" = ${round.id}
          ORDER BY s."userId", s."createdAt" DESC, s.id DESC
        ) last
        ORDER BY last."rankKeys" ASC, last."userId"`;
  const definition = requireDefinition(round.exercise.slug);
  const metric = definition.rankedBy[0];
  const students = rankWithTies(rows, (r) => JSON.stringify(r.rankKeys)).map((r): ClassPictureStudent => ({
    userId: r.userId,
    name: r.name,
    rank: r.rank,
    metric: typeof r.metrics[metric] === "number" ? r.metrics[metric] : null,
    points: flattenPoints(r.points),
    digit: r.digit,
  }));
  return { roundId: round.id, exerciseSlug: definition.slug, metricKey: metric, students };
}
