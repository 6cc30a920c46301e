// The workbench layout store: what the person chose (layoutPrefs.ts), kept in localStorage. Buttons and
// shortcuts write the wanted state here; Workbench.tsx moves the resizable panels to match, and reports
// drags (sizes, collapsing by dragging past the minimum) back.
import { create } from 'zustand';
import { PANEL_IDS } from '../panelIds';
import { readLayoutPrefs, withKnownTab, writeLayoutPrefs, type LayoutPrefs } from './layoutPrefs';

export type CollapsiblePanel = 'palette' | 'inspector' | 'bottom';

export const TAB_IDS: readonly string[] = ['problems', ...PANEL_IDS];

const COLLAPSED_KEY = { palette: 'paletteCollapsed', inspector: 'inspectorCollapsed', bottom: 'bottomCollapsed' } as const;

interface WorkbenchActions {
  toggle(panel: CollapsiblePanel): void;
  setCollapsed(panel: CollapsiblePanel, collapsed: boolean): void;
  /** Maximising opens a collapsed bottom panel; collapsing a maximised one restores it first. */
  setMaximised(maximised: boolean): void;
  toggleMaximised(): void;
  /** Shows a bottom tab, opening the panel if it was collapsed. */
  showTab(id: string): void;
  recordSizes(sizes: Partial<Pick<LayoutPrefs, 'paletteWidth' | 'inspectorWidth' | 'bottomPercent'>>): void;
}

const storage = () => (typeof localStorage === 'undefined' ? undefined : localStorage);

export const useWorkbench = create<LayoutPrefs & WorkbenchActions>()((set, get) => ({
  ...withKnownTab(readLayoutPrefs(storage()), TAB_IDS),
  toggle(panel) {
    get().setCollapsed(panel, !get()[COLLAPSED_KEY[panel]]);
  },
  setCollapsed(panel, collapsed) {
    if (get()[COLLAPSED_KEY[panel]] === collapsed) return;
    set(panel === 'bottom' && collapsed ? { bottomCollapsed: true, bottomMaximised: false } : { [COLLAPSED_KEY[panel]]: collapsed });
  },
  setMaximised(maximised) {
    set(maximised ? { bottomMaximised: true, bottomCollapsed: false } : { bottomMaximised: false });
  },
  toggleMaximised() {
    get().setMaximised(!get().bottomMaximised);
  },
  showTab(id) {
    if (!TAB_IDS.includes(id)) return;
    set({ activeTab: id, bottomCollapsed: false });
  },
  recordSizes(sizes) {
    const s = get();
    const changed = Object.fromEntries(Object.entries(sizes).filter(([k, v]) => v !== undefined && Math.abs(v - s[k as keyof typeof sizes]) >= 0.5));
    if (Object.keys(changed).length > 0) set(changed);
  },
}));

function prefsOf(s: LayoutPrefs): LayoutPrefs {
  const { paletteWidth, inspectorWidth, bottomPercent, paletteCollapsed, inspectorCollapsed, bottomCollapsed, bottomMaximised, activeTab } = s;
  return { paletteWidth, inspectorWidth, bottomPercent, paletteCollapsed, inspectorCollapsed, bottomCollapsed, bottomMaximised, activeTab };
}

// Written a moment after the last change, so a drag (one change per pointer move) writes once.
// A reload right after a change writes it on pagehide.
let pending: ReturnType<typeof setTimeout> | undefined;
const writeNow = () => {
  clearTimeout(pending);
  pending = undefined;
  writeLayoutPrefs(storage(), prefsOf(useWorkbench.getState()));
};
useWorkbench.subscribe(() => {
  clearTimeout(pending);
  pending = setTimeout(writeNow, 150);
});
if (typeof window !== 'undefined') window.addEventListener('pagehide', () => pending !== undefined && writeNow());
