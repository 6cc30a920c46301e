// The Sweeps sub-tab: axes editor, Start/Cancel/Resume, progress, results table and parallel coordinates.
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { axisLabel, planSweep } from '../../../src/experiments/sweep';
import type { RunRecord } from '../../../src/experiments/runRecord';
import { useProjectStore } from '../../store/projectStore';
import { ParallelCoordinates } from './ParallelCoordinates';
import { ResultsTable } from './ResultsTable';
import { axisOptions, paramSpecs, SweepAxisRow, type AxisDraft } from './SweepForm';
import { specFromDrafts, type DraftForm } from './specFromDrafts';
import { cancelSweep, doneFromRuns, runSweep, useSweeps } from './sweepRunner';
import { nextTrials } from '../../../src/experiments/sweep';
import './sweeps.css';

const newAxis = (): AxisDraft => ({ kind: 'setting', key: 'learningRate', node: '', param: '', text: '', picked: [] });

export default function SweepsView() {
  const { t } = useTranslation('sweeps');
  const [axes, setAxes] = useState<AxisDraft[]>([]);
  const [form, setForm] = useState<DraftForm>({ mode: 'grid', trials: '', seed: '1', patience: '2' });
  const { state, running, current, error } = useSweeps();
  const runs = useProjectStore((s) => s.doc.runs);
  const draft = specFromDrafts(axes, form, (a) => ({ options: axisOptions(a as AxisDraft), spec: a.kind === 'param' ? paramSpecs(a.node).find((s) => s.name === a.param) : undefined }));
  const count = draft.ok ? planSweep(draft.spec).length : 0;

  const plan = useMemo(() => (state ? planSweep(state.spec) : []), [state]);
  const labels = state ? state.spec.axes.map(axisLabel) : [];
  const byTrial = useMemo(() => {
    const m = new Map<number, RunRecord>();
    if (state) for (const r of runs ?? []) if (r.sweep?.id === state.id) m.set(r.sweep.trial, r);
    return m;
  }, [runs, state]);
  const left = state && !running ? nextTrials(plan, { ...state, done: doneFromRuns(runs ?? [], state.id) }).length : 0;
  const shownError = error ?? (axes.length > 0 && !draft.ok ? draft.message : undefined);

  return (
    <div className="sweeps-view">
      <p className="sweep-hint">{t('intro')}</p>
      {axes.map((a, i) => (
        <SweepAxisRow key={i} axis={a} i={i} disabled={running} onChange={(na) => setAxes(axes.map((x, j) => (j === i ? na : x)))} onRemove={() => setAxes(axes.filter((_, j) => j !== i))} />
      ))}
      {axes.length === 0 && <p className="sweep-hint">{t('noAxes')}</p>}
      <div className="sweep-controls">
        <button data-testid="sweep-add-axis" disabled={running} onClick={() => setAxes([...axes, newAxis()])}>{t('addAxis')}</button>
        <label>{t('mode.label')} <select data-testid="sweep-mode" value={form.mode} disabled={running} onChange={(e) => setForm({ ...form, mode: e.target.value as DraftForm['mode'] })}>
          <option value="grid">{t('mode.grid')}</option><option value="random">{t('mode.random')}</option>
        </select></label>
        <label>{t('trials')} <input data-testid="sweep-trials" className="sweep-num" value={form.trials} disabled={running} placeholder={form.mode === 'random' ? '8' : '—'} onChange={(e) => setForm({ ...form, trials: e.target.value })} /></label>
        {form.mode === 'random' && <label>{t('seed')} <input data-testid="sweep-seed" className="sweep-num" value={form.seed} disabled={running} onChange={(e) => setForm({ ...form, seed: e.target.value })} /></label>}
        <label>{t('patience')} <input data-testid="sweep-patience" className="sweep-num" value={form.patience} disabled={running} onChange={(e) => setForm({ ...form, patience: e.target.value })} /></label>
        <span data-testid="sweep-count">{t('count', { count })}</span>
        <button data-testid="sweep-start" className="primary" disabled={running || !draft.ok} onClick={() => draft.ok && void runSweep(draft.spec)}>{t('start')}</button>
        {running && <button data-testid="sweep-cancel" onClick={cancelSweep}>{t('cancel')}</button>}
        {!running && left > 0 && <button data-testid="sweep-resume" onClick={() => void runSweep()}>{t('resume', { count: left })}</button>}
      </div>
      {shownError && <p className="sweep-error" data-testid="sweep-error" role="alert">{shownError}</p>}
      {current && <p data-testid="sweep-progress">{t('progress', { k: current.k, n: current.n, name: Object.entries(current.trial.values).map(([k, v]) => `${k}=${v}`).join(' ') })}</p>}
      {state ? (
        <div className="sweep-output">
          <ResultsTable plan={plan} labels={labels} runs={byTrial} />
          <ParallelCoordinates plan={plan} labels={labels} runs={byTrial} title={t('parcoords')} />
        </div>
      ) : <p className="sweep-hint">{t('noResults')}</p>}
    </div>
  );
}
