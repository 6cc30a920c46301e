// Trained weights as files, in tfjs' "layers-model" format so tf.loadLayersModel can read them too:
//   model.json = {format, modelTopology, weightsManifest:[{paths:['weights.bin'], weights:[specs]}], userDefinedMetadata}
//   weights.bin = every weight's float32 data, concatenated in spec order.
export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface WeightSpecLike {
  name: string;
  shape: number[];
  dtype: string;
}

export interface WeightsMeta {
  graphHash: string;
  trainedAt?: string;
  metrics?: Record<string, number>;
  /** The input normalisation the weights were trained with, x = (pixel/255 − mean)/std per channel. */
  normalization?: { mean: number[]; std: number[] };
}

export function modelJsonText(modelTopology: unknown, weightSpecs: WeightSpecLike[], meta: WeightsMeta): string {
  return JSON.stringify(
    {
      format: 'layers-model',
      generatedBy: 'CNN Studio',
      convertedBy: null,
      modelTopology: modelTopology ?? null,
      weightsManifest: [{ paths: [WEIGHTS_BIN], weights: weightSpecs }],
      userDefinedMetadata: { cnnStudio: meta },
    },
    null,
    1,
  );
}

export interface ParsedModelJson {
  weightSpecs: WeightSpecLike[];
  meta: WeightsMeta;
  modelTopology: unknown;
}

export function parseModelJson(text: string): ParsedModelJson {
  let j: any;
  try {
    j = JSON.parse(text);
  } catch {
    throw new Error(`${MODEL_JSON} is not JSON — the weights files are damaged; train again to rewrite them.`);
  }
  const manifest = j?.weightsManifest?.[0];
  if (!Array.isArray(manifest?.weights)) throw new Error(`${MODEL_JSON} has no weightsManifest — it was not written by CNN Studio or tfjs.`);
  const meta = j?.userDefinedMetadata?.cnnStudio ?? { graphHash: '' };
  return { weightSpecs: manifest.weights, meta, modelTopology: j.modelTopology };
}

/** Bytes the specs call for (float32/int32: 4 per element, bool: 1). */
export function expectedBytes(specs: WeightSpecLike[]): number {
  return specs.reduce((a, s) => a + s.shape.reduce((p, d) => p * d, 1) * (s.dtype === 'bool' ? 1 : 4), 0);
}
