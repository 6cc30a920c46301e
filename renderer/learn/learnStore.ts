// The Learn panel's state: the chosen image (uint8 HWC at the model's input size), what the worker answered
// for it (every node's output, the prediction, Grad-CAM, the selected conv node's filters), and the view's
// picks: the enlarged channel, the hovered map pixel (its receptive field is drawn on the image), the clicked
// pixel (the convolution arithmetic), Grad-CAM's node and class. Not document state: nothing here is undone.
import { create } from 'zustand';
import type { Inspection } from '../worker/messages';

export interface LearnImage {
  pixels: Uint8Array;
  height: number;
  width: number;
  channels: number;
  /** Where it came from: a sample's index in the chooser's strip, a dataset sample by its index (the confusion-matrix drill-down), or drawn / dropped. */
  source: { kind: 'sample'; index: number; label?: string; /** The strip it was picked from (a new run's strip has other images). */ strip?: object } | { kind: 'dataset'; index: number; label?: string } | { kind: 'drawn' } | { kind: 'file'; name: string };
}

export interface LearnState {
  image?: LearnImage;
  inspection?: Inspection;
  busy: boolean;
  error?: string;
  /** The enlarged channel of the shown node. */
  channel: number;
  /** The map pixel under the pointer (any node's map). */
  hover?: { nodeId: string; y: number; x: number };
  /** The clicked pixel of the enlarged map: the arithmetic is shown for it. */
  pick?: { nodeId: string; y: number; x: number; k: number };
  camNode?: string;
  camClass?: number;
  /** Show every channel of a wide node (else the first 64). */
  allChannels: boolean;
  /**
   * A node inside the selected composite block, by its path "<block>/<inner>": shown instead of the block's
   * output. Cleared when the canvas selection moves off that block (BlockInsides' useBlockInsides).
   */
  inner?: string;
}

export const useLearn = create<LearnState>()(() => ({ busy: false, channel: 0, allChannels: false }));

export const learnActions = {
  setImage: (image: LearnImage) => useLearn.setState({ image, pick: undefined, hover: undefined, error: undefined }),
  setChannel: (channel: number) => useLearn.setState({ channel, pick: undefined }),
  setHover: (hover: LearnState['hover']) => useLearn.setState({ hover }),
  setPick: (pick: LearnState['pick']) => useLearn.setState({ pick }),
  setCam: (camNode: string | undefined, camClass: number | undefined) => useLearn.setState({ camNode, camClass }),
  setAllChannels: (allChannels: boolean) => useLearn.setState({ allChannels }),
  setInner: (inner: string | undefined) => useLearn.setState({ inner, pick: undefined, hover: undefined }),
};
