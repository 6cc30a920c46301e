// One run in the Runs table: star, pick for comparison, name with its marks, numbers, notes, actions.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../../src/experiments/runRecord';
import { useProjectStore } from '../../store/projectStore';
import { useExperiments } from '../experimentsStore';
import { deleteRun, rerun, restoreRun } from '../../training/trainingSession';

const pct = (x: number | undefined) => (x === undefined ? '—' : `${(x * 100).toFixed(2)}%`);

export function RunRow({ run, graphState, busy, onError }: { run: RunRecord; graphState: 'same' | 'changed' | 'damaged'; busy: boolean; onError: (action: string, e: unknown) => void }) {
  const { t } = useTranslation('runs');
  const picked = useExperiments((s) => s.selected.includes(run.id));
  const toggle = useExperiments((s) => s.toggleSelected);
  const [notes, setNotes] = useState(run.notes);
  const [confirming, setConfirming] = useState(false);
  const commitNotes = () => notes !== run.notes && useProjectStore.getState().updateRun(run.id, { notes });
  const act = (action: string, f: () => Promise<unknown>) => () => void f().catch((e: unknown) => onError(action, e));
  const rerunBlocked = run.init.kind === 'continued' ? t('rerunContinued') : busy ? t('rerunBusy') : undefined;
  return (
    <tr data-testid={`run-row-${run.id}`} className={picked ? 'picked' : undefined}>
      <td>
        <button type="button" className={`run-star${run.starred ? ' on' : ''}`} data-testid={`run-star-${run.id}`} aria-pressed={run.starred} title={run.starred ? t('unstar') : t('star')} aria-label={run.starred ? t('unstar') : t('star')} onClick={() => useProjectStore.getState().updateRun(run.id, { starred: !run.starred })}>
          {run.starred ? '★' : '☆'}
        </button>
      </td>
      <td>
        <input type="checkbox" data-testid={`run-select-${run.id}`} checked={picked} aria-label={t('pick')} title={t('pick')} onChange={() => toggle(run.id)} />
      </td>
      <td className="run-name">
        <span>{run.name}</span>
        <span className="muted run-origin">{t(`origin.${run.origin}`)}</span>
        {run.status !== 'completed' && <span className={`run-badge status-${run.status}`}>{t(`status.${run.status}`)}</span>}
        {graphState === 'changed' && (
          <span className="run-badge changed" data-testid={`run-changed-${run.id}`} title={t('graphChangedTip')}>
            {t('graphChanged')}
          </span>
        )}
        {graphState === 'damaged' && (
          <span className="run-badge damaged" data-testid={`run-damaged-${run.id}`} title={t('damagedTip')}>
            {t('damaged')}
          </span>
        )}
      </td>
      <td className="muted">{new Date(run.startedAt).toLocaleString()}</td>
      <td className="num" data-testid={`run-valacc-${run.id}`}>{pct(run.metrics.valAccuracy)}</td>
      <td className="num">{run.metrics.valLoss?.toFixed(4) ?? '—'}</td>
      <td className="num">{run.epochs.length}</td>
      <td className="num">{run.params.toLocaleString('en')}</td>
      <td className="num">{run.seconds.toFixed(1)} s</td>
      <td>{run.backend.name}</td>
      <td>
        <input
          className="run-notes"
          data-testid={`run-notes-${run.id}`}
          value={notes}
          placeholder={t('notesPlaceholder')}
          onChange={(e) => setNotes(e.target.value)}
          onBlur={commitNotes}
          onKeyDown={(e) => {
            if (e.key === 'Enter') commitNotes();
            if (e.key === 'Escape') setNotes(run.notes);
          }}
        />
      </td>
      <td className="run-actions">
        {confirming ? (
          <span className="run-confirm" role="alertdialog" aria-label={t('confirmDelete', { name: run.name })}>
            <span>{t('confirmDelete', { name: run.name })}</span>
            <button type="button" className="danger" data-testid={`run-delete-yes-${run.id}`} onClick={act(t('delete'), async () => (setConfirming(false), deleteRun(run.id)))}>
              {t('yes')}
            </button>
            <button type="button" data-testid={`run-delete-no-${run.id}`} onClick={() => setConfirming(false)}>
              {t('no')}
            </button>
          </span>
        ) : (
          <>
            <button type="button" data-testid={`run-restore-${run.id}`} title={t('restoreTip')} disabled={busy || graphState === 'damaged'} onClick={act(t('restore'), () => restoreRun(run.id))}>
              {t('restore')}
            </button>
            <button type="button" data-testid={`run-rerun-${run.id}`} title={rerunBlocked ?? t('rerunTip')} disabled={!!rerunBlocked || graphState === 'damaged'} onClick={act(t('rerun'), () => rerun(run.id))}>
              {t('rerun')}
            </button>
            <button type="button" data-testid={`run-delete-${run.id}`} title={t('deleteTip')} disabled={busy} onClick={() => setConfirming(true)}>
              {t('delete')}
            </button>
          </>
        )}
      </td>
    </tr>
  );
}
