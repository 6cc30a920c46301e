// #16: every exporter gives the same predictions for a block-based net as for its flat twin. Each block net
// (src/export/testing/blockNets.ts) and its twin (the same net with every block unpacked, or the pattern
// builder's flat graph) get the same weights — the block model's, applied to the twin by position as the app
// restores saved weights (src/train/applyWeights.ts) — go through exportModel, the app's one entry point, and
// each artefact runs in its own runtime: tfjs Layers (tf.loadLayersModel), ONNX (onnxruntime-node), PyTorch
// (model.py in torch). The weight-only formats must hold the same tensors in the same order.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import * as ort from 'onnxruntime-node';
import { exportModel, type ExportedFiles } from './exportModel';
import { EXPORT_FORMATS, formatNeedsWeights, type ExportFormat } from './formats';
import { flattenGraph } from './flatGraph';
import { loadTfjsFromFiles, TFJS_MODEL_JSON, TFJS_SHARD } from './tfjs/exportTfjs';
import { ONNX_INPUT, ONNX_OUTPUT } from './onnx/exportOnnx';
import { decodeSafetensors } from './weights/safetensors';
import { unzipStore } from './weights/zip';
import { decodeNpy } from './weights/npy';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, toNchw, MNIST_BIN } from './testing/trainedModel';
import { fullyUnpacked, lenetNested, lenetStageRepeated, lenetStageTwice, patternBlocksNet, patternFlatNet, stagedResnet20 } from './testing/blockNets';
import { exportWeights } from '../train/applyWeights';
import type { SavedWeights } from '../train/weightsFiles';
import { PROJECT_FORMAT, PROJECT_VERSION, ProjectDocSchema, type ProjectDoc } from '../project/schema';
import type { Graph } from '../graph/schema';
import { loadTfForNode } from '../../node/train/trainBackend';
import { findPython } from '../../node/testing/python';
import { torchPredictions } from '../../node/testing/torchPredict';

beforeAll(async () => {
  const { choice } = await loadTfForNode('wasm');
  expect(tf.getBackend()).toBe(choice.backend);
});

const torchPython = findPython(['torch', 'safetensors']);

const measured: Record<string, number> = {};
afterAll(() => console.log('block net vs flat twin, max abs diff of predictions:', JSON.stringify(measured)));

/** What each format is checked by. A new format must choose here (the Record is over every ExportFormat). */
type Check = { kind: 'predicts'; tolerance: number; skip?: string } | { kind: 'weights' } | { kind: 'drawing' };
const CHECKS: Record<ExportFormat, Check> = {
  // The per-exporter tests' tolerances against tfjs: src/export/tfjs/exportTfjs.test.ts (1e-6),
  // src/export/onnx/exportOnnx.test.ts and src/export/torch/exportPytorch.test.ts (1e-4).
  tfjs: { kind: 'predicts', tolerance: 1e-6 },
  onnx: { kind: 'predicts', tolerance: 1e-4 },
  pytorch: { kind: 'predicts', tolerance: 1e-4, ...(torchPython ? {} : { skip: 'no Python with torch' }) },
  safetensors: { kind: 'weights' },
  npz: { kind: 'weights' },
  // Drawings, not models: a block instance's box is checked in src/export/svg/graphSvg.test.ts.
  svg: { kind: 'drawing' },
  png: { kind: 'drawing' },
};

/**
 * The largest difference of log-probabilities where the reference is above 1e-30: seeded ResNet-20 weights
 * saturate the softmax (one class ≈ 1, others down to 1e-33), where absolute differences say nothing. float32
 * keeps such small probabilities to ~7 digits, so the logs must agree (exportOnnx.test.ts checks the same).
 */
const logDiff = (got: ArrayLike<number>, want: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < want.length; i++) if (want[i] > 1e-30) m = Math.max(m, Math.abs(Math.log(got[i]) - Math.log(want[i])));
  return m;
};
const LOG_TOLERANCE = 1e-3;

const doc = (name: string, graph: Graph): ProjectDoc => ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name, graph, dataset: { kind: 'mnist' } });

/** Each predicting format's output for x (NHWC), from its exported files. */
async function predictExport(format: ExportFormat, files: ExportedFiles, x: tf.Tensor4D): Promise<Float32Array> {
  if (format === 'tfjs') {
    const loaded = await loadTfjsFromFiles(tf, { json: files[TFJS_MODEL_JSON] as string, bin: files[TFJS_SHARD] as Uint8Array });
    try {
      return tf.tidy(() => (loaded.predict(x) as tf.Tensor).dataSync() as Float32Array);
    } finally {
      loaded.dispose();
    }
  }
  if (format === 'onnx') {
    const [n, h, w, c] = x.shape;
    const bytes = Object.entries(files).find(([name]) => name.endsWith('.onnx'))![1] as Uint8Array;
    const session = await ort.InferenceSession.create(bytes);
    try {
      const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', toNchw(x), [n, c, h, w]) });
      return out[ONNX_OUTPUT].data as Float32Array;
    } finally {
      await session.release();
    }
  }
  throw new Error(`${format} is predicted in pairs (torchPredictions)`);
}

/** The tensors of a weights-only export, in file order: [shape, values]. */
function weightTensors(format: 'safetensors' | 'npz', files: ExportedFiles): { shape: number[]; data: ArrayLike<number> }[] {
  const bytes = Object.values(files)[0] as Uint8Array;
  if (format === 'safetensors') return decodeSafetensors(bytes).tensors.map((t) => ({ shape: t.shape, data: t.data as Float32Array }));
  return [...unzipStore(bytes).values()].map((npy) => decodeNpy(npy) as { shape: number[]; data: Float32Array });
}

interface TwinCase {
  label: string;
  block: () => Graph;
  twin: () => Graph;
  /** Real MNIST digits for the 28×28×1 nets, seeded random images otherwise. */
  inputs: 'mnist' | 'random';
}

const cases: TwinCase[] = [
  { label: 'LeNet-5, its C3 → ReLU → S4 stage a block used twice', block: lenetStageTwice, twin: () => fullyUnpacked(lenetStageTwice()), inputs: 'mnist' },
  { label: 'LeNet-5, that stage one instance ×2 (Repeat)', block: lenetStageRepeated, twin: () => fullyUnpacked(lenetStageRepeated()), inputs: 'mnist' },
  { label: 'LeNet-5, both stages nested in a features block', block: lenetNested, twin: () => fullyUnpacked(lenetNested()), inputs: 'mnist' },
  { label: 'ResNet-20, three stages of a unit ×3, stride 2 on repeat 1', block: stagedResnet20, twin: () => fullyUnpacked(stagedResnet20()), inputs: 'random' },
  { label: 'pattern builder: blocks vs patternGraph', block: patternBlocksNet, twin: patternFlatNet, inputs: 'random' },
];

describe.each(cases)('$label', ({ label, block, twin, inputs }) => {
  let weights: SavedWeights;
  let app: Float32Array;
  let x: tf.Tensor4D;
  const docs = { block: doc('block net', block()), twin: doc('flat twin', twin()) };

  beforeAll(async () => {
    // The twin is the block net layer for layer: the same types in the same order, no block left.
    expect(docs.twin.graph.nodes.filter((n) => n.type === 'Block')).toEqual([]);
    expect(docs.block.graph.nodes.some((n) => n.type === 'Block')).toBe(true);
    expect(flattenGraph(docs.twin.graph).nodes.map((n) => n.type)).toEqual(flattenGraph(docs.block.graph).nodes.map((n) => n.type));
    const model = randomizedModel(docs.block.graph, 31);
    try {
      weights = await exportWeights(tf, model);
      const shape = (model.inputs[0].shape as number[]).slice(1);
      x = inputs === 'mnist' ? mnistBatch(readFileSync(MNIST_BIN), 4, 100).x : randomImages(2, shape, 41);
      app = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    } finally {
      model.dispose();
    }
    // The comparisons can fail: the predictions are not uniform.
    expect(Math.max(...app) - Math.min(...app)).toBeGreaterThan(1e-3);
  }, 120_000);
  afterAll(() => x?.dispose());

  const exportBoth = async (format: ExportFormat) => ({
    block: await exportModel(tf, docs.block, format, { weights }),
    twin: await exportModel(tf, docs.twin, format, { weights }),
  });

  const predicting = EXPORT_FORMATS.flatMap((f) => (CHECKS[f].kind === 'predicts' ? [[f, CHECKS[f]] as const] : []));
  for (const [format, check] of predicting)
    it.skipIf(!!check.skip)(`${format}: the block net's export predicts what its twin's does${check.skip ? ` (skipped: ${check.skip})` : ''}`, { timeout: 180_000 }, async () => {
      const files = await exportBoth(format);
      let got: Float32Array[];
      if (format === 'pytorch') {
        const [n, h, w, c] = x.shape;
        got = torchPredictions(torchPython!, [files.block, files.twin], toNchw(x), [n, c, h, w]);
      } else got = [await predictExport(format, files.block, x), await predictExport(format, files.twin, x)];
      const [fromBlock, fromTwin] = got;
      const diff = maxAbsDiff(fromBlock, fromTwin);
      measured[`${label} · ${format}`] = diff;
      expect(diff).toBeLessThanOrEqual(check.tolerance);
      expect(logDiff(fromBlock, fromTwin)).toBeLessThanOrEqual(LOG_TOLERANCE);
      // And both are the app's own predictions (not two exports wrong the same way).
      measured[`${label} · ${format} vs the app`] = maxAbsDiff(fromBlock, app);
      expect(measured[`${label} · ${format} vs the app`]).toBeLessThanOrEqual(check.tolerance);
      expect(logDiff(fromBlock, app)).toBeLessThanOrEqual(LOG_TOLERANCE);
    });

  it.each(EXPORT_FORMATS.filter((f): f is 'safetensors' | 'npz' => CHECKS[f].kind === 'weights'))('%s: the same tensors in the same order', async (format) => {
    const files = await exportBoth(format);
    const [a, b] = [weightTensors(format, files.block), weightTensors(format, files.twin)];
    expect(a.map((t) => t.shape)).toEqual(b.map((t) => t.shape));
    expect(a.reduce((m, t, i) => Math.max(m, maxAbsDiff(t.data, b[i].data)), 0)).toBe(0);
    expect(a.reduce((s, t) => s + t.data.length, 0)).toBeGreaterThan(0);
  });
});

it('every format is checked one way or another', () => {
  // Every format but the drawings carries weights, so each of those is compared above.
  expect(EXPORT_FORMATS.filter((f) => formatNeedsWeights(f) !== (CHECKS[f].kind !== 'drawing'))).toEqual([]);
});
