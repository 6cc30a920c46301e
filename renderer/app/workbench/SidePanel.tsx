// A collapsible side panel (the layers palette, the inspector): its content with a hide button in the top
// corner; collapsed, a narrow rail with the panel's name that opens it again.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { shortcutLabel } from './layoutShortcuts';
import { useWorkbench } from './workbenchStore';

export function SidePanel({ side, title, children }: { side: 'palette' | 'inspector'; title: string; children: ReactNode }) {
  const { t } = useTranslation('workbench');
  const collapsed = useWorkbench((s) => (side === 'palette' ? s.paletteCollapsed : s.inspectorCollapsed));
  const setCollapsed = useWorkbench((s) => s.setCollapsed);
  const keys = shortcutLabel(side);
  // The arrow points where the panel goes: the palette hides to the left, the inspector to the right.
  const [hideArrow, showArrow] = side === 'palette' ? ['‹', '›'] : ['›', '‹'];
  if (collapsed) {
    const label = t('showSide', { name: title, keys });
    return (
      <button type="button" className={`side-rail side-rail-${side}`} data-testid={`show-${side}`} aria-label={label} title={label} onClick={() => setCollapsed(side, false)}>
        <span aria-hidden="true">{showArrow}</span>
        <span className="side-rail-title">{title}</span>
      </button>
    );
  }
  const label = t('hideSide', { name: title, keys });
  return (
    <div className={`side-panel side-panel-${side}`}>
      {children}
      <button type="button" className="side-hide" data-testid={`hide-${side}`} aria-label={label} title={label} onClick={() => setCollapsed(side, true)}>
        {hideArrow}
      </button>
    </div>
  );
}
