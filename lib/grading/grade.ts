/**
 * One student's grade on one assignment item, from their scored attempts: which attempts may
 * count (not before the assignment opened, not after the late window closed), what each earns
 * after the late penalty, and which one counts ("best" or "last").
 */
import { lateness, type LatePolicy } from "./late";
import { roundToCents } from "./round";

export type Counting = "best" | "last";

export interface GradeItemInput {
  points: number;
  counting: Counting;
  openAt: Date | null;
  /** The student's effective due date (their extension applied). */
  dueAt: Date;
  policy: LatePolicy;
  timeZone: string;
  attempts: readonly {
    id: string;
    at: Date;
    /** The rule's fraction in [0, 1] (ruleFraction). */
    fraction: number;
    /**
     * The fraction that decides which attempt counts under "best", when it is not `fraction`: an
     * item graded on a private part picks by the public part (late penalty applied alike) and pays by
     * the private one, so private scores never choose. Default: `fraction`.
     */
    selectBy?: number;
    /** Why the leaderboard flagged it (lib/exercises/ranking.ts): a flagged attempt earns nothing. */
    flagged?: string | null;
  }[];
}

export interface GradedAttempt {
  id: string;
  /** Points after the late penalty; 0 for an attempt that cannot count. */
  earned: number;
  late: boolean;
  daysLate: number;
  accepted: boolean;
  counted: boolean;
  /** Why the attempt cannot count, or null when it can. */
  reason: string | null;
}

export interface ItemGrade {
  /** null: no attempt counted. */
  earned: number | null;
  countedId: string | null;
  /** Of the counted attempt (false and 0 when none counted). */
  late: boolean;
  daysLate: number;
  /** In the input's order. */
  attempts: GradedAttempt[];
}

/** Fractions come from ruleFraction; clamping keeps a stray value from paying more than the item's points. */
const clampFraction = (fraction: number) => (Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0);

export function gradeItem(input: GradeItemInput): ItemGrade {
  const { points, openAt, dueAt, policy, timeZone } = input;
  const graded = input.attempts.map((attempt, index) => {
    const beforeOpen = openAt !== null && attempt.at.getTime() < openAt.getTime();
    const timing = lateness(attempt.at, dueAt, policy, timeZone);
    const flagged = attempt.flagged ?? null;
    const candidate = !beforeOpen && timing.accepted && flagged === null;
    const pointsFor = (fraction: number) => (candidate ? roundToCents(points * clampFraction(fraction) * timing.multiplier) : 0);
    const reason =
      flagged !== null
        ? `flagged: ${flagged}`
        : beforeOpen
          ? "before the assignment opened"
          : timing.accepted
            ? null
            : policy.kind === "none"
              ? "after the due date (no late work accepted)"
              : "after the late window closed";
    const result: GradedAttempt = {
      id: attempt.id,
      earned: pointsFor(attempt.fraction),
      late: timing.late,
      daysLate: timing.daysLate,
      accepted: timing.accepted,
      counted: false,
      reason,
    };
    return { index, at: attempt.at.getTime(), candidate, selectionPoints: pointsFor(attempt.selectBy ?? attempt.fraction), result };
  });

  // The attempts that may count, earlier first; equal times keep the input order.
  const chronological = graded.filter((g) => g.candidate).sort((a, b) => a.at - b.at || a.index - b.index);
  let counted: (typeof graded)[number] | undefined;
  if (input.counting === "best") {
    // Strictly greater: on a tie the earliest attempt stays.
    for (const g of chronological) if (!counted || g.selectionPoints > counted.selectionPoints) counted = g;
  } else {
    const onTime = chronological.filter((g) => !g.result.late);
    counted = (onTime.length > 0 ? onTime : chronological).at(-1);
  }
  if (counted) counted.result.counted = true;
  return {
    earned: counted ? counted.result.earned : null,
    countedId: counted ? counted.result.id : null,
    late: counted ? counted.result.late : false,
    daysLate: counted ? counted.result.daysLate : 0,
    attempts: graded.map((g) => g.result),
  };
}

/** The sum of points, missing ones (null) left out, rounded to two decimals. */
export function sumPoints(values: readonly (number | null)[]): number {
  let total = 0;
  for (const value of values) if (value !== null) total += value;
  return roundToCents(total);
}
