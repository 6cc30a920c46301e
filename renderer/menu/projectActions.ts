// File actions: new blank project, new from template, open, save, save as, recent — through the host's project
// channels; paths are asked for with choosePath (native dialogs in Electron, the in-app browser in web mode).
// A failed open leaves the current project untouched; unsaved work is confirmed before it is replaced.
import { host } from '../services/host';
import { i18n } from '../i18n';
import { isDirty, useProjectStore } from '../store/projectStore';
import { notify, useNoticesAndDialogs } from '../app/noticesAndDialogs';
import { choosePath, lastBrowsedFolder } from '../files/choosePath';
import { BLANK_TEMPLATE_ID } from '../../src/templates/blank';
import { fileStem } from '../../src/export/formats';
// Starts recording which document load the training session's weights belong to (what Export may write).
import '../export/sessionWeights';

const t = (key: string, opts?: Record<string, unknown>) => i18n.t(key, opts);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** True when there is nothing unsaved, or the user agrees to discard it. */
export const confirmDiscard = () => !isDirty() || window.confirm(t('dialog.discard'));

export async function newFromTemplate(templateId: string, { skipConfirm = false } = {}): Promise<boolean> {
  if (!skipConfirm && !confirmDiscard()) return false;
  try {
    const { doc } = await host.invoke('project.new', { templateId });
    useProjectStore.getState().loadDoc(doc);
    return true;
  } catch (e) {
    notify('error', t('notice.newFailed', { message: errorText(e) }));
    return false;
  }
}

/** File → New blank project: the 'blank' template, the same document the other hosts and the CLI make. */
export const newBlankProject = () => newFromTemplate(BLANK_TEMPLATE_ID);

export async function openPath(path: string): Promise<boolean> {
  try {
    const r = await host.invoke('project.open', { path });
    useProjectStore.getState().loadDoc(r.doc, r.path);
    notify('info', t('notice.opened', { path: r.path }));
    if (r.migratedFrom !== undefined) notify('info', t('notice.migrated', { from: r.migratedFrom }));
    return true;
  } catch (e) {
    notify('error', t('notice.openFailed', { message: errorText(e) }));
    return false;
  }
}

const projectFilters = () => [{ name: i18n.t('files:filters.project'), extensions: ['cnnproj'] }];

export async function openProject(): Promise<boolean> {
  if (!confirmDiscard()) return false;
  const path = await choosePath({ kind: 'open-file', title: i18n.t('files:titles.open'), filters: projectFilters(), defaultPath: useProjectStore.getState().filePath });
  return path ? openPath(path) : false;
}

export async function saveTo(path: string): Promise<boolean> {
  const { doc } = useProjectStore.getState();
  try {
    const r = await host.invoke('project.save', { path, doc });
    // The saved doc is the one sent (an edit during the call keeps the project dirty).
    useProjectStore.getState().markSaved(doc, r.path);
    notify('info', t('notice.saved', { path: r.path, bytes: r.bytes }));
    return true;
  } catch (e) {
    notify('error', t('notice.saveFailed', { message: errorText(e) }));
    return false;
  }
}

export async function saveProjectAs(): Promise<boolean> {
  const { filePath, doc } = useProjectStore.getState();
  const defaultName = `${fileStem(doc.name)}.cnnproj`;
  const defaultPath = filePath ?? lastBrowsedFolder();
  const path = await choosePath({ kind: 'save-file', title: i18n.t('files:titles.saveAs'), filters: projectFilters(), defaultPath, defaultName });
  return path ? saveTo(path) : false;
}

export async function saveProject(): Promise<boolean> {
  const { filePath } = useProjectStore.getState();
  return filePath ? saveTo(filePath) : saveProjectAs();
}

export async function openRecent(path: string): Promise<boolean> {
  return confirmDiscard() ? openPath(path) : false;
}

export const chooseTemplate = () => useNoticesAndDialogs.getState().setTemplateChooser(true);
