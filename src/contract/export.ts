// Channels and events of the export area. Owned by the export feature; listed in ./index.ts.
// Export writes files into a folder the user chose; import opens a tfjs model.json or an .onnx file as a
// project document plus its weights (tfjs layout, ready for the trainer / 'train.saveWeights').
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { PathSchema } from './primitives';
import { ProjectDocSchema } from '../project/schema';
import { ExportFormatSchema, ExportQuantizationSchema } from '../export/formats';
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

/** One side of a quantised export's comparison: its files' bytes and its validation accuracy (0…1). */
const MeasuredSideSchema = z.object({ bytes: z.number().int().min(0), accuracy: z.number().min(0).max(1) });

/** Before = the float32 export and the tfjs model; after = the quantised files, run in onnxruntime / tfjs. */
export const ExportMeasurementSchema = z.object({
  before: MeasuredSideSchema,
  after: MeasuredSideSchema,
  /** Validation images measured on. */
  samples: z.number().int().min(0),
  /** The share of those images on which both predict the same class (0…1). */
  agreement: z.number().min(0).max(1),
  /** Where the images came from, in words (the project's dataset, the embedded MNIST). */
  source: z.string().max(500).optional(),
});
export type ExportMeasurement = z.infer<typeof ExportMeasurementSchema>;

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
      /** How the weights are stored (formats.ts FORMAT_QUANTIZATIONS); absent = float32. */
      quantize: ExportQuantizationSchema.optional(),
      /** int8: how many training images calibrate the activation ranges (default DEFAULT_CALIBRATION_IMAGES). */
      calibrationImages: z.number().int().min(1).max(10000).optional(),
      /** The project's imported dataset (its cache id, as 'dataset.info' takes it) to calibrate and measure on; MNIST projects need none. */
      datasetId: z.string().min(1).max(200).optional(),
    }),
    response: z.object({
      files: z.array(z.string()),
      bytes: z.number().int().min(0),
      /** A quantised export's size and validation accuracy before/after, where the project's data could be read. */
      measurement: ExportMeasurementSchema.optional(),
      /** Why there is no measurement (no data reachable for this project), in words. */
      measurementNote: z.string().max(1000).optional(),
    }),
  },
  /** Opens model.json (+ its weight shards) or a .onnx file as an editable graph with weights. */
  'import.model': {
    request: z.object({ path: PathSchema }),
    response: z.object({ doc: ProjectDocSchema, weights: SavedWeightsSchema.optional() }),
  },
  /**
   * Maps a PyTorch state dict (a .safetensors file, as the PyTorch export's train.py saves it; DDP's `module.`
   * names too) onto `doc`'s graph: the weights as the app keeps trained ones. Refused whole (unsupported-model,
   * naming each tensor that does not fit) when the file is not this network's.
   */
  'import.torchWeights': {
    request: z.object({ path: PathSchema, doc: ProjectDocSchema }),
    response: z.object({
      weights: SavedWeightsSchema.extend({ modelTopology: z.unknown().optional() }),
      /** Tensors read and the weights they hold. */
      tensors: z.number().int().min(0),
      values: z.number().int().min(0),
      /** The name prefix removed ('module.' from a DDP-wrapped model), '' when none. */
      prefix: z.string().max(100),
      /** Where the class names and input scaling came from: train.py's record in the file, or the project's weights. */
      metaFrom: z.enum(['file', 'project']),
    }),
  },
});
export const exportEvents = defineEvents({});
