// TensorFlow.js / Keras Layers model.json → CNN Studio graph + weights. Each Keras class is read by the layer
// that declares it (src/layers/*.ts `keras`). Layer names become node ids, so the weights (named "<layer>/kernel"
// …) load into the graph's model by name. Layers CNN Studio builds as two tfjs layers are folded back:
// "<X>_pad" ZeroPadding2D → X's padding, "<X>_act" activation → X's activation, Dense + softmax at the output → Output.
// model.json is size-checked before it is parsed, and every weight the manifest lists is checked (shape,
// dtype, total) against src/import/importLimits.ts and the bytes of the shards before any is read.
import { ImportError, layerParamsError, showValue, unsupportedError } from './importError';
import { checkedElementCount, checkFileSize, formatCount, IMPORT_LIMITS } from './importLimits';
import { checkJsonLimits, scanJsonText, type JsonLimits } from '../project/jsonLimits';
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

/** A Keras layer's own name: text of 1 to 200 characters (it becomes the node id). */
function layerName(l: any, index: number): string {
  const name = l?.name ?? l?.config?.name;
  if (typeof name !== 'string' || !name || name.length > 200)
    throw new ImportError(`Layer #${index + 1} of model.json has the name ${showValue(name)}; every layer needs a name of 1 to 200 characters. Nothing was imported — the file is damaged; export the model again.`);
  // Layer names become node ids, which key plain objects downstream (the analysis' nodes).
  if (name in Object.prototype)
    throw new ImportError(`Layer #${index + 1} of model.json is named "${name}", a name CNN Studio cannot give a layer. Nothing was imported — rename the layer in the original model and export it again.`);
  return name;
}

/** The names of the layers feeding one layer, from its first inbound node (Keras 2 or Keras 3 style). */
function inboundNames(first: unknown): string[] {
  // Keras 2: [[name, nodeIndex, tensorIndex, kwargs], …]; Keras 3 style: {args: [{config: {keras_history: [name, …]}}]}.
  const names: unknown[] = Array.isArray(first)
    ? first.map((x) => (Array.isArray(x) ? x[0] : undefined))
    : (Array.isArray((first as any)?.args) ? (first as any).args : []).flatMap((a: any) => (Array.isArray(a) ? a : [a])).map((a: any) => a?.config?.keras_history?.[0]);
  return names.filter((n): n is string => typeof n === 'string' && n.length > 0);
}

function kerasLayers(topology: any): KerasLayer[] {
  const cfg = topology?.model_config ?? topology;
  const list: any[] = cfg?.config?.layers ?? (Array.isArray(cfg?.config) ? cfg.config : undefined);
  if (!Array.isArray(list) || !list.length) throw new ImportError('model.json has no layer list (modelTopology.config.layers) — is it a tfjs "layers-model" file? Graph models (from the TF converter) cannot be edited.');
  if (list.length > IMPORT_LIMITS.maxNodes)
    throw new ImportError(`model.json lists ${formatCount(list.length)} layers, more than any network CNN Studio holds (limit ${formatCount(IMPORT_LIMITS.maxNodes)}). Nothing was imported.`);
  const sequential = (cfg.class_name ?? '') === 'Sequential';
  const out: KerasLayer[] = [];
  if (sequential) {
    const first = list[0]?.config ?? {};
    const shape = first.batch_input_shape ?? first.batchInputShape;
    if (list[0]?.class_name !== 'InputLayer') out.push({ class_name: 'InputLayer', name: 'input', config: { batch_input_shape: shape }, inputs: [] });
  }
  list.forEach((l, index) => {
    const name = layerName(l, index);
    let inputs: string[];
    if (sequential) inputs = out.length ? [out[out.length - 1].name] : [];
    else {
      const inbound = Array.isArray(l.inbound_nodes) ? l.inbound_nodes : [];
      if (inbound.length > 1) throw new ImportError(`Layer "${name}" is used ${inbound.length} times (shared weights); CNN Studio graphs use each layer once.`);
      inputs = inboundNames(inbound[0] ?? []);
    }
    const config = l.config !== null && typeof l.config === 'object' && !Array.isArray(l.config) ? l.config : {};
    out.push({ class_name: typeof l.class_name === 'string' ? l.class_name : showValue(l.class_name), name, config, inputs });
  });
  return out;
}

/** One Keras layer as a proto node through the reader of the layer its class is (src/layers), or why it has none. */
function mapLayer(l: KerasLayer): ProtoNode | 'identity' | string {
  const def = layerForKerasClass(l.class_name);
  if (!def?.keras) return l.class_name;
  const where = `Layer ${showValue(l.name)} (${l.class_name.slice(0, 60)})`;
  // Readers put the activation's name into their refusals: it must be a name, not a nested value.
  if (l.config.activation !== undefined && l.config.activation !== null && typeof l.config.activation !== 'string')
    throw new ImportError(`${where} has the activation ${showValue(l.config.activation)}; it must be the name of an activation (e.g. "relu"). Nothing was imported — the file is damaged; export the model again.`);
  let r: ReturnType<NonNullable<typeof def.keras>['read']>;
  try {
    r = def.keras.read(l.config, l.class_name);
  } catch (e) {
    // A reader that stumbles on a config value it did not expect: the file does not fit the layer.
    throw new ImportError(`${where} cannot be read: its config does not fit the layer (${String((e as Error)?.message ?? e).slice(0, 200)}). Nothing was imported — the file is damaged; export the model again.`);
  }
  if ('identity' in r) return 'identity';
  if ('unsupported' in r) return r.unsupported;
  const parsed = def.schema.safeParse(r.params);
  if (!parsed.success) throw layerParamsError(where, def.type, parsed.error.issues, r.params);
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

/** model.json is a small file (the weights are in the shards): its nesting and counts are checked before parsing. */
const MODEL_JSON_LIMITS: JsonLimits = { maxArrayLength: IMPORT_LIMITS.maxTensors, maxObjectKeys: 10_000, maxValues: 4_000_000 };
const MODEL_JSON_DEPTH = 64;

function parseJson(text: string): any {
  checkFileSize('model.json', text.length, IMPORT_LIMITS.maxModelJsonBytes);
  const shape = scanJsonText(text, MODEL_JSON_DEPTH, MODEL_JSON_LIMITS);
  if (shape) throw new ImportError(`model.json is not a tfjs model: ${shape.detail}, far more than any model file has. Nothing was imported — choose the model.json that tfjs (or CNN Studio) wrote.`);
  let j: unknown;
  try {
    j = JSON.parse(text);
  } catch {
    throw new ImportError('model.json is not valid JSON — choose the model.json that tfjs (or CNN Studio) wrote.');
  }
  if (j === null || typeof j !== 'object' || Array.isArray(j)) throw new ImportError('model.json is not a tfjs model (the JSON is not an object) — choose the model.json that tfjs (or CNN Studio) wrote.');
  const tooBig = checkJsonLimits(j, MODEL_JSON_LIMITS);
  if (tooBig) throw new ImportError(`model.json is not a tfjs model: ${tooBig}. Nothing was imported.`);
  return j;
}

export interface TfjsWeightFiles {
  /** Shard file names, relative to model.json, in the order their bytes are concatenated. */
  paths: string[];
  /** The weights as the manifest lists them, each shape checked. */
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' }[];
  /** What the shards must hold together: 4 bytes per listed float32 value. */
  bytes: number;
}

const MAX_SHARDS = 10_000;

/**
 * The weights manifest of model.json, checked before any shard is read: every entry a named float32 tensor
 * whose shape is within the limits, all of them together within the total — so the caller can compare the
 * shard files' sizes with `bytes` and refuse without reading a byte of them.
 */
export function tfjsWeightFiles(modelJson: string): TfjsWeightFiles {
  return readManifest(parseJson(modelJson));
}

function readManifest(j: any): TfjsWeightFiles {
  const groups: unknown = j.weightsManifest ?? [];
  const damagedList = (detail: string) => new ImportError(`model.json's weight list is damaged (${detail}). Nothing was imported — export the model again.`);
  if (!Array.isArray(groups)) throw damagedList('weightsManifest is not a list');
  const paths: string[] = [];
  const specs: TfjsWeightFiles['weightSpecs'] = [];
  const bad: string[] = [];
  let total = 0;
  for (const g of groups) {
    if (g === null || typeof g !== 'object') throw damagedList('a group is not an object');
    const groupPaths: unknown = (g as any).paths ?? [];
    const weights: unknown = (g as any).weights ?? [];
    if (!Array.isArray(groupPaths) || !groupPaths.every((p) => typeof p === 'string' && p.length > 0 && p.length <= 4096)) throw damagedList('a shard path is not a file name');
    if (!Array.isArray(weights)) throw damagedList('a group has no weights list');
    paths.push(...groupPaths);
    for (const s of weights) {
      const name: unknown = s?.name;
      if (typeof name !== 'string' || !name || name.length > 500) throw damagedList(`a weight has the name ${showValue(name)}`);
      if ((s.dtype ?? 'float32') !== 'float32' || s.quantization) {
        bad.push(name);
        continue;
      }
      const shape: unknown = s.shape;
      if (!Array.isArray(shape)) throw damagedList(`weight "${name}" has no shape`);
      total += checkedElementCount(`Weight "${name}" in model.json`, shape);
      if (total > IMPORT_LIMITS.maxTotalWeights)
        throw new ImportError(`model.json lists more than ${formatCount(IMPORT_LIMITS.maxTotalWeights)} weights, more than CNN Studio holds. Nothing was imported — the model file is too large.`);
      specs.push({ name, shape: shape as number[], dtype: 'float32' });
    }
  }
  if (bad.length) throw new ImportError(`Weights ${bad.slice(0, 20).join(', ')}${bad.length > 20 ? ` and ${bad.length - 20} more` : ''} are not plain float32 (quantised?) — export the model without quantisation.`);
  if (paths.length > MAX_SHARDS) throw damagedList(`${formatCount(paths.length)} shard files`);
  return { paths, weightSpecs: specs, bytes: 4 * total };
}

/** `weightData`: every shard's bytes, concatenated in the order tfjsWeightFiles lists the shards. */
export function importTfjsModel(modelJson: string, weightData?: Uint8Array): ImportedModel {
  const j = parseJson(modelJson);
  const layers = kerasLayers(j.modelTopology);
  const unsupported: string[] = [];
  const nodes: ProtoNode[] = [];
  const aliases = new Map<string, string>();
  // A loop, not recursion: a file whose identity layers name each other in a circle must not overflow the stack.
  const resolve = (id: string): string => {
    const seen = new Set<string>();
    while (aliases.has(id) && !seen.has(id)) {
      seen.add(id);
      id = aliases.get(id)!;
    }
    return id;
  };
  for (const l of layers) {
    const m = mapLayer({ ...l, inputs: l.inputs.map(resolve) });
    if (m === 'identity') {
      const to = l.inputs.length ? resolve(l.inputs[0]) : undefined;
      if (to === undefined || to === l.name) throw new ImportError(`Layer "${l.name}" (${l.class_name}) has no input. Nothing was imported — the file is damaged; export the model again.`);
      aliases.set(l.name, to);
    } else if (typeof m === 'string') unsupported.push(m);
    else nodes.push(m);
  }
  if (unsupported.length) throw unsupportedError('tfjs model', unsupported);
  const cfg = j.modelTopology?.model_config ?? j.modelTopology;
  const outs = cfg?.config?.output_layers;
  const named = Array.isArray(outs) && outs.length && Array.isArray(outs[0]) && typeof outs[0][0] === 'string' ? outs[0][0] : layers[layers.length - 1].name;
  const lastId = resolve(named);
  if (Array.isArray(outs) && outs.length > 1) throw new ImportError(`The model has ${outs.length} outputs; CNN Studio graphs have one classifier output.`);
  const folded = fold(nodes, lastId);
  if (!folded.nodes.some((n) => n.id === folded.outputId && n.type === 'Output'))
    throw new ImportError('The model does not end in a softmax classifier (Dense + softmax) — CNN Studio graphs end in an Output layer; add one in the original model.');
  const meta = j.userDefinedMetadata?.cnnStudio ?? {};
  let weights: SavedWeights | undefined;
  if (weightData) {
    const manifest = readManifest(j);
    if (weightData.byteLength !== manifest.bytes)
      throw new ImportError(`The weight files hold ${formatCount(weightData.byteLength)} bytes but model.json lists ${formatCount(manifest.bytes)} — a shard is missing or damaged.`);
    weights = { weightSpecs: manifest.weightSpecs, weightData };
  }
  return {
    name: typeof meta.name === 'string' ? meta.name : (cfg?.config?.name ?? 'Imported model'),
    graph: toGraph(folded.nodes),
    weights,
    classNames: Array.isArray(meta.classNames) && meta.classNames.length ? meta.classNames : undefined,
  };
}
