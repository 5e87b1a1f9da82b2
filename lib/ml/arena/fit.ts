/**
 * An arena's ratings from its votes, as the server computes them (in a scoring thread): the
 * Bradley–Terry fit, a cheap per-entry uncertainty for choosing the next pairs, and bootstrap
 * intervals for the results. The input is typed arrays, so it crosses to a worker thread cheaply.
 */
import { aggregateVotes, arenaRating, type ArenaVote, bootstrapIntervals, fisherStandardErrors, fitBradleyTerryNewman } from "./bradley-terry";

export { arenaRating };

/** Virtual ties per entry against an average one: a few votes move a rating only a little, and an entry that won every vote stays finite. */
export const ARENA_PRIOR = 1;
/** z for a 95% interval, when no bootstrap is asked for. */
const Z95 = 1.959964;

export interface ArenaFitInput {
  entries: number;
  /** Per vote: the left and right entries' indices and the outcome (0: left preferred, 1: right preferred, 2: tie or both bad). */
  a: Int32Array;
  b: Int32Array;
  outcome: Uint8Array;
  /** Bootstrap replicates for the intervals; 0: intervals from the standard errors (fast, for choosing pairs). */
  replicates: number;
  seed: number;
}

export interface ArenaFit {
  /** Log-strengths θ, relative to an average entry (θ = 0). */
  strengths: Float64Array;
  standardErrors: Float64Array;
  /** 95% interval of θ. */
  lower: Float64Array;
  upper: Float64Array;
  votesPerEntry: Int32Array;
}

const OUTCOMES = ["A", "B", "TIE"] as const;

export function fitArena(input: ArenaFitInput): ArenaFit {
  const n = input.entries;
  const votes: ArenaVote[] = Array.from(input.a, (a, k) => ({ a, b: input.b[k], outcome: OUTCOMES[input.outcome[k]] }));
  const votesPerEntry = new Int32Array(n);
  for (const v of votes) {
    votesPerEntry[v.a]++;
    votesPerEntry[v.b]++;
  }
  const aggregated = aggregateVotes(n, votes);
  // Newman's iteration: the same fixed point as Hunter's MM in about 15 sweeps instead of 200 (tests/unit/arena compare all three fits).
  const { strengths } = fitBradleyTerryNewman(n, aggregated, { prior: ARENA_PRIOR });
  const standardErrors = fisherStandardErrors(n, aggregated, strengths, ARENA_PRIOR);
  const intervals =
    input.replicates > 0
      ? bootstrapIntervals(n, votes, { replicates: input.replicates, seed: input.seed, prior: ARENA_PRIOR, initial: strengths })
      : { lower: strengths.map((t, i) => t - Z95 * standardErrors[i]), upper: strengths.map((t, i) => t + Z95 * standardErrors[i]) };
  return { strengths, standardErrors, lower: intervals.lower, upper: intervals.upper, votesPerEntry };
}
