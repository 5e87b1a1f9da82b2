/**
 * Bench: GenLab's GanTrainer vs a naive layers-API GAN loop (same model, same page, same
 * backend) in headless Chromium. Prints two JSON lines to stdout (raw throughput, and the page's
 * frame-yielding run() loop); everything else to stderr.
 *   npx tsx bench/train-gan-ring.ts
 * Env: BENCH_MEASURE_MS (default 5000), BENCH_WARMUP_MS (2000), BENCH_ROUNDS (3),
 * BENCH_EXTRA_BACKENDS (default "cpu,webgl"; "" to skip; "webgpu" adds Chromium's
 * --enable-unsafe-webgpu): GanTrainer smoke-run + it/s on each,
 * logged to stderr only (webgl runs on SwiftShader here, so its speed means little).
 */
import type { BenchOptions, BenchResult } from "./browser/train-gan-entry";
import { envInt, exitAfter, log, openBenchPage } from "./browser/harness";

const TOTAL_TIMEOUT_MS = 10 * 60 * 1000;

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function main(): Promise<void> {
  const extraBackends = (process.env.BENCH_EXTRA_BACKENDS ?? "cpu,webgl").split(",").filter(Boolean);
  // WebGPU needs this flag in Chromium on Linux (it runs on SwiftShader here).
  const bench = await openBenchPage("train-gan-entry.ts", "genlabBench", { chromiumArgs: extraBackends.includes("webgpu") ? ["--enable-unsafe-webgpu"] : [] });
  const { page } = bench;
  try {
    const options: BenchOptions = {
      backend: "wasm",
      warmupMs: envInt("BENCH_WARMUP_MS", 2000),
      measureMs: envInt("BENCH_MEASURE_MS", 5000),
      rounds: envInt("BENCH_ROUNDS", 3),
    };
    log("options", JSON.stringify(options));
    const result = await page.evaluate((o) => (globalThis as unknown as { genlabBench: (o: BenchOptions) => Promise<BenchResult> }).genlabBench(o), options);
    log("per round", JSON.stringify(result));
    const genlab = mean(result.genlabIts);
    const naive = mean(result.naiveIts);
    for (const backend of extraBackends) {
      type Extra = { backend: string; its: number; dLoss: number; gLoss: number } | null;
      const extra = await page.evaluate(
        ([b, ms]) => (globalThis as unknown as { genlabOtherBackend: (b: string, ms: number) => Promise<Extra> }).genlabOtherBackend(b, ms),
        [backend, 2000] as [string, number],
      );
      log(extra ? `extra backend ${backend}: GanTrainer ${extra.its.toFixed(1)} it/s, losses finite` : `extra backend ${backend}: unavailable`);
    }
    process.stdout.write(
      JSON.stringify({
        bench: "train-gan-ring",
        backend: result.backend,
        genlab_its: round(genlab),
        naive_its: round(naive),
        ratio: round(genlab / naive),
      }) + "\n",
    );
    // The page's own loop: run() trains 12 ms of each 60 Hz frame and yields, so the page stays responsive.
    const genlabRun = mean(result.genlabRunIts);
    process.stdout.write(
      JSON.stringify({
        bench: "train-gan-ring-ui-loop",
        backend: result.backend,
        genlab_its: round(genlabRun),
        naive_its: round(naive),
        ratio: round(genlabRun / naive),
      }) + "\n",
    );
  } finally {
    await bench.close();
  }
}

exitAfter(TOTAL_TIMEOUT_MS);

main().then(
  () => process.exit(0),
  (err) => {
    log("failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
