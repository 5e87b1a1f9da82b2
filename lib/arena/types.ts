// The sample arena as pages see it (server/services/arena.ts builds these): people judge two
// anonymised entries' samples side by side; a Bradley–Terry fit of the votes (lib/ml/arena) rates
// the entries, and the rating is shown beside the metric's rank.
import type { MetricSpec } from "@/lib/exercises/types";

/** What a voter may answer: "both bad" counts as a tie in the fit (neither looked more real). */
export const ARENA_OUTCOMES = ["LEFT", "RIGHT", "TIE", "BOTH_BAD"] as const;
export type ArenaOutcome = (typeof ARENA_OUTCOMES)[number];

export const ARENA_OUTCOME_LABELS: Record<ArenaOutcome, string> = {
  LEFT: "Left looks more real",
  RIGHT: "Right looks more real",
  TIE: "About the same",
  BOTH_BAD: "Both look bad",
};

export const ARENA_LIMITS = {
  /** A vote sooner than this after its pair was served is refused: look at both first (and no script votes at machine speed). */
  minLookMs: 1500,
  /** Votes one person may give in one arena. */
  votesPerVoter: 300,
  /** Entries an arena needs to have any pair to show. */
  minEntries: 2,
  /** Bootstrap replicates behind a rating's interval. */
  bootstrapReplicates: 200,
} as const;

/** One side of a served pair: only the samples, nothing that names its author. */
export interface ArenaSide {
  /** The entry's leaderboard preview (Score.preview) as JSON text, drawn by PreviewThumbnail. */
  previewJson: string;
}

export interface ArenaPair {
  matchId: string;
  left: ArenaSide;
  right: ArenaSide;
  /** Server time the pair was served (ms): a vote before servedAt + minLookMs is refused. */
  servedAt: number;
}

/** One entry of an arena's results, with the rating's 95% bootstrap interval (Elo-like scale: 1000 is the reference). */
export interface ArenaStanding {
  arenaRank: number;
  /** Rank of the entry's metric among the arena's entries (1 = best by the exercise's ranking rule). */
  metricRank: number;
  rating: number;
  lower: number;
  upper: number;
  /** Votes the entry took part in. */
  votes: number;
  displayName: string;
  /** Staff only (and one's own). */
  userId: string | null;
  /** Instructors only. */
  email: string | null;
  isMe: boolean;
  metrics: Record<string, number>;
  previewJson: string;
}

export interface ArenaResults {
  arenaId: string;
  votes: number;
  voters: number;
  /** Kendall's τ-b between the arena ratings and the metric ranks over the entries (1: people and the metric agree); null below 2 entries or without votes. */
  tau: number | null;
  standings: ArenaStanding[];
  /** How the 95% intervals were made: from 200 resamplings of the votes once voting closed; from the fit's standard errors while votes still arrive. */
  intervals: "bootstrap" | "standard-errors";
}

/** The arena rating as a metric, for the podium of a live arena round (LiveStanding.metrics.arenaRating). */
export const ARENA_RATING_METRIC: MetricSpec = {
  key: "arenaRating",
  label: "Arena rating",
  better: "higher",
  digits: 0,
  description: "Bradley–Terry rating from the class's votes: 1000 is an average entry; 400 more means 10-to-1 odds of being preferred.",
  meaning: "How much people preferred these samples over the others'.",
  gradable: false,
};
