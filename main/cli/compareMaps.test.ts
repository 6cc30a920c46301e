// resources/python/compare_maps.py on what the CLI writes: `cnn-studio train` → `export --format pytorch` →
// `explain` on a real MNIST digit, for LeNet-5 and for a net with dilated convs; every node is within 1e-4 of
// model.py in torch, and a changed .npy is reported. The dilated net also shows training and Grad-CAM through
// dilated convs (src/kernels/dilatedConv.ts): explain writes every spatial node's CAM, equal to gradCam's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { runCli } from './main';
import { loadMnist } from '../../node/data/ensureMnist';
import { decodeNpy, encodeNpy } from '../../node/learn/npy';
import { findPython } from '../../node/testing/python';
import { readWeightsFolder } from '../../node/export/writeExport';
import { loadTfForNode } from '../../node/train/trainBackend';
import { PROJECT_FORMAT, PROJECT_VERSION, ProjectDocSchema } from '../../src/project/schema';
import { serializeProjectFile } from '../../src/project/projectFile';
import { buildTfModelWithAnalysis } from '../../src/train/buildTfModel';
import { applyWeights } from '../../src/train/applyWeights';
import { gradCam } from '../../src/learn/gradCam';
import { chain } from '../../src/templates/chain';

const torchPython = findPython(['torch', 'safetensors', 'numpy']);
const SCRIPT = path.resolve('resources/python/compare_maps.py');
const dir = mkdtempSync(path.join(tmpdir(), 'cli-compare-maps-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const digit = path.join(dir, 'digit.png');

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const dilatedDoc = ProjectDocSchema.parse({
  format: PROJECT_FORMAT,
  version: PROJECT_VERSION,
  name: 'Dilated',
  graph: chain([
    ['Input', { height: 28, width: 28, channels: 1 }, 'input'],
    ['Conv2D', { filters: 6, kernelSize: 3, padding: 'same', activation: 'relu' }, 'c1'],
    ['Conv2D', { filters: 8, kernelSize: 3, dilation: 2, padding: 'same', activation: 'relu' }, 'dil2'],
    ['MaxPooling2D', { poolSize: 2 }, 'pool'],
    ['Conv2D', { filters: 8, kernelSize: 3, dilation: 3 }, 'dil3'],
    ['Activation', { activation: 'relu' }, 'relu'],
    ['Flatten', {}, 'flat'],
    ['Output', { classes: 10 }, 'output'],
  ]),
  dataset: { kind: 'mnist' },
});

interface Run {
  project: string;
  weights: string;
  torch: string;
  explained: string;
  trainOut: string;
  explainErr: string;
}
const runs: Record<string, Run> = {};

beforeAll(async () => {
  const mnist = await loadMnist();
  const i = 700; // not among the 640 trained on
  writeFileSync(digit, await sharp(mnist.images.subarray(i * 784, (i + 1) * 784), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer());
  writeFileSync(path.join(dir, 'dilated.cnnproj'), serializeProjectFile(dilatedDoc));
  for (const [key, project] of [['lenet5', 'lenet5'], ['dilated', path.join(dir, 'dilated.cnnproj')]] as const) {
    const r: Run = { project, weights: path.join(dir, `${key}-w`), torch: path.join(dir, `${key}-torch`), explained: path.join(dir, `${key}-explained`), trainOut: '', explainErr: '' };
    const t = await cli(['train', project, '--limit', '640', '--epochs', '1', '--batch', '32', '--lr', '0.003', '--out', r.weights, '--json']);
    expect(t.code, t.err).toBe(0);
    r.trainOut = t.out;
    expect((await cli(['export', project, '--weights', r.weights, '--format', 'pytorch', '--out', r.torch])).code).toBe(0);
    const e = await cli(['explain', project, '--weights', r.weights, '--image', digit, '--out', r.explained]);
    expect(e.code).toBe(0);
    r.explainErr = e.err;
    runs[key] = r;
  }
}, 300_000);

const compareMaps = (r: Run) => {
  const p = spawnSync(torchPython!, [SCRIPT, r.torch, r.explained, '--json'], { encoding: 'utf8' });
  return { status: p.status, stderr: p.stderr, report: p.stdout ? (JSON.parse(p.stdout) as { failed: number; nodes: { node: string; status: string; relative?: number; maxAbsDiff?: number }[] }) : undefined };
};

describe('a dilated conv trains, and explain writes its Grad-CAM', () => {
  it('cnn-studio train on 640 real digits: the batch loss falls from chance (ln 10 ≈ 2.3)', () => {
    const lines = runs.dilated.trainOut.split('\n').map((l) => JSON.parse(l) as { type: string; loss?: number });
    const batches = lines.filter((m) => m.type === 'batch').map((m) => m.loss!);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches[0]).toBeGreaterThan(1.8);
    // One epoch of 14 batches here: 2.31 → 1.81, falling all along (the unit test trains longer: < 0.6×).
    expect(batches.at(-1)!).toBeLessThan(0.85 * batches[0]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const half = Math.floor(batches.length / 2);
    expect(mean(batches.slice(half))).toBeLessThan(mean(batches.slice(0, half)));
    expect(lines.filter((m) => m.type === 'epoch')).toHaveLength(1);
  });

  it('Grad-CAM for every spatial node, equal to gradCam on the same weights and image', { timeout: 60_000 }, async () => {
    const r = runs.dilated;
    expect(r.explainErr).not.toMatch(/no Grad-CAM/);
    const prediction = JSON.parse(readFileSync(path.join(r.explained, 'prediction.json'), 'utf8'));
    const spatial = ['c1', 'dil2', 'pool', 'dil3', 'relu'];
    expect(prediction.nodes.filter((n: { gradcam?: string }) => n.gradcam).map((n: { nodeId: string }) => n.nodeId)).toEqual(spatial);
    const { tf } = await loadTfForNode('wasm');
    const built = buildTfModelWithAnalysis(dilatedDoc.graph, tf);
    applyWeights(tf, built.model, await readWeightsFolder(dilatedDoc, r.weights));
    const input = decodeNpy(new Uint8Array(readFileSync(path.join(r.explained, 'activations', 'input.npy')))).data; // [1, 28, 28]: HWC too
    for (const id of spatial) {
      const want = await gradCam(tf, dilatedDoc.graph, built.model, input, id, prediction.gradCamClass.index);
      const got = decodeNpy(new Uint8Array(readFileSync(path.join(r.explained, 'gradcam', `${id}.npy`))));
      expect(got.shape).toEqual([want.height, want.width]);
      expect(Math.max(...got.data.map((v, i) => Math.abs(v - want.cam[i]))), id).toBeLessThanOrEqual(1e-6);
      expect([0, 1], id).toContain(Math.max(...got.data));
    }
    built.model.dispose();
  });
});

describe.skipIf(!torchPython)('compare_maps.py: the export’s maps in torch vs explain’s (skipped: no Python with torch)', () => {
  for (const key of ['lenet5', 'dilated'])
    it(`${key}: every node within 1e-4, then a changed map is reported`, { timeout: 120_000 }, () => {
      const r = runs[key];
      const ok = compareMaps(r);
      expect(ok.stderr).toBe('');
      expect(ok.status).toBe(0);
      const prediction = JSON.parse(readFileSync(path.join(r.explained, 'prediction.json'), 'utf8'));
      expect(ok.report!.nodes.map((n) => n.node)).toEqual(prediction.nodes.map((n: { nodeId: string }) => n.nodeId));
      for (const n of ok.report!.nodes) {
        expect(n.status, n.node).toBe('ok');
        expect(n.relative!, n.node).toBeLessThanOrEqual(1e-4);
      }
      // One value of one map off by 1% of that map's range: that node, and only it, fails.
      const victim = key === 'lenet5' ? 'C3' : 'dil2';
      const file = path.join(r.explained, 'activations', `${victim}.npy`);
      const keep = readFileSync(file);
      const m = decodeNpy(new Uint8Array(keep));
      const data = Float32Array.from(m.data);
      data[7] += 0.01 * Math.max(...data.map(Math.abs));
      writeFileSync(file, encodeNpy(data, m.shape));
      try {
        const bad = compareMaps(r);
        expect(bad.status).toBe(1);
        expect(bad.report!.failed).toBe(1);
        expect(bad.report!.nodes.filter((n) => n.status !== 'ok').map((n) => [n.node, n.status])).toEqual([[victim, 'MISMATCH']]);
      } finally {
        writeFileSync(file, keep);
      }
      const text = spawnSync(torchPython!, [SCRIPT, r.torch, r.explained], { encoding: 'utf8' });
      expect(text.status).toBe(0);
      expect(text.stdout).toMatch(new RegExp(`(\\d+) of \\1 nodes within 0.0001 \\(relative\\); 0 not compared`));
    });

  it('another network’s export: its nodes are not compared, the shared Output differs (exit 1); no explain folder: exit 2', () => {
    const other = compareMaps({ ...runs.dilated, torch: runs.lenet5.torch });
    expect(other.status).toBe(1);
    const byNode = Object.fromEntries(other.report!.nodes.map((n) => [n.node, n.status]));
    expect(byNode.output).toBe('MISMATCH');
    expect(byNode.dil2).toMatch(/^not compared/);
    const p = spawnSync(torchPython!, [SCRIPT, runs.lenet5.torch, path.join(dir, 'nowhere')], { encoding: 'utf8' });
    expect(p.status).toBe(2);
    expect(p.stderr).toMatch(/missing: .*prediction\.json/);
  });
});
