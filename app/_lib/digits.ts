"use client";
/** Downloads a public MNIST split once per page load, reporting progress (the server gzips it). */
import { decodeDigitSet, DIGIT_PIXELS, type DigitSet } from "@/lib/ml/datasets/digits";

export type PublicDigitSplit = "train" | "validation";

const cache = new Map<PublicDigitSplit, Promise<DigitSet>>();

async function download(split: PublicDigitSplit, onProgress?: (fraction: number) => void): Promise<DigitSet> {
  const response = await fetch(`/api/datasets/mnist/${split}.bin`);
  if (!response.ok || !response.body) throw new Error(`The ${split} digits could not be downloaded (HTTP ${response.status}).`);
  // The wire format starts with the digit count, so the first chunk tells how much is coming.
  const chunks: Uint8Array[] = [];
  let received = 0;
  let expected = Infinity;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (expected === Infinity && received >= 4) {
      const head = chunks.length === 1 ? value : concat(chunks, received);
      expected = 4 + new DataView(head.buffer, head.byteOffset, 4).getUint32(0, true) * (1 + DIGIT_PIXELS);
    }
    onProgress?.(Math.min(1, received / expected));
  }
  return decodeDigitSet(concat(chunks, received));
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

export function loadDigitSplit(split: PublicDigitSplit, onProgress?: (fraction: number) => void): Promise<DigitSet> {
  let pending = cache.get(split);
  if (!pending) {
    pending = download(split, onProgress);
    pending.catch(() => cache.delete(split)); // a failed download can be retried
    cache.set(split, pending);
  } else onProgress?.(1);
  return pending;
}
