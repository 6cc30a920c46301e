// The live views' state (issue #15 item 6): the probe image of the current (or last) run, the frame the worker
// sent last, one snapshot per epoch (index = epoch, 0 = before the first step) and the epoch the scrubber
// shows. View state, not document state: nothing here is undone or saved.
import { create } from 'zustand';
import type { LiveFrame } from '../../../src/learn/liveViews';
import type { FromWorker } from '../../worker/messages';
import { learnActions, useLearn, type LearnImage } from '../learnStore';

export interface LiveProbe {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  source?: LearnImage['source'];
}

export interface LiveState {
  /** The probe of the run (the Learn image when it started, or the worker's first validation image). */
  probe?: LiveProbe;
  /** graphHash of the graph the run trains: frames of another graph are not shown. */
  graphHash?: string;
  latest?: LiveFrame;
  /** snapshots[e]: the frame at the end of epoch e (0: before training). */
  snapshots: LiveFrame[];
  /** The scrubbed epoch, or 'live': the latest frame while training, Learn's own look afterwards. */
  chosen: number | 'live';
}

export const useLive = create<LiveState>()(() => ({ snapshots: [], chosen: 'live' }));
const set = useLive.setState;

export const liveActions = {
  /** A run starts: the last run's frames go. */
  start: (probe: LiveProbe | undefined, graphHash: string) => set({ probe, graphHash, latest: undefined, snapshots: [], chosen: 'live' }),
  choose: (chosen: number | 'live') => set({ chosen }),
};

type LiveMessage = Extract<FromWorker, { type: 'liveFrame' | 'liveSnapshot' | 'liveProbe' }>;

/** The worker's live messages (routed here by the training session). */
export function onLiveMessage(m: LiveMessage): void {
  switch (m.type) {
    case 'liveFrame':
      set({ latest: m.frame });
      break;
    case 'liveSnapshot':
      // Epoch 0 again: the run restarted (e.g. on the next backend), its snapshots start over.
      set((s) => {
        const snapshots = m.epoch === 0 ? [] : s.snapshots.slice(0, m.epoch);
        snapshots[m.epoch] = m.frame;
        return { latest: m.frame, snapshots };
      });
      break;
    case 'liveProbe': {
      const probe = { pixels: m.pixels, height: m.height, width: m.width, channels: m.channels, source: { kind: 'dataset' as const, index: m.index, label: m.label } };
      set({ probe });
      // Learn had no image that fits: it shows the probe, so the live maps are of the image on screen.
      const img = useLearn.getState().image;
      if (!img || img.height !== m.height || img.width !== m.width || img.channels !== m.channels)
        learnActions.setImage(probe);
      break;
    }
  }
}
