/**
 * Seattle daily weather 2012–2015 as shipped in vega-datasets 3.2.1, data/seattle-weather.csv
 * (1,461 days; column `weather` ∈ sun, rain, fog, drizzle, snow).
 *
 * The split is by time: training = 2012–2014 (1,096 days), held-out = 2015 (365 days).
 * Pure: parsing and splitting take the file's text, so the browser can share them.
 */

/** The HMM's output alphabet, in this order (emission columns follow it). */
export const WEATHER_SYMBOLS = ["sun", "rain", "fog", "drizzle", "snow"] as const;
export type WeatherSymbol = (typeof WEATHER_SYMBOLS)[number];

export const SEATTLE_WEATHER_FILE = "seattle-weather.csv";
export const WEATHER_DAYS = 1461;
export const WEATHER_HELDOUT_YEAR = 2015;
export const WEATHER_TRAIN_SIZE = 1096;
export const WEATHER_HELDOUT_SIZE = 365;

export interface WeatherDay {
  date: string;
  tempMaxC: number;
  weather: WeatherSymbol;
}

const SYMBOL_INDEX = new Map<string, number>(WEATHER_SYMBOLS.map((s, i) => [s, i]));

export function weatherSymbolIndex(symbol: string): number {
  const i = SYMBOL_INDEX.get(symbol);
  if (i === undefined) throw new RangeError(`Unknown weather symbol "${symbol}".`);
  return i;
}

/** Parses the CSV (header date,precipitation,temp_max,temp_min,wind,weather), in date order. */
export function parseSeattleWeatherCsv(text: string): WeatherDay[] {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(",");
  const col = (name: string) => {
    const i = header.indexOf(name);
    if (i < 0) throw new TypeError(`seattle-weather.csv has no column "${name}".`);
    return i;
  };
  const date = col("date");
  const tempMax = col("temp_max");
  const weather = col("weather");
  const days = lines.slice(1).map((line) => {
    const cells = line.split(",");
    const w = cells[weather].trim();
    weatherSymbolIndex(w);
    return { date: cells[date], tempMaxC: Number(cells[tempMax]), weather: w as WeatherSymbol };
  });
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

export interface WeatherSplit {
  train: WeatherDay[];
  heldout: WeatherDay[];
}

/** Training = every year before 2015, held-out = 2015. */
export function splitWeather(days: readonly WeatherDay[]): WeatherSplit {
  const year = (d: WeatherDay) => Number(d.date.slice(0, 4));
  return { train: days.filter((d) => year(d) < WEATHER_HELDOUT_YEAR), heldout: days.filter((d) => year(d) === WEATHER_HELDOUT_YEAR) };
}

/** Symbol indices (positions in WEATHER_SYMBOLS) of the days, in order. */
export function weatherSymbols(days: readonly WeatherDay[]): number[] {
  return days.map((d) => weatherSymbolIndex(d.weather));
}
