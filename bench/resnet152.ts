// ResNet-152 (He et al. 2016, "Deep Residual Learning", Table 1) written out layer by layer:
// stem, then [3, 8, 36, 3] bottleneck blocks (1×1 → 3×3 → 1×1, ×4 expansion), ≈ 515 nodes.
import type { Graph, GraphEdge, GraphNode } from '../src/graph/schema';

export function resnet152Graph(): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const add = (type: string, params: Record<string, unknown>, inputs: string[]) => {
    const id = `n${nodes.length}`;
    nodes.push({ id, type, params, position: { x: 0, y: nodes.length * 80 } });
    inputs.forEach((src, slot) => edges.push({ id: `e${edges.length}`, source: src, target: id, targetSlot: slot }));
    return id;
  };
  const convBn = (x: string, filters: number, k: number, s: number, relu: boolean) => {
    const c = add('Conv2D', { filters, kernelSize: k, strides: s, padding: 'same', useBias: false }, [x]);
    const b = add('BatchNormalization', {}, [c]);
    return relu ? add('Activation', { activation: 'relu' }, [b]) : b;
  };

  let x = add('Input', { height: 224, width: 224, channels: 3 }, []);
  x = convBn(x, 64, 7, 2, true);
  x = add('MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, [x]);
  const stages: [number, number][] = [[64, 3], [128, 8], [256, 36], [512, 3]];
  stages.forEach(([f, blocks], stage) => {
    for (let b = 0; b < blocks; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const shortcut = b === 0 ? convBn(x, 4 * f, 1, stride, false) : x;
      let y = convBn(x, f, 1, 1, true);
      y = convBn(y, f, 3, stride, true);
      y = convBn(y, 4 * f, 1, 1, false);
      x = add('Activation', { activation: 'relu' }, [add('Add', {}, [y, shortcut])]);
    }
  });
  x = add('GlobalAveragePooling2D', {}, [x]);
  add('Output', { classes: 1000 }, [x]);
  return { nodes, edges };
}
