// The ends of an imported ONNX graph: CNN Studio graphs end in an Output layer (FC + softmax). A model whose
// last op is a fully connected layer returns logits (PyTorch's usual nn.Linear head, trained with
// CrossEntropyLoss): it becomes an Output that says so, and exports back as logits.
import type { ProtoNode } from '../protoGraph';

/**
 * A node id that is also a valid tfjs layer name (src/train/layerNames.ts: /^[A-Za-z0-9][-A-Za-z0-9._]*$/),
 * so the weights named "<id>/kernel" are the built layer's own: PyTorch's "/layer1/conv1/Conv" becomes
 * "layer1_conv1_Conv", "onnx::Conv_12" "onnx__Conv_12"; a name with nothing usable gives ''.
 */
export const onnxLayerId = (name: unknown): string =>
  String(name ?? '')
    .replace(/[^-A-Za-z0-9._]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '');

type Weights = Map<string, { name: string; shape: number[]; data: Float32Array }[]>;

const article = (type: string) => (/^[AEIOU]/.test(type) ? 'an' : 'a');

/**
 * Makes the graph end in an Output: `last` itself; a linear Dense becomes an Output returning logits (with a
 * zero bias when it had none: the same function); a softmax right after a linear Dense used by nothing else
 * (a scale folded between them) makes that Dense an Output. Returns the Output's id, or why the graph cannot
 * end here. `uses`: how many nodes read a node.
 */
export function logitsHead(last: ProtoNode, weights: Weights, nodes: ProtoNode[], uses: (id: string) => number): { output: string } | { problem: string } {
  if (last.type === 'Output') return { output: last.id };
  const p = last.params;
  const before = nodes.find((n) => n.id === last.inputs[0]);
  const asOutput = (dense: ProtoNode, returns?: 'logits') => {
    const units = dense.params.units as number;
    if (!dense.params.useBias) weights.get(dense.id)!.push({ name: `${dense.id}/bias`, shape: [units], data: new Float32Array(units) });
    dense.type = 'Output';
    dense.params = { classes: units, ...(returns ? { returns } : {}) };
    return { output: dense.id };
  };
  const linear = (n: ProtoNode | undefined): boolean => n?.type === 'Dense' && n.params.activation === 'linear' && typeof n.params.units === 'number' && n.params.units >= 2;
  if (linear(last)) return asOutput(last, 'logits');
  if (last.type === 'Activation' && p.activation === 'softmax' && before && linear(before) && uses(before.id) === 1) return asOutput(before);
  const fix = 'Nothing was imported — CNN Studio graphs end in a classifier head: a fully connected layer (Gemm, or MatMul + Add) with one output per class, optionally followed by Softmax over the classes; end the original model so and export it again.';
  if (last.type === 'Dense' && p.units === 1) return { problem: `The ONNX model ends in a fully connected layer with 1 output ("${last.id}"), a binary classifier's single score; CNN Studio's Output layer needs at least 2 classes. ${fix}` };
  if (last.type === 'Dense') return { problem: `The ONNX model ends in a fully connected layer followed by ${String(p.activation)} ("${last.id}"), not by softmax or nothing. ${fix}` };
  if (last.type === 'Activation' && p.activation === 'softmax')
    return {
      problem: `The ONNX model ends in a Softmax ("${last.id}") after ${before ? `${article(before.type)} ${before.type} ("${before.id}")` : 'its input'}, not after a fully connected layer. CNN Studio's softmax is part of its Output layer (a Dense layer + softmax) — a net ending in conv → global pooling → softmax (SqueezeNet style) has no such layer. Nothing was imported — add a Linear layer before the softmax (or drop the softmax after one) in the original model and export it again.`,
    };
  return { problem: `The ONNX model ends in ${article(last.type)} ${last.type} ("${last.id}"). ${fix}` };
}
