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

/**
 * The image under the linear map [[a, b], [c, d]] about the image centre (column, row) → (a·col + b·row, c·col + d·row),
 * sampled bilinearly; what comes from outside the image is 0.
 */
export function warpDigit(image: ArrayLike<number>, a: number, b: number, c: number, d: number): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  const centre = (DIGIT_SIDE - 1) / 2;
  const det = a * d - b * c;
  const at = (row: number, col: number) => (row >= 0 && row < DIGIT_SIDE && col >= 0 && col < DIGIT_SIDE ? image[row * DIGIT_SIDE + col] : 0);
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      const x = col - centre;
      const y = row - centre;
      // Each output pixel reads the input where the inverse map sends it.
      const sx = (d * x - b * y) / det + centre;
      const sy = (-c * x + a * y) / det + centre;
      const c0 = Math.floor(sx);
      const r0 = Math.floor(sy);
      const fx = sx - c0;
      const fy = sy - r0;
      const v = (1 - fy) * ((1 - fx) * at(r0, c0) + fx * at(r0, c0 + 1)) + fy * ((1 - fx) * at(r0 + 1, c0) + fx * at(r0 + 1, c0 + 1));
      out[row * DIGIT_SIDE + col] = Math.min(255, Math.round(v));
    }
  return out;
}

/** Rotated by degrees (positive: clockwise on screen, rows growing downwards) about the image centre. */
export function rotateDigit(image: ArrayLike<number>, degrees: number): Uint8Array {
  const t = (degrees * Math.PI) / 180;
  return warpDigit(image, Math.cos(t), -Math.sin(t), Math.sin(t), Math.cos(t));
}

/** Each pixel the largest (dilate) or smallest (erode) grey level of its 3×3 neighbourhood, or of its 4 neighbours and itself (cross); 0 outside the image. */
export function morphDigit(image: ArrayLike<number>, operation: "dilate" | "erode", neighbourhood: "square" | "cross"): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  const pick = operation === "dilate" ? Math.max : Math.min;
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      let v = image[row * DIGIT_SIDE + col];
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          if (neighbourhood === "cross" && dr !== 0 && dc !== 0) continue;
          const r = row + dr;
          const c = col + dc;
          v = pick(v, r >= 0 && r < DIGIT_SIDE && c >= 0 && c < DIGIT_SIDE ? image[r * DIGIT_SIDE + c] : 0);
        }
      out[row * DIGIT_SIDE + col] = v;
    }
  return out;
}

/** Every grey level v (0–1) replaced by f(v), rounded and clipped to 0–255: brightness (v · g), gamma, contrast. */
export function mapGreyLevels(image: ArrayLike<number>, f: (v: number) => number): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  for (let p = 0; p < DIGIT_PIXELS; p++) out[p] = Math.min(255, Math.max(0, Math.round(255 * f(image[p] / 255))));
  return out;
}

/** Blurred by the 3×3 binomial filter [1 2 1]ᵀ[1 2 1] / 16 (0 outside the image). */
export function blurDigit(image: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(DIGIT_PIXELS);
  for (let row = 0; row < DIGIT_SIDE; row++)
    for (let col = 0; col < DIGIT_SIDE; col++) {
      let v = 0;
      for (let dr = -1; dr <= 1; dr++)
        for (let dc = -1; dc <= 1; dc++) {
          const r = row + dr;
          const c = col + dc;
          if (r >= 0 && r < DIGIT_SIDE && c >= 0 && c < DIGIT_SIDE) v += (2 - Math.abs(dr)) * (2 - Math.abs(dc)) * image[r * DIGIT_SIDE + c];
        }
      out[row * DIGIT_SIDE + col] = Math.round(v / 16);
    }
  return out;
}

/** The mean of the image and its morphDigit(operation, "cross"): strokes half a pixel thicker or thinner. */
export function halfMorphDigit(image: ArrayLike<number>, operation: "dilate" | "erode"): Uint8Array {
  const changed = morphDigit(image, operation, "cross");
  return Uint8Array.from(changed, (v, p) => Math.round((v + image[p]) / 2));
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

const randomSign = (rng: Rng) => (rng() < 0.5 ? -1 : 1);
const scaled = (image: ArrayLike<number>, factor: number) => warpDigit(image, factor, 0, 0, factor);
const brightness = (image: ArrayLike<number>, factor: number) => mapGreyLevels(image, (v) => v * factor);

export const COPY_KINDS: readonly CopyKind[] = [
  { name: "exact", light: true, disguise: (image) => Uint8Array.from(image) },
  { name: "shifted 1 px (random of 8 directions)", light: true, disguise: (image, rng) => shiftDigit(image, ...randomShift(1, rng)) },
  { name: "shifted 2 px (random of 16 directions)", light: true, disguise: (image, rng) => shiftDigit(image, ...randomShift(2, rng)) },
  { name: "Gaussian noise σ = 0.05", light: true, disguise: (image, rng) => withGaussianNoise(image, 0.05, rng) },
  { name: "Gaussian noise σ = 0.1", light: true, disguise: (image, rng) => withGaussianNoise(image, 0.1, rng) },
  { name: "salt and pepper 1 %", light: true, disguise: (image, rng) => withSaltAndPepper(image, 0.01, rng) },
  { name: "salt and pepper 2 %", light: true, disguise: (image, rng) => withSaltAndPepper(image, 0.02, rng) },
  { name: "shifted 2 px + Gaussian σ = 0.1", light: true, disguise: (image, rng) => withGaussianNoise(shiftDigit(image, ...randomShift(2, rng)), 0.1, rng) },
  {
    name: "shifted 1 px + salt and pepper 2 %",
    light: true,
    disguise: (image, rng) => withSaltAndPepper(shiftDigit(image, ...randomShift(1, rng)), 0.02, rng),
  },
  { name: "rotated ±6°", light: true, disguise: (image, rng) => rotateDigit(image, 6 * randomSign(rng)) },
  { name: "rotated ±10°", light: true, disguise: (image, rng) => rotateDigit(image, 10 * randomSign(rng)) },
  { name: "rotated by a random angle in [−10°, 10°]", light: true, disguise: (image, rng) => rotateDigit(image, 20 * rng() - 10) },
  { name: "scaled × 0.9 or × 1.1", light: true, disguise: (image, rng) => scaled(image, rng() < 0.5 ? 0.9 : 1.1) },
  { name: "sheared ±0.15 along rows (slanted)", light: true, disguise: (image, rng) => warpDigit(image, 1, 0.15 * randomSign(rng), 0, 1) },
  { name: "sheared ±0.15 along columns", light: true, disguise: (image, rng) => warpDigit(image, 1, 0, 0.15 * randomSign(rng), 1) },
  { name: "dilated 1 px (3×3 cross)", light: true, disguise: (image) => morphDigit(image, "dilate", "cross") },
  { name: "dilated 1 px (3×3 square)", light: true, disguise: (image) => morphDigit(image, "dilate", "square") },
  { name: "brightness × 0.6", light: true, disguise: (image) => brightness(image, 0.6) },
  { name: "brightness × 0.8", light: true, disguise: (image) => brightness(image, 0.8) },
  { name: "brightness × 1.3, clipped", light: true, disguise: (image) => brightness(image, 1.3) },
  { name: "gamma 0.5 (v ↦ √v)", light: true, disguise: (image) => mapGreyLevels(image, Math.sqrt) },
  { name: "contrast × 1.5 about mid-grey, clipped", light: true, disguise: (image) => mapGreyLevels(image, (v) => 0.5 + 1.5 * (v - 0.5)) },
  { name: "blurred (3×3 binomial)", light: true, disguise: (image) => blurDigit(image) },
  { name: "rotated ±8° + shifted 1 px", light: true, disguise: (image, rng) => shiftDigit(rotateDigit(image, 8 * randomSign(rng)), ...randomShift(1, rng)) },
  {
    name: "dilated (cross) + rotated ±6° + shifted 1 px",
    light: true,
    disguise: (image, rng) => shiftDigit(rotateDigit(morphDigit(image, "dilate", "cross"), 6 * randomSign(rng)), ...randomShift(1, rng)),
  },
  {
    name: "scaled × 1.1 + sheared ±0.1 + brightness × 0.8 + shifted 1 px",
    light: true,
    disguise: (image, rng) => shiftDigit(brightness(warpDigit(image, 1.1, 0.1 * randomSign(rng), 0, 1.1), 0.8), ...randomShift(1, rng)),
  },
  { name: "rotated ±6° + Gaussian σ = 0.05", light: true, disguise: (image, rng) => withGaussianNoise(rotateDigit(image, 6 * randomSign(rng)), 0.05, rng) },
  { name: "shifted 3 px", light: false, disguise: (image, rng) => shiftDigit(image, ...randomShift(3, rng)) },
  { name: "Gaussian noise σ = 0.2", light: false, disguise: (image, rng) => withGaussianNoise(image, 0.2, rng) },
  { name: "salt and pepper 5 %", light: false, disguise: (image, rng) => withSaltAndPepper(image, 0.05, rng) },
  { name: "eroded 1 px (3×3 cross)", light: false, disguise: (image) => morphDigit(image, "erode", "cross") },
  { name: "eroded 1 px (3×3 square)", light: false, disguise: (image) => morphDigit(image, "erode", "square") },
  { name: "half a pixel thicker (mean with the cross dilation)", light: false, disguise: (image) => halfMorphDigit(image, "dilate") },
  { name: "half a pixel thinner (mean with the cross erosion)", light: false, disguise: (image) => halfMorphDigit(image, "erode") },
  {
    name: "stretched: × 0.9 across and × 1.1 down, or the reverse",
    light: false,
    disguise: (image, rng) => (rng() < 0.5 ? warpDigit(image, 0.9, 0, 0, 1.1) : warpDigit(image, 1.1, 0, 0, 0.9)),
  },
  {
    name: "rotated ±8° + dilated (square) + brightness × 0.8 + shifted 1 px",
    light: false,
    disguise: (image, rng) => shiftDigit(brightness(morphDigit(rotateDigit(image, 8 * randomSign(rng)), "dilate", "square"), 0.8), ...randomShift(1, rng)),
  },
];
