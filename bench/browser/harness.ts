/**
 * What the browser benches share: bundle an entry module with esbuild, serve it (plus the tfjs
 * wasm binaries and any extra files) from a loopback server, and open it in headless Chromium.
 */
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { build } from "esbuild";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../../scripts/chromium";

const ROOT = path.resolve(import.meta.dirname, "../..");
const WASM_DIR = path.join(ROOT, "node_modules/@tensorflow/tfjs-backend-wasm/dist");
const WASM_FILES = ["tfjs-backend-wasm.wasm", "tfjs-backend-wasm-simd.wasm", "tfjs-backend-wasm-threaded-simd.wasm"];

export const log = (...args: unknown[]) => console.error("[bench]", ...args);
export const envInt = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
};

export interface BenchPage {
  page: Page;
  close(): Promise<void>;
}

/**
 * Opens `entry` (a path under bench/browser/) in Chromium; resolves once the entry has set
 * `globalThis[readyGlobal]`. `files` maps extra URL paths to bodies (e.g. data for the entry).
 */
export async function openBenchPage(
  entry: string,
  readyGlobal: string,
  options: { files?: Map<string, { type: string; body: Buffer | string }>; chromiumArgs?: string[] } = {},
): Promise<BenchPage> {
  const started = performance.now();
  const out = await build({
    entryPoints: [path.join(ROOT, "bench/browser", entry)],
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2022",
    minify: true,
    write: false,
    logLevel: "warning",
    alias: { "@": ROOT },
    define: { "process.env.NODE_ENV": '"production"' },
  });
  const js = out.outputFiles[0].text;
  log(`bundled ${entry}: ${(js.length / 1e6).toFixed(2)} MB in ${(performance.now() - started).toFixed(0)} ms`);
  const files = new Map(options.files);
  for (const f of WASM_FILES) files.set(`/tfjs-wasm/${f}`, { type: "application/wasm", body: await readFile(path.join(WASM_DIR, f)) });
  files.set("/", {
    type: "text/html",
    body: `<!doctype html><meta charset="utf-8"><title>GenLab bench</title><script type="module" src="/entry.js"></script>`,
  });
  files.set("/entry.js", { type: "text/javascript", body: js });
  const server: Server = createServer((req, res) => {
    const file = files.get((req.url ?? "/").split("?")[0]);
    if (file) res.writeHead(200, { "content-type": file.type }).end(file.body);
    else res.writeHead(req.url === "/favicon.ico" ? 204 : 404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium({ extraArgs: options.chromiumArgs ?? [] });
    const page = await browser.newPage();
    page.on("console", (m) => log(`[page ${m.type()}]`, m.text()));
    page.on("pageerror", (e) => log("[page error]", e.message));
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction((name) => name in globalThis, readyGlobal, { timeout: 30_000 });
    const opened = browser;
    return {
      page,
      close: async () => {
        await opened.close();
        server.close();
      },
    };
  } catch (error) {
    await browser?.close();
    server.close();
    throw error;
  }
}

/** Exits with an error if the bench hangs. */
export function exitAfter(ms: number): void {
  setTimeout(() => {
    log(`timed out after ${ms} ms`);
    process.exit(1);
  }, ms).unref();
}
