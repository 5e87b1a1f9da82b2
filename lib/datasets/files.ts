/**
 * Node-only: reads data files of the installed vega-datasets package (nothing is downloaded).
 * The package's "exports" hide data/, so the directory is found from its resolved entry point.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

let dataDir: string | undefined;

export function vegaDataDir(): string {
  if (!dataDir) {
    const entry = createRequire(import.meta.url).resolve("vega-datasets");
    // entry = …/node_modules/vega-datasets/build/index.js
    dataDir = path.join(path.dirname(path.dirname(entry)), "data");
  }
  return dataDir;
}

export function readVegaDataFile(name: string): string {
  return readFileSync(path.join(vegaDataDir(), name), "utf8");
}
