// The notices and dialogs store: the notices shown in the corner and whether the template chooser is open.
// Transient; none of it is document state (the web file browser has its own store, renderer/files).
import { create } from 'zustand';

/** A button on a notice (e.g. "Reconnect C1 → C3" after a delete); clicking it runs it and closes the notice. */
export interface NoticeAction {
  label: string;
  run(): void;
}

export interface Notice {
  id: number;
  kind: 'info' | 'error';
  text: string;
  action?: NoticeAction;
}

interface NoticesAndDialogs {
  notices: Notice[];
  templateChooser: boolean;
  /** Shows a notice (replacing one with the same text); returns its id. */
  notify(kind: Notice['kind'], text: string, action?: NoticeAction): number;
  dismiss(id: number): void;
  setTemplateChooser(open: boolean): void;
}

let nextId = 1;

export const useNoticesAndDialogs = create<NoticesAndDialogs>()((set) => ({
  notices: [],
  templateChooser: false,
  notify(kind, text, action) {
    const id = nextId++;
    set((s) => ({ notices: [...s.notices.filter((n) => n.text !== text), { id, kind, text, ...(action ? { action } : {}) }].slice(-4) }));
    return id;
  },
  dismiss: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  setTemplateChooser: (templateChooser) => set({ templateChooser }),
}));

export const notify = (kind: Notice['kind'], text: string, action?: NoticeAction): number => useNoticesAndDialogs.getState().notify(kind, text, action);
