// The bottom panel: a tab bar (Problems first, then the feature panels from panels.ts, loaded on first
// view) with maximise and hide buttons, over the active tab's body. Which tab, collapsed and maximised live
// in the workbench store; the panel's size is the Workbench's.
//
// CSS contract for feature panels: `.panel-body` is a flex column of definite height (min-height 0) under
// the tab bar; its child is exactly as tall (`height: 100%`, `min-height: 0`), so a panel can fill it and
// scroll its own parts (`overflow: auto` on them). What overflows the child scrolls the body as a whole.
import { lazy, Suspense, useMemo, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ProblemsPanel } from '../problems/ProblemsPanel';
import { useProjectStore } from '../store/projectStore';
import { panels } from './panels';
import { shortcutLabel } from './workbench/layoutShortcuts';
import { useWorkbench } from './workbench/workbenchStore';

export function BottomTabs() {
  const { t } = useTranslation();
  const { t: tw } = useTranslation('workbench');
  const active = useWorkbench((s) => s.activeTab);
  const collapsed = useWorkbench((s) => s.bottomCollapsed);
  const maximised = useWorkbench((s) => s.bottomMaximised);
  const { showTab, toggle, toggleMaximised } = useWorkbench.getState();
  const issueCount = useProjectStore((s) => s.analysis?.issues.length ?? 0);
  const lazies = useMemo(() => Object.fromEntries(panels.map((p) => [p.id, lazy(p.load)])), []);
  const Active = lazies[active];
  const tabs = [{ id: 'problems', title: `${t('problems.title')} (${issueCount})` }, ...panels.map((p) => ({ id: p.id, title: t(p.titleKey) }))];
  const keys = shortcutLabel('bottom');
  const hideLabel = collapsed ? tw('showPanel', { keys }) : tw('hidePanel', { keys });
  const maximiseLabel = maximised ? tw('restore') : tw('maximise');
  // As in VS Code: a double click on the tab bar's empty part maximises or restores.
  const onBarDoubleClick = (e: MouseEvent) => {
    if (!(e.target as HTMLElement).closest('button')) toggleMaximised();
  };
  return (
    <section className={`app-bottom${collapsed ? ' collapsed' : ''}${maximised ? ' maximised' : ''}`} data-testid="bottom-panel">
      <nav className="tabs" role="tablist" onDoubleClick={onBarDoubleClick} data-testid="bottom-tab-bar">
        {tabs.map((tab) => (
          <button
            key={tab.id}
            type="button"
            role="tab"
            aria-selected={active === tab.id}
            data-testid={`tab-${tab.id}`}
            className={active === tab.id ? 'tab active' : 'tab'}
            onClick={() => showTab(tab.id)}
          >
            {tab.title}
          </button>
        ))}
        <span className="spacer" />
        <button type="button" className="tab-tool" data-testid="panel-maximise" aria-pressed={maximised} aria-label={maximiseLabel} title={maximiseLabel} onClick={toggleMaximised}>
          {maximised ? '⤡' : '⤢'}
        </button>
        {/* Named "Hide panel" (panels.hide) for screen readers and tests that look it up by name. */}
        <button type="button" className="tab-tool" data-testid="panel-toggle" aria-label={t('panels.hide')} aria-expanded={!collapsed} title={hideLabel} onClick={() => toggle('bottom')}>
          {collapsed ? '▴' : '▾'}
        </button>
      </nav>
      <div className="panel-body tab-body" role="tabpanel" hidden={collapsed} data-testid="panel-body">
        {active === 'problems' ? (
          <ProblemsPanel />
        ) : (
          <Suspense fallback={<p className="muted">{t('panels.loading')}</p>}>{Active && <Active />}</Suspense>
        )}
      </div>
    </section>
  );
}
