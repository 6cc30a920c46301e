// Auto-layout action shared by the canvas button and the menu: row-wrapped positions for the canvas's
// real size as one undoable move, then a readable fit.
import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { useProjectStore } from '../store/projectStore';
import { DEFAULT_NODE_SIZE, DEFAULT_PANE, layoutGraph } from './autoLayout';
import { useReadableFit } from './useReadableFit';
import { useExpandedBlocks } from './subflow/expandedStore';
import { notify } from '../app/noticesAndDialogs';
import { i18n } from '../i18n';

export function useAutoLayout() {
  const flow = useReactFlow();
  const store = useStoreApi();
  const fit = useReadableFit();
  return useCallback(async () => {
    const graph = useProjectStore.getState().doc.graph;
    const { width, height } = store.getState();
    let positions;
    try {
      positions = await layoutGraph(
        graph,
        (id) => {
          // An open block is laid out at its closed size: the canvas makes room for its frame in the view.
          if (useExpandedBlocks.getState().open[id]) return DEFAULT_NODE_SIZE;
          const n = flow.getInternalNode(id);
          return n?.measured.width && n.measured.height ? { width: n.measured.width, height: n.measured.height } : DEFAULT_NODE_SIZE;
        },
        { pane: width && height ? { width, height } : DEFAULT_PANE },
      );
    } catch (e) {
      notify('error', i18n.t('notice.layoutFailed', { message: e instanceof Error ? e.message : String(e) }));
      return;
    }
    useProjectStore.getState().moveNodes(positions);
    // After React has drawn the moved nodes, so the fit sees their new box.
    setTimeout(() => fit({ duration: 200 }), 60);
  }, [flow, store, fit]);
}
