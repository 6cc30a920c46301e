// One layer inside an open block, drawn like a canvas node (type, parameters, output shape with its inner id,
// parameter count) but read-only: it cannot be dragged, connected or deleted; clicking it picks it for the inspector.
// A composite inside (a stage's ResidualBlock) has the ▸ that opens it in place, as on the canvas.
import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../../src/graph/schema';
import { getLayer } from '../../../src/layers/registry';
import { nodeSubtitle } from '../../../src/explain/nodeSubtitle';
import { compactCount, groupedCount } from '../../status/format';
import { currentLang } from '../../i18n';
import type { InnerFlowNode } from './blockFlow';
import { ExpandToggle } from './ExpandToggle';

function InnerLayerNodeView({ id, data, selected }: NodeProps<InnerFlowNode>) {
  const { t } = useTranslation();
  const { node, analysis, id: innerId, exit } = data.walked;
  const def = getLayer(node.type);
  const lang = currentLang();
  const params = analysis.paramCount.trainable + analysis.paramCount.nonTrainable;
  const typeLabel = t(`layer.${node.type}`, { defaultValue: node.type });
  const tooltip = [`${typeLabel} — ${id}`, ...analysis.formula, `${t('inspector.params')}: ${groupedCount(params, lang)}`].join('\n');
  const cls = ['layer-node', 'inner-node', `cat-${def?.category ?? 'unknown'}`, selected ? 'selected' : ''].join(' ');
  return (
    <div className={cls} data-testid={`inner-${id}`} data-type={node.type} title={tooltip}>
      <div className="layer-node-head">
        {exit && <ExpandToggle id={id} />}
        <span className="layer-node-type">{typeLabel}</span>
      </div>
      <div className="layer-node-summary">{nodeSubtitle(node.type, node.params, lang) ?? analysis.summary ?? ''}</div>
      <div className="mono layer-node-shape">
        <span data-testid={`inner-shape-${id}`}>{formatShape(analysis.outputShape)}</span>
        <span className="inner-node-id">{innerId}</span>
      </div>
      <div className="layer-node-params">{t('node.params', { n: compactCount(params) })}</div>
    </div>
  );
}

export const InnerLayerNode = memo(InnerLayerNodeView);
