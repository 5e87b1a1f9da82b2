/**
 * A submitted network's weights, read from JSON in either of the two forms the exercises accept:
 * - a list of numbers;
 * - {"dtype": "float32", "data": "<base64 of the little-endian float32 bytes>"}: what the pages
 *   send, 5⅓ characters per weight instead of about 14 as text.
 * Each weight must be finite and within ±limit. Problems are reported in words, naming the entry as
 * in the JSON, counting from 0: `"model.generator[17]" is not a number`, `"model.generator.data"
 * holds NaN at weight 3`. TF.js-free, browser-safe.
 */
import { fmt, readNumber, readObject, type Report } from "../density/checks";
import { base64ToBytes } from "../datasets/digits";

const count = (n: number) => n.toLocaleString("en");
const BASE64_FORM = '{"dtype": "float32", "data": "<base64>"}';

/** The weights of a {"dtype": "float32", "data": …} object as float32 values; null after reporting a problem. */
function decodeFloat32(value: object, field: string, length: number, what: string, report: Report): Float32Array | null {
  const tensor = readObject(value, field, ["dtype", "data"], BASE64_FORM, report);
  if (!tensor) return null;
  if (tensor.dtype !== "float32") {
    report(`${field}.dtype`, 'must be "float32"');
    return null;
  }
  const bytes = typeof tensor.data === "string" ? base64ToBytes(tensor.data) : null;
  if (bytes === null) {
    report(`${field}.data`, "must be a base64 string (A–Z, a–z, 0–9, +, / and = padding)");
    return null;
  }
  const expected = 4 * length;
  if (bytes.length !== expected) {
    report(`${field}.data`, `must hold ${count(length)} float32 weights (${what}), ${count(expected)} bytes; it holds ${count(bytes.length)} bytes`);
    return null;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, expected);
  return Float32Array.from({ length }, (_, i) => view.getFloat32(4 * i, true));
}

/** One weight: a finite number within ±limit; null after reporting a problem. */
export function readWeight(value: unknown, field: string, limit: number, report: Report): number | null {
  const v = readNumber(value, field, report);
  if (v === null) return null;
  if (!(Math.abs(v) <= limit)) {
    report(field, `is ${fmt(v)}; it must be within ±${limit}`);
    return null;
  }
  return v;
}

/**
 * `length` weights (`what` describes their layout in messages) as a list of numbers or, unless
 * `base64` is false, as base64 float32; null after reporting the first problem.
 */
export function readFlatWeights(
  value: unknown,
  field: string,
  length: number,
  what: string,
  limit: number,
  report: Report,
  { base64 = true } = {},
): Float64Array | null {
  if (Array.isArray(value)) {
    if (value.length !== length) {
      report(field, `must have ${count(length)} numbers (${what}); it has ${count(value.length)}`);
      return null;
    }
    const out = new Float64Array(length);
    for (const [i, entry] of value.entries()) {
      const v = readWeight(entry, `${field}[${i}]`, limit, report);
      if (v === null) return null;
      out[i] = v;
    }
    return out;
  }
  if (!base64 || typeof value !== "object" || value === null) {
    report(field, `${value === undefined ? "is missing; it " : ""}must be a list of ${count(length)} numbers (${what})${base64 ? ` or ${BASE64_FORM}` : ""}`);
    return null;
  }
  const decoded = decodeFloat32(value, field, length, what, report);
  if (!decoded) return null;
  const bad = decoded.findIndex((v) => !(Math.abs(v) <= limit));
  if (bad >= 0) {
    const v = decoded[bad];
    report(`${field}.data`, `holds ${Number.isNaN(v) ? "NaN" : fmt(v)} at weight ${bad}; every weight must be a finite number within ±${limit}`);
    return null;
  }
  return Float64Array.from(decoded);
}

/** A whole number in [min, max] (a layer size, a code size); null after reporting a problem. */
export function readWholeNumber(value: unknown, field: string, min: number, max: number, why: string, report: Report): number | null {
  const v = readNumber(value, field, report);
  if (v === null) return null;
  if (!Number.isInteger(v) || v < min || v > max) {
    report(field, `is ${fmt(v)}; it must be a whole number from ${min} to ${max}${why}`);
    return null;
  }
  return v;
}
