// lib/grading/time.ts against instants worked out by hand from the 2026 transitions:
// Europe/Berlin springs forward 2026-03-29 01:00 UTC (02:00 CET → 03:00 CEST) and falls back
// 2026-10-25 01:00 UTC (03:00 CEST → 02:00 CET); America/New_York falls back 2026-11-01 06:00 UTC
// (02:00 EDT → 01:00 EST) and springs forward 2026-03-08 07:00 UTC (02:00 EST → 03:00 EDT).
import { test } from "node:test";
import assert from "node:assert/strict";
import { addLocalDays, formatZoned, isValidTimeZone, utcToZonedLocal, zonedLocalToUtc } from "@/lib/grading/time";

const BERLIN = "Europe/Berlin";
const NEW_YORK = "America/New_York";
const HOUR = 3_600_000;
const utc = (iso: string) => new Date(iso);

test("isValidTimeZone knows IANA names and refuses others", () => {
  for (const zone of [BERLIN, NEW_YORK, "UTC", "Asia/Kolkata"]) assert.equal(isValidTimeZone(zone), true, zone);
  for (const zone of ["Mars/Olympus_Mons", "", "  ", "Europe/Berlin "]) assert.equal(isValidTimeZone(zone), false, JSON.stringify(zone));
});

test("zonedLocalToUtc: ordinary winter and summer times", () => {
  assert.deepEqual(zonedLocalToUtc("2026-12-11T23:59", BERLIN), utc("2026-12-11T22:59:00Z")); // CET = UTC+1
  assert.deepEqual(zonedLocalToUtc("2026-07-01T12:00", BERLIN), utc("2026-07-01T10:00:00Z")); // CEST = UTC+2
  assert.deepEqual(zonedLocalToUtc("2026-12-11T23:59:30", BERLIN), utc("2026-12-11T22:59:30Z"));
  assert.deepEqual(zonedLocalToUtc("2026-07-01T12:00", NEW_YORK), utc("2026-07-01T16:00:00Z")); // EDT = UTC−4
  assert.deepEqual(zonedLocalToUtc("2028-02-29T00:00", "UTC"), utc("2028-02-29T00:00:00Z"));
});

test("zonedLocalToUtc: a time in the spring-forward gap moves forward by the gap", () => {
  // 02:30 does not exist in Berlin on 2026-03-29: it becomes 03:30 CEST = 01:30 UTC.
  assert.deepEqual(zonedLocalToUtc("2026-03-29T02:30", BERLIN), utc("2026-03-29T01:30:00Z"));
  assert.equal(utcToZonedLocal(zonedLocalToUtc("2026-03-29T02:30", BERLIN), BERLIN), "2026-03-29T03:30");
  assert.deepEqual(zonedLocalToUtc("2026-03-29T02:00", BERLIN), utc("2026-03-29T01:00:00Z")); // = 03:00 CEST
  assert.deepEqual(zonedLocalToUtc("2026-03-29T01:59", BERLIN), utc("2026-03-29T00:59:00Z")); // last CET minute
  assert.deepEqual(zonedLocalToUtc("2026-03-29T03:00", BERLIN), utc("2026-03-29T01:00:00Z")); // first CEST minute
  // New York: 02:30 on 2026-03-08 becomes 03:30 EDT = 07:30 UTC.
  assert.deepEqual(zonedLocalToUtc("2026-03-08T02:30", NEW_YORK), utc("2026-03-08T07:30:00Z"));
});

test("zonedLocalToUtc: a time shown twice at fall-back is its first (earlier) instant", () => {
  // Berlin shows 02:30 at 00:30 UTC (CEST) and again at 01:30 UTC (CET).
  assert.equal(utcToZonedLocal(utc("2026-10-25T00:30:00Z"), BERLIN), "2026-10-25T02:30");
  assert.equal(utcToZonedLocal(utc("2026-10-25T01:30:00Z"), BERLIN), "2026-10-25T02:30");
  assert.deepEqual(zonedLocalToUtc("2026-10-25T02:30", BERLIN), utc("2026-10-25T00:30:00Z"));
  // New York shows 01:30 at 05:30 UTC (EDT) and 06:30 UTC (EST).
  assert.deepEqual(zonedLocalToUtc("2026-11-01T01:30", NEW_YORK), utc("2026-11-01T05:30:00Z"));
  // Just outside the repeated hour there is one answer.
  assert.deepEqual(zonedLocalToUtc("2026-10-25T03:00", BERLIN), utc("2026-10-25T02:00:00Z"));
  assert.deepEqual(zonedLocalToUtc("2026-10-25T01:59", BERLIN), utc("2026-10-24T23:59:00Z"));
});

test("zonedLocalToUtc throws a readable error for malformed input and unknown zones", () => {
  const malformed = [
    "",
    "tomorrow",
    "2026-12-11 23:59",
    "2026-12-11T23:59Z",
    "2026-12-11T23",
    "2026-13-01T00:00",
    "2026-00-10T00:00",
    "2026-02-29T10:00",
    "2026-04-31T10:00",
    "2026-12-00T10:00",
    "2026-12-11T24:00",
    "2026-12-11T23:60",
    "2026-12-11T23:59:60",
  ];
  for (const local of malformed) assert.throws(() => zonedLocalToUtc(local, BERLIN), /is not a local date and time like 2026-12-11T23:59/, local);
  assert.throws(() => zonedLocalToUtc("2026-02-29T10:00", BERLIN), /month 2 of 2026 has no day 29/);
  assert.throws(() => zonedLocalToUtc("2026-12-11T23:59", "Mars/Olympus_Mons"), /"Mars\/Olympus_Mons" is not a known time zone/);
});

test("utcToZonedLocal writes the wall-clock minute, seconds dropped", () => {
  assert.equal(utcToZonedLocal(utc("2026-12-11T22:59:59.999Z"), BERLIN), "2026-12-11T23:59");
  assert.equal(utcToZonedLocal(utc("2026-12-31T23:30:00Z"), BERLIN), "2027-01-01T00:30");
  assert.equal(utcToZonedLocal(utc("2026-11-01T06:30:00Z"), NEW_YORK), "2026-11-01T01:30");
});

test("addLocalDays keeps the wall-clock time: a day across fall-back is 25 h, across spring-forward 23 h", () => {
  const dueBerlinOctober = zonedLocalToUtc("2026-10-23T23:59", BERLIN); // Friday, CEST
  assert.deepEqual(dueBerlinOctober, utc("2026-10-23T21:59:00Z"));
  const saturday = addLocalDays(dueBerlinOctober, 1, BERLIN);
  const sunday = addLocalDays(dueBerlinOctober, 2, BERLIN);
  assert.equal(utcToZonedLocal(sunday, BERLIN), "2026-10-25T23:59");
  assert.equal(saturday.getTime() - dueBerlinOctober.getTime(), 24 * HOUR);
  assert.equal(sunday.getTime() - saturday.getTime(), 25 * HOUR);

  const dueBerlinMarch = zonedLocalToUtc("2026-03-27T23:59", BERLIN); // Friday, CET
  assert.equal(addLocalDays(dueBerlinMarch, 2, BERLIN).getTime() - dueBerlinMarch.getTime(), 47 * HOUR);

  const dueNewYork = zonedLocalToUtc("2026-10-31T23:59", NEW_YORK); // Saturday, EDT
  assert.deepEqual(dueNewYork, utc("2026-11-01T03:59:00Z"));
  assert.deepEqual(addLocalDays(dueNewYork, 1, NEW_YORK), utc("2026-11-02T04:59:00Z"));
  assert.equal(addLocalDays(dueNewYork, 1, NEW_YORK).getTime() - dueNewYork.getTime(), 25 * HOUR);
});

test("addLocalDays: a target in the gap moves forward, months and years roll over, negative days go back", () => {
  // 02:30 on Saturday + 1 day is the non-existent 02:30 on Sunday → 03:30 CEST: exactly 24 h later.
  const saturday = zonedLocalToUtc("2026-03-28T02:30", BERLIN);
  assert.equal(utcToZonedLocal(addLocalDays(saturday, 1, BERLIN), BERLIN), "2026-03-29T03:30");
  assert.equal(addLocalDays(saturday, 1, BERLIN).getTime() - saturday.getTime(), 24 * HOUR);
  assert.equal(utcToZonedLocal(addLocalDays(zonedLocalToUtc("2026-12-31T12:00", BERLIN), 1, BERLIN), BERLIN), "2027-01-01T12:00");
  assert.equal(utcToZonedLocal(addLocalDays(zonedLocalToUtc("2026-10-26T09:00", BERLIN), -2, BERLIN), BERLIN), "2026-10-24T09:00");
  assert.deepEqual(addLocalDays(utc("2026-12-11T22:59:30.250Z"), 0, BERLIN), utc("2026-12-11T22:59:30.250Z"));
  assert.deepEqual(addLocalDays(utc("2026-12-11T22:59:30.250Z"), 1, BERLIN), utc("2026-12-12T22:59:30.250Z"));
  assert.throws(() => addLocalDays(saturday, 1.5, BERLIN), /whole number/);
});

test("formatZoned writes en-GB order with the zone's name", () => {
  assert.equal(formatZoned(utc("2026-12-11T22:59:00Z"), BERLIN), "Fri 11 Dec 2026, 23:59 (Europe/Berlin)");
  assert.equal(formatZoned(utc("2026-12-11T22:59:00Z"), NEW_YORK), "Fri 11 Dec 2026, 17:59 (America/New_York)");
  assert.equal(formatZoned(utc("2026-09-02T22:05:00Z"), BERLIN), "Thu 3 Sep 2026, 00:05 (Europe/Berlin)");
});
