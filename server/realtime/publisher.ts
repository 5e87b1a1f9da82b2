import type { LeaderboardUpdated } from "@/lib/realtime/protocol";

/** What services and routers may announce; the socket gateway implements it. */
export interface RealtimePublisher {
  leaderboardUpdated(event: LeaderboardUpdated): void;
  /** A live session changed in the database: everyone in it gets a fresh public snapshot. */
  liveStateChanged(sessionId: string): Promise<void>;
  /** A poll got an answer: its instructors get the counts (batched). */
  livePollAnswered(sessionId: string, pollId: string): void;
}
