// ONNX (NCHW) → CNN Studio graph + weights in tfjs layout, from CNN Studio's own files and from other tools'
// (torch.onnx.export at opsets 11–18, tf2onnx). Each op is read by the layer that declares it
// (src/layers/*.ts `onnxImport`: Conv, pools, Gemm, BatchNormalization, LRN, activations, Add/Sum, Concat,
// Flatten/Reshape, Pad, Dropout …); folds across nodes are the named passes below (fused activation,
// zero-border MaxPool mask, classifier head, MatMul + Add, C·H·W reorder, tf2onnx's NHWC Transposes) and in
// src/import/onnx/ (Constant / Identity / Shape-chain constants, constant scale and shift into the layer
// before, the logits head). Anything else is listed node by node — op, name, why, what to do — and nothing
// is imported. Node ids are valid tfjs layer names whatever the file calls its nodes.
// Every size the file declares (tensor dims, input dims, window attributes, node counts) is checked against
// the data present and src/import/importLimits.ts before anything is allocated for it.
import { onnx } from '../export/onnx/onnxProto';
import { getLayer, layersForOnnxOp } from '../layers/registry';
import type { PrimitiveLayerDef } from '../layers/types';
import type { Shape } from '../graph/schema';
import { formatIssueMessage } from '../i18n/issues';
import { ImportError, layerParamsError, showValue, unsupportedError, type UnsupportedNode } from './importError';
import { checkedElementCount, checkFileSize, checkInputSize, formatCount, formatDims, IMPORT_LIMITS } from './importLimits';
import { attrs, damaged, int64, nodeLabel, readInitializer, type Initializer } from './onnx/tensors';
import { constantNodeTensor, constantOfInts, foldShapeOp, intsOfConstant, onnxDimsOf, SHAPE_OPS, type IntValue } from './onnx/shapeFold';
import { onnxAdvice } from './onnx/advice';
import { logitsHead, onnxLayerId } from './onnx/heads';
import { pytorchNodeNames } from './onnx/moduleNames';
import { activationChain } from './onnx/activationChains';
import { foldIntoLayer } from './onnx/affineFold';
import { toGraph, type ProtoNode } from './protoGraph';
import type { ImportedModel } from './importTfjs';
import type { SavedWeights } from '../train/weightsFiles';
import type { ImportedTensor, OnnxConstant, OnnxNodeIn, OnnxRead } from './layerReaders';

interface Value {
  /** The proto node producing it ('' for the graph input). */
  node: string;
  shape: Shape;
  chwOf?: [number, number, number];
  /** Set on a map the file holds as N×H×W×C (tf2onnx's layout, between its Transposes): only a Flatten may read it. */
  nhwc?: boolean;
}

const product = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);

/** Transpose perms of tf2onnx's layout changes. */
const TO_NCHW = [0, 3, 1, 2];
const TO_NHWC = [0, 2, 3, 1];
/** Element-wise ops with a constant that fold into the linear layer before them. */
const AFFINE_OPS = new Set(['Mul', 'Div', 'Add', 'Sub']);

/**
 * Graph names the exporters write whatever the model (ours, torch.onnx.export's, tf2onnx's, the ONNX model
 * zoo's): the file's name says more.
 */
const GENERIC_GRAPH_NAMES = new Set(['cnn_studio', 'torch_jit', 'torch-jit-export', 'main_graph', 'tf2onnx', 'graph', 'model']);

export function importOnnxModel(bytes: Uint8Array, name = 'Imported ONNX model'): ImportedModel {
  checkFileSize('The ONNX file', bytes.byteLength);
  let model: any;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ImportError(`Not an ONNX model (${String((e as Error)?.message ?? e).slice(0, 200)}) — choose a .onnx file.`);
  }
  const g = model.graph;
  if (!g) throw new ImportError('The ONNX file has no graph.');
  const protoNodes: any[] = g.node ?? [];
  const initializers: any[] = g.initializer ?? [];
  if (protoNodes.length > IMPORT_LIMITS.maxNodes || initializers.length > IMPORT_LIMITS.maxTensors)
    throw new ImportError(
      `The ONNX model has ${formatCount(protoNodes.length)} nodes and ${formatCount(initializers.length)} weight tensors, more than any network CNN Studio holds (limits ${formatCount(IMPORT_LIMITS.maxNodes)} and ${formatCount(IMPORT_LIMITS.maxTensors)}). Nothing was imported.`,
    );
  protoNodes.forEach((n, i) => {
    if (typeof n.output?.[0] !== 'string' || !n.output[0] || typeof n.opType !== 'string' || !n.opType)
      throw damaged(`ONNX node #${i + 1}`, 'has no operation type or no output');
  });
  const init = new Map<string, Initializer>();
  for (const t of initializers) init.set(t.name, readInitializer(t, `Weight tensor ${showValue(String(t.name))}`));
  const inputs = (g.input ?? []).filter((i: any) => !init.has(i.name));
  if (inputs.length !== 1) throw new ImportError(`The model has ${inputs.length} inputs; CNN Studio networks take one image.`);
  const dimList: any[] = inputs[0].type?.tensorType?.shape?.dim ?? [];
  // tf2onnx keeps Keras' N×H×W×C input and transposes it to N×C×H×W first thing: that input is read as NHWC.
  const inputUsers = protoNodes.filter((m) => (m.input ?? []).includes(inputs[0].name));
  const nhwcInput = inputUsers.length > 0 && inputUsers.every((m) => m.opType === 'Transpose' && String(attrs(m, nodeLabel(m)).perm) === String(TO_NCHW));
  // An unset dim_value reads as 0 (a named dim such as "N" has a dim_param and no value: a dynamic batch).
  const [d1, d2, d3] = dimList.slice(1).map((d: any) => int64(d.dimValue ?? 0));
  const [C, H, W] = nhwcInput ? [d3, d1, d2] : [d1, d2, d3];
  if (dimList.length !== 4 || [C, H, W].some((d) => d === 0)) throw new ImportError('The model input must be N×C×H×W with fixed C, H and W.');
  checkInputSize('The model input', H, W, C);

  const nodes: ProtoNode[] = [{ id: 'input', type: 'Input', params: { height: H, width: W, channels: C }, inputs: [] }];
  const weights = new Map<string, { name: string; shape: number[]; data: Float32Array }[]>();
  const values = new Map<string, Value>([[inputs[0].name, { node: 'input', shape: [H, W, C], nhwc: nhwcInput || undefined }]]);
  const unsupported: UnsupportedNode[] = [];
  const byId = new Map<string, ProtoNode>();
  /** The ONNX tensor each layer's output is (after the folds into it): a fold needs the layer's own output. */
  const producedAs = new Map<string, string>();
  /** Integer tensors the file computes (Shape → Gather → … → Reshape), with the batch size unknown. */
  const ints = new Map<string, IntValue>();
  const intOf = (tensor: string | undefined): IntValue | undefined => (tensor ? (ints.get(tensor) ?? intsOfConstant(init.get(tensor))) : undefined);
  const refuse = (n: any, what: string, advice = onnxAdvice(n.opType)) => unsupported.push({ what, where: nodeLabel(n), advice });
  /** Nodes not read only because an input came from a node that was not: told as a count after the causes. */
  const downstream: UnsupportedNode[] = [];
  const uses = new Map<string, number>();
  for (const n of g.node ?? []) for (const i of n.input ?? []) uses.set(i, (uses.get(i) ?? 0) + 1);
  const outputName = g.output?.[0]?.name;
  const taken = new Set(['input']);
  const nextSuffix = new Map<string, number>();
  const moduleNames = pytorchNodeNames(protoNodes.map((n) => ({ name: String(n.name ?? ''), op: String(n.opType) })));
  const idFor = (n: any) => {
    // Node ids are at most 200 characters (src/graph/schema.ts): long names are cut, leaving room for "_k".
    const own = onnxLayerId((n.name && moduleNames.get(String(n.name))) || n.output[0]).slice(0, 180);
    let base = own.replace(/_(relu|relu6|leaky_relu|elu|selu|sigmoid|hard_sigmoid|tanh|softplus|softsign|swish|mish|gelu|softmax|logits|gap|gmp)$/, '') || 'node';
    // Ids key plain objects downstream (the analysis' nodes): "__proto__", "constructor" … become other names.
    if (base in Object.prototype) base = `${base}_node`;
    // The suffix counter per name keeps 20,000 nodes of one name from trying 20,000² suffixes.
    let k = nextSuffix.get(own) ?? 2;
    while (taken.has(base)) base = `${own}_${k++}`;
    nextSuffix.set(own, k);
    taken.add(base);
    return base;
  };
  const add = (n: any, def: PrimitiveLayerDef, params: Record<string, unknown>, ins: Value[], chwOf?: [number, number, number], w?: ImportedTensor[]) => {
    const id = idFor(n);
    const parsed = def.schema.safeParse(params);
    if (!parsed.success) throw layerParamsError(nodeLabel(n), def.type, parsed.error.issues, params);
    const r = guarded(n, () => def.outputShape(parsed.data, ins.map((v) => v.shape)));
    if (!r.ok) throw new ImportError(`${nodeLabel(n)} becomes an invalid ${def.type}: ${formatIssueMessage(r.problem.code, { name: id, ...r.problem.args })} Nothing was imported.`);
    if (product(r.shape) > IMPORT_LIMITS.maxActivationElements)
      throw new ImportError(
        `${nodeLabel(n)} makes a ${r.shape.join('×')} output, ${formatCount(product(r.shape))} values per image — more than CNN Studio computes in one layer (limit ${formatCount(IMPORT_LIMITS.maxActivationElements)}). Nothing was imported.`,
      );
    for (const t of w ?? []) {
      const count = checkedElementCount(`${nodeLabel(n)}'s ${t.name} weight`, t.shape);
      if (count !== t.data.length) throw damaged(`${nodeLabel(n)}'s ${t.name} weight`, `has the shape ${formatDims(t.shape)} but ${formatCount(t.data.length)} values`);
    }
    const node: ProtoNode = { id, type: def.type, params, inputs: ins.map((v) => v.node) };
    nodes.push(node);
    byId.set(id, node);
    if (w) weights.set(id, w.map((x) => ({ ...x, name: `${id}/${x.name}` })));
    const v: Value = { node: id, shape: r.shape, chwOf };
    values.set(n.output[0], v);
    return v;
  };
  const pending = protoNodes;
  const consumed = new Set<any>();
  // Each tensor's consumers in file order, so finding the next one is not a scan of every node (20,000² steps).
  const consumersOf = new Map<string, any[]>();
  for (const m of pending)
    for (const i of new Set<string>(m.input ?? [])) {
      const list = consumersOf.get(i);
      if (list) list.push(m);
      else consumersOf.set(i, [m]);
    }
  const identities = new Set<string>(pending.filter((k) => k.opType === 'Identity').map((k) => `${k.input?.[0]}\u0000${k.output[0]}`));
  const single = (tensor: string) => (uses.get(tensor) ?? 0) === 1 && tensor !== outputName;
  const next = (tensor: string) => consumersOf.get(tensor)?.find((m) => !consumed.has(m));
  const view = (n: any, ins: (Value | undefined)[], extra: Partial<OnnxNodeIn> = {}): OnnxNodeIn => ({
    op: n.opType,
    name: n.name ?? '',
    attrs: attrs(n, nodeLabel(n)),
    inputs: ins.map((v) => v && { shape: v.shape, chwOf: v.chwOf }),
    constant: (i: number): OnnxConstant | undefined => {
      const c = n.input?.[i] ? init.get(n.input[i]) : undefined;
      if (c && 'problem' in c) throw c.problem;
      if (c || n.opType !== 'Reshape' || i !== 1) return c;
      // A shape computed from the input's (x.view(x.size(0), -1)): its unknown batch entry is ONNX Reshape's
      // 0, "copy this dim from the input" — exact only at position 0, where the batch is.
      const v = intOf(n.input?.[1]);
      return v && v.data.slice(1).every((d) => d !== null) ? { dims: v.dims, data: v.data.map((d) => d ?? 0) as number[] } : undefined;
    },
    ...extra,
  });
  /** The first layer that reads this node; otherwise the first reason given, or the op when no layer reads it. */
  const read = (node: OnnxNodeIn): { def: PrimitiveLayerDef; r: Exclude<OnnxRead, { unsupported: string }> } | { unsupported: string } => {
    let refusal: string | undefined;
    for (const def of layersForOnnxOp(node.op)) {
      const r = guarded(node, () => def.onnxImport!.read(node));
      if (r && 'unsupported' in r) refusal ??= r.unsupported;
      else if (r) return { def, r };
    }
    return { unsupported: refusal ?? node.op };
  };
  /** Fused activation: the "<layer>_relu" … CNN Studio writes after a layer whose activation param is 'linear'. */
  const fuseActivation = (out: string, params: Record<string, unknown>, layer: string, x: Value): string => {
    if (params.activation !== 'linear') return out;
    const m = single(out) ? next(out) : undefined;
    if (!m || !layer || !String(m.name).startsWith(`${layer}_`)) return out;
    const act = getLayer('Activation') as PrimitiveLayerDef;
    if (!act.onnxImport!.ops.includes(m.opType)) return out;
    const r = guarded(m, () => act.onnxImport!.read(view(m, [x])));
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
    return m?.opType === 'Max' && init.has(m.input?.[1]) ? m : undefined;
  };
  /**
   * Classifier head: a Dense (Gemm + bias) whose only consumer is the Softmax giving the model output, over
   * the class axis (1 or −1 of N×classes; opsets < 13 default to 1, 13+ to −1).
   */
  const classifierHead = (n: any, def: PrimitiveLayerDef, params: Record<string, unknown>): any => {
    if (def.type !== 'Dense' || !params.useBias) return undefined;
    const m = single(n.output[0]) ? next(n.output[0]) : undefined;
    const soft = m?.opType === 'Softmax' && [undefined, 1, -1].includes(attrs(m, nodeLabel(m)).axis) ? m.output[0] : undefined;
    return soft && (soft === outputName || identities.has(`${soft}\u0000${outputName}`)) ? m : undefined;
  };
  /**
   * MatMul by a constant [N, M] matrix, then Add of a constant [M] bias (tf2onnx's Dense, PyTorch's Linear on
   * some exports): one Gemm, as a node whose inputs are x, W and b.
   */
  const matMulAsGemm = (n: any): any => {
    const w = init.get(n.input?.[1]);
    if (!w || 'problem' in w || w.dims.length !== 2) return undefined;
    const m = single(n.output[0]) ? next(n.output[0]) : undefined;
    const other = m?.opType === 'Add' ? (m.input ?? []).find((i: string) => i !== n.output[0]) : undefined;
    const b = other !== undefined ? init.get(other) : undefined;
    const bias = b && !('problem' in b) && b.data.length === w.dims[1] && b.dims.filter((d) => d !== 1).length <= 1 ? other : undefined;
    if (bias) consumed.add(m);
    return { name: n.name, opType: 'Gemm', input: [n.input[0], n.input[1], ...(bias ? [bias] : [])], output: [bias ? m.output[0] : n.output[0]], attribute: [] };
  };

  // Constant nodes first: a chain (src/import/onnx/activationChains.ts) looks at constants further down the file.
  for (const n of pending) if (n.opType === 'Constant') init.set(n.output[0], constantNodeTensor(n, nodeLabel(n)));
  for (const n0 of pending) {
    if (consumed.has(n0)) continue;
    consumed.add(n0);
    let n = n0;
    if (n.opType === 'Constant') continue; // read above
    // Identity of a weight (PyTorch's BN-into-conv fold leaves them): the same constant under another name.
    if (n.opType === 'Identity' && init.has(n.input?.[0])) {
      init.set(n.output[0], init.get(n.input[0])!);
      continue;
    }
    if (SHAPE_OPS.has(n.opType) && !(n.opType === 'Gather' && values.get(n.input?.[0])?.chwOf)) {
      const src = values.get(n.input?.[0]);
      const folded = foldShapeOp(n.opType, attrs(n, nodeLabel(n)), (n.input ?? []).map(intOf), src && onnxDimsOf(src.shape, src.nhwc));
      if (folded) {
        ints.set(n.output[0], folded);
        const c = constantOfInts(folded);
        if (c) init.set(n.output[0], c);
        continue;
      }
    }
    if (AFFINE_OPS.has(n.opType) && (n.input ?? []).length === 2) {
      // A constant scale / shift of a linear layer's output, folded into its weights (src/import/onnx/affineFold.ts).
      const xi = values.has(n.input[0]) ? 0 : 1;
      const v = values.get(n.input[xi]);
      const c = init.get(n.input[1 - xi]);
      // Not on a C·H·W-ordered vector: its ONNX channel order is not the layer's.
      const layer = v && !v.chwOf && producedAs.get(v.node) === n.input[xi] && single(n.input[xi]) ? byId.get(v.node) : undefined;
      if (v && layer && c && !('problem' in c) && foldIntoLayer(n.opType, xi === 1, c, layer, v.shape, weights)) {
        values.set(n.output[0], v);
        producedAs.set(v.node, n.output[0]);
        continue;
      }
    }
    const x = values.get(n.input?.[0]);
    if (!x) {
      if (n.input?.[0]) downstream.push({ what: `${n.opType}(input ${showValue(String(n.input[0]))} not produced by a supported op)`, where: nodeLabel(n), advice: 'it reads the result of a node CNN Studio could not read, or a constant it cannot use as a layer input.' });
      else refuse(n, `${n.opType}(no input)`, 'a node with no input is not part of an image classifier; export the model again.');
      continue;
    }
    if (n.opType === 'Identity') {
      values.set(n.output[0], x);
      continue;
    }
    if (n.opType === 'Transpose') {
      // tf2onnx's layout changes: NHWC → NCHW (perm 0,3,1,2) and back (0,2,3,1) before a Flatten.
      const perm = String(attrs(n, nodeLabel(n)).perm);
      if (x.shape.length === 3 && perm === String(x.nhwc ? TO_NCHW : TO_NHWC)) values.set(n.output[0], { ...x, nhwc: !x.nhwc || undefined });
      else refuse(n, `Transpose(perm=${perm})`);
      continue;
    }
    if (n.opType === 'Gather') {
      // CNN Studio's C·H·W → H·W·C reorder of a flattened vector: the vector is in tfjs order again.
      if (attrs(n, nodeLabel(n)).axis === 1 && x.chwOf && init.has(n.input[1])) values.set(n.output[0], { ...x, chwOf: undefined });
      else refuse(n, 'Gather', 'CNN Studio reads Gather only as the C·H·W → H·W·C reorder it writes itself, and shape computations on constants.');
      continue;
    }
    // swish, mish and GELU as the few element-wise nodes ONNX spells them with: one Activation layer.
    const chain = activationChain(n, {
      soleConsumer: (t) => (single(t) ? next(t) : undefined),
      constant: (t) => {
        const c = init.get(t);
        return c && !('problem' in c) ? c : undefined;
      },
    });
    if (chain && !x.nhwc) {
      for (const m of chain.rest) consumed.add(m);
      const last = chain.rest.at(-1)!;
      // CNN Studio's own "<layer>_swish…" after a layer with no activation of its own, which reads x only: fused back.
      const layer = byId.get(x.node);
      const xTensor = n.input[0];
      if (layer && layer.params.activation === 'linear' && String(n.name ?? '').startsWith(`${layer.id}_`) && producedAs.get(x.node) === xTensor && uses.get(xTensor) === 2 && xTensor !== outputName) {
        layer.params.activation = chain.activation;
        values.set(last.output[0], x);
        producedAs.set(x.node, last.output[0]);
        continue;
      }
      const made = add(last, getLayer('Activation') as PrimitiveLayerDef, { activation: chain.activation }, [x], x.chwOf);
      values.set(last.output[0], made);
      producedAs.set(made.node, last.output[0]);
      continue;
    }
    if (n.opType === 'MatMul') n = matMulAsGemm(n) ?? n;
    const ins: (Value | undefined)[] = (n.input ?? []).map((i: string) => values.get(i));
    if (x.nhwc && n.opType !== 'Flatten' && n.opType !== 'Reshape') {
      refuse(n, `${n.opType}(on an N×H×W×C tensor)`, 'CNN Studio reads tf2onnx\'s NHWC tensors only where they are transposed to NCHW or flattened; export with --inputs-as-nchw or let tf2onnx\'s optimizer remove the Transposes.');
      continue;
    }
    const mask = zeroBorderMax(n);
    const found = read(view(n, ins, mask ? { zeroBorder: true } : {}));
    if ('unsupported' in found) {
      refuse(n, found.unsupported);
      continue;
    }
    const { def, r } = found;
    let out: string = n.output[0];
    if (mask) {
      consumed.add(mask);
      out = mask.output[0];
    }
    if ('identity' in r) {
      values.set(out, x);
      continue;
    }
    const graphIns = ins.filter((v): v is Value => !!v);
    const head = classifierHead(n, def, r.params);
    if (head) {
      consumed.add(head);
      values.set(head.output[0], add(head, getLayer('Output') as PrimitiveLayerDef, { classes: r.params.units }, graphIns, undefined, r.weights));
      continue;
    }
    out = fuseActivation(out, r.params, n.name, x);
    // An N×H×W×C map flattened gives H·W·C order: tfjs' own, so nothing to reorder.
    const made = add(n, def, r.params, graphIns, x.nhwc ? undefined : r.chwOf, r.weights);
    values.set(out, made);
    producedAs.set(made.node, out);
  }
  if (unsupported.length) throw unsupportedError('ONNX model', unsupported, downstream.length);
  if (downstream.length) throw unsupportedError('ONNX model', downstream);
  const last = values.get(outputName);
  const lastNode = last && nodes.find((p) => p.id === last.node);
  if (!last || !lastNode) throw new ImportError('The ONNX model\'s output is not computed by any node CNN Studio read. Nothing was imported — export the model again.');
  const head = logitsHead(lastNode, weights, nodes, (id) => nodes.filter((p) => p.inputs.includes(id)).length);
  if ('problem' in head) throw new ImportError(head.problem);
  const out = { node: head.output };
  const kept = pruneDead(nodes, out.node);
  const meta = new Map<string, string>((model.metadataProps ?? []).map((p: any) => [p.key, p.value]));
  return { name: g.name && !GENERIC_GRAPH_NAMES.has(g.name) ? g.name : name, graph: toGraph(kept), weights: packWeights(kept, weights), classNames: readClassNames(meta.get('class_names')) };
}

/**
 * A layer reader or shape rule run on what the file declares: one that stumbles on a value it did not expect
 * (an offset past the end of a weight, a missing attribute) means the file does not fit the op — said as an
 * ImportError naming the node, not as the reader's own exception.
 */
function guarded<T>(n: { name?: string; opType?: string; op?: string; output?: string[] }, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof ImportError) throw e;
    const label = nodeLabel({ ...n, opType: n.opType ?? n.op });
    throw new ImportError(`${label} cannot be read: its weights or settings do not fit the operation (${String((e as Error)?.message ?? e).slice(0, 200)}). Nothing was imported — the file is damaged; export the model again.`);
  }
}

/** The class names CNN Studio writes as metadata (a JSON list of strings); anything else is not used. */
function readClassNames(text: string | undefined): string[] | undefined {
  if (typeof text !== 'string' || text.length > 4 * 1024 * 1024) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) && v.length <= 10000 && v.every((c) => typeof c === 'string' && c.length <= 200) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Nodes that do not lead to the output (e.g. a Pad whose pooling read the tensor before it) are dropped. */
function pruneDead(nodes: ProtoNode[], output: string): ProtoNode[] {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const live = new Set<string>();
  // A stack, not recursion: a chain of 20,000 nodes must not overflow the call stack.
  const stack = [output];
  while (stack.length) {
    const id = stack.pop()!;
    if (live.has(id)) continue;
    live.add(id);
    stack.push(...(byId.get(id)?.inputs ?? []));
  }
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
