/**
 * Exercises whose held-out set a course may replace with its instructor's own, and whose held-out set
 * (the default or the course's) is split into a public part, ranked live, and a private part, shown
 * after the due date (Kaggle's public and private leaderboards). Browser-safe: formats, limits and
 * the split rule in words; the rows, their parsing and the split itself are server-only
 * (server/services/heldout.ts).
 */

/** What one entry of the held-out file is; it decides the parser and how the set is split. */
export type HeldoutEntryKind = "points" | "numbers" | "symbols" | "names";

export interface CourseHeldoutFormat {
  kind: HeldoutEntryKind;
  /** The file's shape in words. */
  format: string;
  /** A small valid file. */
  example: string;
  /** What one entry is, in words ("penguin", "day"). */
  entry: { one: string; many: string };
  /** Most entries a file may hold (names cost more to score than numbers). */
  maxEntries: number;
}

/** Largest held-out file, checked before it is parsed. */
export const HELDOUT_UPLOAD_MAX_BYTES = 1024 * 1024;
/** Each part of the split needs an entry. */
export const HELDOUT_MIN_ENTRIES = 2;
/** Entries of points, numbers and weather days a file may hold (lib/datasets/heldout-input.ts's own cap). */
const MAX_ENTRIES = 100_000;
/** A transformer's bits per character cost far more per entry than a density: about 6× the default 842 test names. */
const MAX_NAMES = 5_000;

const PENGUIN_POINTS: CourseHeldoutFormat = {
  kind: "points",
  format: "A JSON array of [beak length, flipper length] pairs in millimetres.",
  example: "[[39.1, 181], [46.5, 210], [50.0, 195]]",
  entry: { one: "penguin", many: "penguins" },
  maxEntries: MAX_ENTRIES,
};

export const COURSE_HELDOUT: Readonly<Record<string, CourseHeldoutFormat>> = {
  "mle-gaussian": PENGUIN_POINTS,
  "gmm-em": PENGUIN_POINTS,
  "kde-bandwidth": {
    kind: "numbers",
    format: "A JSON array of body masses in kilograms.",
    example: "[3.75, 4.2, 5.05]",
    entry: { one: "penguin", many: "penguins" },
    maxEntries: MAX_ENTRIES,
  },
  "hmm-weather": {
    kind: "symbols",
    format: 'A JSON array of daily weather symbols, in calendar order: each one of "sun", "rain", "fog", "drizzle", "snow".',
    example: '["sun", "sun", "rain", "drizzle", "fog"]',
    entry: { one: "day", many: "days" },
    maxEntries: MAX_ENTRIES,
  },
  "ar-names": {
    kind: "names",
    format: 'A JSON array of first names using the letters a–z and "-" (upper case is lowered).',
    example: '["emma", "olivia", "jean-luc"]',
    entry: { one: "name", many: "names" },
    maxEntries: MAX_NAMES,
  },
};

export function courseHeldoutFormat(slug: string): CourseHeldoutFormat | undefined {
  return COURSE_HELDOUT[slug];
}

/**
 * How a set is split into its parts, in words. Order matters only for the weather: the HMM scores
 * transitions from day to day, so its parts are runs of days rather than random days.
 */
export function splitRuleText(kind: HeldoutEntryKind): string {
  return kind === "symbols"
    ? "the days are cut into four-week stretches, and in each the course's secret key makes one two-week half public and the other private; each part is scored on its own days, the other part's days counting as unobserved"
    : "a random half, drawn with the course's secret key (different for each exercise), is public";
}

/** What the instructor's page shows of an uploaded set: counts and a few statistics, never entries. */
export type HeldoutSummary =
  | { kind: "points"; mean: [number, number]; sd: [number, number] }
  | { kind: "numbers"; mean: number; sd: number }
  | { kind: "symbols"; counts: Record<string, number> }
  | { kind: "names"; distinct: number; meanLength: number };
