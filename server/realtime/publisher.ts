import type { LeaderboardUpdated } from "@/lib/realtime/protocol";

/** What services and routers may announce; the socket gateway implements it. */
export interface RealtimePublisher {
  leaderboardUpdated(event: LeaderboardUpdated): void;
}

/** For callers with no sockets (CLI, some tests): announcements go nowhere. */
export const silentPublisher: RealtimePublisher = { leaderboardUpdated: () => {} };
