// `cnn-studio export` run as a child process: real template, real weights folder, files checked on disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  // [format, quantize, what the message lists as allowed]
  const misuse: [string, string, string][] = [
    ['pytorch', 'int8', 'none for PyTorch'],
    ['tfjs', 'int8', 'none, float16, uint8 for TensorFlow.js'],
    ['onnx', 'uint8', 'none, float16, int8 for ONNX'],
    ['svg', 'float16', 'none for SVG'],
  ];
  for (const [format, quantize, allowed] of misuse)
    it(`--format ${format} --quantize ${quantize} is a usage error naming what ${format} takes (exit 2)`, async () => {
      const r = await cli('export', 'lenet5', '--format', format, '--quantize', quantize, '--out', 'never', '--weights', 'w');
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`--quantize takes ${allowed}`);
      expect(existsSync(path.join(dir, 'never'))).toBe(false);
    });

  it('names each layer the target cannot carry and writes nothing: the output folder stays as it was (exit 1)', async () => {
    const doc = await templateDoc('lenet5');
    // The Flatten unplugged: the Dense after it gets nothing, and nothing reaches the Output.
    const graph = { ...doc.graph, edges: doc.graph.edges.filter((e) => !doc.graph.nodes.some((n) => n.type === 'Flatten' && (e.source === n.id || e.target === n.id))) };
    writeFileSync(path.join(dir, 'broken.cnnproj'), JSON.stringify({ ...doc, graph }));
    mkdirSync(path.join(dir, 'kept'));
    writeFileSync(path.join(dir, 'kept', 'mine.txt'), 'the user’s file');
    const r = await cli('export', 'broken.cnnproj', '--format', 'onnx', '--out', 'kept', '--untrained');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/cannot be exported as ONNX — nothing was written:/);
    expect(r.stderr).toMatch(/\n {2}\S.* — /); // "  node: reason — fix"
    expect(readdirSync(path.join(dir, 'kept'))).toEqual(['mine.txt']);
    expect(readFileSync(path.join(dir, 'kept', 'mine.txt'), 'utf8')).toBe('the user’s file');
    const fresh = await cli('export', 'broken.cnnproj', '--format', 'tfjs', '--out', 'not-made', '--untrained');
    expect(fresh.code).toBe(1);
    expect(existsSync(path.join(dir, 'not-made'))).toBe(false);
  });

  it('--quantize int8 --data mnist: writes a QDQ model onnxruntime runs and prints size and accuracy before/after', { timeout: 120_000 }, async () => {
    const r = await cli('export', 'lenet5', '--format', 'onnx', '--quantize', 'int8', '--calibration', '50', '--data', 'mnist', '--out', 'int8', '--weights', 'w');
    expect(r.stderr).not.toMatch(/export:/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/size: float32 [\d,]+ bytes → int8 [\d,]+ bytes \(\d+\.\d%\)/);
    expect(r.stdout).toMatch(/validation accuracy on 2,000 images of embedded MNIST .*: float32 \d+\.\d\d% → int8 \d+\.\d\d%/);
    const bytes = readFileSync(path.join(dir, 'int8', 'lenet-5.onnx'));
    const session = await ort.InferenceSession.create(bytes);
    const out = await session.run({ input: new ort.Tensor('float32', new Float32Array(784).fill(0.3), [1, 1, 28, 28]) });
    expect(out.probabilities.dims).toEqual([1, 10]);
    await session.release();
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
