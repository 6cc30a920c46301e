// Graph + trained weights → an ONNX model (opset 17): input "input" N×C×H×W, output "probabilities" N×classes
// (the logits instead when the Output layer says the model returns logits: an imported PyTorch head).
// Each layer emits its own ops through its `onnx` member (src/layers/*.ts); this walks the expanded graph.
import { getPrimitiveLayer } from '../../layers/registry';
import { describeInputScale, type InputNormalization } from '../inputScale';
import { ExportError, returnsLogits, type FlatGraph } from '../flatGraph';
import { layerWeights, type WeightSet } from '../weights/weightSet';
import { chwToHwcIndex } from '../layout';
import { OnnxModelBuilder, type OnnxModel } from './modelBuilder';
import { onnx } from './onnxProto';
import { int, type OnnxEmitContext, type OnnxValue } from './emitContext';

export const ONNX_INPUT = 'input';
export const ONNX_OUTPUT = 'probabilities';

export interface OnnxExportOptions {
  modelName?: string;
  classNames?: string[];
  /** The input normalisation the weights were trained with, recorded in the metadata. */
  normalization?: InputNormalization;
}

export function exportOnnx(flat: FlatGraph, weights: WeightSet, opts: OnnxExportOptions = {}): Uint8Array {
  return onnx.ModelProto.encode(buildOnnxModel(flat, weights, opts).model).finish();
}

/**
 * The ModelProto, not yet encoded, and each flat layer's output tensor name (the Input's is ONNX_INPUT): a
 * layer's output is the tensor tfjs computes as that layer's output (in NCHW or C·H·W order), which is how
 * int8 calibration ranges measured in tfjs find their ONNX tensors.
 */
export function buildOnnxModel(flat: FlatGraph, weights: WeightSet, opts: OnnxExportOptions = {}): { model: OnnxModel; layerTensors: Map<string, string> } {
  const b = new OnnxModelBuilder();
  b.reserve(ONNX_INPUT);
  b.reserve(ONNX_OUTPUT);
  const values = new Map<string, OnnxValue>();
  const inputNode = flat.nodes.find((n) => n.name === flat.input)!;
  const [H, W, C] = inputNode.outputShape;

  const contextFor = (n: FlatGraph['nodes'][number]): OnnxEmitContext => {
    const ctx: OnnxEmitContext = {
      name: n.name,
      inputShapes: n.inputShapes,
      outputShape: n.outputShape,
      weights: (count) => layerWeights(weights, n.name, count),
      node: (op, inputs, attrs, suffix) => b.node(op, inputs, suffix ? `${n.name}_${suffix}` : n.name, attrs),
      constant: (suffix, c) => b.constant(`${n.name}_${suffix}`, c),
      inHwcOrder: (v) => {
        if (!v.chwOf) return v.name;
        // Gather along the feature axis with the C·H·W → H·W·C index map.
        const idx = b.constant(`${v.name}_hwc_index`, { shape: [v.chwOf[0] * v.chwOf[1] * v.chwOf[2]], data: Array.from(chwToHwcInverse(v.chwOf)), type: 'int64' });
        return b.node('Gather', [v.name, idx], `${v.name}_hwc`, { axis: int(1) });
      },
    };
    return ctx;
  };

  for (const n of flat.nodes) {
    if (n.type === 'Input') {
      values.set(n.name, { name: ONNX_INPUT });
      continue;
    }
    const problem = onnxLayerProblem(n);
    if (problem) throw new ExportError(problem, n.sourceNodeId);
    const ins = n.inputs.map((i) => values.get(i)!);
    values.set(n.name, getPrimitiveLayer(n.type)!.onnx!(contextFor(n), n.params, ins));
  }

  const last = values.get(flat.output)!;
  const outNode = flat.nodes.find((n) => n.name === flat.output)!;
  const lastName = contextFor(outNode).inHwcOrder(last);
  b.node('Identity', [lastName], ONNX_OUTPUT, {}, true);
  const classes = outNode.outputShape[0];
  // An imported model that returned logits (Output returns 'logits') exports them again, without softmax.
  const logits = returnsLogits(flat);
  const classNames = opts.classNames?.length === classes ? opts.classNames : Array.from({ length: classes }, (_, i) => String(i));
  const model = b.build({
    graphName: (opts.modelName ?? 'cnn_studio').replace(/[^A-Za-z0-9_]/g, '_'),
    input: { name: ONNX_INPUT, shape: ['N', C, H, W] },
    output: { name: ONNX_OUTPUT, shape: ['N', ...outNode.outputShape] },
    metadata: {
      class_names: JSON.stringify(classNames),
      input_layout: 'NCHW',
      input_scale: describeInputScale(opts.normalization),
      ...(opts.normalization ? { input_mean: JSON.stringify(opts.normalization.mean), input_std: JSON.stringify(opts.normalization.std) } : {}),
      source: 'CNN Studio',
      ...(logits ? { output: 'logits' } : {}),
    },
    docString: `${opts.modelName ?? 'CNN Studio model'}: input N×${C}×${H}×${W} (${describeInputScale(opts.normalization)}), output ${logits ? 'class logits (apply softmax for probabilities)' : 'class probabilities'}.`,
  });
  return { model, layerTensors: new Map([...values].map(([layer, v]) => [layer, v.name] as const)) };
}

/** Why a flat layer cannot be written as ONNX (undefined when it can): exportOnnx's own rule, which the export-readiness check lists before writing. */
export function onnxLayerProblem(n: Pick<FlatGraph['nodes'][number], 'name' | 'type'>): string | undefined {
  if (n.type === 'Input' || getPrimitiveLayer(n.type)?.onnx) return undefined;
  return `Layer "${n.name}" (${n.type}) has no ONNX form yet — export to TensorFlow.js or PyTorch instead.`;
}

/** Gather indices giving H·W·C order from a C·H·W-ordered vector: out[i] = in[j] where j is i's C·H·W position. */
function chwToHwcInverse(shape: [number, number, number]): Int32Array {
  const chwToHwc = chwToHwcIndex(shape);
  const inv = new Int32Array(chwToHwc.length);
  chwToHwc.forEach((hwc, chw) => (inv[hwc] = chw));
  return inv;
}
