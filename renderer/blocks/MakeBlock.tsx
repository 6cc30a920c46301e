// Make block: the name prompt for the selection (Edit → Make block…, Ctrl+Alt+K). A selection that cannot be
// a block (two outputs, not connected, …) is refused with a notice saying why, and nothing changes.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { makeBlock, type MakeBlockRefusal } from '../../src/graph/userBlocks';
import { useProjectStore } from '../store/projectStore';
import { notify } from '../app/noticesAndDialogs';
import { openMakeBlock, useMakeBlockDialog } from './makeBlockDialog';
import './blocks.css';

/** The refusal in words; `t` is the blocks namespace. */
export const refusalText = (t: (k: string, o?: Record<string, unknown>) => string, r: MakeBlockRefusal) =>
  t(`make.refused.${r.reason}`, { ...r, ...('nodes' in r ? { nodes: r.nodes.join(', ') } : {}) });

export function MakeBlockDialog() {
  const { t } = useTranslation('blocks');
  const nodeIds = useMakeBlockDialog((s) => s.nodeIds);
  const [name, setName] = useState('block');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (nodeIds) {
      setName(`block${(useProjectStore.getState().doc.graph.blocks?.length ?? 0) + 1}`);
      setTimeout(() => input.current?.select(), 0);
    }
  }, [nodeIds]);
  if (!nodeIds) return null;
  const close = () => useMakeBlockDialog.getState().close();
  const make = () => {
    if (!name.trim()) return;
    const r = useProjectStore.getState().makeBlock(nodeIds, name.trim());
    close();
    if (r.ok) notify('info', t('make.made', { name: name.trim() }));
    else notify('error', refusalText(t, r));
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="make-block-title" data-testid="make-block-dialog">
        <h2 id="make-block-title">{t('make.title')}</h2>
        <p className="make-block-intro">{t('make.intro', { count: nodeIds.length })}</p>
        <label htmlFor="make-block-name">{t('make.name')}</label>
        <input id="make-block-name" ref={input} data-testid="make-block-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && make()} />
        <div className="modal-buttons">
          <button className="btn" data-testid="make-block-cancel" onClick={close}>
            {t('make.cancel')}
          </button>
          <button className="btn primary" data-testid="make-block-create" disabled={!name.trim()} onClick={make}>
            {t('make.create')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** Checks the selection first (a dry run of the pure edit, nothing written), so a refusal is said before a name is asked for. */
export function startMakeBlock(t: (k: string, o?: Record<string, unknown>) => string) {
  const { doc, selection } = useProjectStore.getState();
  const probe = makeBlock(doc.graph, selection.nodes, 'probe');
  if (!probe.ok) notify('error', refusalText(t, probe));
  else openMakeBlock();
}

/** "Make block…" in the Edit menu. */
export function MakeBlockMenuItem() {
  const { t } = useTranslation('blocks');
  const hasSelection = useProjectStore((s) => s.selection.nodes.length > 0);
  return (
    <button role="menuitem" className="menu-item" data-testid="menu-makeBlock" disabled={!hasSelection} onClick={() => startMakeBlock(t)} title={t('make.menuTitle')}>
      <span>{t('make.menu')}</span>
      <kbd>Ctrl+Alt+K</kbd>
    </button>
  );
}
