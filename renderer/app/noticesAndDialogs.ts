// The notices and dialogs store: the notices shown in the corner, the path prompt (web mode has no native
// file dialog) and whether the template chooser is open. Transient; none of it is document state.
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

interface NoticesAndDialogs {
  notices: Notice[];
  pathPrompt?: PathPromptState;
  templateChooser: boolean;
  notify(kind: Notice['kind'], text: string): void;
  dismiss(id: number): void;
  setTemplateChooser(open: boolean): void;
  setPathPrompt(prompt: PathPromptState | undefined): void;
}

let nextId = 1;

export const useNoticesAndDialogs = create<NoticesAndDialogs>()((set) => ({
  notices: [],
  templateChooser: false,
  notify: (kind, text) =>
    set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id: nextId++, kind, text }].slice(-4) })),
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setTemplateChooser: (templateChooser) => set({ templateChooser }),
  setPathPrompt: (pathPrompt) => set({ pathPrompt }),
}));

export const notify = (kind: Notice['kind'], text: string) => useNoticesAndDialogs.getState().notify(kind, text);

/** Shows the in-app path prompt; resolves with the entered path, or undefined when cancelled. */
export function askPath(kind: 'open' | 'save', defaultPath?: string): Promise<string | undefined> {
  const { setPathPrompt } = useNoticesAndDialogs.getState();
  return new Promise((resolve) =>
    setPathPrompt({
      kind,
      defaultPath,
      resolve: (p) => {
        setPathPrompt(undefined);
        resolve(p);
      },
    }),
  );
}
