// The training worker's 'evaluate' request and its answer (Training → Evaluate, #18). Apart from
// renderer/worker/messages.ts (which lists it in its union) so this feature owns its wire shape; built from the
// core's schemas only, so messages.ts can import it without an import cycle.
import { z } from 'zod';
import { InMemoryDatasetSchema } from '../../src/data/dataset';
import { GraphSchema } from '../../src/graph/schema';
import { SavedWeightsSchema } from '../../src/train/weightsFiles';
import type { ModelEvaluation } from '../../src/evaluate/evaluationSchema';

export const EvaluateSplitSchema = z.enum(['validation', 'train', 'all']);
export type EvaluateSplit = z.infer<typeof EvaluateSplitSchema>;

export const EvaluateRequestSchema = z.object({
  type: z.literal('evaluate'),
  id: z.number(),
  graph: GraphSchema,
  /** Weights to evaluate (a model of `graph` is built for them); absent: the worker's own model. */
  weights: SavedWeightsSchema.extend({ modelTopology: z.unknown().optional() }).optional(),
  /** The model's class names (the weights' or the run's), for the report and the folder check. */
  classNames: z.array(z.string()),
  split: EvaluateSplitSchema,
  /** Where the samples come from, in words (shown and reported). */
  source: z.string().max(2000),
  /** The samples; absent: the dataset the worker's model last trained on, with that run's validation split. */
  dataset: InMemoryDatasetSchema.optional(),
  /** Or (web mode, built-in MNIST): where the worker fetches it itself. */
  hostDataset: z.object({ baseUrl: z.string(), token: z.string(), name: z.literal('mnist') }).optional(),
  /** How the run split the given dataset (its seed and fraction), and its first-N limit. */
  splitSettings: z.object({ validationSplit: z.number().min(0).max(1), seed: z.number().int(), limit: z.number().int().min(1).optional() }).optional(),
  batchSize: z.number().int().min(1).max(4096).default(128),
});
export type EvaluateRequest = z.infer<typeof EvaluateRequestSchema>;

/** Thumbnails of the kept misclassified samples, in the order of evaluation.misclassified (uint8 HWC, back to back). */
export interface MisclassifiedPixels {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

export interface EvaluateReport {
  /** Misclassified[].index is the sample's index in the evaluated dataset. */
  evaluation: ModelEvaluation;
  thumbnails: MisclassifiedPixels;
  seconds: number;
}
