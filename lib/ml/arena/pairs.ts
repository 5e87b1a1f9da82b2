/**
 * Which two entries of the sample arena to show a voter next. A vote between i and j is most informative when its
 * outcome is least predictable and the ratings it moves are least certain, so each pair is scored by
 *   p (1 − p) (u_i² + u_j²),  p = σ(θ_i − θ_j),
 * the Fisher information of one comparison about θ_i − θ_j (Bradley & Terry 1952) times the entries' current variances
 * u² (e.g. fisherStandardErrors in bradley-terry.ts). All pairs are scored (n = 500 entries: 125,000 pairs, about a
 * millisecond), rather than first picking the most uncertain entry and then its partner, so that a close pair of two
 * moderately uncertain entries can win over a lopsided pair with one very uncertain entry.
 */

export interface ArenaEntry {
  id: string;
  authorId: string;
}

export interface PairChoiceInput {
  entries: readonly ArenaEntry[];
  /** θ per entry, in the order of `entries`. */
  strengths: ArrayLike<number>;
  /** Standard error of θ per entry, in the order of `entries`. */
  uncertainty: ArrayLike<number>;
  voterId: string;
  /** pairKey(idA, idB) of the pairs this voter already judged. */
  judged: ReadonlySet<string>;
  random: () => number;
}

/** How many of the best-scored pairs the choice is drawn from: enough that concurrent voters spread over pairs. */
const SHORTLIST_SIZE = 5;

/** The same key for (a, b) and (b, a); JSON, so no id can contain the separator and make two pairs collide. */
export function pairKey(a: string, b: string): string {
  return JSON.stringify(a < b ? [a, b] : [b, a]);
}

/** The best pairs seen so far, best first, at most SHORTLIST_SIZE; `floor` is the score a pair must beat to get in. */
class Shortlist {
  readonly scores: number[] = [];
  readonly pairs: [number, number][] = [];

  get floor(): number {
    return this.scores.length < SHORTLIST_SIZE ? -Infinity : this.scores[SHORTLIST_SIZE - 1];
  }

  offer(score: number, i: number, j: number): void {
    let position = this.scores.length;
    while (position > 0 && this.scores[position - 1] < score) position--;
    this.scores.splice(position, 0, score);
    this.pairs.splice(position, 0, [i, j]);
    if (this.scores.length > SHORTLIST_SIZE) {
      this.scores.pop();
      this.pairs.pop();
    }
  }

  /** A pair drawn with probability proportional to its score; uniformly among infinite scores, or when all are 0. */
  draw(random: () => number): [number, number] {
    const infinite = this.pairs.filter((_, k) => this.scores[k] === Infinity);
    if (infinite.length > 0) return infinite[Math.min(infinite.length - 1, Math.floor(random() * infinite.length))];
    const total = this.scores.reduce((sum, score) => sum + score, 0);
    if (!(total > 0)) return this.pairs[Math.min(this.pairs.length - 1, Math.floor(random() * this.pairs.length))];
    let remaining = random() * total;
    for (let k = 0; k < this.pairs.length; k++) {
      remaining -= this.scores[k];
      if (remaining < 0) return this.pairs[k];
    }
    return this.pairs[this.pairs.length - 1];
  }
}

/**
 * The next pair for `voterId`: never one of the voter's own entries; among the pairs the voter has not judged yet (all
 * pairs only when every one has been judged), one of the SHORTLIST_SIZE best by the score above, drawn with probability
 * proportional to its score, so a clearly most informative pair comes up most often while concurrent voters still
 * spread over several. Left and right come out in random order, so a position bias of voters averages out. Null when
 * fewer than two entries are not the voter's own.
 */
export function choosePair({ entries, strengths, uncertainty, voterId, judged, random }: PairChoiceInput): { left: string; right: string } | null {
  if (strengths.length !== entries.length || uncertainty.length !== entries.length) {
    throw new RangeError(`${entries.length} entries, ${strengths.length} strengths and ${uncertainty.length} uncertainties`);
  }
  const allowed: number[] = [];
  entries.forEach((entry, index) => {
    if (entry.authorId !== voterId) allowed.push(index);
  });
  if (allowed.length < 2) return null;
  // Visited in random order, so equal scores (every pair, in a fresh arena) are broken at random, not by position, and
  // which of a pair comes first, and so is shown on the left, is random too.
  for (let k = allowed.length - 1; k > 0; k--) {
    const other = Math.floor(random() * (k + 1));
    [allowed[k], allowed[other]] = [allowed[other], allowed[k]];
  }
  const variance = Float64Array.from(allowed, (index) => uncertainty[index] ** 2);
  // p(1 − p) = π_a π_b / (π_a + π_b)² with π = exp(θ − max θ) ≤ 1: no overflow and no exp per pair.
  const largest = allowed.reduce((most, index) => Math.max(most, strengths[index]), -Infinity);
  const strength = Float64Array.from(allowed, (index) => Math.exp(strengths[index] - largest));
  const unjudged = new Shortlist();
  const judgedFallback = new Shortlist();
  for (let a = 1; a < allowed.length; a++) {
    for (let b = 0; b < a; b++) {
      const sum = strength[a] + strength[b];
      const rawScore = ((strength[a] * strength[b]) / (sum * sum)) * (variance[a] + variance[b]);
      // NaN from 0/0 (two strengths underflowed, > 700 below the best) or 0 · ∞ (unknown uncertainty, far apart in θ)
      // would never enter a shortlist; such a pair is uninformative.
      const score = Number.isNaN(rawScore) ? 0 : rawScore;
      // The judged set is consulted only for pairs good enough to enter the shortlist: a few string look-ups, not n².
      if (score <= unjudged.floor) continue;
      if (!judged.has(pairKey(entries[allowed[a]].id, entries[allowed[b]].id))) unjudged.offer(score, allowed[a], allowed[b]);
      else if (score > judgedFallback.floor) judgedFallback.offer(score, allowed[a], allowed[b]);
    }
  }
  // The fallback shortlist is complete only when no unjudged pair was found: then every pair passed the floor test.
  const [i, j] = (unjudged.pairs.length > 0 ? unjudged : judgedFallback).draw(random);
  return { left: entries[i].id, right: entries[j].id };
}
