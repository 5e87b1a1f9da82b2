import type { LeaderboardUpdated } from "@/lib/realtime/protocol";

/** What services and routers may announce; the socket gateway implements it. */
export interface RealtimePublisher {
  leaderboardUpdated(event: LeaderboardUpdated): void;
  /** A live session changed in the database: everyone in it gets a fresh public snapshot. */
  liveStateChanged(sessionId: string): Promise<void>;
  /** A poll got an answer: its instructors get the counts (batched). */
  livePollAnswered(sessionId: string, pollId: string): void;
}

/**
 * Change PostgreSQL, then tell the sockets: the one way a change is announced. `mutate` is the domain
 * function (it validates, authorizes and persists in one transaction, and resolves once that
 * transaction has committed: it awaits its own `db.$transaction`, never runs inside a caller's);
 * `broadcast` gets what it returned, i.e. the committed result.
 * - Nothing is announced when `mutate` throws: a refusal, or a transaction rolled back.
 * - The announcement is awaited before the result is returned, so a caller's answer follows its event
 *   (and an announcement that fails is the caller's error; publishers that must not fail a committed
 *   change catch their own errors, as the gateway's `liveStateChanged` does).
 */
export async function mutateThenBroadcast<T>(mutate: () => Promise<T>, broadcast: (committed: T) => void | Promise<void>): Promise<T> {
  const committed = await mutate();
  await broadcast(committed);
  return committed;
}
