// An open composite: a group frame sized to its inside. Its header is the block's own node (type, name,
// output shape, parameters, the ▾ that closes it); below, the block input port, the lanes with their names
// (the branches, the main path and the shortcut) and the inner edges — the inner layers themselves are
// React Flow child nodes drawn on top. The block's outer edges meet the frame's sides as they met the node.
// Inside another open block it is the same frame without handles; a repeated instance captions each repeat
// with its number and its overrides ("repeat 1 · strides 2").
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../../src/graph/schema';
import { getLayer } from '../../../src/layers/registry';
import { formatIssueMessage } from '../../../src/i18n/issues';
import { nodeSubtitle } from '../../../src/explain/nodeSubtitle';
import { compactCount } from '../../status/format';
import { currentLang } from '../../i18n';
import { routePath } from '../edgeRoute';
import type { BlockFlowNode } from './blockFlow';
import { BLOCK_EDGE, BLOCK_INPUT, type Lane } from './blockLayout';
import { ExpandToggle } from './ExpandToggle';
import { RepeatCaptionLabel } from './RepeatCaptionLabel';
import { isInnerPath } from '../../../src/learn/blockInsides';
import { findBlock, UserBlockParams, USER_BLOCK_TYPE } from '../../../src/layers/userBlock';
import { useProjectStore } from '../../store/projectStore';
import './subflow.css';

/** A lane's name: the block type's own word for it, else its inner ids. */
function useLaneName() {
  const { t } = useTranslation('subflow');
  return (blockType: string, lane: Lane) =>
    t(`lane.${blockType}.${lane.entry}`, { defaultValue: t(lane.identity ? 'identityLane' : 'branch', { ids: lane.ids.join(' → '), entry: lane.entry }) });
}

/** An inner edge end in test ids: an inner id, "input" (the port) or "side" (the frame's side). */
const endName = (s: string) => (s === BLOCK_INPUT ? 'input' : s === BLOCK_EDGE ? 'side' : s);

function BlockFrameView({ id, data, selected, width, height }: NodeProps<BlockFlowNode>) {
  const { t } = useTranslation();
  const ts = useTranslation('subflow').t;
  const laneName = useLaneName();
  const { node, analysis, issues, severity, layout } = data;
  const def = getLayer(node.type);
  const lang = currentLang();
  const params = analysis ? analysis.paramCount.trainable + analysis.paramCount.nonTrainable : 0;
  // A user block is titled by its definition's name, as its closed node is (LayerNode).
  const blockParams = node.type === USER_BLOCK_TYPE ? UserBlockParams.safeParse(analysis?.params ?? node.params) : undefined;
  const definition = useProjectStore((s) => (blockParams?.success ? findBlock(s.doc.graph.blocks, blockParams.data.block) : undefined));
  const typeLabel = definition?.name ?? t(`layer.${node.type}`, { defaultValue: node.type });
  const name = node.name || node.id;
  const tooltip = [`${typeLabel} — ${name}`, ...issues.map((i) => `${i.severity === 'error' ? '⛔' : '⚠'} ${formatIssueMessage(i.code, i.args, lang)}`)].join('\n');
  const cls = ['layer-node', 'block-frame', `cat-${def?.category ?? 'unknown'}`, severity ? `has-${severity}` : '', selected ? 'selected' : ''].join(' ');
  const inputShape = analysis?.inputShapes[0];
  // What the node face says of it ("×3" for a repeated block, "basic 32 /2"), kept on the open frame's header.
  const repeat = blockParams?.success ? blockParams.data.repeat : 1;
  const summary = blockParams ? (repeat > 1 ? `×${repeat}` : undefined) : (nodeSubtitle(node.type, node.params, lang) ?? analysis?.summary);
  // A frame inside a frame is not connectable: its edges are the inner ones drawn by its parent.
  const nested = isInnerPath(id);
  return (
    <div className={cls} data-testid={`node-${id}`} data-open="true" title={tooltip} style={{ width: width ?? layout.width, height: height ?? layout.height }}>
      {!nested && <Handle type="target" position={Position.Left} style={{ top: layout.ioY }} />}
      <div className="layer-node-head block-frame-head">
        <ExpandToggle id={id} />
        <span className="layer-node-type">{typeLabel}</span>
        <span className="layer-node-name">{name}</span>
        {summary && <span className="block-frame-summary">{summary}</span>}
        <span className="mono block-frame-shape" data-testid={`node-shape-${id}`}>
          {formatShape(analysis?.outputShape)}
        </span>
        <span className="block-frame-params">{t('node.params', { n: compactCount(params) })}</span>
      </div>
      <svg className="block-frame-edges" width={layout.width} height={layout.height} aria-hidden="true">
        <defs>
          <marker id={`arrow-${id}`} viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L8,4 L0,8 z" className="block-frame-arrow" />
          </marker>
        </defs>
        {layout.edges.map((e) => (
          <path
            key={`${e.source}->${e.target}`}
            d={routePath(e.points)}
            className="block-frame-edge"
            data-testid={`inner-edge-${id}/${endName(e.source)}->${endName(e.target)}`}
            markerEnd={`url(#arrow-${id})`}
          />
        ))}
      </svg>
      <div
        className="block-frame-port mono"
        data-testid={`block-input-${id}`}
        title={ts('input')}
        style={{ left: layout.port.x, top: layout.port.y, width: layout.port.width, height: layout.port.height }}
      >
        {inputShape ? formatShape(inputShape) : ts('input')}
      </div>
      {layout.lanes.map((lane) => (
        <div
          key={lane.entry}
          className={`block-frame-lane${lane.identity ? ' identity' : ''}`}
          data-testid={`lane-${id}/${lane.entry}`}
          data-ids={lane.ids.join(' ')}
          title={lane.identity ? `${ts('input')} → ${lane.entry}` : lane.ids.join(' → ')}
          style={{ left: lane.label.x, top: lane.label.y, width: lane.label.width, height: lane.label.height }}
        >
          {laneName(node.type, lane)}
        </div>
      ))}
      {data.repeats &&
        Object.entries(layout.captions).map(([inner, box]) =>
          data.repeats?.[inner] ? <RepeatCaptionLabel key={inner} frame={id} inner={inner} caption={data.repeats[inner]} count={Object.keys(data.repeats).length} box={box} /> : null,
        )}
      {!nested && <Handle type="source" position={Position.Right} style={{ top: layout.ioY }} />}
    </div>
  );
}

export const BlockFrame = memo(BlockFrameView);
