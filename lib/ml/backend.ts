/**
 * Picks the fastest TensorFlow.js backend that works here. Isomorphic: browser and Node.
 * tf.setBackend() that fails returns false and silently keeps (or falls back to) another backend,
 * so every attempt is checked with tf.getBackend().
 */
import * as tf from "@tensorflow/tfjs";

export type BackendName = "webgpu" | "webgl" | "wasm" | "cpu";
/** Fastest first on students' machines (real GPUs); on CPU-only machines wasm wins. */
export const BACKEND_PREFERENCE: readonly BackendName[] = ["webgpu", "webgl", "wasm", "cpu"];
/** Where the browser app serves the three tfjs-backend-wasm .wasm files. */
export const DEFAULT_BROWSER_WASM_PATH = "/tfjs-wasm/";

export interface ActivateOptions {
  /**
   * Base URL (browser) or directory (Node) of the tfjs-backend-wasm `.wasm` files, ending in "/".
   * Browser default: DEFAULT_BROWSER_WASM_PATH. Node default: the package's own dist/ folder
   * (node_modules/@tensorflow/tfjs-backend-wasm/dist/), which its Node build finds by itself.
   */
  wasmPath?: string;
}

const isNode = (): boolean =>
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

/** Backends this environment can plausibly run, in preference order (nothing is initialised). */
export function listAvailableBackends(): BackendName[] {
  const g = globalThis as Record<string, unknown> & { navigator?: { gpu?: unknown } };
  const hasGpuApi = g.navigator?.gpu !== undefined;
  const hasCanvas = "document" in g || "OffscreenCanvas" in g;
  return BACKEND_PREFERENCE.filter((name) => {
    switch (name) {
      case "webgpu":
        return hasGpuApi;
      case "webgl":
        return hasCanvas && !isNode();
      case "wasm":
        return typeof WebAssembly === "object";
      case "cpu":
        return true;
    }
  });
}

let wasmRegistered = false;
let webgpuRegistered = false;

async function register(name: BackendName, options: ActivateOptions): Promise<void> {
  if (name === "wasm" && !wasmRegistered) {
    const wasm = await import("@tensorflow/tfjs-backend-wasm");
    const path = options.wasmPath ?? (isNode() ? undefined : DEFAULT_BROWSER_WASM_PATH);
    if (path !== undefined) wasm.setWasmPaths(path);
    wasmRegistered = true;
  } else if (name === "webgpu" && !webgpuRegistered) {
    await import("@tensorflow/tfjs-backend-webgpu");
    webgpuRegistered = true;
  }
  // webgl and cpu are registered by @tensorflow/tfjs itself.
}

/**
 * Activates `preferred` if given and working, else the first working backend of
 * BACKEND_PREFERENCE available here; returns the name of the active backend.
 */
export async function activateBackend(preferred?: string, options: ActivateOptions = {}): Promise<string> {
  const available = listAvailableBackends();
  const order: string[] = [];
  if (preferred) order.push(preferred);
  for (const name of available) if (!order.includes(name)) order.push(name);
  for (const name of order) {
    if (!(BACKEND_PREFERENCE as readonly string[]).includes(name)) continue;
    try {
      if (tf.getBackend() === name) return name;
      await register(name as BackendName, options);
      if ((await tf.setBackend(name)) && tf.getBackend() === name) {
        await tf.ready();
        return name;
      }
    } catch {
      // try the next one
    }
  }
  await tf.ready();
  return tf.getBackend();
}
