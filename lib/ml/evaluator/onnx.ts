/**
 * Writes the evaluator CNN (digit-cnn.ts) as an ONNX model, and reads its weights back, with the
 * `onnx-proto` package (ONNX's protobuf schema). The exported graph is the same computation as
 * evaluatorForward; a unit test compares the two.
 *
 * Graph (opset 13): images [N, 28, 28] → Reshape [N, 1, 28, 28] → Conv → Relu → MaxPool → Conv →
 * Relu → MaxPool → Transpose to [N, 7, 7, 32] (tfjs's flatten order) → Reshape [N, 1568] → Gemm →
 * Relu = "features" → Gemm = "logits" → Softmax = "probabilities".
 */
import type { onnx } from "onnx-proto";
import onnxProto from "onnx-proto";
import { DIGIT_CLASSES, DIGIT_SIDE } from "../datasets/digits";
import { EVALUATOR_FEATURES, EVALUATOR_PARAMETER_NAMES, EVALUATOR_PARAMETERS, type EvaluatorParameterName, type EvaluatorWeights } from "./digit-cnn";

export const ONNX_INPUT = "images";
export const ONNX_OUTPUTS = { features: "features", logits: "logits", probabilities: "probabilities" } as const;
const OPSET = 13;
// onnx-proto is CommonJS without named-export hints: take the namespace from its default export.
const { ModelProto, TensorProto, AttributeProto } = (onnxProto as unknown as { onnx: typeof onnx }).onnx;

/** [h, w, in, out] (tfjs) ↔ [out, in, h, w] (ONNX) for the conv kernels. */
function permute(values: Float32Array, shape: readonly number[], perm: readonly number[]): { values: Float32Array; shape: number[] } {
  const outShape = perm.map((p) => shape[p]);
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const out = new Float32Array(values.length);
  const index = new Array(outShape.length).fill(0);
  for (let o = 0; o < out.length; o++) {
    let from = 0;
    for (let k = 0; k < perm.length; k++) from += index[k] * strides[perm[k]];
    out[o] = values[from];
    for (let k = outShape.length - 1; k >= 0; k--) {
      if (++index[k] < outShape[k]) break;
      index[k] = 0;
    }
  }
  return { values: out, shape: outShape };
}

const TO_ONNX_CONV = [3, 2, 0, 1];
const FROM_ONNX_CONV = [2, 3, 1, 0];
const isConvKernel = (name: EvaluatorParameterName) => name === "conv1Kernel" || name === "conv2Kernel";

function floatTensor(name: string, values: Float32Array, dims: readonly number[]): onnx.ITensorProto {
  return {
    name,
    dims: [...dims],
    dataType: TensorProto.DataType.FLOAT,
    rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)),
  };
}

function int64Tensor(name: string, values: number[]): onnx.ITensorProto {
  return { name, dims: [values.length], dataType: TensorProto.DataType.INT64, int64Data: values };
}

const ints = (name: string, values: number[]): onnx.IAttributeProto => ({ name, type: AttributeProto.AttributeType.INTS, ints: values });
const int = (name: string, value: number): onnx.IAttributeProto => ({ name, type: AttributeProto.AttributeType.INT, i: value });

function valueInfo(name: string, dims: (number | string)[]): onnx.IValueInfoProto {
  return {
    name,
    type: {
      tensorType: {
        elemType: TensorProto.DataType.FLOAT,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}

/** The evaluator as ONNX model bytes. */
export function exportEvaluatorOnnx(weights: EvaluatorWeights<Float32Array>, docString = "GenLab digit evaluator"): Uint8Array {
  const initializer = EVALUATOR_PARAMETER_NAMES.map((name) => {
    const shape = EVALUATOR_PARAMETERS[name];
    if (!isConvKernel(name)) return floatTensor(name, weights[name], shape);
    const p = permute(weights[name], shape, TO_ONNX_CONV);
    return floatTensor(name, p.values, p.shape);
  });
  initializer.push(int64Tensor("shape_nchw", [-1, 1, DIGIT_SIDE, DIGIT_SIDE]), int64Tensor("shape_flat", [-1, 7 * 7 * 32]));
  const convAttributes = [ints("kernel_shape", [3, 3]), ints("pads", [1, 1, 1, 1]), ints("strides", [1, 1])];
  const poolAttributes = [ints("kernel_shape", [2, 2]), ints("strides", [2, 2])];
  const node: onnx.INodeProto[] = [
    { opType: "Reshape", input: [ONNX_INPUT, "shape_nchw"], output: ["x"], name: "to_nchw" },
    { opType: "Conv", input: ["x", "conv1Kernel", "conv1Bias"], output: ["c1"], name: "conv1", attribute: convAttributes },
    { opType: "Relu", input: ["c1"], output: ["r1"], name: "relu1" },
    { opType: "MaxPool", input: ["r1"], output: ["p1"], name: "pool1", attribute: poolAttributes },
    { opType: "Conv", input: ["p1", "conv2Kernel", "conv2Bias"], output: ["c2"], name: "conv2", attribute: convAttributes },
    { opType: "Relu", input: ["c2"], output: ["r2"], name: "relu2" },
    { opType: "MaxPool", input: ["r2"], output: ["p2"], name: "pool2", attribute: poolAttributes },
    { opType: "Transpose", input: ["p2"], output: ["nhwc"], name: "to_nhwc", attribute: [ints("perm", [0, 2, 3, 1])] },
    { opType: "Reshape", input: ["nhwc", "shape_flat"], output: ["flat"], name: "flatten" },
    { opType: "Gemm", input: ["flat", "dense1Kernel", "dense1Bias"], output: ["d1"], name: "dense1" },
    { opType: "Relu", input: ["d1"], output: [ONNX_OUTPUTS.features], name: "relu3" },
    { opType: "Gemm", input: [ONNX_OUTPUTS.features, "dense2Kernel", "dense2Bias"], output: [ONNX_OUTPUTS.logits], name: "dense2" },
    { opType: "Softmax", input: [ONNX_OUTPUTS.logits], output: [ONNX_OUTPUTS.probabilities], name: "softmax", attribute: [int("axis", -1)] },
  ];
  const model: onnx.IModelProto = {
    irVersion: 8,
    producerName: "genlab",
    producerVersion: "1",
    docString,
    opsetImport: [{ domain: "", version: OPSET }],
    graph: {
      name: "digit_evaluator",
      node,
      initializer,
      input: [valueInfo(ONNX_INPUT, ["N", DIGIT_SIDE, DIGIT_SIDE])],
      output: [
        valueInfo(ONNX_OUTPUTS.features, ["N", EVALUATOR_FEATURES]),
        valueInfo(ONNX_OUTPUTS.logits, ["N", DIGIT_CLASSES]),
        valueInfo(ONNX_OUTPUTS.probabilities, ["N", DIGIT_CLASSES]),
      ],
    },
  };
  return ModelProto.encode(model).finish();
}

/** The evaluator's weights (tfjs layouts) from its ONNX bytes, e.g. for gradients in the browser. */
export function readEvaluatorWeights(bytes: Uint8Array): EvaluatorWeights<Float32Array> {
  const model = ModelProto.decode(bytes);
  const byName = new Map((model.graph?.initializer ?? []).map((t) => [t.name ?? "", t]));
  const weights = {} as EvaluatorWeights<Float32Array>;
  for (const name of EVALUATOR_PARAMETER_NAMES) {
    const tensor = byName.get(name);
    if (!tensor?.rawData) throw new Error(`The evaluator model has no weights named ${name}.`);
    const raw = tensor.rawData;
    // Copy: the protobuf view may be unaligned for a Float32Array.
    const values = new Float32Array(new Uint8Array(raw).buffer);
    const dims = (tensor.dims ?? []).map(Number);
    weights[name] = isConvKernel(name) ? permute(values, dims, FROM_ONNX_CONV).values : values;
  }
  return weights;
}
