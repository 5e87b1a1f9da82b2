/**
 * Files the browser fetches at run time that are not part of the Next.js bundle: the inverse-cdf
 * exercise's sandbox worker (exercises/inverse-cdf/sandbox.ts), the wasm
 * binaries of TensorFlow.js and onnxruntime-web (served from the installed packages), the digit
 * evaluator's ONNX model, and the public MNIST splits in the compact digit-set format
 * (lib/ml/datasets/digits.ts). Each is gzipped once per process (the wasm files off the event loop,
 * in zlib's thread pool) for clients that accept it. The test split is never served.
 */
import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import type http from "node:http";
import path from "node:path";
import { promisify } from "node:util";
import { gzip, gzipSync } from "node:zlib";
import { DIGIT_EVALUATOR_PATH } from "@/lib/datasets/digit-evaluator";
import { loadMnistSplit, PUBLIC_MNIST_SPLITS, type MnistSplit } from "@/lib/datasets/mnist";
import { INVERSE_CDF_SANDBOX_PATH, inverseCdfSandboxProgram, SANDBOX_CONTENT_SECURITY_POLICY } from "@/exercises/inverse-cdf/sandbox";
import { encodeDigitSet } from "@/lib/ml/datasets/digits";

const ROOT = path.resolve(import.meta.dirname, "..");

interface FileRoute {
  dir: string;
  files: Record<string, string>;
}

const WASM = "application/wasm";
const FILE_ROUTES: Record<string, FileRoute> = {
  "/tfjs-wasm/": {
    dir: path.join(ROOT, "node_modules/@tensorflow/tfjs-backend-wasm/dist"),
    files: { "tfjs-backend-wasm.wasm": WASM, "tfjs-backend-wasm-simd.wasm": WASM, "tfjs-backend-wasm-threaded-simd.wasm": WASM },
  },
  // onnxruntime-web's wasm build (no WebGPU/JSEP: 14 MB instead of 27), loaded by ort.wasm.
  "/ort-wasm/": {
    dir: path.join(ROOT, "node_modules/onnxruntime-web/dist"),
    files: { "ort-wasm-simd-threaded.wasm": WASM, "ort-wasm-simd-threaded.mjs": "text/javascript" },
  },
  "/models/": {
    dir: path.dirname(DIGIT_EVALUATOR_PATH),
    files: { [path.basename(DIGIT_EVALUATOR_PATH)]: "application/octet-stream" },
  },
};

/** Each public split's wire bytes, raw and gzipped, made once per process. */
const digitSetCache = new Map<MnistSplit, { raw: Uint8Array; gzipped: Buffer }>();

function digitSetBodies(split: MnistSplit) {
  let bodies = digitSetCache.get(split);
  if (!bodies) {
    const raw = encodeDigitSet(loadMnistSplit(split));
    bodies = { raw, gzipped: gzipSync(raw, { level: 6 }) };
    digitSetCache.set(split, bodies);
  }
  return bodies;
}

const gzipAsync = promisify(gzip);
/** Each served file's gzipped bytes (the wasm binaries shrink to about a third), made once per process. */
const gzippedFiles = new Map<string, Promise<Buffer>>();

function gzippedFile(file: string): Promise<Buffer> {
  let body = gzippedFiles.get(file);
  if (!body) {
    body = readFile(file).then((raw) => gzipAsync(raw, { level: 6 }));
    gzippedFiles.set(file, body);
    body.catch(() => gzippedFiles.delete(file));
  }
  return body;
}

/** The client takes gzip (and has not refused it with q=0). */
const acceptsGzip = (req: http.IncomingMessage) => /\bgzip\b(?!\s*;\s*q\s*=\s*0(?:\.0*)?\s*(?:,|$))/.test(String(req.headers["accept-encoding"] ?? ""));

/** Whether `serveAsset` answers this path (the digit splits are under /api/ too). */
export function isAssetPath(url: URL): boolean {
  return (
    url.pathname === INVERSE_CDF_SANDBOX_PATH ||
    url.pathname.startsWith("/api/datasets/") ||
    Object.keys(FILE_ROUTES).some((prefix) => url.pathname.startsWith(prefix))
  );
}

let sandboxProgram: string | undefined;

/** Serves the request when its path is one of these assets; returns false otherwise. */
export function serveAsset(url: URL, req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (url.pathname === INVERSE_CDF_SANDBOX_PATH) {
    sandboxProgram ??= inverseCdfSandboxProgram();
    // Its own policy replaces the API's: the student's code is compiled with new Function.
    res.writeHead(200, {
      "content-type": "text/javascript; charset=utf-8",
      "cache-control": "no-cache",
      "content-security-policy": SANDBOX_CONTENT_SECURITY_POLICY,
    });
    res.end(sandboxProgram);
    return true;
  }
  const digits = /^\/api\/datasets\/mnist\/([a-z]+)\.bin$/.exec(url.pathname);
  if (digits) {
    const split = digits[1] as MnistSplit;
    if (!PUBLIC_MNIST_SPLITS.includes(split)) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: `No public digit split named "${digits[1]}".` }));
      return true;
    }
    const bodies = digitSetBodies(split);
    // Nearly every client accepts gzip; the rare one that does not gets the bytes unpacked here.
    const packed = acceptsGzip(req);
    res.writeHead(200, {
      "content-type": "application/octet-stream",
      "cache-control": "public, max-age=86400",
      vary: "accept-encoding",
      ...(packed ? { "content-encoding": "gzip" } : {}),
    });
    res.end(packed ? bodies.gzipped : bodies.raw);
    return true;
  }
  for (const [prefix, route] of Object.entries(FILE_ROUTES)) {
    if (!url.pathname.startsWith(prefix)) continue;
    const file = url.pathname.slice(prefix.length);
    const type = Object.hasOwn(route.files, file) ? route.files[file] : undefined;
    if (!type) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: "Not found" }));
      return true;
    }
    const filePath = path.join(route.dir, file);
    const headers = { "content-type": type, "cache-control": "public, max-age=86400", vary: "accept-encoding" };
    const sendRaw = () => {
      res.writeHead(200, headers);
      createReadStream(filePath).pipe(res);
    };
    if (!acceptsGzip(req)) sendRaw();
    else
      gzippedFile(filePath).then(
        (body) => res.writeHead(200, { ...headers, "content-encoding": "gzip" }).end(body),
        () => !res.headersSent && sendRaw(),
      );
    return true;
  }
  return false;
}
