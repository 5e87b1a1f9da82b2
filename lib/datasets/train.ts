/**
 * Node loaders for the TRAINING splits (lazy, cached). Safe to show to students; the browser gets
 * the same rows from the pure split functions in ./penguins and ./seattle-weather.
 */
import type { Vec2 } from "@/lib/ml/density/gaussian";
import { readVegaDataFile } from "./files";
import { beakFlipperPoints, bodyMassKg, parsePenguins, PENGUINS_FILE, splitPenguins, type PenguinSplit } from "./penguins";
import { parseSeattleWeatherCsv, SEATTLE_WEATHER_FILE, splitWeather, weatherSymbols, type WeatherSplit } from "./seattle-weather";

let penguins: PenguinSplit | undefined;
let weather: WeatherSplit | undefined;

/** Both penguin splits; for ./heldout and tests — page code must use the train loaders only. */
export function penguinSplit(): PenguinSplit {
  penguins ??= splitPenguins(parsePenguins(JSON.parse(readVegaDataFile(PENGUINS_FILE))));
  return penguins;
}

/** Both weather splits; for ./heldout and tests — page code must use the train loaders only. */
export function weatherSplit(): WeatherSplit {
  weather ??= splitWeather(parseSeattleWeatherCsv(readVegaDataFile(SEATTLE_WEATHER_FILE)));
  return weather;
}

/** 256 training penguins as [beak length, flipper length] in mm. */
export function loadPenguinTrain(): Vec2[] {
  return beakFlipperPoints(penguinSplit().train);
}

/** Body masses (kg) of the 256 training penguins. */
export function loadBodyMassTrain(): number[] {
  return bodyMassKg(penguinSplit().train);
}

/** Weather symbol indices of 2012–2014 (1,096 days). */
export function loadWeatherTrain(): number[] {
  return weatherSymbols(weatherSplit().train);
}
