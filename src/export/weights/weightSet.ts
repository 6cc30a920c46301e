// Trained weights, independent of any runtime: per tfjs layer name, its tensors in the layer's own order
// (Conv2D: kernel HWIO, bias; Dense: kernel [in, out], bias; BatchNormalization: γ, β, moving mean, moving variance).
import type * as tfjs from '@tensorflow/tfjs';

export interface WeightTensor {
  /** tfjs weight name, e.g. "C1/kernel". */
  name: string;
  shape: number[];
  data: Float32Array;
}

export type WeightSet = Map<string, WeightTensor[]>;

/** Reads every layer's weights out of a built (and trained) tfjs model. */
export function weightSetFromModel(model: tfjs.LayersModel): WeightSet {
  const set: WeightSet = new Map();
  for (const layer of model.layers) {
    const ws = layer.weights;
    if (!ws.length) continue;
    set.set(
      layer.name,
      ws.map((w) => ({ name: `${layer.name}/${w.originalName.split('/').pop()}`, shape: w.shape as number[], data: w.read().dataSync() as Float32Array })),
    );
  }
  return set;
}

/** The tensors of one layer, or a clear error when the weights do not belong to this graph. */
export function layerWeights(set: WeightSet, layer: string, count: number): WeightTensor[] {
  const ws = set.get(layer) ?? [];
  if (ws.length < count) throw new Error(`No trained weights for layer "${layer}" (${ws.length} of ${count} tensors) — the weights belong to a different network; train again.`);
  return ws;
}

/** All tensors in model order, as one flat list. */
export const allWeights = (set: WeightSet): WeightTensor[] => [...set.values()].flat();
