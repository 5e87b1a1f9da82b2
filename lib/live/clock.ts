// Countdowns in a live session run on the server's clock. A client estimates its offset from a
// few round trips (Cristian's algorithm): offset = serverNow − (sent + received) / 2, keeping the
// sample with the shortest round trip, whose error is at most half that round trip.

export interface ClockSample {
  /** Client clock when the request left, and when the answer arrived (ms). */
  sentAt: number;
  receivedAt: number;
  serverNow: number;
}

export interface ClockEstimate {
  /** Add to the client's Date.now() to get the server's time. */
  offsetMs: number;
  /** Bound on the error of offsetMs. */
  uncertaintyMs: number;
}

export function estimateClockOffset(samples: ClockSample[]): ClockEstimate {
  const valid = samples.filter((s) => s.receivedAt >= s.sentAt && Number.isFinite(s.serverNow));
  if (valid.length === 0) throw new Error("No clock samples with a valid round trip.");
  const best = valid.reduce((a, b) => (b.receivedAt - b.sentAt < a.receivedAt - a.sentAt ? b : a));
  const roundTrip = best.receivedAt - best.sentAt;
  return { offsetMs: best.serverNow - (best.sentAt + best.receivedAt) / 2, uncertaintyMs: roundTrip / 2 };
}

/** Milliseconds left until `endsAt` (server time), never negative. */
export function remainingMs(endsAt: number, clientNow: number, offsetMs: number): number {
  return Math.max(0, endsAt - (clientNow + offsetMs));
}

/** "4:05" for a countdown. */
export function formatCountdown(ms: number): string {
  const total = Math.ceil(ms / 1000);
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}
