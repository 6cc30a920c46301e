// The lab's choices: which weights, which images, which transforms; Run and Cancel with the progress line.
import { useTranslation } from 'react-i18next';
import { TRANSFORMS } from '../../../src/experiments/transforms';
import type { RunRecord } from '../../../src/experiments/runRecord';
import { currentLang } from '../../i18n';
import { useLab } from './labStore';

export function LabControls({ runs, hasCurrent, onRun }: { runs: RunRecord[]; hasCurrent: boolean; onRun: () => void }) {
  const { t } = useTranslation('robustness');
  const lab = useLab();
  const lang = currentLang() === 'ko' ? 'ko' : 'en';
  const toggle = (id: (typeof TRANSFORMS)[number]['id']) => useLab.setState({ transforms: lab.transforms.includes(id) ? lab.transforms.filter((x) => x !== id) : [...lab.transforms, id] });
  const busy = !!lab.running;
  return (
    <div className="rob-controls">
      <label>
        {t('model')}
        <select data-testid="rob-model-select" value={lab.model} disabled={busy} onChange={(e) => useLab.setState({ model: e.target.value })}>
          <option value="current" disabled={!hasCurrent}>
            {t('current')}
          </option>
          {runs.map((r) => (
            <option key={r.id} value={r.id}>
              {r.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('source')}
        <select data-testid="rob-source-select" value={lab.source} disabled={busy} onChange={(e) => useLab.setState({ source: e.target.value as 'validation' | 'folder' })}>
          <option value="validation">{t('validation')}</option>
          <option value="folder">{t('folder')}</option>
        </select>
      </label>
      {lab.source === 'folder' && (
        <label className="rob-folder">
          {t('folderPath')}
          <input type="text" data-testid="rob-folder" value={lab.folder} disabled={busy} spellCheck={false} onChange={(e) => useLab.setState({ folder: e.target.value })} />
        </label>
      )}
      <label>
        {t('limit')}
        <input type="number" data-testid="rob-limit" min={1} max={10000} value={lab.limit} disabled={busy} onChange={(e) => useLab.setState({ limit: Math.max(1, Math.min(10000, Math.round(Number(e.target.value) || 1))) })} />
      </label>
      <fieldset className="rob-transforms">
        <legend>{t('transforms')}</legend>
        {TRANSFORMS.map((tr) => (
          <label key={tr.id} title={tr.unit[lang]}>
            <input type="checkbox" data-testid={`rob-transform-${tr.id}`} checked={lab.transforms.includes(tr.id)} disabled={busy} onChange={() => toggle(tr.id)} />
            {tr.label[lang]}
          </label>
        ))}
        <label>
          <input type="checkbox" data-testid="rob-similarity" checked={lab.similarity} disabled={busy} onChange={() => useLab.setState({ similarity: !lab.similarity })} />
          {t('similarity')}
        </label>
      </fieldset>
      <div className="rob-actions">
        {busy ? (
          <>
            <button type="button" data-testid="rob-cancel" onClick={() => lab.running?.abort.abort()}>
              {t('cancel')}
            </button>
            <span className="muted" data-testid="rob-progress">
              {lab.running?.phase === 'importing' ? t('importing') : t('progress', { done: lab.running?.progress?.done ?? 0, total: lab.running?.progress?.total ?? '…' })}
            </span>
          </>
        ) : (
          <button type="button" className="primary" data-testid="rob-run" disabled={lab.model === 'current' && !hasCurrent} onClick={onRun}>
            {t('run')}
          </button>
        )}
        {lab.results.length > 0 && !busy && (
          <button type="button" data-testid="rob-clear" onClick={() => useLab.setState({ results: [] })}>
            {t('clear')}
          </button>
        )}
      </div>
    </div>
  );
}
