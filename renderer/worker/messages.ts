// Messages between the training panel and the training worker, checked with zod on arrival so a
// malformed message is reported, not half-acted on.
import { z } from 'zod';
import { GraphSchema } from '../../src/graph/schema';
import { NormalizationSchema } from '../../src/project/schema';
import { TrainingSettingsSchema } from '../../src/train/settings';

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected Uint8Array' });
const Floats = z.custom<Float32Array>((v) => v instanceof Float32Array, { message: 'expected Float32Array' });

export const DatasetMessageSchema = z.object({
  images: Bytes,
  labels: z.custom<Uint8Array | Uint16Array>((v) => v instanceof Uint8Array || v instanceof Uint16Array),
  n: z.number().int().min(0),
  height: z.number().int().min(1),
  width: z.number().int().min(1),
  channels: z.number().int().min(1),
  classNames: z.array(z.string()),
  validationIndices: z.array(z.number().int()).optional(),
  normalization: NormalizationSchema.optional(),
});

/** A dataset streamed from the host's cache: everything but the pixels, which the worker asks for per batch. */
export const StreamedDatasetMessageSchema = DatasetMessageSchema.omit({ images: true });

export const WeightsMessageSchema = z.object({
  weightSpecs: z.array(z.object({ name: z.string(), shape: z.array(z.number()), dtype: z.string() })),
  weightData: Bytes,
  modelTopology: z.unknown().optional(),
  /** The input normalisation these weights were trained with; absent = pixel/255. */
  normalization: NormalizationSchema.optional(),
});
export type WeightsMessage = z.infer<typeof WeightsMessageSchema>;

export const ToWorkerSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('start'),
    graph: GraphSchema,
    settings: TrainingSettingsSchema,
    /** The samples themselves, or (web mode) where the worker fetches the built-in set itself, keeping ~8 MB off the main thread. */
    dataset: DatasetMessageSchema.optional(),
    hostDataset: z.object({ baseUrl: z.string(), token: z.string(), name: z.literal('mnist') }).optional(),
    /** Or: a dataset too large to send whole; the worker sends 'readSamples' and gets 'samples' back. */
    streamedDataset: StreamedDatasetMessageSchema.optional(),
    /** Train on the first N samples only (quick experiments). */
    limit: z.number().int().min(1).optional(),
    /** Continue from these weights (e.g. restored from the project) instead of a fresh initialisation. */
    initialWeights: WeightsMessageSchema.optional(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('stop') }),
  /** Load weights into a model of this graph for predictions (no training). */
  z.object({ type: z.literal('load'), graph: GraphSchema, weights: WeightsMessageSchema, backend: TrainingSettingsSchema.shape.backend }),
  /** The pixels a 'readSamples' asked for (HWC, back to back), or why they could not be read. */
  z.object({ type: z.literal('samples'), id: z.number(), images: Bytes.optional(), error: z.string().optional() }),
  /** Class probabilities of one image (h·w·c floats in 0..1, HWC). */
  z.object({ type: z.literal('predict'), id: z.number(), pixels: Floats }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

export interface BatchPoint {
  step: number;
  epoch: number;
  loss: number;
  acc: number;
}

export interface EpochPoint {
  epoch: number;
  loss: number;
  acc: number;
  valLoss?: number;
  valAcc?: number;
  seconds: number;
  learningRate: number;
}

export interface ResultMessage {
  status: 'completed' | 'early-stopped' | 'stopped' | 'failed';
  failure?: { code: string; message: string; epoch?: number; batch?: number };
  history: EpochPoint[];
  bestEpoch?: number;
  evaluation?: { confusion: number[][]; accuracy: number; loss: number; perClass: { precision: number; recall: number; f1: number; support: number }[] };
  validation?: { indices: number[]; predicted: Int32Array; confidence: Float32Array };
  /** Validation samples to show (wrong ones first) with their pixels, so the UI needs no copy of the dataset. */
  gallery?: Gallery;
  /** The input normalisation the model was trained with (saved with its weights). */
  normalization?: { mean: number[]; std: number[] };
  classNames: string[];
  seconds: number;
  samplesPerSec: number;
}

export interface Gallery {
  images: Uint8Array;
  height: number;
  width: number;
  channels: number;
  labels: number[];
  predicted: number[];
  confidence: number[];
  wrongTotal: number;
  total: number;
}

export type FromWorker =
  | { type: 'backend'; backend: string; adapter?: string; skipped: { backend: string; reason: string }[] }
  | { type: 'started'; trainSamples: number; validationSamples: number; batchesPerEpoch: number; epochs: number; params: number }
  /** Batches since the last message (the worker sends at most ~4 a second). */
  | { type: 'batches'; points: BatchPoint[]; samplesPerSec: number; epoch: number; batch: number; batchesPerEpoch: number; paused: boolean }
  | { type: 'epoch'; report: EpochPoint }
  | { type: 'done'; result: ResultMessage; weights?: WeightsMessage }
  | { type: 'loaded' }
  | { type: 'prediction'; id: number; probs: Float32Array }
  | { type: 'notice'; message: string }
  /** Pixels of these samples of the streamed dataset, please (answered by a 'samples' message with the id). */
  | { type: 'readSamples'; id: number; indices: number[] }
  | { type: 'error'; message: string };

