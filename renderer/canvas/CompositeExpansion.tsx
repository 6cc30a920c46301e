// The inside of a composite node (ResidualBlock, InceptionBlock), read-only: its expansion analysed with
// the block's real input shape, one row per inner layer in data-flow order.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape, type GraphNode, type Shape } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import { analyzeSubgraph } from '../../src/analysis/analyzeGraph';
import { compactCount } from '../status/format';

export interface ExpansionRow {
  id: string;
  type: string;
  shape?: Shape;
  params: number;
}

/** Rows for a composite with these params and inputs; undefined when the layer is not a composite. */
export function expansionRows(node: Pick<GraphNode, 'type' | 'params'>, inputs: Shape[]): ExpansionRow[] | undefined {
  const def = getLayer(node.type);
  if (!def?.expand) return undefined;
  const parsed = def.schema.safeParse(node.params ?? {});
  if (!parsed.success || inputs.length === 0) return [];
  const exp = def.expand(parsed.data, inputs);
  const { analysis } = analyzeSubgraph(exp, inputs);
  const order = analysis.order.length ? analysis.order : exp.graph.nodes.map((n) => n.id);
  return order.map((id) => {
    const a = analysis.nodes[id];
    return { id, type: a?.type ?? exp.graph.nodes.find((n) => n.id === id)?.type ?? '?', shape: a?.outputShape, params: (a?.paramCount.trainable ?? 0) + (a?.paramCount.nonTrainable ?? 0) };
  });
}

export function CompositeExpansion({ node, inputs }: { node: GraphNode; inputs: Shape[] }) {
  const { t } = useTranslation();
  const rows = useMemo(() => expansionRows(node, inputs), [node, inputs]);
  if (!rows) return null;
  return (
    <div className="expansion nodrag nowheel" data-testid={`expansion-${node.id}`}>
      <div className="expansion-title">{t('expansion.title', { name: node.name || node.id })}</div>
      {rows.length === 0 ? (
        <div className="muted">{t('expansion.empty')}</div>
      ) : (
        <table>
          <thead>
            <tr>
              <th>{t('expansion.layer')}</th>
              <th>{t('expansion.shape')}</th>
              <th>{t('expansion.params')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.id}>
                <td title={r.id}>{t(`layer.${r.type}`, { defaultValue: r.type })}</td>
                <td className="mono">{formatShape(r.shape)}</td>
                <td className="mono">{compactCount(r.params)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
