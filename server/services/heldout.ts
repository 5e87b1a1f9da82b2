// Courses' held-out data (lib/course/heldout.ts): an instructor may upload the course's own
// set for an exercise; either that or the registry's default set is split by the course's secret key
// (Course.heldoutSecret) into a public part, which the live leaderboard ranks, and a private part,
// whose metrics each score keeps (Score.privateMetrics) and students see after the due date. The rows
// and the secret never leave the server: pages get counts, the split rule in words and, for
// instructors, a few summary statistics.
import { createCipheriv, createHmac } from "node:crypto";
import { HeldoutInputError, parseHeldoutNumbers, parseHeldoutPoints, parseHeldoutSymbols } from "@/lib/datasets/heldout-input";
import { loadBodyMassHeldout, loadPenguinHeldout, loadWeatherHeldout } from "@/lib/datasets/heldout";
import { loadNames } from "@/lib/datasets/names";
import { WEATHER_SYMBOLS } from "@/lib/datasets/seattle-weather";
import { parseHeldoutNames } from "@/exercises/ar-names/server";
import {
  COURSE_HELDOUT,
  type CourseHeldoutFormat,
  HELDOUT_MIN_ENTRIES,
  HELDOUT_UPLOAD_MAX_BYTES,
  type HeldoutEntryKind,
  type HeldoutSummary,
  splitRuleText,
} from "@/lib/course/heldout";
import type { ScoringContext } from "@/lib/exercises/types";
import type { Db } from "../db";
import { Prisma } from "../generated/prisma/client";
import type { Scorer } from "../scoring/pool";
import { type Actor, requireEnrollment } from "./courses";
import { DomainError, invalid, notFound } from "./errors";
import { exerciseDueDate, requireCourseExercise, requireDefinition } from "./exercises";

/** Share of a held-out set that is public (ranked live). */
export const HELDOUT_PUBLIC_FRACTION = 0.5;
/** The weather's split: stretches of two blocks of about this many days, one block of each public. */
export const WEATHER_SPLIT_BLOCK_DAYS = 14;

/** Validates a parsed file into rows in the exercise's held-out format (what scoreWithHeldout reads); throws HeldoutInputError. */
const PARSERS: Record<HeldoutEntryKind, (json: unknown) => unknown[]> = {
  points: (json) => parseHeldoutPoints(json).map(([x, y]) => [x, y]),
  numbers: parseHeldoutNumbers,
  symbols: (json) => parseHeldoutSymbols(json).map((i) => WEATHER_SYMBOLS[i]),
  names: parseHeldoutNames,
};

/** The registry's own held-out rows, in the same format. */
const DEFAULT_ROWS: Record<string, () => readonly unknown[]> = {
  "mle-gaussian": loadPenguinHeldout,
  "gmm-em": loadPenguinHeldout,
  "kde-bandwidth": loadBodyMassHeldout,
  "hmm-weather": () => loadWeatherHeldout().map((i) => WEATHER_SYMBOLS[i]),
  "ar-names": () => loadNames().test,
};

function requireHeldoutFormat(slug: string): CourseHeldoutFormat {
  const format = COURSE_HELDOUT[slug];
  if (!format) throw notFound(`"${slug}" has no held-out data that a course can replace.`);
  return format;
}

export interface HeldoutParts<T = unknown> {
  public: T[];
  private: T[];
}

/**
 * `bytes` pseudo-random bytes for an exercise's split: AES-256-CTR under the exercise's own key,
 * HMAC-SHA256 of its slug under the course's secret. Without the secret they cannot be recomputed
 * from any score, and one exercise's split says nothing of another's, even on the same data. (One
 * stream, not a hash per row: 100,000 rows take milliseconds, not most of a second.)
 */
function splitStream(secret: Uint8Array, slug: string, bytes: number): Buffer {
  const exerciseKey = createHmac("sha256", secret).update(slug).digest();
  return createCipheriv("aes-256-ctr", exerciseKey, Buffer.alloc(16)).update(Buffer.alloc(bytes));
}

/**
 * The public and private parts of an exercise's held-out set: disjoint, together the whole set, the
 * same for the same secret and exercise. Points, numbers and names: each row draws 64 bits from the
 * stream, and the half that sorts first is public. The weather is a sequence whose transitions the
 * HMM scores: it is cut into stretches of two blocks of about two weeks, and in each stretch a bit of
 * the stream makes one block public and the other private, so both parts span every season. Each
 * part keeps the whole calendar, with null for the other part's days: the HMM sums over their weather
 * (exercises/hmm-weather), so a part is scored on the days it holds, with no false transition
 * where blocks would meet.
 */
export function splitHeldoutRows<T>(kind: HeldoutEntryKind, rows: readonly T[], secret: Uint8Array, slug: string): HeldoutParts<T | null> {
  if (kind === "symbols") {
    const stretches = Math.max(1, Math.round(rows.length / (2 * WEATHER_SPLIT_BLOCK_DAYS)));
    const blocks = 2 * stretches;
    const stream = splitStream(secret, slug, stretches);
    const isPublic = (day: number) => {
      const block = Math.floor((day * blocks) / rows.length);
      const firstBlockPublic = (stream[block >> 1] & 1) === 0;
      return firstBlockPublic === (block % 2 === 0);
    };
    return { public: rows.map((row, day) => (isPublic(day) ? row : null)), private: rows.map((row, day) => (isPublic(day) ? null : row)) };
  }
  const stream = splitStream(secret, slug, 8 * rows.length);
  const high = (i: number) => stream.readUInt32BE(8 * i);
  const low = (i: number) => stream.readUInt32BE(8 * i + 4);
  const order = rows.map((_, i) => i).sort((a, b) => high(a) - high(b) || low(a) - low(b) || a - b);
  const publicIndices = new Set(order.slice(0, Math.round(rows.length * HELDOUT_PUBLIC_FRACTION)));
  return { public: rows.filter((_, i) => publicIndices.has(i)), private: rows.filter((_, i) => !publicIndices.has(i)) };
}

/** Entries in a part: the weather's parts hold null for the other part's days. */
export const partEntries = (part: readonly unknown[]) => part.filter((row) => row !== null).length;

export interface CourseHeldout extends HeldoutParts {
  source: "default" | "uploaded";
}

/**
 * Split sets by course exercise, tagged with what they were made from (secret, upload), so a
 * submission costs one small query until the set is replaced; a few courses' sets at most.
 */
const partsCache = new Map<string, { stamp: string; parts: CourseHeldout }>();
const PARTS_CACHE_SIZE = 32;

/** The course's held-out set for an exercise, split; null for exercises without held-out data. */
export async function courseHeldoutParts(db: Db, exercise: { id: string; slug: string }): Promise<CourseHeldout | null> {
  const format = COURSE_HELDOUT[exercise.slug];
  if (!format) return null;
  const stampOf = (secret: Uint8Array, upload: { id: string; uploadedAt: Date } | null) =>
    `${Buffer.from(secret).toString("hex")}:${upload ? `${upload.id}@${upload.uploadedAt.getTime()}` : "default"}`;
  const current = await db.exercise.findUniqueOrThrow({
    where: { id: exercise.id },
    select: { course: { select: { heldoutSecret: true } }, heldoutSet: { select: { id: true, uploadedAt: true } } },
  });
  const cached = partsCache.get(exercise.id);
  if (cached && cached.stamp === stampOf(current.course.heldoutSecret, current.heldoutSet)) return cached.parts;

  // Read again with the rows: the stamp stored is the one these rows came with, even if the set changed meanwhile.
  const fresh = await db.exercise.findUniqueOrThrow({
    where: { id: exercise.id },
    select: { course: { select: { heldoutSecret: true } }, heldoutSet: { select: { id: true, uploadedAt: true, rows: true } } },
  });
  const secret = fresh.course.heldoutSecret;
  const rows = fresh.heldoutSet ? (fresh.heldoutSet.rows as unknown[]) : DEFAULT_ROWS[exercise.slug]();
  const parts: CourseHeldout = { source: fresh.heldoutSet ? "uploaded" : "default", ...splitHeldoutRows(format.kind, rows, secret, exercise.slug) };
  partsCache.delete(exercise.id);
  partsCache.set(exercise.id, { stamp: stampOf(secret, fresh.heldoutSet), parts });
  if (partsCache.size > PARTS_CACHE_SIZE) partsCache.delete(partsCache.keys().next().value!);
  return parts;
}

/**
 * A submission's metrics on the course's held-out parts: `metrics` on the public part (the live
 * leaderboard), `privateMetrics` on the private one. Exercises without held-out data are scored as
 * before, with null private metrics.
 */
export async function scoreOnCourseHeldout(db: Db, score: Scorer, exercise: { id: string; slug: string }, submission: unknown, context?: ScoringContext) {
  const parts = await courseHeldoutParts(db, exercise);
  if (!parts) return { metrics: await score(exercise.slug, submission, context), privateMetrics: null };
  const [metrics, privateMetrics] = await Promise.all([
    score(exercise.slug, submission, { ...context, heldout: parts.public }),
    score(exercise.slug, submission, { ...context, heldout: parts.private }),
  ]);
  return { metrics, privateMetrics };
}

/** Private metrics are shown to students from the exercise's due date on (never when it has none). */
export function privateRevealed(revealAt: Date | null, now: Date): boolean {
  return revealAt !== null && now >= revealAt;
}

// ── What pages get ──────────────────────────────────────────────────────────────────────────

/**
 * For the exercise page: which data the course scores on (the default set or the instructor's),
 * how many entries each part has and when the private part's results are shown.
 */
export async function describeCourseHeldout(db: Db, actor: Actor, courseId: string, slug: string, now = new Date()) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  const format = requireHeldoutFormat(slug);
  const exercise = await requireCourseExercise(db, courseId, slug, enrollment.role);
  const [parts, revealAt] = await Promise.all([courseHeldoutParts(db, exercise), exerciseDueDate(db, exercise)]);
  return {
    slug,
    source: parts!.source,
    entry: format.entry,
    publicEntries: partEntries(parts!.public),
    privateEntries: partEntries(parts!.private),
    splitRule: splitRuleText(format.kind),
    revealAt,
    privateRevealed: privateRevealed(revealAt, now),
  };
}

const uploadSelect = { count: true, summary: true, uploadedAt: true, uploadedBy: { select: { name: true } } } satisfies Prisma.HeldoutSetSelect;

function describeUpload(set: Prisma.HeldoutSetGetPayload<{ select: typeof uploadSelect }> | null) {
  return set && { count: set.count, summary: set.summary as HeldoutSummary, uploadedAt: set.uploadedAt, uploadedBy: set.uploadedBy?.name ?? null };
}

/** Instructors: each exercise with held-out data, its default set's size, the upload that replaces it (a summary) and how many submissions were scored so far. */
export async function listHeldoutSets(db: Db, actor: Actor, courseId: string) {
  await requireEnrollment(db, actor, courseId, "instructor");
  const exercises = await db.exercise.findMany({
    where: { courseId, slug: { in: Object.keys(COURSE_HELDOUT) } },
    select: { slug: true, heldoutSet: { select: uploadSelect }, _count: { select: { submissions: true } } },
  });
  const bySlug = new Map(exercises.map((e) => [e.slug, e]));
  return Object.keys(COURSE_HELDOUT).flatMap((slug) => {
    const exercise = bySlug.get(slug);
    if (!exercise) return [];
    return [
      {
        slug,
        title: requireDefinition(slug).title,
        defaultEntries: DEFAULT_ROWS[slug]().length,
        uploaded: describeUpload(exercise.heldoutSet),
        submissions: exercise._count.submissions,
      },
    ];
  });
}

/**
 * Instructors: replaces the exercise's held-out set with the file's (JSON text). Its size is checked
 * before it is parsed; its entries are validated as `genlab score --heldout` validates them. Scores
 * already stored keep the data they were scored on.
 */
export async function uploadHeldoutSet(db: Db, actor: Actor, courseId: string, slug: string, json: string) {
  await requireEnrollment(db, actor, courseId, "instructor", { write: true });
  const format = requireHeldoutFormat(slug);
  const exercise = await requireCourseExercise(db, courseId, slug);
  const bytes = Buffer.byteLength(json);
  if (bytes > HELDOUT_UPLOAD_MAX_BYTES) {
    throw new DomainError("TOO_LARGE", `The file is ${Math.ceil(bytes / 1024)} KB; a held-out file may be at most ${HELDOUT_UPLOAD_MAX_BYTES / 1024} KB.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw invalid(`The file is not valid JSON. ${format.format} For example: ${format.example}`);
  }
  if (Array.isArray(value) && value.length > format.maxEntries) {
    throw invalid(
      `The file has ${value.length} entries; at most ${format.maxEntries.toLocaleString("en-US")} ${format.entry.many} are accepted for this exercise.`,
    );
  }
  let rows: unknown[];
  try {
    rows = PARSERS[format.kind](value);
  } catch (error) {
    if (error instanceof HeldoutInputError) throw invalid(`${error.message} ${format.format}`);
    throw error;
  }
  if (rows.length < HELDOUT_MIN_ENTRIES) {
    throw invalid(
      `The file has ${rows.length} ${rows.length === 1 ? format.entry.one : format.entry.many}; at least ${HELDOUT_MIN_ENTRIES} are needed, one for each part (public and private).`,
    );
  }
  const data = {
    rows: rows as Prisma.InputJsonValue,
    count: rows.length,
    summary: summarize(format.kind, rows) as Prisma.InputJsonValue,
    uploadedById: actor.id,
    uploadedAt: new Date(),
  };
  const stored = await db.heldoutSet.upsert({
    where: { exerciseId: exercise.id },
    create: { exerciseId: exercise.id, ...data },
    update: data,
    select: uploadSelect,
  });
  return { slug, uploaded: describeUpload(stored)! };
}

/** Instructors: back to the registry's default held-out set. */
export async function removeHeldoutSet(db: Db, actor: Actor, courseId: string, slug: string) {
  await requireEnrollment(db, actor, courseId, "instructor", { write: true });
  requireHeldoutFormat(slug);
  const exercise = await requireCourseExercise(db, courseId, slug);
  const { count } = await db.heldoutSet.deleteMany({ where: { exerciseId: exercise.id } });
  return { slug, removed: count > 0 };
}

/** Four significant digits: enough to recognise one's own data, no entry's exact value. */
const roughly = (v: number) => Number(v.toPrecision(4));

function meanAndSd(values: number[]): [number, number] {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / values.length;
  return [roughly(mean), roughly(Math.sqrt(variance))];
}

function summarize(kind: HeldoutEntryKind, rows: unknown[]): HeldoutSummary {
  switch (kind) {
    case "points": {
      const points = rows as [number, number][];
      const [mx, sx] = meanAndSd(points.map((p) => p[0]));
      const [my, sy] = meanAndSd(points.map((p) => p[1]));
      return { kind, mean: [mx, my], sd: [sx, sy] };
    }
    case "numbers": {
      const [mean, sd] = meanAndSd(rows as number[]);
      return { kind, mean, sd };
    }
    case "symbols":
      return { kind, counts: Object.fromEntries(WEATHER_SYMBOLS.map((s) => [s, (rows as string[]).filter((r) => r === s).length])) };
    case "names": {
      const names = rows as string[];
      return { kind, distinct: new Set(names).size, meanLength: roughly(names.reduce((s, n) => s + n.length, 0) / names.length) };
    }
  }
}
