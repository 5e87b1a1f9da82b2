// The sample arena: people judge two anonymised entries' samples side by side ("which looks more
// like real data?"), and a Bradley–Terry fit of the votes rates the entries (lib/ml/arena). An
// arena is opened on one exercise of a course, by its staff or by a live session's arena round;
// its entries are fixed then: each student's latest scored, unflagged submission.
import { ARENA_LIMITS, type ArenaOutcome, type ArenaPair, type ArenaResults, type ArenaStanding } from "@/lib/arena/types";
import { arenaRating, fitArena, type ArenaFit, type ArenaFitInput } from "@/lib/ml/arena/fit";
import { kendallTauB } from "@/lib/ml/arena/kendall";
import { choosePair, pairKey } from "@/lib/ml/arena/pairs";
import { rankWithTies } from "@/lib/live/points";
import type { Db } from "../db";
import { type CourseRole, Prisma } from "../generated/prisma/client";
import { type Actor, isStaff, requireEnrollment } from "./courses";
import { DomainError, forbidden, invalid, notFound } from "./errors";
import { requireCourseExercise, requireDefinition } from "./exercises";
import { entryAuthors } from "./entry-authors";

type Tx = Prisma.TransactionClient;

/** Fits an arena's votes off the event loop: the scoring threads in the server, inline in tests. */
export type ArenaFitter = (input: ArenaFitInput) => Promise<ArenaFit>;
/** For tests and API-only servers: the same fit on the calling thread. */
export const fitArenaInline: ArenaFitter = async (input) => fitArena(input);

/** A served pair's quick fit may be this old before a new pair is chosen from a refit (the bootstrap is only for results). */
const PAIR_FIT_MAX_AGE_MS = 3000;
const FITS_CACHED = 64;

const votingClosed = () => new DomainError("CONFLICT", "Voting in this arena has closed.");

async function loadArena(db: Db | Tx, arenaId: string) {
  const arena = await db.arena.findUnique({
    where: { id: arenaId },
    include: {
      exercise: { select: { id: true, slug: true, courseId: true, course: { select: { archivedAt: true } } } },
      round: { select: { startsAt: true, endsAt: true, resultsAt: true } },
    },
  });
  if (!arena) throw notFound("There is no such arena.");
  return arena;
}

/** The arena, for a member of its course who may see its exercise. */
async function requireArenaMember(db: Db, actor: Actor, arenaId: string) {
  const arena = await loadArena(db, arenaId);
  const enrollment = await requireEnrollment(db, actor, arena.exercise.courseId);
  await requireCourseExercise(db, arena.exercise.courseId, arena.exercise.slug, enrollment.role);
  return { arena, role: enrollment.role };
}

/** Voting is open until the arena is closed (an archived course's arenas are closed), and for a round's arena only while the round runs (server clock). */
function votingOpen(
  arena: { closedAt: Date | null; round: { startsAt: Date; endsAt: Date; resultsAt: Date | null } | null; exercise?: { course: { archivedAt: Date | null } } },
  now: Date,
): boolean {
  if (arena.closedAt && arena.closedAt <= now) return false;
  if (arena.exercise?.course.archivedAt) return false;
  if (arena.round) return arena.round.startsAt <= now && now < arena.round.endsAt && !arena.round.resultsAt;
  return true;
}

// ── Opening and closing ────────────────────────────────────────────────────────────────────

/**
 * Each student's latest scored submission of the exercise that is not flagged (a flagged one, e.g.
 * copied training digits, would win on looks what it lost on honesty).
 */
async function entrantSubmissions(tx: Tx, courseId: string, exerciseId: string, sessionId?: string) {
  return tx.$queryRaw<{ submissionId: string; userId: string }[]>`
    SELECT DISTINCT ON (s."userId") s.id AS "submissionId", s."userId"
    FROM "Submission" s
      JOIN "Score" sc ON sc."submissionId" = s.id
      JOIN "Enrollment" e ON e."userId" = s."userId" AND e."courseId" = ${courseId} AND e.role = 'STUDENT'
    WHERE s."exerciseId" = ${exerciseId} AND s.status = 'SCORED' AND sc."rankKeys"[1] = 0
      AND (${sessionId ?? null}::text IS NULL OR EXISTS (SELECT 1 FROM "LiveParticipant" p WHERE p."sessionId" = ${sessionId ?? null} AND p."userId" = s."userId"))
    ORDER BY s."userId", s."createdAt" DESC, s.id DESC`;
}

/** Whether people can judge the exercise's entries by eye: its preview shows samples (points, digits, names). */
function requireArenaExercise(slug: string) {
  const definition = requireDefinition(slug);
  if (definition.previewShows !== "samples") {
    throw invalid(
      `“${definition.title}” is submitted as parameters, not samples: there is nothing to judge by eye. Choose an exercise whose entries are samples.`,
    );
  }
  return definition;
}

/**
 * Inside a transaction: a new arena with the exercise's entrants (refused below two). A live round's
 * arena takes the session's participants only: its podium names them to the session, as a timed round's does.
 */
export async function createArena(tx: Tx, input: { courseId: string; exerciseId: string; openedById: string; round?: { id: string; sessionId: string } }) {
  const entrants = await entrantSubmissions(tx, input.courseId, input.exerciseId, input.round?.sessionId);
  if (entrants.length < ARENA_LIMITS.minEntries) {
    throw new DomainError(
      "CONFLICT",
      `An arena needs scored submissions from at least ${ARENA_LIMITS.minEntries} students${input.round ? " in the session" : ""}; this exercise has ${entrants.length}.`,
    );
  }
  const arena = await tx.arena.create({ data: { exerciseId: input.exerciseId, openedById: input.openedById, roundId: input.round?.id } });
  await tx.arenaEntry.createMany({ data: entrants.map((e) => ({ arenaId: arena.id, submissionId: e.submissionId, userId: e.userId })) });
  return { arenaId: arena.id, entries: entrants.length };
}

/** The course's exercise, for an arena: students must be able to see it (or they could not vote). */
export async function requireArenaCourseExercise(db: Db, courseId: string, exerciseSlug: string) {
  const definition = requireArenaExercise(exerciseSlug);
  const exercise = await requireCourseExercise(db, courseId, exerciseSlug);
  const visible = await requireCourseExercise(db, courseId, exerciseSlug, "STUDENT").then(
    () => true,
    () => false,
  );
  if (!visible) throw new DomainError("CONFLICT", `Students cannot see “${definition.title}” yet (its module is hidden or not released): they could not vote.`);
  return exercise;
}

/** Opens an arena on the exercise (staff), or returns the one already open there. */
export async function openArena(db: Db, actor: Actor, courseId: string, exerciseSlug: string) {
  await requireEnrollment(db, actor, courseId, "staff", { write: true });
  const exercise = await requireArenaCourseExercise(db, courseId, exerciseSlug);
  return db.$transaction(async (tx) => {
    // Two staff pressing Open together get the same arena.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('arena-open'), hashtext(${exercise.id}))`;
    const open = await tx.arena.findFirst({ where: { exerciseId: exercise.id, closedAt: null, roundId: null } });
    if (open) return { arenaId: open.id, resumed: true };
    const created = await createArena(tx, { courseId, exerciseId: exercise.id, openedById: actor.id });
    return { arenaId: created.arenaId, resumed: false };
  });
}

/** Closes voting (staff); a round's arena closes with its round. */
export async function closeArena(db: Db, actor: Actor, arenaId: string, now = new Date()) {
  const arena = await loadArena(db, arenaId);
  await requireEnrollment(db, actor, arena.exercise.courseId, "staff", { write: true });
  if (arena.round) throw new DomainError("CONFLICT", "This arena belongs to a live round: it closes when the round ends.");
  await db.arena.updateMany({ where: { id: arenaId, closedAt: null }, data: { closedAt: now } });
  return { arenaId };
}

// ── What a member sees ─────────────────────────────────────────────────────────────────────

/** The exercise's arenas, newest first, with what the viewer did in each. */
export async function listArenas(db: Db, actor: Actor, courseId: string, exerciseSlug: string, now = new Date()) {
  const enrollment = await requireEnrollment(db, actor, courseId);
  const exercise = await requireCourseExercise(db, courseId, exerciseSlug, enrollment.role);
  const definition = requireDefinition(exerciseSlug);
  const arenas = await db.arena.findMany({
    where: { exerciseId: exercise.id },
    orderBy: { openedAt: "desc" },
    take: 20,
    include: {
      round: { select: { startsAt: true, endsAt: true, resultsAt: true } },
      exercise: { select: { course: { select: { archivedAt: true } } } },
      _count: { select: { entries: true } },
    },
  });
  const votes = await db.arenaMatch.groupBy({
    by: ["arenaId"],
    where: { arenaId: { in: arenas.map((a) => a.id) }, outcome: { not: null } },
    _count: { _all: true },
  });
  const mine = await db.arenaMatch.groupBy({
    by: ["arenaId"],
    where: { arenaId: { in: arenas.map((a) => a.id) }, voterId: actor.id, outcome: { not: null } },
    _count: { _all: true },
  });
  const entered = await db.arenaEntry.findMany({ where: { arenaId: { in: arenas.map((a) => a.id) }, userId: actor.id }, select: { arenaId: true } });
  const countOf = (rows: { arenaId: string; _count: { _all: number } }[], id: string) => rows.find((r) => r.arenaId === id)?._count._all ?? 0;
  return {
    exercise: { slug: definition.slug, title: definition.title, arenaPossible: definition.previewShows === "samples" },
    canManage: isStaff(enrollment.role),
    arenas: arenas.map((a) => ({
      id: a.id,
      openedAt: a.openedAt.getTime(),
      closedAt: a.closedAt?.getTime() ?? null,
      inLiveRound: a.round !== null,
      votingOpen: votingOpen(a, now),
      entries: a._count.entries,
      votes: countOf(votes, a.id),
      myVotes: countOf(mine, a.id),
      myEntryIsIn: entered.some((e) => e.arenaId === a.id),
    })),
  };
}

async function pairSides(db: Db | Tx, match: { id: string; leftEntryId: string; rightEntryId: string; servedAt: Date }): Promise<ArenaPair> {
  const previews = await db.$queryRaw<{ id: string; previewJson: string }[]>`
    SELECT e.id, sc.preview::text AS "previewJson" FROM "ArenaEntry" e JOIN "Score" sc ON sc."submissionId" = e."submissionId"
    WHERE e.id IN (${match.leftEntryId}, ${match.rightEntryId})`;
  const previewOf = (entryId: string) => previews.find((p) => p.id === entryId)?.previewJson ?? "null";
  return {
    matchId: match.id,
    left: { previewJson: previewOf(match.leftEntryId) },
    right: { previewJson: previewOf(match.rightEntryId) },
    servedAt: match.servedAt.getTime(),
  };
}

/**
 * The voter's next pair: the one served and not voted on yet (a reload shows it again), else a new
 * one from the pair chooser — never their own entry, never a pair they judged, close and uncertain
 * ratings first. Null when they have judged every pair they may.
 */
export async function nextArenaPair(db: Db, actor: Actor, arenaId: string, fitter: ArenaFitter, now = new Date()): Promise<ArenaPair | null> {
  const { arena } = await requireArenaMember(db, actor, arenaId);
  if (!votingOpen(arena, now)) throw votingClosed();
  const waiting = await db.arenaMatch.findFirst({ where: { arenaId, voterId: actor.id, outcome: null }, orderBy: { servedAt: "desc" } });
  if (waiting) return pairSides(db, waiting);
  const history = await db.arenaMatch.findMany({ where: { arenaId, voterId: actor.id }, select: { leftEntryId: true, rightEntryId: true } });
  if (history.length >= ARENA_LIMITS.votesPerVoter) {
    throw new DomainError("LIMIT_REACHED", `You have judged ${ARENA_LIMITS.votesPerVoter} pairs in this arena, the most one person may: thank you!`);
  }
  const { entries, fit } = await arenaFit(db, fitter, arenaId, { replicates: 0, maxAgeMs: PAIR_FIT_MAX_AGE_MS });
  const judged = new Set(history.map((m) => pairKey(m.leftEntryId, m.rightEntryId)));
  // Each pair once per voter: judging the same two again would only weigh one person's view twice.
  const others = entries.filter((e) => e.userId !== actor.id).length;
  if (judged.size >= (others * (others - 1)) / 2) return null;
  const chosen = choosePair({
    entries: entries.map((e) => ({ id: e.id, authorId: e.userId })),
    strengths: fit.strengths,
    uncertainty: fit.standardErrors,
    voterId: actor.id,
    judged,
    random: Math.random,
  });
  if (!chosen) return null;
  const match = await db.$transaction(async (tx) => {
    // One pair waits per voter: two tabs asking at once get the same one.
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('arena-voter'), hashtext(${`${arenaId}:${actor.id}`}))`;
    const raced = await tx.arenaMatch.findFirst({ where: { arenaId, voterId: actor.id, outcome: null } });
    return raced ?? tx.arenaMatch.create({ data: { arenaId, voterId: actor.id, leftEntryId: chosen.left, rightEntryId: chosen.right, servedAt: now } });
  });
  return pairSides(db, match);
}

/** Records the voter's judgement of a pair served to them, once. */
export async function voteInArena(db: Db, actor: Actor, matchId: string, outcome: ArenaOutcome, now = new Date()) {
  const match = await db.arenaMatch.findUnique({ where: { id: matchId } });
  // Someone else's pair is as unknown as a made-up id.
  if (!match || match.voterId !== actor.id) throw notFound("There is no such pair to vote on: ask for a new one.");
  const { arena } = await requireArenaMember(db, actor, match.arenaId);
  if (!votingOpen(arena, now)) throw votingClosed();
  if (match.outcome) throw new DomainError("CONFLICT", "You already voted on this pair.");
  if (now.getTime() - match.servedAt.getTime() < ARENA_LIMITS.minLookMs) {
    throw new DomainError("LIMIT_REACHED", `Look at both sets of samples first: a vote counts from ${ARENA_LIMITS.minLookMs / 1000} s after the pair appears.`);
  }
  // Re-checked in the write itself, so a vote racing the arena's close is refused, not counted after results were shown.
  const recorded = await db.$executeRaw`
    UPDATE "ArenaMatch" m SET outcome = ${outcome}::"ArenaOutcome", "votedAt" = ${now}
    WHERE m.id = ${matchId} AND m.outcome IS NULL AND EXISTS (
      SELECT 1 FROM "Arena" a LEFT JOIN "LiveRound" r ON r.id = a."roundId"
      WHERE a.id = m."arenaId" AND (a."closedAt" IS NULL OR a."closedAt" > ${now}) AND (r.id IS NULL OR (r."endsAt" > ${now} AND r."resultsAt" IS NULL)))`;
  if (recorded === 0) {
    const again = await db.arenaMatch.findUniqueOrThrow({ where: { id: matchId }, select: { outcome: true } });
    throw again.outcome ? new DomainError("CONFLICT", "You already voted on this pair.") : votingClosed();
  }
  return { arenaId: match.arenaId };
}

// ── Ratings ────────────────────────────────────────────────────────────────────────────────

interface EntryRow {
  id: string;
  userId: string;
  submissionId: string;
}

interface CachedFit {
  votes: number;
  at: number;
  result: Promise<{ entries: EntryRow[]; fit: ArenaFit; votes: number; voters: number }>;
}
/** Per process: a fit is redone only when the arena's vote count changed (or, for pair choosing, when older than maxAgeMs). */
const fits = new Map<string, CachedFit>();

const OUTCOME_CODES: Record<ArenaOutcome, number> = { LEFT: 0, RIGHT: 1, TIE: 2, BOTH_BAD: 2 };

/** An arena's votes as a fit's input, entries numbered in `entryIds`' order (a vote naming another entry is left out). */
function fitInput(
  entryIds: readonly string[],
  matches: readonly { leftEntryId: string; rightEntryId: string; outcome: ArenaOutcome | null }[],
  replicates: number,
  seed: number,
): ArenaFitInput {
  const index = new Map(entryIds.map((id, i) => [id, i]));
  const voted = matches.filter((m) => m.outcome && index.has(m.leftEntryId) && index.has(m.rightEntryId));
  return {
    entries: entryIds.length,
    a: Int32Array.from(voted, (m) => index.get(m.leftEntryId)!),
    b: Int32Array.from(voted, (m) => index.get(m.rightEntryId)!),
    outcome: Uint8Array.from(voted, (m) => OUTCOME_CODES[m.outcome!]),
    replicates,
    seed,
  };
}

async function arenaFit(db: Db, fitter: ArenaFitter, arenaId: string, { replicates, maxAgeMs = 0 }: { replicates: number; maxAgeMs?: number }) {
  const key = `${arenaId}:${replicates}`;
  const cached = fits.get(key);
  if (cached && Date.now() - cached.at < maxAgeMs) return cached.result;
  const votes = await db.arenaMatch.count({ where: { arenaId, outcome: { not: null } } });
  if (cached && cached.votes === votes) {
    cached.at = Date.now();
    return cached.result;
  }
  const result = (async () => {
    const entries = await db.arenaEntry.findMany({ where: { arenaId }, orderBy: { id: "asc" }, select: { id: true, userId: true, submissionId: true } });
    const matches = await db.arenaMatch.findMany({
      where: { arenaId, outcome: { not: null } },
      select: { leftEntryId: true, rightEntryId: true, outcome: true, voterId: true },
    });
    const input = fitInput(
      entries.map((e) => e.id),
      matches,
      replicates,
      hashSeed(arenaId),
    );
    return { entries, fit: await fitter(input), votes: matches.length, voters: new Set(matches.map((m) => m.voterId)).size };
  })();
  result.catch(() => fits.delete(key));
  if (fits.size >= FITS_CACHED) fits.delete(fits.keys().next().value!);
  fits.set(key, { votes, at: Date.now(), result });
  return result;
}

/** A seed from the arena's id: its bootstrap intervals are the same on every process and every call. */
function hashSeed(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

interface ScoredEntryRow {
  submissionId: string;
  name: string;
  email: string;
  userId: string;
  metrics: Record<string, number>;
  rankKeys: number[];
  previewJson: string;
}

/**
 * The entries rated and ranked both ways, with their authors' ids (callers decide what a viewer
 * sees), and Kendall's τ between the two orders. The bootstrap's intervals only once voting has
 * closed (then computed once per process); while votes still arrive, intervals from the standard
 * errors, so a refreshing results page costs one quick fit per new vote count.
 */
async function rateEntries(db: Db, arenaId: string, fitter: ArenaFitter, { final, previews }: { final: boolean; previews: boolean }) {
  const { entries, fit, votes, voters } = await arenaFit(db, fitter, arenaId, { replicates: final ? ARENA_LIMITS.bootstrapReplicates : 0 });
  const scored = await db.$queryRaw<ScoredEntryRow[]>`
    SELECT e."submissionId", e."userId", u.name, u.email, sc.metrics, sc."rankKeys", ${previews ? Prisma.sql`sc.preview::text` : Prisma.sql`'null'`} AS "previewJson"
    FROM "ArenaEntry" e JOIN "Score" sc ON sc."submissionId" = e."submissionId" JOIN "user" u ON u.id = e."userId"
    WHERE e."arenaId" = ${arenaId}
    ORDER BY sc."rankKeys" ASC, e."submissionId" ASC`;
  const metricRank = new Map(rankWithTies(scored, (r) => JSON.stringify(r.rankKeys)).map((r) => [r.submissionId, r.rank]));
  const bySubmission = new Map(scored.map((r) => [r.submissionId, r]));
  const rated = entries
    .flatMap((entry, i) => {
      const row = bySubmission.get(entry.submissionId);
      return row
        ? [
            {
              ...row,
              metricRank: metricRank.get(row.submissionId)!,
              rating: arenaRating(fit.strengths[i]),
              lower: arenaRating(fit.lower[i]),
              upper: arenaRating(fit.upper[i]),
              votes: fit.votesPerEntry[i],
            },
          ]
        : [];
    })
    .sort((a, b) => b.rating - a.rating || a.metricRank - b.metricRank)
    .map((r, k) => ({ ...r, arenaRank: k + 1 }));
  const tau =
    votes > 0 && rated.length >= 2
      ? kendallTauB(
          rated.map((r) => r.rating),
          rated.map((r) => -r.metricRank),
        )
      : Number.NaN;
  return { rated, votes, voters, tau: Number.isNaN(tau) ? null : tau };
}

/**
 * The arena's ratings (Bradley–Terry with 95% bootstrap intervals), each entry's metric rank among
 * the entries, and Kendall's τ between the two. Students see them once voting has closed (ratings
 * seen while voting would sway the votes); staff see them live.
 */
export async function getArenaResults(db: Db, actor: Actor, arenaId: string, fitter: ArenaFitter, now = new Date()): Promise<ArenaResults> {
  const { arena, role } = await requireArenaMember(db, actor, arenaId);
  const open = votingOpen(arena, now);
  if (!isStaff(role) && open) throw forbidden("The arena's results are shown once voting has closed.");
  const { rated, votes, voters, tau } = await rateEntries(db, arenaId, fitter, { final: !open, previews: true });
  const author = await entryAuthors(db, arena.exercise.courseId, actor, role);
  const standings = rated.map((r): ArenaStanding => ({
    arenaRank: r.arenaRank,
    metricRank: r.metricRank,
    rating: r.rating,
    lower: r.lower,
    upper: r.upper,
    votes: r.votes,
    ...author(r),
    metrics: r.metrics,
    previewJson: r.previewJson,
  }));
  return { arenaId, votes, voters, tau, standings, intervals: open ? "standard-errors" : "bootstrap" };
}

/** Whether people are voting on the exercise's samples now: the leaderboard then withholds classmates' thumbnails (they would tell whose entry a pair shows). */
export async function arenaVotingOn(db: Db, exerciseId: string, now = new Date()): Promise<boolean> {
  const arenas = await db.arena.findMany({
    where: { exerciseId, OR: [{ closedAt: null }, { closedAt: { gt: now } }] },
    include: { round: { select: { startsAt: true, endsAt: true, resultsAt: true } }, exercise: { select: { course: { select: { archivedAt: true } } } } },
  });
  return arenas.some((a) => votingOpen(a, now));
}

/**
 * The leaderboard's arena column: the exercise's latest arena with votes whose results the viewer
 * may see (students: voting closed), each author's rating and arena rank by user id. Null when none.
 */
export async function leaderboardArena(db: Db, role: CourseRole, exerciseId: string, fitter: ArenaFitter, now = new Date()) {
  const arenas = await db.arena.findMany({
    where: { exerciseId, matches: { some: { outcome: { not: null } } } },
    orderBy: { openedAt: "desc" },
    take: 5,
    include: { round: { select: { startsAt: true, endsAt: true, resultsAt: true } } },
  });
  const arena = arenas.find((a) => isStaff(role) || !votingOpen(a, now));
  if (!arena) return null;
  const open = votingOpen(arena, now);
  const { rated, votes, tau } = await rateEntries(db, arena.id, fitter, { final: !open, previews: false });
  return {
    summary: { arenaId: arena.id, openedAt: arena.openedAt, votingOpen: open, votes, entries: rated.length, tau },
    byUser: new Map(rated.map((r) => [r.userId, { rating: r.rating, lower: r.lower, upper: r.upper, arenaRank: r.arenaRank }])),
  };
}

/**
 * A live arena round's standings once it closed: the entries by their rating (ties share a rank),
 * each with its exercise metrics and `arenaRating`. Fitted here, without the bootstrap (a few
 * milliseconds for a lecture hall's votes), once per process: closed rounds' standings are cached.
 */
export async function arenaStandings(db: Db | Tx, arenaId: string) {
  const entries = await db.$queryRaw<{ id: string; userId: string; name: string; submissionId: string; metrics: Record<string, number> }[]>`
    SELECT e.id, e."userId", u.name, e."submissionId", sc.metrics
    FROM "ArenaEntry" e JOIN "Score" sc ON sc."submissionId" = e."submissionId" JOIN "user" u ON u.id = e."userId"
    WHERE e."arenaId" = ${arenaId} ORDER BY e.id`;
  const matches = await db.arenaMatch.findMany({
    where: { arenaId, outcome: { not: null } },
    select: { leftEntryId: true, rightEntryId: true, outcome: true },
  });
  const input = fitInput(
    entries.map((e) => e.id),
    matches,
    0,
    0,
  );
  // No votes, no ranking: every entry would tie at the top.
  if (input.a.length === 0) return [];
  const fit = fitArena(input);
  const rated = entries
    .map((e, i) => ({ userId: e.userId, name: e.name, submissionId: e.submissionId, metrics: { ...e.metrics, arenaRating: arenaRating(fit.strengths[i]) } }))
    .sort((a, b) => b.metrics.arenaRating - a.metrics.arenaRating);
  return rankWithTies(rated, (r) => r.metrics.arenaRating.toFixed(6));
}
