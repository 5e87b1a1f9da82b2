/**
 * Plain-language checks of submitted model parameters (JSON), shared by the exercise schemas and,
 * later, the browser (to warn before submitting). Each problem is reported as (field, message);
 * messages are written to follow the field's name: `"covariances" component 2 is not symmetric …`.
 */
import { z } from "zod";
import { eigenvalues2 } from "./gaussian";

export type Report = (field: string, message: string) => void;

/** Probability rows must sum to 1 within this (messages say ±1e-6). */
export const PROBABILITY_TOLERANCE = 1e-6;

/** x rounded to `digits` decimals (for previews); never −0, which JSON would turn into 0 (a stored preview must read back as computed). */
export const roundTo = (x: number, digits: number): number => Math.round(x * 10 ** digits) / 10 ** digits + 0;

/** Short number formatting for messages. */
export function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(7)));
}

function numberProblem(v: unknown): string | null {
  if (v === null) return "is not a number (NaN and Infinity cannot be sent as JSON)";
  if (typeof v !== "number") return "is not a number";
  if (!Number.isFinite(v)) return "is not a finite number";
  return null;
}

/** Reads one number; null after reporting a problem. */
export function readNumber(value: unknown, field: string, report: Report, label = ""): number | null {
  if (value === undefined && !label) {
    report(field, "is missing");
    return null;
  }
  const problem = numberProblem(value);
  if (problem) {
    report(field, label ? `${label} ${problem}` : problem);
    return null;
  }
  return value as number;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** An object with no keys but the given ones (a missing one is left to its reader); null after reporting a problem. */
export function readObject(value: unknown, field: string, keys: readonly string[], example: string, report: Report): Record<string, unknown> | null {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    report(field, `${value === undefined ? "is missing; it must" : "must"} be an object like ${example}`);
    return null;
  }
  const unknown = Object.keys(value).find((key) => !keys.includes(key));
  if (unknown !== undefined) {
    report(
      field ? `${field}.${unknown}` : unknown,
      `is not a known field; ${field ? `"${field}"` : "the submission"} has only ${keys.map((k) => `"${k}"`).join(", ")}`,
    );
    return null;
  }
  return value as Record<string, unknown>;
}

/**
 * Reads a list of numbers of exactly `length` entries (or between min and max). `label` prefixes
 * messages ("row 2"), `entryName` names one element ("entry", "coordinate").
 */
export function readVector(
  value: unknown,
  field: string,
  length: number | { exactly: number; what: string } | { min: number; max: number; what: string },
  report: Report,
  label = "",
  entryName: (i: number) => string = (i) => `entry ${i + 1}`,
): number[] | null {
  const at = label ? `${label} ` : "";
  const expected =
    typeof length === "number"
      ? plural(length, "number")
      : "exactly" in length
        ? `${plural(length.exactly, "number")} (${length.what})`
        : `${length.min} to ${length.max} numbers (${length.what})`;
  const [min, max] = typeof length === "number" ? [length, length] : "exactly" in length ? [length.exactly, length.exactly] : [length.min, length.max];
  if (value === undefined) {
    report(field, `${at}is missing; it must be a list of ${expected}`);
    return null;
  }
  if (!Array.isArray(value)) {
    report(field, `${at}must be a list of ${expected}`);
    return null;
  }
  if (value.length < min || value.length > max) {
    report(field, `${at}must have ${expected}; it has ${value.length}`);
    return null;
  }
  let ok = true;
  value.forEach((v, i) => {
    const problem = numberProblem(v);
    if (problem) {
      report(field, `${label ? `${label}, ` : ""}${entryName(i)} ${problem}`);
      ok = false;
    }
  });
  return ok ? (value.slice() as number[]) : null;
}

/** Reads a rows × cols matrix of numbers. */
export function readMatrix(
  value: unknown,
  field: string,
  rows: number,
  cols: number,
  report: Report,
  label = "",
  columnName?: (j: number) => string,
): number[][] | null {
  const at = label ? `${label} ` : "";
  const shape = `${plural(rows, "row")} of ${plural(cols, "number")}`;
  if (value === undefined) {
    report(field, `${at}is missing; it must be ${shape}`);
    return null;
  }
  if (!Array.isArray(value)) {
    report(field, `${at}must be a list of ${shape}`);
    return null;
  }
  if (value.length !== rows) {
    report(field, `${at}must have ${shape}; it has ${plural(value.length, "row")}`);
    return null;
  }
  const out: number[][] = [];
  let ok = true;
  value.forEach((row, r) => {
    const where = label ? `${label}, row ${r + 1}` : `row ${r + 1}`;
    const length = columnName ? { exactly: cols, what: Array.from({ length: cols }, (_, j) => columnName(j)).join(", ") } : cols;
    const read = readVector(row, field, length, report, where, (j) => `column ${j + 1}${columnName ? ` (${columnName(j)})` : ""}`);
    if (read) out.push(read);
    else ok = false;
  });
  return ok ? out : null;
}

/** Non-negative entries summing to 1 within PROBABILITY_TOLERANCE; `label` names the row. */
export function checkProbabilities(
  p: readonly number[],
  field: string,
  report: Report,
  label = "",
  entryName: (i: number) => string = (i) => `entry ${i + 1}`,
): boolean {
  let ok = true;
  p.forEach((v, i) => {
    if (v < 0) {
      report(field, `${label ? `${label}, ` : ""}${entryName(i)} is negative (${fmt(v)}); probabilities must be ≥ 0`);
      ok = false;
    } else if (v > 1) {
      report(field, `${label ? `${label}, ` : ""}${entryName(i)} is ${fmt(v)}; a probability cannot exceed 1`);
      ok = false;
    }
  });
  if (!ok) return false;
  const sum = p.reduce((s, v) => s + v, 0);
  if (Math.abs(sum - 1) > PROBABILITY_TOLERANCE) {
    report(field, `${label ? `${label} ` : ""}sums to ${fmt(sum)}, not 1 (allowed error ±1e-6)`);
    return false;
  }
  return true;
}

export interface CovarianceBounds {
  /** Smallest allowed eigenvalue (units²). */
  minEigenvalue: number;
  /** Largest allowed |entry|. */
  maxEntry: number;
  /** Unit for messages, e.g. "mm²". */
  unit: string;
  /** Why the eigenvalue floor exists, appended to its message. */
  floorReason: string;
}

/** A 2×2 covariance: symmetric, positive definite, eigenvalues ≥ the floor, entries bounded. */
export function checkCovariance2(m: readonly (readonly number[])[], field: string, report: Report, bounds: CovarianceBounds, label = ""): boolean {
  const at = label ? `${label} ` : "";
  const [[a, b], [c, d]] = m;
  for (const v of [a, b, c, d]) {
    if (Math.abs(v) > bounds.maxEntry) {
      report(field, `${at}has an entry of ${fmt(v)}; entries must be within ±${bounds.maxEntry} ${bounds.unit}`);
      return false;
    }
  }
  if (Math.abs(b - c) > 1e-9 * Math.max(1, Math.abs(b), Math.abs(c))) {
    report(field, `${at}is not symmetric: row 1, column 2 is ${fmt(b)} but row 2, column 1 is ${fmt(c)}`);
    return false;
  }
  const det = a * d - b * c;
  if (!(a > 0) || !(d > 0) || !(det > 0)) {
    const why = !(a > 0) || !(d > 0) ? `its variances (${fmt(a)}, ${fmt(d)}) must both be > 0` : `its determinant a·d − b² is ${fmt(det)}, it must be > 0`;
    report(field, `${at}is not positive definite: ${why}`);
    return false;
  }
  const [smallest] = eigenvalues2([
    [a, b],
    [b, d],
  ]);
  // A relative slack of 1e-9, so that EM's floored covariances (exactly at the floor) pass after rounding.
  if (smallest < bounds.minEigenvalue * (1 - 1e-9)) {
    report(
      field,
      `${at}has a smallest eigenvalue of ${fmt(smallest)} ${bounds.unit}; at least ${fmt(bounds.minEigenvalue)} ${bounds.unit} is required (${bounds.floorReason})`,
    );
    return false;
  }
  return true;
}

/**
 * A zod schema from a checking function: `check` reads the JSON body, reports problems and returns
 * the typed value (or null). Problems become zod issues at path [field] ([] when field is ""), so
 * describeValidationError prints `"field" message.` and the API and CLI say the same thing.
 */
export function schemaFromChecks<T>(check: (body: Record<string, unknown>, report: Report) => T | null, objectShape: string): z.ZodType<T> {
  return z.unknown().transform((body, ctx) => {
    const report: Report = (field, message) => ctx.issues.push({ code: "custom", message, path: field ? [field] : [], input: body });
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      report("", `must be a JSON object like ${objectShape}`);
      return z.NEVER;
    }
    const value = check(body as Record<string, unknown>, report);
    if (value === null || ctx.issues.length > 0) {
      if (ctx.issues.length === 0) report("", "is not valid");
      return z.NEVER;
    }
    return value;
  }) as unknown as z.ZodType<T>;
}
