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

  /** How long after the last `take` until the next token: what a refused client is told to wait. */
  retryAfterMs(): number {
    return Math.ceil((Math.max(0, 1 - this.tokens) / this.perSecond) * 1000);
  }
}

/** Per socket: progress reports (a trainer sends about one a second) and everything else. */
export const RATE_LIMITS = {
  progress: { perSecond: 2, burst: 3 },
  other: { perSecond: 5, burst: 10 },
} as const;
export type RateBucket = keyof typeof RATE_LIMITS;

export function newRateBuckets(now = Date.now()): Record<RateBucket, TokenBucket> {
  return {
    progress: new TokenBucket(RATE_LIMITS.progress.perSecond, RATE_LIMITS.progress.burst, now),
    other: new TokenBucket(RATE_LIMITS.other.perSecond, RATE_LIMITS.other.burst, now),
  };
}
