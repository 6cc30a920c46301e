import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import type { InMemoryDataset } from '../data/dataset';
import { makeBatch } from './batches';

// Two 1×1 RGB samples: (0, 255, 51) label 0 and (255, 255, 153) label 1.
const ds: InMemoryDataset = { images: Uint8Array.from([0, 255, 51, 255, 255, 153]), labels: Uint8Array.from([0, 1]), n: 2, height: 1, width: 1, channels: 3, classNames: ['a', 'b'] };

describe('makeBatch', () => {
  it.each([
    ['pixel/255 by default', undefined, [0, 1, 0.2, 1, 1, 0.6]],
    ['the identity normalisation changes nothing', { mean: [0, 0, 0], std: [1, 1, 1] }, [0, 1, 0.2, 1, 1, 0.6]],
    ['symmetric: −1..1', { mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] }, [-1, 1, -0.6, 1, 1, 0.2]],
    ['per channel mean/std', { mean: [0.5, 1, 0.4], std: [0.5, 1, 0.2] }, [-1, 0, -1, 1, 0, 1]],
  ])('%s', (_name, normalization, want) => {
    const b = makeBatch(tf, { ...ds, normalization }, [0, 1]);
    expect(b.x.shape).toEqual([2, 1, 1, 3]);
    expect([...b.x.dataSync()].map((v) => +v.toFixed(5))).toEqual(want);
    expect([...b.y.dataSync()]).toEqual([1, 0, 0, 1]);
    tf.dispose([b.x, b.y]);
  });
});
