// One row per trial: its values, status and metrics; the best row is highlighted; a click selects its run.
import { useTranslation } from 'react-i18next';
import type { SweepTrial } from '../../../src/experiments/sweep';
import type { RunRecord } from '../../../src/experiments/runRecord';
import { useExperiments } from '../experimentsStore';

export function ResultsTable({ plan, labels, runs }: { plan: SweepTrial[]; labels: string[]; runs: Map<number, RunRecord> }) {
  const { t } = useTranslation('sweeps');
  const selected = useExperiments((s) => s.selected);
  let best: number | undefined;
  for (const [trial, r] of runs) if (r.metrics.valAccuracy !== undefined && (best === undefined || r.metrics.valAccuracy > (runs.get(best)!.metrics.valAccuracy ?? -1))) best = trial;
  return (
    <table className="sweep-results" data-testid="sweep-results">
      <thead><tr><th>{t('col.trial')}</th>{labels.map((l) => <th key={l}>{l}</th>)}<th>{t('col.status')}</th><th>{t('col.valAccuracy')}</th><th>{t('col.valLoss')}</th><th>{t('col.epochs')}</th><th>{t('col.time')}</th></tr></thead>
      <tbody>
        {plan.map((trial) => {
          const r = runs.get(trial.index);
          const cls = [trial.index === best ? 'best' : '', r && selected.includes(r.id) ? 'selected' : ''].join(' ');
          return (
            <tr key={trial.index} data-testid={`sweep-result-${trial.index}`} className={cls} data-status={r?.status ?? 'pending'} onClick={() => r && useExperiments.getState().setSelected([r.id])}>
              <td>{trial.index + 1}</td>
              {labels.map((l) => <td key={l}>{String(trial.values[l])}</td>)}
              <td>{r?.status ?? t('pending')}</td>
              <td>{r?.metrics.valAccuracy !== undefined ? `${(r.metrics.valAccuracy * 100).toFixed(1)}%` : '—'}</td>
              <td>{r?.metrics.valLoss !== undefined ? r.metrics.valLoss.toFixed(3) : '—'}</td>
              <td>{r ? r.epochs.length : '—'}</td>
              <td>{r ? `${r.seconds.toFixed(1)} s` : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
