// A large, valid project (a long chain of conv blocks, ~0.5 MB as a file) for crash and soak tests: big enough
// that a save takes many write calls, so a kill can land in the middle of one.
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDoc } from '../../src/project/schema';

export function bigProjectDoc(name: string, blocks = 800): ProjectDoc {
  const nodes: ProjectDoc['graph']['nodes'] = [{ id: 'in', type: 'Input', params: { height: 32, width: 32, channels: 3 }, position: { x: 0, y: 0 } }];
  const edges: ProjectDoc['graph']['edges'] = [];
  let prev = 'in';
  for (let i = 0; i < blocks; i++) {
    for (const [type, params] of [['Conv2D', { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' }], ['BatchNormalization', { momentum: 0.99 }]] as const) {
      const id = `${type}_${i}`;
      nodes.push({ id, type, name: `${type} block ${i}`, params: { ...params }, position: { x: (i % 10) * 220, y: nodes.length * 90 } });
      edges.push({ id: `e_${prev}_${id}`, source: prev, target: id });
      prev = id;
    }
  }
  nodes.push({ id: 'gap', type: 'GlobalAveragePooling2D', params: {} }, { id: 'out', type: 'Output', params: { classes: 10 } });
  edges.push({ id: 'e_gap', source: prev, target: 'gap' }, { id: 'e_out', source: 'gap', target: 'out' });
  return ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name, graph: { nodes, edges } });
}
