// Rate limits a class can live with. A lecture hall behind one NAT address is 300 students signing in
// within a minute, each mistyping now and then; an attacker is one address (or many) guessing
// passwords, or someone trying to lock others out. So:
// - a sign-in attempt takes a point from its account-and-address counter, and, unless this account
//   has signed in from this address before (a "known" pair), from its account's and its address's
//   counters — before the password is checked, so parallel attempts cannot slip past a limit; a
//   successful sign-in gives the points back. Locking out an account from elsewhere or a whole
//   address therefore never locks out the people who normally sign in from there;
// - sign-ups and unknown sign-ins count per address.
// Counters live in PostgreSQL (rate-limiter-flexible's Prisma store), so every server process shares them.
import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterPrisma, type RateLimiterAbstract, type RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db";

const MINUTE = 60;
const DAY = 24 * 60 * MINUTE;

/** The numbers, in one place (README, "Security"). Durations in seconds. */
export const RATE_LIMITS = {
  /** Sign-ups and sign-ins from addresses an account has not used before, per address: 300 students, twice each, in a minute. */
  authRequestsPerAddress: { points: 600, duration: MINUTE },
  /** Sign-in attempts that fail, one account from one address: a person mistyping. */
  failedSignInsPerAccountAndAddress: { points: 10, duration: 15 * MINUTE },
  /** …one account from addresses it has not signed in from: guessing spread over many addresses. */
  failedSignInsPerAccount: { points: 50, duration: 60 * MINUTE },
  /** …from one address, for accounts that have not signed in from it: a script guessing across accounts. */
  failedSignInsPerAddress: { points: 500, duration: 60 * MINUTE },
  /** How long a successful sign-in makes its (account, address) pair known. */
  knownSignIn: { points: 1, duration: 30 * DAY },
  /** API calls per signed-in session (or per address without one), per server process; a batch counts each call. */
  apiRequestsPerSession: { points: 600, duration: MINUTE },
  apiRequestsPerAnonymousAddress: { points: 1200, duration: MINUTE },
} as const;

export type RateLimitSettings = { [K in keyof typeof RATE_LIMITS]: { points: number; duration: number } };

export interface Refusal {
  retryAfterSeconds: number;
  message: string;
}

/** A sign-in attempt that passed the limits: tell how it went. */
export interface SignInAttempt {
  /** Gives the points back, clears the pair's failures and makes the pair known. */
  succeeded(): Promise<void>;
}

const minutes = (seconds: number) => `${Math.max(1, Math.ceil(seconds / 60))} min`;
/** Emails are keyed by a hash: short keys, and no addresses in the counters' table. */
const accountKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 22);

/** `settings` replaces some of the numbers (tests that sign a whole class in from one address). */
export function createRateLimits(db: Db, settings: Partial<RateLimitSettings> = {}) {
  const limits: RateLimitSettings = { ...RATE_LIMITS, ...settings };
  const stored = (keyPrefix: string, limit: { points: number; duration: number }) =>
    new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix, ...limit });
  const authRequests = stored("auth-requests", limits.authRequestsPerAddress);
  const failedByAccountAndAddress = stored("signin-fail-account-address", limits.failedSignInsPerAccountAndAddress);
  const failedByAccount = stored("signin-fail-account", limits.failedSignInsPerAccount);
  const failedByAddress = stored("signin-fail-address", limits.failedSignInsPerAddress);
  const knownPairs = stored("signin-known", limits.knownSignIn);
  // Every API request would cost two queries in a shared store: these stay in each process's memory,
  // and are checked before the session is looked up (server/security/session-token.ts).
  const apiBySession = new RateLimiterMemory({ keyPrefix: "api-session", ...limits.apiRequestsPerSession });
  const apiByAddress = new RateLimiterMemory({ keyPrefix: "api-address", ...limits.apiRequestsPerAnonymousAddress });

  /** Takes points atomically; a refusal once the window's points are used up. */
  const take = async (limiter: RateLimiterAbstract, key: string, message: (wait: string) => string, points = 1): Promise<Refusal | null> => {
    try {
      await limiter.consume(key, points);
      return null;
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      const seconds = Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000);
      return { retryAfterSeconds: seconds, message: message(minutes(seconds)) };
    }
  };

  const isKnown = async (pair: string) => (await knownPairs.get(pair)) !== null;

  return {
    /** A sign-up, or a sign-in not known from this address, before it is handled. */
    authRequest: (address: string) => take(authRequests, address, (wait) => `Too many sign-in requests from your network. Try again in ${wait}.`),

    /** Whether this account has signed in from this address within the last 30 days. */
    isKnownSignIn: (email: string, address: string) => isKnown(`${accountKey(email)}|${address}`),

    /** Before the password is checked: takes this attempt's points, or says which limit refuses it. */
    async signInAttempt(email: string, address: string, known: boolean): Promise<{ refusal: Refusal } | { attempt: SignInAttempt }> {
      const account = accountKey(email);
      const pair = `${account}|${address}`;
      type Counter = [RateLimiterAbstract, string, (wait: string) => string];
      const counters: Counter[] = [
        [
          failedByAccountAndAddress,
          pair,
          (wait) => `Too many failed sign-ins for this account. Try again in ${wait}, or ask your instructor to reset your password.`,
        ],
      ];
      if (!known) {
        counters.push([failedByAccount, account, (wait) => `This account is locked for ${wait} after many failed sign-ins from other networks.`]);
        counters.push([failedByAddress, address, (wait) => `Too many failed sign-ins from your network. Try again in ${wait}.`]);
      }
      const taken: [RateLimiterAbstract, string][] = [];
      for (const [limiter, key, message] of counters) {
        const refusal = await take(limiter, key, message);
        if (refusal) {
          await Promise.all(taken.map(([l, k]) => l.reward(k, 1)));
          return { refusal };
        }
        taken.push([limiter, key]);
      }
      return {
        attempt: {
          async succeeded() {
            await Promise.all([
              failedByAccountAndAddress.delete(pair),
              ...taken.slice(1).map(([l, k]) => l.reward(k, 1)),
              knownPairs.set(pair, 1, limits.knownSignIn.duration),
            ]);
          },
        },
      };
    },

    /** `calls` API calls (a batch counts each), by the session (its token) or else the address. */
    apiRequest: (session: string | null, address: string, calls = 1) =>
      session
        ? take(apiBySession, session, (wait) => `Too many requests from your account. Wait ${wait} and try again.`, calls)
        : take(apiByAddress, address, (wait) => `Too many requests from your network. Wait ${wait} and try again.`, calls),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
