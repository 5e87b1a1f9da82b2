/**
 * Late-work policies: how much a submission after the due date still earns. Days late are
 * calendar days in the course's time zone, counted from the due time: a submission up to the
 * same wall-clock time one day later is one day late, even when a daylight-saving change makes
 * that day 23 or 25 hours long.
 */
import { z } from "zod";
import { addLocalDays } from "./time";

export const latePolicySchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("none") }).strict(),
  z
    .object({
      kind: z.literal("percentPerDay"),
      percentPerDay: z.number().gt(0).max(100),
      maxDays: z.number().int().min(1).max(60),
    })
    .strict(),
]);
export type LatePolicy = z.infer<typeof latePolicySchema>;

export interface Lateness {
  late: boolean;
  /** 0 when on time, else the smallest n ≥ 1 with submittedAt ≤ dueAt + n local days. */
  daysLate: number;
  /** Factor on the earned points: 1 on time, 0 when not accepted. */
  multiplier: number;
  accepted: boolean;
}

const DAY_MS = 86_400_000;

export function lateness(submittedAt: Date, dueAt: Date, policy: LatePolicy, timeZone: string): Lateness {
  if (submittedAt.getTime() <= dueAt.getTime()) return { late: false, daysLate: 0, multiplier: 1, accepted: true };
  const withinDays = (n: number) => submittedAt.getTime() <= addLocalDays(dueAt, n, timeZone).getTime();
  // A local day is 24 h ± at most a few hours, so the estimate is off by at most one either way.
  let daysLate = Math.max(1, Math.ceil((submittedAt.getTime() - dueAt.getTime()) / DAY_MS) - 1);
  while (!withinDays(daysLate)) daysLate++;
  while (daysLate > 1 && withinDays(daysLate - 1)) daysLate--;
  if (policy.kind === "none" || daysLate > policy.maxDays) return { late: true, daysLate, multiplier: 0, accepted: false };
  // (100 − p·d) / 100 rather than 1 − p·d/100: 7 days at 10 % give exactly 0.3, not 0.30000000000000004.
  return { late: true, daysLate, multiplier: Math.max(0, (100 - policy.percentPerDay * daysLate) / 100), accepted: true };
}

/** The last instant a submission is accepted: the due date, or the end of the late window. */
export function lastAcceptedAt(dueAt: Date, policy: LatePolicy, timeZone: string): Date {
  return policy.kind === "none" ? dueAt : addLocalDays(dueAt, policy.maxDays, timeZone);
}

export function describeLatePolicy(policy: LatePolicy): string {
  if (policy.kind === "none") return "No late work accepted.";
  const days = policy.maxDays === 1 ? "1 day" : `${policy.maxDays} days`;
  return `Late work accepted for ${days} at −${policy.percentPerDay} % a day.`;
}
