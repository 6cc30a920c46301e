// Fine-tuning from the CLI (`cnn-studio train … --init DIR --freeze-until NODE --classes N`): start from the
// weights of an earlier run (model.json + weights.bin, as `train --out` writes them), replace the classifier for
// N classes (the Output node, re-initialised), and freeze every node from the Input up to NODE (their weights
// stay bit-identical: src/train/fineTune.ts). The graph flags are what the app sets, so the run records them.
import path from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import { CliUsageError, integer, orList, text } from './options';
import type { CliIO } from './command';
import type { ProjectDoc } from '../../src/project/schema';
import { freezeUpTo, nodesUpTo, replaceClassifier } from '../../src/graph/replaceClassifier';
import { displayName } from '../../src/analysis/analyzeGraph';
import { expectedBytes, parseModelJson, type SavedWeights } from '../../src/train/weightsFiles';
import { applyWeightsExcept } from '../../src/train/fineTune';
import { builtNodesOf } from '../../src/train/buildTfModel';

export const fineTuneOptions = {
  init: text({ placeholder: 'DIR', description: 'start from the weights in this folder (model.json + weights.bin, as train --out writes) instead of fresh ones', defaultText: 'fresh weights from the seed' }),
  'freeze-until': text({ placeholder: 'NODE', description: 'freeze every layer from the Input up to and including NODE (its id or name): their weights stay as they start' }),
  classes: integer({ min: 2, description: 'replace the classifier (the Output node) with a freshly initialised one for N classes' }),
};

/** Where a fine-tuning run starts: the saved weights, and the nodes (a replaced classifier) that start fresh instead. */
export interface CliInit {
  weights: Pick<SavedWeights, 'weightSpecs' | 'weightData'>;
  /** Node ids whose layers keep their new initial weights. */
  freshNodes: string[];
  dir: string;
}

export type FineTunePrepared = { ok: true; doc: ProjectDoc; init?: CliInit; frozen: string[] } | { ok: false; code: 1 | 2 };

/** The node named by --freeze-until: its id, else its display name (exactly, then ignoring case). */
function findNode(doc: ProjectDoc, ref: string) {
  const nodes = doc.graph.nodes;
  return nodes.find((n) => n.id === ref) ?? nodes.find((n) => displayName(n) === ref) ?? nodes.find((n) => displayName(n).toLowerCase() === ref.toLowerCase());
}

/** --classes, then --freeze-until, applied to the document; --init read (not yet applied: the model is built later). */
export async function prepareFineTune(command: string, doc: ProjectDoc, o: { init?: string; 'freeze-until'?: string; classes?: number }, io: CliIO): Promise<FineTunePrepared> {
  let graph = doc.graph;
  const freshNodes: string[] = [];
  if (o.classes !== undefined) {
    const r = replaceClassifier(graph, o.classes);
    if (!r.ok) return (io.err(`${command}: --classes: ${r.message}`), { ok: false, code: 2 });
    graph = r.graph;
    freshNodes.push(r.outputId);
  }
  let frozen: string[] = [];
  const until = o['freeze-until'];
  if (until !== undefined) {
    const node = findNode(doc, until);
    const names = doc.graph.nodes.filter((n) => n.type !== 'Input' && n.type !== 'Output').map((n) => displayName(n));
    if (!node) throw new CliUsageError(`--freeze-until: no node "${until}" in ${doc.name} — give one of ${orList(names)}.`);
    if (!nodesUpTo(graph, node.id).length) throw new CliUsageError(`--freeze-until: ${displayName(node)} is not on a path from the Input node.`);
    // Layers with weights only (pooling, activations have nothing to freeze).
    const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
    const nodes = analyzeGraph(graph).nodes;
    ({ graph, frozen } = freezeUpTo(graph, node.id, (id) => !nodes[id] || nodes[id].paramCount.trainable + nodes[id].paramCount.nonTrainable > 0));
  }
  const tuned: ProjectDoc = { ...doc, graph };
  if (o.init === undefined) return { ok: true, doc: tuned, frozen };
  const dir = path.resolve(o.init);
  try {
    const { readWeightsFiles } = await import('../../node/export/writeExport');
    const { json, bin } = await readWeightsFiles(dir);
    const parsed = parseModelJson(json);
    const want = expectedBytes(parsed.weightSpecs);
    if (bin.byteLength !== want) throw new Error(`weights.bin is ${bin.byteLength} bytes but model.json calls for ${want} — the folder is damaged.`);
    return { ok: true, doc: tuned, frozen, init: { weights: { weightSpecs: parsed.weightSpecs, weightData: bin }, freshNodes, dir } };
  } catch (e) {
    io.err(`${command}: --init ${dir}: ${(e as Error).message}`);
    return { ok: false, code: 2 };
  }
}

/** Loads --init's weights into the freshly built model (all but the fresh nodes' layers); throws when they do not fit. */
export function startFromInit(tf: typeof tfjs, model: tfjs.LayersModel, init: CliInit): void {
  const names = builtNodesOf(model)?.nodeLayerNames;
  const fresh = new Set(init.freshNodes.map((id) => names?.get(id)).filter((n): n is string => !!n));
  try {
    applyWeightsExcept(tf, model, init.weights, fresh);
  } catch (e) {
    throw new Error(`--init ${init.dir}: ${(e as Error).message}`);
  }
}
