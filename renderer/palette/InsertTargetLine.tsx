// The line under the quick-add box that says where a click or Enter will insert ("Adds after C1").
import { useTranslation } from 'react-i18next';
import type { Graph } from '../../src/graph/schema';
import { insertTarget, resolveWhere, type InsertWhere } from '../store/graphOps';
import { useProjectStore } from '../store/projectStore';

const label = (graph: Graph, id: string) => graph.nodes.find((n) => n.id === id)?.name || id;

/** The insert target in words, with the names the canvas shows. */
export function describeTarget(graph: Graph, where: InsertWhere, t: (key: string, vars?: Record<string, string>) => string): string {
  if (!where) return t('targetLoose');
  if ('afterNodeId' in where) return t('targetAfter', { name: label(graph, where.afterNodeId) });
  const edge = graph.edges.find((e) => e.id === where.edgeId)!;
  return t('targetEdge', { from: label(graph, edge.source), to: label(graph, edge.target) });
}

export function InsertTargetLine() {
  const { t } = useTranslation('editing');
  const graph = useProjectStore((s) => s.doc.graph);
  const selection = useProjectStore((s) => s.selection);
  return (
    <p className="muted small palette-target" data-testid="palette-target">
      {describeTarget(graph, resolveWhere(graph, insertTarget(graph, selection)), (k, v) => t(k, v))}
    </p>
  );
}
