// Test support: small hand-made graphs that exercise what the templates do not (LRN, depthwise, concat,
// asymmetric 'same' padding, explicit pool padding, every activation, BN and Add on flattened vectors).
import type { Graph } from '../../graph/schema';

type Row = [id: string, type: string, params: Record<string, unknown>, inputs: string[]];

export function net(rows: Row[]): Graph {
  return {
    nodes: rows.map(([id, type, params], i) => ({ id, type, name: id, params, position: { x: (i % 3) * 200, y: i * 100 } })),
    edges: rows.flatMap(([id, , , inputs]) => inputs.map((s, slot) => ({ id: `${s}->${id}`, source: s, target: id, targetSlot: slot }))),
  };
}

/** LRN + depthwise + concat, 'same' on odd sizes with stride 2, explicit padding in pools, global max pool. */
export const mixedNet = (): Graph =>
  net([
    ['input', 'Input', { height: 15, width: 17, channels: 3 }, []],
    ['c1', 'Conv2D', { filters: 8, kernelSize: 4, strides: 2, padding: 'same', activation: 'relu' }, ['input']],
    ['lrn', 'LocalResponseNormalization', { size: 5, k: 1, alpha: 0.5, beta: 0.75 }, ['c1']],
    ['dw', 'DepthwiseConv2D', { kernelSize: 3, strides: 1, padding: 'same', depthMultiplier: 2, activation: 'leakyRelu' }, ['lrn']],
    ['bn', 'BatchNormalization', { epsilon: 0.001 }, ['dw']],
    ['b1', 'Conv2D', { filters: 4, kernelSize: 1, activation: 'tanh' }, ['bn']],
    ['b2', 'MaxPooling2D', { poolSize: 3, strides: 1, padding: 'same' }, ['bn']],
    ['b3', 'Conv2D', { filters: 3, kernelSize: 3, padding: 1, dilation: 1, activation: 'elu' }, ['bn']],
    ['cat', 'Concatenate', {}, ['b1', 'b2', 'b3']],
    ['avg', 'AveragePooling2D', { poolSize: 3, strides: 2, padding: 'same' }, ['cat']],
    ['zp', 'ZeroPadding2D', { padding: 1 }, ['avg']],
    ['zc', 'Conv2D', { filters: 6, kernelSize: 3 }, ['zp']],
    // Explicit P on max pooling pads with zeros (tfjs builds ZeroPadding2D): visible where values are negative.
    ['mp', 'MaxPooling2D', { poolSize: 2, strides: 2, padding: 1 }, ['zc']],
    ['ap', 'AveragePooling2D', { poolSize: 2, strides: 1, padding: 1 }, ['mp']],
    ['th', 'Activation', { activation: 'tanh' }, ['ap']],
    ['zp2', 'ZeroPadding2D', { padding: 1 }, ['th']],
    ['mp2', 'MaxPooling2D', { poolSize: 2, strides: 1 }, ['zp2']],
    ['mp3', 'MaxPooling2D', { poolSize: 3, strides: 1, padding: 2 }, ['mp2']],
    ['gmp', 'GlobalMaxPooling2D', {}, ['mp3']],
    ['output', 'Output', { classes: 5 }, ['gmp']],
  ]);

/** Flatten feeding BN, Dense, Dropout, an Add of two vectors and a Concatenate of vectors. */
export const vectorNet = (): Graph =>
  net([
    ['input', 'Input', { height: 6, width: 5, channels: 3 }, []],
    ['c1', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'valid', activation: 'relu' }, ['input']],
    ['flat', 'Flatten', {}, ['c1']],
    ['bn', 'BatchNormalization', {}, ['flat']],
    ['drop', 'Dropout', { rate: 0.3 }, ['bn']],
    ['fa', 'Dense', { units: 12, activation: 'elu' }, ['drop']],
    ['soft', 'Activation', { activation: 'softmax' }, ['c1']],
    ['flat2', 'Flatten', {}, ['soft']],
    ['sum', 'Add', {}, ['flat', 'flat2']],
    ['fb', 'Dense', { units: 12, activation: 'sigmoid' }, ['sum']],
    ['gap', 'GlobalAveragePooling2D', {}, ['c1']],
    ['cat', 'Concatenate', {}, ['fa', 'fb', 'gap', 'flat2']],
    ['output', 'Output', { classes: 7 }, ['cat']],
  ]);
