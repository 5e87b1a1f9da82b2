/**
 * SERVER-ONLY: the held-out splits the scorers use. Never import this from app/ or from any code
 * that is bundled for the browser (a unit test enforces it for app/). Files are read with node:fs
 * on first use and cached.
 */
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { beakFlipperPoints, bodyMassKg } from "./penguins";
import { weatherSymbols } from "./seattle-weather";
import { penguinSplit, weatherSplit } from "./train";

let penguinPoints: Vec2[] | undefined;
let bodyMass: number[] | undefined;
let weather: number[] | undefined;

/** 86 held-out penguins as [beak length, flipper length] in mm. */
export function loadPenguinHeldout(): Vec2[] {
  penguinPoints ??= beakFlipperPoints(penguinSplit().heldout);
  return penguinPoints;
}

/** Body masses (kg) of the 86 held-out penguins. */
export function loadBodyMassHeldout(): number[] {
  bodyMass ??= bodyMassKg(penguinSplit().heldout);
  return bodyMass;
}

/** Weather symbol indices of 2015 (365 days). */
export function loadWeatherHeldout(): number[] {
  weather ??= weatherSymbols(weatherSplit().heldout);
  return weather;
}
