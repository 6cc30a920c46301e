// The pattern builder dialog: the lecture's [(Conv→ReLU)·k → Pool]·m → (FC→ReLU)·n → Softmax from its
// numbers, previewed as you type (shapes and parameters from the graph analysis, src/templates/pattern.ts),
// dropped as one undoable edit: replacing the graph, or after the selected node.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { patternFormula, patternGraph, previewPattern } from '../../src/templates/pattern';
import { patternBlocksGraph } from '../../src/templates/patternBlocks';
import { useProjectStore } from '../store/projectStore';
import { useReadableFit } from '../canvas/useReadableFit';
import { notify, useNoticesAndDialogs } from '../app/noticesAndDialogs';
import { openPatternBuilder, specFromFields, usePatternBuilder } from './patternForm';
import { insertPatternAfter } from './insertPattern';
import { groupedCount } from '../status/format';
import { currentLang } from '../i18n';
import { PatternFieldsForm } from './PatternFieldsForm';
import { PatternPreviewTable } from './PatternPreviewTable';
import './pattern.css';

/** The one node selected on the canvas, if the pattern can go after it (not the Output). */
function useAfterNode(): { id: string; name: string } | undefined {
  const node = useProjectStore((s) => (s.selection.nodes.length === 1 ? s.doc.graph.nodes.find((x) => x.id === s.selection.nodes[0]) : undefined));
  return node && node.type !== 'Output' ? { id: node.id, name: node.name ?? node.id } : undefined;
}

/** The notice of the last Replace, closed when the builder opens again. */
let droppedNotice: number | undefined;

export function PatternBuilder() {
  const { t } = useTranslation('pattern');
  const open = usePatternBuilder((s) => s.open);
  const fields = usePatternBuilder((s) => s.fields);
  const asBlocks = usePatternBuilder((s) => s.asBlocks);
  const after = useAfterNode();
  const fit = useReadableFit();
  const first = useRef<HTMLDivElement>(null);
  const parsed = useMemo(() => specFromFields(fields), [fields]);
  const preview = useMemo(() => (parsed.spec ? previewPattern(parsed.spec) : undefined), [parsed]);
  useEffect(() => {
    if (!open) return;
    first.current?.querySelector('input')?.focus();
    // The last drop's notice would sit over the dialog's buttons.
    if (droppedNotice !== undefined) useNoticesAndDialogs.getState().dismiss(droppedNotice);
  }, [open]);
  if (!open) return null;
  const close = () => usePatternBuilder.getState().close();
  const canDrop = !!parsed.spec && !!preview?.ok;

  const replace = () => {
    if (!parsed.spec || !preview) return;
    const store = useProjectStore.getState();
    store.setGraph(asBlocks ? patternBlocksGraph(parsed.spec) : patternGraph(parsed.spec)); // one undo step
    store.select({ nodes: [], edges: [] });
    close();
    droppedNotice = notify('info', t('insert.replaced', { formula: patternFormula(parsed.spec), count: groupedCount(preview.totals.trainable + preview.totals.nonTrainable, currentLang()) }));
    setTimeout(() => fit({ duration: 200 }), 50);
  };
  const addAfter = () => {
    if (!parsed.spec || !after) return;
    const store = useProjectStore.getState();
    const next = insertPatternAfter(store.doc.graph, patternGraph(parsed.spec), after.id);
    if (!next) return;
    store.setGraph(next); // one undo step
    close();
  };

  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal pattern-builder" role="dialog" aria-modal="true" aria-labelledby="pattern-title" data-testid="pattern-builder">
        <h2 id="pattern-title">{t('title')}</h2>
        <p className="pattern-formula" data-testid="pattern-formula">
          {parsed.spec ? patternFormula(parsed.spec) : '[(Conv→ReLU)·k → Pool]·m → (FC→ReLU)·n → Softmax'}
        </p>
        <p className="muted small">{t('intro')}</p>
        <div className="pattern-body">
          <div ref={first}>
            <PatternFieldsForm errors={parsed.errors} />
          </div>
          {preview ? <PatternPreviewTable preview={preview} /> : <p className="pattern-preview muted" data-testid="pattern-preview-none">{t('preview.fixFields')}</p>}
        </div>
        <div className="modal-buttons pattern-buttons">
          <button className="btn" data-testid="pattern-reset" onClick={() => usePatternBuilder.getState().reset()}>
            {t('insert.reset')}
          </button>
          <span className="spacer" />
          <label className="pattern-check" title={t('insert.asBlocksHint')}>
            <input type="checkbox" data-testid="pattern-as-blocks" checked={asBlocks} onChange={(e) => usePatternBuilder.getState().setAsBlocks(e.target.checked)} />
            {t('insert.asBlocks')}
          </label>
          <button className="btn" data-testid="pattern-add-after" disabled={!canDrop || !after} onClick={addAfter} title={after ? t('insert.addAfterHint') : t('insert.addAfterNone')}>
            {after ? t('insert.addAfter', { name: after.name }) : t('insert.addAfterSelected')}
          </button>
          <button className="btn primary" data-testid="pattern-replace" disabled={!canDrop} onClick={replace} title={t('insert.replaceHint')}>
            {t('insert.replace')}
          </button>
          <button className="btn" data-testid="pattern-close" onClick={close}>
            {t('insert.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}

/** "Pattern builder…" in a menu (the Edit menu); the menu closes itself on the click. */
export function PatternBuilderMenuItem() {
  const { t } = useTranslation('pattern');
  return (
    <button role="menuitem" className="menu-item" data-testid="menu-patternBuilder" onClick={openPatternBuilder} title={t('openTitle')}>
      <span>{t('open')}</span>
    </button>
  );
}

/** The palette's button for the builder. */
export function PatternBuilderButton() {
  const { t } = useTranslation('pattern');
  return (
    <button className="btn pattern-open" data-testid="palette-patternBuilder" onClick={openPatternBuilder} title={t('openTitle')}>
      {t('open')}
    </button>
  );
}
