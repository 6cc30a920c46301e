// Settings and metrics of the compared runs, one column per run; rows that differ are highlighted.
import { useTranslation } from 'react-i18next';
import type { RunComparison } from '../../../src/experiments/compareRuns';
import { runColor } from './colors';

export function CompareTable({ cmp }: { cmp: RunComparison }) {
  const { t } = useTranslation('compare');
  return (
    <table className="compare-table" data-testid="compare-table">
      <thead>
        <tr>
          <th>{t('setting')}</th>
          {cmp.runs.map((r, i) => (
            <th key={r.id} data-testid={`compare-col-${r.id}`}>
              <span className="compare-swatch" style={{ background: runColor(i) }} /> {r.name}
              {i === 0 && <span className="run-badge">{t('baseline')}</span>}
              {cmp.otherGraph.includes(r.id) && <span className="run-badge warn" data-testid={`compare-other-graph-${r.id}`}>{t('differentGraph')}</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {cmp.rows.map((row) => (
          <tr key={row.key} data-testid={`compare-row-${row.key}`} data-differs={String(row.differs)} className={row.differs ? 'differs' : undefined}>
            <th scope="row">{t(`rows.${row.key}`)}</th>
            {row.values.map((v, i) => (
              <td key={cmp.runs[i].id} title={v}>{row.key === 'graph' ? v.slice(0, 10) : v}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
