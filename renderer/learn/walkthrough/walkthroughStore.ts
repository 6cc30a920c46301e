// The walkthrough's view state: on or off, the step shown, autoplay. Not document state (nothing is undone).
// It starts with the bottom panel out of its maximised size, so the canvas can show each step's node, and
// puts it back when it ends.
import { create } from 'zustand';
import { useWorkbench } from '../../app/workbench/workbenchStore';

export interface WalkthroughState {
  active: boolean;
  step: number;
  playing: boolean;
  /** The panel was maximised when the walkthrough began: maximised again when it ends. */
  restoreMaximised: boolean;
}

/** Seconds per step while playing: time to read a step's maps and its formula. */
export const AUTOPLAY_MS = 2500;

export const useWalkthrough = create<WalkthroughState>()(() => ({ active: false, step: 0, playing: false, restoreMaximised: false }));

const clamp = (k: number, count: number) => Math.max(0, Math.min(count - 1, k));

export const walkthroughActions = {
  start() {
    const workbench = useWorkbench.getState();
    const restoreMaximised = workbench.bottomMaximised;
    if (restoreMaximised) workbench.setMaximised(false);
    useWalkthrough.setState({ active: true, step: 0, playing: false, restoreMaximised });
  },
  stop() {
    const { active, restoreMaximised } = useWalkthrough.getState();
    if (!active) return;
    useWalkthrough.setState({ active: false, playing: false, restoreMaximised: false });
    if (restoreMaximised) useWorkbench.getState().setMaximised(true);
  },
  /** Jumps to a step (the strip, a node clicked on the canvas); autoplay stops, the person is steering. */
  go(step: number, count: number) {
    useWalkthrough.setState({ step: clamp(step, count), playing: false });
  },
  /** Previous (−1) or Next (+1) by hand: autoplay stops. */
  step(by: number, count: number) {
    useWalkthrough.setState({ step: clamp(useWalkthrough.getState().step + by, count), playing: false });
  },
  /** Autoplay's step on; it stops at the last step. */
  next(count: number) {
    const { step, playing } = useWalkthrough.getState();
    const to = clamp(step + 1, count);
    useWalkthrough.setState({ step: to, playing: playing && to < count - 1 });
  },
  /** Play from here; at the last step Play starts again from the Input. */
  togglePlay(count: number) {
    const { playing, step } = useWalkthrough.getState();
    if (playing) useWalkthrough.setState({ playing: false });
    else useWalkthrough.setState({ playing: count > 1, step: step >= count - 1 ? 0 : step });
  },
  pause() {
    useWalkthrough.setState({ playing: false });
  },
};
