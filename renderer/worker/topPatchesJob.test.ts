// The worker's top-patches job: refused in words until there is a finished run of this graph with a
// validation split; otherwise the core's result over the run's first `limit` validation images, cropped from
// the dataset's own pixels, and 'patchImage' returns a whole sample with its label.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import type { InMemoryDataset, TrainingDataset } from '../../src/data/dataset';
import { lenet5 } from '../../src/templates/lenet5';
import { buildTfModelWithAnalysis } from '../../src/train/buildTfModel';
import { graphHash } from '../../src/train/graphHash';
import { cropPatch } from '../../src/learn/topPatches';
import { rng, seedWeights, squareImage } from '../../src/learn/testNets';
import { patchImage, topPatchesJob, type TopPatchesState } from './topPatchesJob';

const graph = lenet5().graph;
const N = 40;
let ds: InMemoryDataset;
let model: tf.LayersModel;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const rand = rng(3);
  const images = new Uint8Array(N * 784);
  for (let i = 0; i < N; i++) images.set(Array.from(squareImage(rand, i % 2).x, (v) => Math.round(v * 255)), i * 784);
  ds = { images, labels: Uint8Array.from({ length: N }, (_, i) => i % 2), n: N, height: 28, width: 28, channels: 1, classNames: ['left', 'right'] } as InMemoryDataset;
  model = buildTfModelWithAnalysis(graph, tf).model;
  seedWeights(tf, model, 2);
});

/** The in-memory reader, as the worker's samplePixels reads an in-memory dataset. */
const read = async (d: TrainingDataset, idx: readonly number[]) => {
  const images = (d as InMemoryDataset).images;
  const out = new Uint8Array(idx.length * 784);
  idx.forEach((s, i) => out.set(images.subarray(s * 784, (s + 1) * 784), i * 784));
  return out;
};
const validation = (indices: number[]) => ({ indices, predicted: new Int32Array(indices.length), confidence: new Float32Array(indices.length) });
const ask = (over: Partial<{ k: number; limit: number; nodeId: string }> = {}) => ({ type: 'topPatches' as const, id: 1, graph, nodeId: 'C3', ...over });

describe('topPatchesJob', () => {
  const ready = (): TopPatchesState => ({ model, modelHash: graphHash(graph), training: false, trainedOn: { dataset: ds, validation: validation([30, 31, 32, 33, 34, 35, 36, 37, 38, 39]) } });
  for (const [why, state, message] of [
    ['training is running', () => ({ ...ready(), training: true }), /Training is running/],
    ['no run yet', () => ({ training: false }), /train the model first/],
    ['weights loaded (no run)', () => ({ ...ready(), trainedOn: undefined }), /train the model first/],
    ['the graph changed', () => ({ ...ready(), modelHash: 'other' }), /network changed since it was trained/],
    ['no validation split', () => ({ ...ready(), trainedOn: { dataset: ds, validation: validation([]) } }), /validation split/],
  ] as [string, () => TopPatchesState, RegExp][])
    it(`refuses when ${why}`, async () => {
      await expect(topPatchesJob(tf, state(), read, ask())).rejects.toThrow(message);
    });

  it("searches the run's first `limit` validation images and crops them from the dataset's pixels", async () => {
    const r = await topPatchesJob(tf, ready(), read, ask({ k: 3, limit: 6 }));
    expect([r.images, r.validationImages, r.channels.length]).toEqual([6, 10, 16]);
    for (const ch of r.channels)
      for (const p of ch.patches) {
        expect(p.sample).toBeGreaterThanOrEqual(30);
        expect(p.sample).toBeLessThan(36);
        expect(p.pixels).toEqual(cropPatch(ds.images.subarray(p.sample * 784, (p.sample + 1) * 784), 28, 28, 1, p.box).pixels);
        expect([p.height, p.width]).toEqual([14, 14]);
      }
  });

  it('patchImage: one whole sample with its label, or why not', async () => {
    const img = await patchImage(ready(), read, 33);
    expect([img.sample, img.height, img.width, img.channels, img.label]).toEqual([33, 28, 28, 1, 'right']);
    expect(img.pixels).toEqual(ds.images.subarray(33 * 784, 34 * 784));
    await expect(patchImage(ready(), read, N)).rejects.toThrow(/not in the dataset/);
    await expect(patchImage({ training: false }, read, 1)).rejects.toThrow(/train again/);
  });
});
