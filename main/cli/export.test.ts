// `cnn-studio export` run as a child process: real template, real weights folder, files checked on disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as ort from 'onnxruntime-node';
import { buildTfModel } from '../../src/train/buildTfModel';
import { exportWeights } from '../../src/train/applyWeights';
import { modelJsonText } from '../../src/train/weightsFiles';
import { graphHash } from '../../src/train/graphHash';
import { templateDoc } from '../../src/export/testing/trainedModel';

const bin = path.resolve(import.meta.dirname, '../../bin/cnn-studio.mjs');
let dir: string;
let model: tf.LayersModel;

function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: dir, timeout: 120_000 }, (err, stdout, stderr) => resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }));
  });
}

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = mkdtempSync(path.join(tmpdir(), 'cli-export-'));
  const doc = await templateDoc('lenet5');
  model = buildTfModel(doc.graph, tf);
  const w = await exportWeights(tf, model);
  mkdirSync(path.join(dir, 'w'));
  writeFileSync(path.join(dir, 'w', 'weights.bin'), w.weightData);
  writeFileSync(path.join(dir, 'w', 'model.json'), modelJsonText(w.modelTopology, w.weightSpecs, { graphHash: graphHash(doc.graph) }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cnn-studio export', () => {
  it('writes ONNX from a weights folder; onnxruntime reproduces the weights’ predictions', async () => {
    const r = await cli('export', 'lenet5', '--format', 'onnx', '--out', 'dist', '--weights', 'w');
    expect(r.stderr).not.toMatch(/export:/); // (tfjs prints its Node banner on stderr)
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/wrote .*lenet-5\.onnx/);
    const session = await ort.InferenceSession.create(readFileSync(path.join(dir, 'dist', 'lenet-5.onnx')));
    const x = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 3);
    const got = (await session.run({ input: new ort.Tensor('float32', tf.transpose(x, [0, 3, 1, 2]).dataSync() as Float32Array, [2, 1, 28, 28]) })).probabilities.data as Float32Array;
    const want = (model.predict(x) as tf.Tensor).dataSync();
    expect(Math.max(...Array.from(got, (v, i) => Math.abs(v - want[i])))).toBeLessThanOrEqual(1e-4);
  });

  it('refuses to export weights it does not have, and says how to get them', async () => {
    const r = await cli('export', 'lenet5', '--format', 'pytorch', '--out', 'dist2');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no trained weights .*--untrained/);
  });

  it('rejects an unknown format with the list of formats (exit 2)', async () => {
    const r = await cli('export', 'lenet5', '--format', 'keras', '--out', 'dist3');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/tfjs, onnx, pytorch, safetensors, npz, svg or png/);
  });

  it('draws the graph as SVG without weights', async () => {
    const r = await cli('export', 'resnet20', '--format', 'svg', '--out', 'pic');
    expect(r.code).toBe(0);
    const svg = readFileSync(path.join(dir, 'pic', 'resnet-20-cifar.svg'), 'utf8');
    expect(svg).toMatch(/^<svg/);
    // ResNet-20's stages are blocks ×3 (src/templates/resnet.ts): each drawn as one node with its count.
    for (const stage of ['stage1', 'stage2', 'stage3']) expect(svg).toContain(`${stage} ×3`);
  });
});
