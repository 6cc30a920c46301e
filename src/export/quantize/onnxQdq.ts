// ONNX int8 as onnxruntime's quantize_static writes it in QDQ format (onnxruntime/python/tools/quantization):
//   activations: QuantizeLinear → DequantizeLinear pairs, uint8 asymmetric (ORT's default activation_type QUInt8),
//     scale = (rmax − rmin)/255 and zero point round(−rmin/scale) over the calibrated MinMax range widened to hold 0
//     (quant_utils.compute_scale_zp);
//   weights: int8 symmetric per channel (per_channel=True): scale_c = max|W_c|/127, zero point 0, range ±127 —
//     Conv along axis 0 (output channels), Gemm along B's output columns;
//   biases: int32, scale_c = input_scale · weight_scale_c, zero point 0 (quantize_bias_static).
// As ORT's pre-processing does, a BatchNormalization right after a Conv is folded into it first, so the int8
// weights carry the BN scale (W' = W·γ/√(σ²+ε), b' = (b − μ)·γ/√(σ²+ε) + β).
// The model still takes and returns float32; onnxruntime fuses DQ → Conv → Q groups into integer kernels.
import { ONNX_FLOAT, ONNX_INT32, ONNX_INT8, ONNX_UINT8 } from '../onnx/onnxProto';
import type { OnnxModel } from '../onnx/modelBuilder';
import { floatData, initializer, nameMaker, node as namedNode, setMetadata, type NodeProto, type TensorProto } from './onnxModel';

/** Inserted nodes go unnamed (names are optional in ONNX; the output says what each is): ~10% of a deep int8 file otherwise. */
const node = (...args: Parameters<typeof namedNode>): NodeProto => ({ ...namedNode(...args), name: undefined });

export type Range = readonly [min: number, max: number];

/** Ops whose output holds values of their first input only (or those and the pad value 0): same range. */
const RANGE_PRESERVING = new Set(['Pad', 'Flatten', 'Reshape', 'Transpose', 'Gather', 'Identity', 'MaxPool', 'GlobalMaxPool', 'Dropout']);
/** Layers whose ONNX op onnxruntime has no int8 kernel for (its QDQ quantizer leaves them float32 too). */
export const INT8_FLOAT_LAYERS: Readonly<Record<string, string>> = { LocalResponseNormalization: 'LRN', L2Pooling2D: 'LpPool' };
/** Ops whose weights (input 1) and bias (input 2) are quantised. */
const WEIGHTED = new Set(['Conv', 'Gemm']);

/** uint8 asymmetric activation parameters (quant_utils.compute_scale_zp with qmin 0, qmax 255). */
export function activationParams([lo, hi]: Range): { scale: number; zeroPoint: number } {
  const rmin = Math.min(lo, 0);
  const rmax = Math.max(hi, 0);
  const scale = (rmax - rmin) / 255;
  if (!(scale > 1e-30) || !Number.isFinite(scale)) return { scale: 1, zeroPoint: 0 };
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-rmin / scale))) };
}

/** int8 symmetric per channel along `axis` (0 or the last of a 2-D matrix): q = round(w/scale_c) in ±127. */
export function quantizeWeightsPerChannel(data: Float32Array, dims: number[], axis: number): { q: Int8Array; scales: Float32Array } {
  const channels = dims[axis];
  const inner = dims.slice(axis + 1).reduce((a, b) => a * b, 1);
  const chan = (i: number) => Math.floor(i / inner) % channels;
  const absMax = new Float32Array(channels);
  for (let i = 0; i < data.length; i++) absMax[chan(i)] = Math.max(absMax[chan(i)], Math.abs(data[i]));
  const scales = Float32Array.from(absMax, (m) => (m > 0 ? m / 127 : 1));
  const q = new Int8Array(data.length);
  for (let i = 0; i < data.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(data[i] / scales[chan(i)])));
  return { q, scales };
}

export interface QdqSummary {
  activations: number;
  weights: number;
  biases: number;
  foldedBatchNorms: number;
}

export function quantizeOnnxQdq(model: OnnxModel, ranges: ReadonlyMap<string, Range>, calibrationImages: number): { model: OnnxModel; summary: QdqSummary } {
  const graph = model.graph!;
  const inits = new Map((graph.initializer ?? []).map((t) => [t.name!, t as TensorProto]));
  const nodes: NodeProto[] = graph.node ?? [];
  const foldedBatchNorms = foldBatchNorms(nodes, inits);
  const graphInput = graph.input![0].name!;
  const graphOutputs = new Set((graph.output ?? []).map((o) => o.name!));
  const consumers = new Map<string, NodeProto[]>();
  for (const n of nodes) for (const i of n.input ?? []) consumers.set(i, [...(consumers.get(i) ?? []), n]);

  // Ranges of the tensors between layers (measured), then through ops that keep their input's range.
  const known = new Map(ranges);
  for (const n of nodes) {
    const [x] = n.input ?? [];
    const r = known.get(x);
    if (r && RANGE_PRESERVING.has(n.opType!) && !known.has(n.output![0])) known.set(n.output![0], n.opType === 'Pad' ? [Math.min(r[0], 0), Math.max(r[1], 0)] : r);
  }
  // Quantised activations: every measured tensor between layers, and every Conv/Gemm input — but not what the
  // graph returns, nor what only feeds a Softmax or the output (the probabilities stay float32, as the logits).
  const keepsFloat = (c: NodeProto) => c.opType === 'Softmax' || (c.output ?? []).some((o) => graphOutputs.has(o));
  const quantized = new Set<string>();
  for (const t of ranges.keys()) {
    const cs = consumers.get(t) ?? [];
    if (!graphOutputs.has(t) && cs.length && !cs.every(keepsFloat)) quantized.add(t);
  }
  for (const n of nodes) if (WEIGHTED.has(n.opType!) && known.has(n.input![0])) quantized.add(n.input![0]);

  const fresh = nameMaker(model);
  const added: TensorProto[] = [];
  const scaleOf = new Map<string, number>(); // dequantised tensor → its scale
  const dequantized = new Map<string, string>();
  const out: NodeProto[] = [];
  const emitQdq = (t: string) => {
    if (!quantized.has(t)) return;
    const { scale, zeroPoint } = activationParams(known.get(t)!);
    const s = fresh(`${t}_s`);
    const z = fresh(`${t}_z`);
    added.push(initializer(s, [], ONNX_FLOAT, new Float32Array([scale])), initializer(z, [], ONNX_UINT8, new Uint8Array([zeroPoint])));
    const q = fresh(`${t}_q`);
    const dq = fresh(`${t}_dq`);
    out.push(node('QuantizeLinear', [t, s, z], q), node('DequantizeLinear', [q, s, z], dq));
    scaleOf.set(dq, scale);
    dequantized.set(t, dq);
  };
  emitQdq(graphInput);
  let weights = 0;
  let biases = 0;
  for (const n of nodes) {
    n.input = (n.input ?? []).map((i) => dequantized.get(i) ?? i);
    if (WEIGHTED.has(n.opType!)) {
      const w = inits.get(n.input[1]);
      if (w && w.dataType === ONNX_FLOAT && (consumers.get(w.name!)?.length ?? 0) === 1) {
        const dims = (w.dims ?? []).map(Number);
        const transB = n.attribute?.find((a) => a.name === 'transB')?.i;
        const axis = n.opType === 'Gemm' && !Number(transB ?? 0) ? 1 : 0;
        const { q, scales } = quantizeWeightsPerChannel(floatData(w), dims, axis);
        inits.delete(w.name!);
        const wq = fresh(`${w.name}_q`);
        const ws = fresh(`${w.name}_s`);
        const wz = fresh(`${w.name}_z`);
        added.push(initializer(wq, dims, ONNX_INT8, q), initializer(ws, [scales.length], ONNX_FLOAT, scales), initializer(wz, [scales.length], ONNX_INT8, new Int8Array(scales.length)));
        out.push(node('DequantizeLinear', [wq, ws, wz], w.name!, { axis }));
        weights++;
        const b = inits.get(n.input[2]);
        const inScale = scaleOf.get(n.input[0]);
        if (b && inScale !== undefined && b.dataType === ONNX_FLOAT && (consumers.get(b.name!)?.length ?? 0) === 1) {
          const bs = Float32Array.from(scales, (s) => inScale * s);
          const bq = Int32Array.from(floatData(b), (v, c) => Math.max(-2147483647, Math.min(2147483647, Math.round(v / bs[c]))));
          inits.delete(b.name!);
          const bqName = fresh(`${b.name}_q`);
          const bsName = fresh(`${b.name}_s`);
          const bzName = fresh(`${b.name}_z`);
          added.push(initializer(bqName, [bq.length], ONNX_INT32, bq), initializer(bsName, [bs.length], ONNX_FLOAT, bs), initializer(bzName, [bs.length], ONNX_INT32, new Int32Array(bs.length)));
          out.push(node('DequantizeLinear', [bqName, bsName, bzName], b.name!, { axis: 0 }));
          biases++;
        }
      }
    }
    out.push(n);
    for (const o of n.output ?? []) emitQdq(o);
  }
  graph.node = out;
  graph.initializer = [...inits.values(), ...added];
  setMetadata(model, 'weight_quantization', `int8 QDQ (static): uint8 asymmetric activations calibrated (MinMax) on ${calibrationImages} images, int8 symmetric per-channel weights, int32 biases`);
  return { model, summary: { activations: dequantized.size, weights, biases, foldedBatchNorms } };
}

/** Folds each BatchNormalization whose input is a Conv's output used by nothing else into that Conv. */
function foldBatchNorms(nodes: NodeProto[], inits: Map<string, TensorProto>): number {
  const producer = new Map<string, NodeProto>();
  const uses = new Map<string, number>();
  for (const n of nodes) {
    for (const o of n.output ?? []) producer.set(o, n);
    for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  }
  let folded = 0;
  for (let k = 0; k < nodes.length; k++) {
    const bn = nodes[k];
    if (bn.opType !== 'BatchNormalization') continue;
    const x = bn.input![0];
    const conv = producer.get(x);
    const params = bn.input!.slice(1, 5).map((p) => inits.get(p));
    const w = conv && inits.get(conv.input![1]);
    if (!conv || conv.opType !== 'Conv' || uses.get(x) !== 1 || !w || params.some((p) => !p || p.dataType !== ONNX_FLOAT) || (uses.get(w.name!) ?? 0) !== 1) continue;
    const [gamma, beta, mean, variance] = params.map((p) => floatData(p!));
    const eps = bn.attribute?.find((a) => a.name === 'epsilon')?.f ?? 1e-5;
    const O = gamma.length;
    const factor = Float32Array.from(gamma, (g, c) => g / Math.sqrt(variance[c] + eps));
    const wData = floatData(w);
    const per = wData.length / O;
    const wFolded = Float32Array.from(wData, (v, i) => v * factor[Math.floor(i / per)]);
    const oldB = conv.input![2] ? inits.get(conv.input![2]) : undefined;
    const b = oldB ? floatData(oldB) : new Float32Array(O);
    const bFolded = Float32Array.from(b, (v, c) => (v - mean[c]) * factor[c] + beta[c]);
    inits.set(w.name!, initializer(w.name!, (w.dims ?? []).map(Number), ONNX_FLOAT, wFolded));
    const bName = oldB?.name ?? `${w.name}_folded_bias`;
    inits.set(bName, initializer(bName, [O], ONNX_FLOAT, bFolded));
    conv.input = [conv.input![0], w.name!, bName];
    conv.output = [bn.output![0]];
    for (const p of bn.input!.slice(1)) if (uses.get(p) === 1) inits.delete(p);
    nodes.splice(k--, 1);
    folded++;
  }
  return folded;
}
