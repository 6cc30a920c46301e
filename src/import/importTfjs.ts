// TensorFlow.js / Keras Layers model.json → CNN Studio graph + weights. Each Keras class is read by the layer
// that declares it (src/layers/*.ts `keras`). Layer names become node ids, so the weights (named "<layer>/kernel"
// …) load into the graph's model by name. Layers CNN Studio builds as two tfjs layers are folded back:
// "<X>_pad" ZeroPadding2D → X's padding, "<X>_act" activation → X's activation, Dense + softmax at the output → Output.
// Nested Sequential / Functional models (a MobileNet base inside a Sequential) are flattened into the graph; a
// Rescaling or Normalization right after the input becomes the input normalisation the weights expect.
// model.json is size-checked before it is parsed, and every weight the manifest lists is checked (shape,
// dtype, total) against src/import/importLimits.ts and the bytes of the shards before any is read.
import { ImportError, layerParamsError, showValue, unsupportedError } from './importError';
import { checkedElementCount, checkFileSize, formatCount, IMPORT_LIMITS } from './importLimits';
import { checkJsonLimits, scanJsonText, type JsonLimits } from '../project/jsonLimits';
import { consumers, rewire, toGraph, type ProtoNode } from './protoGraph';
import type { Graph } from '../graph/schema';
import { layerForKerasClass } from '../layers/registry';
import type { SavedWeights } from '../train/weightsFiles';
import { NormalizationSchema } from '../project/schema';

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

/** Keras model classes whose config holds a layer list: such a layer inside a model is a nested model. */
const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);
const MAX_NESTING = 16;

const isNestedModel = (l: any): boolean => MODEL_CLASSES.has(l?.class_name) && (Array.isArray(l?.config?.layers) || Array.isArray(l?.config));

/** A Keras 3 file may write a single [name, node, tensor] where Keras 2 writes a list of them. */
const tensorRefs = (v: unknown): unknown[] => (Array.isArray(v) && typeof v[0] === 'string' ? [v] : Array.isArray(v) ? v : []);

/** The input shape a Sequential's first layer declares (inside a nested model: that model's first layer's). */
function firstInputShape(l: any, depth: number): unknown {
  if (isNestedModel(l) && depth < MAX_NESTING) return firstInputShape((l.config.layers ?? l.config)[0], depth + 1);
  const c = l?.config ?? {};
  return c.batch_input_shape ?? c.batchInputShape ?? c.batch_shape;
}

/** The layers of a Keras model with nested models flattened, and what names stand for another layer. */
interface KerasLayerList {
  layers: KerasLayer[];
  /** A nested model's name → the layer giving its output; a nested model's InputLayer → the layer feeding it. */
  aliases: Map<string, string>;
  /** The layer giving the model's output. */
  output: string;
  /** Written by Keras 3 (its layers carry `module` / `registered_name`): some names mean other functions there. */
  keras3: boolean;
}

/**
 * Every layer of the model, nested Sequential / Functional models flattened into the outer graph (a MobileNet
 * base inside a Sequential): their layers keep their own names, so their weights ("<layer>/kernel") still match.
 */
function kerasLayers(topology: any): KerasLayerList {
  const cfg = topology?.model_config ?? topology;
  const list: any[] = cfg?.config?.layers ?? (Array.isArray(cfg?.config) ? cfg.config : undefined);
  if (!Array.isArray(list) || !list.length) throw new ImportError('model.json has no layer list (modelTopology.config.layers) — is it a tfjs "layers-model" file? Graph models (from the TF converter) cannot be edited.');
  const acc: KerasLayerList = { layers: [], aliases: new Map(), output: '', keras3: /^3\./.test(String(topology?.keras_version ?? '')) };
  const names = new Set<string>();
  let count = 0;
  const claim = (name: string, model: string | undefined) => {
    if (names.has(name))
      throw new ImportError(`Two layers of the model are named "${name}"${model ? ` (one inside the nested model "${model}")` : ''}; CNN Studio names each layer once. Nothing was imported — rename one of them in the original model and export it again.`);
    names.add(name);
    if (++count > IMPORT_LIMITS.maxNodes)
      throw new ImportError(`model.json lists more than ${formatCount(IMPORT_LIMITS.maxNodes)} layers, more than any network CNN Studio holds. Nothing was imported.`);
  };
  const entry = (l: any, index: number, inputs: string[]): KerasLayer => {
    const name = layerName(l, index);
    if (l.module !== undefined || l.registered_name !== undefined) acc.keras3 = true;
    const config = l.config !== null && typeof l.config === 'object' && !Array.isArray(l.config) ? l.config : {};
    return { class_name: typeof l.class_name === 'string' ? l.class_name : showValue(l.class_name), name, config, inputs };
  };

  /** Adds one model's layers; `feeds` are the names feeding a nested model (undefined at the top). Returns its output layer. */
  const addModel = (m: any, feeds: string[] | undefined, depth: number, model: string | undefined): string => {
    if (depth > MAX_NESTING) throw new ImportError(`model.json nests models more than ${MAX_NESTING} deep. Nothing was imported — the file is damaged.`);
    const layers: any[] = m?.config?.layers ?? (Array.isArray(m?.config) ? m.config : []);
    if (!layers.length) throw new ImportError(`The nested model "${model}" has no layers. Nothing was imported — the file is damaged; export the model again.`);
    if ((m.class_name ?? '') === 'Sequential') {
      let prev: string | undefined = feeds?.[0];
      layers.forEach((l, index) => {
        if (index === 0 && l?.class_name === 'InputLayer' && feeds) {
          // A nested Sequential's own input is the tensor the outer model feeds it.
          const name = layerName(l, index);
          claim(name, model);
          acc.aliases.set(name, feeds[0]);
          return;
        }
        if (index === 0 && !feeds && l?.class_name !== 'InputLayer') {
          const shape = firstInputShape(l, 0);
          claim('input', model);
          acc.layers.push({ class_name: 'InputLayer', name: 'input', config: { batch_input_shape: shape }, inputs: [] });
          prev = 'input';
        }
        const inputs = prev ? [prev] : [];
        if (isNestedModel(l)) {
          const name = layerName(l, index);
          claim(name, model);
          const out = addModel(l, inputs, depth + 1, name);
          acc.aliases.set(name, out);
          prev = name;
          return;
        }
        const e = entry(l, index, inputs);
        claim(e.name, model);
        acc.layers.push(e);
        prev = e.name;
      });
      return prev!;
    }
    const inputLayers = tensorRefs(m.config?.input_layers).map((r: any) => r?.[0]);
    layers.forEach((l, index) => {
      const inbound = Array.isArray(l?.inbound_nodes) ? l.inbound_nodes : [];
      const name = layerName(l, index);
      if (inbound.length > 1) throw new ImportError(`Layer "${name}" is used ${inbound.length} times (shared weights); CNN Studio graphs use each layer once.`);
      const inputs = inboundNames(inbound[0] ?? []);
      claim(name, model);
      if (feeds && l?.class_name === 'InputLayer') {
        const k = inputLayers.indexOf(name);
        if (k < 0 || !feeds[k]) throw new ImportError(`The nested model "${model}" has an input "${name}" that nothing feeds. Nothing was imported — the file is damaged; export the model again.`);
        acc.aliases.set(name, feeds[k]);
      } else if (isNestedModel(l)) acc.aliases.set(name, addModel(l, inputs, depth + 1, name));
      else acc.layers.push(entry(l, index, inputs));
    });
    const outs = tensorRefs(m.config?.output_layers);
    if (feeds && outs.length !== 1) throw new ImportError(`The nested model "${model}" has ${outs.length} outputs; CNN Studio flattens nested models with one output only.`);
    const out = (outs[0] as any)?.[0];
    return typeof out === 'string' ? out : layerName(layers[layers.length - 1], layers.length - 1);
  };
  acc.output = addModel(cfg, undefined, 0, undefined);
  return acc;
}

/** One Keras layer as a proto node through the reader of the layer its class is (src/layers), or why it has none. */
function mapLayer(l: KerasLayer, keras3: boolean): ProtoNode | 'identity' | string {
  const def = layerForKerasClass(l.class_name);
  if (!def?.keras) return l.class_name;
  const where = `Layer ${showValue(l.name)} (${l.class_name.slice(0, 60)})`;
  // Keras 3 may write a built-in activation as {class_name: 'function', config: 'relu', …}.
  const act = l.config.activation;
  if (act && typeof act === 'object' && typeof act.config === 'string' && (act.class_name === 'function' || act.module === 'keras.activations')) l = { ...l, config: { ...l.config, activation: act.config } };
  // Keras 3's hard_sigmoid is relu6(x + 3)/6 = x/6 + 0.5; Keras 2's and tfjs' (CNN Studio's) is 0.2x + 0.5.
  if (keras3 && l.config.activation === 'hard_sigmoid') return `${l.class_name}(activation=hard_sigmoid: Keras 3's is x/6 + 0.5, CNN Studio's 0.2x + 0.5)`;
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
      // Only an even P: per-side padding (keras.applications' "Conv1_pad" before "Conv1") stays its own layer.
      if (x && cons.get(n.id)!.length === 1 && x.id === n.id.slice(0, -4) && x.params.padding === 'valid' && !n.params.sides) {
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
  weightSpecs: { name: string; shape: number[]; dtype: 'float32' | 'int32' }[];
  /** What the shards must hold together: 4 bytes per listed float32 value. */
  bytes: number;
}

const MAX_SHARDS = 10_000;

/** Weights a model lists or holds as something other than float32 (a quantised export), named. */
const notFloat32 = (names: string[]) =>
  new ImportError(`Weights ${names.slice(0, 20).join(', ')}${names.length > 20 ? ` and ${names.length - 20} more` : ''} are not plain float32 (quantised?) — export the model without quantisation.`);

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
      // int32 (4 bytes too) only for what the import leaves out: a Keras Normalization's int64 count, as the converter writes it.
      const dtype = s.dtype ?? 'float32';
      if ((dtype !== 'float32' && dtype !== 'int32') || s.quantization) {
        bad.push(name);
        continue;
      }
      const shape: unknown = s.shape;
      if (!Array.isArray(shape)) throw damagedList(`weight "${name}" has no shape`);
      total += checkedElementCount(`Weight "${name}" in model.json`, shape);
      if (total > IMPORT_LIMITS.maxTotalWeights)
        throw new ImportError(`model.json lists more than ${formatCount(IMPORT_LIMITS.maxTotalWeights)} weights, more than CNN Studio holds. Nothing was imported — the model file is too large.`);
      specs.push({ name, shape: shape as number[], dtype });
    }
  }
  if (bad.length) throw notFloat32(bad);
  if (paths.length > MAX_SHARDS) throw damagedList(`${formatCount(paths.length)} shard files`);
  return { paths, weightSpecs: specs, bytes: 4 * total };
}

/** Keras preprocessing layers read as the input scaling the weights expect (SavedWeights.normalization). */
const INPUT_SCALING = new Set(['Rescaling', 'Normalization']);

/** Per channel c the scaled input is a_c·pixel + b_c: a Keras model with input preprocessing is fed raw pixels 0–255. */
interface Affine {
  a: number[];
  b: number[];
}

/** A config value or weight as one number per channel (a scalar or a [1, …, 1, C] array broadcasts), or undefined. */
function perChannel(v: unknown, C: number): number[] | undefined {
  const flat = (Array.isArray(v) ? (v as unknown[]).flat(8) : v instanceof Float32Array ? Array.from(v) : [v]).map(Number);
  if (!flat.every(Number.isFinite)) return undefined;
  if (flat.length === 1) return Array<number>(C).fill(flat[0]);
  return flat.length === C ? flat : undefined;
}

/**
 * Rescaling: y = scale·x + offset; Normalization: y = (x − mean)/max(√variance, 1e-7) (Keras' epsilon), its mean and
 * variance from the config (given at construction) or from its weights (adapted). Composed onto `f`, or why not.
 */
function scalingStep(l: KerasLayer, f: Affine, weight: (name: string) => Float32Array | undefined): Affine | string {
  const C = f.a.length;
  const c = l.config;
  if (l.class_name === 'Rescaling') {
    const scale = perChannel(c.scale ?? 1, C);
    const offset = perChannel(c.offset ?? 0, C);
    if (!scale || !offset) return `Rescaling(scale=${showValue(c.scale)}, offset=${showValue(c.offset)}: not one number or one per channel)`;
    return { a: f.a.map((a, i) => a * scale[i]), b: f.b.map((b, i) => b * scale[i] + offset[i]) };
  }
  if (c.invert) return 'Normalization(invert=True)';
  const axis = Array.isArray(c.axis) && c.axis.length === 1 ? c.axis[0] : (c.axis ?? -1);
  if (axis !== -1 && axis !== 3)
    return `Normalization(axis=${showValue(c.axis)}; only per-channel normalisation, axis -1, is input scaling)`;
  const mean = perChannel(c.mean ?? weight('mean'), C);
  const variance = perChannel(c.variance ?? weight('variance'), C);
  if (!mean || !variance) return 'Normalization(mean and variance neither in its config nor in its weights, or not one per channel)';
  const sd = variance.map((v) => Math.max(Math.sqrt(v), 1e-7));
  return { a: f.a.map((a, i) => a / sd[i]), b: f.b.map((b, i) => (b - mean[i]) / sd[i]) };
}

/**
 * The scaling as CNN Studio's x = (pixel/255 − mean)/std: a = 1/(255·std), b = −mean/std. Undefined for the
 * identity (pixel/255); a string when a scale is not positive (std would be).
 */
function asNormalization(f: Affine): NonNullable<SavedWeights['normalization']> | string | undefined {
  if (!f.a.every((a) => a > 0 && Number.isFinite(a))) return `input scaling with factor ${f.a.map((a) => +a.toPrecision(6)).join(', ')} (must be positive)`;
  const std = f.a.map((a) => 1 / (255 * a));
  const mean = f.b.map((b, i) => -b * std[i]);
  const close = (x: number, y: number) => Math.abs(x - y) < 1e-9;
  return mean.every((m) => close(m, 0)) && std.every((d) => close(d, 1)) ? undefined : { mean, std };
}

/** `weightData`: every shard's bytes, concatenated in the order tfjsWeightFiles lists the shards. */
export function importTfjsModel(modelJson: string, weightData?: Uint8Array): ImportedModel {
  const j = parseJson(modelJson);
  const list = kerasLayers(j.modelTopology);
  const layers = list.layers;
  const manifest = weightData ? readManifest(j) : undefined;
  if (manifest && weightData!.byteLength !== manifest.bytes)
    throw new ImportError(`The weight files hold ${formatCount(weightData!.byteLength)} bytes but model.json lists ${formatCount(manifest.bytes)} — a shard is missing or damaged.`);
  const offsets = new Map<string, { at: number; count: number }>();
  if (manifest) {
    let at = 0;
    for (const w of manifest.weightSpecs) {
      const count = w.shape.reduce((x, y) => x * y, 1);
      offsets.set(w.name, { at, count });
      at += 4 * count;
    }
  }
  /** A weight of layer `layer` by its own name, under any nested models' prefixes ("base/bn/mean"). */
  const specOf = (layer: string, name: string) => manifest?.weightSpecs.find((w) => w.name === `${layer}/${name}` || w.name.endsWith(`/${layer}/${name}`));
  const weightOf = (layer: string) => (name: string) => {
    const s = specOf(layer, name);
    const o = s && offsets.get(s.name);
    return o ? new Float32Array(weightData!.slice(o.at, o.at + 4 * o.count).buffer) : undefined;
  };
  const unsupported: string[] = [];
  const nodes: ProtoNode[] = [];
  const aliases = new Map<string, string>(list.aliases);
  const scalingLayers = new Set<string>();
  // A loop, not recursion: a file whose identity layers name each other in a circle must not overflow the stack.
  const walk = (id: string): { id: string; scaled: boolean } => {
    const seen = new Set<string>();
    let scaled = false;
    while (aliases.has(id) && !seen.has(id)) {
      seen.add(id);
      if (scalingLayers.has(id)) scaled = true;
      id = aliases.get(id)!;
    }
    return { id, scaled };
  };
  const resolve = (id: string): string => walk(id).id;
  let scaling: Affine | undefined;
  let unscaledInputUse = false;
  let input: ProtoNode | undefined;
  for (const l of layers) {
    const ins = l.inputs.map(walk);
    const inputId = input?.id;
    if (inputId !== undefined && ins.some((i) => i.id === inputId && !i.scaled) && !INPUT_SCALING.has(l.class_name)) unscaledInputUse = true;
    if (INPUT_SCALING.has(l.class_name)) {
      // Preprocessing right after the input becomes the input scaling of the weights; anywhere else it has no layer.
      if (!input || ins.length !== 1 || ins[0].id !== input.id) {
        unsupported.push(`${l.class_name} (not directly after the model input)`);
        continue;
      }
      const step = scalingStep(l, scaling ?? { a: Array<number>(Number(input.params.channels) || 1).fill(1), b: Array<number>(Number(input.params.channels) || 1).fill(0) }, weightOf(l.name));
      if (typeof step === 'string') unsupported.push(step);
      else scaling = step;
      scalingLayers.add(l.name);
      aliases.set(l.name, input.id);
      continue;
    }
    // tfjs (4.22) saves SeparableConv2D without depth_multiplier: its depthwise kernel [F, F, C, m] still says it.
    if (l.class_name === 'SeparableConv2D' && l.config.depth_multiplier == null && l.config.depthMultiplier == null) {
      const m = specOf(l.name, 'depthwise_kernel')?.shape[3];
      if (m) l.config = { ...l.config, depth_multiplier: m };
    }
    const m = mapLayer({ ...l, inputs: ins.map((i) => i.id) }, list.keras3);
    if (m === 'identity') {
      const to = l.inputs.length ? resolve(l.inputs[0]) : undefined;
      if (to === undefined || to === l.name) throw new ImportError(`Layer "${l.name}" (${l.class_name}) has no input. Nothing was imported — the file is damaged; export the model again.`);
      aliases.set(l.name, to);
    } else if (typeof m === 'string') unsupported.push(m);
    else {
      nodes.push(m);
      if (m.type === 'Input') input ??= m;
    }
  }
  if (scaling && unscaledInputUse) unsupported.push('Rescaling / Normalization (the model input is also used unscaled)');
  const normalization = scaling ? asNormalization(scaling) : undefined;
  if (typeof normalization === 'string') unsupported.push(normalization);
  if (unsupported.length) throw unsupportedError('tfjs model', unsupported);
  const cfg = j.modelTopology?.model_config ?? j.modelTopology;
  const outs = tensorRefs(cfg?.config?.output_layers);
  if (outs.length > 1) throw new ImportError(`The model has ${outs.length} outputs; CNN Studio graphs have one classifier output.`);
  const folded = fold(nodes, resolve(list.output));
  if (!folded.nodes.some((n) => n.id === folded.outputId && n.type === 'Output'))
    throw new ImportError('The model does not end in a softmax classifier (Dense + softmax) — CNN Studio graphs end in an Output layer; add one in the original model.');
  const meta = j.userDefinedMetadata?.cnnStudio ?? {};
  let weights: SavedWeights | undefined;
  if (manifest) {
    const own = NormalizationSchema.safeParse(meta.normalization);
    const norm = (typeof normalization === 'string' ? undefined : normalization) ?? (own.success ? own.data : undefined);
    weights = { ...layerWeights(manifest, weightData!, new Set(folded.nodes.map((n) => n.id)), scalingLayers), ...(norm ? { normalization: norm } : {}) };
  }
  return {
    name: typeof meta.name === 'string' ? meta.name : (cfg?.config?.name ?? 'Imported model'),
    graph: toGraph(folded.nodes),
    weights,
    classNames: Array.isArray(meta.classNames) && meta.classNames.length ? meta.classNames : undefined,
  };
}

/**
 * The weights named as CNN Studio's layers name them, "<layer>/<weight>": a nested model's prefix ("base/conv1/
 * kernel") is dropped, and the input-scaling layers' statistics (a Normalization's mean, variance, count) left out.
 */
function layerWeights(manifest: TfjsWeightFiles, data: Uint8Array, ids: Set<string>, dropped: Set<string>): SavedWeights {
  const specs: SavedWeights['weightSpecs'] = [];
  const parts: Uint8Array[] = [];
  const taken = new Set(manifest.weightSpecs.map((w) => w.name));
  let at = 0;
  for (const w of manifest.weightSpecs) {
    const bytes = 4 * w.shape.reduce((x, y) => x * y, 1);
    const segs = w.name.split('/');
    const k = segs.findIndex((seg, i) => i < segs.length - 1 && (ids.has(seg) || dropped.has(seg)));
    const layer = k >= 0 ? segs[k] : undefined;
    if (!layer || !dropped.has(layer)) {
      const name = k > 0 && !taken.has(segs.slice(k).join('/')) ? segs.slice(k).join('/') : w.name;
      specs.push({ ...w, name });
      parts.push(data.subarray(at, at + bytes));
    }
    at += bytes;
  }
  const ints = specs.filter((w) => w.dtype !== 'float32').map((w) => w.name);
  if (ints.length) throw notFloat32(ints);
  if (specs.length === manifest.weightSpecs.length) return { weightSpecs: specs, weightData: data };
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return { weightSpecs: specs, weightData: out };
}
