/**
 * The class grid's picture of a 2-D sampler (useTrainer's `thumbnail`): the first samples as the live
 * report takes them, at most LIVE_THUMBNAIL_MAX_POINTS finite (x, y) pairs within its ±100 (a report
 * with anything else is refused whole, losses included).
 */
import { LIVE_THUMBNAIL_MAX_POINTS } from "@/lib/realtime/protocol";

const LIMIT = 100;

export function pointThumbnail(samples: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < samples.length && out.length < 2 * LIVE_THUMBNAIL_MAX_POINTS; i += 2) {
    const [x, y] = [samples[i], samples[i + 1]];
    if (Math.abs(x) <= LIMIT && Math.abs(y) <= LIMIT) out.push(x, y); // NaN fails the test too
  }
  return out;
}
