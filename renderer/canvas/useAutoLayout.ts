// Auto-layout action shared by the canvas button and the menu: ELK positions as one undoable move.
import { useCallback } from 'react';
import { useReactFlow } from '@xyflow/react';
import { useProjectStore } from '../store/projectStore';
import { DEFAULT_NODE_SIZE, layoutGraph } from './autoLayout';
import { notify } from '../app/noticesAndDialogs';
import { i18n } from '../i18n';

export function useAutoLayout() {
  const flow = useReactFlow();
  return useCallback(async () => {
    const graph = useProjectStore.getState().doc.graph;
    let positions;
    try {
      positions = await layoutGraph(graph, (id) => {
        const n = flow.getInternalNode(id);
        return n?.measured.width && n.measured.height ? { width: n.measured.width, height: n.measured.height } : DEFAULT_NODE_SIZE;
      });
    } catch (e) {
      notify('error', i18n.t('notice.layoutFailed', { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    useProjectStore.getState().moveNodes(positions);
    requestAnimationFrame(() => void flow.fitView({ padding: 0.15, duration: 200 }));
  }, [flow]);
}
