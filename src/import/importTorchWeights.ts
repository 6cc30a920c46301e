// Weights trained in PyTorch (train.py of the PyTorch export saves `trained.safetensors`) back onto the
// project's graph. The mapping is not a second table of layouts: the exporter itself (generateModelPy) is run
// on "probe" weights whose every value is its own index, so each state-dict element says which tfjs weight
// element it was written from — the conv OIHW↔HWIO transpose, depthwise grouping, Linear [out, in], the
// C·H·W row order after a Flatten, BatchNorm statistics and every block's nesting included, exactly as
// export writes them. Inverting that permutation reads a file export could have written, and nothing else:
// every tensor is checked by name, shape and dtype first, and any problem refuses the whole file.
import type * as tfjs from '@tensorflow/tfjs';
import { z } from 'zod';
import type { ProjectDoc } from '../project/schema';
import { NormalizationSchema, WeightsRefSchema } from '../project/schema';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildTfModel } from '../train/buildTfModel';
import { exportWeights } from '../train/applyWeights';
import type { SavedWeights } from '../train/weightsFiles';
import { ExportError, flattenGraph } from '../export/flatGraph';
import { generateModelPy } from '../export/torch/modelPy';
import type { WeightSet } from '../export/weights/weightSet';
import type { NamedTensor } from '../export/weights/safetensors';
import { ImportError } from './importError';
import { formatDims } from './importLimits';
import { FLOAT_DTYPES, readFloatTensor, readSafetensorsIndex, type SafetensorsEntry } from './readSafetensors';
import { TORCH_META_KEY } from '../export/torch/trainPy';

export { TORCH_META_KEY };

/** What train.py (src/export/torch/trainPy.ts) records of its run, as JSON under TORCH_META_KEY in the file's metadata. */
export const TorchMetaSchema = z.object({ normalization: NormalizationSchema.optional(), classNames: WeightsRefSchema.shape.classNames });

/** One expected state-dict tensor: its PyTorch name and shape, and which tfjs element each of its values is. */
interface ExpectedTensor {
  name: string;
  shape: number[];
  /** The tfjs layer it comes from (the app's layer name). */
  layer: string;
  /** Flat index (over all tfjs weights) of each value; undefined for I64 buffers (num_batches_tracked). */
  source?: Int32Array;
}

interface TfWeight {
  layer: tfjs.layers.Layer;
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

const floats = (t?: NamedTensor) => (t && t.data instanceof Float32Array ? t.data : undefined);

// Probe values are whole numbers below 2²⁴, which float32 holds exactly and the exporter only moves around.
const PROBE_BASE = 2 ** 20;

/**
 * The state dict export writes for `flat`, each F32 value traced back to its tfjs weight element. Passes:
 * low digits, high digits (models past 2²⁰ weights) and a reversed index as a check: a value that was computed
 * rather than moved (scaled, summed) cannot decode the same way twice.
 */
function traceExport(flat: ReturnType<typeof flattenGraph>, tfWeights: TfWeight[], total: number): ExpectedTensor[] {
  const run = (value: (i: number) => number): NamedTensor[] => {
    const set: WeightSet = new Map();
    for (const w of tfWeights) {
      const data = new Float32Array(w.size);
      for (let k = 0; k < w.size; k++) data[k] = value(w.offset + k);
      const list = set.get(w.layer.name) ?? [];
      list.push({ name: `${w.layer.name}/${w.name.split('/').pop()}`, shape: w.shape, data });
      set.set(w.layer.name, list);
    }
    return generateModelPy(flat, set).stateDict;
  };
  const low = run((i) => (i % PROBE_BASE) + 1);
  const high = total > PROBE_BASE ? run((i) => Math.floor(i / PROBE_BASE) + 1) : undefined;
  const check = run((i) => ((total - 1 - i) % PROBE_BASE) + 1);
  const layerOf = (i: number) => {
    let lo = 0;
    let hi = tfWeights.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (tfWeights[mid].offset <= i) lo = mid;
      else hi = mid - 1;
    }
    return tfWeights[lo].layer.name;
  };
  const seen = new Uint8Array(total);
  const out = low.map((t, ti): ExpectedTensor => {
    if (!(t.data instanceof Float32Array)) return { name: t.name, shape: t.shape, layer: t.name.split('.').slice(0, -1).join('.') };
    const h = floats(high?.[ti]);
    const c = floats(check[ti])!;
    const source = new Int32Array(t.data.length);
    for (let p = 0; p < source.length; p++) {
      const i = t.data[p] - 1 + (h ? (h[p] - 1) * PROBE_BASE : 0);
      if (!Number.isInteger(i) || i < 0 || i >= total || c[p] !== ((total - 1 - i) % PROBE_BASE) + 1 || seen[i])
        throw new ImportError(`The PyTorch form of "${t.name}" is computed from the app's weights, not a rearrangement of them, so it cannot be read back. Nothing was imported — this network cannot take weights from PyTorch yet.`);
      seen[i] = 1;
      source[p] = i;
    }
    return { name: t.name, shape: t.shape, layer: source.length ? layerOf(source[0]) : '?', source };
  });
  const missed = seen.indexOf(0);
  if (missed >= 0) throw new ImportError(`Layer "${layerOf(missed)}" has weights its PyTorch form does not hold, so they cannot come back from PyTorch. Nothing was imported.`);
  return out;
}

/** DDP (`module.`) and torch.compile (`_orig_mod.`) wrap every name once; a file whose every name is wrapped is unwrapped. */
function unwrapNames(entries: SafetensorsEntry[]): { entries: SafetensorsEntry[]; prefix: string } {
  let prefix = '';
  for (const p of ['module.', '_orig_mod.']) {
    if (entries.length && entries.every((e) => e.name.startsWith(p))) {
      prefix += p;
      entries = entries.map((e) => ({ ...e, name: e.name.slice(p.length) }));
    }
  }
  return { entries, prefix };
}

const SHOWN_PROBLEMS = 12;

export interface TorchWeightsResult {
  weights: SavedWeights & { modelTopology: unknown };
  /** Tensors read (the F32 weights and statistics; num_batches_tracked are skipped). */
  tensors: number;
  values: number;
  /** The name prefix removed ('module.' for a file saved from a DDP-wrapped model), '' when none. */
  prefix: string;
  /** Where normalization / class names came from: the file's train.py metadata, or the project's current weights. */
  metaFrom: 'file' | 'project';
}

/**
 * Maps a PyTorch state dict (safetensors bytes) onto `doc`'s graph: the weights as the app stores them
 * (tfjs layers-model specs + data, with the normalisation and class names the run used). Throws ImportError,
 * naming every missing, extra, mis-shaped or unreadable tensor, when the file does not fit the graph.
 */
export async function importTorchWeights(tf: typeof tfjs, doc: ProjectDoc, bytes: Uint8Array): Promise<TorchWeightsResult> {
  const index = readSafetensorsIndex(bytes);
  const analysis = analyzeGraph(doc.graph);
  const error = analysis.issues.find((i) => i.severity === 'error');
  if (error) throw new ImportError(`The project's network has problems — ${error.message}. Nothing was imported — fix the network first.`);
  let flat: ReturnType<typeof flattenGraph>;
  try {
    flat = flattenGraph(doc.graph, analysis);
  } catch (e) {
    throw noTorchForm(e);
  }
  const model = buildTfModel(doc.graph, tf, analysis);
  try {
    const tfWeights: TfWeight[] = [];
    let total = 0;
    for (const layer of model.layers)
      for (const w of layer.weights) {
        const shape = w.shape as number[];
        const size = shape.reduce((a, b) => a * b, 1);
        tfWeights.push({ layer, name: w.originalName, shape, offset: total, size });
        total += size;
      }
    let expected: ExpectedTensor[];
    try {
      expected = traceExport(flat, tfWeights, total);
    } catch (e) {
      throw noTorchForm(e);
    }
    const { entries, prefix } = unwrapNames(index.entries);
    const byName = new Map(entries.map((e) => [e.name, e]));
    const wanted = new Map(expected.map((t) => [t.name, t]));
    const problems: string[] = [];
    for (const t of expected) {
      if (!t.source) continue; // num_batches_tracked: PyTorch's count of batches, nothing tfjs keeps
      const e = byName.get(t.name);
      const where = `(layer "${t.layer}")`;
      if (!e) problems.push(`missing "${prefix}${t.name}" ${formatDims(t.shape)} ${where}`);
      else if (e.shape.length !== t.shape.length || e.shape.some((d, k) => d !== t.shape[k])) problems.push(`"${prefix}${t.name}" ${where}: expected shape ${formatDims(t.shape)}, got ${formatDims(e.shape)}`);
      else if (!FLOAT_DTYPES.has(e.dtype)) problems.push(`"${prefix}${t.name}" ${where} is ${e.dtype}; weights must be F32 (or F16/BF16) — save with model.float()`);
    }
    for (const e of entries) if (!wanted.has(e.name)) problems.push(`extra "${prefix}${e.name}" ${e.dtype} ${formatDims(e.shape)}: this network has no such tensor`);
    if (problems.length) {
      const shown = problems.slice(0, SHOWN_PROBLEMS).join('; ') + (problems.length > SHOWN_PROBLEMS ? `; and ${problems.length - SHOWN_PROBLEMS} more` : '');
      throw new ImportError(
        `The PyTorch weights do not fit "${doc.name}" (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${shown}. ` +
          'Nothing was imported — load weights trained from this project\'s own PyTorch export (export it again if the network changed since), or open the project they belong to.',
      );
    }

    const flatValues = new Float32Array(total);
    let tensors = 0;
    for (const t of expected) {
      if (!t.source) continue;
      const data = readFloatTensor(bytes, byName.get(t.name)!);
      for (let p = 0; p < data.length; p++) {
        if (!Number.isFinite(data[p]))
          throw new ImportError(`"${prefix}${t.name}" (layer "${t.layer}") holds ${data[p]} — the training run diverged. Nothing was imported — train again with a lower learning rate.`);
        flatValues[t.source[p]] = data[p];
      }
      tensors++;
    }
    const byLayer = new Map<tfjs.layers.Layer, TfWeight[]>();
    for (const w of tfWeights) byLayer.set(w.layer, [...(byLayer.get(w.layer) ?? []), w]);
    for (const [layer, ws] of byLayer) {
      const values = ws.map((w) => tf.tensor(flatValues.slice(w.offset, w.offset + w.size), w.shape));
      layer.setWeights(values);
      tf.dispose(values);
    }
    const saved = await exportWeights(tf, model);
    const { meta, from } = trainingMeta(index.metadata, doc, flat.nodes.find((n) => n.name === flat.output)!.outputShape[0]);
    return {
      weights: { ...saved, ...(meta.normalization ? { normalization: meta.normalization } : {}), ...(meta.classNames ? { classNames: meta.classNames } : {}) },
      tensors,
      values: total,
      prefix,
      metaFrom: from,
    };
  } finally {
    model.dispose();
  }
}

/** A network export cannot write as model.py cannot take weights from PyTorch either: the exporter's reason, as an import refusal. */
function noTorchForm(e: unknown): Error {
  if (e instanceof ImportError || !(e instanceof ExportError)) return e as Error;
  return new ImportError(`${e.message} Nothing was imported — this network has no PyTorch form, so no PyTorch weights fit it.`);
}

/**
 * How the run scaled its input and named its classes: train.py writes both into the file's metadata; a file
 * saved some other way gets the project's current weights' (the export train.py came from used those).
 */
function trainingMeta(metadata: Record<string, string>, doc: ProjectDoc, classes: number): { meta: z.infer<typeof TorchMetaSchema>; from: 'file' | 'project' } {
  const raw = metadata[TORCH_META_KEY];
  if (raw !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      parsed = undefined;
    }
    const r = TorchMetaSchema.safeParse(parsed);
    if (r.success && (!r.data.classNames || r.data.classNames.length === classes)) return { meta: r.data, from: 'file' };
  }
  return { meta: { normalization: doc.weights?.normalization, classNames: doc.weights?.classNames }, from: 'project' };
}
