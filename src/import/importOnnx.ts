// ONNX (NCHW) → CNN Studio graph + weights in tfjs layout. Covers the ops CNN Studio's own exporter writes and
// the same ops from other tools: Conv (grouped = depthwise), MaxPool/AveragePool/LpPool, global pools, Gemm,
// BatchNormalization, LRN, activations, Add/Sum, Concat, Flatten, Pad, Identity/Dropout. Anything else is
// listed by op name and nothing is imported.
import { onnx } from '../export/onnx/onnxProto';
import { chwToHwcIndex, groupedToDepthwise, oihwToHwio, unpermuteRows, transpose2d, windowPads } from '../export/layout';
import { getLayer } from '../layers/registry';
import type { Shape } from '../graph/schema';
import { ImportError, unsupportedError } from './importError';
import { toGraph, type ProtoNode } from './protoGraph';
import type { ImportedModel, ImportedWeights } from './importTfjs';

interface Value {
  /** The proto node producing it ('' for the graph input). */
  node: string;
  shape: Shape;
  chwOf?: [number, number, number];
  /** A global pool waiting for its Flatten. */
  pendingGlobal?: { type: string; from: string };
}

const ACT: Record<string, string> = { Relu: 'relu', LeakyRelu: 'leakyRelu', Elu: 'elu', Sigmoid: 'sigmoid', Tanh: 'tanh', Softmax: 'softmax' };

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
  const add = (n: any, type: string, params: Record<string, unknown>, ins: Value[], extra: Partial<Value> = {}, w?: { name: string; shape: number[]; data: Float32Array }[]) => {
    const id = idFor(n);
    const def = getLayer(type)!;
    const parsed = def.schema.parse(params);
    const r = def.outputShape(parsed, ins.map((v) => v.shape));
    if (!r.ok) throw new ImportError(`ONNX node ${n.name || n.output[0]} (${n.opType}) becomes an invalid ${type}: ${r.problem.code}.`);
    nodes.push({ id, type, params, inputs: ins.map((v) => v.node) });
    if (w) weights.set(id, w.map((x) => ({ ...x, name: `${id}/${x.name}` })));
    const v: Value = { node: id, shape: r.shape, ...extra };
    values.set(n.output[0], v);
    return v;
  };
  const pending = g.node as any[];
  const consumed = new Set<any>();
  const single = (tensor: string) => (uses.get(tensor) ?? 0) === 1 && tensor !== outputName;
  const next = (tensor: string) => pending.find((m) => !consumed.has(m) && (m.input ?? []).includes(tensor));
  /** Folds the activation CNN Studio writes for a fused `activation` param ("<layer>_relu" after "<layer>"). */
  const foldActivation = (out: string, params: Record<string, unknown>, layer: string): string => {
    const m = single(out) ? next(out) : undefined;
    if (!m || !ACT[m.opType] || !String(m.name).startsWith(`${layer}_`)) return out;
    const a = attrs(m);
    if (m.opType === 'LeakyRelu' && Math.abs((a.alpha ?? 0.01) - 0.2) > 1e-6) return out;
    if (m.opType === 'Elu' && (a.alpha ?? 1) !== 1) return out;
    params.activation = ACT[m.opType];
    consumed.add(m);
    return m.output[0];
  };
  const padsToParam = (pads: number[] | undefined, shape: Shape, F: number, S: number, D = 1): 'valid' | 'same' | number | undefined => {
    const p = pads ?? [0, 0, 0, 0];
    if (p.every((v) => v === 0)) return 'valid';
    const same = windowPads('same', shape, F, S, D);
    if (p.every((v, i) => v === same[i])) return 'same';
    return p.every((v) => v === p[0]) ? p[0] : undefined;
  };

  for (const n of pending) {
    if (consumed.has(n)) continue;
    consumed.add(n);
    const a = attrs(n);
    const x = values.get(n.input?.[0]);
    if (!x && n.opType !== 'Constant') {
      unsupported.push(`${n.opType}(input ${n.input?.[0]} not produced by a supported op)`);
      continue;
    }
    const v = x!;
    const square = (k?: number[]) => (k && k.every((e) => e === k[0]) ? k[0] : undefined);
    switch (n.opType) {
      case 'Identity':
      case 'Dropout':
        values.set(n.output[0], v);
        break;
      case 'Conv': {
        const wt = init.get(n.input[1]);
        const bias = n.input[2] ? init.get(n.input[2]) : undefined;
        const F = square(a.kernel_shape ?? wt?.dims.slice(2));
        const S = square(a.strides ?? [1, 1]) ?? undefined;
        const D = square(a.dilations ?? [1, 1]) ?? undefined;
        const pad = F && S && D ? padsToParam(a.pads, v.shape, F, S, D) : undefined;
        if (!wt || !F || !S || !D || pad === undefined || a.auto_pad && a.auto_pad !== 'NOTSET') {
          unsupported.push('Conv(non-square, asymmetric pads or weights not constant)');
          break;
        }
        const group = a.group ?? 1;
        const [O, I] = wt.dims;
        const data = wt.data as Float32Array;
        const params: Record<string, unknown> = { kernelSize: F, strides: S, padding: pad, dilation: D, useBias: !!bias, activation: 'linear' };
        let type: string;
        let kernel: { name: string; shape: number[]; data: Float32Array };
        if (group === 1) {
          type = 'Conv2D';
          params.filters = O;
          kernel = { name: 'kernel', shape: [F, F, I, O], data: oihwToHwio(data, wt.dims) };
        } else if (I === 1 && group === v.shape[2]) {
          type = 'DepthwiseConv2D';
          params.depthMultiplier = O / group;
          kernel = { name: 'depthwise_kernel', shape: [F, F, group, O / group], data: groupedToDepthwise(data, wt.dims) };
        } else {
          unsupported.push(`Conv(group=${group})`);
          break;
        }
        const out = foldActivation(n.output[0], params, n.name);
        const made = add(n, type, params, [v], {}, [kernel, ...(bias ? [{ name: 'bias', shape: [O], data: bias.data as Float32Array }] : [])]);
        values.set(out, made);
        break;
      }
      case 'MaxPool':
      case 'AveragePool':
      case 'LpPool': {
        const F = square(a.kernel_shape);
        const S = square(a.strides ?? [1, 1]);
        if (!F || !S || (n.opType === 'LpPool' && (a.p ?? 2) !== 2) || a.ceil_mode) {
          unsupported.push(`${n.opType}(${!F || !S ? 'non-square' : a.ceil_mode ? 'ceil_mode' : `p=${a.p}`})`);
          break;
        }
        let padding = padsToParam(a.pads, v.shape, F, S);
        let out = n.output[0];
        if (n.opType === 'MaxPool') {
          // CNN Studio's zero-border mask (Max with a constant) means explicit zero padding P.
          const m = single(out) ? next(out) : undefined;
          if (m?.opType === 'Max' && init.has(m.input[1])) {
            consumed.add(m);
            out = m.output[0];
            const p = a.pads ?? [0, 0, 0, 0];
            padding = p.every((e: number) => e === p[0]) ? p[0] || 'valid' : undefined;
          } else if (padding !== 'valid' && padding !== 'same') padding = undefined; // ONNX pads here are ignored, not zeros
        }
        if (n.opType === 'AveragePool' && padding !== 'valid') {
          const include = a.count_include_pad === 1;
          if (padding === 'same' && include) padding = (a.pads as number[]).every((e) => e === a.pads[0]) ? a.pads[0] : undefined;
          else if (typeof padding === 'number' && !include) padding = undefined;
        }
        if (padding === undefined) {
          unsupported.push(`${n.opType}(pads ${JSON.stringify(a.pads)})`);
          break;
        }
        const type = n.opType === 'MaxPool' ? 'MaxPooling2D' : n.opType === 'AveragePool' ? 'AveragePooling2D' : 'L2Pooling2D';
        values.set(out, add(n, type, { poolSize: F, strides: S === F ? 0 : S, padding }, [v]));
        break;
      }
      case 'GlobalAveragePool':
      case 'GlobalMaxPool':
        values.set(n.output[0], { ...v, pendingGlobal: { type: n.opType === 'GlobalAveragePool' ? 'GlobalAveragePooling2D' : 'GlobalMaxPooling2D', from: n.input[0] } });
        break;
      case 'Flatten': {
        if (v.pendingGlobal) {
          add(n, v.pendingGlobal.type, {}, [values.get(v.pendingGlobal.from)!]);
          break;
        }
        if (v.shape.length !== 3) values.set(n.output[0], v);
        else add(n, 'Flatten', {}, [v], { chwOf: v.shape as [number, number, number] });
        break;
      }
      case 'Gemm': {
        const wt = init.get(n.input[1]);
        const bias = n.input[2] ? init.get(n.input[2]) : undefined;
        if (!wt || (a.alpha ?? 1) !== 1 || (a.beta ?? 1) !== 1 || a.transA) {
          unsupported.push('Gemm(alpha/beta ≠ 1, transA or non-constant weights)');
          break;
        }
        let kernel = wt.data as Float32Array;
        let [N, M] = wt.dims;
        if (a.transB) {
          kernel = transpose2d(kernel, wt.dims);
          [N, M] = [M, N];
        }
        if (v.chwOf) kernel = unpermuteRows(kernel, [N, M], chwToHwcIndex(v.chwOf));
        const ws = [{ name: 'kernel', shape: [N, M], data: kernel }, ...(bias ? [{ name: 'bias', shape: [M], data: bias.data as Float32Array }] : [])];
        // Gemm → Softmax that is the model output: the classifier head.
        const m = single(n.output[0]) ? next(n.output[0]) : undefined;
        const softOut = m?.opType === 'Softmax' ? m.output[0] : undefined;
        const isHead = softOut && bias && (softOut === outputName || pending.some((k) => k.opType === 'Identity' && k.input[0] === softOut && k.output[0] === outputName));
        if (isHead) {
          consumed.add(m);
          values.set(softOut!, add(m, 'Output', { classes: M }, [v], {}, ws));
          break;
        }
        const params: Record<string, unknown> = { units: M, useBias: !!bias, activation: 'linear' };
        const out = foldActivation(n.output[0], params, n.name);
        values.set(out, add(n, 'Dense', params, [v], {}, ws));
        break;
      }
      case 'BatchNormalization': {
        const ps = n.input.slice(1).map((i: string) => init.get(i));
        if (ps.some((p: unknown) => !p)) {
          unsupported.push('BatchNormalization(non-constant parameters)');
          break;
        }
        const perm = v.chwOf && chwToHwcIndex(v.chwOf);
        const back = (d: Float32Array) => {
          if (!perm) return d;
          const o = new Float32Array(d.length);
          perm.forEach((src, j) => (o[src] = d[j]));
          return o;
        };
        const names = ['gamma', 'beta', 'moving_mean', 'moving_variance'];
        // ONNX momentum weights the running statistics, as Keras' does; absent, the layer's default stays.
        const momentum = a.momentum !== undefined ? { momentum: a.momentum } : {};
        add(n, 'BatchNormalization', { epsilon: a.epsilon ?? 1e-5, ...momentum }, [v], { chwOf: v.chwOf }, ps.map((p: any, i: number) => ({ name: names[i], shape: p.dims, data: back(p.data) })));
        break;
      }
      case 'LRN':
        add(n, 'LocalResponseNormalization', { size: a.size, k: a.bias ?? 1, alpha: (a.alpha ?? 1e-4) / a.size, beta: a.beta ?? 0.75 }, [v]);
        break;
      case 'Relu':
      case 'LeakyRelu':
      case 'Elu':
      case 'Sigmoid':
      case 'Tanh':
      case 'Softmax': {
        if (n.opType === 'Elu' && (a.alpha ?? 1) !== 1) {
          unsupported.push(`Elu(alpha=${a.alpha})`);
          break;
        }
        add(n, 'Activation', { activation: ACT[n.opType], ...(n.opType === 'LeakyRelu' ? { alpha: a.alpha ?? 0.01 } : {}) }, [v], { chwOf: v.chwOf });
        break;
      }
      case 'Add':
      case 'Sum': {
        const ins = n.input.map((i: string) => values.get(i));
        if (ins.some((i: Value | undefined) => !i)) {
          unsupported.push(`${n.opType}(constant operand)`);
          break;
        }
        add(n, 'Add', {}, ins, { chwOf: ins.every((i: Value) => String(i.chwOf) === String(ins[0].chwOf)) ? ins[0].chwOf : undefined });
        break;
      }
      case 'Concat': {
        const ins = n.input.map((i: string) => values.get(i));
        if (a.axis !== 1 || ins.some((i: Value | undefined) => !i || i.chwOf)) {
          unsupported.push(`Concat(axis=${a.axis})`);
          break;
        }
        add(n, 'Concatenate', {}, ins);
        break;
      }
      case 'Gather': {
        // CNN Studio's C·H·W → H·W·C reorder of a flattened vector: the vector is in tfjs order again.
        if (a.axis === 1 && v.chwOf && init.has(n.input[1])) values.set(n.output[0], { ...v, chwOf: undefined });
        else unsupported.push('Gather');
        break;
      }
      case 'Pad': {
        const pads = n.input[1] ? (init.get(n.input[1])?.data as number[]) : a.pads;
        const mode = a.mode ?? 'constant';
        const value = n.input[2] ? (init.get(n.input[2])?.data as Float32Array)?.[0] : 0;
        const [, , t, l, , , b, r] = pads ?? [];
        if (mode !== 'constant' || value || !pads || pads[0] || pads[1] || pads[4] || pads[5] || ![l, b, r].every((e) => e === t)) {
          unsupported.push('Pad(not a symmetric zero padding of H and W)');
          break;
        }
        add(n, 'ZeroPadding2D', { padding: t }, [v]);
        break;
      }
      default:
        unsupported.push(n.opType);
    }
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

function packWeights(nodes: ProtoNode[], ws: Map<string, { name: string; shape: number[]; data: Float32Array }[]>): ImportedWeights {
  const list = nodes.flatMap((n) => ws.get(n.id) ?? []);
  const data = new Uint8Array(list.reduce((s, w) => s + w.data.byteLength, 0));
  let at = 0;
  for (const w of list) {
    data.set(new Uint8Array(w.data.buffer, w.data.byteOffset, w.data.byteLength), at);
    at += w.data.byteLength;
  }
  return { weightSpecs: list.map((w) => ({ name: w.name, shape: w.shape, dtype: 'float32' as const })), weightData: data };
}
