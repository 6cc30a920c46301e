// Make block and Repeat ×N: the prompt for the selection (Edit → Make block…, Ctrl+Alt+K; Edit → Repeat ×N…,
// Ctrl+Alt+R). It asks for the block's name and how many times it runs in sequence; for one instance only
// the count. A selection that cannot be a block (two outputs, not connected, …) is refused with a notice
// saying why, and nothing changes.
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { makeBlock, type MakeBlockRefusal } from '../../src/graph/userBlocks';
import { MAX_REPEAT } from '../../src/layers/userBlock';
import { useProjectStore } from '../store/projectStore';
import { notify } from '../app/noticesAndDialogs';
import { openMakeBlock, useMakeBlockDialog } from './makeBlockDialog';
import './blocks.css';

/** The refusal in words; `t` is the blocks namespace. */
export const refusalText = (t: (k: string, o?: Record<string, unknown>) => string, r: MakeBlockRefusal) =>
  t(`make.refused.${r.reason}`, { ...r, ...('nodes' in r ? { nodes: r.nodes.join(', ') } : {}) });

/** A whole count in 1…MAX_REPEAT, or undefined for what cannot be one. */
const countOf = (text: string): number | undefined => {
  const n = Number(text.trim());
  return text.trim() && Number.isInteger(n) && n >= 1 && n <= MAX_REPEAT ? n : undefined;
};

export function MakeBlockDialog() {
  const { t } = useTranslation('blocks');
  const { nodeIds, repeat, instanceId, times: startTimes } = useMakeBlockDialog();
  const [name, setName] = useState('block');
  const [times, setTimes] = useState('1');
  const nameInput = useRef<HTMLInputElement>(null);
  const timesInput = useRef<HTMLInputElement>(null);
  const instanceName = useProjectStore((s) => {
    const n = instanceId ? s.doc.graph.nodes.find((x) => x.id === instanceId) : undefined;
    return n ? n.name || n.id : undefined;
  });
  useEffect(() => {
    if (nodeIds) {
      setName(`block${(useProjectStore.getState().doc.graph.blocks?.length ?? 0) + 1}`);
      setTimes(String(startTimes));
      setTimeout(() => (instanceId ? timesInput : nameInput).current?.select(), 0);
    }
  }, [nodeIds, instanceId, startTimes]);
  if (!nodeIds) return null;
  const count = countOf(times);
  const ready = count !== undefined && (!!instanceId || !!name.trim());
  const close = () => useMakeBlockDialog.getState().close();
  const make = () => {
    if (!ready) return;
    const s = useProjectStore.getState();
    close();
    if (instanceId) {
      s.setBlockRepeat(instanceId, count);
      notify('info', t('repeat.set', { name: instanceName, times: count }));
      return;
    }
    const r = count > 1 ? s.repeatSelection(nodeIds, name.trim(), count) : s.makeBlock(nodeIds, name.trim());
    if (r.ok) notify('info', count > 1 ? t('repeat.made', { name: name.trim(), times: count }) : t('make.made', { name: name.trim() }));
    else notify('error', refusalText(t, r));
  };
  const onEnter = (e: KeyboardEvent) => e.key === 'Enter' && make();
  const intro = instanceId ? t('repeat.introInstance', { name: instanceName }) : t(repeat ? 'repeat.intro' : 'make.intro', { count: nodeIds.length });
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal" role="dialog" aria-modal="true" aria-labelledby="make-block-title" data-testid="make-block-dialog" data-mode={instanceId ? 'instance' : repeat ? 'repeat' : 'make'}>
        <h2 id="make-block-title">{t(repeat ? 'repeat.title' : 'make.title')}</h2>
        <p className="make-block-intro">{intro}</p>
        {!instanceId && (
          <>
            <label htmlFor="make-block-name">{t('make.name')}</label>
            <input id="make-block-name" ref={nameInput} data-testid="make-block-name" value={name} maxLength={200} onChange={(e) => setName(e.target.value)} onKeyDown={onEnter} />
          </>
        )}
        <label htmlFor="make-block-times">{t(repeat ? 'repeat.times' : 'make.times')}</label>
        <input
          id="make-block-times"
          ref={timesInput}
          className="make-block-times"
          data-testid="make-block-times"
          type="number"
          min={1}
          max={MAX_REPEAT}
          step={1}
          value={times}
          aria-invalid={count === undefined}
          title={t('repeat.timesHint', { max: MAX_REPEAT })}
          onChange={(e) => setTimes(e.target.value)}
          onKeyDown={onEnter}
        />
        <div className="modal-buttons">
          <button className="btn" data-testid="make-block-cancel" onClick={close}>
            {t('make.cancel')}
          </button>
          <button className="btn primary" data-testid="make-block-create" disabled={!ready} onClick={make}>
            {t(repeat ? 'repeat.apply' : 'make.create')}
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
