// Messages between the training panel and the training worker, checked with zod on arrival so a
// malformed message is reported, not half-acted on. The dataset and weights shapes are the core's own
// schemas (src/data/dataset, src/train/weightsFiles), so what the host sends is what the worker takes.
import { z } from 'zod';
import { BytesSchema } from '../../src/contract/primitives';
import { DatasetWithoutPixelsSchema, InMemoryDatasetSchema } from '../../src/data/dataset';
import { GraphSchema } from '../../src/graph/schema';
import { SavedWeightsSchema } from '../../src/train/weightsFiles';
import { TrainingSettingsSchema } from '../../src/train/settings';
import type { BatchReport, EpochReport } from '../../src/train/reports';
import type { BackendMeasurement } from '../../src/train/backend';
import type { NodeActivation } from '../../src/learn/activations';
import type { GradCam } from '../../src/learn/gradCam';
import type { LiveFrame } from '../../src/learn/liveViews';
import type { CroppedTopPatches } from '../../src/learn/topPatches';
import type { CellSamples } from '../../src/train/confusionCell';
import type { LayerSimilarity, RobustnessResult } from '../../src/experiments/robustness';
import { EvaluateRequestSchema, type EvaluateReport } from '../evaluate/evaluateMessages';

const Floats = z.custom<Float32Array>((v) => v instanceof Float32Array, { message: 'expected Float32Array' });

export const DatasetMessageSchema = InMemoryDatasetSchema;

/** A dataset streamed from the host's cache: everything but the pixels, which the worker asks for per batch. */
export const StreamedDatasetMessageSchema = DatasetWithoutPixelsSchema;

export const WeightsMessageSchema = SavedWeightsSchema.extend({ modelTopology: z.unknown().optional() });
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
    /**
     * Live views (Learn): a probe image (uint8 HWC at the input size; absent: the first validation image, sent
     * back as 'liveProbe') whose frames come every N steps ('liveFrame') and at each epoch's end ('liveSnapshot').
     */
    live: z
      .object({
        pixels: BytesSchema.optional(),
        filters: z.array(z.string()).max(256),
        cam: z.object({ nodeId: z.string().optional(), classIndex: z.number().int().min(0).optional() }).optional(),
      })
      .optional(),
  }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('stop') }),
  /** Load weights into a model of this graph for predictions (no training). */
  z.object({ type: z.literal('load'), graph: GraphSchema, weights: WeightsMessageSchema, backend: TrainingSettingsSchema.shape.backend }),
  /** The pixels a 'readSamples' asked for (HWC, back to back), or why they could not be read. */
  z.object({ type: z.literal('samples'), id: z.number(), images: BytesSchema.optional(), error: z.string().optional() }),
  /** Class probabilities of one image (h·w·c floats in 0..1, HWC). */
  z.object({ type: z.literal('predict'), id: z.number(), pixels: Floats }),
  /**
   * Learn: every node's output, the prediction and a Grad-CAM for one image (uint8 HWC at the model's input
   * size), with the worker's model when it was built from this graph, else with random weights (`untrained`).
   */
  z.object({
    type: z.literal('inspect'),
    id: z.number(),
    graph: GraphSchema,
    pixels: BytesSchema,
    /** Grad-CAM's node (default: the last spatial one) and class (default: the predicted one). */
    cam: z.object({ nodeId: z.string().optional(), classIndex: z.number().int().min(0).optional() }).optional(),
    /** Conv nodes whose kernels to send back (a conv inside a composite block by its path "<block>/<inner>"). */
    filters: z.array(z.string()).max(256).optional(),
    backend: TrainingSettingsSchema.shape.backend.optional(),
  }),
  /** Learn: the k validation images (of the first `limit`) that excite each channel of a node most, cropped to the receptive field. */
  z.object({ type: z.literal('topPatches'), id: z.number(), graph: GraphSchema, nodeId: z.string(), k: z.number().int().min(1).max(64).optional(), limit: z.number().int().min(1).optional() }),
  /** One whole sample of the dataset the model trained on (a top patch's image). */
  z.object({ type: z.literal('patchImage'), id: z.number(), sample: z.number().int().min(0) }),
  /** The validation samples of one confusion-matrix cell of the last run, most confident first, a page at a time. */
  z.object({ type: z.literal('cellSamples'), id: z.number(), trueClass: z.number().int().min(0), predictedClass: z.number().int().min(0), offset: z.number().int().min(0), limit: z.number().int().min(1).max(200) }),
  /**
   * Robustness lab: accuracy and true-class probability under each transform, and per-layer shift similarity,
   * of the worker's model of this graph (or these saved weights) over the last run's first `limit` validation
   * images (or these images, uint8 HWC, labels indexing classNames). `classNames`: the model's classes.
   */
  z.object({
    type: z.literal('robustness'),
    id: z.number(),
    graph: GraphSchema,
    weights: WeightsMessageSchema.optional(),
    classNames: z.array(z.string()).optional(),
    images: z.object({ pixels: BytesSchema, labels: z.array(z.number().int().min(0)), classNames: z.array(z.string()), height: z.number().int().min(1), width: z.number().int().min(1), channels: z.number().int().min(1) }).optional(),
    limit: z.number().int().min(1).optional(),
    transforms: z.array(z.string()).min(1).max(8),
    similarity: z.boolean().optional(),
    seed: z.number().int().optional(),
  }),
  z.object({ type: z.literal('robustnessCancel'), id: z.number() }),
  /**
   * Training → Evaluate (#18): class probabilities and the core's evaluation of the worker's model (or these
   * weights) on a split of the last run's dataset (no dataset given) or of the dataset given, or on all of it.
   */
  EvaluateRequestSchema,
  z.object({ type: z.literal('evaluateCancel'), id: z.number() }),
  /** "Measure again": forget what 'auto' measured, so the next training times the backends anew. */
  z.object({ type: z.literal('forgetBackendMeasurements') }),
]);
export type ToWorker = z.infer<typeof ToWorkerSchema>;

/**
 * The buffers behind these arrays, once each (two views of one response share it; a buffer listed twice is
 * refused), for postMessage's transfer list: they move to the other side and are left detached here. Only
 * plain ArrayBuffers move (a SharedArrayBuffer is shared anyway).
 */
export function transferList(...arrays: (ArrayBufferView | undefined)[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const a of arrays) if (a && a.buffer instanceof ArrayBuffer && a.buffer.byteLength > 0) buffers.add(a.buffer);
  return [...buffers];
}

/** One batch as the charts plot it (the trainer's report, less what only the progress line needs). */
export type BatchPoint = Pick<BatchReport, 'step' | 'epoch' | 'loss' | 'acc'>;

export interface ResultMessage {
  status: 'completed' | 'early-stopped' | 'stopped' | 'failed';
  failure?: { code: string; message: string; epoch?: number; batch?: number };
  history: EpochReport[];
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

/** A conv node's kernels, PyTorch's OIHW order ([K, C, F, F]). */
export interface InspectFilters {
  shape: [number, number, number, number];
  data: Float32Array;
  bias?: Float32Array;
}

/** What 'inspect' answers. */
export interface Inspection {
  /** Random initial weights: the worker has no model of this graph (`reason`: none trained, or the graph changed since). */
  untrained: boolean;
  reason?: 'none' | 'stale';
  /** The model is being trained right now (its weights move between two looks). */
  training: boolean;
  probs: Float32Array;
  /** Every node's output, each composite block's inner nodes right after it (nodeId "<block>/<inner>", nested "a/b/c"). */
  activations: NodeActivation[];
  cam?: GradCam;
  camError?: string;
  filters: Record<string, InspectFilters>;
}

/** What 'cellSamples' answers: the page's samples with their pixels (uint8 HWC, back to back). */
export interface CellImages extends CellSamples {
  images: Uint8Array;
  height: number;
  width: number;
  channels: number;
}

/** What 'topPatches' answers: per channel its strongest patches with their crops (uint8 HWC). */
export interface TopPatchesResult extends CroppedTopPatches {
  /** The validation images the run kept (`images` of them were searched). */
  validationImages: number;
  seconds: number;
}

/** What 'robustness' answers: the core's curves, the per-layer similarity against `shifts`, and the first image (for the strip). */
export interface RobustnessReport extends RobustnessResult {
  similarity: LayerSimilarity[];
  shifts: number[];
  images: number;
  classNames: string[];
  sample: { pixels: Uint8Array; height: number; width: number; channels: number };
  seconds: number;
}

/** What 'patchImage' answers. */
export interface PatchImage {
  sample: number;
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  label: string;
}

/** Our wasm SIMD module as training runs it: relaxed SIMD (fused multiply-adds) or not, on how many threads. */
export interface SimdModuleInfo {
  relaxed: boolean;
  threads: number;
}

export type FromWorker =
  /** `measured`: 'auto' timed (or remembered, `rememberedAt`) each contender on this model, fastest first. */
  /** `simd`: on wasm, our SIMD module's build (relaxed SIMD: fused multiply-adds) and the threads it runs on. */
  | {
      type: 'backend';
      backend: string;
      adapter?: string;
      threads?: number;
      simd?: SimdModuleInfo;
      skipped: { backend: string; reason: string }[];
      measured?: BackendMeasurement[];
      rememberedAt?: string;
    }
  /** 'auto' is timing these backends on the run's model (up to MEASURE_BUDGET_MS) before it trains. */
  | { type: 'backendMeasuring'; contenders: string[] }
  | { type: 'started'; trainSamples: number; validationSamples: number; batchesPerEpoch: number; epochs: number; params: number }
  /** Batches since the last message (the worker sends at most ~4 a second). */
  | { type: 'batches'; points: BatchPoint[]; samplesPerSec: number; epoch: number; batch: number; batchesPerEpoch: number; paused: boolean }
  | { type: 'epoch'; report: EpochReport }
  | { type: 'done'; result: ResultMessage; weights?: WeightsMessage }
  | { type: 'loaded' }
  | { type: 'prediction'; id: number; probs: Float32Array }
  | { type: 'inspection'; id: number; result?: Inspection; error?: string }
  | { type: 'topPatches'; id: number; result?: TopPatchesResult; error?: string }
  | { type: 'patchImage'; id: number; result?: PatchImage; error?: string }
  | { type: 'cellSamples'; id: number; result?: CellImages; error?: string }
  | { type: 'robustness'; id: number; result?: RobustnessReport; error?: string; cancelled?: boolean }
  | { type: 'robustnessProgress'; id: number; done: number; total: number }
  | { type: 'evaluation'; id: number; result?: EvaluateReport; error?: string; cancelled?: boolean }
  | { type: 'evaluationProgress'; id: number; done: number; total: number }
  | { type: 'notice'; message: string }
  /** Live views: a frame of the probe image every N steps (at most ~4 a second), and one at each epoch's end (epoch 0: before the first step). */
  | { type: 'liveFrame'; frame: LiveFrame }
  | { type: 'liveSnapshot'; epoch: number; frame: LiveFrame }
  /** The probe the worker chose (the first validation image) when the start message named none. */
  | { type: 'liveProbe'; pixels: Uint8Array; height: number; width: number; channels: number; index: number; label?: string }
  /** Pixels of these samples of the streamed dataset, please (answered by a 'samples' message with the id). */
  | { type: 'readSamples'; id: number; indices: number[] }
  | { type: 'error'; message: string };

