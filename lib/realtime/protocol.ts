import { z } from "zod";
import type { LivePublicState } from "@/lib/live/types";
import type { PoolJobProgress } from "@/lib/pool/types";

/** Event names, `domain:action`. */
export const EVENTS = {
  leaderboardSubscribe: "leaderboard:subscribe",
  leaderboardUnsubscribe: "leaderboard:unsubscribe",
  leaderboardUpdated: "leaderboard:updated",
  error: "system:error",
  // Live sessions (lib/live/types.ts has the state they carry).
  liveJoin: "live:join",
  liveLeave: "live:leave",
  liveProgress: "live:progress",
  liveClock: "live:clock",
  liveState: "live:state",
  liveGrid: "live:grid",
  liveParticipant: "live:participant",
  livePollCounts: "live:poll-counts",
  liveSpotlight: "live:spotlight",
  // The worker pool (lib/pool/types.ts).
  poolSubscribe: "pool:subscribe",
  poolUnsubscribe: "pool:unsubscribe",
  poolProgress: "pool:progress",
} as const;

/**
 * The largest message a client may send (socket.io's maxHttpBufferSize); a larger one closes that
 * socket. The largest legitimate one, a live:progress with 128 thumbnail numbers and 4 losses, is
 * about 3.5 KB (tests/unit/realtime/limits.test.ts measures it).
 */
export const MAX_CLIENT_MESSAGE_BYTES = 16 * 1024;

export const leaderboardSubscribeSchema = z.object({
  courseId: z.string().min(1).max(64),
  exerciseSlug: z.string().min(1).max(64),
});

/** A new score on an exercise, as the server announces it (sockets get it without the submitter: announcedUpdate). */
export interface LeaderboardUpdated {
  exerciseId: string;
  submissionId: string;
  userId: string;
  /** Server time of the submission, ms since epoch: lets clients measure delivery latency. */
  at: number;
}

/** Why the server did not do what a client event asked. `retryAfterMs`: rate-limited, ask again after it. */
export type Refusal = { ok: false; error: string; retryAfterMs?: number };

/** Acknowledgement for client → server events. */
export type Ack = { ok: true; room?: string } | Refusal;

export const poolSubscribeSchema = z.object({ courseId: z.string().min(1).max(64) });

export const liveSessionRefSchema = z.object({ sessionId: z.string().min(1).max(64) });

/** Loss values and the like: finite, and few, so one report stays a few hundred bytes. */
const finite = z.number().refine(Number.isFinite, "must be a finite number");
export const LIVE_THUMBNAIL_MAX_POINTS = 64;

/** What a student's trainer reports about once a second during a live session. */
export const liveProgressSchema = z.object({
  sessionId: z.string().min(1).max(64),
  exerciseSlug: z.string().min(1).max(64),
  // Shown on the instructor's grid: plain ASCII names, nothing that can reorder or hide text.
  backend: z.string().regex(/^[a-z0-9-]{1,32}$/, "must be a backend name such as wasm or webgpu"),
  iteration: z.number().int().min(0).max(1e9),
  losses: z
    .record(z.string().regex(/^[A-Za-z][\w ()-]{0,23}$/, "must be a loss name of letters, digits and spaces"), finite)
    .refine((l) => Object.keys(l).length <= 4, "at most 4 losses"),
  itsPerSec: finite.refine((v) => v >= 0 && v < 1e7, "must be between 0 and 10 million").optional(),
  /** Up to 64 sample points, flattened [x0, y0, x1, y1, …], each within ±100. */
  thumbnail: z
    .array(finite.refine((v) => Math.abs(v) <= 100, "must be within ±100"))
    .max(2 * LIVE_THUMBNAIL_MAX_POINTS)
    .refine((t) => t.length % 2 === 0, "must hold (x, y) pairs")
    .optional(),
  /** "points": samples of the model, drawn in the exercise's window; "curve": the loss curve scaled into [0, 1]². */
  thumbnailKind: z.enum(["points", "curve"]).optional(),
});
export type LiveProgress = z.infer<typeof liveProgressSchema>;

/** One student's tile on the instructor's grid. */
export interface LiveGridEntry extends Omit<LiveProgress, "sessionId"> {
  userId: string;
  name: string;
  /** Server time the report arrived, ms since epoch. */
  at: number;
}

export interface LiveGrid {
  sessionId: string;
  entries: LiveGridEntry[];
  /** Server time of this batch. */
  at: number;
}

export interface LivePollCounts {
  sessionId: string;
  pollId: string;
  counts: number[];
  answered: number;
}

export interface ClientToServerEvents {
  [EVENTS.leaderboardSubscribe]: (payload: unknown, ack?: (result: Ack) => void) => void;
  [EVENTS.leaderboardUnsubscribe]: (payload: unknown, ack?: (result: Ack) => void) => void;
  [EVENTS.liveJoin]: (payload: unknown, ack?: (result: LiveJoinAck) => void) => void;
  [EVENTS.liveLeave]: (payload: unknown, ack?: (result: Ack) => void) => void;
  /** Fire and forget: rate-limited, excess dropped (and counted). */
  [EVENTS.liveProgress]: (payload: unknown) => void;
  [EVENTS.liveClock]: (payload: unknown, ack?: (result: LiveClockAck) => void) => void;
  [EVENTS.poolSubscribe]: (payload: unknown, ack?: (result: Ack) => void) => void;
  [EVENTS.poolUnsubscribe]: (payload: unknown, ack?: (result: Ack) => void) => void;
}

export type LiveJoinAck = { ok: true; state: LivePublicState; serverNow: number } | Refusal;
export type LiveClockAck = { ok: true; serverNow: number } | Refusal;

/** A live:clock request carries nothing. */
export const liveClockSchema = z.object({}).strict();

/**
 * Every event a client may send, with the schema of its payload: the gateway rate-limits, validates
 * and authorizes each (server/realtime/client-events.ts); any other event name is ignored.
 */
export const CLIENT_EVENT_SCHEMAS = {
  [EVENTS.leaderboardSubscribe]: leaderboardSubscribeSchema,
  [EVENTS.leaderboardUnsubscribe]: leaderboardSubscribeSchema,
  [EVENTS.liveJoin]: liveSessionRefSchema,
  [EVENTS.liveLeave]: liveSessionRefSchema,
  [EVENTS.liveProgress]: liveProgressSchema,
  [EVENTS.liveClock]: liveClockSchema,
  [EVENTS.poolSubscribe]: poolSubscribeSchema,
  [EVENTS.poolUnsubscribe]: poolSubscribeSchema,
} as const satisfies { [E in keyof ClientToServerEvents]: z.ZodType };
export type ClientEvent = keyof typeof CLIENT_EVENT_SCHEMAS;
export const CLIENT_EVENTS = Object.keys(CLIENT_EVENT_SCHEMAS) as readonly ClientEvent[];

/** What subscribers hear: no submitter id, which would tie a pseudonym on the board to an account. */
/**
 * New scores on an exercise, as its room hears them: at most one message per LEADERBOARD_ANNOUNCE_MS
 * (a class submitting at the bell would otherwise send every watcher a message, and make every page
 * refetch, per submission), naming the submissions scored since the last. Never who submitted: it
 * would tie a pseudonym to an account.
 */
export interface AnnouncedLeaderboardUpdate {
  exerciseId: string;
  submissions: { submissionId: string; at: number }[];
  /** About how many pages watch this leaderboard: a large room refetches less often (lib/realtime/leaderboard-refetch.ts). */
  watchers: number;
}
export const LEADERBOARD_ANNOUNCE_MS = 1000;

export interface ServerToClientEvents {
  [EVENTS.leaderboardUpdated]: (payload: AnnouncedLeaderboardUpdate) => void;
  /** `disconnecting`: the server closes this socket right after (and says why). */
  [EVENTS.error]: (payload: { message: string; disconnecting?: boolean }) => void;
  [EVENTS.liveState]: (payload: LivePublicState) => void;
  [EVENTS.liveGrid]: (payload: LiveGrid) => void;
  [EVENTS.liveParticipant]: (payload: { sessionId: string; userId: string; name: string }) => void;
  [EVENTS.livePollCounts]: (payload: LivePollCounts) => void;
  [EVENTS.liveSpotlight]: (payload: LiveGridEntry & { sessionId: string }) => void;
  [EVENTS.poolProgress]: (payload: PoolJobProgress) => void;
}

export const exerciseRoom = (exerciseId: string) => `exercise:${exerciseId}`;
/** Everyone in a live session (students and instructors). */
export const liveRoom = (sessionId: string) => `live:${sessionId}`;
/** The session's instructors only: the grid, poll counts, who joined. */
export const liveInstructorRoom = (sessionId: string) => `live:${sessionId}:instructors`;
