// Live views while training: the interval rule (table), and LeNet-5 trained on real digits with the views on
// gives exactly the per-batch losses it gives with them off (same seed), with live frames at the scheduled
// steps and one snapshot per epoch. A virtual clock (a step "costs" 20 ms, a view 2 ms) makes the schedule exact.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../kernels/index';
import { loadMnist } from '../../node/data/ensureMnist';
import { takeFirst } from '../data/mnist';
import type { InMemoryDataset } from '../data/dataset';
import { lenet5 } from '../templates/lenet5';
import { buildTfModelWithAnalysis } from '../train/buildTfModel';
import { train } from '../train/trainer';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { LiveSchedule, liveInterval, liveViews, type LiveFrame } from './liveViews';
import { sampleInput, seedWeights } from './testNets';

let mnist: InMemoryDataset;
const graph = lenet5().graph;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  mnist = await loadMnist();
}, 120_000);

describe('liveInterval: N = ceil(viewMs / (0.05·stepMs − viewMs/B))', () => {
  const cases: [viewMs: number, stepMs: number, batchesPerEpoch: number, n: number][] = [
    [10, 20, 1e12, 10], // the ceil(viewMs / (0.05·stepMs)) for long epochs
    [10, 20, 100, 12], // 10 / (1 − 0.1) = 11.1
    [1, 100, 1000, 1], // cheap views: every step
    [0, 20, 10, 1], // at least 1
    [10, 20, 5, Infinity], // the snapshots alone use the budget
    [15, 20, 1563, 16], // LeNet-5-like: 15 ms views, 20 ms steps, 50,000 / 32 batches
  ];
  for (const [v, s, b, n] of cases) it(`view ${v} ms, step ${s} ms, ${b} steps an epoch → ${n}`, () => expect(liveInterval(v, s, b)).toBe(n));

  it('keeps running estimates, the UI minimum interval and the budget of the time so far', () => {
    const s = new LiveSchedule(1e12, 250);
    s.start(0);
    expect(s.due(100, 1000)).toBe(false); // nothing measured yet
    s.noteView(10);
    s.noteStep(20);
    expect(s.interval).toBe(10);
    s.taken(0, 0);
    expect(s.due(10, 100)).toBe(false); // 10 steps, but only 100 ms since the last frame
    expect(s.due(10, 300)).toBe(false); // 10 + 10 ms of views in 310 ms is over 5%
    expect(s.due(10, 390)).toBe(true); // 20 ms in 400 ms: 5%
    expect(s.due(9, 390)).toBe(false);
    s.noteStep(40); // steps got slower: 20 + 0.3·(40 − 20) = 26 ms → ceil(10 / 1.3) = 8
    expect(s.interval).toBe(8);
  });
});

describe('live views while training LeNet-5 (real digits)', () => {
  const settings = { epochs: 2, batchSize: 32, learningRate: 0.003, optimizer: 'adam' as const, validationSplit: 0.2, seed: 3 };
  const data = () => takeFirst(mnist, 320); // 256 train (8 batches an epoch), 64 validation
  const freshModel = () => {
    const built = buildTfModelWithAnalysis(graph, tf, analyzeGraph(graph));
    seedWeights(tf, built.model, 5);
    return built.model;
  };

  it('gives the same loss curve on and off, frames at the scheduled steps and a snapshot per epoch', async () => {
    const off: number[] = [];
    const m0 = freshModel();
    await train({ tf, model: m0, dataset: data(), settings, callbacks: { onBatch: (b) => off.push(b.loss) } });
    m0.dispose();

    let clock = 0;
    const on: number[] = [];
    const frames: LiveFrame[] = [];
    const snapshots: [number, LiveFrame][] = [];
    const model = freshModel();
    const views = liveViews({
      tf,
      graph,
      model,
      request: { input: sampleInput(mnist, 300), filters: ['C1', 'C3'] },
      minIntervalMs: 0,
      now: () => clock,
      onFrame: (f) => {
        frames.push(f);
        clock += 2;
      },
      onSnapshot: (e, f) => {
        snapshots.push([e, f]);
        clock += 2;
      },
    });
    await views.begin();
    const result = await train({
      tf,
      model,
      dataset: data(),
      settings,
      callbacks: {
        onBatch: (b) => {
          on.push(b.loss);
          clock += 20;
        },
        onStart: (s) => views.plan(s.batchesPerEpoch),
        afterStep: (step, epoch) => views.afterStep(step, epoch),
      },
    });
    expect(result.status).toBe('completed');
    expect(on).toHaveLength(16);
    expect(on).toEqual(off);

    // view 2 ms, step 20 ms, 8 steps an epoch: N = ceil(2 / (1 − 2/8)) = 3, counted from the last frame; and
    // the views so far within 5% of the time since the start: the epoch-0 frame (2 ms) holds the first live one
    // back from step 3 to step 5 (4 ms of views in 84 ms), then 11 (8 in 208) and 14 (10 in 270).
    expect(views.schedule.interval).toBe(3);
    expect(frames.map((f) => f.steps)).toEqual([5, 11, 14]);
    expect(frames.map((f) => f.epoch)).toEqual([1, 2, 2]);
    expect(views.schedule.spentMs / clock).toBeLessThanOrEqual(0.05 + 2 / clock); // at most one snapshot over
    expect(snapshots.map(([e, f]) => [e, f.steps])).toEqual([
      [0, 0],
      [1, 8],
      [2, 16],
    ]);

    const [, first] = snapshots[0];
    const [, last] = snapshots[2];
    expect(first.activations.map((a) => a.nodeId)).toEqual(analyzeGraph(graph).order);
    expect(first.filters.C1.shape).toEqual([6, 1, 5, 5]);
    expect(first.filters.C3.shape).toEqual([16, 6, 5, 5]);
    expect(first.cam?.nodeId).toBe('S4');
    expect(last.probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 4);
    // The filters move with training, and the probe digit's own class gets more probable.
    expect(Array.from(last.filters.C1.data)).not.toEqual(Array.from(first.filters.C1.data));
    const label = mnist.labels[300];
    expect(last.probs[label]).toBeGreaterThan(first.probs[label]);
    model.dispose();
  }, 180_000);
});
