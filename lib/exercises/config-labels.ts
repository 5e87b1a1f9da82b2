/**
 * Training configs shown to people: each field by its label (ExerciseSpec.configLabels), its value
 * with its unit, never the code name. Also the labels several exercises share (each exercise's spec
 * holds its one map, built from these and its own).
 */
import type { ConfigFieldLabel } from "./types";

export type ConfigLabels = Readonly<Record<string, ConfigFieldLabel>>;

/** Fields that mean the same in every exercise that has them. */
export const SHARED_CONFIG_LABELS = {
  seed: { label: "Random seed", hint: "Fixes the initial weights and the order of the batches (or the chain's random draws)." },
  batchSize: { label: "Batch size", unit: "examples", hint: "Training examples per step." },
  learningRate: { label: "Learning rate", hint: "Step size of the optimizer (Adam)." },
  generatorLr: { label: "Generator learning rate", hint: "Step size of G's optimizer." },
  discriminatorLr: { label: "Discriminator learning rate", hint: "Step size of D's optimizer." },
  dSteps: { label: "D steps per G step (k)", hint: "Discriminator updates per generator update (k of Algorithm 1)." },
  noiseDim: { label: "Noise dimension", hint: "Size of the generator's input z." },
  hiddenUnits: { label: "Hidden units", unit: "units", hint: "Units in the hidden layer." },
  emIterations: { label: "Most EM iterations", unit: "iterations", hint: "EM stops here if it has not converged before." },
  emTolerance: { label: "Convergence tolerance", hint: "EM stops when log L improves by less than this fraction of |log L|." },
} as const satisfies Record<string, ConfigFieldLabel>;

/** "generatorLr" → "Generator lr": the fallback for a field without a label. */
export function humanizeConfigKey(key: string): string {
  const last = key.split(".").at(-1) ?? key;
  const words = last
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/[_-]+/g, " ")
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** The field's label, or its humanized key when the exercise has none. */
export function configFieldLabel(labels: ConfigLabels | undefined, key: string): ConfigFieldLabel {
  return labels?.[key] ?? { label: humanizeConfigKey(key) };
}

function valueText(value: unknown): string {
  if (typeof value === "boolean") return value ? "yes" : "no";
  if (typeof value === "number") return Number.isInteger(value) && Math.abs(value) >= 10_000 ? value.toLocaleString("en") : String(value);
  if (value === null || value === undefined) return "–";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

export interface ConfigEntry {
  /** The field's path: "hiddenWidth", "architecture.blockSize". */
  key: string;
  label: string;
  /** The value with its unit: "64 units", "0.001", "yes". */
  value: string;
  hint?: string;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The config's fields in order, nested objects flattened to dotted paths, each with its label. */
export function configEntries(config: Record<string, unknown>, labels: ConfigLabels | undefined): ConfigEntry[] {
  const entries: ConfigEntry[] = [];
  const walk = (object: Record<string, unknown>, prefix: string) => {
    for (const [k, v] of Object.entries(object)) {
      const key = prefix + k;
      if (isPlainObject(v)) {
        walk(v, `${key}.`);
        continue;
      }
      const field = configFieldLabel(labels, key);
      const text = valueText(v);
      entries.push({
        key,
        label: field.label,
        value: field.unit && typeof v === "number" ? `${text} ${field.unit}` : text,
        ...(field.hint ? { hint: field.hint } : {}),
      });
    }
  };
  walk(config, "");
  return entries;
}

/** "Hidden width 64 units, Batch size 256 examples, …": a config on one line. */
export function formatConfig(config: Record<string, unknown>, labels: ConfigLabels | undefined, keys?: readonly string[]): string {
  const entries = configEntries(config, labels);
  return (keys ? entries.filter((e) => keys.includes(e.key)) : entries).map((e) => `${e.label} ${e.value}`).join(", ");
}

/** Every field path of a config (nested objects as dotted paths, and the objects themselves): what configLabels must name. */
export function configKeyPaths(config: Record<string, unknown>, prefix = ""): string[] {
  return Object.entries(config).flatMap(([k, v]) => [prefix + k, ...(isPlainObject(v) ? configKeyPaths(v, `${prefix}${k}.`) : [])]);
}
