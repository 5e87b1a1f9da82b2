// Rate limits a class can live with. A lecture hall behind one NAT address is 300 students signing in
// within a minute, each mistyping now and then; an attacker is one address (or many) guessing
// passwords. So failed sign-ins count per account-and-address, per account and per address, and a
// limit reached locks out only that account or that address — never everyone. Counters live in
// PostgreSQL (rate-limiter-flexible's Prisma store), so every server process shares them.
import { createHash } from "node:crypto";
import { RateLimiterMemory, RateLimiterPrisma, type RateLimiterAbstract, type RateLimiterRes } from "rate-limiter-flexible";
import type { Db } from "../db";

const MINUTE = 60;

/** The numbers, in one place (README, "Security"). Durations in seconds. */
export const RATE_LIMITS = {
  /** Sign-in, sign-up and other auth requests that change something, per address: 300 students, twice each, in a minute. */
  authRequestsPerAddress: { points: 600, duration: MINUTE },
  /** Failed sign-ins of one account from one address: a person mistyping. */
  failedSignInsPerAccountAndAddress: { points: 10, duration: 15 * MINUTE },
  /** Failed sign-ins of one account from anywhere: guessing spread over many addresses. */
  failedSignInsPerAccount: { points: 50, duration: 60 * MINUTE },
  /** Failed sign-ins from one address over all accounts: a class mistypes; a script guesses. */
  failedSignInsPerAddress: { points: 500, duration: 60 * MINUTE },
  /** API requests per signed-in account (or per address when anonymous), per server process. */
  apiRequestsPerAccount: { points: 600, duration: MINUTE },
  apiRequestsPerAnonymousAddress: { points: 1200, duration: MINUTE },
} as const;

export interface Refusal {
  retryAfterSeconds: number;
  message: string;
}

const minutes = (seconds: number) => `${Math.max(1, Math.ceil(seconds / 60))} min`;
/** Emails are keyed by a hash: short keys, and no addresses in the counters' table. */
const accountKey = (email: string) => createHash("sha256").update(email.trim().toLowerCase()).digest("base64url").slice(0, 22);

export type RateLimitSettings = { [K in keyof typeof RATE_LIMITS]: { points: number; duration: number } };

/** `settings` replaces some of the numbers (tests that sign a whole class in from one address). */
export function createRateLimits(db: Db, settings: Partial<RateLimitSettings> = {}) {
  const limits: RateLimitSettings = { ...RATE_LIMITS, ...settings };
  const stored = (keyPrefix: string, limit: { points: number; duration: number }) =>
    new RateLimiterPrisma({ storeClient: db, tableName: "rateLimit", keyPrefix, ...limit });
  const authRequests = stored("auth-requests", limits.authRequestsPerAddress);
  const failedByAccountAndAddress = stored("signin-fail-account-address", limits.failedSignInsPerAccountAndAddress);
  const failedByAccount = stored("signin-fail-account", limits.failedSignInsPerAccount);
  const failedByAddress = stored("signin-fail-address", limits.failedSignInsPerAddress);
  // Every API request would cost two queries in a shared store: these stay in each process's memory.
  const apiByAccount = new RateLimiterMemory({ keyPrefix: "api-account", ...limits.apiRequestsPerAccount });
  const apiByAddress = new RateLimiterMemory({ keyPrefix: "api-address", ...limits.apiRequestsPerAnonymousAddress });

  /** Takes a point; a refusal once the window's points are used up. */
  const take = async (limiter: RateLimiterAbstract, key: string, message: (wait: string) => string): Promise<Refusal | null> => {
    try {
      await limiter.consume(key);
      return null;
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      const seconds = Math.ceil((rejection as RateLimiterRes).msBeforeNext / 1000);
      return { retryAfterSeconds: seconds, message: message(minutes(seconds)) };
    }
  };

  /** A refusal when `limiter`'s window for `key` is used up, without taking a point. */
  const exhausted = async (limiter: RateLimiterAbstract, key: string, message: (wait: string) => string): Promise<Refusal | null> => {
    const state = await limiter.get(key);
    if (!state || state.consumedPoints < limiter.points) return null;
    const seconds = Math.ceil(state.msBeforeNext / 1000);
    return { retryAfterSeconds: seconds, message: message(minutes(seconds)) };
  };

  return {
    /** Any auth request that changes something (sign-in, sign-up, sign-out, …), before it is handled. */
    authRequest: (address: string) =>
      take(authRequests, address, (wait) => `Too many sign-in requests from your network. Try again in ${wait}.`),

    /** Before a sign-in attempt: refused while this account, from here or anywhere, or this address, is locked out. */
    async signInAllowed(email: string, address: string): Promise<Refusal | null> {
      const account = accountKey(email);
      return (
        (await exhausted(failedByAccountAndAddress, `${account}|${address}`, (wait) => `Too many failed sign-ins for this account. Try again in ${wait}, or ask your instructor to reset your password.`)) ??
        (await exhausted(failedByAccount, account, (wait) => `This account is locked for ${wait} after many failed sign-ins.`)) ??
        (await exhausted(failedByAddress, address, (wait) => `Too many failed sign-ins from your network. Try again in ${wait}.`))
      );
    },

    async signInFailed(email: string, address: string): Promise<void> {
      const account = accountKey(email);
      // Each counts on its own: one window filling up must not stop the others from counting.
      await Promise.all(
        [
          [failedByAccountAndAddress, `${account}|${address}`],
          [failedByAccount, account],
          [failedByAddress, address],
        ].map(([limiter, key]) => (limiter as RateLimiterAbstract).consume(key as string).catch((rejection: unknown) => {
          if (rejection instanceof Error) throw rejection;
        })),
      );
    },

    /** A person who gets in starts afresh from where they are. */
    signInSucceeded: (email: string, address: string) => failedByAccountAndAddress.delete(`${accountKey(email)}|${address}`).then(() => undefined),

    /** One API request, by the signed-in account or else the address. */
    apiRequest: (userId: string | null, address: string) =>
      userId
        ? take(apiByAccount, userId, (wait) => `Too many requests from your account. Wait ${wait} and try again.`)
        : take(apiByAddress, address, (wait) => `Too many requests from your network. Wait ${wait} and try again.`),
  };
}

export type RateLimits = ReturnType<typeof createRateLimits>;
