// Channels and events of the dataset area. Owned by the dataset feature; listed in ./index.ts.
// An image folder (one subfolder per class, optional train/ + val/ splits) is decoded in the host into a
// cache under the user-data folder; the renderer and the training worker fetch batches from it by id.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { BytesSchema, LabelsSchema, PathSchema } from './primitives';

export const DatasetFormatSchema = z.enum(['folder', 'idx', 'cifar10']);
export type DatasetFormat = z.infer<typeof DatasetFormatSchema>;

export const ResizePolicySchema = z.enum(['stretch', 'center-crop', 'letterbox']);
export type ResizePolicy = z.infer<typeof ResizePolicySchema>;

export const ImportOptionsSchema = z.object({
  /** Target size; the UI fills it from the graph's Input node. */
  height: z.number().int().min(1).max(1024).default(28),
  width: z.number().int().min(1).max(1024).default(28),
  /** 1 = grayscale, 3 = RGB. */
  channels: z.union([z.literal(1), z.literal(3)]).default(1),
  resize: ResizePolicySchema.default('stretch'),
  /** Fraction held out for validation when the folder has no val/ (or test/) split of its own. */
  validationSplit: z.number().min(0).max(0.9).default(0.2),
  seed: z.number().int().min(0).max(2 ** 31 - 1).default(42),
  /**
   * Input normalisation, x = (pixel/255 − mean)/std per channel: 'unit' 0..1, 'symmetric' −1..1, 'standardize'
   * with the dataset's own mean and std. Applied when training and predicting; the pixels cached are the same.
   */
  normalization: z.enum(['unit', 'symmetric', 'standardize']).default('unit'),
  /** Only these classes (folder names, NFC); absent = all. */
  classes: z.array(z.string().min(1).max(200)).max(10000).optional(),
});
export type ImportOptions = z.output<typeof ImportOptionsSchema>;

/**
 * Why a file or folder was left out. 'already-scanned': a folder reached a second time (through a link or a
 * mount) and not entered again; 'outside-allowed-folders': a symbolic link leading out of the folders the app may read.
 */
export const SkipCodeSchema = z.enum(['empty-file', 'not-an-image', 'corrupt', 'too-large', 'unreadable', 'symlink-loop', 'not-in-class-folder', 'unsupported', 'already-scanned', 'outside-allowed-folders']);
export type SkipCode = z.infer<typeof SkipCodeSchema>;

export const SkippedFileSchema = z.object({ path: z.string(), code: SkipCodeSchema, reason: z.string() });
export type SkippedFile = z.infer<typeof SkippedFileSchema>;

export const ReportWarningSchema = z.object({
  code: z.enum(['imbalance', 'single-class', 'empty-class', 'no-images', 'merged-unicode-names', 'many-skipped']),
  message: z.string(),
  args: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
});
export type ReportWarning = z.infer<typeof ReportWarningSchema>;

export const ImportReportSchema = z.object({
  folder: z.string(),
  /** Every regular file seen (hidden files aside). */
  files: z.number().int().min(0),
  imported: z.number().int().min(0),
  skipped: z.array(SkippedFileSchema),
  classes: z.array(z.object({ name: z.string(), count: z.number().int().min(0), train: z.number().int().min(0), validation: z.number().int().min(0) })),
  /** Original image sizes by longest side: bins "≤32", "≤64", … ">1024". */
  sizeHistogram: z.array(z.object({ label: z.string(), maxSide: z.number(), count: z.number().int().min(0) })),
  warnings: z.array(ReportWarningSchema),
  /** max class count / min class count (non-empty classes); 1 = balanced. */
  imbalanceRatio: z.number(),
  splitSource: z.enum(['folders', 'random']),
});
export type ImportReport = z.infer<typeof ImportReportSchema>;

export const DatasetSummarySchema = z.object({
  n: z.number().int().min(0),
  height: z.number().int(),
  width: z.number().int(),
  channels: z.number().int(),
  classNames: z.array(z.string()),
  trainCount: z.number().int().min(0),
  validationCount: z.number().int().min(0),
  /** Per-channel mean and standard deviation of the pixels, in 0..1 units (for 'standardize'). */
  channelMean: z.array(z.number()),
  channelStd: z.array(z.number()),
  /** Files decoded in this import vs. taken from the cache. */
  decoded: z.number().int().min(0),
  fromCache: z.number().int().min(0),
  seconds: z.number(),
  imagesPerSecond: z.number(),
});
export type DatasetSummary = z.infer<typeof DatasetSummarySchema>;

export const ClassSamplesSchema = z.object({
  name: z.string(),
  /** k thumbnails, each thumbHeight·thumbWidth·channels bytes (HWC), back to back. */
  pixels: BytesSchema,
  k: z.number().int().min(0),
});

export const datasetChannels = defineChannels({
  /** Imports (or re-opens from the cache) an image folder, or an IDX / CIFAR-10 folder (detected). Progress arrives as 'dataset.progress' with jobId. */
  'dataset.importFolder': {
    request: z.object({ path: PathSchema, options: ImportOptionsSchema.default(ImportOptionsSchema.parse({})), jobId: z.string().min(1).max(100).optional() }),
    response: z.object({
      jobId: z.string(),
      datasetId: z.string(),
      /** What the folder held: class subfolders of images, an IDX set (MNIST layout) or CIFAR-10 binary batches. */
      format: DatasetFormatSchema,
      report: ImportReportSchema,
      summary: DatasetSummarySchema,
      thumbnails: z.object({ height: z.number().int(), width: z.number().int(), channels: z.number().int(), classes: z.array(ClassSamplesSchema) }),
    }),
  },
  /** Also reads CIFAR-10 binary batch folders and IDX folders (MNIST layout) into the same cache. */
  'dataset.importFile': {
    request: z.object({ path: PathSchema, kind: z.enum(['cifar10', 'idx']) }),
    response: z.object({ datasetId: z.string(), summary: DatasetSummarySchema }),
  },
  'dataset.cancel': {
    request: z.object({ jobId: z.string().min(1).max(100) }),
    response: z.object({ cancelled: z.boolean() }),
  },
  /** Samples [start, start+count) in dataset order; works after a host restart (reads the cache on disk). */
  'dataset.getBatch': {
    request: z.object({ datasetId: z.string().min(1).max(200), start: z.number().int().min(0), count: z.number().int().min(1).max(65536) }),
    response: z.object({ images: BytesSchema, labels: LabelsSchema, n: z.number().int().min(0), height: z.number().int(), width: z.number().int(), channels: z.number().int() }),
  },
  /** Samples by index in the given order (a shuffled batch), for training on datasets too large to hold whole. */
  'dataset.getSamples': {
    request: z.object({ datasetId: z.string().min(1).max(200), indices: z.array(z.number().int().min(0)).min(1).max(65536) }),
    response: z.object({ images: BytesSchema, labels: LabelsSchema }),
  },
  /** The shape, class names, every label and the split of a dataset, for the trainer. */
  'dataset.info': {
    request: z.object({ datasetId: z.string().min(1).max(200) }),
    response: z.object({ summary: DatasetSummarySchema, labels: LabelsSchema, validationIndices: z.array(z.number().int()).optional() }),
  },
  'dataset.saveReport': {
    request: z.object({ datasetId: z.string().min(1).max(200), path: PathSchema }),
    response: z.object({ path: z.string(), bytes: z.number().int() }),
  },
});

export const datasetEvents = defineEvents({
  'dataset.progress': z.object({ jobId: z.string(), done: z.number().int().min(0), total: z.number().int().min(0), rate: z.number(), phase: z.enum(['scan', 'decode', 'write']) }),
});
