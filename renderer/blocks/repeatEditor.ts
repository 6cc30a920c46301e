// View state of an instance's "Change for repeat k · layer" editor: which repeat and inner layer it shows.
// Not document state: picking a repeat is no edit and no undo step.
import { create } from 'zustand';

interface RepeatEditor {
  /** The instance the pick belongs to; another instance starts at repeat 1, its first layer. */
  instanceId?: string;
  /** 0-based, as the core's overrides. */
  repeat: number;
  /** The inner node id of the definition; undefined: its first layer. */
  layer?: string;
  show(instanceId: string, repeat: number, layer?: string): void;
}

export const useRepeatEditor = create<RepeatEditor>()((set) => ({
  repeat: 0,
  show: (instanceId, repeat, layer) => set((s) => ({ instanceId, repeat, layer: layer ?? (s.instanceId === instanceId ? s.layer : undefined) })),
}));
