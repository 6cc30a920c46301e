// The bottom tab area: Problems first, then the feature panels from panels.ts (loaded on first view).
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import { useProjectStore } from '../store/projectStore';
import { panels } from './panels';

export function BottomTabs() {
  const { t } = useTranslation();
  const [active, setActive] = useState('problems');
  const [collapsed, setCollapsed] = useState(false);
  const issueCount = useProjectStore((s) => s.analysis?.issues.length ?? 0);
  const lazies = useMemo(() => Object.fromEntries(panels.map((p) => [p.id, lazy(p.load)])), []);
  const Active = lazies[active];
  const tabs = [{ id: 'problems', title: `${t('problems.title')} (${issueCount})` }, ...panels.map((p) => ({ id: p.id, title: t(p.titleKey) }))];
  return (
    <section className={`app-bottom ${collapsed ? 'collapsed' : ''}`}>
      <nav className="tabs" role="tablist">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            role="tab"
            aria-selected={active === tab.id}
            data-testid={`tab-${tab.id}`}
            className={active === tab.id ? 'tab active' : 'tab'}
            onClick={() => {
              setActive(tab.id);
              setCollapsed(false);
            }}
          >
            {tab.title}
          </button>
        ))}
        <span className="spacer" />
        <button className="tab" aria-label={t('panels.hide')} title={t('panels.hide')} onClick={() => setCollapsed(!collapsed)}>
          {collapsed ? '▴' : '▾'}
        </button>
      </nav>
      {!collapsed && (
        <div className="tab-body">
          {active === 'problems' ? (
            <ProblemsPanel />
          ) : (
            <Suspense fallback={<p className="muted">{t('panels.loading')}</p>}>{Active && <Active />}</Suspense>
          )}
        </div>
      )}
    </section>
  );
}
