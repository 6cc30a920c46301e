// Restoring saved weights into a freshly built model: by position when every shape matches (same graph
// hash → same build order), else by name, so a renamed-but-equal graph still loads.
import type * as tfjs from '@tensorflow/tfjs';
import type { SavedWeights, WeightSpec } from './weightsFiles';


export function applyWeights(tf: typeof tfjs, model: tfjs.LayersModel, saved: SavedWeights): void {
  const data = saved.weightData;
  const buffer = data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer;
  const named = tf.io.decodeWeights(buffer, saved.weightSpecs);
  try {
    const targets = model.weights;
    const sameShapes = targets.length === saved.weightSpecs.length && targets.every((w, i) => sameShape(w.shape, saved.weightSpecs[i].shape));
    if (sameShapes) {
      model.setWeights(saved.weightSpecs.map((s) => named[s.name]));
      return;
    }
    const missing = targets.filter((w) => !named[w.originalName] || !sameShape(w.shape, named[w.originalName].shape));
    if (missing.length)
      throw new Error(`The saved weights do not fit this network (${missing.length} of ${targets.length} tensors differ, e.g. ${missing[0].originalName}) — train again.`);
    model.setWeights(targets.map((w) => named[w.originalName]));
  } finally {
    tf.dispose(Object.values(named));
  }
}

const sameShape = (a: readonly (number | null)[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);

/** The model's weights as specs + one byte buffer (what model.save hands an IO handler). */
export async function exportWeights(tf: typeof tfjs, model: tfjs.LayersModel): Promise<{ modelTopology: unknown; weightSpecs: WeightSpec[]; weightData: Uint8Array }> {
  let captured: tfjs.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = captured!;
  const wd = a.weightData;
  const bytes = wd instanceof ArrayBuffer ? new Uint8Array(wd) : new Uint8Array(tf.io.concatenateArrayBuffers(wd as ArrayBuffer[]));
  return { modelTopology: a.modelTopology, weightSpecs: a.weightSpecs ?? [], weightData: bytes };
}
