// A composite block's inside, node by node (issue #15 item 9): the Learn panel's layer picker lists each
// block's inner layers under it, and a selected block shows "Inside this block" — its layers in build order
// with their output shapes; clicking one shows that layer's maps (and a conv's filters and arithmetic).
// Inner layers are named by path "<block>/<inner>" (src/learn/blockInsides.ts), the worker's node ids for
// them. The picked inner layer is view state (useLearn().inner), dropped when the selection leaves its block.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape, type Graph } from '../../src/graph/schema';
import type { GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { blockInsides, blockOfPath, expandedGraph, nodeAt, type InnerNode, type WalkedNode } from '../../src/learn/blockInsides';
import { useProjectStore } from '../store/projectStore';
import { learnActions, useLearn } from './learnStore';
import './blockInsides.css';

export interface BlockView {
  /** What the views show: the picked inner layer, else the canvas selection. */
  shown?: string;
  shownNode?: WalkedNode;
  /** Each top-level composite's inner layers, in build order. */
  insides: Map<string, InnerNode[]>;
  /** A node's name, or an inner layer's "block › layer". */
  nameOf: (id: string) => string;
  /** The graph that holds `shown` as a node of its own (the expanded graph for an inner layer): receptive field, arithmetic. */
  fieldGraph?: { graph: Graph; analysis: GraphAnalysis };
}

export function useBlockInsides(graph: Graph, analysis: GraphAnalysis | undefined, selected: string | undefined): BlockView {
  const inner = useLearn((s) => s.inner);
  const insides = useMemo(() => (analysis ? blockInsides(graph, analysis) : new Map<string, InnerNode[]>()), [graph, analysis]);
  const labels = useMemo(() => new Map([...insides.values()].flat().map((n) => [n.path, n.label] as const)), [insides]);
  const valid = !!inner && !!selected && blockOfPath(inner) === selected && labels.has(inner);
  // The canvas selection moved off the block (or the block changed): back to the selected node itself.
  useEffect(() => {
    if (inner && !valid) learnActions.setInner(undefined);
  }, [inner, valid]);
  const shown = valid ? inner : selected;
  const fieldGraph = useMemo(() => (valid && analysis ? expandedGraph(graph, analysis) : analysis && { graph, analysis }), [valid, graph, analysis]);
  return {
    shown,
    shownNode: shown && analysis ? nodeAt(graph, shown, analysis) : undefined,
    insides,
    nameOf: (id) => labels.get(id) ?? (graph.nodes.find((n) => n.id === id)?.name || id),
    fieldGraph,
  };
}

/** Shows a node: a top-level one is selected on the canvas; an inner layer selects its block and is picked inside it. */
export function showNode(id: string): void {
  const block = id ? blockOfPath(id) : '';
  useProjectStore.getState().select({ nodes: block ? [block] : [], edges: [] });
  learnActions.setInner(block && block !== id ? id : undefined);
}

/** The layer picker: every node with its output shape, each block's inner layers in a group under it. */
export function NodeSelect({ order, analysis, view }: { order: string[]; analysis: GraphAnalysis; view: BlockView }) {
  const { t } = useTranslation('learn');
  return (
    <select data-testid="learn-node" value={view.shown ?? ''} onChange={(e) => showNode(e.target.value)}>
      <option value="">—</option>
      {order.flatMap((id) => {
        const own = (
          <option key={id} value={id}>
            {view.nameOf(id)} ({formatShape(analysis.nodes[id].outputShape)})
          </option>
        );
        const inside = view.insides.get(id);
        if (!inside) return [own];
        return [
          own,
          <optgroup key={`${id}/`} label={t('blocks.insideOf', { name: view.nameOf(id) })}>
            {inside.map((n) => (
              <option key={n.path} value={n.path}>
                {'\u00a0'.repeat(2 * (n.depth - 1))}
                {n.label} ({formatShape(n.outputShape)})
              </option>
            ))}
          </optgroup>,
        ];
      })}
    </select>
  );
}

/** Grad-CAM's candidates: each spatial node, a block's inner spatial layers right after it. */
export function camNodesWithInsides(view: BlockView, top: { id: string; name: string; shape: string }[]): { id: string; name: string; shape: string }[] {
  return top.flatMap((n) => [n, ...(view.insides.get(n.id) ?? []).filter((x) => x.outputShape?.length === 3).map((x) => ({ id: x.path, name: x.label, shape: formatShape(x.outputShape) }))]);
}

/** "Inside this block": shown while a composite node is selected. */
export function BlockInsides({ block, view }: { block: string; view: BlockView }) {
  const { t } = useTranslation('learn');
  const inside = view.insides.get(block);
  if (!inside) return null;
  const current = view.shown !== block ? view.shown : undefined;
  return (
    <section className="learn-block" data-testid="learn-block-insides" data-block={block}>
      <h3>{t('blocks.title')}</h3>
      <p className="muted learn-caption">{t('blocks.hint', { name: view.nameOf(block), count: inside.length })}</p>
      <ul className="learn-block-list">
        <li>
          <button type="button" className={current ? undefined : 'current'} aria-pressed={!current} onClick={() => learnActions.setInner(undefined)} data-testid="learn-inner" data-path={block}>
            <span className="learn-block-name">{t('blocks.whole')}</span>
          </button>
        </li>
        {inside.map((n) => (
          <li key={n.path}>
            <button
              type="button"
              className={n.path === current ? 'current' : undefined}
              aria-pressed={n.path === current}
              onClick={() => learnActions.setInner(n.path)}
              data-testid="learn-inner"
              data-path={n.path}
              style={{ paddingLeft: 6 + 12 * (n.depth - 1) }}
              title={`${n.type} · ${t('blocks.params', { count: n.paramCount, formatted: n.paramCount.toLocaleString() })}`}
            >
              <span className="learn-block-name">{n.name}</span>
              <span className="mono muted">{formatShape(n.outputShape)}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
