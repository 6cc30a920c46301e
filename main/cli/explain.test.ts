// `cnn-studio explain` end to end: the real LeNet-5 template, weights written by `cnn-studio train`, a real
// MNIST digit as a PNG file; the .npy headers and shapes, the PNG sizes and prediction.json checked on disk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { runCli } from './main';
import { loadMnist } from '../../node/data/ensureMnist';
import { decodeNpy } from '../../node/learn/npy';
import { filterGridSize, mapGridSize, overlaySize } from '../../node/learn/images';
import { nodeFileNames, nodeFilePaths } from './explain';

const dir = mkdtempSync(path.join(tmpdir(), 'cli-explain-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const weights = path.join(dir, 'weights');
const digit = path.join(dir, 'digit.png');
let digitLabel = -1;
let digitPixels: Uint8Array;

async function cli(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(args, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

beforeAll(async () => {
  const t = await cli(['train', 'lenet5', '--limit', '640', '--epochs', '1', '--batch', '32', '--lr', '0.003', '--out', weights]);
  expect(t.code).toBe(0);
  const mnist = await loadMnist();
  const i = 700; // not among the 640 trained on
  digitLabel = mnist.labels[i];
  digitPixels = mnist.images.slice(i * 784, (i + 1) * 784);
  writeFileSync(digit, await sharp(mnist.images.subarray(i * 784, (i + 1) * 784), { raw: { width: 28, height: 28, channels: 1 } }).png().toBuffer());
}, 180_000);

const npyOf = (file: string) => decodeNpy(new Uint8Array(readFileSync(file)));
const pngSize = async (file: string) => {
  const m = await sharp(file).metadata();
  return [m.width, m.height];
};

// LeNet-5's nodes: [id, activation .npy shape (channel-first), has filters, Grad-CAM shape]
const lenetNodes: [string, number[], number[] | undefined, number[] | undefined][] = [
  ['input', [1, 28, 28], undefined, undefined],
  ['C1', [6, 28, 28], [6, 1, 5, 5], [28, 28]],
  ['activation1', [6, 28, 28], undefined, [28, 28]],
  ['S2', [6, 14, 14], undefined, [14, 14]],
  ['C3', [16, 10, 10], [16, 6, 5, 5], [10, 10]],
  ['activation2', [16, 10, 10], undefined, [10, 10]],
  ['S4', [16, 5, 5], undefined, [5, 5]],
  ['flatten', [400], undefined, undefined],
  ['F5', [120], undefined, undefined],
  ['F6', [84], undefined, undefined],
  ['output', [10], undefined, undefined],
];

describe('cnn-studio explain', () => {
  it('writes every node’s maps, the filters, Grad-CAM and prediction.json for a real digit', { timeout: 120_000 }, async () => {
    const out = path.join(dir, 'explained');
    const r = await cli(['explain', 'lenet5', '--weights', weights, '--image', digit, '--out', out, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out);
    expect(summary.randomWeights).toBe(false);
    const prediction = JSON.parse(readFileSync(path.join(out, 'prediction.json'), 'utf8'));
    expect(prediction.classNames).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(prediction.probabilities).toHaveLength(10);
    expect(prediction.probabilities.reduce((a: number, b: number) => a + b, 0)).toBeCloseTo(1, 5);
    expect(prediction.predicted.index).toBe(prediction.probabilities.indexOf(Math.max(...prediction.probabilities)));
    expect(prediction.gradCamClass).toEqual(prediction.predicted);
    expect(prediction.defaultCamNode).toBe('S4');
    expect(prediction.nodes.map((n: { nodeId: string }) => n.nodeId)).toEqual(lenetNodes.map(([id]) => id));
    // The output node's activation is the probabilities.
    expect(Array.from(npyOf(path.join(out, 'activations', 'output.npy')).data)).toEqual(prediction.probabilities.map((p: number) => Math.fround(p)));
    expect(readdirSync(path.join(out, 'activations')).sort()).toEqual(lenetNodes.flatMap(([id]) => [`${id}.npy`, `${id}.png`]).sort());
    expect(readdirSync(path.join(out, 'filters')).sort()).toEqual(['C1.npy', 'C1.png', 'C3.npy', 'C3.png']);
    for (const [id, shape, filters, cam] of lenetNodes) {
      const a = npyOf(path.join(out, 'activations', `${id}.npy`));
      expect(a.header, id).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \([^)]*\), \}\s*\n$/);
      expect(a.shape, id).toEqual(shape);
      const hwc = shape.length === 3 ? [shape[1], shape[2], shape[0]] : shape;
      const g = mapGridSize(hwc.length === 3 ? hwc : [Math.ceil(hwc[0] / 16), Math.min(16, hwc[0]), 1]);
      expect(await pngSize(path.join(out, 'activations', `${id}.png`)), id).toEqual([g.width, g.height]);
      if (filters) {
        const f = npyOf(path.join(out, 'filters', `${id}.npy`));
        expect(f.shape).toEqual(filters);
        const s = filterGridSize(filters);
        expect(await pngSize(path.join(out, 'filters', `${id}.png`))).toEqual([s.width, s.height]);
      }
      if (cam) {
        const c = npyOf(path.join(out, 'gradcam', `${id}.npy`));
        expect(c.shape, id).toEqual(cam);
        const max = Math.max(...c.data);
        expect(max === 1 || max === 0, id).toBe(true);
        expect(Math.min(...c.data)).toBeGreaterThanOrEqual(0);
        const o = overlaySize(28, 28);
        expect(await pngSize(path.join(out, 'gradcam', `${id}.png`))).toEqual([o.width, o.height]);
      } else expect(prediction.nodes.find((n: { nodeId: string }) => n.nodeId === id).gradcam).toBeUndefined();
    }
    // The input map is the digit scaled as in training (pixel / 255, no normalisation for MNIST).
    const input = npyOf(path.join(out, 'activations', 'input.npy'));
    expect(Array.from(input.data)).toEqual(Array.from(digitPixels, (v) => Math.fround(v / 255)));
    // The prediction is the Output node's own map, and after one epoch (unseeded initial weights) not flat: a
    // dead or untrained-looking network gives max − min ≈ 0 (how confident one short run gets varies, 0.18–0.9).
    const output = npyOf(path.join(out, 'activations', 'output.npy'));
    prediction.probabilities.forEach((p: number, k: number) => expect(p).toBeCloseTo(output.data[k], 6));
    expect(Math.max(...prediction.probabilities) - Math.min(...prediction.probabilities)).toBeGreaterThan(0.05);
    expect(digitLabel).toBeGreaterThanOrEqual(0);
  });

  it('--class picks the class Grad-CAM explains; an RGB image of another size is fitted as in training', { timeout: 60_000 }, async () => {
    const rgb = path.join(dir, 'rgb.jpg');
    writeFileSync(rgb, await sharp({ create: { width: 40, height: 30, channels: 3, background: { r: 200, g: 10, b: 90 } } }).jpeg().toBuffer());
    const out = path.join(dir, 'rgb-out');
    const r = await cli(['explain', 'lenet5', '--weights', weights, '--image', rgb, '--out', out, '--class', '7']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Predicted \d \(/);
    const prediction = JSON.parse(readFileSync(path.join(out, 'prediction.json'), 'utf8'));
    expect(prediction.gradCamClass).toEqual({ index: 7, name: '7' });
    expect(npyOf(path.join(out, 'activations', 'input.npy')).shape).toEqual([1, 28, 28]);
  });

  it('without weights: explains the initial weights and says the filters are still random', { timeout: 60_000 }, async () => {
    const out = path.join(dir, 'random');
    const r = await cli(['explain', 'lenet5', '--image', digit, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/no trained weights .*filters are still random/);
    expect(npyOf(path.join(out, 'filters', 'C1.npy')).shape).toEqual([6, 1, 5, 5]);
  });

  // [case, extra args, exit code, stderr pattern]
  const refusals: [string, (d: string) => string[], number, RegExp][] = [
    ['a text file as --image', (d) => ['--image', path.join(d, 'notes.txt')], 2, /is not an image this can read: Not a PNG, JPEG/],
    ['a missing --image', (d) => ['--image', path.join(d, 'nope.png')], 2, /no such file/],
    ['an unknown --class', () => ['--image', digit, '--class', 'cat'], 2, /--class "cat" is not one of the classes: 0, 1, 2/],
    ['an unknown option', () => ['--image', digit, '--colour', 'red'], 2, /colour/],
    ['a --weights folder without weights', (d) => ['--image', digit, '--weights', path.join(d, 'empty')], 1, /cannot use the weights in .*empty: No trained weights/],
    ['no --out', () => ['--image', digit], 2, /--out/],
  ];
  for (const [name, args, code, message] of refusals)
    it(`refuses ${name} (exit ${code})`, async () => {
      writeFileSync(path.join(dir, 'notes.txt'), 'hello, not an image\n');
      const r = await cli(['explain', 'lenet5', ...args(dir), ...(name === 'no --out' ? [] : ['--out', path.join(dir, 'refused')])]);
      expect(r.code).toBe(code);
      expect(r.err).toMatch(message);
    });

  it('refuses weights trained for another network (exit 1)', async () => {
    const r = await cli(['explain', 'pattern', '--image', digit, '--weights', weights, '--out', path.join(dir, 'stale')]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/cannot use the weights/);
  });

  it('names files safely from node ids', () => {
    expect([...nodeFileNames(['C1', 'a/b', 'a_b', '.x', 'c1']).values()]).toEqual(['C1', 'a_b', 'a_b_2', 'n.x', 'c1_2']);
  });

  it('places inner nodes in their block’s folder, named safely and uniquely there', () => {
    const paths = nodeFilePaths(['res 1', 'res 1/conv1', 'res 1/Conv1', 'res 1/in', 'res 1/in/x', 'res_1', 'res_1/conv1']);
    expect([...paths.values()]).toEqual(['res_1', 'res_1/conv1', 'res_1/Conv1_2', 'res_1/in', 'res_1/in/x', 'res_1_2', 'res_1_2/conv1']);
  });

  // The template's stages are blocks ×3 whose repeats are ResidualBlocks: stage2/repeat_1/conv1, two folders deep.
  it('ResNet-20 (a template name): every residual block’s inner layers in its own folders, listed in prediction.json', { timeout: 240_000 }, async () => {
    const out = path.join(dir, 'resnet20');
    const r = await cli(['explain', 'resnet20', '--image', digit, '--out', out, '--json']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/no trained weights .*filters are still random/);
    const prediction = JSON.parse(readFileSync(path.join(out, 'prediction.json'), 'utf8'));
    type Entry = { nodeId: string; block?: string; name: string; type: string; shape: number[]; activation: string; filters?: string; gradcam?: string };
    const nodes = prediction.nodes as Entry[];
    expect(nodes.filter((n) => n.block).length).toBe(9 + 7 * 7 + 2 * 9);
    expect(readdirSync(path.join(out, 'activations', 'stage1', 'repeat_1')).sort()).toEqual(['add', 'conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn', 'relu'].flatMap((id) => [`${id}.npy`, `${id}.png`]).sort());
    // [path, activation [C, H, W], filters [K, C, F, F] (conv), Grad-CAM [H, W]]
    const inner: [string, number[], number[] | undefined, number[]][] = [
      ['stage1/repeat_1/conv1', [16, 32, 32], [16, 16, 3, 3], [32, 32]],
      ['stage2/repeat_1/conv1', [32, 16, 16], [32, 16, 3, 3], [16, 16]],
      ['stage2/repeat_1/shortcut', [32, 16, 16], [32, 16, 1, 1], [16, 16]],
      ['stage3/repeat_1/add', [64, 8, 8], undefined, [8, 8]],
      ['stage3/repeat_3/relu', [64, 8, 8], undefined, [8, 8]],
    ];
    for (const [p, act, filters, cam] of inner) {
      const entry = nodes.find((n) => n.nodeId === p)!;
      expect(entry, p).toMatchObject({ block: p.split('/')[0], name: p.split('/').join(' › '), activation: `activations/${p}.npy`, gradcam: `gradcam/${p}.npy` });
      expect(npyOf(path.join(out, entry.activation)).shape, p).toEqual(act);
      const g = mapGridSize([act[1], act[2], act[0]]);
      expect(await pngSize(path.join(out, 'activations', `${p}.png`)), p).toEqual([g.width, g.height]);
      expect(npyOf(path.join(out, entry.gradcam!)).shape, p).toEqual(cam);
      expect(await pngSize(path.join(out, 'gradcam', `${p}.png`))).toEqual([overlaySize(32, 32).width, overlaySize(32, 32).height]);
      if (filters) {
        expect(entry.filters).toBe(`filters/${p}.npy`);
        expect(npyOf(path.join(out, entry.filters!)).shape, p).toEqual(filters);
        const s = filterGridSize(filters);
        expect(await pngSize(path.join(out, 'filters', `${p}.png`))).toEqual([s.width, s.height]);
      } else expect(entry.filters).toBeUndefined();
    }
    // A block's own map is its exit's (a stage's: its last repeat's last ReLU).
    const block = npyOf(path.join(out, 'activations', 'stage3.npy'));
    expect(Array.from(block.data)).toEqual(Array.from(npyOf(path.join(out, 'activations', 'stage3', 'repeat_3', 'relu.npy')).data));
  });
});
