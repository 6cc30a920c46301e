// The Learn panel's top patches (Zeiler & Fergus): what the worker found per node, with the model it was
// found with (the session's weights object: a new training replaces it, so an older result reads as stale),
// and the search in flight. View state only; nothing here is document state or undone.
import { create } from 'zustand';
import type { Graph } from '../../../src/graph/schema';
import { graphHash } from '../../../src/train/graphHash';
import { patchImage, topPatches, useTrainingSession } from '../../training/trainingSession';
import type { TopPatchesResult } from '../../worker/messages';
import { fitPixels } from '../fitImage';
import { learnActions } from '../learnStore';

export const TOP_K = 9;
export const SEARCH_LIMIT = 2000;

export interface FoundPatches {
  result: TopPatchesResult;
  /** The session's weights when it was found (identity), and the graph's hash. */
  weights: unknown;
  graphHash: string;
}

interface PatchesState {
  found: Record<string, FoundPatches>;
  /** The node being searched now. */
  busy?: string;
  error?: { nodeId: string; message: string };
}

export const usePatches = create<PatchesState>()(() => ({ found: {} }));

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Found with a model other than the session's current one, or for a graph since edited. */
export const isStalePatches = (f: FoundPatches, weights: unknown, graph: Graph): boolean => f.weights !== weights || f.graphHash !== graphHash(graph);

export const patchesActions = {
  async find(graph: Graph, nodeId: string): Promise<void> {
    const weights = useTrainingSession.getState().weights;
    usePatches.setState({ busy: nodeId, error: undefined });
    try {
      const result = await topPatches({ graph, nodeId, k: TOP_K, limit: SEARCH_LIMIT });
      usePatches.setState((s) => ({ found: { ...s.found, [nodeId]: { result, weights, graphHash: graphHash(graph) } }, busy: undefined }));
    } catch (e) {
      usePatches.setState({ busy: undefined, error: { nodeId, message: message(e) } });
    }
  },
  /** Opens the whole image behind a patch in Learn, fitted to the model's input as every Learn image is. */
  async open(nodeId: string, sample: number, input: [number, number, number]): Promise<void> {
    try {
      const img = await patchImage(sample);
      const [H, W, C] = input;
      learnActions.setImage({ pixels: fitPixels(img.pixels, img.height, img.width, img.channels, input), height: H, width: W, channels: C, source: { kind: 'dataset', index: sample, label: img.label } });
    } catch (e) {
      usePatches.setState({ error: { nodeId, message: message(e) } });
    }
  },
};
