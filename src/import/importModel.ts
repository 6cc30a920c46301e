// An imported model as a project document plus weights ordered for the model CNN Studio builds from it
// (so the trainer's applyWeights can load them by position as well as by name).
import type * as tfjs from '@tensorflow/tfjs';
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDoc } from '../project/schema';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildTfModel } from '../train/buildTfModel';
import { ImportError } from './importError';
import type { ImportedModel } from './importTfjs';
import type { SavedWeights } from '../train/weightsFiles';

export interface ImportResult {
  doc: ProjectDoc;
  weights?: SavedWeights;
}

/** Checks the graph, then reorders the weights to the built model's order; throws ImportError naming a mismatch. */
export function toProject(tf: typeof tfjs, m: ImportedModel): ImportResult {
  const a = analyzeGraph(m.graph);
  const err = a.issues.find((i) => i.severity === 'error');
  if (err) throw new ImportError(`The imported network is not valid in CNN Studio: ${err.message}`);
  const input = m.graph.nodes.find((n) => n.type === 'Input')!;
  const p = input.params as { height: number; width: number; channels: number };
  const classes = a.nodes[a.outputNodeId!].outputShape![0];
  const mnistLike = p.height === 28 && p.width === 28 && p.channels === 1 && classes === 10;
  const doc = ProjectDocSchema.parse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name: m.name,
    graph: m.graph,
    dataset: mnistLike ? { kind: 'mnist' } : { kind: 'folder', ...(m.classNames ? { classNames: m.classNames } : {}) },
  });
  if (!m.weights) return { doc };
  const model = buildTfModel(m.graph, tf, a);
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
    return { doc, weights: { weightSpecs: specs, weightData: data } };
  } finally {
    model.dispose();
  }
}
