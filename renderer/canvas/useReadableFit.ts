// Fits the graph into the canvas at a readable zoom (readableFit.ts), against the canvas's real size and
// the nodes' measured boxes: the canvas button, the menu's Fit view, project load and Auto layout use it.
import { useCallback } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import type { LayerFlowNode, ShapeFlowEdge } from './toFlow';
import { readableViewport } from './readableFit';

/** Tries while nodes are still unmeasured (just loaded) before fitting on what is known. */
const MEASURE_RETRIES = 10;

export function useReadableFit() {
  const flow = useReactFlow<LayerFlowNode, ShapeFlowEdge>();
  const store = useStoreApi<LayerFlowNode, ShapeFlowEdge>();
  return useCallback(
    function fit(options: { duration?: number } = {}, retries = MEASURE_RETRIES) {
      const { width, height, nodeLookup } = store.getState();
      const nodes = [...nodeLookup.values()];
      if (!width || !height || !nodes.length) return;
      if (retries > 0 && nodes.some((n) => !n.measured.width || !n.measured.height)) {
        setTimeout(() => fit(options, retries - 1), 50);
        return;
      }
      const bounds = flow.getNodesBounds(nodes.map((n) => n.id));
      const input = nodes.find((n) => n.internals.userNode.data.node.type === 'Input') ?? nodes[0];
      const start = { ...input.internals.positionAbsolute, width: input.measured.width ?? 0, height: input.measured.height ?? 0 };
      void flow.setViewport(readableViewport(bounds, { width, height }, start), { duration: options.duration ?? 0 });
    },
    [flow, store],
  );
}
