// Points in a live session: simple enough to explain on a slide.
//  - a correct answer to a poll, once the instructor reveals it: 100;
//  - a round: 500 for the best entry down to 100 for the last, linear in rank (ties share a rank).

export const POLL_CORRECT_POINTS = 100;
export const ROUND_BEST_POINTS = 500;
export const ROUND_LAST_POINTS = 100;

export function roundPoints(rank: number, entrants: number): number {
  if (entrants <= 1) return ROUND_BEST_POINTS;
  const fraction = (entrants - rank) / (entrants - 1);
  return Math.round(ROUND_LAST_POINTS + (ROUND_BEST_POINTS - ROUND_LAST_POINTS) * fraction);
}

/**
 * Ranks rows already sorted best first; rows whose keys are equal share the better rank
 * (1, 2, 2, 4), as on the leaderboards.
 */
export function rankWithTies<T>(sorted: T[], keyOf: (row: T) => string): (T & { rank: number })[] {
  let rank = 0;
  let previous: string | null = null;
  return sorted.map((row, index) => {
    const key = keyOf(row);
    if (key !== previous) rank = index + 1;
    previous = key;
    return { ...row, rank };
  });
}
