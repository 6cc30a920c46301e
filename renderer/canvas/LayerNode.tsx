// One layer on the canvas: type, name, summary, output shape and parameter count; red/amber when it has
// an error/warning; the filled-in formula as its tooltip. Input on top, output at the bottom.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { formatShape, type Shape } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import { formatIssueMessage } from '../../src/i18n/issues';
import { compactCount, groupedCount } from '../status/format';
import { currentLang } from '../i18n';
import { useProjectStore } from '../store/projectStore';
import { CompositeExpansion } from './CompositeExpansion';
import type { LayerFlowNode } from './toFlow';

function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { t } = useTranslation();
  const toggleExpanded = useProjectStore((s) => s.toggleExpanded);
  const { node, analysis, issues, severity } = data;
  const def = getLayer(node.type);
  const params = analysis ? analysis.paramCount.trainable + analysis.paramCount.nonTrainable : 0;
  const lang = currentLang();
  const tooltip = [
    `${t(`layer.${node.type}`, { defaultValue: node.type })} — ${node.name || node.id}`,
    ...(analysis?.formula ?? []),
    ...(analysis ? [`${t('inspector.params')}: ${groupedCount(params, lang)}`] : []),
    ...issues.map((i) => `${i.severity === 'error' ? '⛔' : '⚠'} ${formatIssueMessage(i.code, i.args, lang)}`),
  ].join('\n');
  const composite = !!def?.expand;
  const cls = ['layer-node', `cat-${def?.category ?? 'unknown'}`, severity ? `has-${severity}` : '', selected ? 'selected' : ''].join(' ');
  return (
    <div className={cls} data-testid={`node-${id}`} title={tooltip}>
      {def?.arity.max !== 0 && <Handle type="target" position={Position.Top} />}
      <div className="layer-node-head">
        <span className="layer-node-type">{t(`layer.${node.type}`, { defaultValue: node.type })}</span>
        {severity && (
          <span className={`issue-icon ${severity}`} aria-label={t(severity === 'error' ? 'node.error' : 'node.warning')}>
            {severity === 'error' ? '⛔' : '⚠'}
          </span>
        )}
        {composite && (
          <button
            className="expand-toggle nodrag"
            data-testid={`expand-${id}`}
            title={t(node.expanded ? 'inspector.hideExpansion' : 'inspector.showExpansion')}
            onClick={(e) => {
              e.stopPropagation();
              toggleExpanded(id);
            }}
          >
            {node.expanded ? '▾' : '▸'}
          </button>
        )}
      </div>
      <div className="layer-node-name">{node.name || node.id}</div>
      {analysis?.summary && <div className="layer-node-summary">{analysis.summary}</div>}
      <div className="layer-node-foot">
        <span className="mono" data-testid={`node-shape-${id}`}>
          {formatShape(analysis?.outputShape)}
        </span>
        <span className="muted">{t('node.params', { n: compactCount(params) })}</span>
      </div>
      {composite && node.expanded && (
        <CompositeExpansion node={node} inputs={(analysis?.inputShapes ?? []).filter((s): s is Shape => !!s)} />
      )}
      {def?.type !== 'Output' && <Handle type="source" position={Position.Bottom} />}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
