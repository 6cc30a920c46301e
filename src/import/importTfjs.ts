// TensorFlow.js / Keras Layers model.json → CNN Studio graph + weights. Each Keras class is read by the layer
// that declares it (src/layers/*.ts `keras`). Layer names become node ids, so the weights (named "<layer>/kernel"
// …) load into the graph's model by name. Layers CNN Studio builds as two tfjs layers are folded back:
// "<X>_pad" ZeroPadding2D → X's padding, "<X>_act" activation → X's activation, Dense + softmax at the output → Output.
import { ImportError, unsupportedError } from './importError';
import { consumers, rewire, toGraph, type ProtoNode } from './protoGraph';
import type { Graph } from '../graph/schema';
import { layerForKerasClass } from '../layers/registry';
import type { SavedWeights } from '../train/weightsFiles';

export interface ImportedModel {
  name: string;
  graph: Graph;
  weights?: SavedWeights;
  classNames?: string[];
}

interface KerasLayer {
  class_name: string;
  name: string;
  config: Record<string, any>;
  inputs: string[];
}

function kerasLayers(topology: any): KerasLayer[] {
  const cfg = topology?.model_config ?? topology;
  const list: any[] = cfg?.config?.layers ?? (Array.isArray(cfg?.config) ? cfg.config : undefined);
  if (!Array.isArray(list)) throw new ImportError('model.json has no layer list (modelTopology.config.layers) — is it a tfjs "layers-model" file? Graph models (from the TF converter) cannot be edited.');
  const sequential = (cfg.class_name ?? '') === 'Sequential';
  const out: KerasLayer[] = [];
  if (sequential) {
    const first = list[0]?.config ?? {};
    const shape = first.batch_input_shape ?? first.batchInputShape;
    if (list[0]?.class_name !== 'InputLayer') out.push({ class_name: 'InputLayer', name: 'input', config: { batch_input_shape: shape }, inputs: [] });
  }
  for (const l of list) {
    const name = l.name ?? l.config?.name;
    let inputs: string[];
    if (sequential) inputs = out.length ? [out[out.length - 1].name] : [];
    else {
      const inbound = l.inbound_nodes ?? [];
      if (inbound.length > 1) throw new ImportError(`Layer "${name}" is used ${inbound.length} times (shared weights); CNN Studio graphs use each layer once.`);
      const first = inbound[0] ?? [];
      // Keras 2: [[name, nodeIndex, tensorIndex, kwargs], …]; Keras 3 style: {args: [{config: {keras_history: [name, …]}}]}.
      inputs = Array.isArray(first) ? first.map((x: any[]) => x[0]) : (first.args ?? []).flatMap((a: any) => (Array.isArray(a) ? a : [a])).map((a: any) => a?.config?.keras_history?.[0]).filter(Boolean);
    }
    out.push({ class_name: l.class_name, name, config: l.config ?? {}, inputs });
  }
  return out;
}

/** One Keras layer as a proto node through the reader of the layer its class is (src/layers), or why it has none. */
function mapLayer(l: KerasLayer): ProtoNode | 'identity' | string {
  const def = layerForKerasClass(l.class_name);
  if (!def?.keras) return l.class_name;
  const r = def.keras.read(l.config, l.class_name);
  if ('identity' in r) return 'identity';
  if ('unsupported' in r) return r.unsupported;
  return { id: l.name, inputs: l.inputs, type: def.type, params: r.params };
}

/** Folds the two-layer forms CNN Studio writes (see the header) back into one node. */
function fold(nodes: ProtoNode[], outputId: string): { nodes: ProtoNode[]; outputId: string } {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const drop = new Set<string>();
  const cons = consumers(nodes);
  for (const n of nodes) {
    // "<X>_pad" ZeroPadding2D → X.padding = P (any layer whose padding param is 'valid': P means zeros, then valid).
    if (n.type === 'ZeroPadding2D' && n.id.endsWith('_pad')) {
      const [x] = cons.get(n.id) ?? [];
      if (x && cons.get(n.id)!.length === 1 && x.id === n.id.slice(0, -4) && x.params.padding === 'valid') {
        x.params.padding = n.params.padding;
        rewire(nodes, n.id, n.inputs[0]);
        x.inputs = x.inputs.map((i) => (i === n.id ? n.inputs[0] : i));
        drop.add(n.id);
      }
    }
    // "<X>_act" activation → X.activation, for any layer with a fused activation param left 'linear'
    // (fused leakyRelu is always α = 0.2, see src/layers/activationTf.ts).
    if (n.type === 'Activation' && n.id.endsWith('_act')) {
      const x = byId.get(n.inputs[0]);
      const a = n.params.activation as string;
      const fusable = a !== 'leakyRelu' || n.params.alpha === 0.2;
      if (x && fusable && x.id === n.id.slice(0, -4) && x.params.activation === 'linear' && (cons.get(x.id) ?? []).length === 1) {
        x.params.activation = a;
        rewire(nodes, n.id, x.id);
        if (outputId === n.id) outputId = x.id;
        drop.add(n.id);
      }
    }
  }
  let kept = nodes.filter((n) => !drop.has(n.id));
  // The classifier head: Dense(+bias) with softmax that is the model's output.
  const out = kept.find((n) => n.id === outputId);
  if (out?.type === 'Dense' && out.params.activation === 'softmax' && out.params.useBias) {
    out.type = 'Output';
    out.params = { classes: out.params.units };
  } else if (out?.type === 'Activation' && out.params.activation === 'softmax') {
    const d = kept.find((n) => n.id === out.inputs[0]);
    if (d?.type === 'Dense' && d.params.activation === 'linear' && d.params.useBias && (consumers(kept).get(d.id) ?? []).length === 1) {
      d.type = 'Output';
      d.params = { classes: d.params.units };
      kept = kept.filter((n) => n !== out);
      outputId = d.id;
    }
  }
  return { nodes: kept, outputId };
}

/** Shard file names of model.json, in the order their bytes are concatenated. */
export function tfjsShardPaths(modelJson: string): string[] {
  const j = parseJson(modelJson);
  return (j.weightsManifest ?? []).flatMap((g: any) => g.paths ?? []);
}

function parseJson(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    throw new ImportError('model.json is not valid JSON — choose the model.json that tfjs (or CNN Studio) wrote.');
  }
}

/** `weightData`: every shard's bytes, concatenated in tfjsShardPaths order. */
export function importTfjsModel(modelJson: string, weightData?: Uint8Array): ImportedModel {
  const j = parseJson(modelJson);
  const layers = kerasLayers(j.modelTopology);
  const unsupported: string[] = [];
  const nodes: ProtoNode[] = [];
  const aliases = new Map<string, string>();
  const resolve = (id: string): string => (aliases.has(id) ? resolve(aliases.get(id)!) : id);
  for (const l of layers) {
    const m = mapLayer({ ...l, inputs: l.inputs.map(resolve) });
    if (m === 'identity') aliases.set(l.name, resolve(l.inputs[0]));
    else if (typeof m === 'string') unsupported.push(m);
    else nodes.push(m);
  }
  if (unsupported.length) throw unsupportedError('tfjs model', unsupported);
  const cfg = j.modelTopology?.model_config ?? j.modelTopology;
  const outs = cfg?.config?.output_layers;
  const lastId = resolve(Array.isArray(outs) && outs.length ? outs[0][0] : layers[layers.length - 1].name);
  if (Array.isArray(outs) && outs.length > 1) throw new ImportError(`The model has ${outs.length} outputs; CNN Studio graphs have one classifier output.`);
  const folded = fold(nodes, lastId);
  if (!folded.nodes.some((n) => n.id === folded.outputId && n.type === 'Output'))
    throw new ImportError('The model does not end in a softmax classifier (Dense + softmax) — CNN Studio graphs end in an Output layer; add one in the original model.');
  const meta = j.userDefinedMetadata?.cnnStudio ?? {};
  let weights: SavedWeights | undefined;
  if (weightData) {
    const specs = (j.weightsManifest ?? []).flatMap((g: any) => g.weights ?? []);
    const bad = specs.filter((s: any) => (s.dtype ?? 'float32') !== 'float32' || s.quantization);
    if (bad.length) throw new ImportError(`Weights ${bad.map((s: any) => s.name).join(', ')} are not plain float32 (quantised?) — export the model without quantisation.`);
    const want = specs.reduce((a: number, s: any) => a + 4 * s.shape.reduce((p: number, d: number) => p * d, 1), 0);
    if (weightData.byteLength !== want) throw new ImportError(`The weight files hold ${weightData.byteLength} bytes but model.json lists ${want} — a shard is missing or damaged.`);
    weights = { weightSpecs: specs.map((s: any) => ({ name: s.name, shape: s.shape, dtype: 'float32' as const })), weightData };
  }
  return {
    name: typeof meta.name === 'string' ? meta.name : (cfg?.config?.name ?? 'Imported model'),
    graph: toGraph(folded.nodes),
    weights,
    classNames: Array.isArray(meta.classNames) && meta.classNames.length ? meta.classNames : undefined,
  };
}
