// 'import.torchWeights' through the dispatcher, as both hosts serve it: a PyTorch state dict beside the project
// becomes weights the app keeps (train.saveWeights takes them as they come, the export reads them back);
// a file of another network is refused naming its tensors; a file outside the opened folders is not read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { exportChannels } from '../../src/contract/export';
import { trainChannels } from '../../src/contract/train';
import { createDispatcher } from '../transport/dispatch';
import { handlers as exportHandlers } from './export';
import { handlers as trainHandlers } from './train';
import type { HandlerContext } from './context';
import { graphHash } from '../../src/train/graphHash';
import { randomizedModel, templateDoc } from '../../src/export/testing/trainedModel';
import { flattenGraph } from '../../src/export/flatGraph';
import { weightSetFromModel } from '../../src/export/weights/weightSet';
import { exportPytorch } from '../../src/export/torch/exportPytorch';
import { TrainingSettingsSchema } from '../../src/train/settings';
import { readWeightsFolder } from '../../node/export/writeExport';
import type { ProjectDoc } from '../../src/project/schema';

let dir: string;
let ctx: HandlerContext;
let doc: ProjectDoc;
let want: Float32Array;
const dispatch = createDispatcher({ ...exportChannels, ...trainChannels }, { ...exportHandlers, ...trainHandlers });
const call = (channel: string, req: unknown): Promise<any> => dispatch(channel, req, ctx);

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'torch-weights-svc-'));
  ctx = { emit: () => {}, allowedRoots: [dir], resourcesDir: path.join(dir, 'resources'), userDataDir: dir };
  doc = await templateDoc('lenet5');
  const model = randomizedModel(doc.graph, 9);
  want = model.getLayer('F5').getWeights()[0].dataSync() as Float32Array;
  const files = exportPytorch(flattenGraph(doc.graph), weightSetFromModel(model), TrainingSettingsSchema.parse({}));
  model.dispose();
  writeFileSync(path.join(dir, 'trained.safetensors'), files['model.safetensors']);
  const other = await templateDoc('resnet20');
  const m2 = randomizedModel(other.graph, 9);
  writeFileSync(path.join(dir, 'resnet.safetensors'), exportPytorch(flattenGraph(other.graph), weightSetFromModel(m2), TrainingSettingsSchema.parse({}))['model.safetensors']);
  m2.dispose();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('import.torchWeights', () => {
  it('maps the state dict onto the graph; saved the app\'s way, the export reads the same values back', async () => {
    const r = await call('import.torchWeights', { path: path.join(dir, 'trained.safetensors'), doc });
    expect(r.ok, JSON.stringify(r.error)).toBe(true);
    expect(r.value.tensors).toBe(10);
    expect(r.value.values).toBe(61706);
    const project = path.join(dir, 'digits.cnnproj');
    const saved = await call('train.saveWeights', { projectPath: project, graphHash: graphHash(doc.graph), ...r.value.weights });
    expect(saved.ok, JSON.stringify(saved.error)).toBe(true);
    const back = await readWeightsFolder({ ...doc, weights: saved.value.weights }, path.join(dir, saved.value.weights.path));
    const model = (await import('../../src/train/buildTfModel')).buildTfModel(doc.graph, tf);
    (await import('../../src/train/applyWeights')).applyWeights(tf, model, back);
    expect(Array.from(model.getLayer('F5').getWeights()[0].dataSync())).toEqual(Array.from(want));
    model.dispose();
  });

  it("refuses another network's file as unsupported-model, naming what differs", async () => {
    const r = await call('import.torchWeights', { path: path.join(dir, 'resnet.safetensors'), doc });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('unsupported-model');
    expect(r.error.message).toMatch(/missing "C1\.weight" \[6, 1, 5, 5\] \(layer "C1"\)/);
  });

  it('does not read a file outside the folders the user opened', async () => {
    const r = await call('import.torchWeights', { path: path.join(tmpdir(), 'elsewhere.safetensors'), doc });
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('outside-allowed-folders');
  });
});
