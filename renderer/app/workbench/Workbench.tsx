// The area between menu bar and status bar, laid out like VS Code's workbench: palette | canvas | inspector
// over the bottom panel, which spans the window's width so training charts and dataset results get room.
// Every separator drags (and moves with the arrow keys); palette, inspector and bottom panel collapse; the
// bottom panel maximises over the rest. What the person chose lives in the workbench store (localStorage).
import { useEffect, useState, type ReactNode, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import { Group, Panel, usePanelRef, type LayoutChangedMeta, type PanelImperativeHandle, type PanelSize } from 'react-resizable-panels';
import { Canvas } from '../../canvas/Canvas';
import { Inspector } from '../../inspector/Inspector';
import { Palette } from '../../palette/Palette';
import { BottomTabs } from '../BottomTabs';
import { BOTTOM, INSPECTOR, PALETTE, RAIL_PX, TAB_BAR_PX } from './layoutPrefs';
import { useLayoutShortcuts } from './layoutShortcuts';
import { ResizeHandle } from './ResizeHandle';
import { SidePanel } from './SidePanel';
import { useWorkbench, type CollapsiblePanel } from './workbenchStore';

// Separators are thin lines; this is the area around them that grabs the pointer.
const HIT_AREA = { fine: 12, coarse: 24 };

/** Moves a panel to the wanted collapsed state (button, shortcut, tab click), reopening it at its remembered size. */
function useCollapsedSync(ref: RefObject<PanelImperativeHandle | null>, collapsed: boolean, openSize: () => number | string) {
  useEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    if (collapsed && !panel.isCollapsed()) panel.collapse();
    else if (!collapsed && panel.isCollapsed()) panel.resize(openSize());
    // openSize reads the store when the state changes; it is not a trigger.
  }, [ref, collapsed]);
}

/** Follows a panel's collapsed state while it is dragged: at its collapsed size it is collapsed. */
function onCollapsedResize(panel: CollapsiblePanel, collapsedPx: number) {
  return (size: PanelSize, _id: unknown, previous: PanelSize | undefined) => {
    const s = useWorkbench.getState();
    // The mount report (no previous size) may come before the window is measured; the store already holds the start.
    if (!previous || size.inPixels === 0 || (s.bottomMaximised && panel === 'bottom')) return;
    s.setCollapsed(panel, size.inPixels <= collapsedPx + 1);
  };
}

/** The size to reopen at, kept when a drag ends (not during it, so a drag that collapses keeps the size before). */
function openSizeOf(ref: RefObject<PanelImperativeHandle | null>, meta: LayoutChangedMeta): PanelSize | undefined {
  const panel = ref.current;
  return meta.isUserInteraction && panel && !panel.isCollapsed() ? panel.getSize() : undefined;
}

/**
 * The palette's or the inspector's column: a pixel-sized panel that collapses to a rail. A function, not a
 * component, so the Group's child is the <Panel> itself.
 */
function sidePanel(side: 'palette' | 'inspector', ref: RefObject<PanelImperativeHandle | null>, bounds: { minPx: number; maxPx: number }, defaultSize: number, title: string, body: ReactNode) {
  return (
    <Panel
      id={`workbench-${side}`}
      panelRef={ref}
      collapsible
      collapsedSize={RAIL_PX}
      minSize={bounds.minPx}
      maxSize={bounds.maxPx}
      defaultSize={defaultSize}
      groupResizeBehavior="preserve-pixel-size"
      onResize={onCollapsedResize(side, RAIL_PX)}
    >
      <SidePanel side={side} title={title}>
        {body}
      </SidePanel>
    </Panel>
  );
}

export function Workbench() {
  const { t } = useTranslation();
  const { t: tw } = useTranslation('workbench');
  const paletteRef = usePanelRef();
  const inspectorRef = usePanelRef();
  const bottomRef = usePanelRef();
  // Initial sizes only (a changed defaultSize would move the panel): afterwards the panels own their sizes.
  const [initial] = useState(() => useWorkbench.getState());
  const paletteCollapsed = useWorkbench((s) => s.paletteCollapsed);
  const inspectorCollapsed = useWorkbench((s) => s.inspectorCollapsed);
  const bottomCollapsed = useWorkbench((s) => s.bottomCollapsed);
  const maximised = useWorkbench((s) => s.bottomMaximised);
  const recordSizes = useWorkbench((s) => s.recordSizes);
  const onColumnsChanged = (_: unknown, meta: LayoutChangedMeta) => {
    const palette = openSizeOf(paletteRef, meta);
    const inspector = openSizeOf(inspectorRef, meta);
    recordSizes({ paletteWidth: palette && Math.round(palette.inPixels), inspectorWidth: inspector && Math.round(inspector.inPixels) });
  };
  const onRowsChanged = (_: unknown, meta: LayoutChangedMeta) => {
    const bottom = openSizeOf(bottomRef, meta);
    if (bottom && !useWorkbench.getState().bottomMaximised) recordSizes({ bottomPercent: Math.round(bottom.asPercentage * 10) / 10 });
  };

  useLayoutShortcuts();
  useCollapsedSync(paletteRef, paletteCollapsed, () => useWorkbench.getState().paletteWidth);
  useCollapsedSync(inspectorRef, inspectorCollapsed, () => useWorkbench.getState().inspectorWidth);
  useCollapsedSync(bottomRef, bottomCollapsed, () => `${useWorkbench.getState().bottomPercent}%`);

  return (
    <div className={maximised ? 'workbench maximised' : 'workbench'} data-testid="workbench">
      <Group orientation="vertical" id="workbench-rows" resizeTargetMinimumSize={HIT_AREA} onLayoutChanged={onRowsChanged}>
        {/* Under a maximised bottom panel the editor stays laid out (the canvas keeps its size) but is inert. */}
        <Panel id="workbench-editor" minSize={120} inert={maximised}>
          <Group orientation="horizontal" id="workbench-columns" resizeTargetMinimumSize={HIT_AREA} onLayoutChanged={onColumnsChanged}>
            {sidePanel('palette', paletteRef, PALETTE, initial.paletteCollapsed ? RAIL_PX : initial.paletteWidth, t('palette.title'), <Palette />)}
            <ResizeHandle id="separator-palette" label={tw('resize', { name: t('palette.title') })} />
            <Panel id="workbench-centre" minSize={280}>
              <main className="centre">
                <Canvas />
              </main>
            </Panel>
            <ResizeHandle id="separator-inspector" label={tw('resize', { name: t('inspector.title') })} />
            {sidePanel('inspector', inspectorRef, INSPECTOR, initial.inspectorCollapsed ? RAIL_PX : initial.inspectorWidth, t('inspector.title'), <Inspector />)}
          </Group>
        </Panel>
        <ResizeHandle id="separator-bottom" label={tw('resize', { name: tw('bottomPanel') })} disabled={maximised} />
        <Panel
          id="workbench-bottom"
          panelRef={bottomRef}
          collapsible
          collapsedSize={TAB_BAR_PX}
          minSize={BOTTOM.minPx}
          defaultSize={initial.bottomCollapsed ? TAB_BAR_PX : `${initial.bottomPercent}%`}
          onResize={onCollapsedResize('bottom', TAB_BAR_PX)}
        >
          <BottomTabs />
        </Panel>
      </Group>
    </div>
  );
}
