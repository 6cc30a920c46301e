// Channels and events of the export area. Owned by the export feature; listed in ./index.ts.
// Export writes files into a folder the user chose; import opens a tfjs model.json or an .onnx file as a
// project document plus its weights (tfjs layout, ready for the trainer / 'train.saveWeights').
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { PathSchema } from './primitives';
import { ProjectDocSchema } from '../project/schema';
import { ExportFormatSchema } from '../export/formats';
import { SavedWeightsSchema } from '../train/weightsFiles';

/** The largest weights an export request may carry (VGG-16's are ~553 MB). */
export const MAX_EXPORT_WEIGHT_BYTES = 1024 * 1024 * 1024;

/** Weights held by the renderer (trained, imported), with the hash of the graph they were trained on. */
export const SessionWeightsSchema = SavedWeightsSchema.extend({
  weightData: SavedWeightsSchema.shape.weightData.refine((b) => b.byteLength <= MAX_EXPORT_WEIGHT_BYTES, {
    message: `weights larger than ${MAX_EXPORT_WEIGHT_BYTES / 2 ** 20} MiB`,
  }),
  graphHash: z.string().min(1).max(200),
});

export const exportChannels = defineChannels({
  /**
   * Writes the chosen format into `outDir` (created if missing). Weights come from the project's trained
   * weights (doc.weights, relative to projectPath), or from `weights` when given: the ones trained in this
   * session and not saved yet (checked against the graph by `graphHash`). `untrained` exports freshly
   * initialised ones on purpose.
   */
  'export.run': {
    request: z.object({
      projectPath: PathSchema.optional(),
      doc: ProjectDocSchema,
      format: ExportFormatSchema,
      outDir: PathSchema,
      untrained: z.boolean().optional(),
      weights: SessionWeightsSchema.optional(),
    }),
    response: z.object({ files: z.array(z.string()), bytes: z.number().int().min(0) }),
  },
  /** Opens model.json (+ its weight shards) or a .onnx file as an editable graph with weights. */
  'import.model': {
    request: z.object({ path: PathSchema }),
    response: z.object({ doc: ProjectDocSchema, weights: SavedWeightsSchema.optional() }),
  },
});
export const exportEvents = defineEvents({});
