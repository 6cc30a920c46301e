// Trained weights as files, in tfjs' "layers-model" format so tf.loadLayersModel can read them too:
//   model.json = {format, modelTopology, weightsManifest:[{paths:['weights.bin'], weights:[specs]}], userDefinedMetadata}
//   weights.bin = every weight's float32 data, concatenated in spec order.
// The weight spec and the weights-in-memory schemas live here, the one place that reads and writes them; the
// contract (train.saveWeights / train.loadWeights / import.model) and the training worker's messages reuse them.
import { z } from 'zod';
import { BytesSchema } from '../contract/primitives';
import { NormalizationSchema, WeightsRefSchema } from '../project/schema';

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

/** One tensor of a weights manifest: tfjs' WeightsManifestEntry without quantisation (we write float32 only). */
export const WeightSpecSchema = z.object({
  name: z.string().min(1).max(500),
  shape: z.array(z.number().int().min(0)).max(8),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
});
export type WeightSpec = z.infer<typeof WeightSpecSchema>;

/** Weights in memory: the specs in order and every weight's bytes back to back (what a tfjs save handler gets). */
export const SavedWeightsSchema = z.object({
  weightSpecs: z.array(WeightSpecSchema).max(100000),
  weightData: BytesSchema,
  /** The input normalisation the weights were trained with; absent = pixel/255. */
  normalization: NormalizationSchema.optional(),
  /** The class of each output unit, as the data the weights were trained on named them; exports name predictions with these. */
  classNames: WeightsRefSchema.shape.classNames,
});
export type SavedWeights = z.infer<typeof SavedWeightsSchema>;

/** What model.json records about the training run: the project's weights reference without its path. */
export const WeightsMetaSchema = WeightsRefSchema.omit({ path: true });
export type WeightsMeta = z.infer<typeof WeightsMetaSchema>;

export function modelJsonText(modelTopology: unknown, weightSpecs: readonly WeightSpec[], meta: WeightsMeta): string {
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
  weightSpecs: WeightSpec[];
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
  const specs = z.array(WeightSpecSchema).safeParse(manifest.weights);
  if (!specs.success) {
    const i = specs.error.issues[0];
    throw new Error(`${MODEL_JSON} has a damaged weight list (weights.${i.path.join('.')}: ${i.message}) — train again to rewrite it.`);
  }
  return { weightSpecs: specs.data, meta: readMeta(j?.userDefinedMetadata?.cnnStudio), modelTopology: j.modelTopology };
}

/**
 * The CNN Studio metadata, field by field: a model.json written by tfjs itself has none (no graph hash, so it
 * never reads as current), and one unreadable field (a NaN metric JSON wrote as null) must not lose the others,
 * the input normalisation above all.
 */
function readMeta(raw: unknown): WeightsMeta {
  const whole = WeightsMetaSchema.safeParse(raw);
  if (whole.success) return whole.data;
  const o = z.record(z.string(), z.unknown()).catch({}).parse(raw);
  const { graphHash, trainedAt, metrics, normalization, classNames } = WeightsMetaSchema.shape;
  return {
    graphHash: graphHash.catch('').parse(o.graphHash),
    trainedAt: trainedAt.catch(undefined).parse(o.trainedAt),
    metrics: metrics.catch(undefined).parse(o.metrics),
    normalization: normalization.catch(undefined).parse(o.normalization),
    classNames: classNames.catch(undefined).parse(o.classNames),
  };
}

/** Bytes the specs call for (float32/int32: 4 per element, bool: 1). */
export function expectedBytes(specs: readonly WeightSpec[]): number {
  return specs.reduce((a, s) => a + s.shape.reduce((p, d) => p * d, 1) * (s.dtype === 'bool' ? 1 : 4), 0);
}
