/**
 * Disguised copies of digits: the kinds memorisation detection (lib/ml/metrics/memorisation.ts)
 * must recognise, shared by its calibration (scripts/calibrate-memorisation.ts) and its tests.
 * Pure: 28×28 uint8 images in, new images out.
 */
import { gaussian, type Rng } from "../random";
import { DIGIT_PIXELS, DIGIT_SIDE } from "./digits";

/** The image moved dy rows down and dx columns right; pixels moved in from outside are 0. */
export function shiftDigit(image: ArrayLike<number>, dy: number, dx: number): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  for (let row = Math.max(0, dy); row < Math.min(DIGIT_SIDE, DIGIT_SIDE + dy); row++)
    for (let col = Math.max(0, dx); col < Math.min(DIGIT_SIDE, DIGIT_SIDE + dx); col++) out[row * DIGIT_SIDE + col] = image[(row - dy) * DIGIT_SIDE + col - dx];
  return out;
}

/** Every pixel plus Gaussian noise of standard deviation sigma × 255 grey levels, rounded and clipped to 0–255. */
export function withGaussianNoise(image: ArrayLike<number>, sigma: number, rng: Rng): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  for (let p = 0; p < DIGIT_PIXELS; p++) out[p] = Math.min(255, Math.max(0, Math.round(image[p] + sigma * 255 * gaussian(rng))));
  return out;
}

/** A fraction of the pixels, chosen at random, set to 0 or 255 (half each). */
export function withSaltAndPepper(image: ArrayLike<number>, fraction: number, rng: Rng): Uint8Array {
  const out = Uint8Array.from(image);
  for (let p = 0; p < DIGIT_PIXELS; p++) {
    const u = rng();
    if (u < fraction) out[p] = u < fraction / 2 ? 0 : 255;
  }
  return out;
}

/** Shifts (dy, dx) with max(|dy|, |dx|) = distance: 8 at distance 1, 16 at distance 2. */
export function shiftsAt(distance: number): [number, number][] {
  const shifts: [number, number][] = [];
  for (let dy = -distance; dy <= distance; dy++)
    for (let dx = -distance; dx <= distance; dx++) if (Math.max(Math.abs(dy), Math.abs(dx)) === distance) shifts.push([dy, dx]);
  return shifts;
}

export interface CopyKind {
  name: string;
  /** A disguise detection must catch; the others are measured to show where it stops. */
  light: boolean;
  disguise(image: ArrayLike<number>, rng: Rng): Uint8Array;
}

const randomShift = (distance: number, rng: Rng) => {
  const shifts = shiftsAt(distance);
  return shifts[Math.floor(rng() * shifts.length)];
};

export const COPY_KINDS: readonly CopyKind[] = [
  { name: "exact", light: true, disguise: (image) => Uint8Array.from(image) },
  { name: "shifted 1 px (random of 8 directions)", light: true, disguise: (image, rng) => shiftDigit(image, ...randomShift(1, rng)) },
  { name: "shifted 2 px (random of 16 directions)", light: true, disguise: (image, rng) => shiftDigit(image, ...randomShift(2, rng)) },
  { name: "Gaussian noise σ = 0.05", light: true, disguise: (image, rng) => withGaussianNoise(image, 0.05, rng) },
  { name: "Gaussian noise σ = 0.1", light: true, disguise: (image, rng) => withGaussianNoise(image, 0.1, rng) },
  { name: "salt and pepper 1 %", light: true, disguise: (image, rng) => withSaltAndPepper(image, 0.01, rng) },
  { name: "salt and pepper 2 %", light: true, disguise: (image, rng) => withSaltAndPepper(image, 0.02, rng) },
  { name: "shifted 2 px + Gaussian σ = 0.1", light: true, disguise: (image, rng) => withGaussianNoise(shiftDigit(image, ...randomShift(2, rng)), 0.1, rng) },
  { name: "shifted 1 px + salt and pepper 2 %", light: true, disguise: (image, rng) => withSaltAndPepper(shiftDigit(image, ...randomShift(1, rng)), 0.02, rng) },
  { name: "shifted 3 px", light: false, disguise: (image, rng) => shiftDigit(image, ...randomShift(3, rng)) },
  { name: "Gaussian noise σ = 0.2", light: false, disguise: (image, rng) => withGaussianNoise(image, 0.2, rng) },
  { name: "salt and pepper 5 %", light: false, disguise: (image, rng) => withSaltAndPepper(image, 0.05, rng) },
];
