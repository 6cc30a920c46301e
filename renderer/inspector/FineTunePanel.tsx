// Fine-tuning in the inspector, for a node with weights: Trainable (freeze), LR × (a per-layer learning-rate
// multiplier), Freeze up to here, and on the Output node Replace classifier… (N classes, default the dataset's).
// Every change is a store action, one undo step each (renderer/store/projectStore.ts).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { GraphNode } from '../../src/graph/schema';
import type { NodeAnalysis } from '../../src/contract/graph';
import { isTrainable, lrMultiplierOf } from '../../src/train/fineTune';
import { MAX_CLASSES, MIN_CLASSES } from '../../src/graph/replaceClassifier';
import { useProjectStore } from '../store/projectStore';
import { datasetClassCount, replaceClassifierKeepingWeights } from './replaceClassifierAction';
import './fineTune.css';

export function FineTunePanel({ node, analysis }: { node: GraphNode; analysis: NodeAnalysis | undefined }) {
  const { t } = useTranslation('fineTune');
  const setTrainable = useProjectStore((s) => s.setTrainable);
  const setLrMultiplier = useProjectStore((s) => s.setLrMultiplier);
  const freezeUpTo = useProjectStore((s) => s.freezeUpTo);
  const frozenIds = useProjectStore((s) => s.doc.graph.nodes.filter((n) => !isTrainable(n)).map((n) => n.id).join('\n'));
  const weights = analysis ? analysis.paramCount.trainable + analysis.paramCount.nonTrainable : 0;
  if (!weights) return null;
  const trainable = isTrainable(node);
  const frozen = frozenIds ? frozenIds.split('\n') : [];
  return (
    <section className="finetune" data-testid="finetune">
      <h3>{t('title')}</h3>
      <label className="finetune-row" title={t('trainableHelp')}>
        <input type="checkbox" data-testid="finetune-trainable" checked={trainable} onChange={(e) => setTrainable([node.id], e.target.checked)} />
        {t('trainable')}
      </label>
      <LrField key={node.id} value={lrMultiplierOf(node)} disabled={!trainable} onCommit={(m) => setLrMultiplier(node.id, m)} />
      <div className="finetune-actions">
        <button type="button" data-testid="finetune-freeze-up-to" title={t('freezeUpToHelp')} onClick={() => freezeUpTo(node.id)}>
          {t('freezeUpTo')}
        </button>
        {frozen.length > 0 && (
          <button type="button" data-testid="finetune-unfreeze-all" onClick={() => setTrainable(frozen, true)}>
            {t('unfreezeAll')}
          </button>
        )}
      </div>
      {frozen.length > 0 && <p className="muted finetune-count">{t('frozenCount', { count: frozen.length })}</p>}
      {node.type === 'Output' && <ReplaceClassifier current={Number(node.params.classes ?? 10)} />}
    </section>
  );
}

/** LR ×: committed on blur/Enter (one undo step), reverted on Esc or an invalid number. */
function LrField({ value, disabled, onCommit }: { value: number; disabled: boolean; onCommit: (m: number) => void }) {
  const { t } = useTranslation('fineTune');
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const parsed = text.trim() === '' ? NaN : Number(text);
  const valid = Number.isFinite(parsed) && parsed >= 0 && parsed <= 1000;
  const commit = () => {
    if (valid && parsed !== value) onCommit(parsed);
    else if (!valid) setText(String(value));
  };
  return (
    <div className="finetune-row" title={t('lrHelp')}>
      <label htmlFor="finetune-lr">{t('lr')}</label>
      <input
        id="finetune-lr"
        data-testid="finetune-lr"
        type="number"
        min={0}
        step={0.1}
        value={text}
        disabled={disabled}
        aria-invalid={!valid}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          else if (e.key === 'Escape') {
            setText(String(value));
            e.stopPropagation();
          }
        }}
      />
      {!valid && <span className="field-pending">{t('lrInvalid')}</span>}
    </div>
  );
}

function ReplaceClassifier({ current }: { current: number }) {
  const { t } = useTranslation('fineTune');
  const [open, setOpen] = useState(false);
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string>();
  const n = Number(text);
  const valid = Number.isInteger(n) && n >= MIN_CLASSES && n <= MAX_CLASSES;
  const apply = () => {
    const r = replaceClassifierKeepingWeights(n);
    setMessage(r.ok ? t(r.keptWeights ? 'replaced' : 'replacedNoWeights', { classes: n }) : r.message);
    if (r.ok) setOpen(false);
  };
  if (!open)
    return (
      <div className="finetune-replace">
        <button
          type="button"
          data-testid="finetune-replace"
          title={t('replaceHelp')}
          onClick={() => {
            setText(String(datasetClassCount() ?? current));
            setMessage(undefined);
            setOpen(true);
          }}
        >
          {t('replace')}
        </button>
        {message && (
          <p className="muted" role="status" data-testid="finetune-replace-message">
            {message}
          </p>
        )}
      </div>
    );
  return (
    <div className="finetune-replace" role="group" aria-label={t('replace')}>
      <p className="muted">{t('replaceHelp')}</p>
      <label className="finetune-row">
        {t('classes')}
        <input data-testid="finetune-classes" type="number" min={MIN_CLASSES} max={MAX_CLASSES} value={text} autoFocus onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && valid && apply()} />
      </label>
      <div className="finetune-actions">
        <button type="button" data-testid="finetune-replace-apply" disabled={!valid} onClick={apply}>
          {t('apply')}
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          {t('cancel')}
        </button>
      </div>
    </div>
  );
}
