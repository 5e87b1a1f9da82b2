"use client";
import { useEffect, useState } from "react";
import { formatCountdown, remainingMs } from "@/lib/live/clock";

/** Milliseconds left until `endsAt` on the server's clock, refreshed a few times a second. */
export function useRemaining(endsAt: number | null, clockOffsetMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (endsAt === null) return;
    const id = setInterval(() => setNow(Date.now()), 200);
    return () => clearInterval(id);
  }, [endsAt]);
  return endsAt === null ? 0 : remainingMs(endsAt, now, clockOffsetMs);
}

/**
 * The round's countdown. role="timer" is not announced on every tick; the page announces the
 * milestones (start, one minute left, time up) in its polite live region instead.
 */
export function Countdown({ remaining, total }: { remaining: number; total: number }) {
  const urgent = remaining > 0 && remaining <= 30_000;
  return (
    <div className="flex items-center gap-3">
      <span
        role="timer"
        aria-label="Time left in the round"
        className={`font-mono text-4xl font-bold tabular-nums ${urgent ? "text-red-700" : "text-ink"}`}
        data-testid="round-countdown"
      >
        {formatCountdown(remaining)}
      </span>
      <progress className="h-2 w-32 accent-brand-600" value={total > 0 ? remaining / total : 0} max={1} aria-label="Share of the round left" />
    </div>
  );
}

/** The sentence a screen reader should hear now, if the remaining time just crossed a milestone. */
export function countdownMilestone(previousMs: number, remaining: number): string | null {
  if (previousMs > 60_000 && remaining <= 60_000 && remaining > 0) return "One minute left in the round.";
  if (previousMs > 10_000 && remaining <= 10_000 && remaining > 0) return "Ten seconds left.";
  if (previousMs > 0 && remaining === 0) return "Time is up. The server is scoring the round.";
  return null;
}
