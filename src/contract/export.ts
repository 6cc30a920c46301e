// Channels and events of the export area. Owned by the export feature; listed in ./index.ts.
// Export writes files into a folder the user chose; import opens a tfjs model.json or an .onnx file as a
// project document plus its weights (tfjs layout, ready for the trainer / 'train.saveWeights').
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { ProjectDocSchema } from '../project/schema';
import { WeightSpecSchema } from './train';

const PathSchema = z.string().min(1).max(4096);
const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes (Uint8Array)' });

export const ExportFormatSchema = z.enum(['tfjs', 'onnx', 'pytorch', 'safetensors', 'npz', 'svg', 'png']);
export type ExportFormatName = z.infer<typeof ExportFormatSchema>;

export const ImportedWeightsSchema = z.object({
  weightSpecs: z.array(WeightSpecSchema).max(100000),
  weightData: Bytes,
});

export const exportChannels = defineChannels({
  /**
   * Writes the chosen format into `outDir` (created if missing). Weights come from the project's trained
   * weights (doc.weights, relative to projectPath); `untrained` exports freshly initialised ones on purpose.
   */
  'export.run': {
    request: z.object({
      projectPath: PathSchema.optional(),
      doc: ProjectDocSchema,
      format: ExportFormatSchema,
      outDir: PathSchema,
      untrained: z.boolean().optional(),
    }),
    response: z.object({ files: z.array(z.string()), bytes: z.number().int().min(0) }),
  },
  /** Opens model.json (+ its weight shards) or a .onnx file as an editable graph with weights. */
  'import.model': {
    request: z.object({ path: PathSchema }),
    response: z.object({ doc: ProjectDocSchema, weights: ImportedWeightsSchema.optional() }),
  },
});
export const exportEvents = defineEvents({});
