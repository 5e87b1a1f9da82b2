/** Deterministic train / held-out splits. Pure: the browser and the server compute the same split. */
import { mulberry32 } from "@/lib/ml/random";

export interface IndexSplit {
  /** Row indices of the training split, ascending. */
  train: number[];
  /** Row indices of the held-out split, ascending. */
  heldout: number[];
}

/**
 * Fisher–Yates shuffle of 0…n−1 with mulberry32(seed); the first round(n · heldoutFraction) indices
 * of the shuffled order are held out, the rest are training. Both lists are returned sorted.
 */
export function seededSplit(n: number, seed: number, heldoutFraction: number): IndexSplit {
  if (!Number.isInteger(n) || n < 0) throw new RangeError("n must be a non-negative integer.");
  if (!(heldoutFraction > 0 && heldoutFraction < 1)) throw new RangeError("heldoutFraction must be in (0, 1).");
  const order = Array.from({ length: n }, (_, i) => i);
  const rng = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cut = Math.round(n * heldoutFraction);
  const byValue = (a: number, b: number) => a - b;
  return { heldout: order.slice(0, cut).sort(byValue), train: order.slice(cut).sort(byValue) };
}
