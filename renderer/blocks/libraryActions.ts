// Export… / Import… of a block library (.cnnblocks) in both hosts: the path from choosePath (native dialogs in
// Electron, the in-app browser in web mode), the file through the host's blocks.* channels. The text is parsed
// here (src/blocks/libraryFile.ts) so a refusal is worded in the user's language; a refused or unreadable
// file never reaches the store, so the project stays as it was.
import { host } from '../services/host';
import { i18n } from '../i18n';
import { useProjectStore } from '../store/projectStore';
import { notify } from '../app/noticesAndDialogs';
import { choosePath, lastBrowsedFolder } from '../files/choosePath';
import { joinPath, splitPath } from '../files/pathParts';
import { fileStem } from '../../src/export/formats';
import { BLOCK_LIBRARY_EXTENSION, blockLibraryOf, parseBlockLibrary, type BlockLibraryProblem, type BlockMergeReport } from '../../src/blocks/libraryFile';

const t = (key: string, opts?: Record<string, unknown>) => i18n.t(`blockLibrary:${key}`, opts);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
const filters = () => [{ name: t('dialog.filter'), extensions: [BLOCK_LIBRARY_EXTENSION.slice(1)] }];

/** The open project's folder (where a library is first looked for), else the folder browsed last. */
function startFolder(): { folder?: string; sep: string } {
  const file = useProjectStore.getState().filePath;
  const folder = file ? splitPath(file).folder : lastBrowsedFolder();
  return { folder, sep: folder?.includes('\\') && !folder.includes('/') ? '\\' : '/' };
}

export const problemText = (p: BlockLibraryProblem): string =>
  t(`problem.${p.code}`, { ...p, ...(p.code === 'not-a-library' ? { format: p.format ?? t('unknownFormat') } : {}) });

export function mergeReportText(file: string, r: BlockMergeReport): string {
  const quoted = (names: string[]) => names.map((n) => `“${n}”`).join(', ');
  const parts = [
    ...(r.added.length ? [t('added', { names: quoted(r.added) })] : []),
    ...(r.renamed.length ? [t('renamed', { names: r.renamed.map((x) => t('renamedOne', x)).join(', ') })] : []),
    ...(r.skipped.length ? [t('skipped', { names: quoted(r.skipped) })] : []),
  ];
  return `${t('imported', { file })} ${(parts.length ? parts : [t('nothingNew')]).join('; ')}.`;
}

/** Saves the project's definitions (or the named ones, with every block they nest) to a file the user picks. */
export async function exportBlockLibrary(blockIds?: string[]): Promise<boolean> {
  const { doc } = useProjectStore.getState();
  const library = blockLibraryOf(doc.graph, blockIds);
  if (!library.blocks.length) {
    notify('error', t('nothingToExport'));
    return false;
  }
  const name = `${fileStem(doc.name)}-blocks${BLOCK_LIBRARY_EXTENSION}`;
  const { folder, sep } = startFolder();
  const path = await choosePath({ kind: 'save-file', title: t('dialog.export'), filters: filters(), defaultPath: folder ? joinPath(folder, name, sep) : undefined, defaultName: name });
  if (!path) return false;
  try {
    const r = await host.invoke('blocks.saveLibrary', { path, library });
    notify('info', t('exported', { count: r.count, path: r.path }));
    return true;
  } catch (e) {
    notify('error', t('saveFailed', { message: errorText(e) }));
    return false;
  }
}

/** Reads, checks and merges one library file; false (and a notice saying why) when nothing was imported. */
export async function importBlockLibraryFrom(path: string): Promise<boolean> {
  let text: string;
  try {
    text = (await host.invoke('blocks.readLibrary', { path })).text;
  } catch (e) {
    notify('error', t('readFailed', { message: errorText(e) }));
    return false;
  }
  const file = splitPath(path).name;
  const parsed = parseBlockLibrary(text);
  if (!parsed.ok) {
    notify('error', t('refused', { file, reason: problemText(parsed.problem) }));
    return false;
  }
  notify('info', mergeReportText(file, useProjectStore.getState().importBlocks(parsed.library)));
  return true;
}

export async function importBlockLibrary(): Promise<boolean> {
  const { folder } = startFolder();
  const path = await choosePath({ kind: 'open-file', title: t('dialog.import'), filters: filters(), defaultPath: folder });
  return path ? importBlockLibraryFrom(path) : false;
}
