/**
 * The digit evaluator at run time: onnxruntime-web (wasm) on the ONNX bytes of
 * models/digit-evaluator.onnx, in the browser (an instant estimate) and on the server (the
 * authoritative score) — one runtime, identical numbers.
 *
 * The caller passes the runtime module: Node imports "onnxruntime-web" (its Node build), the
 * browser "onnxruntime-web/wasm" (the 14 MB wasm-only build instead of the 28 MB WebGPU one).
 */
import type * as Ort from "onnxruntime-web";
import { DIGIT_CLASSES, DIGIT_PIXELS, DIGIT_SIDE } from "../datasets/digits";
import { EVALUATOR_FEATURES } from "./digit-cnn";
import { ONNX_INPUT, ONNX_OUTPUTS } from "./onnx";

/** Images per run: bounds the runtime's memory; results do not depend on it. */
const CHUNK = 250;

export interface EvaluatorOutput {
  /** n × EVALUATOR_FEATURES penultimate-layer activations (the FID feature space). */
  features: Float32Array;
  /** n × 10 class probabilities. */
  probabilities: Float32Array;
}

export interface DigitEvaluator {
  /** Evaluates n images given as uint8 grey levels (n × 784) or floats in [0, 1]. */
  evaluate(images: Uint8Array | Float32Array, n: number): Promise<EvaluatorOutput>;
  release(): Promise<void>;
}

export interface EvaluatorRuntimeOptions {
  /** Browser only: where the onnxruntime-web .wasm files are served. */
  wasmPaths?: string;
}

export async function createDigitEvaluator(ort: typeof Ort, modelBytes: Uint8Array, options: EvaluatorRuntimeOptions = {}): Promise<DigitEvaluator> {
  if (options.wasmPaths) ort.env.wasm.wasmPaths = options.wasmPaths;
  // One thread: identical on every machine, and the server runs several scorers in parallel anyway.
  ort.env.wasm.numThreads = 1;
  const session = await ort.InferenceSession.create(modelBytes, { executionProviders: ["wasm"] });
  return {
    async evaluate(images, n) {
      if (images.length !== n * DIGIT_PIXELS) throw new RangeError(`Expected ${n} images of ${DIGIT_PIXELS} pixels, got ${images.length} values.`);
      const features = new Float32Array(n * EVALUATOR_FEATURES);
      const probabilities = new Float32Array(n * DIGIT_CLASSES);
      for (let start = 0; start < n; start += CHUNK) {
        const count = Math.min(CHUNK, n - start);
        const input = new Float32Array(count * DIGIT_PIXELS);
        const scale = images instanceof Uint8Array ? 1 / 255 : 1;
        for (let i = 0; i < input.length; i++) input[i] = images[start * DIGIT_PIXELS + i] * scale;
        const tensor = new ort.Tensor("float32", input, [count, DIGIT_SIDE, DIGIT_SIDE]);
        const out = await session.run({ [ONNX_INPUT]: tensor }, [ONNX_OUTPUTS.features, ONNX_OUTPUTS.probabilities]);
        features.set(out[ONNX_OUTPUTS.features].data as Float32Array, start * EVALUATOR_FEATURES);
        probabilities.set(out[ONNX_OUTPUTS.probabilities].data as Float32Array, start * DIGIT_CLASSES);
        tensor.dispose();
        for (const value of Object.values(out)) value.dispose();
      }
      return { features, probabilities };
    },
    release: () => session.release(),
  };
}
