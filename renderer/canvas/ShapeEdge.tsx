// An edge labelled with the tensor shape it carries (e.g. 28×28×6), from analysis.edges[edgeId], drawn
// along the orthogonal route the canvas computed (edgeRoute.ts); lit while a palette drag hovers it.
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../src/graph/schema';
import { ROW_LAYOUT } from '../../src/templates/chain';
import { routePath } from './edgeRoute';
import type { ShapeFlowEdge } from './toFlow';

export function ShapeEdge(props: EdgeProps<ShapeFlowEdge>) {
  const { t } = useTranslation('canvas');
  const { id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd } = props;
  // Before the canvas has routed the edge (first frame), React Flow's smooth step stands in.
  const [fallback, fx, fy] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 8 });
  const route = data?.route;
  const path = route ? routePath(route.points) : fallback;
  const { x: labelX, y: labelY } = route?.label ?? { x: fx, y: fy };
  const dropTarget = !!data?.dropTarget;
  // Over a straight edge between two nodes the hint goes above them, into the row gap, not over their names.
  const hintLift = route?.points.length === 2 ? ROW_LAYOUT.nodeHeight / 2 + 4 : 11;
  const text = formatShape(data?.shape);
  // A long shape (112×112×128) is set tighter so it stays inside the column gap.
  const cls = ['edge-label', text.length > 9 ? 'long' : '', data?.shape ? '' : 'unknown', data?.severity ?? '', selected ? 'selected' : '', dropTarget ? 'drop-target' : ''].join(' ');
  const edgeCls = [selected ? 'edge-selected' : '', dropTarget ? 'edge-drop-target' : ''].join(' ').trim();
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} className={edgeCls || undefined} interactionWidth={16} />
      <EdgeLabelRenderer>
        <div
          className={cls}
          data-testid={`edge-label-${id}`}
          style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }}
        >
          {text}
        </div>
        {dropTarget && (
          <div className="edge-drop-hint" data-testid="edge-drop-hint" style={{ transform: `translate(-50%, -100%) translate(${labelX}px, ${labelY - hintLift}px)` }}>
            {t('insertHere')}
          </div>
        )}
      </EdgeLabelRenderer>
    </>
  );
}
