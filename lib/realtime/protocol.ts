import { z } from "zod";

/** Bumped when an event's payload changes incompatibly. */
export const PROTOCOL_VERSION = 1;

/** Event names, `domain:action`. */
export const EVENTS = {
  leaderboardSubscribe: "leaderboard:subscribe",
  leaderboardUnsubscribe: "leaderboard:unsubscribe",
  leaderboardUpdated: "leaderboard:updated",
  error: "system:error",
} as const;

export const leaderboardSubscribeSchema = z.object({
  courseId: z.string().min(1).max(64),
  exerciseSlug: z.string().min(1).max(64),
});
export type LeaderboardSubscribe = z.infer<typeof leaderboardSubscribeSchema>;

export interface LeaderboardUpdated {
  exerciseId: string;
  submissionId: string;
  userId: string;
  /** Server time of the submission, ms since epoch: lets clients measure delivery latency. */
  at: number;
}

/** Acknowledgement for client → server events. */
export type Ack = { ok: true; room?: string } | { ok: false; error: string };

export interface ClientToServerEvents {
  [EVENTS.leaderboardSubscribe]: (payload: unknown, ack?: (result: Ack) => void) => void;
  [EVENTS.leaderboardUnsubscribe]: (payload: unknown, ack?: (result: Ack) => void) => void;
}

export interface ServerToClientEvents {
  [EVENTS.leaderboardUpdated]: (payload: LeaderboardUpdated) => void;
  [EVENTS.error]: (payload: { message: string }) => void;
}

export const exerciseRoom = (exerciseId: string) => `exercise:${exerciseId}`;
