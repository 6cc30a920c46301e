// One layer on the canvas, compact but readable: type and name, the summary of its parameters, its output
// shape and parameter count; red/amber when it has an error/warning; the filled-in formula as its tooltip.
// Data flows left to right: input handle on the left, output on the right.
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../src/graph/schema';
import { getLayer } from '../../src/layers/registry';
import { formatIssueMessage } from '../../src/i18n/issues';
import { ROW_LAYOUT } from '../../src/templates/chain';
import { nodeSubtitle } from '../../src/explain/nodeSubtitle';
import { compactCount, groupedCount } from '../status/format';
import { currentLang } from '../i18n';
import { ExpandToggle } from './subflow/ExpandToggle';
import { findBlock, USER_BLOCK_TYPE } from '../../src/layers/userBlock';
import { useProjectStore } from '../store/projectStore';
import { isGeneratedName, type LayerFlowNode } from './toFlow';
import '../inspector/fineTune.css';

const boxStyle = { width: ROW_LAYOUT.nodeWidth, minHeight: ROW_LAYOUT.nodeHeight };

function LayerNodeView({ id, data, selected }: NodeProps<LayerFlowNode>) {
  const { t } = useTranslation();
  const { node, analysis, issues, severity } = data;
  const def = getLayer(node.type);
  const params = analysis ? analysis.paramCount.trainable + analysis.paramCount.nonTrainable : 0;
  const lang = currentLang();
  // A user block's face is titled by its definition ("feature"), not the bare type word "Block".
  const block = useProjectStore((s) => (node.type === USER_BLOCK_TYPE ? findBlock(s.doc.graph.blocks, String((node.params as { block?: unknown } | undefined)?.block ?? '')) : undefined));
  const typeLabel = block?.name ?? t(`layer.${node.type}`, { defaultValue: node.type });
  // A repeated instance reads "<definition> ×N"; its summary line says how many layers each repeat runs.
  const repeat = block ? Number((node.params as { repeat?: unknown }).repeat ?? 1) : 1;
  const blockSummary = block && t(repeat > 1 ? 'blocks:node.layersEach' : 'blocks:node.layers', { count: block.graph.nodes.length });
  const name = node.name || node.id;
  const tooltip = [
    `${typeLabel}${repeat > 1 ? ` ×${repeat}` : ''} — ${name}`,
    ...(analysis?.formula ?? []),
    ...(analysis ? [`${t('inspector.params')}: ${groupedCount(params, lang)}`] : []),
    ...issues.map((i) => `${i.severity === 'error' ? '⛔' : '⚠'} ${formatIssueMessage(i.code, i.args, lang)}`),
  ].join('\n');
  const composite = !!def?.expand;
  // Fine-tuning: a frozen node is muted with a snowflake; a learning-rate multiplier shows as "lr×m".
  const frozen = node.trainable === false;
  const lrM = node.lrMultiplier ?? 1;
  const cls = ['layer-node', `cat-${def?.category ?? 'unknown'}`, severity ? `has-${severity}` : '', selected ? 'selected' : '', frozen ? 'frozen' : ''].join(' ');
  return (
    <div className={cls} data-testid={`node-${id}`} title={tooltip} style={boxStyle}>
      {def?.arity.max !== 0 && <Handle type="target" position={Position.Left} />}
      <div className="layer-node-head">
        <span className="layer-node-type">{typeLabel}</span>
        {repeat > 1 && (
          <span className="layer-node-repeat" data-testid={`node-repeat-${id}`}>
            ×{repeat}
          </span>
        )}
        {name !== typeLabel && !isGeneratedName(name, node.type) && !(block && isGeneratedName(name, block.id)) && <span className="layer-node-name">{name}</span>}
        {severity && (
          <span className={`issue-icon ${severity}`} role="img" aria-label={t(severity === 'error' ? 'node.error' : 'node.warning')}>
            !
          </span>
        )}
        {frozen && <span className="layer-node-frozen" data-testid={`node-frozen-${id}`} role="img" aria-label={t('fineTune:frozenBadge')} title={t('fineTune:frozenBadge')}>❄</span>}
        {!frozen && lrM !== 1 && <span className="layer-node-lr" title={t('fineTune:lrBadge', { m: lrM })}>lr×{lrM}</span>}
        {composite && <ExpandToggle id={id} />}
      </div>
      <div className="layer-node-summary">{blockSummary || (nodeSubtitle(node.type, node.params, lang) ?? analysis?.summary ?? '')}</div>
      <div className="mono layer-node-shape" data-testid={`node-shape-${id}`}>
        {formatShape(analysis?.outputShape)}
      </div>
      <div className="layer-node-params">{t('node.params', { n: compactCount(params) })}</div>
      {def?.type !== 'Output' && <Handle type="source" position={Position.Right} />}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
