// The networks the training bench times, built exactly as the app builds them: the app's templates
// (src/templates) through src/train/buildTfModel.ts, so a figure here is a figure for what the app trains.
//   LeNet-5 (LeCun et al. 1998, Keras variant) on 28×28×1: 61,706 parameters.
//   ResNet-20 (He et al. 2016, CIFAR) on 32×32×3 with 1×1 projection shortcuts and BN: 272,474 parameters.
import type * as tfjs from '@tensorflow/tfjs';
import { templates } from '../src/templates/index';
import { buildTfModel } from '../src/train/buildTfModel';
import type { Graph } from '../src/graph/schema';

type Tf = typeof tfjs;

export interface BenchModel {
  name: string;
  /** The template id in src/templates/index.ts. */
  template: string;
  inputShape: [number, number, number];
  classes: number;
  graph(): Graph;
  build(tf: Tf): tfjs.LayersModel;
}

function fromTemplate(id: string, name: string, inputShape: [number, number, number], classes: number): BenchModel {
  const template = templates.find((t) => t.id === id);
  if (!template) throw new Error(`bench: no template "${id}" in src/templates/index.ts (have: ${templates.map((t) => t.id).join(', ')}).`);
  const graph = () => template.build().graph;
  return { name, template: id, inputShape, classes, graph, build: (tf) => buildTfModel(graph(), tf) };
}

export const lenet5 = fromTemplate('lenet5', 'LeNet-5', [28, 28, 1], 10);
export const resnet20 = fromTemplate('resnet20', 'ResNet-20', [32, 32, 3], 10);
