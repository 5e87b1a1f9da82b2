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

  /** Whether it is back to its burst: as good as a new bucket, so it can be forgotten. */
  isFull(now = Date.now()): boolean {
    return this.tokens + (Math.max(0, now - this.refilledAt) / 1000) * this.perSecond >= this.burst;
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

/**
 * Connections (handshakes), before the session is looked up: per address (a lecture hall behind one
 * NAT opens 300 pages at once) and per user (a few reloads); reconnecting must not be a way around
 * the per-socket limits. And refused events per socket: past these, the socket is closed.
 */
export const CONNECTION_LIMITS = {
  handshakesPerAddress: { perSecond: 30, burst: 300 },
  handshakesPerUser: { perSecond: 1, burst: 20 },
  refusedEventsPerSocket: { perSecond: 2, burst: 60 },
} as const;

/** One token bucket per key (an address, a user); buckets back to full are forgotten. */
export class KeyedBuckets {
  private readonly buckets = new Map<string, TokenBucket>();
  private prunedAt = Date.now();

  constructor(private readonly limit: { perSecond: number; burst: number }) {}

  take(key: string, now = Date.now()): boolean {
    if (now - this.prunedAt > 10_000) {
      this.prunedAt = now;
      for (const [k, bucket] of this.buckets) if (bucket.isFull(now)) this.buckets.delete(k);
    }
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new TokenBucket(this.limit.perSecond, this.limit.burst, now)));
    return bucket.take(now);
  }
}
export type RateBucket = keyof typeof RATE_LIMITS;

export function newRateBuckets(now = Date.now()): Record<RateBucket | "refused", TokenBucket> {
  return {
    progress: new TokenBucket(RATE_LIMITS.progress.perSecond, RATE_LIMITS.progress.burst, now),
    other: new TokenBucket(RATE_LIMITS.other.perSecond, RATE_LIMITS.other.burst, now),
    refused: new TokenBucket(CONNECTION_LIMITS.refusedEventsPerSocket.perSecond, CONNECTION_LIMITS.refusedEventsPerSocket.burst, now),
  };
}
