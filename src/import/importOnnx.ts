// ONNX (NCHW) → CNN Studio graph + weights in tfjs layout. Each op is read by the layer that declares it
// (src/layers/*.ts `onnxImport`: Conv, pools, Gemm, BatchNormalization, LRN, activations, Add/Sum, Concat,
// Flatten, Pad, Dropout …); folds across nodes are the named passes below (fused activation, zero-border
// MaxPool mask, classifier head, C·H·W reorder). Anything else is listed by op name and nothing is imported.
import { onnx } from '../export/onnx/onnxProto';
import { getLayer, layersForOnnxOp } from '../layers/registry';
import type { PrimitiveLayerDef } from '../layers/types';
import type { Shape } from '../graph/schema';
import { ImportError, unsupportedError } from './importError';
import { toGraph, type ProtoNode } from './protoGraph';
import type { ImportedModel } from './importTfjs';
import type { SavedWeights } from '../train/weightsFiles';
import type { ImportedTensor, OnnxConstant, OnnxNodeIn, OnnxRead } from './layerReaders';

interface Value {
  /** The proto node producing it ('' for the graph input). */
  node: string;
  shape: Shape;
  chwOf?: [number, number, number];
}

function tensorData(t: any): { dims: number[]; data: Float32Array | number[] } {
  const dims = (t.dims ?? []).map(Number);
  if (t.dataType === 1) {
    if (t.rawData?.length) return { dims, data: new Float32Array(new Uint8Array(t.rawData).buffer) };
    return { dims, data: Float32Array.from(t.floatData ?? []) };
  }
  if (t.dataType === 7) {
    if (t.rawData?.length) return { dims, data: Array.from(new BigInt64Array(new Uint8Array(t.rawData).buffer), Number) };
    return { dims, data: (t.int64Data ?? []).map(Number) };
  }
  throw new ImportError(`Initializer ${t.name} has data type ${t.dataType}; only float32 and int64 are read.`);
}

function attrs(n: any): Record<string, any> {
  const out: Record<string, any> = {};
  for (const a of n.attribute ?? []) {
    if (a.ints?.length) out[a.name] = a.ints.map(Number);
    else if (a.type === 1) out[a.name] = parseFloat(a.f.toPrecision(7)); // float32 attribute: drop the float64 tail (1e-3, not 0.0010000000474974513)
    else if (a.type === 2) out[a.name] = Number(a.i);
    else if (a.type === 3) out[a.name] = new TextDecoder().decode(a.s);
    else if (a.type === 7) out[a.name] = [];
  }
  return out;
}

export function importOnnxModel(bytes: Uint8Array, name = 'Imported ONNX model'): ImportedModel {
  let model: any;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ImportError(`Not an ONNX model (${(e as Error).message}) — choose a .onnx file.`);
  }
  const g = model.graph;
  if (!g) throw new ImportError('The ONNX file has no graph.');
  const init = new Map<string, { dims: number[]; data: Float32Array | number[] }>();
  for (const t of g.initializer ?? []) init.set(t.name, tensorData(t));
  const inputs = (g.input ?? []).filter((i: any) => !init.has(i.name));
  if (inputs.length !== 1) throw new ImportError(`The model has ${inputs.length} inputs; CNN Studio networks take one image.`);
  const dims = inputs[0].type?.tensorType?.shape?.dim?.map((d: any) => Number(d.dimValue ?? 0)) ?? [];
  if (dims.length !== 4 || dims.slice(1).some((d: number) => !d)) throw new ImportError('The model input must be N×C×H×W with fixed C, H and W.');
  const [, C, H, W] = dims;

  const nodes: ProtoNode[] = [{ id: 'input', type: 'Input', params: { height: H, width: W, channels: C }, inputs: [] }];
  const weights = new Map<string, { name: string; shape: number[]; data: Float32Array }[]>();
  const values = new Map<string, Value>([[inputs[0].name, { node: 'input', shape: [H, W, C] }]]);
  const unsupported: string[] = [];
  const uses = new Map<string, number>();
  for (const n of g.node ?? []) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  const outputName = g.output?.[0]?.name;
  const taken = new Set(['input']);
  const idFor = (n: any) => {
    let base = (n.name || n.output[0]).replace(/_(relu|leaky_relu|elu|sigmoid|tanh|softmax|logits|gap|gmp)$/, '') || 'node';
    for (let k = 2; taken.has(base); k++) base = `${(n.name || n.output[0])}_${k}`;
    taken.add(base);
    return base;
  };
  const add = (n: any, def: PrimitiveLayerDef, params: Record<string, unknown>, ins: Value[], chwOf?: [number, number, number], w?: ImportedTensor[]) => {
    const id = idFor(n);
    const parsed = def.schema.parse(params);
    const r = def.outputShape(parsed, ins.map((v) => v.shape));
    if (!r.ok) throw new ImportError(`ONNX node ${n.name || n.output[0]} (${n.opType}) becomes an invalid ${def.type}: ${r.problem.code}.`);
    nodes.push({ id, type: def.type, params, inputs: ins.map((v) => v.node) });
    if (w) weights.set(id, w.map((x) => ({ ...x, name: `${id}/${x.name}` })));
    const v: Value = { node: id, shape: r.shape, chwOf };
    values.set(n.output[0], v);
    return v;
  };
  const pending = g.node as any[];
  const consumed = new Set<any>();
  const single = (tensor: string) => (uses.get(tensor) ?? 0) === 1 && tensor !== outputName;
  const next = (tensor: string) => pending.find((m) => !consumed.has(m) && (m.input ?? []).includes(tensor));
  const view = (n: any, ins: (Value | undefined)[], extra: Partial<OnnxNodeIn> = {}): OnnxNodeIn => ({
    op: n.opType,
    name: n.name ?? '',
    attrs: attrs(n),
    inputs: ins.map((v) => v && { shape: v.shape, chwOf: v.chwOf }),
    constant: (i: number): OnnxConstant | undefined => (n.input?.[i] ? init.get(n.input[i]) : undefined),
    ...extra,
  });
  /** The first layer that reads this node; otherwise the first reason given, or the op when no layer reads it. */
  const read = (node: OnnxNodeIn): { def: PrimitiveLayerDef; r: Exclude<OnnxRead, { unsupported: string }> } | { unsupported: string } => {
    let refusal: string | undefined;
    for (const def of layersForOnnxOp(node.op)) {
      const r = def.onnxImport!.read(node);
      if (r && 'unsupported' in r) refusal ??= r.unsupported;
      else if (r) return { def, r };
    }
    return { unsupported: refusal ?? node.op };
  };
  /** Fused activation: the "<layer>_relu" … CNN Studio writes after a layer whose activation param is 'linear'. */
  const fuseActivation = (out: string, params: Record<string, unknown>, layer: string, x: Value): string => {
    if (params.activation !== 'linear') return out;
    const m = single(out) ? next(out) : undefined;
    if (!m || !String(m.name).startsWith(`${layer}_`)) return out;
    const act = getLayer('Activation') as PrimitiveLayerDef;
    if (!act.onnxImport!.ops.includes(m.opType)) return out;
    const r = act.onnxImport!.read(view(m, [x]));
    if (!r || !('params' in r)) return out;
    // tfjs builds a fused leakyRelu with α = 0.2 (src/layers/activationTf.ts): another α stays its own layer.
    if (r.params.activation === 'leakyRelu' && Math.abs((r.params.alpha as number) - 0.2) > 1e-6) return out;
    params.activation = r.params.activation;
    consumed.add(m);
    return m.output[0];
  };
  /** Zero-border mask: the Max with a constant that CNN Studio writes after a MaxPool over zeros. */
  const zeroBorderMax = (n: any): any => {
    if (n.opType !== 'MaxPool') return undefined;
    const m = single(n.output[0]) ? next(n.output[0]) : undefined;
    return m?.opType === 'Max' && init.has(m.input[1]) ? m : undefined;
  };
  /** Classifier head: a Dense (Gemm + bias) whose only consumer is the Softmax giving the model output. */
  const classifierHead = (n: any, def: PrimitiveLayerDef, params: Record<string, unknown>): any => {
    if (def.type !== 'Dense' || !params.useBias) return undefined;
    const m = single(n.output[0]) ? next(n.output[0]) : undefined;
    const soft = m?.opType === 'Softmax' ? m.output[0] : undefined;
    return soft && (soft === outputName || pending.some((k) => k.opType === 'Identity' && k.input[0] === soft && k.output[0] === outputName)) ? m : undefined;
  };

  for (const n of pending) {
    if (consumed.has(n)) continue;
    consumed.add(n);
    const x = values.get(n.input?.[0]);
    if (!x && n.opType !== 'Constant') {
      unsupported.push(`${n.opType}(input ${n.input?.[0]} not produced by a supported op)`);
      continue;
    }
    if (n.opType === 'Identity') {
      values.set(n.output[0], x!);
      continue;
    }
    if (n.opType === 'Gather') {
      // CNN Studio's C·H·W → H·W·C reorder of a flattened vector: the vector is in tfjs order again.
      if (attrs(n).axis === 1 && x!.chwOf && init.has(n.input[1])) values.set(n.output[0], { ...x!, chwOf: undefined });
      else unsupported.push('Gather');
      continue;
    }
    const ins: (Value | undefined)[] = (n.input ?? []).map((i: string) => values.get(i));
    const mask = zeroBorderMax(n);
    const found = read(view(n, ins, mask ? { zeroBorder: true } : {}));
    if ('unsupported' in found) {
      unsupported.push(found.unsupported);
      continue;
    }
    const { def, r } = found;
    let out: string = n.output[0];
    if (mask) {
      consumed.add(mask);
      out = mask.output[0];
    }
    if ('identity' in r) {
      values.set(out, x!);
      continue;
    }
    const graphIns = ins.filter((v): v is Value => !!v);
    const head = classifierHead(n, def, r.params);
    if (head) {
      consumed.add(head);
      values.set(head.output[0], add(head, getLayer('Output') as PrimitiveLayerDef, { classes: r.params.units }, graphIns, undefined, r.weights));
      continue;
    }
    out = fuseActivation(out, r.params, n.name, x!);
    values.set(out, add(n, def, r.params, graphIns, r.chwOf, r.weights));
  }
  if (unsupported.length) throw unsupportedError('ONNX model', unsupported);
  const out = values.get(outputName);
  if (!out || nodes.find((p) => p.id === out.node)?.type !== 'Output')
    throw new ImportError('The ONNX model does not end in Gemm + Softmax (a classifier head) — CNN Studio graphs end in an Output layer.');
  const kept = pruneDead(nodes, out.node);
  const meta = Object.fromEntries((model.metadataProps ?? []).map((p: any) => [p.key, p.value]));
  let classNames: string[] | undefined;
  try {
    classNames = meta.class_names ? JSON.parse(meta.class_names) : undefined;
  } catch {
    classNames = undefined;
  }
  return { name: g.name && g.name !== 'cnn_studio' ? g.name : name, graph: toGraph(kept), weights: packWeights(kept, weights), classNames };
}

/** Nodes that do not lead to the output (e.g. a Pad whose pooling read the tensor before it) are dropped. */
function pruneDead(nodes: ProtoNode[], output: string): ProtoNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const live = new Set<string>();
  const visit = (id: string) => {
    if (live.has(id)) return;
    live.add(id);
    byId.get(id)?.inputs.forEach(visit);
  };
  visit(output);
  return nodes.filter((n) => live.has(n.id));
}

function packWeights(nodes: ProtoNode[], ws: Map<string, { name: string; shape: number[]; data: Float32Array }[]>): SavedWeights {
  const list = nodes.flatMap((n) => ws.get(n.id) ?? []);
  const data = new Uint8Array(list.reduce((s, w) => s + w.data.byteLength, 0));
  let at = 0;
  for (const w of list) {
    data.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), at);
    at += w.data.byteLength;
  }
  return { weightSpecs: list.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })), weightData: data };
}
