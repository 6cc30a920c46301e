// The blank project: the smallest network that analyses cleanly and trains on the built-in MNIST, a starting
// point to build on (Input 28×28×1 → Flatten → Output, a softmax classifier of 10 classes; 7,850 parameters).
import { chain, type TemplateDoc } from './chain';

export const BLANK_TEMPLATE_ID = 'blank';

export const blank = (): TemplateDoc => ({
  name: 'Untitled',
  dataset: { kind: 'mnist' },
  graph: chain([
    ['Input', { height: 28, width: 28, channels: 1 }, 'input'],
    ['Flatten', {}, 'flatten'],
    ['Output', { classes: 10 }, 'output'],
  ]),
});
