"use client";
import type { ReactNode } from "react";
import { countdown, countdownTick, daysLateText, STATUS_CLASSES, type StudentStatus } from "@/app/_lib/assignments";
import { useNow } from "@/app/_lib/useNow";
import { formatZoned } from "@/lib/grading/time";

/** A small rounded label. */
export function Badge({
  children,
  className = "border-slate-300 bg-slate-100 text-slate-700",
  title,
}: {
  children: ReactNode;
  className?: string;
  title?: string;
}) {
  return (
    <span title={title} className={`inline-flex items-center rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${className}`}>
      {children}
    </span>
  );
}

export function StatusBadge({ status }: { status: StudentStatus }) {
  return <Badge className={STATUS_CLASSES[status.kind]}>{status.label}</Badge>;
}

/** "Released" (final) or "Provisional". */
export function ReleaseBadge({ released }: { released: boolean }) {
  return released ? (
    <Badge className="border-emerald-200 bg-emerald-50 text-emerald-800" title="Grades are released: these points are final.">
      Final
    </Badge>
  ) : (
    <Badge className="border-slate-300 bg-slate-100 text-slate-700" title="Grades are not released yet: these points may still change.">
      Provisional
    </Badge>
  );
}

export function LateBadge({ daysLate, penalty }: { daysLate: number; penalty?: string | null }) {
  return (
    <Badge className="border-amber-300 bg-amber-50 text-amber-900" title={`Submitted ${daysLateText(daysLate)}${penalty ? `, ${penalty}` : ""}`}>
      <span aria-hidden="true">late {daysLate}d</span>
      <span className="sr-only">
        {daysLateText(daysLate)}
        {penalty ? `, ${penalty}` : ""}
      </span>
      {penalty && (
        <span aria-hidden="true" className="ml-1">
          ({penalty})
        </span>
      )}
    </Badge>
  );
}

/**
 * Time left until `target`, ticking every second in the last hour. Not a live region: a clock that
 * speaks every second would drown everything else out; the full date is in the title and dateTime.
 */
export function Countdown({ target, timeZone, className = "" }: { target: Date; timeZone: string; className?: string }) {
  const coarse = useNow();
  const now = useNow(countdownTick(target, coarse));
  const current = Math.max(now, coarse);
  return (
    <time dateTime={target.toISOString()} title={formatZoned(target, timeZone)} className={`tabular-nums ${className}`}>
      {countdown(target, current)}
    </time>
  );
}

/** A date in the course's time zone, as a <time> element. */
export function ZonedTime({ date, timeZone, className }: { date: Date; timeZone: string; className?: string }) {
  return (
    <time dateTime={date.toISOString()} className={className}>
      {formatZoned(date, timeZone)}
    </time>
  );
}

/** The status of a student's assignment in one sentence, with a countdown where something is ahead. */
export function StatusLine({ status, timeZone, extended }: { status: StudentStatus; timeZone: string; extended?: boolean }) {
  switch (status.kind) {
    case "upcoming":
      return (
        <span>
          Opens in <Countdown target={status.until!} timeZone={timeZone} className="font-medium" />
        </span>
      );
    case "open":
      return (
        <span>
          Due in <Countdown target={status.until!} timeZone={timeZone} className="font-medium" />
          {extended && <span className="text-muted"> (extended for you)</span>}
        </span>
      );
    case "late":
      return (
        <span>
          Late window until <ZonedTime date={status.until!} timeZone={timeZone} /> (
          <Countdown target={status.until!} timeZone={timeZone} /> left)
        </span>
      );
    case "closed":
      return status.since ? (
        <span>
          Closed since <ZonedTime date={status.since} timeZone={timeZone} />
        </span>
      ) : (
        <span>Closed</span>
      );
  }
}
