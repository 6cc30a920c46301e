// VS Code's layout shortcuts: Ctrl/Cmd+B the layers palette, Ctrl/Cmd+Alt+B the inspector, Ctrl/Cmd+J the
// bottom panel. One keydown listener on the window; they work while typing too, as in VS Code.
import { useEffect } from 'react';
import { useWorkbench, type CollapsiblePanel } from './workbenchStore';

const isMac = () => typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The panel a key press toggles, or undefined. */
export function layoutShortcutOf(e: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): CollapsiblePanel | undefined {
  if (!(e.ctrlKey || e.metaKey) || e.shiftKey) return undefined;
  // e.code, because Alt changes e.key on macOS (Alt+B types "∫").
  if (e.code === 'KeyB' || e.key.toLowerCase() === 'b') return e.altKey ? 'inspector' : 'palette';
  if (!e.altKey && (e.code === 'KeyJ' || e.key.toLowerCase() === 'j')) return 'bottom';
  return undefined;
}

/** The shortcut's label for tooltips: "Ctrl+B", or "⌘B" on a Mac. */
export function shortcutLabel(panel: CollapsiblePanel): string {
  const mac = isMac();
  const mod = mac ? '⌘' : 'Ctrl+';
  const alt = mac ? '⌥' : 'Alt+';
  return panel === 'palette' ? `${mod}B` : panel === 'inspector' ? `${mod}${alt}B` : `${mod}J`;
}

export function useLayoutShortcuts() {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat) return;
      const panel = layoutShortcutOf(e);
      if (!panel) return;
      e.preventDefault(); // Chromium's Ctrl+J opens the downloads page
      useWorkbench.getState().toggle(panel);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
