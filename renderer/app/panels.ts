// Feature panels shown in the bottom tab area beside Problems, written out: each loads its own module.
import type { ComponentType } from 'react';
import type { PanelId } from './panelIds';

export interface PanelDef {
  id: PanelId;
  /** i18n key of the tab title (namespace "translation"). */
  titleKey: string;
  load: () => Promise<{ default: ComponentType }>;
}

export const panels: readonly PanelDef[] = [
  { id: 'training', titleKey: 'panels.training', load: () => import('../training/TrainingPanel') },
  { id: 'experiments', titleKey: 'panels.experiments', load: () => import('../experiments/ExperimentsPanel') },
  { id: 'dataset', titleKey: 'panels.dataset', load: () => import('../dataset/DatasetPanel') },
  { id: 'export', titleKey: 'panels.export', load: () => import('../export/ExportPanel') },
  { id: 'learn', titleKey: 'panels.learn', load: () => import('../learn/LearnPanel') },
];
