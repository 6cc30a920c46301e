// Reading a project's trained weights folder (<project>.weights/{model.json, weights.bin}, written by the
// trainer) into SavedWeights, with a stale check: weights trained on another graph are refused by name.
import type { ProjectDoc } from '../project/schema';
import type { SavedWeights } from '../train/weightsFiles';
import { expectedBytes, parseModelJson } from '../train/weightsFiles';
import { graphHash } from '../train/graphHash';

export function savedWeightsFromFiles(doc: ProjectDoc, modelJsonText: string, bin: Uint8Array): SavedWeights {
  const parsed = parseModelJson(modelJsonText);
  const want = expectedBytes(parsed.weightSpecs);
  if (bin.byteLength !== want) throw new Error(`weights.bin is ${bin.byteLength} bytes but model.json calls for ${want} — train again to rewrite them.`);
  const hash = graphHash(doc.graph);
  if (parsed.meta.graphHash && parsed.meta.graphHash !== hash)
    throw new Error('The trained weights belong to an earlier version of this network (the graph changed since training) — train again before exporting.');
  return { weightSpecs: parsed.weightSpecs, weightData: bin, normalization: parsed.meta.normalization, ...(parsed.meta.classNames ? { classNames: parsed.meta.classNames } : {}) };
}
