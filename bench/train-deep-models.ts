/**
 * Bench: browser training speed of every deep model of the course (default configs) in headless
 * Chromium on this machine's best backend here (wasm). One JSON line per model on stdout:
 *   {"bench":"train-deep","model":…,"backend":…,"its":…}
 *   npx tsx bench/train-deep-models.ts     Env: BENCH_BACKEND (wasm), BENCH_WARMUP_MS (1500), BENCH_MEASURE_MS (4000)
 */
import { loadNames } from "@/lib/datasets/names";
import { loadMnistSplit } from "@/lib/datasets/mnist";
import { encodeDigitSet } from "@/lib/ml/datasets/digits";
import type { DeepBenchResult } from "./browser/train-deep-entry";
import { envInt, exitAfter, log, openBenchPage } from "./browser/harness";

exitAfter(15 * 60 * 1000);
const files = new Map([
  ["/digits.bin", { type: "application/octet-stream", body: Buffer.from(encodeDigitSet(loadMnistSplit("train"))) }],
  ["/names.json", { type: "application/json", body: JSON.stringify(loadNames().train) }],
]);
const bench = await openBenchPage("train-deep-entry.ts", "genlabDeepBench", { files });
try {
  const options = { backend: process.env.BENCH_BACKEND ?? "wasm", warmupMs: envInt("BENCH_WARMUP_MS", 1500), measureMs: envInt("BENCH_MEASURE_MS", 4000) };
  log("options", JSON.stringify(options));
  const results = await bench.page.evaluate(
    (o) => (globalThis as unknown as { genlabDeepBench: (o: unknown) => Promise<DeepBenchResult[]> }).genlabDeepBench(o),
    options,
  );
  for (const r of results) {
    if (r.numTensorsGrowth !== 0) log(`${r.model}: tensor count grew by ${r.numTensorsGrowth} while measuring`);
    process.stdout.write(JSON.stringify({ bench: "train-deep", model: r.model, backend: r.backend, its: Math.round(r.its * 10) / 10 }) + "\n");
  }
} finally {
  await bench.close();
}
process.exit(0);
