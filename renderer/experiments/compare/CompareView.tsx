// The Compare view (#17): the picked runs' curves overlaid, their settings and metrics side by side with the
// differences highlighted, and each run's graph diffed against the first picked (the baseline). Runs that
// trained another graph are labelled so; a damaged record is refused with the reason.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { compareRuns, overlayCurves } from '../../../src/experiments/compareRuns';
import type { RunRecord } from '../../../src/experiments/runRecord';
import { useProjectStore } from '../../store/projectStore';
import { useExperiments } from '../experimentsStore';
import { CompareCurves } from './CompareCurves';
import { CompareTable } from './CompareTable';
import { DiffCanvas } from './DiffCanvas';
import './compare.css';

export default function CompareView() {
  const { t } = useTranslation('compare');
  const runs = useProjectStore((s) => s.doc.runs);
  const graph = useProjectStore((s) => s.doc.graph);
  const selected = useExperiments((s) => s.selected);
  const picked = useMemo(() => selected.map((id) => runs?.find((r) => r.id === id)).filter((r): r is RunRecord => !!r), [selected, runs]);
  const cmp = useMemo(() => compareRuns(picked, graph), [picked, graph]);
  const curves = useMemo(() => overlayCurves(picked), [picked]);
  const names = useMemo(() => picked.map((r) => r.name), [picked]);
  if (picked.length < 2)
    return (
      <p className="muted compare-empty" data-testid="compare-empty">
        {picked.length < selected.length ? `${t('missing')} ` : ''}
        {t('needTwo')}
      </p>
    );
  if (!cmp.ok)
    return (
      <p className="compare-refused" role="alert" data-testid="compare-refused">
        {t('refused', { message: cmp.message })}
      </p>
    );
  const c = cmp.value;
  return (
    <div className="compare-view" data-testid="compare-view">
      <div className="compare-charts">
        <CompareCurves curves={curves} names={names} kind="loss" />
        <CompareCurves curves={curves} names={names} kind="acc" />
      </div>
      <CompareTable cmp={c} />
      {c.runs.slice(1).map((r, i) => {
        const d = c.diffs[i];
        return d ? (
          <DiffCanvas key={r.id} a={c.runs[0]} b={r} diff={d} />
        ) : (
          <p key={r.id} className="muted" data-testid={`compare-same-${r.id}`}>
            {t('sameGraph', { a: c.runs[0].name, b: r.name })}
          </p>
        );
      })}
    </div>
  );
}
