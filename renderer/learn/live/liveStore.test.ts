// The live store keeps one snapshot per epoch (epoch 0 starts a run over) and the latest frame, and a probe the
// worker chose becomes Learn's image when Learn had none that fits.
import { beforeEach, describe, expect, it } from 'vitest';
import type { LiveFrame } from '../../../src/learn/liveViews';
import { useLearn } from '../learnStore';
import { liveActions, onLiveMessage, useLive } from './liveStore';

const frame = (steps: number, epoch: number): LiveFrame => ({ steps, epoch, probs: new Float32Array(10), activations: [], filters: {} });

describe('live store', () => {
  beforeEach(() => {
    liveActions.start(undefined, 'h');
    useLearn.setState({ image: undefined });
  });

  it('keeps a snapshot per epoch and the latest frame', () => {
    const steps: [kind: 'frame' | 'snapshot', steps: number, epoch: number, snapshots: number[], latest: number][] = [
      ['snapshot', 0, 0, [0], 0],
      ['frame', 13, 1, [0], 13],
      ['snapshot', 50, 1, [0, 50], 50],
      ['frame', 63, 2, [0, 50], 63],
      ['snapshot', 100, 2, [0, 50, 100], 100],
      ['snapshot', 0, 0, [0], 0], // the run restarted on the next backend
    ];
    for (const [kind, s, e, snapshots, latest] of steps) {
      onLiveMessage(kind === 'frame' ? { type: 'liveFrame', frame: frame(s, e) } : { type: 'liveSnapshot', epoch: e, frame: frame(s, e) });
      expect(useLive.getState().snapshots.map((f) => f.steps)).toEqual(snapshots);
      expect(useLive.getState().latest?.steps).toBe(latest);
    }
  });

  it("shows the worker's probe in Learn when Learn has no image", () => {
    const pixels = new Uint8Array(784).fill(7);
    onLiveMessage({ type: 'liveProbe', pixels, height: 28, width: 28, channels: 1, index: 1234, label: '3' });
    expect(useLive.getState().probe?.pixels).toBe(pixels);
    expect(useLearn.getState().image?.pixels).toBe(pixels);
    expect(useLearn.getState().image?.source).toEqual({ kind: 'dataset', index: 1234, label: '3' });
  });

  it('keeps an image Learn already shows', () => {
    const mine = { pixels: new Uint8Array(784), height: 28, width: 28, channels: 1, source: { kind: 'drawn' as const } };
    useLearn.setState({ image: mine });
    onLiveMessage({ type: 'liveProbe', pixels: new Uint8Array(784).fill(1), height: 28, width: 28, channels: 1, index: 0 });
    expect(useLearn.getState().image).toBe(mine);
  });
});
