// ONNX float16: every float32 initializer stored as float16, each followed by a Cast back to float32, so the graph
// computes in float32 with float32 input and output. Chosen over float16 compute because onnxruntime's CPU
// provider has no float16 kernels for most of our ops (Conv, Gemm, LRN, pooling on x86), and a Cast of a constant
// is folded once at session start: half the file, float32 speed and accuracy up to the weights' rounding.
import { ONNX_FLOAT, ONNX_FLOAT16 } from '../onnx/onnxProto';
import type { OnnxModel } from '../onnx/modelBuilder';
import { toFloat16Array } from './float16';
import { floatData, initializer, nameMaker, node, setMetadata, type NodeProto } from './onnxModel';

export function quantizeOnnxFloat16(model: OnnxModel): OnnxModel {
  const graph = model.graph!;
  const fresh = nameMaker(model);
  const casts: NodeProto[] = [];
  graph.initializer = (graph.initializer ?? []).map((t) => {
    if (t.dataType !== ONNX_FLOAT) return t;
    const half = fresh(`${t.name}_float16`);
    casts.push(node('Cast', [half], t.name!, { to: ONNX_FLOAT }));
    return initializer(half, (t.dims ?? []).map(Number), ONNX_FLOAT16, toFloat16Array(floatData(t))) as typeof t;
  });
  graph.node = [...casts, ...(graph.node ?? [])];
  setMetadata(model, 'weight_quantization', 'float16 weights, Cast to float32 (compute in float32)');
  return model;
}
