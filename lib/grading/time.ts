/**
 * Wall-clock time in a course's time zone, with Intl.DateTimeFormat only (isomorphic, no date
 * library): due dates are entered and shown as local times, stored and compared as instants.
 * Across a daylight-saving change a local "day" is 23 or 25 hours long; these functions keep the
 * wall-clock time and let the number of hours follow.
 */

/** Local date-time fields, as numbers; month 1–12. */
interface LocalFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const LOCAL_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const partsFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * One formatter per zone (they are costly to build), cached under the zone's canonical name so
 * spellings such as "eUrOpE/bErLiN" do not each add one; throws a RangeError for an unknown zone.
 */
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = partsFormatters.get(timeZone);
  if (!formatter) {
    const canonical = canonicalTimeZone(timeZone);
    formatter = partsFormatters.get(canonical);
    if (formatter) return formatter;
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      // h23: some engines write midnight as "24" with hour12: false.
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partsFormatters.set(canonical, formatter);
  }
  return formatter;
}

/** The zone's canonical name ("europe/berlin" → "Europe/Berlin"); throws a RangeError for an unknown zone. */
export function canonicalTimeZone(timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { timeZone }).resolvedOptions().timeZone;
}

export function isValidTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === "") return false;
  try {
    partsFormatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

function requireTimeZone(timeZone: string): void {
  if (!isValidTimeZone(timeZone)) throw new Error(`"${timeZone}" is not a known time zone (use an IANA name such as Europe/Berlin).`);
}

/** The wall-clock fields of an instant in a zone (seconds included, milliseconds dropped). */
function localFields(instant: number, timeZone: string): LocalFields {
  const fields: Record<string, number> = {};
  for (const part of partsFormatter(timeZone).formatToParts(instant)) {
    if (part.type !== "literal") fields[part.type] = Number(part.value);
  }
  return { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute, second: fields.second };
}

/** The fields read as if they were UTC: the "naive" instant that offsets are measured from. */
function naiveUtc(fields: LocalFields): number {
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(fields.year, fields.month - 1, fields.day);
  date.setUTCHours(fields.hour, fields.minute, fields.second, 0);
  return date.getTime();
}

/** Zone offset (local minus UTC) in ms at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const wholeSecond = instant - (((instant % 1000) + 1000) % 1000);
  return naiveUtc(localFields(wholeSecond, timeZone)) - wholeSecond;
}

/**
 * The instant of local fields in a zone. An offset in force a day before or a day after is tried
 * (no zone changes its offset twice within two days): a wall time that exists under one or both is
 * taken at its earlier instant (a fall-back overlap); one that exists under neither lies in a
 * spring-forward gap and is read with the offset from before the gap, which moves it forward by
 * the gap's length (02:30 becomes 03:30 when clocks jump from 02:00 to 03:00).
 */
function fieldsToInstant(fields: LocalFields, timeZone: string): number {
  const naive = naiveUtc(fields);
  const offsetBefore = offsetAt(naive - DAY_MS, timeZone);
  const offsetAfter = offsetAt(naive + DAY_MS, timeZone);
  const matches = [naive - offsetBefore, naive - offsetAfter].filter((instant) => naiveUtc(localFields(instant, timeZone)) === naive);
  return matches.length > 0 ? Math.min(...matches) : naive - offsetBefore;
}

function parseLocal(local: string): LocalFields {
  const match = LOCAL_PATTERN.exec(local);
  const problem = `"${local}" is not a local date and time like 2026-12-11T23:59`;
  if (!match) throw new Error(`${problem}.`);
  const [year, month, day, hour, minute] = match.slice(1, 6).map(Number);
  const second = match[6] === undefined ? 0 : Number(match[6]);
  if (month < 1 || month > 12) throw new Error(`${problem}: there is no month ${month}.`);
  // A day past the month's end would roll over into the next month.
  const date = new Date(naiveUtc({ year, month, day, hour: 0, minute: 0, second: 0 }));
  if (day < 1 || date.getUTCDate() !== day) throw new Error(`${problem}: month ${month} of ${year} has no day ${day}.`);
  if (hour > 23 || minute > 59 || second > 59) throw new Error(`${problem}: the time must be between 00:00 and 23:59:59.`);
  return { year, month, day, hour, minute, second };
}

/**
 * The instant at which clocks in `timeZone` show `local` ("YYYY-MM-DDTHH:mm", seconds optional).
 * A time skipped by a spring-forward change moves forward by the gap; a time shown twice by a
 * fall-back change is its first occurrence. Throws a readable Error for malformed input.
 */
export function zonedLocalToUtc(local: string, timeZone: string): Date {
  requireTimeZone(timeZone);
  return new Date(fieldsToInstant(parseLocal(local), timeZone));
}

const pad = (value: number, width = 2) => String(value).padStart(width, "0");

/** The wall-clock time of an instant in a zone, "YYYY-MM-DDTHH:mm" (seconds dropped). */
export function utcToZonedLocal(instant: Date, timeZone: string): string {
  requireTimeZone(timeZone);
  const f = localFields(instant.getTime(), timeZone);
  return `${pad(f.year, 4)}-${pad(f.month)}-${pad(f.day)}T${pad(f.hour)}:${pad(f.minute)}`;
}

/**
 * The same wall-clock time `days` calendar days later (earlier when negative) in the zone: across
 * a daylight-saving change that is 23 or 25 hours per day crossed, not 24.
 */
export function addLocalDays(instant: Date, days: number, timeZone: string): Date {
  if (!Number.isInteger(days)) throw new RangeError(`days must be a whole number, got ${days}.`);
  requireTimeZone(timeZone);
  const time = instant.getTime();
  const milliseconds = ((time % 1000) + 1000) % 1000;
  const fields = localFields(time, timeZone);
  // Day overflow (31 + 1) is normalised by Date arithmetic on the naive instant.
  const shifted = new Date(naiveUtc(fields) + days * DAY_MS);
  const target: LocalFields = {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: fields.hour,
    minute: fields.minute,
    second: fields.second,
  };
  return new Date(fieldsToInstant(target, timeZone) + milliseconds);
}

const displayFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * A due date for people: "Fri 11 Dec 2026, 23:59 (Europe/Berlin)", in en-GB order. The names come
 * from en-US, whose short months are the same in every ICU version (en-GB's September changed
 * from "Sep" to "Sept").
 */
export function formatZoned(instant: Date, timeZone: string): string {
  requireTimeZone(timeZone);
  let formatter = displayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      weekday: "short",
      day: "numeric",
      month: "short",
      year: "numeric",
      hour: "2-digit",
      minute: "2-digit",
    });
    displayFormatters.set(timeZone, formatter);
  }
  const parts: Record<string, string> = {};
  for (const part of formatter.formatToParts(instant)) parts[part.type] = part.value;
  return `${parts.weekday} ${parts.day} ${parts.month} ${parts.year}, ${parts.hour}:${parts.minute} (${timeZone})`;
}
