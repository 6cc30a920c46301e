// Editor keyboard shortcuts. Ignored while typing in a field, so Ctrl+Z there undoes text, not the graph.
// Delete/Backspace are handled by React Flow itself (deleteKeyCode).
import { useEffect } from 'react';
import { redo, undo, useProjectStore } from '../store/projectStore';
import { openProject, saveProject, saveProjectAs } from '../menu/projectActions';

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

export function handleShortcut(e: KeyboardEvent): boolean {
  const mod = e.ctrlKey || e.metaKey;
  if (!mod) return false;
  const key = e.key.toLowerCase();
  const s = useProjectStore.getState();
  if (key === 's') void (e.shiftKey ? saveProjectAs() : saveProject());
  else if (key === 'o') void openProject();
  else if (isTyping(e.target)) return false;
  else if (key === 'z' && e.shiftKey) redo();
  else if (key === 'z') undo();
  else if (key === 'y') redo();
  else if (key === 'c') s.copySelection();
  else if (key === 'v') s.paste();
  else if (key === 'd') s.duplicate();
  else return false;
  return true;
}

export function useShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (handleShortcut(e)) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
