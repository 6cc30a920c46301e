// Export/import services end to end through the dispatcher: weights saved the trainer's way beside a project,
// every format written to a folder, PNG rasterised by sharp, the written model.json imported back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { exportChannels } from '../../src/contract/export';
import { trainChannels } from '../../src/contract/train';
import { createDispatcher } from '../transport/dispatch';
import { handlers as exportHandlers } from './export';
import { handlers as trainHandlers } from './train';
import type { HandlerContext } from './context';
import { graphHash } from '../../src/train/graphHash';
import { exportWeights } from '../../src/train/applyWeights';
import { mnistBatch, templateDoc, trainedModel, MNIST_BIN } from '../../src/export/testing/trainedModel';
import type { ProjectDoc } from '../../src/project/schema';

let dir: string;
let ctx: HandlerContext;
let doc: ProjectDoc;
const dispatch = createDispatcher({ ...exportChannels, ...trainChannels }, { ...exportHandlers, ...trainHandlers });
const call = (channel: string, req: unknown): Promise<any> => dispatch(channel, req, ctx);

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'export-svc-'));
  ctx = { emit: () => {}, allowedRoots: [dir], resourcesDir: path.join(dir, 'resources'), userDataDir: dir };
  doc = await templateDoc('lenet5');
  const model = await trainedModel(doc.graph, mnistBatch(readFileSync(MNIST_BIN), 16));
  const w = await exportWeights(tf, model);
  const saved = await call('train.saveWeights', { projectPath: path.join(dir, 'digits.cnnproj'), graphHash: graphHash(doc.graph), modelTopology: w.modelTopology, weightSpecs: w.weightSpecs, weightData: w.weightData });
  expect(saved.ok).toBe(true);
  doc = { ...doc, weights: saved.value.weights };
  model.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('export.run', () => {
  const expected: Record<string, string[]> = {
    tfjs: ['model.json', 'group1-shard1of1.bin'],
    onnx: ['lenet-5.onnx'],
    pytorch: ['model.py', 'train.py', 'model.safetensors', 'README.txt', 'check_input.npy', 'check_output.npy'],
    safetensors: ['lenet-5.safetensors'],
    npz: ['lenet-5.npz'],
    svg: ['lenet-5.svg'],
    png: ['lenet-5.png'],
  };
  for (const [format, names] of Object.entries(expected))
    it(`${format}: writes ${names.join(', ')}`, async () => {
      const outDir = path.join(dir, 'out', format);
      const r = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc, format, outDir });
      expect(r.ok, JSON.stringify(r.error)).toBe(true);
      expect(r.value.files.map((f: string) => path.basename(f))).toEqual(names);
      for (const f of r.value.files) expect(statSync(f).size).toBeGreaterThan(0);
      if (format === 'png') {
        const meta = await sharp(readFileSync(r.value.files[0])).metadata();
        expect(meta.format).toBe('png');
        expect(meta.width).toBeGreaterThan(200);
      }
      if (format === 'svg') expect(readFileSync(r.value.files[0], 'utf8')).toMatch(/<svg[\s\S]*C1[\s\S]*28×28×6/);
    });

  it('refuses weights trained on a different graph, and a project without weights, with what to do', async () => {
    const changed = { ...doc, graph: { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.id === 'F6' ? { ...n, params: { units: 50, activation: 'relu' } } : n)) } };
    const stale = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc: changed, format: 'onnx', outDir: path.join(dir, 'x') });
    expect(stale.error.code).toBe('stale-weights');
    expect(stale.error.message).toMatch(/train again/);
    const none = await call('export.run', { doc: { ...doc, weights: undefined }, format: 'onnx', outDir: path.join(dir, 'x') });
    expect(none.error.code).toBe('no-weights');
    const untrained = await call('export.run', { doc: { ...doc, weights: undefined }, format: 'onnx', outDir: path.join(dir, 'x'), untrained: true });
    expect(untrained.ok).toBe(true);
  });

  it('refuses a folder outside the allowed ones', async () => {
    const r = await call('export.run', { doc, format: 'svg', outDir: path.join(tmpdir(), 'elsewhere-export') });
    expect(r.error.code).toBe('outside-allowed-folders');
  });
});

describe('import.model', () => {
  it('opens the exported model.json as a project with weights ordered for its model', async () => {
    const r = await call('import.model', { path: path.join(dir, 'out', 'tfjs', 'model.json') });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value.doc.graph.nodes.map((n: any) => n.id)).toEqual(doc.graph.nodes.map((n) => n.id));
    expect(r.value.weights.weightData.byteLength).toBe(61706 * 4);
  });

  it('opens the exported .onnx file too, with the same layers and all weights', async () => {
    const r = await call('import.model', { path: path.join(dir, 'out', 'onnx', 'lenet-5.onnx') });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value.doc.graph.nodes.map((n: any) => n.type)).toEqual(doc.graph.nodes.map((n) => n.type));
    expect(r.value.weights.weightData.byteLength).toBe(61706 * 4);
  });

  it('names the unsupported layers of a model it cannot open', async () => {
    const model = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }), tf.layers.upSampling2d({}), tf.layers.flatten(), tf.layers.dense({ units: 2, activation: 'softmax' })] });
    const outDir = path.join(dir, 'foreign');
    await model.save(`file://${outDir}`).catch(async () => {
      const { exportTfjs } = await import('../../src/export/tfjs/exportTfjs');
      const files = await exportTfjs(tf, model);
      const { mkdirSync, writeFileSync } = await import('node:fs');
      mkdirSync(outDir, { recursive: true });
      for (const [n, d] of Object.entries(files)) writeFileSync(path.join(outDir, n), d);
    });
    const r = await call('import.model', { path: path.join(outDir, 'model.json') });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('unsupported-model');
    expect(r.error.message).toMatch(/UpSampling2D/);
  });
});
