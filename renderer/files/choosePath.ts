// One way to ask the user for a path, in both hosts: Electron's native dialogs (the host's dialog.* channels),
// the in-app file browser (FileBrowser.tsx, served by 'files.list') in a browser or wherever the host has no
// dialog. Resolves with the chosen path, or undefined when cancelled.
import { create } from 'zustand';
import { host } from '../services/host';

export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface ChoosePathOptions {
  kind: 'open-file' | 'save-file' | 'folder';
  title: string;
  filters?: FileFilter[];
  /** A folder to start in, or a file (its folder, the name selected / filled in for a save). */
  defaultPath?: string;
  /** Save: the file name to suggest when defaultPath names none. */
  defaultName?: string;
}

interface BrowserRequest {
  id: number;
  options: ChoosePathOptions;
  resolve(path: string | undefined): void;
}

/** The browser dialog open now (one at a time; a second request cancels the first). */
export const useFileBrowserRequest = create<{ request?: BrowserRequest }>(() => ({}));

/** The folder the browser showed last, where the next one starts when no default is given. */
let lastFolder: string | undefined;
let requests = 0;
export const rememberFolder = (folder: string | undefined) => (lastFolder = folder ?? lastFolder);
export const lastBrowsedFolder = () => lastFolder;

export function browseInApp(options: ChoosePathOptions): Promise<string | undefined> {
  useFileBrowserRequest.getState().request?.resolve(undefined);
  return new Promise((resolve) =>
    useFileBrowserRequest.setState({
      request: {
        id: ++requests,
        options,
        resolve: (path) => {
          useFileBrowserRequest.setState({ request: undefined });
          resolve(path);
        },
      },
    }),
  );
}

async function nativeDialog(o: ChoosePathOptions): Promise<{ path?: string } | undefined> {
  const r =
    o.kind === 'save-file'
      ? await host.invoke('dialog.saveFile', { title: o.title, filters: o.filters, defaultPath: o.defaultPath })
      : await host.invoke('dialog.openFile', { title: o.title, filters: o.filters, directory: o.kind === 'folder' });
  if (!r.supported) return undefined;
  return { path: r.canceled ? undefined : r.path };
}

export async function choosePath(options: ChoosePathOptions): Promise<string | undefined> {
  if (host.mode === 'electron') {
    const native = await nativeDialog(options).catch(() => undefined);
    if (native) return native.path;
  }
  return browseInApp(options);
}
