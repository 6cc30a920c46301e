// Quantised exports measured on real MNIST digits: a LeNet-5 trained a few hundred Adam steps here (wasm), then
// exported as float32, int8 (QDQ, calibrated on 200 training images) and float16 ONNX, run in onnxruntime-node,
// and as uint8 / float16 tfjs, read back by tf.loadLayersModel — each against the float model's accuracy on the
// same 2,000 validation digits, and each file's size against the float32 export's.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { loadTfForNode } from '../train/trainBackend';
import { loadMnist } from '../data/ensureMnist';
import { templateDoc } from '../../src/export/testing/trainedModel';
import { buildTfModel } from '../../src/train/buildTfModel';
import { exportWeights } from '../../src/train/applyWeights';
import { splitDataset } from '../../src/train/split';
import { modelInputs } from '../../src/export/quantize/calibration';
import { exportAndMeasure, exportBytes, measurementImages } from './measureExport';
import { exportModel } from '../../src/export/exportModel';
import { onnx } from '../../src/export/onnx/onnxProto';
import type { ExportQuantization, ExportFormat } from '../../src/export/formats';
import type { ProjectDoc } from '../../src/project/schema';
import type { SavedWeights } from '../../src/train/weightsFiles';
import type { InMemoryDataset } from '../../src/data/dataset';

let doc: ProjectDoc;
let weights: SavedWeights;
let dataset: InMemoryDataset;

beforeAll(async () => {
  await loadTfForNode('wasm');
  doc = await templateDoc('lenet5');
  dataset = await loadMnist();
  const split = splitDataset(dataset, doc.training.validationSplit, doc.training.seed);
  const train = modelInputs(dataset, split.train.slice(0, 6400));
  const model = buildTfModel(doc.graph, tf);
  const x = tf.tensor4d(train.images, [train.n, 28, 28, 1]);
  const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), 10);
  model.compile({ optimizer: tf.train.adam(0.002), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: 1, batchSize: 32, verbose: 0, shuffle: false }); // 200 steps
  tf.dispose([x, y]);
  const saved = await exportWeights(tf, model);
  weights = { weightSpecs: saved.weightSpecs, weightData: saved.weightData, classNames: dataset.classNames };
  model.dispose();
}, 60_000);

describe('quantised LeNet-5 exports on MNIST', () => {
  // [format, quantisation, largest after/before size ratio, smallest ratio]
  const cases: [ExportFormat, ExportQuantization, number, number][] = [
    ['onnx', 'int8', 0.3, 0.2],
    ['onnx', 'float16', 0.52, 0.48],
    ['tfjs', 'uint8', 0.3, 0.2],
    ['tfjs', 'float16', 0.55, 0.45],
  ];
  const measured: Record<string, unknown> = {};
  for (const [format, quantize, maxRatio, minRatio] of cases)
    it(`${format} ${quantize}: within 1 point of float32 at ${minRatio}–${maxRatio} of its size`, { timeout: 60_000 }, async () => {
      const { files, measurement: m } = await exportAndMeasure(tf, doc, format, { weights, quantize }, { dataset, calibrationCount: 200 });
      measured[`${format} ${quantize}`] = m;
      console.log(format, quantize, JSON.stringify(m));
      expect(m.samples).toBe(2000);
      expect(m.before.accuracy).toBeGreaterThan(0.9); // trained: the comparison means something
      expect(Math.abs(m.after.accuracy - m.before.accuracy)).toBeLessThanOrEqual(0.01);
      expect(m.agreement).toBeGreaterThanOrEqual(0.98); // the same predictions, not just the same count right
      expect(m.after.bytes).toBe(exportBytes(files));
      expect(m.after.bytes / m.before.bytes).toBeLessThanOrEqual(maxRatio);
      expect(m.after.bytes / m.before.bytes).toBeGreaterThanOrEqual(minRatio);
    });

  it('int8 ONNX is QDQ: uint8 activations, per-channel int8 weights, int32 biases, float32 in and out', { timeout: 60_000 }, async () => {
    const { calibration } = await measurementImages(doc, { weights }, { dataset, calibrationCount: 50 });
    const files = await exportModel(tf, doc, 'onnx', { weights, quantize: 'int8', calibration });
    const bytes = Object.values(files)[0] as Uint8Array;
    const m = onnx.ModelProto.decode(bytes) as any;
    const ops = m.graph.node.map((n: any) => n.opType);
    expect(ops).toEqual(expect.arrayContaining(['QuantizeLinear', 'DequantizeLinear', 'Conv', 'Gemm']));
    const byName = new Map(m.graph.initializer.map((t: any) => [t.name, t]));
    const floats = (t: any) => new Float32Array(new Uint8Array(t.rawData).buffer);
    const dqOf = (consumer: any, slot: number) => m.graph.node.find((n: any) => n.opType === 'DequantizeLinear' && n.output[0] === consumer.input[slot]);
    for (const op of m.graph.node.filter((n: any) => n.opType === 'Conv' || n.opType === 'Gemm')) {
      const w = dqOf(op, 1);
      expect((byName.get(w.input[0]) as any).dataType).toBe(3); // int8
      const scale = byName.get(w.input[1]) as any;
      const channels = op.opType === 'Conv' ? Number((byName.get(w.input[0]) as any).dims[0]) : Number((byName.get(w.input[0]) as any).dims[1]);
      expect(Number(scale.dims[0])).toBe(channels); // one scale per output channel
      expect(Number(w.attribute.find((a: any) => a.name === 'axis').i)).toBe(op.opType === 'Conv' ? 0 : 1);
      const b = dqOf(op, 2);
      expect((byName.get(b.input[0]) as any).dataType).toBe(6); // int32
      // bias scale = input scale · weight scale
      const x = dqOf(op, 0);
      const sIn = floats(byName.get(x.input[1]))[0];
      const sW = floats(scale);
      const sB = floats(byName.get(b.input[1]));
      sW.forEach((s, c) => expect(sB[c]).toBeCloseTo(sIn * s, 9));
      expect((byName.get(x.input[2]) as any).dataType).toBe(2); // uint8 activations
    }
    expect(m.graph.input[0].type.tensorType.elemType).toBe(1);
    const meta = Object.fromEntries(m.metadataProps.map((p: any) => [p.key, p.value]));
    expect(meta.weight_quantization).toContain('50 images');
    // It computes on the int8 grid: probabilities move a little from float32's (exactly equal would mean float).
    const floatBytes = Object.values(await exportModel(tf, doc, 'onnx', { weights }))[0] as Uint8Array;
    const x = new ort.Tensor('float32', calibration.images.slice(0, 16 * 784), [16, 1, 28, 28]); // C = 1: NHWC = NCHW
    const run = async (b: Uint8Array) => {
      const s = await ort.InferenceSession.create(b);
      const y = (await s.run({ input: x })).probabilities.data as Float32Array;
      await s.release();
      return y;
    };
    const [p8, p32] = [await run(bytes), await run(floatBytes)];
    const diff = p8.reduce((d, v, i) => Math.max(d, Math.abs(v - p32[i])), 0);
    expect(diff).toBeGreaterThan(1e-5);
    expect(diff).toBeLessThan(0.2);
  });

  it('refuses a quantisation the format cannot carry, naming the ones it can', async () => {
    await expect(exportModel(tf, doc, 'pytorch', { weights, quantize: 'int8' })).rejects.toThrow(/PyTorch cannot be stored as int8; it takes none\./);
    await expect(exportModel(tf, doc, 'tfjs', { weights, quantize: 'int8' })).rejects.toThrow(/float16, uint8/);
    await expect(exportModel(tf, doc, 'onnx', { weights, quantize: 'int8' })).rejects.toThrow(/calibration images/);
  });
});
