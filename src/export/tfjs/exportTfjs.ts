// TensorFlow.js Layers format: model.json (topology + weights manifest) and one binary shard, as
// `tf.loadLayersModel` reads them. Captured with an in-memory IOHandler, so this stays pure (no file system).
import type * as tfjs from '@tensorflow/tfjs';
import { describeInputScale, type InputNormalization } from '../inputScale';
import { CUSTOM_TF_LAYER_CLASSES } from '../../layers/registerTfLayers';

export const TFJS_MODEL_JSON = 'model.json';
export const TFJS_SHARD = 'group1-shard1of1.bin';

export interface TfjsFiles {
  [TFJS_MODEL_JSON]: string;
  [TFJS_SHARD]: Uint8Array;
}

export interface TfjsExportOptions {
  classNames?: string[];
  modelName?: string;
  normalization?: InputNormalization;
}

export async function exportTfjs(tf: typeof tfjs, model: tfjs.LayersModel, opts: TfjsExportOptions = {}): Promise<TfjsFiles> {
  let artifacts: tfjs.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      artifacts = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  const a = artifacts!;
  const wd = a.weightData;
  const bin = wd === undefined ? new Uint8Array(0) : wd instanceof ArrayBuffer ? new Uint8Array(wd) : new Uint8Array(tf.io.concatenateArrayBuffers(wd as ArrayBuffer[]));
  const json = {
    format: 'layers-model',
    generatedBy: a.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version_layers}`,
    convertedBy: 'CNN Studio',
    modelTopology: a.modelTopology,
    weightsManifest: [{ paths: [TFJS_SHARD], weights: a.weightSpecs ?? [] }],
    // Custom layers (L2Pooling2D, LocalResponseNormalization) load once registered: registerCustomTfLayers, or building one.
    userDefinedMetadata: { cnnStudio: { name: opts.modelName ?? 'model', classNames: opts.classNames ?? [], inputScale: describeInputScale(opts.normalization), ...(opts.normalization ? { normalization: opts.normalization } : {}), customLayers: customLayerNames(a.modelTopology) } },
  };
  return { [TFJS_MODEL_JSON]: JSON.stringify(json), [TFJS_SHARD]: bin };
}

/** The topology's classes that are not Keras built-ins: the layers' custom tfjs layers (all, sometimes-custom pooling too). */
function customLayerNames(topology: unknown): string[] {
  const custom = new Set(CUSTOM_TF_LAYER_CLASSES);
  const layers: { class_name: string }[] = (topology as any)?.config?.layers ?? [];
  return [...new Set(layers.map((l) => l.class_name).filter((c) => custom.has(c)))];
}

/** Loads exported files back (for tests and import): the custom layer classes must be registered first. */
export async function loadTfjsFromFiles(tf: typeof tfjs, files: { json: string; bin: Uint8Array }): Promise<tfjs.LayersModel> {
  const j = JSON.parse(files.json);
  const bin = files.bin.buffer.slice(files.bin.byteOffset, files.bin.byteOffset + files.bin.byteLength) as ArrayBuffer;
  return tf.loadLayersModel(tf.io.fromMemory({ modelTopology: j.modelTopology, weightSpecs: j.weightsManifest.flatMap((m: any) => m.weights), weightData: bin }));
}
