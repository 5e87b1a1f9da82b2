// lib/grading/grade.ts: which attempts may count, what each earns (points × fraction × late
// multiplier, to the cent), best vs last, and the totals; expected values worked out by hand.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gradeItem, sumPoints, type GradeItemInput } from "@/lib/grading/grade";
import { roundToCents } from "@/lib/grading/round";

// Due Friday 2026-12-11 23:59 in Berlin (CET, 22:59 UTC); no DST change nearby, so a day is 24 h.
const BASE: Omit<GradeItemInput, "counting" | "attempts"> = {
  points: 10,
  openAt: new Date("2026-12-01T08:00:00Z"),
  dueAt: new Date("2026-12-11T22:59:00Z"),
  policy: { kind: "percentPerDay", percentPerDay: 10, maxDays: 3 },
  timeZone: "Europe/Berlin",
};
const at = (iso: string) => new Date(iso);

test("best: the highest earned after the late penalty; ties go to the earliest", () => {
  const grade = gradeItem({
    ...BASE,
    counting: "best",
    attempts: [
      { id: "a", at: at("2026-12-05T10:00:00Z"), fraction: 0.5 }, // 5
      { id: "b", at: at("2026-12-10T10:00:00Z"), fraction: 0.8 }, // 8
      { id: "c", at: at("2026-12-12T10:00:00Z"), fraction: 0.95 }, // 1 day late: 10 × 0.95 × 0.9 = 8.55
      { id: "d", at: at("2026-12-13T10:00:00Z"), fraction: 1 }, // 2 days late: 10 × 1 × 0.8 = 8
    ],
  });
  assert.equal(grade.earned, 8.55);
  assert.equal(grade.countedId, "c");
  assert.equal(grade.late, true);
  assert.equal(grade.daysLate, 1);
  assert.deepEqual(
    grade.attempts.map((a) => [a.id, a.earned, a.late, a.daysLate, a.counted]),
    [
      ["a", 5, false, 0, false],
      ["b", 8, false, 0, false],
      ["c", 8.55, true, 1, true],
      ["d", 8, true, 2, false],
    ],
  );

  const tie = gradeItem({
    ...BASE,
    counting: "best",
    // In input order the later one comes first: the earliest by time must still win.
    attempts: [
      { id: "later", at: at("2026-12-09T10:00:00Z"), fraction: 0.8 },
      { id: "earlier", at: at("2026-12-08T10:00:00Z"), fraction: 0.8 },
    ],
  });
  assert.equal(tie.countedId, "earlier");
  assert.deepEqual(
    tie.attempts.map((a) => a.id),
    ["later", "earlier"],
    "attempts stay in input order",
  );
});

test("best with selectBy: the attempt is picked by selectBy after the late penalty, and earns by its own fraction", () => {
  const grade = gradeItem({
    ...BASE,
    counting: "best",
    attempts: [
      { id: "a", at: at("2026-12-05T10:00:00Z"), fraction: 1, selectBy: 0.6 }, // picked by 6, would earn 10
      { id: "b", at: at("2026-12-10T10:00:00Z"), fraction: 0.4, selectBy: 0.8 }, // picked by 8: counts, earns 4
      { id: "c", at: at("2026-12-13T10:00:00Z"), fraction: 1, selectBy: 0.95 }, // 2 days late: picked by 7.6
    ],
  });
  assert.equal(grade.countedId, "b");
  assert.equal(grade.earned, 4);
  assert.deepEqual(
    grade.attempts.map((a) => a.earned),
    [10, 4, 8],
  );
});

test("last: the latest on-time attempt, even when a later late one earns more", () => {
  const grade = gradeItem({
    ...BASE,
    counting: "last",
    attempts: [
      { id: "first", at: at("2026-12-05T10:00:00Z"), fraction: 0.9 },
      { id: "second", at: at("2026-12-10T10:00:00Z"), fraction: 0.4 },
      { id: "late", at: at("2026-12-12T10:00:00Z"), fraction: 1 },
    ],
  });
  assert.equal(grade.countedId, "second");
  assert.equal(grade.earned, 4);
  assert.equal(grade.late, false);
  assert.equal(grade.daysLate, 0);
});

test("last with no on-time attempt: the latest accepted late one", () => {
  const grade = gradeItem({
    ...BASE,
    counting: "last",
    attempts: [
      { id: "day1", at: at("2026-12-12T10:00:00Z"), fraction: 1 },
      { id: "day3", at: at("2026-12-14T10:00:00Z"), fraction: 0.5 }, // 10 × 0.5 × 0.7 = 3.5
      { id: "day5", at: at("2026-12-16T10:00:00Z"), fraction: 1 }, // past the 3-day window
    ],
  });
  assert.equal(grade.countedId, "day3");
  assert.equal(grade.earned, 3.5);
  assert.equal(grade.daysLate, 3);
  const closed = grade.attempts.find((a) => a.id === "day5")!;
  assert.deepEqual(closed, { id: "day5", earned: 0, late: true, daysLate: 5, accepted: false, counted: false, reason: "after the late window closed" });
});

test("attempts before the assignment opened, or late without a late policy, never count", () => {
  const grade = gradeItem({
    ...BASE,
    policy: { kind: "none" },
    counting: "best",
    attempts: [
      { id: "early", at: at("2026-11-30T10:00:00Z"), fraction: 1 },
      { id: "late", at: at("2026-12-12T10:00:00Z"), fraction: 1 },
    ],
  });
  assert.equal(grade.earned, null);
  assert.equal(grade.countedId, null);
  assert.equal(grade.late, false);
  assert.deepEqual(
    grade.attempts.map((a) => [a.id, a.earned, a.accepted, a.reason]),
    [
      ["early", 0, true, "before the assignment opened"],
      ["late", 0, false, "after the due date (no late work accepted)"],
    ],
  );
  // Exactly at the opening instant counts; openAt null means always open.
  assert.equal(gradeItem({ ...BASE, counting: "best", attempts: [{ id: "x", at: BASE.openAt!, fraction: 1 }] }).earned, 10);
  assert.equal(gradeItem({ ...BASE, openAt: null, counting: "best", attempts: [{ id: "x", at: at("2020-01-01T00:00:00Z"), fraction: 1 }] }).earned, 10);
  assert.deepEqual(gradeItem({ ...BASE, counting: "last", attempts: [] }), { earned: null, countedId: null, late: false, daysLate: 0, attempts: [] });
});

test("earned is rounded to the cent, half away from zero on the decimal value", () => {
  // 7.5 × 0.9 × 0.7 = 4.725 → 4.73 (one day late at 30 % a day would be 0.7).
  const grade = gradeItem({
    ...BASE,
    points: 7.5,
    policy: { kind: "percentPerDay", percentPerDay: 30, maxDays: 2 },
    counting: "best",
    attempts: [{ id: "x", at: at("2026-12-12T10:00:00Z"), fraction: 0.9 }],
  });
  assert.equal(grade.earned, 4.73);
  // 10 × 1/3 = 3.333… → 3.33; a stray fraction above 1 pays at most the points.
  assert.equal(gradeItem({ ...BASE, counting: "best", attempts: [{ id: "x", at: at("2026-12-10T10:00:00Z"), fraction: 1 / 3 }] }).earned, 3.33);
  assert.equal(gradeItem({ ...BASE, counting: "best", attempts: [{ id: "x", at: at("2026-12-10T10:00:00Z"), fraction: 1.2 }] }).earned, 10);
  assert.equal(roundToCents(1.005), 1.01); // Math.round(1.005 * 100) / 100 would give 1
  assert.equal(roundToCents(2.675), 2.68);
  assert.equal(roundToCents(-1.005), -1.01);
  assert.equal(roundToCents(1e-7), 0);
  assert.equal(roundToCents(1e21), 1e21);
  assert.ok(Object.is(roundToCents(-0.001), 0), "−0 comes back as 0");
});

test("sumPoints leaves out missing values and rounds", () => {
  assert.equal(sumPoints([1.1, 2.2, null]), 3.3); // 1.1 + 2.2 = 3.3000000000000003
  assert.equal(sumPoints([null, null]), 0);
  assert.equal(sumPoints([]), 0);
  assert.equal(sumPoints([0.125, 0.125]), 0.25);
});
