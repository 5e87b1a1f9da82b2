/**
 * 2-D toy data sets for flows and diffusion, generated from a seed (nothing is downloaded).
 * Both follow scikit-learn's definitions, so numbers are comparable with the literature.
 */
import { gaussian, mulberry32 } from "../random";

/** Two interleaving half circles (sklearn.datasets.make_moons) plus isotropic Gaussian noise. */
export const MOONS = { noise: 0.1 } as const;

/** n points, row-major [x0, y0, x1, y1, …]; the first ⌈n/2⌉ on the upper moon. */
export function sampleMoons(n: number, seed: number, noise: number = MOONS.noise): Float32Array {
  const rng = mulberry32(seed);
  const out = new Float32Array(2 * n);
  const upper = Math.ceil(n / 2);
  for (let i = 0; i < n; i++) {
    const t = Math.PI * rng();
    const [x, y] = i < upper ? [Math.cos(t), Math.sin(t)] : [1 - Math.cos(t), 0.5 - Math.sin(t)];
    out[2 * i] = x + noise * gaussian(rng);
    out[2 * i + 1] = y + noise * gaussian(rng);
  }
  return out;
}

/**
 * The 2-D swiss roll (sklearn's make_swiss_roll, x and z coordinates) scaled by 1/5 so it fits in
 * about [−2.2, 2.6]²: t ~ U(1.5π, 4.5π), (t cos t, t sin t) / 5, plus Gaussian noise.
 */
export const SWISS_ROLL = { noise: 0.05, scale: 1 / 5 } as const;

export function sampleSwissRoll(n: number, seed: number, noise: number = SWISS_ROLL.noise): Float32Array {
  const rng = mulberry32(seed);
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    const t = 1.5 * Math.PI * (1 + 2 * rng());
    out[2 * i] = t * Math.cos(t) * SWISS_ROLL.scale + noise * gaussian(rng);
    out[2 * i + 1] = t * Math.sin(t) * SWISS_ROLL.scale + noise * gaussian(rng);
  }
  return out;
}
