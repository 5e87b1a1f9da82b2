/**
 * Palmer penguins (Gorman, Williams & Fraser 2014) as shipped in vega-datasets 3.2.1,
 * data/penguins.json: 344 rows, of which 2 have no measurements; 342 remain.
 *
 * The split is fixed: seededSplit(342, PENGUIN_SPLIT_SEED, 0.25) → 256 training penguins and
 * 86 held-out penguins. All penguin exercises use this same split (mle-gaussian and gmm-em use
 * beak and flipper length in mm; kde-bandwidth uses body mass in kg).
 *
 * Pure: parsing and splitting take the file's parsed JSON, so the browser can share them.
 * Node loaders live in ./train (training split) and ./heldout (server-only).
 */
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { seededSplit } from "./split";

export const PENGUINS_FILE = "penguins.json";
export const PENGUIN_SPLIT_SEED = 20240601;
export const PENGUIN_HELDOUT_FRACTION = 0.25;
/** Rows with beak length, flipper length and body mass all present. */
export const PENGUIN_ROWS = 342;
export const PENGUIN_TRAIN_SIZE = 256;
export const PENGUIN_HELDOUT_SIZE = 86;

/** The file's exact key names ("Beak Length" is the bill length). */
export const PENGUIN_KEYS = {
  beakLength: "Beak Length (mm)",
  flipperLength: "Flipper Length (mm)",
  bodyMass: "Body Mass (g)",
} as const;

export interface Penguin {
  species: string;
  beakLengthMm: number;
  flipperLengthMm: number;
  bodyMassG: number;
}

const num = (v: unknown): number | null => (typeof v === "number" && Number.isFinite(v) ? v : null);

/** The file's rows, in file order, minus those with a missing measurement. */
export function parsePenguins(raw: unknown): Penguin[] {
  if (!Array.isArray(raw)) throw new TypeError("penguins.json must be a JSON array.");
  const rows: Penguin[] = [];
  for (const r of raw as Record<string, unknown>[]) {
    const beak = num(r?.[PENGUIN_KEYS.beakLength]);
    const flipper = num(r?.[PENGUIN_KEYS.flipperLength]);
    const mass = num(r?.[PENGUIN_KEYS.bodyMass]);
    if (beak === null || flipper === null || mass === null) continue;
    rows.push({ species: String(r.Species), beakLengthMm: beak, flipperLengthMm: flipper, bodyMassG: mass });
  }
  return rows;
}

export interface PenguinSplit {
  train: Penguin[];
  heldout: Penguin[];
}

/** The documented split of parsed rows. */
export function splitPenguins(rows: readonly Penguin[]): PenguinSplit {
  const { train, heldout } = seededSplit(rows.length, PENGUIN_SPLIT_SEED, PENGUIN_HELDOUT_FRACTION);
  return { train: train.map((i) => rows[i]), heldout: heldout.map((i) => rows[i]) };
}

/** [beak length, flipper length] in mm: the 2-D data of mle-gaussian and gmm-em. */
export function beakFlipperPoints(rows: readonly Penguin[]): Vec2[] {
  return rows.map((p) => [p.beakLengthMm, p.flipperLengthMm] as const);
}

/** Body mass in kg: the 1-D data of kde-bandwidth. */
export function bodyMassKg(rows: readonly Penguin[]): number[] {
  return rows.map((p) => p.bodyMassG / 1000);
}
