// Top patches per channel on LeNet-5 trained briefly on real digits: the k chosen per channel equal a brute-force
// ranking of every image's per-channel map maximum read from layerActivations (one image at a time, not
// the batched cut model), whatever the batch size; the crops have the lecture's field sizes (C1 5×5, C3 14×14)
// and border crops are padded, not stretched.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import type { InMemoryDataset } from '../data/dataset';
import { lenet5 } from '../templates/lenet5';
import { buildTfModelWithAnalysis, type BuiltModel } from '../train/buildTfModel';
import { resnet20 } from '../templates/resnet';
import { expandedGraph } from './blockInsides';
import { receptiveFieldBox } from './receptiveField';
import { layerActivations } from './activations';
import { cropPatch, cropTopPatches, patchBox, sampleSource, topPatches, type InputSource } from './topPatches';
import { sampleInput, trainedLenet5 } from './testNets';

let mnist: InMemoryDataset;
let built: BuiltModel;
const graph = lenet5().graph;
/** Digits the fixture did not train on (it used the first 256). */
const VALIDATION = Array.from({ length: 150 }, (_, i) => 1000 + i);
const SIZE = 28 * 28;

beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = await loadMnist();
  built = await trainedLenet5(tf, mnist, graph);
}, 120_000);

const readMnist = async (indices: readonly number[]) => {
  const out = new Uint8Array(indices.length * SIZE);
  indices.forEach((s, i) => out.set(mnist.images.subarray(s * SIZE, (s + 1) * SIZE), i * SIZE));
  return out;
};
const source = (indices: readonly number[]): InputSource => sampleSource(indices, readMnist, 1, mnist.normalization);

/** Every image's per-channel max and its first position, one layerActivations call per image; then a stable sort. */
async function bruteForce(nodeId: string, indices: readonly number[], k: number) {
  const perChannel: { sample: number; value: number; y: number; x: number }[][] = [];
  for (const sample of indices) {
    const act = (await layerActivations(tf, graph, built.model, sampleInput(mnist, sample))).find((a) => a.nodeId === nodeId)!;
    const [, W, C] = act.shape;
    for (let c = 0; c < C; c++) {
      let at = 0;
      for (let p = 1; p < act.data.length / C; p++) if (act.data[p * C + c] > act.data[at * C + c]) at = p;
      (perChannel[c] ??= []).push({ sample, value: act.data[at * C + c], y: Math.floor(at / W), x: at % W });
    }
  }
  return perChannel.map((list) => [...list].sort((a, b) => b.value - a.value).slice(0, k));
}

describe('topPatches (LeNet-5, real digits)', () => {
  for (const [nodeId, channels, field] of [
    ['C1', 6, 5],
    ['C3', 16, 14],
  ] as const)
    it(`${nodeId}: the 9 per channel equal a brute-force ranking; strongest first; ${field}×${field} fields`, { timeout: 60_000 }, async () => {
      const got = await topPatches(tf, graph, built.model, source(VALIDATION), nodeId, { k: 9, batch: 64 });
      const want = await bruteForce(nodeId, VALIDATION, 9);
      expect(got.images).toBe(VALIDATION.length);
      expect(got.channels.length).toBe(channels);
      got.channels.forEach((ch, c) => {
        expect(ch.patches.map((p) => p.sample), `channel ${c}`).toEqual(want[c].map((p) => p.sample));
        expect(ch.patches.map((p) => [p.y, p.x]), `channel ${c}`).toEqual(want[c].map((p) => [p.y, p.x]));
        ch.patches.forEach((p, i) => expect(Math.abs(p.value - want[c][i].value)).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(p.value))));
        for (let i = 1; i < ch.patches.length; i++) expect(ch.patches[i].value).toBeLessThanOrEqual(ch.patches[i - 1].value);
        for (const p of ch.patches) {
          const { box } = p;
          expect(box.bottom - box.top + 1 + box.pad.top + box.pad.bottom).toBe(field);
          expect(box.right - box.left + 1 + box.pad.left + box.pad.right).toBe(field);
          const crop = cropPatch(mnist.images.subarray(p.sample * SIZE, (p.sample + 1) * SIZE), 28, 28, 1, box);
          expect([crop.height, crop.width, crop.channels]).toEqual([field, field, 1]);
        }
      });
    });

  it('a batch size that does not divide the set, or one batch of all, gives the same result', { timeout: 60_000 }, async () => {
    const ref = await topPatches(tf, graph, built.model, source(VALIDATION), 'C3', { batch: 64 });
    for (const batch of [37, 1, 1000]) expect(await topPatches(tf, graph, built.model, source(VALIDATION), 'C3', { batch }), `batch ${batch}`).toEqual(ref);
  });

  it('k larger than the set returns the whole set once per channel', async () => {
    const few = VALIDATION.slice(0, 5);
    const got = await topPatches(tf, graph, built.model, source(few), 'C1', { k: 9, batch: 2 });
    expect(got.images).toBe(5);
    for (const ch of got.channels) expect(ch.patches.map((p) => p.sample).sort()).toEqual([...few].sort());
  });

  it('leaks no tensors across calls', async () => {
    const few = VALIDATION.slice(0, 20);
    await topPatches(tf, graph, built.model, source(few), 'C3', { batch: 8 });
    const before = tf.memory().numTensors;
    await topPatches(tf, graph, built.model, source(few), 'C3', { batch: 8 });
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a node without feature maps, and a batch of the wrong size', async () => {
    await expect(topPatches(tf, graph, built.model, source(VALIDATION.slice(0, 2)), 'F5')).rejects.toThrow(/feature maps/);
    const bad: InputSource = async function* () {
      yield { indices: [0, 1], data: new Float32Array(SIZE) };
    };
    await expect(topPatches(tf, graph, built.model, bad, 'C1')).rejects.toThrow(/28×28×1/);
  });
});

describe('patchBox and cropPatch', () => {
  // Field of C1 (5×5, pad 2): rows y − 2 … y + 2; of C3 (14×14, jump 2): rows 2y − 2 … 2y + 11.
  for (const [nodeId, y, x, box, pad] of [
    ['C1', 14, 14, { top: 12, left: 12, bottom: 16, right: 16 }, { top: 0, left: 0, bottom: 0, right: 0 }],
    ['C1', 0, 0, { top: 0, left: 0, bottom: 2, right: 2 }, { top: 2, left: 2, bottom: 0, right: 0 }],
    ['C1', 27, 1, { top: 25, left: 0, bottom: 27, right: 3 }, { top: 0, left: 1, bottom: 2, right: 0 }],
    ['C3', 4, 4, { top: 6, left: 6, bottom: 19, right: 19 }, { top: 0, left: 0, bottom: 0, right: 0 }],
    ['C3', 0, 9, { top: 0, left: 16, bottom: 11, right: 27 }, { top: 2, left: 0, bottom: 0, right: 2 }],
  ] as const)
    it(`${nodeId} (${y}, ${x}): rows ${box.top}…${box.bottom}, cols ${box.left}…${box.right}, padded ${JSON.stringify(pad)}`, () => {
      expect(patchBox(graph, nodeId, y, x)).toEqual({ ...box, pad });
    });

  it("crops a real digit's pixels into place, the margins filled", () => {
    const digit = mnist.images.subarray(7 * SIZE, 8 * SIZE);
    const box = patchBox(graph, 'C3', 0, 9); // rows −2 … 11, cols 16 … 29
    const crop = cropPatch(digit, 28, 28, 1, box, 99);
    expect([crop.height, crop.width]).toEqual([14, 14]);
    for (let r = 0; r < 14; r++)
      for (let c = 0; c < 14; c++) {
        const [ir, ic] = [r - 2, 16 + c];
        expect(crop.pixels[r * 14 + c]).toBe(ir >= 0 && ic <= 27 ? digit[ir * 28 + ic] : 99);
      }
  });

  it('keeps every channel of an RGB image', () => {
    const rgb = Uint8Array.from({ length: 4 * 4 * 3 }, (_, i) => i);
    const crop = cropPatch(rgb, 4, 4, 3, { top: 1, left: 2, bottom: 2, right: 3, pad: { top: 0, left: 0, bottom: 1, right: 1 } });
    expect([crop.height, crop.width, crop.channels]).toEqual([3, 3, 3]);
    // Row 0 of the crop = image row 1, cols 2..3, then one padded pixel.
    expect(Array.from(crop.pixels.subarray(0, 9))).toEqual([18, 19, 20, 21, 22, 23, 0, 0, 0]);
    expect(Array.from(crop.pixels.subarray(18))).toEqual(Array(9).fill(0));
  });
});

describe('cropTopPatches', () => {
  it("gives every patch its crop of the sample's own pixels, reading each sample once", async () => {
    const got = await topPatches(tf, graph, built.model, source(VALIDATION.slice(0, 30)), 'C3', { k: 3 });
    const reads: number[][] = [];
    const cropped = await cropTopPatches(got, async (idx) => (reads.push([...idx]), readMnist(idx)), [28, 28, 1]);
    expect(reads.length).toBe(1);
    expect(new Set(reads[0]).size).toBe(reads[0].length);
    cropped.channels.forEach((ch, c) =>
      ch.patches.forEach((p, i) => {
        expect(p).toMatchObject(got.channels[c].patches[i]);
        expect(p.pixels).toEqual(cropPatch(mnist.images.subarray(p.sample * SIZE, (p.sample + 1) * SIZE), 28, 28, 1, p.box).pixels);
      }),
    );
  });
});

describe('topPatches inside a composite block (ResNet-20, random weights)', () => {
  it('an inner conv: the strongest per channel equal its own maps, fields through the blocks before it', { timeout: 120_000 }, async () => {
    const g = resnet20().graph;
    const m = buildTfModelWithAnalysis(g, tf).model;
    const n = 6;
    const px = 32 * 32 * 3;
    const pixels = Uint8Array.from({ length: n * px }, (_, i) => (i * 2654435761) % 251);
    const read = async (idx: readonly number[]) => {
      const out = new Uint8Array(idx.length * px);
      idx.forEach((s, i) => out.set(pixels.subarray(s * px, (s + 1) * px), i * px));
      return out;
    };
    const indices = Array.from({ length: n }, (_, i) => i);
    const path = 'stage2/repeat_1/conv1';
    const got = await topPatches(tf, g, m, sampleSource(indices, read, 3, undefined), path, { k: 3, batch: 4 });
    expect(got.channels).toHaveLength(32);
    const maxOf = async (s: number) => {
      const x = Float32Array.from(pixels.subarray(s * px, (s + 1) * px), (v) => v / 255);
      const act = (await layerActivations(tf, g, m, x, { inside: true })).find((a) => a.nodeId === path)!;
      return Array.from({ length: 32 }, (_, c) => Math.max(...Array.from({ length: act.data.length / 32 }, (_, p) => act.data[p * 32 + c])));
    };
    const maxima = await Promise.all(indices.map(maxOf));
    const fields = expandedGraph(g);
    got.channels.forEach((ch, c) => {
      const want = maxima.map((v) => v[c]).sort((a, b) => b - a).slice(0, 3);
      ch.patches.forEach((p, i) => {
        expect(p.value).toBeCloseTo(want[i], 4);
        const box = receptiveFieldBox(fields.graph, fields.analysis, path, p.y, p.x);
        expect([p.box.top, p.box.left, p.box.bottom, p.box.right]).toEqual([box.top, box.left, box.bottom, box.right]);
        expect(p.box.bottom - p.box.top + 1 + p.box.pad.top + p.box.pad.bottom).toBe(17); // the 17×17 field, clipped + padded
      });
    });
    m.dispose();
  });
});
