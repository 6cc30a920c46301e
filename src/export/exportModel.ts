// One entry point for every export format: project document (+ trained weights) → named files (bytes or text).
// Pure: the caller writes the files (host service, CLI). PNG is the SVG rasterised by the host (sharp).
import type * as tfjs from '@tensorflow/tfjs';
import type { ProjectDoc } from '../project/schema';
import { buildTfModel } from '../train/buildTfModel';
import { applyWeights } from '../train/applyWeights';
import type { SavedWeights } from '../train/weightsFiles';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { ExportError, flattenGraph, returnsLogits } from './flatGraph';
import { weightSetFromModel } from './weights/weightSet';
import { weightsNpz, weightsSafetensors } from './weights/weightFiles';
import { encodeNpy } from './weights/npy';
import { exportTfjs } from './tfjs/exportTfjs';
import { exportPytorch } from './torch/exportPytorch';
import { graphSvg } from './svg/graphSvg';
import { fileStem, quantizationProblem, type ExportFormat, type ExportQuantization } from './formats';
import type { ImageBatch } from './quantize/calibration';
import { quantizedOnnx, quantizeTfjs } from './quantize/quantizeExport';

export type ExportedFiles = Record<string, Uint8Array | string>;

export interface ExportOptions {
  /** Trained weights (the project's <name>.weights/ folder). Required unless `untrained`. */
  weights?: SavedWeights;
  /** Export freshly initialised weights (for trying a format before training). */
  untrained?: boolean;
  /** How the weights are stored (src/export/formats FORMAT_QUANTIZATIONS says which format takes which); absent = 'none'. */
  quantize?: ExportQuantization;
  /** int8: the images the activation ranges are measured on (NHWC, normalised as the model takes them). */
  calibration?: ImageBatch;
}

/**
 * A seeded input (NCHW, as model.py takes it) and the app's own output for it, so the PyTorch export can be
 * checked wherever torch exists: `python3 scripts/check-torch-export.py DIR` prints the max abs difference.
 */
function checkPair(tf: typeof tfjs, model: tfjs.LayersModel, logits: boolean): Record<string, Uint8Array> {
  return tf.tidy(() => {
    const [h, w, c] = (model.inputs[0].shape as number[]).slice(1);
    const x = tf.randomUniform([1, h, w, c], 0, 1, 'float32', 17);
    // An Output that returns logits (an imported PyTorch head): model.py returns z = h·W + b, before the softmax
    // the app's model ends in, so the pair holds z too.
    const y = logits ? headLogits(tf, model, x) : (model.predict(x) as tfjs.Tensor);
    const nchw = tf.transpose(x, [0, 3, 1, 2]);
    return {
      [CHECK_INPUT]: encodeNpy({ shape: [1, c, h, w], data: nchw.dataSync() as Float32Array }),
      [CHECK_OUTPUT]: encodeNpy({ shape: y.shape, data: y.dataSync() as Float32Array }),
    };
  });
}

/** The Output layer's pre-softmax scores: its input features through its own kernel and bias. */
function headLogits(tf: typeof tfjs, model: tfjs.LayersModel, x: tfjs.Tensor): tfjs.Tensor {
  const head = model.outputs[0].sourceLayer;
  const features = tf.model({ inputs: model.inputs, outputs: head.input as tfjs.SymbolicTensor }).predict(x) as tfjs.Tensor;
  const [kernel, bias] = head.getWeights();
  return tf.add(tf.matMul(features, kernel), bias);
}
export const CHECK_INPUT = 'check_input.npy';
export const CHECK_OUTPUT = 'check_output.npy';

export async function exportModel(tf: typeof tfjs, doc: ProjectDoc, format: ExportFormat, opts: ExportOptions = {}): Promise<ExportedFiles> {
  const analysis = analyzeGraph(doc.graph);
  const stem = fileStem(doc.name);
  const quantize = opts.quantize ?? 'none';
  const cannotStore = quantizationProblem(format, quantize);
  if (cannotStore) throw new ExportError(cannotStore);
  if (format === 'svg' || format === 'png') return { [`${stem}.svg`]: graphSvg(doc.graph, { title: doc.name, analysis }) };
  const flat = flattenGraph(doc.graph, analysis);
  if (!opts.weights && !opts.untrained) throw new ExportError('This project has no trained weights yet — train it first (or export untrained weights on purpose).');
  const model = buildTfModel(doc.graph, tf, analysis);
  try {
    if (opts.weights) applyWeights(tf, model, opts.weights);
    // The weights' own classes (the folder they were trained on) name the outputs; the project's dataset is the fallback.
    const classNames = opts.weights?.classNames ?? doc.dataset.classNames;
    const normalization = opts.weights?.normalization; // how the weights expect their input scaled
    switch (format) {
      case 'tfjs':
        return { ...quantizeTfjs(await exportTfjs(tf, model, { classNames, modelName: doc.name, normalization }), quantize) };
      case 'onnx':
        return { [`${stem}.onnx`]: await quantizedOnnx(tf, model, flat, weightSetFromModel(model), { classNames, modelName: doc.name, normalization }, quantize, opts.calibration) };
      case 'pytorch':
        return { ...exportPytorch(flat, weightSetFromModel(model), doc.training, { classNames, modelName: doc.name, normalization }), ...checkPair(tf, model, returnsLogits(flat)) };
      case 'safetensors':
        return { [`${stem}.safetensors`]: weightsSafetensors(weightSetFromModel(model), { model: doc.name }) };
      case 'npz':
        return { [`${stem}.npz`]: weightsNpz(weightSetFromModel(model)) };
    }
  } finally {
    model.dispose();
  }
}
