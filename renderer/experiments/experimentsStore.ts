// View state of the Experiments panel: which sub-tab is open and which runs are picked (Compare draws them,
// Robustness offers them as overlays). Not document state: nothing here is saved or undone.
import { create } from 'zustand';

export const EXPERIMENT_TABS = ['runs', 'compare', 'robustness', 'sweeps'] as const;
export type ExperimentTab = (typeof EXPERIMENT_TABS)[number];

export interface ExperimentsState {
  tab: ExperimentTab;
  /** Run ids in the order they were picked; the first is the baseline a comparison diffs against. */
  selected: string[];
  setTab(tab: ExperimentTab): void;
  toggleSelected(id: string): void;
  setSelected(ids: string[]): void;
}

export const useExperiments = create<ExperimentsState>()((set) => ({
  tab: 'runs',
  selected: [],
  setTab: (tab) => set({ tab }),
  toggleSelected: (id) => set((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((x) => x !== id) : [...s.selected, id] })),
  setSelected: (selected) => set({ selected }),
}));
