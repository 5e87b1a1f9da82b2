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

const isNode = (): boolean => typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";

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

/** Renderer names of GPUs emulated on the CPU (Chromium's SwiftShader, Mesa's llvmpipe, …). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * A WebGL or WebGPU that is emulated on the CPU runs the GAN several times slower than wasm
 * (measured: ~10–20 it/s vs ~55+), so it should not win the automatic choice.
 */
async function isSoftwareRendered(name: BackendName): Promise<boolean> {
  const g = globalThis as unknown as {
    document?: { createElement(tag: "canvas"): { getContext(kind: string): unknown } };
    navigator?: { gpu?: { requestAdapter(): Promise<{ isFallbackAdapter?: boolean; info?: Record<string, string> } | null> } };
  };
  try {
    if (name === "webgl" && g.document) {
      const gl = (g.document.createElement("canvas").getContext("webgl2") ??
        g.document.createElement("canvas").getContext("webgl")) as WebGLRenderingContext | null;
      if (!gl) return false;
      const debug = gl.getExtension("WEBGL_debug_renderer_info");
      return SOFTWARE_RENDERER.test(String(gl.getParameter(debug ? debug.UNMASKED_RENDERER_WEBGL : gl.RENDERER)));
    }
    if (name === "webgpu" && g.navigator?.gpu) {
      const adapter = await g.navigator.gpu.requestAdapter();
      if (!adapter) return true;
      const info = adapter.info ?? {};
      return adapter.isFallbackAdapter === true || SOFTWARE_RENDERER.test(`${info.vendor} ${info.architecture} ${info.description} ${info.device}`);
    }
  } catch {
    // If the renderer cannot be identified, keep the usual order.
  }
  return false;
}

/** Available backends for the automatic choice: GPU ones first unless emulated, then right after wasm. */
async function rankAvailableBackends(): Promise<BackendName[]> {
  const available = listAvailableBackends();
  const software = new Set<BackendName>();
  for (const name of available) if ((name === "webgl" || name === "webgpu") && (await isSoftwareRendered(name))) software.add(name);
  const ranked: BackendName[] = [];
  for (const name of available) {
    if (software.has(name)) continue;
    ranked.push(name);
    if (name === "wasm") ranked.push(...available.filter((n) => software.has(n)));
  }
  for (const name of available) if (!ranked.includes(name)) ranked.push(name);
  return ranked;
}

/**
 * Activates `preferred` if given and working, else the first working backend of
 * BACKEND_PREFERENCE available here (GPU backends emulated in software are tried after wasm);
 * returns the name of the active backend.
 */
export async function activateBackend(preferred?: string, options: ActivateOptions = {}): Promise<string> {
  const available = preferred ? listAvailableBackends() : await rankAvailableBackends();
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
