// A worker's TensorFlow.js backend: WebGPU through Dawn (the npm `webgpu` package) when this
// machine has a GPU adapter, else WASM (SIMD), else CPU. lib/ml's activateBackend makes the
// choice, skipping a WebGPU that is emulated on the CPU, as it does in browsers.
import os from "node:os";
import { activateBackend } from "@/lib/ml/backend";

interface AdapterInfo {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}

async function exposeWebGpu(): Promise<AdapterInfo | null> {
  try {
    const { create, globals } = await import("webgpu");
    Object.assign(globalThis, globals);
    const gpu = create([]);
    Object.defineProperty(globalThis, "navigator", { value: { ...(globalThis.navigator ?? {}), gpu }, configurable: true, writable: true });
    const adapter = await gpu.requestAdapter();
    return adapter ? ((adapter as unknown as { info?: AdapterInfo }).info ?? {}) : null;
  } catch {
    // No Dawn build for this platform, or no Vulkan loader: WebGPU is not available.
    return null;
  }
}

export async function selectWorkerBackend(preferred?: string): Promise<{ backend: string; device: string }> {
  const adapter = await exposeWebGpu();
  const backend = await activateBackend(preferred);
  const cpu = os.cpus();
  const device =
    backend === "webgpu" && adapter
      ? [adapter.vendor, adapter.description || adapter.device || adapter.architecture].filter(Boolean).join(" ") || "WebGPU adapter"
      : `${cpu[0]?.model?.trim() ?? "CPU"} (${cpu.length} cores)`;
  return { backend, device };
}
