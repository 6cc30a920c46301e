// Ten start/stop training cycles with the real trainer leave tfjs tensors and the JS heap flat: every
// model, optimizer slot, batch and best-weights snapshot is disposed, whether training ends or is stopped.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../../node/data/ensureMnist';
import { takeFirst } from '../../src/data/mnist';
import type { InMemoryDataset } from '../../src/data/dataset';
import { registerFastKernels } from '../../src/kernels/index';
import { collectGarbage, memorySample, tinyConvNet, trainingCycle, type CycleOptions } from './trainingCycle';

const CYCLES = 10;
/** Heap may wobble with JIT code and tfjs' kernel caches; a leak of one dataset or model per cycle would exceed this. */
const MAX_HEAP_GROWTH_MB = 16;

let ds: InMemoryDataset;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  ds = takeFirst(await loadMnist(), 200);
});

describe('start/stop training cycles', () => {
  it.each<[string, CycleOptions]>([
    ['stopped mid-epoch, fresh model each time', { stopAfterBatches: 3, epochs: 5 }],
    ['run to the end (validation + best-weights snapshot), fresh model each time', { epochs: 1 }],
  ])(`${CYCLES} cycles %s leave tensors and heap flat`, async (_n, opts) => {
    await trainingCycle(tf, ds, opts); // warm-up: kernels compile, caches fill
    await collectGarbage();
    const t0 = performance.now();
    const before = memorySample(tf, t0);
    const statuses = new Set<string>();
    for (let i = 0; i < CYCLES; i++) {
      const r = await trainingCycle(tf, ds, opts);
      statuses.add(r.status);
      expect(tf.memory().numTensors, `after cycle ${i + 1}`).toBe(before.numTensors);
    }
    await collectGarbage();
    const after = memorySample(tf, t0);
    console.log(`cycles (${_n}): tensors ${before.numTensors} → ${after.numTensors}, heap ${before.heapMB.toFixed(1)} → ${after.heapMB.toFixed(1)} MB, rss ${before.rssMB.toFixed(0)} → ${after.rssMB.toFixed(0)} MB, ${after.seconds.toFixed(1)} s`);
    expect(after.numTensors).toBe(before.numTensors);
    expect(after.heapMB - before.heapMB).toBeLessThan(MAX_HEAP_GROWTH_MB);
    expect([...statuses]).toEqual([opts.stopAfterBatches ? 'stopped' : 'completed']);
  });

  it('continuing one model over cycles adds no tensors beyond its own weights', async () => {
    const model = tinyConvNet(tf, ds);
    await trainingCycle(tf, ds, { model, stopAfterBatches: 2 });
    const before = tf.memory().numTensors;
    for (let i = 0; i < CYCLES; i++) await trainingCycle(tf, ds, { model, stopAfterBatches: 2 });
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
