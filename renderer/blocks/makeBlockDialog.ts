// View state of the Make block / Repeat ×N prompt: which nodes it would group and how many times the block
// runs (not document state, no undo). Repeat ×N of one instance asks only for the count.
import { create } from 'zustand';
import { UserBlockParams } from '../../src/layers/userBlock';
import { useProjectStore } from '../store/projectStore';

interface MakeBlockDialog {
  /** The nodes to group while the prompt is open; undefined when closed. */
  nodeIds?: string[];
  /** Opened as Repeat ×N (title, default count 2) rather than Make block (default 1). */
  repeat: boolean;
  /** Repeat ×N of one instance: its id (no new definition, no name asked). */
  instanceId?: string;
  /** The count the prompt starts with. */
  times: number;
  close(): void;
}

export const useMakeBlockDialog = create<MakeBlockDialog>()((set) => ({
  repeat: false,
  times: 1,
  close: () => set({ nodeIds: undefined, instanceId: undefined }),
}));

/** Opens the prompt for the current selection (Edit → Make block…, Ctrl+Alt+K). */
export const openMakeBlock = () => useMakeBlockDialog.setState({ nodeIds: [...useProjectStore.getState().selection.nodes], repeat: false, instanceId: undefined, times: 1 });

/** Opens it as Repeat ×N (Edit → Repeat ×N…, Ctrl+Alt+R): ×2 for layers; a lone instance starts at its count (at least 2). */
export function openRepeat() {
  const { doc, selection } = useProjectStore.getState();
  const only = selection.nodes.length === 1 ? doc.graph.nodes.find((n) => n.id === selection.nodes[0] && n.type === 'Block') : undefined;
  const current = only ? UserBlockParams.safeParse(only.params) : undefined;
  const times = Math.max(2, current?.success ? current.data.repeat : 1);
  useMakeBlockDialog.setState({ nodeIds: [...selection.nodes], repeat: true, instanceId: only?.id, times });
}
