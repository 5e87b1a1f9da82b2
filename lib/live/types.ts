// What a live session looks like to its clients. The server builds these from PostgreSQL
// (server/services/live.ts); socket.io carries the public part to everyone in the session.

export type LivePollStatus = "OPEN" | "CLOSED" | "REVEALED";

export interface LivePollPublic {
  id: string;
  prompt: string;
  choices: string[];
  status: LivePollStatus;
  /** Only once revealed. */
  correctIndex: number | null;
  /** Answers per choice, only once revealed (instructors see them live). */
  counts: number[] | null;
}

/** One line of a round's results: each student's last submission in the round, ranked (an arena round: each entry, by its rating, `metrics.arenaRating` among its metrics). */
export interface LiveStanding {
  rank: number;
  userId: string;
  name: string;
  submissionId: string;
  metrics: Record<string, number>;
  points: number;
}

export interface LiveRoundPublic {
  id: string;
  /** training: students train and submit, ranked by the metric; arena: everyone judges the entries' samples, ranked by the votes. */
  kind: "training" | "arena";
  /** The arena an arena round runs. */
  arenaId: string | null;
  exerciseSlug: string;
  exerciseTitle: string;
  /** Server times, ms since epoch. */
  startsAt: number;
  endsAt: number;
  /** Set when the server closed the round and published its results. */
  resultsAt: number | null;
  /** The top of the round (at most LIVE_PODIUM_SIZE), once the results are out. */
  standings: LiveStanding[] | null;
  entrants: number | null;
}

export interface LivePublicState {
  sessionId: string;
  courseId: string;
  courseTitle: string;
  joinCode: string;
  /** Grows with every change; a client keeps the snapshot with the highest version. */
  version: number;
  /** The server's clock when this snapshot was made (ms since epoch). */
  serverNow: number;
  startedAt: number;
  endedAt: number | null;
  moduleSlug: string | null;
  navigationLocked: boolean;
  spotlight: { userId: string; name: string } | null;
  poll: LivePollPublic | null;
  round: LiveRoundPublic | null;
}

/** What only the asking user sees. */
export interface LivePersonalState {
  role: "STUDENT" | "INSTRUCTOR";
  points: number;
  pollAnswer: number | null;
  roundSubmissions: { id: string; createdAt: number; metrics: Record<string, number> }[];
  /** This user's place in the current round, once its results are out. */
  roundStanding: LiveStanding | null;
}

/** A participant as the session's instructors see them (students never get this list). */
export interface LiveParticipantInfo {
  userId: string;
  name: string;
  /** Tells students with look-alike display names apart. */
  email: string;
  joinedAt: number;
  points: number;
}

export const LIVE_PODIUM_SIZE = 10;
export const LIVE_JOIN_CODE_LENGTH = 6;
/** Round lengths an instructor may choose. */
export const LIVE_ROUND_SECONDS = { min: 15, max: 60 * 60 } as const;
