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
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { launchChromium } from "../scripts/chromium";
import type { BenchOptions, BenchResult } from "./browser/train-gan-entry";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const WASM_DIR = path.join(ROOT, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
const WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];
const TOTAL_TIMEOUT_MS = 10 * 60 * 1000;

const log = (...args: unknown[]) => console.error("[bench]", ...args);
const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

async function bundle(): Promise<string> {
  const out = await build({
    entryPoints: [path.join(ROOT, "bench/browser/train-gan-entry.ts")],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "warning",
    define: { "process.env.NODE_ENV": '"production"' },
  });
  return out.outputFiles[0].text;
}

async function serve(js: string): Promise<Server> {
  const wasm = new Map<string, Buffer>();
  for (const f of WASM_FILES) wasm.set(`/tfjs-wasm/${f}`, await readFile(path.join(WASM_DIR, f)));
  const html = `<!doctype html><meta charset="utf-8"><title>GenLab bench</title><script type="module" src="/entry.js"></script>`;
  const server = createServer((req, res) => {
    const url = (req.url ?? "/").split("?")[0];
    const wasmBody = wasm.get(url);
    if (url === "/") res.writeHead(200, { "content-type": "text/html" }).end(html);
    else if (url === "/entry.js") res.writeHead(200, { "content-type": "text/javascript" }).end(js);
    else if (wasmBody) res.writeHead(200, { "content-type": "application/wasm" }).end(wasmBody);
    else if (url === "/favicon.ico") res.writeHead(204).end();
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return server;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const round = (x: number, digits = 2) => Number(x.toFixed(digits));

async function main(): Promise<void> {
  const t0 = performance.now();
  const js = await bundle();
  log(`bundled ${(js.length / 1e6).toFixed(2)} MB in ${(performance.now() - t0).toFixed(0)} ms`);
  const server = await serve(js);
  const { port } = server.address() as AddressInfo;
  const extraBackends = (process.env.BENCH_EXTRA_BACKENDS ?? "cpu,webgl").split(",").filter(Boolean);
  // WebGPU needs this flag in Chromium on Linux (it runs on SwiftShader here).
  const browser = await launchChromium({ extraArgs: extraBackends.includes("webgpu") ? ["--enable-unsafe-webgpu"] : [] });
  try {
    const page = await browser.newPage();
    page.on("console", (m) => log(`[page ${m.type()}]`, m.text()));
    page.on("pageerror", (e) => log("[page error]", e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => "genlabBench" in globalThis, undefined, { timeout: 30_000 });
    const options: BenchOptions = {
      backend: "wasm",
      warmupMs: envInt("BENCH_WARMUP_MS", 2000),
      measureMs: envInt("BENCH_MEASURE_MS", 5000),
      rounds: envInt("BENCH_ROUNDS", 3),
    };
    log("options", JSON.stringify(options));
    const result = await page.evaluate(
      (o) => (globalThis as unknown as { genlabBench: (o: BenchOptions) => Promise<BenchResult> }).genlabBench(o),
      options,
    );
    log("per round", JSON.stringify(result));
    const genlab = mean(result.genlabIts);
    const naive = mean(result.naiveIts);
    for (const backend of extraBackends) {
      type Extra = { backend: string; its: number; dLoss: number; gLoss: number } | null;
      const extra = await page.evaluate(
        ([b, ms]) =>
          (globalThis as unknown as { genlabOtherBackend: (b: string, ms: number) => Promise<Extra> }).genlabOtherBackend(b, ms),
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
      JSON.stringify({ bench: "train-gan-ring-ui-loop", backend: result.backend, genlab_its: round(genlabRun), naive_its: round(naive), ratio: round(genlabRun / naive) }) + "\n",
    );
  } finally {
    await browser.close();
    server.close();
  }
}

const timer = setTimeout(() => {
  log(`timed out after ${TOTAL_TIMEOUT_MS} ms`);
  process.exit(1);
}, TOTAL_TIMEOUT_MS);
timer.unref();

main().then(
  () => process.exit(0),
  (err) => {
    log("failed:", err instanceof Error ? (err.stack ?? err.message) : err);
    process.exit(1);
  },
);
