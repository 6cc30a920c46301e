// A small, real project document for tests (LeNet-style: Input → Conv2D → Flatten → Dense → Output).
import { PROJECT_FORMAT, PROJECT_VERSION, ProjectDocSchema, type ProjectDoc } from './schema';

export function smallProjectDoc(name = 'Small CNN'): ProjectDoc {
  return ProjectDocSchema.parse({
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    name,
    graph: {
      nodes: [
        { id: 'in', type: 'Input', params: { height: 28, width: 28, channels: 1 }, position: { x: 0, y: 0 } },
        { id: 'c1', type: 'Conv2D', params: { filters: 6, kernelSize: 5 }, position: { x: 0, y: 100 } },
        { id: 'f', type: 'Flatten', params: {} },
        { id: 'd', type: 'Dense', params: { units: 32 } },
        { id: 'out', type: 'Output', params: { classes: 10 } },
      ],
      edges: [
        { id: 'e1', source: 'in', target: 'c1' },
        { id: 'e2', source: 'c1', target: 'f' },
        { id: 'e3', source: 'f', target: 'd' },
        { id: 'e4', source: 'd', target: 'out' },
      ],
    },
  });
}
