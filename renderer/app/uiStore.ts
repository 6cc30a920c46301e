// Transient UI state outside the document: notices, the path prompt (web mode has no native file dialog),
// the template chooser, and the status-bar slot other features fill (the training backend's name).
import { create } from 'zustand';

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
}

export interface PathPromptState {
  kind: 'open' | 'save';
  defaultPath?: string;
  resolve(path: string | undefined): void;
}

interface UiState {
  notices: Notice[];
  pathPrompt?: PathPromptState;
  templateChooser: boolean;
  /** Name of the compute backend in use (e.g. "webgl"); set by the training feature via setBackendName. */
  backendName?: string;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
  setTemplateChooser(open: boolean): void;
}

let nextId = 1;

export const useUiStore = create<UiState>()((set) => ({
  notices: [],
  templateChooser: false,
  notify: (kind, text) =>
    set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id: nextId++, kind, text }].slice(-4) })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setTemplateChooser: (templateChooser) => set({ templateChooser }),
}));

export const notify = (kind: Notice['kind'], text: string) => useUiStore.getState().notify(kind, text);

/** Shows the in-app path prompt; resolves with the entered path, or undefined when cancelled. */
export function askPath(kind: 'open' | 'save', defaultPath?: string): Promise<string | undefined> {
  return new Promise((resolve) =>
    useUiStore.setState({
      pathPrompt: {
        kind,
        defaultPath,
        resolve: (p) => {
          useUiStore.setState({ pathPrompt: undefined });
          resolve(p);
        },
      },
    }),
  );
}

export const setBackendName = (backendName: string | undefined) => useUiStore.setState({ backendName });
