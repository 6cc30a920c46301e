// Evaluate's controls: which data (a split of the project's dataset, or another folder), Evaluate / Cancel with
// the progress, and Save report. Disabled, with the reason shown, while there are no weights that fit the graph.
import { useTranslation } from 'react-i18next';
import { choosePath } from '../files/choosePath';
import { cancelEvaluation, evaluateActions, runEvaluation, useEvaluate } from './evaluateStore';
import type { DataChoice } from './evaluateData';
import { SaveReport } from './SaveReport';

const CHOICES: DataChoice[] = ['validation', 'train', 'all', 'folder'];

export function EvaluateControls({ blocker }: { blocker?: string }) {
  const { t } = useTranslation('evaluate');
  const { choice, folder, running, result } = useEvaluate();
  const busy = !!running;
  const browse = async () => {
    const p = await choosePath({ kind: 'folder', title: t('data.browseTitle'), ...(folder ? { defaultPath: folder } : {}) });
    if (p) evaluateActions.setFolder(p);
  };
  const pct = running?.progress?.total ? Math.round((100 * running.progress.done) / running.progress.total) : undefined;
  return (
    <div className="eval-controls" data-testid="eval-controls">
      <label className="eval-field">
        <span>{t('data.label')}</span>
        <select data-testid="eval-data" value={choice} disabled={busy} onChange={(e) => evaluateActions.setChoice(e.target.value as DataChoice)}>
          {CHOICES.map((c) => (
            <option key={c} value={c}>
              {t(`data.${c}`)}
            </option>
          ))}
        </select>
      </label>
      {choice === 'folder' && (
        <span className="eval-folder">
          <input type="text" data-testid="eval-folder" value={folder} disabled={busy} spellCheck={false} placeholder={t('data.folderPlaceholder')} aria-label={t('data.folderPlaceholder')} onChange={(e) => evaluateActions.setFolder(e.target.value)} />
          <button type="button" data-testid="eval-browse" disabled={busy} onClick={() => void browse()}>
            {t('data.browse')}
          </button>
        </span>
      )}
      {busy ? (
        <>
          <button type="button" data-testid="eval-cancel" onClick={cancelEvaluation}>
            {t('cancel')}
          </button>
          <span className="eval-progress" data-testid="eval-progress">
            <span className="training-progress">
              <div style={{ width: `${pct ?? 0}%` }} />
            </span>
            <span className="muted">{t(`progress.${running.phase}`, { done: running.progress?.done ?? 0, total: running.progress?.total ?? '…' })}</span>
          </span>
        </>
      ) : (
        <button type="button" className="primary" data-testid="eval-run" disabled={!!blocker || (choice === 'folder' && !folder.trim())} title={blocker ? t(blocker) : undefined} onClick={() => void runEvaluation()}>
          {t('run')}
        </button>
      )}
      <span className="eval-spacer" />
      {result && !busy && <SaveReport />}
    </div>
  );
}
