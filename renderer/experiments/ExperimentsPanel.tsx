// The Experiments tab (#17): every training run kept (Runs), two or more compared (Compare), a run's
// robustness measured (Robustness) and hyper-parameter sweeps (Sweeps). Each view loads on first use.
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { EXPERIMENT_TABS, useExperiments, type ExperimentTab } from './experimentsStore';
import './experiments.css';

const views: Record<ExperimentTab, LazyExoticComponent<ComponentType>> = {
  runs: lazy(() => import('./runs/RunsView')),
  compare: lazy(() => import('./compare/CompareView')),
  robustness: lazy(() => import('./robustness/RobustnessLab')),
  sweeps: lazy(() => import('./sweeps/SweepsView')),
};

export default function ExperimentsPanel() {
  const { t } = useTranslation('experiments');
  const { t: tt } = useTranslation();
  const tab = useExperiments((s) => s.tab);
  const setTab = useExperiments((s) => s.setTab);
  const picked = useExperiments((s) => s.selected.length);
  const runs = useProjectStore((s) => s.doc.runs?.length ?? 0);
  const View = views[tab];
  return (
    <div className="experiments" data-testid="experiments-panel">
      <nav className="experiments-tabs" role="tablist" aria-label={tt('panels.experiments')}>
        {EXPERIMENT_TABS.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={tab === id} className={tab === id ? 'exp-tab active' : 'exp-tab'} data-testid={`exp-tab-${id}`} onClick={() => setTab(id)}>
            {t(`tabs.${id}`)}
          </button>
        ))}
        <span className="spacer" />
        <span className="muted experiments-count" data-testid="experiments-count">
          {t('count', { count: runs })}
          {picked > 0 ? ` · ${t('picked', { count: picked })}` : ''}
        </span>
      </nav>
      <div className="experiments-body" role="tabpanel">
        <Suspense fallback={<p className="muted">{tt('panels.loading')}</p>}>
          <View />
        </Suspense>
      </div>
    </div>
  );
}
