// The project document (.cnnproj, JSON): graph + training settings + references to data and weights.
// Versioned; older versions are restored through src/project/migrations.ts.
import { z } from 'zod';
import { GraphSchema } from '../graph/schema';
import { TrainingSettingsSchema } from '../train/settings';
import { DatasetRefSchema } from './datasetRef';
import { RunRecordSchema } from '../experiments/runRecord';

export { DatasetRefSchema };

export const PROJECT_FORMAT = 'cnn-studio.project';
// 2: user block definitions (graph.blocks, 'Block' nodes); the per-node `expanded` flag became view state.
// 3: the runs list (every training run, src/experiments/runRecord.ts).
export const PROJECT_VERSION = 3;

export const NormalizationSchema = z.object({ mean: z.array(z.number()).max(4096), std: z.array(z.number()).max(4096) });

export const WeightsRefSchema = z.object({
  /** Relative to the project file. */
  path: z.string().max(4096),
  /** Hash of the graph the weights were trained on; a different hash means the weights are stale. */
  graphHash: z.string().max(200),
  trainedAt: z.string().max(100).optional(),
  metrics: z.record(z.string(), z.number()).optional(),
  /** Input normalisation the weights were trained with, x = (pixel/255 − mean)/std per channel; absent = pixel/255. */
  normalization: NormalizationSchema.optional(),
  /** The class of each output unit, in order, as the training data named them (folder names); absent = the project dataset's. */
  classNames: z.array(z.string().max(200)).max(10000).optional(),
});

export const ProjectDocSchema = z.object({
  format: z.literal(PROJECT_FORMAT),
  version: z.literal(PROJECT_VERSION),
  name: z.string().max(500).default('Untitled'),
  graph: GraphSchema,
  training: TrainingSettingsSchema.default(TrainingSettingsSchema.parse({})),
  dataset: DatasetRefSchema.default({ kind: 'mnist' }),
  weights: WeightsRefSchema.optional(),
  /** Every training run of this project, oldest first (the Runs view; `cnn-studio train` adds to it too); absent = none yet. */
  runs: z.array(RunRecordSchema).max(10_000).optional(),
});
export type ProjectDoc = z.infer<typeof ProjectDocSchema>;
export type DatasetRef = z.infer<typeof DatasetRefSchema>;
