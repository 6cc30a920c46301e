// An edge labelled with the tensor shape it carries (e.g. 28×28×6), from analysis.edges[edgeId].
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import { formatShape } from '../../src/graph/schema';
import type { ShapeFlowEdge } from './toFlow';

export function ShapeEdge(props: EdgeProps<ShapeFlowEdge>) {
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
  const cls = ['edge-label', data?.shape ? '' : 'unknown', data?.severity ?? '', selected ? 'selected' : ''].join(' ');
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={selected ? 'edge-selected' : undefined} />
      <EdgeLabelRenderer>
        <div
          className={cls}
          data-testid={`edge-label-${id}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {formatShape(data?.shape)}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}
