// Repeat ×N (Edit menu, Ctrl+Alt+R): a selection that can be a block becomes one repeated N times; one
// instance just gets its count. Anything else is refused with Make block's reason, before the prompt opens.
import { useTranslation } from 'react-i18next';
import type { Graph } from '../../src/graph/schema';
import { makeBlock } from '../../src/graph/userBlocks';
import { USER_BLOCK_TYPE } from '../../src/layers/userBlock';
import { useProjectStore } from '../store/projectStore';
import { notify } from '../app/noticesAndDialogs';
import { refusalText } from './MakeBlock';
import { openRepeat } from './makeBlockDialog';

const loneInstance = (graph: Graph, nodeIds: readonly string[]) => nodeIds.length === 1 && graph.nodes.some((n) => n.id === nodeIds[0] && n.type === USER_BLOCK_TYPE);

/** Whether Repeat ×N can run on this selection (a dry run of the pure edit; nothing written). */
export const canRepeat = (graph: Graph, nodeIds: readonly string[]): boolean => loneInstance(graph, nodeIds) || (nodeIds.length > 0 && makeBlock(graph, nodeIds, 'probe').ok);

export function startRepeat(t: (k: string, o?: Record<string, unknown>) => string) {
  const { doc, selection } = useProjectStore.getState();
  if (loneInstance(doc.graph, selection.nodes)) return openRepeat();
  const probe = makeBlock(doc.graph, selection.nodes, 'probe');
  if (!probe.ok) notify('error', refusalText(t, probe));
  else openRepeat();
}

/** "Repeat ×N…" in the Edit menu (mounted only while the menu is open, so the dry run is not per edit). */
export function RepeatMenuItem() {
  const { t } = useTranslation('blocks');
  const enabled = useProjectStore((s) => canRepeat(s.doc.graph, s.selection.nodes));
  return (
    <button role="menuitem" className="menu-item" data-testid="menu-repeatBlock" disabled={!enabled} onClick={() => startRepeat(t)} title={t('repeat.menuTitle')}>
      <span>{t('repeat.menu')}</span>
      <kbd>Ctrl+Alt+R</kbd>
    </button>
  );
}
