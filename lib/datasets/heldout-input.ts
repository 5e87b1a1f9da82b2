/**
 * Caller-supplied held-out sets (`genlab score <slug> <file> --heldout <data.json>`): pure
 * validation with messages that say what is wrong and where.
 *   2-D exercises:  [[x, y], …]            (beak length, flipper length in mm)
 *   kde-bandwidth:  [x, …]                  (body mass in kg)
 *   hmm-weather:    ["sun", "rain", …]      (one symbol per day, in order; for scoring, null: a day not observed)
 */
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { WEATHER_SYMBOLS, weatherSymbolIndex } from "./seattle-weather";

export class HeldoutInputError extends Error {
  override name = "HeldoutInputError";
}

/** Most entries a held-out file may hold. */
export const HELDOUT_MAX_ENTRIES = 100_000;
/** Largest |value| accepted, so that every score stays finite. */
export const HELDOUT_VALUE_LIMIT = 1e6;

function show(v: unknown): string {
  const s = JSON.stringify(v);
  return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}…` : s;
}

function requireList(json: unknown, example: string): unknown[] {
  if (!Array.isArray(json)) throw new HeldoutInputError(`The held-out file must be a JSON array, like ${example}.`);
  if (json.length === 0) throw new HeldoutInputError("The held-out file is an empty array; it needs at least one entry.");
  if (json.length > HELDOUT_MAX_ENTRIES)
    throw new HeldoutInputError(`The held-out file has ${json.length} entries; at most ${HELDOUT_MAX_ENTRIES} are accepted.`);
  return json;
}

const okNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && Math.abs(v) <= HELDOUT_VALUE_LIMIT;

export function parseHeldoutPoints(json: unknown): Vec2[] {
  return requireList(json, "[[39.1, 181], [46.5, 210]]").map((p, i) => {
    if (!Array.isArray(p) || p.length !== 2 || !okNumber(p[0]) || !okNumber(p[1])) {
      throw new HeldoutInputError(`Held-out entry ${i + 1} must be a pair [x, y] of finite numbers within ±${HELDOUT_VALUE_LIMIT}; it is ${show(p)}.`);
    }
    return [p[0], p[1]] as const;
  });
}

export function parseHeldoutNumbers(json: unknown): number[] {
  return requireList(json, "[3.75, 4.2, 5.05]").map((v, i) => {
    if (!okNumber(v)) throw new HeldoutInputError(`Held-out entry ${i + 1} must be a finite number within ±${HELDOUT_VALUE_LIMIT}; it is ${show(v)}.`);
    return v;
  });
}

const SYMBOLS_EXAMPLE = '["sun", "rain", "fog"]';

function symbolIndex(v: unknown, i: number): number {
  if (typeof v !== "string" || !(WEATHER_SYMBOLS as readonly string[]).includes(v)) {
    throw new HeldoutInputError(`Held-out entry ${i + 1} is ${show(v)}; each entry must be one of ${WEATHER_SYMBOLS.map((s) => `"${s}"`).join(", ")}.`);
  }
  return weatherSymbolIndex(v);
}

/** Weather symbol names → indices in WEATHER_SYMBOLS. */
export function parseHeldoutSymbols(json: unknown): number[] {
  return requireList(json, SYMBOLS_EXAMPLE).map(symbolIndex);
}

/**
 * The days an HMM is scored on: symbols as parseHeldoutSymbols reads them, and null for a day not
 * observed, whose weather the forward algorithm sums over (a course's split leaves the other part's
 * days so). At least one day must be observed.
 */
export function parseHeldoutDays(json: unknown): (number | null)[] {
  const days = requireList(json, SYMBOLS_EXAMPLE).map((v, i) => (v === null ? null : symbolIndex(v, i)));
  if (!days.some((day) => day !== null)) throw new HeldoutInputError("Every day of the held-out file is null; at least one needs its weather.");
  return days;
}
