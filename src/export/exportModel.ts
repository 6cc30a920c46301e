// One entry point for every export format: project document (+ trained weights) → named files (bytes or text).
// Pure: the caller writes the files (host service, CLI). PNG is the SVG rasterised by the host (sharp).
import type * as tfjs from '@tensorflow/tfjs';
import type { ProjectDoc } from '../project/schema';
import { buildTfModel } from '../train/buildTfModel';
import { applyWeights, type SavedWeights } from '../train/applyWeights';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { ExportError, flattenGraph } from './flatGraph';
import { weightSetFromModel } from './weights/weightSet';
import { weightsNpz, weightsSafetensors } from './weights/weightFiles';
import { exportTfjs } from './tfjs/exportTfjs';
import { exportOnnx } from './onnx/exportOnnx';
import { exportPytorch } from './torch/exportPytorch';
import { graphSvg } from './svg/graphSvg';

export const EXPORT_FORMATS = ['tfjs', 'onnx', 'pytorch', 'safetensors', 'npz', 'svg', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportedFiles = Record<string, Uint8Array | string>;

export interface ExportOptions {
  /** Trained weights (the project's <name>.weights/ folder). Required unless `untrained`. */
  weights?: SavedWeights;
  /** Export freshly initialised weights (for trying a format before training). */
  untrained?: boolean;
}

/** File-name stem from the project name: "LeNet-5" → "lenet-5". */
export const fileStem = (name: string) => name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';

export async function exportModel(tf: typeof tfjs, doc: ProjectDoc, format: ExportFormat, opts: ExportOptions = {}): Promise<ExportedFiles> {
  const analysis = analyzeGraph(doc.graph);
  const stem = fileStem(doc.name);
  if (format === 'svg' || format === 'png') return { [`${stem}.svg`]: graphSvg(doc.graph, { title: doc.name, analysis }) };
  const flat = flattenGraph(doc.graph, analysis);
  if (!opts.weights && !opts.untrained) throw new ExportError('This project has no trained weights yet — train it first (or export untrained weights on purpose).');
  const model = buildTfModel(doc.graph, tf, analysis);
  try {
    if (opts.weights) applyWeights(tf, model, opts.weights);
    const classNames = doc.dataset.classNames;
    switch (format) {
      case 'tfjs':
        return { ...(await exportTfjs(tf, model, { classNames, modelName: doc.name })) };
      case 'onnx':
        return { [`${stem}.onnx`]: exportOnnx(flat, weightSetFromModel(model), { classNames, modelName: doc.name }) };
      case 'pytorch':
        return { ...exportPytorch(flat, weightSetFromModel(model), doc.training, { classNames, modelName: doc.name }) };
      case 'safetensors':
        return { [`${stem}.safetensors`]: weightsSafetensors(weightSetFromModel(model), { model: doc.name }) };
      case 'npz':
        return { [`${stem}.npz`]: weightsNpz(weightSetFromModel(model)) };
    }
  } finally {
    model.dispose();
  }
}
