/**
 * 28×28 grey-level digits as compact bytes, shared by every digit model, the evaluator, the server
 * and the browser. Pure (no Node or DOM APIs): the browser decodes what the server encodes.
 *
 * Pixels are uint8 0–255, row-major, image after image; labels are 0–9.
 */

export const DIGIT_SIDE = 28;
export const DIGIT_PIXELS = DIGIT_SIDE * DIGIT_SIDE;
export const DIGIT_CLASSES = 10;

export interface DigitSet {
  count: number;
  /** count × 784 grey levels, 0 (black background) … 255 (ink). */
  images: Uint8Array;
  /** count labels 0–9. */
  labels: Uint8Array;
}

/** Images start … start+count−1 as floats in [0, 1] (count × 784), the models' input. */
export function digitsToFloat(images: Uint8Array, start = 0, count = images.length / DIGIT_PIXELS): Float32Array {
  const out = new Float32Array(count * DIGIT_PIXELS);
  const offset = start * DIGIT_PIXELS;
  for (let i = 0; i < out.length; i++) out[i] = images[offset + i] / 255;
  return out;
}

/** Floats in [0, 1] (values outside are clipped, NaN becomes 0) → uint8 grey levels. */
export function floatToDigits(values: ArrayLike<number>): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = v > 0 ? (v >= 1 ? 255 : Math.round(v * 255)) : 0;
  }
  return out;
}

/** Binary pixels for binary models (RBM): ink ≥ threshold → 1. */
export function binarizeDigits(values: Float32Array, threshold = 0.5): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = values[i] >= threshold ? 1 : 0;
  return out;
}

/** The wire format of a digit set: [count as uint32 LE][count labels][count × 784 pixels]. */
export function encodeDigitSet(set: DigitSet): Uint8Array {
  const out = new Uint8Array(4 + set.count + set.count * DIGIT_PIXELS);
  new DataView(out.buffer).setUint32(0, set.count, true);
  out.set(set.labels.subarray(0, set.count), 4);
  out.set(set.images.subarray(0, set.count * DIGIT_PIXELS), 4 + set.count);
  return out;
}

export function decodeDigitSet(bytes: Uint8Array): DigitSet {
  if (bytes.length < 4) throw new RangeError("Not a digit set: too short.");
  const count = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  if (bytes.length !== 4 + count * (1 + DIGIT_PIXELS)) throw new RangeError(`Not a digit set: ${bytes.length} bytes for ${count} digits.`);
  return {
    count,
    labels: bytes.slice(4, 4 + count),
    images: bytes.slice(4 + count),
  };
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const BASE64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < BASE64.length; i++) BASE64_INDEX[BASE64.charCodeAt(i)] = i;

/** Standard base64 (with padding) of bytes; isomorphic and fast enough for a megabyte. */
export function bytesToBase64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    chunk +=
      BASE64[a >> 2] +
      BASE64[((a & 3) << 4) | (b >> 4)] +
      (i + 1 < bytes.length ? BASE64[((b & 15) << 2) | (c >> 6)] : "=") +
      (i + 2 < bytes.length ? BASE64[c & 63] : "=");
    if (chunk.length >= 8192) {
      parts.push(chunk);
      chunk = "";
    }
  }
  parts.push(chunk);
  return parts.join("");
}

/** Decodes standard base64; returns null (never throws) when the text is not valid base64. */
export function base64ToBytes(text: string): Uint8Array | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith("==") ? 2 : text.endsWith("=") ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - padding);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const q = [0, 1, 2, 3].map((k) => {
      const code = text.charCodeAt(i + k);
      if (code === 61 /* = */ && i + 4 === text.length && k >= 4 - padding) return 0;
      return code < 128 ? BASE64_INDEX[code] : -1;
    });
    if (q.some((v) => v < 0)) return null;
    const triple = (q[0] << 18) | (q[1] << 12) | (q[2] << 6) | q[3];
    if (o < out.length) out[o++] = (triple >> 16) & 255;
    if (o < out.length) out[o++] = (triple >> 8) & 255;
    if (o < out.length) out[o++] = triple & 255;
  }
  return out;
}
