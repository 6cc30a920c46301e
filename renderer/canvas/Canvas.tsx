// The graph canvas. Nodes and edges are derived from the store on every render; React Flow's change
// events are turned back into store actions (select, drag, delete, connect, drop from the palette).
// The wheel scrolls and Ctrl/Cmd+wheel or a pinch zooms, like a design tool; fitting keeps text readable.
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  ReactFlow,
  useReactFlow,
  useStore,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { Position } from '../../src/graph/schema';
import { useProjectStore } from '../store/projectStore';
import { LayerNode } from './LayerNode';
import { ShapeEdge } from './ShapeEdge';
import { toFlowEdges, toFlowNodes, type Measured, type ShapeFlowEdge } from './toFlow';
import { BlockFrame } from './subflow/BlockFrame';
import { InnerLayerNode } from './subflow/InnerLayerNode';
import { outerRects, withOpenBlocks, type CanvasNode, type Offset } from './subflow/blockFlow';
import { useExpandedBlocks } from './subflow/expandedStore';
import { isInnerPath } from '../../src/learn/blockInsides';
import { edgeAt, routeEdges } from './edgeRoute';
import { dropPlacement } from './dropPlacement';
import { useAutoLayout } from './useAutoLayout';
import { OverflowMiniMap } from './OverflowMiniMap';
import { useReadableFit } from './useReadableFit';
import { DEFAULT_NODE_SIZE } from './autoLayout';
import { useThemePreference } from '../app/themePreference';
import './canvas.css';

export const LAYER_MIME = 'application/cnn-layer';
/** A definition id dragged from My blocks (renderer/blocks/MyBlocks.tsx); dropped like a layer. */
export const BLOCK_MIME = 'application/cnn-block';

const nodeTypes = { layer: LayerNode, block: BlockFrame, inner: InnerLayerNode };
const edgeTypes = { shape: ShapeEdge };

/** How close (screen px) a palette drag must come to an edge's line to drop into it. */
const DROP_TOLERANCE_PX = 12;
/** How long after a project opens the view follows the canvas settling into its size. */
const AUTO_FIT_MS = 1500;

/** Applies React Flow's select changes to a list of selected ids. */
function applySelect(current: string[], changes: { id: string; selected: boolean }[]): string[] {
  const set = new Set(current);
  for (const c of changes) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  return [...set];
}

function FitIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <path d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4" fill="none" stroke="currentColor" strokeWidth="1.6" />
    </svg>
  );
}

export function Canvas() {
  const { t } = useTranslation();
  const tc = useTranslation('canvas').t;
  const flow = useReactFlow<CanvasNode, ShapeFlowEdge>();
  const graph = useProjectStore((s) => s.doc.graph);
  const analysis = useProjectStore((s) => s.analysis);
  const selection = useProjectStore((s) => s.selection);
  const dragPositions = useProjectStore((s) => s.dragPositions);
  const loadSeq = useProjectStore((s) => s.loadSeq);
  const [measured, setMeasured] = useState<Measured>({});
  const [dropEdgeId, setDropEdgeId] = useState<string>();
  const autoLayout = useAutoLayout();
  const fit = useReadableFit();
  const theme = useThemePreference((s) => s.theme);
  const paneWidth = useStore((s) => s.width);
  const paneHeight = useStore((s) => s.height);

  const openBlocks = useExpandedBlocks((s) => s.open);
  const innerSelection = useExpandedBlocks((s) => s.innerSelection);
  // Each top-level node's move to make room for open blocks (view only): a drag is written back without it.
  const offsets = useRef<Record<string, Offset>>({});
  const nodes = useMemo(
    () => withOpenBlocks(toFlowNodes(graph, analysis, selection, dragPositions, measured), graph, analysis, openBlocks, innerSelection, offsets.current),
    [graph, analysis, selection, dragPositions, measured, openBlocks, innerSelection],
  );
  const routes = useMemo(() => routeEdges(outerRects(nodes, DEFAULT_NODE_SIZE), graph.edges), [nodes, graph.edges]);
  const edges = useMemo(() => toFlowEdges(graph, analysis, selection, routes, dropEdgeId), [graph, analysis, selection, routes, dropEdgeId]);

  // A newly loaded project is fitted once its nodes are measured, and again while the canvas settles into
  // its size (panels restoring their widths) in the first moments, until the user touches the canvas.
  const autoFitUntil = useRef(0);
  const stopAutoFit = useCallback(() => {
    autoFitUntil.current = 0;
  }, []);
  // A newly loaded project starts with its blocks closed.
  useEffect(() => useExpandedBlocks.getState().reset(), [loadSeq]);
  useEffect(() => {
    autoFitUntil.current = Date.now() + AUTO_FIT_MS;
    const id = setTimeout(() => fit(), 80);
    return () => clearTimeout(id);
  }, [loadSeq, fit]);
  useEffect(() => {
    if (Date.now() > autoFitUntil.current || !paneWidth || !paneHeight) return;
    const id = setTimeout(() => Date.now() <= autoFitUntil.current && fit(), 80);
    return () => clearTimeout(id);
  }, [paneWidth, paneHeight, fit]);

  // Picking a node of the document drops the pick of an inner layer (the inspector shows one of them).
  useEffect(() => {
    if (selection.nodes.length || selection.edges.length) useExpandedBlocks.getState().selectInner(undefined);
  }, [selection]);

  const onNodesChange = useCallback((changes: NodeChange<CanvasNode>[]) => {
    const store = useProjectStore.getState();
    const view = useExpandedBlocks.getState();
    const sizes: Measured = {};
    const moving: Record<string, Position> = {};
    let dragEnded = false;
    const selects: { id: string; selected: boolean }[] = [];
    for (const c of changes) {
      // An inner layer of an open block is view state: it can be picked, never moved or measured into the document.
      if ('id' in c && isInnerPath(c.id)) {
        if (c.type === 'select') view.selectInner(c.selected ? c.id : view.innerSelection === c.id ? undefined : view.innerSelection);
        continue;
      }
      if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
      else if (c.type === 'position' && c.position) {
        const o = offsets.current[c.id];
        moving[c.id] = o ? { x: c.position.x - o.dx, y: c.position.y - o.dy } : c.position;
        if (!c.dragging) dragEnded = true;
      } else if (c.type === 'position' && c.dragging === false) dragEnded = true;
      else if (c.type === 'select') selects.push(c);
    }
    if (Object.keys(sizes).length) setMeasured((m) => ({ ...m, ...sizes }));
    if (Object.keys(moving).length) store.setDragPositions(moving);
    if (dragEnded) store.commitDrag();
    if (selects.length) store.select({ nodes: applySelect(store.selection.nodes, selects) });
  }, []);

  const onEdgesChange = useCallback((changes: EdgeChange<ShapeFlowEdge>[]) => {
    const store = useProjectStore.getState();
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length) store.select({ edges: applySelect(store.selection.edges, selects) });
  }, []);

  const onDelete: OnDelete<CanvasNode, ShapeFlowEdge> = useCallback(({ nodes: ns, edges: es }) => {
    useProjectStore.getState().removeItems(ns.filter((n) => !n.parentId).map((n) => n.id), es.map((e) => e.id));
  }, []);

  const onConnect = useCallback((c: Connection) => useProjectStore.getState().connect(c.source, c.target), []);

  /** The edge whose line passes under the cursor, in flow coordinates. */
  const edgeUnder = useCallback(
    (e: DragEvent) => edgeAt(flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }), routes, DROP_TOLERANCE_PX / flow.getZoom()),
    [flow, routes],
  );

  const onDragOver = useCallback(
    (e: DragEvent) => {
      if (!e.dataTransfer.types.includes(LAYER_MIME) && !e.dataTransfer.types.includes(BLOCK_MIME)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      const id = edgeUnder(e);
      setDropEdgeId((cur) => (cur === id ? cur : id));
    },
    [edgeUnder],
  );

  const onDragLeave = useCallback((e: DragEvent) => {
    // Leaving for a child of the canvas is not leaving the canvas.
    if (e.currentTarget.contains(e.relatedTarget as Node | null)) return;
    setDropEdgeId(undefined);
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      setDropEdgeId(undefined);
      const type = e.dataTransfer.getData(LAYER_MIME);
      const blockId = e.dataTransfer.getData(BLOCK_MIME);
      if (!type && !blockId) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      const store = useProjectStore.getState();
      const place = dropPlacement(edgeUnder(e), store.selection, {
        // The new node's centre under the cursor.
        x: Math.round(p.x - DEFAULT_NODE_SIZE.width / 2),
        y: Math.round(p.y - DEFAULT_NODE_SIZE.height / 2),
      });
      if (blockId) store.addBlockInstance(blockId, place.position, place.where);
      else if (place.where) store.insertNode(type, place.where);
      else store.addNode(type, place.position);
    },
    [flow, edgeUnder],
  );

  return (
    <div className={`canvas${dropEdgeId ? ' dragging-layer' : ''}`} data-testid="canvas" onPointerDownCapture={stopAutoFit} onDragOver={onDragOver} onDragLeave={onDragLeave} onDrop={onDrop}>
      <ReactFlow<CanvasNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onNodeDragStop={() => useProjectStore.getState().commitDrag()}
        onMoveStart={(event) => {
          // A move the user made (wheel, drag, pinch) ends the automatic fitting of this project.
          if (event) stopAutoFit();
        }}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        panOnScroll
        zoomOnPinch
        minZoom={0.1}
        maxZoom={2.5}
        connectionRadius={24}
        proOptions={{ hideAttribution: true }}
        colorMode={theme}
        aria-label={tc('canvasLabel')}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <OverflowMiniMap />
        <Controls className="canvas-toolbar" position="top-right" orientation="horizontal" showFitView={false} showInteractive={false}>
          <ControlButton className="react-flow__controls-fitview" data-testid="fit-readable" onClick={() => fit({ duration: 200 })} title={tc('fitReadable')} aria-label={tc('fitReadable')}>
            <FitIcon />
          </ControlButton>
          <button className="btn" data-testid="auto-layout" onClick={() => void autoLayout()}>
            {t('menu.autoLayout')}
          </button>
        </Controls>
      </ReactFlow>
    </div>
  );
}
