// The graph canvas. Nodes and edges are derived from the store on every render; React Flow's change
// events are turned back into store actions (select, drag, delete, connect, drop from the palette).
import { useCallback, useEffect, useMemo, useState, type DragEvent } from 'react';
import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  Panel,
  ReactFlow,
  useReactFlow,
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
import { toFlowEdges, toFlowNodes, type LayerFlowNode, type Measured, type ShapeFlowEdge } from './toFlow';
import { useAutoLayout } from './useAutoLayout';
import { useThemePreference } from '../app/themePreference';

export const LAYER_MIME = 'application/cnn-layer';

const nodeTypes = { layer: LayerNode };
const edgeTypes = { shape: ShapeEdge };

/** Applies React Flow's select changes to a list of selected ids. */
function applySelect(current: string[], changes: { id: string; selected: boolean }[]): string[] {
  const set = new Set(current);
  for (const c of changes) {
    if (c.selected) set.add(c.id);
    else set.delete(c.id);
  }
  return [...set];
}

export function Canvas() {
  const { t } = useTranslation();
  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>();
  const graph = useProjectStore((s) => s.doc.graph);
  const analysis = useProjectStore((s) => s.analysis);
  const selection = useProjectStore((s) => s.selection);
  const dragPositions = useProjectStore((s) => s.dragPositions);
  const loadSeq = useProjectStore((s) => s.loadSeq);
  const [measured, setMeasured] = useState<Measured>({});
  const autoLayout = useAutoLayout();
  const theme = useThemePreference((s) => s.theme);

  const nodes = useMemo(() => toFlowNodes(graph, analysis, selection, dragPositions, measured), [graph, analysis, selection, dragPositions, measured]);
  const edges = useMemo(() => toFlowEdges(graph, analysis, selection), [graph, analysis, selection]);

  // A newly loaded project is fitted into view once its nodes have been measured.
  useEffect(() => {
    const id = setTimeout(() => void flow.fitView({ padding: 0.15, duration: 0 }), 80);
    return () => clearTimeout(id);
  }, [loadSeq, flow]);

  const onNodesChange = useCallback((changes: NodeChange<LayerFlowNode>[]) => {
    const store = useProjectStore.getState();
    const sizes: Measured = {};
    const moving: Record<string, Position> = {};
    let dragEnded = false;
    const selects: { id: string; selected: boolean }[] = [];
    for (const c of changes) {
      if (c.type === 'dimensions' && c.dimensions) sizes[c.id] = c.dimensions;
      else if (c.type === 'position' && c.position) {
        moving[c.id] = c.position;
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

  const onDelete: OnDelete<LayerFlowNode, ShapeFlowEdge> = useCallback(({ nodes: ns, edges: es }) => {
    useProjectStore.getState().removeItems(ns.map((n) => n.id), es.map((e) => e.id));
  }, []);

  const onConnect = useCallback((c: Connection) => useProjectStore.getState().connect(c.source, c.target), []);

  const onDragOver = useCallback((e: DragEvent) => {
    if (!e.dataTransfer.types.includes(LAYER_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  }, []);

  const onDrop = useCallback(
    (e: DragEvent) => {
      const type = e.dataTransfer.getData(LAYER_MIME);
      if (!type) return;
      e.preventDefault();
      const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
      // Centre the new node under the cursor (default node size ≈ 200×84).
      useProjectStore.getState().addNode(type, { x: Math.round(p.x - 100), y: Math.round(p.y - 30) });
    },
    [flow],
  );

  return (
    <div className="canvas" data-testid="canvas" onDragOver={onDragOver} onDrop={onDrop}>
      <ReactFlow<LayerFlowNode, ShapeFlowEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onDelete={onDelete}
        onConnect={onConnect}
        onNodeDragStop={() => useProjectStore.getState().commitDrag()}
        deleteKeyCode={['Delete', 'Backspace']}
        multiSelectionKeyCode={['Shift', 'Meta', 'Control']}
        selectionKeyCode="Shift"
        fitView
        minZoom={0.1}
        maxZoom={2.5}
        proOptions={{ hideAttribution: true }}
        colorMode={theme}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} />
        <MiniMap pannable zoomable nodeClassName={(n) => `minimap-node ${(n as LayerFlowNode).data.severity ?? ''}`} />
        <Controls />
        <Panel position="top-right">
          <button className="btn" data-testid="auto-layout" onClick={() => void autoLayout()}>
            {t('menu.autoLayout')}
          </button>
        </Panel>
      </ReactFlow>
    </div>
  );
}
