// Editor keyboard shortcuts. Ignored while typing in a field, so Ctrl+Z there undoes text and Ctrl+A
// selects the field's text, not the graph. Delete/Backspace are handled by React Flow itself (deleteKeyCode).
import { useEffect } from 'react';
import { redo, undo, useProjectStore } from '../store/projectStore';
import { openProject, saveProject, saveProjectAs } from '../menu/projectActions';
import { i18n } from '../i18n';
import { startMakeBlock } from '../blocks/MakeBlock';
import { startRepeat } from '../blocks/RepeatCommand';

const isTyping = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));

/** An empty field marked data-graph-undo (the quick-add box, emptied by its Enter): Ctrl+Z there undoes the graph. */
const emptyGraphUndoField = (el: EventTarget | null) => el instanceof HTMLInputElement && el.dataset.graphUndo !== undefined && el.value === '';

export function handleShortcut(e: KeyboardEvent): boolean {
  const s = useProjectStore.getState();
  if (e.key === 'Escape') {
    // Clears the selection, as design tools do; not consumed, so an open dialog or menu still closes too.
    if (!isTyping(e.target) && (s.selection.nodes.length || s.selection.edges.length)) s.select({ nodes: [], edges: [] });
    return false;
  }
  const mod = e.ctrlKey || e.metaKey;
  if (!mod) return false;
  const key = e.key.toLowerCase();
  if (key === 's') void (e.shiftKey ? saveProjectAs() : saveProject());
  else if (key === 'o') void openProject();
  else if (isTyping(e.target) && !((key === 'z' || key === 'y') && emptyGraphUndoField(e.target))) return false;
  else if (key === 'z' && e.shiftKey) redo();
  else if (key === 'z') undo();
  else if (key === 'y') redo();
  else if (key === 'a') s.selectAll();
  else if (key === 'c') s.copySelection();
  else if (key === 'v') s.paste();
  else if (key === 'd') s.duplicate();
  else if ((key === 'k' || e.code === 'KeyK') && e.altKey) startMakeBlock(i18n.getFixedT(null, 'blocks'));
  else if ((key === 'r' || e.code === 'KeyR') && e.altKey) startRepeat(i18n.getFixedT(null, 'blocks'));
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
