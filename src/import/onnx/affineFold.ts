// Element-wise arithmetic with a constant right after a linear layer, folded into that layer's weights:
// y = (W·x + b)·s + a is W' = W·s, b' = b·s + a per output channel (tf2onnx writes a conv's bias as an Add,
// PyTorch code scales outputs with `x * 0.5`); after BatchNormalization γ' = γ·s, β' = β·s + a. Exact;
// anything not of that form stays unsupported.
import type { Shape } from '../../graph/schema';
import type { OnnxConstant } from '../layerReaders';
import type { ProtoNode } from '../protoGraph';

type Weights = Map<string, { name: string; shape: number[]; data: Float32Array }[]>;

/** The layers whose output channels a constant scale and shift fold into, and how many output channels a kernel shape has. */
const OUTPUT_CHANNELS: Record<string, (kernel: number[]) => number> = {
  Conv2D: (k) => k[3],
  DepthwiseConv2D: (k) => k[2] * k[3],
  Dense: (k) => k[1],
};

/**
 * The constant as one value per output channel, or undefined when its broadcast over the layer's output
 * (ONNX: NCHW or N×K) is not a scalar or per-channel one. A scalar is K equal values.
 */
export function perChannel(c: OnnxConstant, out: Shape): Float32Array | undefined {
  if (!(c.data instanceof Float32Array)) return undefined;
  const K = out[out.length - 1];
  const dims = [...c.dims];
  while (dims.length && dims[0] === 1) dims.shift();
  if (dims.every((d) => d === 1)) return new Float32Array(K).fill(c.data[0]);
  // Per channel: [K] on a vector; [K, 1, 1] (after leading 1s) on an N×K×H×W map.
  const fits = out.length === 1 ? dims.length === 1 && dims[0] === K : dims.length === 3 && dims[0] === K && dims[1] === 1 && dims[2] === 1;
  return fits ? Float32Array.from(c.data) : undefined;
}

/**
 * Folds `op` (Mul, Div, Add, Sub with the constant as second operand for Div and Sub) into `layer`'s weights
 * (Conv2D, DepthwiseConv2D or Dense without activation, or BatchNormalization).
 * Returns false, changing nothing, when the layer or the constant does not allow an exact fold.
 */
export function foldIntoLayer(op: string, constantFirst: boolean, c: OnnxConstant, layer: ProtoNode, out: Shape, weights: Weights): boolean {
  const ws = weights.get(layer.id);
  const bn = layer.type === 'BatchNormalization';
  const channels = OUTPUT_CHANNELS[layer.type];
  if (!ws || (!bn && (!channels || layer.params.activation !== 'linear')) || (constantFirst && (op === 'Div' || op === 'Sub'))) return false;
  const v = perChannel(c, out);
  if (!v || v.length !== (bn ? ws[0].data.length : channels(ws[0].shape)) || (op === 'Div' && v.some((e) => e === 0))) return false;
  const K = v.length;
  if (op === 'Mul' || op === 'Div') {
    const s = op === 'Div' ? v.map((e) => 1 / e) : v;
    // Copies: the weights may be views of the file's own bytes. BN: γ·x̂ + β scales through γ and β only.
    for (const w of bn ? ws.slice(0, 2) : ws) w.data = Float32Array.from(w.data, (e, i) => e * s[i % K]);
    return true;
  }
  if (op !== 'Add' && op !== 'Sub') return false;
  if (bn) {
    ws[1].data = Float32Array.from(ws[1].data, (e, i) => (op === 'Add' ? e + v[i] : e - v[i]));
    return true;
  }
  if (!layer.params.useBias) {
    layer.params = { ...layer.params, useBias: true };
    ws.push({ name: `${layer.id}/bias`, shape: [K], data: new Float32Array(K) });
  }
  const bias = ws[ws.length - 1];
  bias.data = Float32Array.from(bias.data, (e, i) => (op === 'Add' ? e + v[i] : e - v[i]));
  return true;
}
