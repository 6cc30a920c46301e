// Which composite blocks are open on the canvas and which inner layer is picked: view state only, kept out of
// the project document, so opening a block never marks the project unsaved nor adds an undo step.
import { create } from 'zustand';

interface ExpandedBlocks {
  /** Ids of the top-level composite nodes drawn open, as group frames with their inside. */
  open: Record<string, true>;
  /** The inner layer picked on the canvas ("residualblock4/conv1"); the inspector shows it read-only. */
  innerSelection?: string;
  toggle(id: string): void;
  setOpen(id: string, open: boolean): void;
  selectInner(path: string | undefined): void;
  /** A newly loaded project starts with every block closed. */
  reset(): void;
}

export const useExpandedBlocks = create<ExpandedBlocks>()((set) => ({
  open: {},
  innerSelection: undefined,
  toggle: (id) => set((s) => (s.open[id] ? close(s, id) : { open: { ...s.open, [id]: true } })),
  setOpen: (id, open) => set((s) => (open ? (s.open[id] ? s : { open: { ...s.open, [id]: true } }) : s.open[id] ? close(s, id) : s)),
  selectInner: (path) => set((s) => (s.innerSelection === path ? s : { innerSelection: path })),
  reset: () => set({ open: {}, innerSelection: undefined }),
}));

/** Closing a block also drops the pick of a layer inside it. */
function close(s: ExpandedBlocks, id: string): Partial<ExpandedBlocks> {
  const { [id]: _closed, ...open } = s.open;
  return { open, innerSelection: s.innerSelection?.startsWith(`${id}/`) ? undefined : s.innerSelection };
}
