/**
 * The "8 gaussians on a ring" toy distribution (Metz et al. 2017, Unrolled GANs; also GAN Lab).
 * Mode k sits at angle 2πk/8 on a circle of radius 2 with isotropic std 0.02.
 */
import { gaussian, type Rng } from "../random";

export const RING = { modes: 8, radius: 2, sigma: 0.02 } as const;

/** The 8 mode centres, k = 0..7 at angle 2πk/8. */
export function ringCentres(): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < RING.modes; k++) {
    const a = (2 * Math.PI * k) / RING.modes;
    out.push([RING.radius * Math.cos(a), RING.radius * Math.sin(a)]);
  }
  return out;
}

/** n points, interleaved [x0, y0, x1, y1, …]: a uniform random mode plus N(0, σ²I) noise. */
export function sampleRing(n: number, rng: Rng): Float32Array {
  const centres = ringCentres();
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const k = Math.min(RING.modes - 1, Math.floor(rng() * RING.modes));
    out[2 * i] = centres[k][0] + RING.sigma * gaussian(rng);
    out[2 * i + 1] = centres[k][1] + RING.sigma * gaussian(rng);
  }
  return out;
}
