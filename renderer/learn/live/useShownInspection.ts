// What the Learn panel shows: while training (or when an epoch is scrubbed) the live frame of the probe image,
// otherwise Learn's own on-demand look. A frame only stands in when it is of the image on screen and of the
// graph on the canvas.
import { useMemo } from 'react';
import type { LiveFrame } from '../../../src/learn/liveViews';
import { graphHash } from '../../../src/train/graphHash';
import type { Inspection } from '../../worker/messages';
import { useProjectStore } from '../../store/projectStore';
import { useTrainingSession, type Phase } from '../../training/trainingSession';
import { useLearn } from '../learnStore';
import { useLive } from './liveStore';

export const isRunning = (phase: Phase): boolean => phase === 'training' || phase === 'paused' || phase === 'stopping' || phase === 'loading';

export function frameInspection(frame: LiveFrame, training: boolean): Inspection {
  return { untrained: false, training, probs: frame.probs, activations: frame.activations, cam: frame.cam, camError: frame.camError, filters: frame.filters };
}

const samePixels = (a: Uint8Array, b: Uint8Array) => a === b || (a.length === b.length && a.every((v, i) => v === b[i]));

/** The frame to show (scrubbed epoch, or the latest while training), or undefined when Learn's own look applies. */
export function useShownFrame(): { frame: LiveFrame; scrubbed: boolean } | undefined {
  const image = useLearn((s) => s.image);
  const graph = useProjectStore((s) => s.doc.graph);
  const running = useTrainingSession((s) => isRunning(s.phase));
  const { probe, graphHash: runHash, latest, snapshots, chosen } = useLive();
  const hash = useMemo(() => graphHash(graph), [graph]);
  const ofImage = useMemo(() => !!probe && !!image && samePixels(image.pixels, probe.pixels), [probe, image]);
  if (!ofImage || runHash !== hash) return undefined;
  if (typeof chosen === 'number' && snapshots[chosen]) return { frame: snapshots[chosen], scrubbed: true };
  if (running && latest) return { frame: latest, scrubbed: false };
  return undefined;
}

/** The inspection LearnPanel draws: the shown live frame's, else Learn's own. */
export function useShownInspection(): Inspection | undefined {
  const inspection = useLearn((s) => s.inspection);
  const shown = useShownFrame();
  const running = useTrainingSession((s) => isRunning(s.phase));
  return useMemo(() => (shown ? frameInspection(shown.frame, running && !shown.scrubbed) : inspection), [shown?.frame, shown?.scrubbed, running, inspection]);
}
