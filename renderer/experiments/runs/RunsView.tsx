// The Runs view (#17): every run of the project, newest first, sortable by any column (click a header),
// with stars, notes, a pick for Compare, and Restore / Re-run / Delete per run.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sortRuns, type RunSortKey } from '../../../src/experiments/compareRuns';
import { runGraphState } from '../../../src/experiments/runRecord';
import { useProjectStore } from '../../store/projectStore';
import { useTrainingSession } from '../../training/trainingSession';
import { isRunning } from '../../training/Controls';
import { useExperiments } from '../experimentsStore';
import { RunRow } from './RunRow';
import './runs.css';

const COLUMNS: { key: RunSortKey | 'pick' | 'notes' | 'actions'; sortable: boolean }[] = [
  { key: 'starred', sortable: true },
  { key: 'pick', sortable: false },
  { key: 'name', sortable: true },
  { key: 'startedAt', sortable: true },
  { key: 'valAccuracy', sortable: true },
  { key: 'valLoss', sortable: true },
  { key: 'epochs', sortable: true },
  { key: 'params', sortable: true },
  { key: 'seconds', sortable: true },
  { key: 'backend', sortable: true },
  { key: 'notes', sortable: false },
  { key: 'actions', sortable: false },
];

export default function RunsView() {
  const { t } = useTranslation('runs');
  const runs = useProjectStore((s) => s.doc.runs);
  const graph = useProjectStore((s) => s.doc.graph);
  const hasFile = useProjectStore((s) => !!s.filePath);
  const busy = isRunning(useTrainingSession((s) => s.phase));
  const picked = useExperiments((s) => s.selected.filter((id) => runs?.some((r) => r.id === id)).length);
  const [sort, setSort] = useState<{ key: RunSortKey; dir: 'asc' | 'desc' }>({ key: 'startedAt', dir: 'desc' });
  const [error, setError] = useState<string>();
  const sorted = useMemo(() => sortRuns(runs ?? [], sort.key, sort.dir), [runs, sort]);
  const states = useMemo(() => new Map((runs ?? []).map((r) => [r.id, runGraphState(r, graph)])), [runs, graph]);
  if (!runs?.length)
    return (
      <p className="muted runs-empty" data-testid="runs-empty">
        {t('empty')}
      </p>
    );
  const sortBy = (key: RunSortKey) => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 'asc' ? 'desc' : 'asc') : key === 'name' || key === 'backend' ? 'asc' : 'desc' }));
  return (
    <div className="runs" data-testid="runs-view">
      <div className="runs-bar">
        <button type="button" data-testid="runs-compare" disabled={picked < 2} title={t('compareTip')} onClick={() => useExperiments.getState().setTab('compare')}>
          {t('compare', { count: picked })}
        </button>
        {!hasFile && <span className="muted">{t('unsaved')}</span>}
        {error && (
          <span className="runs-error" role="alert" data-testid="runs-error">
            {error}
          </span>
        )}
      </div>
      <div className="runs-scroll">
        <table className="runs-table" data-testid="runs-table">
          <thead>
            <tr>
              {COLUMNS.map(({ key, sortable }) => {
                const label = t(`col.${key === 'starred' ? 'star' : key}`);
                const active = sort.key === key;
                return (
                  <th key={key} aria-sort={active ? (sort.dir === 'asc' ? 'ascending' : 'descending') : undefined}>
                    {sortable ? (
                      <button type="button" className="runs-sort" data-testid={`runs-sort-${key}`} title={t('sortBy', { col: label })} onClick={() => sortBy(key as RunSortKey)}>
                        {label}
                        {active ? (sort.dir === 'asc' ? ' ▲' : ' ▼') : ''}
                      </button>
                    ) : (
                      label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.map((run) => (
              <RunRow key={run.id} run={run} graphState={states.get(run.id) ?? 'same'} busy={busy} onError={(action, e) => setError(t('failedAction', { action, message: e instanceof Error ? e.message : String(e) }))} />
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
