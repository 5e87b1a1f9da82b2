/**
 * Small seedable random number generators. Pure arithmetic: runs in browser and Node.
 * Reference: mulberry32 by Tommy Ettinger (public domain).
 */

/** A uniform random source on [0, 1). */
export type Rng = () => number;

/** Fast 32-bit seeded PRNG; the same seed always yields the same stream. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One standard normal draw (Box–Muller; the second variate is discarded for simplicity). */
export function gaussian(rng: Rng): number {
  // 1 - u is in (0, 1], so the log is finite.
  const u = 1 - rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * mulberry32(seed) as it stands after `draws` numbers, in O(1): its state advances by the constant
 * 0x6d2b79f5 per draw, so a resumed run continues its stream rather than replaying it. Math.imul
 * keeps the product exact modulo 2³². Here, not beside the networks' checkpoints, so that the
 * plain-JavaScript samplers can resume without loading TensorFlow.js.
 */
export function mulberry32After(seed: number, draws: number): Rng {
  return mulberry32((seed + Math.imul(draws, 0x6d2b79f5)) >>> 0);
}
