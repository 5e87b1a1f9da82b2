// Words and small computations shared by the assignment pages: statuses, countdowns, points.
import type { LatePolicy } from "@/lib/grading/late";

export type Counting = "BEST" | "LAST";
export type AnswersShown = "AFTER_LAST_ATTEMPT" | "AFTER_DUE" | "NEVER";

export const COUNTING_LABEL: Record<Counting, string> = { BEST: "best", LAST: "last" };
export const ANSWERS_SHOWN_LABEL: Record<AnswersShown, string> = {
  AFTER_LAST_ATTEMPT: "After the last attempt (or once the quiz closes)",
  AFTER_DUE: "After the due date (and any late window)",
  NEVER: "Never",
};

const pointsFormat = new Intl.NumberFormat("en-US", { maximumFractionDigits: 2 });

/** 12.5, 10, 0.33: at most two decimals, as grades are rounded. */
export function formatPoints(value: number): string {
  return pointsFormat.format(value);
}

/** "7.5 / 10", or "— / 10" while nothing counts yet. */
export function pointsOf(earned: number | null, possible: number): string {
  return `${earned === null ? "—" : formatPoints(earned)} / ${formatPoints(possible)}`;
}

/** The time left until `target` in words: "2 days 3 h", "4 h 12 min", "12 min 30 s", "45 s". */
export function countdown(target: Date, now: number): string {
  let seconds = Math.max(0, Math.floor((target.getTime() - now) / 1000));
  const days = Math.floor(seconds / 86_400);
  seconds -= days * 86_400;
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  if (days > 0) return `${days} ${days === 1 ? "day" : "days"}${hours > 0 ? ` ${hours} h` : ""}`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${String(seconds).padStart(2, "0")} s`;
  return `${seconds} s`;
}

/** How often a countdown needs to tick: every second in its last hour, else every 30 s. */
export function countdownTick(target: Date | null | undefined, now: number): number {
  if (!target) return 30_000;
  const left = target.getTime() - now;
  return left > 0 && left < 3_600_000 ? 1000 : 30_000;
}

export type StudentStatusKind = "upcoming" | "open" | "late" | "closed";

export interface StudentStatus {
  kind: StudentStatusKind;
  /** A short label for a badge: "Not open yet", "Open", "Late window", "Closed". */
  label: string;
  /** The moment the next change happens (opening, due, end of late window), if any. */
  until: Date | null;
  /** When it closed (closed only). */
  since?: Date;
}

/** Where a student stands with an assignment at `now`, from its opening and their own due date. */
export function studentStatus(openAt: Date | null, own: { dueAt: Date; closesAt: Date }, now: number): StudentStatus {
  if (openAt && now < openAt.getTime()) return { kind: "upcoming", label: "Not open yet", until: openAt };
  if (now <= own.dueAt.getTime()) return { kind: "open", label: "Open", until: own.dueAt };
  if (now <= own.closesAt.getTime()) return { kind: "late", label: "Late window", until: own.closesAt };
  return { kind: "closed", label: "Closed", until: null, since: own.closesAt };
}

export const STATUS_CLASSES: Record<StudentStatusKind, string> = {
  upcoming: "border-slate-300 bg-slate-100 text-slate-700",
  open: "border-emerald-200 bg-emerald-50 text-emerald-800",
  late: "border-amber-300 bg-amber-50 text-amber-900",
  closed: "border-slate-300 bg-white text-slate-600",
};

/**
 * Released grades are final; before that, what a student sees is provisional. `now` is usually a
 * useNow() value, which ticks only every 30 s: a release made since its last tick (the server stamps
 * it with its own clock) would read as not released until the next tick, so the clock is read again.
 */
export function isReleased(gradesReleasedAt: Date | null | undefined, now: number = Date.now()): boolean {
  return !!gradesReleasedAt && gradesReleasedAt.getTime() <= Math.max(now, Date.now());
}

/** The late penalty of a number of days late, in words: "−20 %". */
export function latePenalty(policy: LatePolicy, daysLate: number): string | null {
  if (policy.kind !== "percentPerDay" || daysLate <= 0) return null;
  return `−${formatPoints(Math.min(100, policy.percentPerDay * daysLate))} %`;
}

/** "1 day late", "3 days late". */
export function daysLateText(daysLate: number): string {
  return `${daysLate} ${daysLate === 1 ? "day" : "days"} late`;
}
