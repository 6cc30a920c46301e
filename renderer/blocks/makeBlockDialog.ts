// View state of the Make block name prompt: which nodes it would group (not document state, no undo).
import { create } from 'zustand';
import { useProjectStore } from '../store/projectStore';

interface MakeBlockDialog {
  /** The nodes to group while the prompt is open; undefined when closed. */
  nodeIds?: string[];
  close(): void;
}

export const useMakeBlockDialog = create<MakeBlockDialog>()((set) => ({
  close: () => set({ nodeIds: undefined }),
}));

/** Opens the prompt for the current selection (Edit → Make block…, Ctrl+Alt+K). */
export const openMakeBlock = () => useMakeBlockDialog.setState({ nodeIds: [...useProjectStore.getState().selection.nodes] });
