// Which composite blocks are open on the canvas and which inner layer is picked: view state only, kept out of
// the project document, so opening a block never marks the project unsaved nor adds an undo step. Blocks are
// named by path (src/learn/blockInsides.ts): "stage2" at the top level, "stage2/repeat_1" inside it.
import { create } from 'zustand';
import { PATH_SEPARATOR } from '../../../src/learn/blockInsides';

interface ExpandedBlocks {
  /**
   * Paths of the composites drawn open, as group frames with their inside. An inner path shows open only
   * while every block around it is open; closing a block keeps the paths inside it, so reopening a stage
   * shows the ResidualBlock that was open in it again.
   */
  open: Record<string, true>;
  /** The inner layer picked on the canvas ("stage2/repeat_1/conv1"); the inspector shows it read-only. */
  innerSelection?: string;
  /** Opens `path` (and the blocks around it, so it shows), or closes it. */
  toggle(path: string): void;
  setOpen(path: string, open: boolean): void;
  selectInner(path: string | undefined): void;
  /** A newly loaded project starts with every block closed. */
  reset(): void;
}

export const useExpandedBlocks = create<ExpandedBlocks>()((set) => ({
  open: {},
  innerSelection: undefined,
  toggle: (path) => set((s) => (s.open[path] ? close(s, path) : openWithParents(s, path))),
  setOpen: (path, open) => set((s) => (open ? openWithParents(s, path) : s.open[path] ? close(s, path) : s)),
  selectInner: (path) => set((s) => (s.innerSelection === path ? s : { innerSelection: path })),
  reset: () => set({ open: {}, innerSelection: undefined }),
}));

/** "a/b/c" → ["a", "a/b", "a/b/c"]. */
const withParents = (path: string) => path.split(PATH_SEPARATOR).map((_, i, parts) => parts.slice(0, i + 1).join(PATH_SEPARATOR));

function openWithParents(s: ExpandedBlocks, path: string): Partial<ExpandedBlocks> {
  const missing = withParents(path).filter((p) => !s.open[p]);
  return missing.length ? { open: { ...s.open, ...Object.fromEntries(missing.map((p) => [p, true] as const)) } } : s;
}

/** Closing a block also drops the pick of a layer inside it. */
function close(s: ExpandedBlocks, path: string): Partial<ExpandedBlocks> {
  const { [path]: _closed, ...open } = s.open;
  return { open, innerSelection: s.innerSelection?.startsWith(`${path}${PATH_SEPARATOR}`) ? undefined : s.innerSelection };
}
