// A read-only canvas of the graph diff between two runs: added nodes green, removed red (dashed), changed
// amber with their parameter changes, and the Δparams / ΔMACs totals.
import { Handle, Position, ReactFlow, ReactFlowProvider, type NodeProps, type Node } from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { RunRecord } from '../../../src/experiments/runRecord';
import type { GraphDiff } from '../../../src/experiments/graphDiff';
import { diffLayout, type DiffNodeData } from './diffLayout';

function DiffNodeView({ id, data }: NodeProps<Node<DiffNodeData>>) {
  const plainId = id.slice(2);
  return (
    <div className={`diff-node ${data.status}`} data-testid={`diff-node-${plainId}`} data-status={data.status}>
      <Handle type="target" position={Position.Top} isConnectable={false} />
      <strong>{data.name}</strong> <span className="muted">{data.summary}</span>
      {data.changes.map((c) => (
        <div key={c} className="diff-change">{c}</div>
      ))}
      <Handle type="source" position={Position.Bottom} isConnectable={false} />
    </div>
  );
}
const nodeTypes = { diff: DiffNodeView };
const signed = (n: number) => `${n > 0 ? '+' : ''}${n.toLocaleString('en')}`;

export function DiffCanvas({ a, b, diff }: { a: RunRecord; b: RunRecord; diff: GraphDiff }) {
  const { t } = useTranslation('compare');
  const { nodes, edges } = useMemo(() => diffLayout(a.graph, b.graph, diff), [a, b, diff]);
  return (
    <section className="compare-diff">
      <h4>
        {t('diffTitle', { a: a.name, b: b.name })} · <span data-testid="compare-dparams">{t('dParams', { value: signed(diff.totals.params.delta) })}</span> · <span data-testid="compare-dmacs">{t('dMacs', { value: signed(diff.totals.macs.delta) })}</span>
        {(['added', 'removed', 'changed', 'affected'] as const).map((s) => (
          <span key={s} className={`diff-legend ${s}`}>{t(`legend.${s}`)}</span>
        ))}
      </h4>
      <div className="compare-diff-canvas" data-testid="compare-diff-canvas">
        <ReactFlowProvider>
          <ReactFlow nodes={nodes} edges={edges} nodeTypes={nodeTypes} nodesDraggable={false} nodesConnectable={false} elementsSelectable={false} fitView proOptions={{ hideAttribution: true }} />
        </ReactFlowProvider>
      </div>
    </section>
  );
}
