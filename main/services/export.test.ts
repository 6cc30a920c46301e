// Export/import services end to end through the dispatcher: weights saved the trainer's way beside a project,
// every format written to a folder, PNG rasterised by sharp, the written model.json imported back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import * as ort from 'onnxruntime-node';
import { exportChannels } from '../../src/contract/export';
import { trainChannels } from '../../src/contract/train';
import { datasetChannels } from '../../src/contract/dataset';
import { handlers as datasetHandlers } from './dataset';
import { greyPng } from '../../node/data/testImages';
import { createDispatcher } from '../transport/dispatch';
import { handlers as exportHandlers } from './export';
import { handlers as trainHandlers } from './train';
import type { HandlerContext } from './context';
import { graphHash } from '../../src/train/graphHash';
import { exportWeights } from '../../src/train/applyWeights';
import { mnistBatch, templateDoc, trainedModel, MNIST_BIN } from '../../src/export/testing/trainedModel';
import type { ProjectDoc } from '../../src/project/schema';
import { convChainOnnx, editModelJson, exportedSmallNet, filesOf, HOSTILE_CASES, type ExportedNet } from '../../src/import/testing/hostileModels';
import { IMPORT_LIMITS } from '../../src/import/importLimits';

let dir: string;
let ctx: HandlerContext;
let doc: ProjectDoc;
/** The trained weights as the renderer's session holds them (not saved anywhere). */
let sessionWeights: { weightSpecs: unknown; weightData: Uint8Array; graphHash: string };
const dispatch = createDispatcher({ ...exportChannels, ...trainChannels, ...datasetChannels }, { ...exportHandlers, ...trainHandlers, ...datasetHandlers });
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
  sessionWeights = { weightSpecs: w.weightSpecs, weightData: new Uint8Array(w.weightData), graphHash: graphHash(doc.graph) };
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

  it("exports the session's weights of a project never saved, the same tensors as the saved ones; refuses them for another graph", async () => {
    const unsaved = { ...doc, weights: undefined };
    const fromSession = await call('export.run', { doc: unsaved, format: 'safetensors', outDir: path.join(dir, 'session'), weights: sessionWeights });
    expect(fromSession.ok, JSON.stringify(fromSession.error)).toBe(true);
    const fromSaved = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc, format: 'safetensors', outDir: path.join(dir, 'saved') });
    expect(readFileSync(fromSession.value.files[0])).toEqual(readFileSync(fromSaved.value.files[0]));
    const onnx = await call('export.run', { doc: unsaved, format: 'onnx', outDir: path.join(dir, 'session-onnx'), weights: sessionWeights });
    expect(onnx.ok, JSON.stringify(onnx.error)).toBe(true);
    expect(statSync(onnx.value.files[0]).size).toBeGreaterThan(61_706 * 4);
    const stale = await call('export.run', { doc: unsaved, format: 'onnx', outDir: path.join(dir, 'x'), weights: { ...sessionWeights, graphHash: 'other' } });
    expect([stale.error.code, stale.error.message]).toEqual(['stale-weights', expect.stringMatching(/train again/)]);
  });

  it('refuses a folder outside the allowed ones', async () => {
    const r = await call('export.run', { doc, format: 'svg', outDir: path.join(tmpdir(), 'elsewhere-export') });
    expect(r.error.code).toBe('outside-allowed-folders');
  });

  it('refuses an export folder that is a symlink out of the allowed ones, writing nothing there', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'export-svc-outside-'));
    try {
      symlinkSync(outside, path.join(dir, 'linked-out'));
      const r = await call('export.run', { doc, format: 'svg', outDir: path.join(dir, 'linked-out', 'pictures') });
      expect(r.error).toMatchObject({ code: 'outside-allowed-folders', message: expect.stringContaining(`(it leads to ${path.join(outside, 'pictures')})`) });
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('fails at once, saying why, for an export folder below a file', async () => {
    writeFileSync(path.join(dir, 'a-file'), 'x');
    const started = performance.now();
    const r = await call('export.run', { doc, format: 'svg', outDir: path.join(dir, 'a-file', 'out') });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.error).toMatchObject({ code: 'write-failed', message: expect.stringContaining(`${path.join(dir, 'a-file')} is a file, not a folder`) });
  });

  it('writes tfjs as one set into a folder of the user’s, keeping the files already there', async () => {
    const outDir = path.join(dir, 'shared-out');
    mkdirSync(path.join(outDir, 'mine'), { recursive: true });
    writeFileSync(path.join(outDir, 'notes.txt'), 'my notes');
    for (let i = 0; i < 2; i++) expect((await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc, format: 'tfjs', outDir })).ok).toBe(true);
    expect(readdirSync(outDir).sort()).toEqual(['group1-shard1of1.bin', 'mine', 'model.json', 'notes.txt']);
    expect(readFileSync(path.join(outDir, 'notes.txt'), 'utf8')).toBe('my notes');
  });

  it('int8 ONNX on an MNIST project: calibrated and measured on the embedded MNIST, size and accuracy before/after', { timeout: 60_000 }, async () => {
    const outDir = path.join(dir, 'out', 'int8');
    const r = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc, format: 'onnx', outDir, quantize: 'int8', calibrationImages: 50 });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    const m = r.value.measurement;
    expect(m.samples).toBe(2000);
    expect(m.source).toBe('the embedded MNIST');
    expect(m.after.bytes).toBe(statSync(r.value.files[0]).size);
    expect(m.after.bytes / m.before.bytes).toBeLessThan(0.3);
    const session = await ort.InferenceSession.create(readFileSync(r.value.files[0]));
    expect(session.outputNames).toEqual(['probabilities']);
    await session.release();
  });

  it('int8 on an imported image folder: calibrated and measured on the images in the host’s dataset cache', { timeout: 60_000 }, async () => {
    const folder = path.join(dir, 'images');
    for (const cls of ['boot', 'coat', 'bag']) {
      mkdirSync(path.join(folder, cls), { recursive: true });
      for (let i = 0; i < 20; i++) writeFileSync(path.join(folder, cls, `${i}.png`), await greyPng(cls.length * 100 + i));
    }
    const imported = await call('dataset.importFolder', { path: folder, options: { height: 28, width: 28, channels: 1, validationSplit: 0.25 } });
    expect(imported.ok, JSON.stringify(imported.error)).toBe(true);
    const graph = { ...doc.graph, nodes: doc.graph.nodes.map((n) => (n.type === 'Output' ? { ...n, params: { ...n.params, classes: 3 } } : n)) };
    const folderDoc: ProjectDoc = { ...doc, graph, weights: undefined, dataset: { ...doc.dataset, kind: 'folder', path: folder } };
    const r = await call('export.run', { doc: folderDoc, format: 'onnx', outDir: path.join(dir, 'out', 'folder-int8'), untrained: true, quantize: 'int8', calibrationImages: 30, datasetId: imported.value.datasetId });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value.measurement.samples).toBe(imported.value.summary.validationCount);
    expect(r.value.measurement.source).toBe(folder);
    expect(r.value.measurement.agreement).toBeGreaterThan(0.5);
  });

  it('a quantised export of an imported dataset not open in this session is written, saying why it was not measured; int8 is refused', async () => {
    const folderDoc: ProjectDoc = { ...doc, dataset: { ...doc.dataset, kind: 'folder', path: 'images' } };
    const f16 = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc: folderDoc, format: 'tfjs', outDir: path.join(dir, 'out', 'f16'), quantize: 'float16' });
    expect(f16.ok, JSON.stringify(f16.error)).toBe(true);
    expect(f16.value.measurement).toBeUndefined();
    expect(f16.value.measurementNote).toMatch(/import it in the Dataset tab/);
    const int8 = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc: folderDoc, format: 'onnx', outDir: path.join(dir, 'out', 'no-int8'), quantize: 'int8' });
    expect(int8.error.code).toBe('no-dataset');
    expect(() => statSync(path.join(dir, 'out', 'no-int8'))).toThrow();
  });

  it('checks the target first: a layer it cannot carry is named with what to do, and nothing is written (not-ready)', async () => {
    const broken = { ...doc, graph: { ...doc.graph, edges: doc.graph.edges.filter((e) => e.target !== 'output') } };
    const outDir = path.join(dir, 'out', 'never');
    const r = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc: broken, format: 'onnx', outDir });
    expect(r.error.code).toBe('not-ready');
    expect(r.error.message).toMatch(/ — /);
    expect(() => statSync(outDir)).toThrow();
    const wrong = await call('export.run', { projectPath: path.join(dir, 'digits.cnnproj'), doc, format: 'pytorch', outDir, quantize: 'int8' });
    expect(wrong.error.code).toBe('not-ready');
    expect(wrong.error.message).toMatch(/PyTorch cannot be stored as int8; it takes none/);
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

describe('import.model: hostile files', () => {
  let net: ExportedNet;
  /** Writes the files into a new folder under the allowed one; returns the model file's path. */
  const place = (name: string, files: Record<string, string | Uint8Array>) => {
    const folder = path.join(dir, 'hostile', name);
    mkdirSync(folder, { recursive: true });
    for (const [file, data] of Object.entries(files)) writeFileSync(path.join(folder, file), data);
    return path.join(folder, Object.keys(files)[0]);
  };
  beforeAll(async () => {
    net = await exportedSmallNet(tf);
  });

  it.each(HOSTILE_CASES.filter((c) => /1e9|60000|no data|negative kernel|600 bytes short/.test(c.name)).map((c) => [c.name, c] as const))(
    '%s: refused as unsupported-model with the reader’s words',
    async (name, c) => {
      const r = await call('import.model', { path: place(name.replace(/\W+/g, '-'), filesOf(c.make(net))) });
      expect(r.ok).toBe(false);
      expect(r.error.code).toBe('unsupported-model');
      expect(r.error.message).toMatch(c.refusal);
    },
  );

  it('while a slow file is being read, another call answers at once', async () => {
    let importDone = false;
    const slow = call('import.model', { path: place('slow', { 'chain.onnx': convChainOnnx(net, 1990) }) }).finally(() => (importDone = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    const other = await call('train.loadWeights', { projectPath: path.join(dir, 'digits.cnnproj'), weightsPath: doc.weights!.path });
    const answeredMs = performance.now() - started;
    expect(other.ok, JSON.stringify(other.error)).toBe(true);
    expect(importDone).toBe(false);
    expect(answeredMs).toBeLessThan(500);
    const r = await slow;
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value.doc.graph.nodes).toHaveLength(1995);
  });

  it('refuses a model file larger than any model before reading it (model-too-large)', async () => {
    const file = path.join(dir, 'hostile', 'huge.onnx');
    writeFileSync(file, '');
    truncateSync(file, IMPORT_LIMITS.maxFileBytes + 1); // sparse: no disk space used
    const r = await call('import.model', { path: file });
    expect(r.error.code).toBe('model-too-large');
    expect(r.error.message).toMatch(/^huge\.onnx is 1280\.0 MB, larger than any model CNN Studio opens \(limit 1280 MB\)\. Nothing was imported — the model file is too large\.$/);
  });

  it('keeps model.json’s shards inside the allowed folders, and says when the file is missing', async () => {
    const outside = editModelJson(net.modelJson, (j) => (j.weightsManifest[0].paths = ['../../../../../../etc/hostname']));
    const r = await call('import.model', { path: place('outside', { 'model.json': outside }) });
    expect(r.error.code).toBe('outside-allowed-folders');
    expect(r.error.message).toMatch(/The weight shard \/etc\/hostname .*is outside the folders this app may use/);
    const missing = await call('import.model', { path: path.join(dir, 'hostile', 'nope.onnx') });
    expect(missing.error.code).toBe('not-found');
    expect(missing.error.message).toMatch(/Cannot read the model file .*nope\.onnx \(ENOENT\) — check the path\./);
  });
});
