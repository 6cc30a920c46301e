// Size and validation accuracy of an export before and after quantisation, measured on the user's images: the
// float model in tfjs, and the exported files themselves — ONNX in onnxruntime-node (loaded on first use), tfjs
// read back with tf.loadLayersModel from memory. Also the whole quantised export: calibration images from the
// training split, validation images from the validation split (the split training uses: seed and fraction).
import type * as tfjs from '@tensorflow/tfjs';
import { exportModel, type ExportedFiles, type ExportOptions } from '../../src/export/exportModel';
import type { ExportFormat } from '../../src/export/formats';
import { DEFAULT_CALIBRATION_IMAGES, quantizationNeedsCalibration } from '../../src/export/formats';
import { modelInputs, spreadPick, type ImageBatch } from '../../src/export/quantize/calibration';
import { ONNX_INPUT, ONNX_OUTPUT } from '../../src/export/onnx/exportOnnx';
import { loadTfjsFromFiles, TFJS_MODEL_JSON, TFJS_SHARD } from '../../src/export/tfjs/exportTfjs';
import type { ProjectDoc } from '../../src/project/schema';
import { buildTfModel } from '../../src/train/buildTfModel';
import { applyWeights, exportWeights } from '../../src/train/applyWeights';
import type { SavedWeights } from '../../src/train/weightsFiles';
import { splitDataset } from '../../src/train/split';
import { registerCustomTfLayers } from '../../src/layers/registerTfLayers';
import { gatherSamples, type TrainingDataset } from '../../src/data/dataset';
import type { ExportMeasurement } from '../../src/contract/export';

export type LabelledBatch = ImageBatch & { labels: Int32Array };

export const exportBytes = (files: ExportedFiles): number => Object.values(files).reduce((s, f) => s + (typeof f === 'string' ? new TextEncoder().encode(f).length : f.byteLength), 0);

const BATCH = 128;

/** What a model predicts for each image and how many it gets right. */
export interface Predictions {
  classes: Int32Array;
  accuracy: number;
}

/** Predicted class of each image, batch by batch, from a function giving n×classes scores. */
async function predict(batch: LabelledBatch, shape: [number, number, number], scores: (x: Float32Array, b: number) => Promise<Float32Array>): Promise<Predictions> {
  const size = shape[0] * shape[1] * shape[2];
  const classes = new Int32Array(batch.n);
  let right = 0;
  for (let start = 0; start < batch.n; start += BATCH) {
    const b = Math.min(BATCH, batch.n - start);
    const y = await scores(batch.images.subarray(start * size, (start + b) * size), b);
    const k = y.length / b;
    for (let i = 0; i < b; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (y[i * k + c] > y[i * k + best]) best = c;
      classes[start + i] = best;
      if (best === batch.labels[start + i]) right++;
    }
  }
  return { classes, accuracy: batch.n ? right / batch.n : 0 };
}

async function tfjsPredictions(tf: typeof tfjs, model: tfjs.LayersModel, batch: LabelledBatch): Promise<Predictions> {
  const shape = (model.inputs[0].shape as number[]).slice(1) as [number, number, number];
  return predict(batch, shape, async (x, b) => {
    const y = tf.tidy(() => model.predict(tf.tensor4d(x, [b, ...shape])) as tfjs.Tensor);
    const data = (await y.data()) as Float32Array;
    y.dispose();
    return data;
  });
}

/** NHWC → NCHW, as the ONNX model takes its input. */
function toNchw(x: Float32Array, b: number, [h, w, c]: [number, number, number]): Float32Array {
  const out = new Float32Array(x.length);
  for (let n = 0; n < b; n++) for (let y = 0; y < h; y++) for (let xx = 0; xx < w; xx++) for (let k = 0; k < c; k++) out[((n * c + k) * h + y) * w + xx] = x[((n * h + y) * w + xx) * c + k];
  return out;
}

async function onnxPredictions(bytes: Uint8Array, shape: [number, number, number], batch: LabelledBatch): Promise<Predictions> {
  const ort = await import('onnxruntime-node');
  const session = await ort.InferenceSession.create(bytes);
  try {
    return await predict(batch, shape, async (x, b) => {
      const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', toNchw(x, b, shape), [b, shape[2], shape[0], shape[1]]) });
      return out[ONNX_OUTPUT].data as Float32Array;
    });
  } finally {
    await session.release();
  }
}

/** The exported files' own predictions: the .onnx in onnxruntime, or model.json + shard through tf.loadLayersModel. */
export async function exportedPredictions(tf: typeof tfjs, format: ExportFormat, files: ExportedFiles, shape: [number, number, number], batch: LabelledBatch): Promise<Predictions> {
  if (format === 'onnx') {
    const file = Object.entries(files).find(([name]) => name.endsWith('.onnx'));
    if (!file || typeof file[1] === 'string') throw new Error('no .onnx file in the export');
    return onnxPredictions(file[1], shape, batch);
  }
  if (format === 'tfjs') {
    registerCustomTfLayers(tf);
    const model = await loadTfjsFromFiles(tf, { json: files[TFJS_MODEL_JSON] as string, bin: files[TFJS_SHARD] as Uint8Array });
    try {
      return await tfjsPredictions(tf, model, batch);
    } finally {
      model.dispose();
    }
  }
  throw new Error(`accuracy of a ${format} export is not measured here`);
}

export interface MeasureInput {
  doc: ProjectDoc;
  format: ExportFormat;
  options: ExportOptions;
  /** The quantised export, as exportModel wrote it with `options`. */
  files: ExportedFiles;
  validation: LabelledBatch;
}

/** Before: the float32 export's bytes and the tfjs model's accuracy; after: the files' bytes and their accuracy. */
export async function measureExport(tf: typeof tfjs, input: MeasureInput): Promise<ExportMeasurement> {
  const { doc, format, options, files, validation } = input;
  const floatFiles = await exportModel(tf, doc, format, { ...options, quantize: 'none', calibration: undefined });
  const model = buildTfModel(doc.graph, tf);
  try {
    if (options.weights) applyWeights(tf, model, options.weights);
    const shape = (model.inputs[0].shape as number[]).slice(1) as [number, number, number];
    const float = await tfjsPredictions(tf, model, validation);
    const exported = await exportedPredictions(tf, format, files, shape, validation);
    const agreeing = float.classes.reduce((s, c, i) => s + (c === exported.classes[i] ? 1 : 0), 0);
    return {
      before: { bytes: exportBytes(floatFiles), accuracy: float.accuracy },
      after: { bytes: exportBytes(files), accuracy: exported.accuracy },
      samples: validation.n,
      agreement: validation.n ? agreeing / validation.n : 1,
    };
  } finally {
    model.dispose();
  }
}

export interface MeasuredExportData {
  /** In memory, or streamed from the host's cache (only the picked samples are read). */
  dataset: TrainingDataset;
  /** Training images to calibrate int8 on (default DEFAULT_CALIBRATION_IMAGES). */
  calibrationCount?: number;
  /** Validation images to measure on (default all of the validation split, at most 2,000). */
  validationCount?: number;
}

/** The two image sets of a measured export: calibration from the training split, validation from the validation split. */
export async function measurementImages(doc: ProjectDoc, options: ExportOptions, data: MeasuredExportData): Promise<{ calibration: ImageBatch; validation: LabelledBatch }> {
  const { dataset } = data;
  const split = splitDataset(dataset, doc.training.validationSplit || 0.2, doc.training.seed);
  const normalization = options.weights?.normalization ?? dataset.normalization;
  const pick = async (indices: number[]) => {
    const g = await gatherSamples(dataset, indices);
    return modelInputs(g.ds, g.indices, normalization);
  };
  const calibration = await pick(spreadPick(split.train, data.calibrationCount ?? DEFAULT_CALIBRATION_IMAGES));
  const validation = await pick(spreadPick(split.validation.length ? split.validation : split.train, data.validationCount ?? 2000));
  return { calibration, validation };
}

async function initialWeights(tf: typeof tfjs, doc: ProjectDoc): Promise<SavedWeights> {
  const model = buildTfModel(doc.graph, tf);
  try {
    const { weightSpecs, weightData } = await exportWeights(tf, model);
    return { weightSpecs, weightData };
  } finally {
    model.dispose();
  }
}

/** Exports with `options.quantize` (int8 calibrated on the dataset) and measures the result on its validation images. */
export async function exportAndMeasure(
  tf: typeof tfjs,
  doc: ProjectDoc,
  format: ExportFormat,
  options: ExportOptions,
  data: MeasuredExportData,
): Promise<{ files: ExportedFiles; measurement: ExportMeasurement }> {
  // Untrained weights are drawn once, so the float model measured is the one exported.
  const fixed = options.weights || !options.untrained ? options : { ...options, weights: await initialWeights(tf, doc) };
  const { calibration, validation } = await measurementImages(doc, fixed, data);
  const withCalibration = quantizationNeedsCalibration(fixed.quantize ?? 'none') ? { ...fixed, calibration } : fixed;
  const files = await exportModel(tf, doc, format, withCalibration);
  return { files, measurement: await measureExport(tf, { doc, format, options: withCalibration, files, validation }) };
}
