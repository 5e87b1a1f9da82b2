/**
 * A token bucket per socket and event kind: `burst` events at once, refilled at `perSecond`.
 * Events over the limit are dropped (and counted by the caller), never queued.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.refilledAt = now;
  }

  take(now = Date.now()): boolean {
    // A clock stepping back (an NTP correction) refills nothing rather than draining the bucket.
    this.tokens = Math.min(this.burst, this.tokens + (Math.max(0, now - this.refilledAt) / 1000) * this.perSecond);
    this.refilledAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

/** Per socket: progress reports (a trainer sends about one a second) and everything else. */
export const RATE_LIMITS = {
  progress: { perSecond: 2, burst: 3 },
  other: { perSecond: 5, burst: 10 },
} as const;
