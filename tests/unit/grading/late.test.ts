// lib/grading/late.ts: days late are calendar days in the course's zone (instants worked out by
// hand, see time.test.ts for the 2026 transitions), the penalty arithmetic, and the policy's words.
import { test } from "node:test";
import assert from "node:assert/strict";
import { describeLatePolicy, lastAcceptedAt, latePolicySchema, lateness, type LatePolicy } from "@/lib/grading/late";
import { addLocalDays, zonedLocalToUtc } from "@/lib/grading/time";

const BERLIN = "Europe/Berlin";
const TEN_PERCENT: LatePolicy = { kind: "percentPerDay", percentPerDay: 10, maxDays: 3 };
const NONE: LatePolicy = { kind: "none" };
// Friday 2026-10-23 23:59 CEST = 21:59 UTC; Berlin falls back on Sunday the 25th.
const DUE = new Date("2026-10-23T21:59:00Z");
const at = (iso: string) => new Date(iso);

test("on time up to and including the due instant", () => {
  assert.deepEqual(lateness(DUE, DUE, TEN_PERCENT, BERLIN), { late: false, daysLate: 0, multiplier: 1, accepted: true });
  assert.deepEqual(lateness(at("2026-10-20T08:00:00Z"), DUE, NONE, BERLIN), { late: false, daysLate: 0, multiplier: 1, accepted: true });
  assert.equal(lateness(new Date(DUE.getTime() + 1), DUE, TEN_PERCENT, BERLIN).daysLate, 1);
});

test("due Friday 23:59, submitted Sunday 23:00 local across fall-back: 2 days late", () => {
  // Sunday 23:00 CET = 22:00 UTC, 48 h 1 min after the due instant.
  const sunday = zonedLocalToUtc("2026-10-25T23:00", BERLIN);
  assert.deepEqual(sunday, at("2026-10-25T22:00:00Z"));
  assert.deepEqual(lateness(sunday, DUE, TEN_PERCENT, BERLIN), { late: true, daysLate: 2, multiplier: 0.8, accepted: true });
  // Sunday 23:30 CET is 48 h 31 min after the due instant: three 24-hour periods, but still the
  // second calendar day, because Sunday has 25 hours.
  const sundayLate = zonedLocalToUtc("2026-10-25T23:30", BERLIN);
  assert.equal(sundayLate.getTime() - DUE.getTime(), (48 * 60 + 31) * 60_000);
  assert.equal(lateness(sundayLate, DUE, TEN_PERCENT, BERLIN).daysLate, 2);
  // The second day ends at Sunday 23:59 CET = 22:59 UTC; a millisecond later is day 3.
  const endOfDayTwo = at("2026-10-25T22:59:00Z");
  assert.equal(lateness(endOfDayTwo, DUE, TEN_PERCENT, BERLIN).daysLate, 2);
  assert.equal(lateness(new Date(endOfDayTwo.getTime() + 1), DUE, TEN_PERCENT, BERLIN).daysLate, 3);
});

test("across spring-forward a day is 23 h: 47 h 31 min after the due time is already day 3", () => {
  // Friday 2026-03-27 23:59 CET = 22:59 UTC; Monday 00:30 CEST = Sunday 22:30 UTC.
  const due = zonedLocalToUtc("2026-03-27T23:59", BERLIN);
  const monday = zonedLocalToUtc("2026-03-30T00:30", BERLIN);
  assert.equal(monday.getTime() - due.getTime(), (47 * 60 + 31) * 60_000);
  assert.equal(lateness(monday, due, TEN_PERCENT, BERLIN).daysLate, 3);
  assert.equal(lateness(zonedLocalToUtc("2026-03-29T23:59", BERLIN), due, TEN_PERCENT, BERLIN).daysLate, 2);
});

test("America/New_York: Sunday 2026-11-01 has 25 hours", () => {
  const zone = "America/New_York";
  const due = zonedLocalToUtc("2026-10-31T23:59", zone); // Saturday, EDT
  assert.equal(lateness(zonedLocalToUtc("2026-11-01T23:59", zone), due, TEN_PERCENT, zone).daysLate, 1);
  assert.equal(lateness(zonedLocalToUtc("2026-11-02T00:00", zone), due, TEN_PERCENT, zone).daysLate, 2);
});

test("penalty arithmetic: 10 % a day for up to 3 days; day 4 is not accepted", () => {
  const dayLate = (n: number) => new Date(addLocalDays(DUE, n, BERLIN).getTime() - 60_000);
  assert.deepEqual(lateness(dayLate(1), DUE, TEN_PERCENT, BERLIN), { late: true, daysLate: 1, multiplier: 0.9, accepted: true });
  assert.deepEqual(lateness(dayLate(2), DUE, TEN_PERCENT, BERLIN), { late: true, daysLate: 2, multiplier: 0.8, accepted: true });
  assert.deepEqual(lateness(dayLate(3), DUE, TEN_PERCENT, BERLIN), { late: true, daysLate: 3, multiplier: 0.7, accepted: true });
  assert.deepEqual(lateness(dayLate(4), DUE, TEN_PERCENT, BERLIN), { late: true, daysLate: 4, multiplier: 0, accepted: false });
  // 7 days at 10 %: exactly 0.3 (1 − 0.7 would be 0.30000000000000004).
  assert.equal(lateness(dayLate(7), DUE, { kind: "percentPerDay", percentPerDay: 10, maxDays: 10 }, BERLIN).multiplier, 0.3);
  // A penalty past 100 % floors at 0 but the work is still accepted (it counts as submitted).
  assert.deepEqual(lateness(dayLate(3), DUE, { kind: "percentPerDay", percentPerDay: 40, maxDays: 5 }, BERLIN), {
    late: true,
    daysLate: 3,
    multiplier: 0,
    accepted: true,
  });
  // No late work: counted in days, never accepted.
  assert.deepEqual(lateness(dayLate(2), DUE, NONE, BERLIN), { late: true, daysLate: 2, multiplier: 0, accepted: false });
  // Years late: the count stays exact (2026-10-23 → 2028-10-23 is 731 days; 2028 is a leap year).
  assert.equal(lateness(zonedLocalToUtc("2028-10-23T23:59", BERLIN), DUE, NONE, BERLIN).daysLate, 731);
});

test("a two-day extension moves the student's due date by two local days", () => {
  const extended = addLocalDays(DUE, 2, BERLIN); // Sunday 23:59 CET
  assert.deepEqual(extended, at("2026-10-25T22:59:00Z"));
  assert.equal(lateness(zonedLocalToUtc("2026-10-25T23:00", BERLIN), extended, TEN_PERCENT, BERLIN).late, false);
  assert.deepEqual(lateness(zonedLocalToUtc("2026-10-26T00:30", BERLIN), extended, TEN_PERCENT, BERLIN), {
    late: true,
    daysLate: 1,
    multiplier: 0.9,
    accepted: true,
  });
});

test("lastAcceptedAt is the due date, or the end of the late window", () => {
  assert.deepEqual(lastAcceptedAt(DUE, NONE, BERLIN), DUE);
  assert.deepEqual(lastAcceptedAt(DUE, TEN_PERCENT, BERLIN), at("2026-10-26T22:59:00Z")); // Monday 23:59 CET
});

test("latePolicySchema bounds", () => {
  const accepted: unknown[] = [
    NONE,
    TEN_PERCENT,
    { kind: "percentPerDay", percentPerDay: 100, maxDays: 60 },
    { kind: "percentPerDay", percentPerDay: 0.5, maxDays: 1 },
  ];
  for (const policy of accepted) assert.ok(latePolicySchema.safeParse(policy).success, JSON.stringify(policy));
  const refused: unknown[] = [
    { kind: "percentPerDay", percentPerDay: 0, maxDays: 3 },
    { kind: "percentPerDay", percentPerDay: 100.5, maxDays: 3 },
    { kind: "percentPerDay", percentPerDay: 10, maxDays: 0 },
    { kind: "percentPerDay", percentPerDay: 10, maxDays: 61 },
    { kind: "percentPerDay", percentPerDay: 10, maxDays: 1.5 },
    { kind: "percentPerDay", percentPerDay: 10 },
    { kind: "none", maxDays: 3 },
    { kind: "sometimes" },
  ];
  for (const policy of refused) assert.equal(latePolicySchema.safeParse(policy).success, false, JSON.stringify(policy));
});

test("describeLatePolicy", () => {
  assert.equal(describeLatePolicy(TEN_PERCENT), "Late work accepted for 3 days at −10 % a day.");
  assert.equal(describeLatePolicy({ kind: "percentPerDay", percentPerDay: 12.5, maxDays: 1 }), "Late work accepted for 1 day at −12.5 % a day.");
  assert.equal(describeLatePolicy(NONE), "No late work accepted.");
});
