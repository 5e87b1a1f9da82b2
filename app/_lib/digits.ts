"use client";
/** Downloads a public MNIST split once per page load, reporting progress (the server gzips it). */
import { decodeDigitSet, DIGIT_PIXELS, type DigitSet } from "@/lib/ml/datasets/digits";

/** Digits per public split (see lib/datasets/mnist.ts), to report progress on the unpacked bytes. */
const SPLIT_SIZES = { train: 8000, validation: 1000 } as const;
export type PublicDigitSplit = keyof typeof SPLIT_SIZES;

const cache = new Map<PublicDigitSplit, Promise<DigitSet>>();

async function download(split: PublicDigitSplit, onProgress?: (fraction: number) => void): Promise<DigitSet> {
  const response = await fetch(`/api/datasets/mnist/${split}.bin`);
  if (!response.ok || !response.body) throw new Error(`The ${split} digits could not be downloaded (HTTP ${response.status}).`);
  const expected = 4 + SPLIT_SIZES[split] * (1 + DIGIT_PIXELS);
  const bytes = new Uint8Array(expected);
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (received + value.length > expected) throw new Error(`The ${split} digits are larger than expected.`);
    bytes.set(value, received);
    received += value.length;
    onProgress?.(received / expected);
  }
  return decodeDigitSet(bytes.subarray(0, received));
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
