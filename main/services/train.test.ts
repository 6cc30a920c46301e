import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trainChannels } from '../../src/contract/train';
import { createDispatcher } from '../transport/dispatch';
import { handlers } from './train';
import type { HandlerContext } from './context';
import { temporaryName } from '../../node/fs/temporaryNames';
import { findTemplate } from '../../src/project/templates';
import { buildRunRecord, RunRecordSchema } from '../../src/experiments/runRecord';

let dir: string;
let ctx: HandlerContext;
const dispatch = createDispatcher(trainChannels, handlers);
const call = (channel: string, req: unknown) => dispatch(channel, req, ctx);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'train-svc-'));
  ctx = { emit: () => {}, allowedRoots: [dir], resourcesDir: path.join(dir, 'resources'), userDataDir: dir };
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const specs = [
  { name: 'conv/kernel', shape: [2, 2, 1, 1], dtype: 'float32' },
  { name: 'conv/bias', shape: [1], dtype: 'float32' },
];
const data = new Uint8Array(new Float32Array([0.5, -1, 2, 3.25, 0.125]).buffer);

describe('train services', () => {
  it('saves weights beside the project in tfjs format and loads them back byte for byte', async () => {
    const project = path.join(dir, 'digits.cnnproj');
    const saved: any = await call('train.saveWeights', { projectPath: project, graphHash: 'g1-abc', weightSpecs: specs, weightData: data, metrics: { valAcc: 0.97 }, normalization: { mean: [0.286], std: [0.353] } });
    expect(saved.ok).toBe(true);
    expect(saved.value.weights).toMatchObject({ path: 'digits.weights', graphHash: 'g1-abc', metrics: { valAcc: 0.97 } });
    const json = JSON.parse(readFileSync(path.join(dir, 'digits.weights', 'model.json'), 'utf8'));
    expect(json.format).toBe('layers-model');
    expect(json.weightsManifest[0]).toEqual({ paths: ['weights.bin'], weights: specs });
    const loaded: any = await call('train.loadWeights', { projectPath: project, weightsPath: saved.value.weights.path });
    expect(loaded.ok).toBe(true);
    expect([...new Float32Array(new Uint8Array(loaded.value.weightData).slice().buffer)]).toEqual([0.5, -1, 2, 3.25, 0.125]);
    expect(loaded.value).toMatchObject({ graphHash: 'g1-abc', weightSpecs: specs, metrics: { valAcc: 0.97 }, normalization: { mean: [0.286], std: [0.353] } });
    expect(saved.value.weights.normalization).toEqual({ mean: [0.286], std: [0.353] });
  });

  it.each([
    ['a path outside the opened folders', { projectPath: '/elsewhere/x.cnnproj' }, 'not-allowed'],
    ['a relative path', { projectPath: 'x.cnnproj' }, 'bad-path'],
    ['bytes that do not match the specs', { weightData: new Uint8Array(8) }, 'bad-weights'],
  ])('refuses to save with %s', async (_name, change, code) => {
    const r: any = await call('train.saveWeights', { projectPath: path.join(dir, 'a.cnnproj'), graphHash: 'h', weightSpecs: specs, weightData: data, ...change });
    expect(r).toMatchObject({ ok: false, error: { code } });
    expect(r.error.message.length).toBeGreaterThan(20);
  });

  it('reports missing or damaged weights clearly', async () => {
    const project = path.join(dir, 'p.cnnproj');
    expect(await call('train.loadWeights', { projectPath: project, weightsPath: 'p.weights' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    await call('train.saveWeights', { projectPath: project, graphHash: 'h', weightSpecs: specs, weightData: data });
    writeFileSync(path.join(dir, 'p.weights', 'weights.bin'), new Uint8Array(4));
    const r: any = await call('train.loadWeights', { projectPath: project, weightsPath: 'p.weights' });
    expect(r).toMatchObject({ ok: false, error: { code: 'bad-weights' } });
    expect(r.error.message).toMatch(/4 bytes but model.json calls for 20/);
  });

  it("writes the run's TensorBoard logs (train/, validation/) beside the weights when its epochs come along", async () => {
    const project = path.join(dir, 'tb.cnnproj');
    const history = [0, 1].map((epoch) => ({ epoch, loss: 1 - epoch / 4, acc: 0.5, valLoss: 1, valAcc: 0.5, seconds: 1, learningRate: 0.01 }));
    expect(await call('train.saveWeights', { projectPath: project, graphHash: 'h', weightSpecs: specs, weightData: data, history })).toMatchObject({ ok: true });
    for (const run of ['train', 'validation']) expect(readdirSync(path.join(dir, 'tb.weights', run))).toEqual([expect.stringMatching(/^events\.out\.tfevents\..*\.v2$/)]);
    // Weights saved without epochs (imported, or loaded from the file) leave the logs as they are.
    const before = readdirSync(path.join(dir, 'tb.weights', 'train'));
    await call('train.saveWeights', { projectPath: project, graphHash: 'h', weightSpecs: specs, weightData: data });
    expect(readdirSync(path.join(dir, 'tb.weights', 'train'))).toEqual(before);
  });

  it('refuses a train/ log folder that is a link out of the weights folder, writing nothing there', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'train-svc-outside-'));
    try {
      mkdirSync(path.join(dir, 'p.weights'));
      symlinkSync(outside, path.join(dir, 'p.weights', 'train'));
      const history = [{ epoch: 0, loss: 1, acc: 0.5, seconds: 1, learningRate: 0.01 }];
      const r: any = await call('train.saveWeights', { projectPath: path.join(dir, 'p.cnnproj'), graphHash: 'h', weightSpecs: specs, weightData: data, history });
      expect(r).toMatchObject({ ok: false, error: { code: 'write-failed' } });
      expect(r.error.message).toMatch(/train is a link/);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('refuses a <project>.weights that is a symlink out of the allowed folders, writing nothing there', async () => {
    const outside = mkdtempSync(path.join(tmpdir(), 'train-svc-outside-'));
    try {
      symlinkSync(outside, path.join(dir, 'p.weights'));
      const r: any = await call('train.saveWeights', { projectPath: path.join(dir, 'p.cnnproj'), graphHash: 'h', weightSpecs: specs, weightData: data });
      expect(r).toMatchObject({ ok: false, error: { code: 'outside-allowed-folders' } });
      expect(r.error.message).toContain(`weights folder ${path.join(dir, 'p.weights')} (it leads to ${outside}) is outside the folders this app may use`);
      expect(readdirSync(outside)).toEqual([]);
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('follows a <project>.weights symlink that stays inside the allowed folders', async () => {
    mkdirSync(path.join(dir, 'elsewhere'));
    symlinkSync(path.join(dir, 'elsewhere'), path.join(dir, 'p.weights'));
    expect(await call('train.saveWeights', { projectPath: path.join(dir, 'p.cnnproj'), graphHash: 'h', weightSpecs: specs, weightData: data })).toMatchObject({ ok: true });
    expect(readdirSync(path.join(dir, 'elsewhere')).sort()).toEqual(['model.json', 'weights.bin']);
  });

  it('replaces the pair as one set and keeps a file of the user’s in the weights folder', async () => {
    const project = path.join(dir, 'p.cnnproj');
    mkdirSync(path.join(dir, 'p.weights'));
    writeFileSync(path.join(dir, 'p.weights', 'NOTES.md'), 'trained on the 2nd run');
    for (const hash of ['first', 'second']) expect(await call('train.saveWeights', { projectPath: project, graphHash: hash, weightSpecs: specs, weightData: data })).toMatchObject({ ok: true });
    expect(readdirSync(path.join(dir, 'p.weights')).sort()).toEqual(['NOTES.md', 'model.json', 'weights.bin']);
    expect(await call('train.loadWeights', { projectPath: project, weightsPath: 'p.weights' })).toMatchObject({ ok: true, value: { graphHash: 'second' } });
  });

  it('loads the whole new pair after a save was killed between moving the old folder aside and moving the new one in', async () => {
    const project = path.join(dir, 'p.cnnproj');
    await call('train.saveWeights', { projectPath: project, graphHash: 'old', weightSpecs: specs, weightData: data });
    // As the kill leaves it: the old folder renamed aside, the complete new one still under its staging name.
    const token = `${spawnSync(process.execPath, ['-e', '0']).pid}-0badcafe`;
    const staging = path.join(dir, temporaryName('p.weights', 'tmp', token));
    await call('train.saveWeights', { projectPath: path.join(dir, 'q.cnnproj'), graphHash: 'new', weightSpecs: specs, weightData: data });
    renameSync(path.join(dir, 'q.weights'), staging);
    renameSync(path.join(dir, 'p.weights'), path.join(dir, temporaryName('p.weights', 'old', token)));
    expect(existsSync(path.join(dir, 'p.weights'))).toBe(false);
    expect(await call('train.loadWeights', { projectPath: project, weightsPath: 'p.weights' })).toMatchObject({ ok: true, value: { graphHash: 'new' } });
    expect(readdirSync(dir).filter((e) => e.includes('.cnn-'))).toEqual([]);
  });

  it("keeps a run's weights, record and logs in <project>.runs/<run id>/, and deletes that folder on request", async () => {
    const project = path.join(dir, 'digits.cnnproj');
    const doc = (await findTemplate('lenet5'))!.makeDoc();
    const history = [{ epoch: 0, loss: 1.1, acc: 0.6, valLoss: 0.9, valAcc: 0.7, seconds: 1, learningRate: 0.001 }];
    const run = buildRunRecord({
      id: 'r20261202-100000-abcd', name: 'Run 1', startedAt: new Date('2026-12-02T10:00:00Z'), origin: 'app', graph: doc.graph, settings: doc.training,
      dataset: { ref: doc.dataset, trainSamples: 320, validationSamples: 80 }, init: { kind: 'fresh' }, backend: { name: 'wasm' }, params: 61706,
      outcome: { status: 'completed', history, seconds: 1, samplesPerSec: 320 },
    });
    const saved: any = await call('train.saveWeights', { projectPath: project, graphHash: run.graphHash, weightSpecs: specs, weightData: data, history, run });
    expect(saved.ok).toBe(true);
    expect(saved.value.weights.path).toBe('digits.runs/r20261202-100000-abcd');
    const folder = path.join(dir, 'digits.runs', run.id);
    expect(readdirSync(folder).sort()).toEqual(['model.json', 'run.json', 'train', 'validation', 'weights.bin']);
    expect(RunRecordSchema.parse(JSON.parse(readFileSync(path.join(folder, 'run.json'), 'utf8')))).toEqual({ ...run, weightsPath: 'digits.runs/r20261202-100000-abcd' });
    expect(existsSync(path.join(dir, 'digits.weights'))).toBe(false);
    expect(await call('train.loadWeights', { projectPath: project, weightsPath: saved.value.weights.path })).toMatchObject({ ok: true, value: { graphHash: run.graphHash } });
    expect(await call('train.deleteRun', { projectPath: project, runId: run.id })).toMatchObject({ ok: true, value: { removed: true } });
    expect(existsSync(folder)).toBe(false);
    expect(await call('train.deleteRun', { projectPath: project, runId: run.id })).toMatchObject({ ok: true, value: { removed: false } });
    // An id that is not a folder name (a path climbing out) is refused by the contract.
    expect(await call('train.deleteRun', { projectPath: project, runId: '../digits' })).toMatchObject({ ok: false });
  });

  it('serves the embedded MNIST (10,000 digits, 28×28×1)', async () => {
    const r: any = await call('train.loadBuiltinDataset', { name: 'mnist' });
    expect(r.ok).toBe(true);
    expect([r.value.n, r.value.height, r.value.width, r.value.channels]).toEqual([10000, 28, 28, 1]);
    expect(r.value.images.byteLength).toBe(10000 * 784);
    expect(r.value.labels.byteLength).toBe(10000);
  });
});
