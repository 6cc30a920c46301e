// The bottom panel's feature tabs by id, apart from panels.ts' loaders: a store that names a tab (the
// workbench's) need not import every panel, which import-x/no-cycle counts through the loaders' import().
export const PANEL_IDS = ['training', 'experiments', 'dataset', 'export', 'learn'] as const;
export type PanelId = (typeof PANEL_IDS)[number];
