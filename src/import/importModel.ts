// An imported model as a project document plus weights ordered for the model CNN Studio builds from it
// (so the trainer's applyWeights can load them by position as well as by name). Sizes are checked before
// the model is built: building allocates every weight the graph implies, so a graph that implies billions
// (a 60000×60000 input flattened into a Dense layer asked for 12.9 GB) is refused from its analysis.
import type * as tfjs from '@tensorflow/tfjs';
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDoc } from '../project/schema';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildTfModel } from '../train/buildTfModel';
import { fieldProblem, ImportError } from './importError';
import { checkedElementCount, checkInputSize, formatCount, IMPORT_LIMITS } from './importLimits';
import type { ImportedModel } from './importTfjs';
import type { SavedWeights } from '../train/weightsFiles';

export interface ImportResult {
  doc: ProjectDoc;
  weights?: SavedWeights;
}

/** A project name from what the file calls the model: text, at most the 500 characters a project name has. */
const projectName = (name: unknown): string => (typeof name === 'string' && name.trim() ? name.trim().slice(0, 500) : 'Imported model');

/** Checks the graph, then reorders the weights to the built model's order; throws ImportError naming a mismatch. */
export function toProject(tf: typeof tfjs, m: ImportedModel): ImportResult {
  const a = analyzeGraph(m.graph);
  const err = a.issues.find((i) => i.severity === 'error');
  if (err) throw new ImportError(`The imported network is not valid in CNN Studio: ${err.message}`);
  const input = m.graph.nodes.find((n) => n.type === 'Input')!;
  const p = input.params as { height: number; width: number; channels: number };
  checkInputSize('The model input', p.height, p.width, p.channels);
  for (const id of a.order) {
    const shape = a.nodes[id].outputShape ?? [];
    const values = shape.reduce((x, y) => x * y, 1);
    if (values > IMPORT_LIMITS.maxActivationElements)
      throw new ImportError(
        `Layer "${id}" makes a ${shape.join('×')} output, ${formatCount(values)} values per image — more than CNN Studio computes in one layer (limit ${formatCount(IMPORT_LIMITS.maxActivationElements)}). Nothing was imported.`,
      );
  }
  const implied = a.totals.trainable + a.totals.nonTrainable;
  if (implied > IMPORT_LIMITS.maxTotalWeights)
    throw new ImportError(
      `The imported network has ${formatCount(implied)} weights, more than CNN Studio builds (limit ${formatCount(IMPORT_LIMITS.maxTotalWeights)}). Nothing was imported — the input size or a layer's size is far larger than a real network's.`,
    );
  if (m.weights) {
    const specs = m.weights.weightSpecs;
    const declared = specs.reduce((sum, s) => sum + 4 * checkedElementCount(`Weight "${s.name}"`, s.shape), 0);
    if (declared !== m.weights.weightData.byteLength)
      throw new ImportError(`The weights hold ${formatCount(m.weights.weightData.byteLength)} bytes but their list calls for ${formatCount(declared)} — the file was cut off or damaged. Nothing was imported.`);
    // Before building: a network whose size does not match its weights would be built (every weight
    // allocated) only to be refused.
    if (declared / 4 !== implied)
      throw new ImportError(`The file holds ${formatCount(declared / 4)} weights but the network it describes has ${formatCount(implied)} — the weights do not belong to this network. Nothing was imported.`);
  }
  const classes = a.nodes[a.outputNodeId!].outputShape![0];
  const mnistLike = p.height === 28 && p.width === 28 && p.channels === 1 && classes === 10;
  const classNames = Array.isArray(m.classNames) && m.classNames.length <= 10000 && m.classNames.every((c) => typeof c === 'string' && c.length <= 200) ? m.classNames : undefined;
  const raw = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: projectName(m.name),
    graph: m.graph,
    dataset: mnistLike ? { kind: 'mnist' } : { kind: 'folder', ...(classNames?.length ? { classNames } : {}) },
  };
  const parsed = ProjectDocSchema.safeParse(raw);
  if (!parsed.success) throw new ImportError(`The imported model does not fit a CNN Studio project: its ${fieldProblem(parsed.error.issues, raw)}. Nothing was imported.`);
  const doc = parsed.data;
  if (!m.weights) return { doc };
  let model: tfjs.LayersModel;
  try {
    model = buildTfModel(m.graph, tf, a);
  } catch (e) {
    throw new ImportError(`CNN Studio could not build the imported network (${String((e as Error)?.message ?? e).slice(0, 200)}). Nothing was imported.`);
  }
  try {
    const offsets = new Map<string, { shape: number[]; at: number; bytes: number }>();
    let at = 0;
    for (const s of m.weights.weightSpecs) {
      const bytes = 4 * s.shape.reduce((x, y) => x * y, 1);
      offsets.set(s.name, { shape: s.shape, at, bytes });
      at += bytes;
    }
    const specs: SavedWeights['weightSpecs'] = [];
    const parts: Uint8Array[] = [];
    for (const w of model.weights) {
      const o = offsets.get(w.originalName);
      if (!o || o.shape.join() !== w.shape.join())
        throw new ImportError(`The file has no weight "${w.originalName}" of shape [${w.shape}]${o ? ` (it has [${o.shape}])` : ''} — the weights do not belong to this network.`);
      specs.push({ name: w.originalName, shape: o.shape, dtype: 'float32' });
      parts.push(m.weights.weightData.subarray(o.at, o.at + o.bytes));
    }
    const data = new Uint8Array(parts.reduce((s, x) => s + x.length, 0));
    let k = 0;
    for (const x of parts) {
      data.set(x, k);
      k += x.length;
    }
    // The input scaling the model was trained with (a Keras Rescaling/Normalization, our own export's metadata) goes with it.
    const normalization = m.weights.normalization;
    return { doc, weights: { weightSpecs: specs, weightData: data, ...(normalization ? { normalization } : {}) } };
  } finally {
    model.dispose();
  }
}
