// A conv node's learned kernels, in PyTorch's OIHW order [K, C, F, F] (the layout the .npy files and the
// filter grid use), and everything convArithmetic needs about the node.
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { depthwiseToGrouped, hwioToOihw } from '../export/layout';
import { analysisOf, type NodeActivation } from './activations';
import { convArithmetic, type ConvArithmetic, type ConvArithmeticParams } from './convArithmetic';
import { nodeTensors } from './nodeTensors';
import { nodeAt } from './blockInsides';

export const CONV_TYPES = new Set(['Conv2D', 'DepthwiseConv2D']);

export interface ConvWeights {
  depthwise: boolean;
  /** tfjs HWIO [F, F, C, K] (depthwise: [F, F, C, M]). */
  kernelShape: [number, number, number, number];
  kernel: Float32Array;
  bias?: Float32Array;
  strides: [number, number];
  padding: 'valid' | 'same' | number;
  dilation: [number, number];
  activation: string;
}

function layerOf(model: tfjs.LayersModel, name: string | undefined): tfjs.layers.Layer | undefined {
  if (!name) return undefined;
  try {
    return model.getLayer(name);
  } catch {
    return undefined;
  }
}

/**
 * The current weights and hyper-parameters of a Conv2D / DepthwiseConv2D node (undefined for other nodes):
 * a top-level id or a conv inside a composite block by its path ("residualblock1/conv1").
 */
export function convWeights(graph: Graph, model: tfjs.LayersModel, nodeId: string): ConvWeights | undefined {
  const analysis = analysisOf(graph);
  const at = nodeAt(graph, nodeId, analysis);
  if (!at || !CONV_TYPES.has(at.node.type)) return undefined;
  const node = at.node;
  const p = at.analysis.params as { strides: number; padding: 'valid' | 'same' | number; dilation: number; activation: string } | undefined;
  const layer = layerOf(model, nodeTensors(graph, model, analysis.order).layerNames.get(nodeId));
  if (!p || !layer) return undefined;
  const [k, b] = layer.getWeights();
  if (!k || k.rank !== 4) return undefined;
  return {
    depthwise: node.type === 'DepthwiseConv2D',
    kernelShape: k.shape as [number, number, number, number],
    kernel: k.dataSync() as Float32Array,
    bias: b ? (b.dataSync() as Float32Array) : undefined,
    strides: [p.strides, p.strides],
    padding: p.padding,
    dilation: [p.dilation, p.dilation],
    activation: p.activation,
  };
}

/** A conv node's filters as [K, C, F, F] (PyTorch OIHW; a depthwise node's as its grouped conv, [C·M, 1, F, F]). */
export function convFilters(graph: Graph, model: tfjs.LayersModel, nodeId: string): { shape: [number, number, number, number]; data: Float32Array; bias?: Float32Array } | undefined {
  const w = convWeights(graph, model, nodeId);
  if (!w) return undefined;
  const [F0, F1, C, K] = w.kernelShape;
  if (w.depthwise) return { shape: [C * K, 1, F0, F1], data: depthwiseToGrouped(w.kernel, w.kernelShape), bias: w.bias };
  return { shape: [K, C, F0, F1], data: hwioToOihw(w.kernel, w.kernelShape), bias: w.bias };
}

/** The params of convArithmetic for a conv node (or inner conv path), its input being its source node's activation (layerActivations with `inside` for inner sources). */
export function convArithmeticParams(graph: Graph, model: tfjs.LayersModel, nodeId: string, activations: NodeActivation[]): ConvArithmeticParams | undefined {
  const w = convWeights(graph, model, nodeId);
  // The source inside a block: an inner node's path, or for an entry node the block's own input.
  const source = nodeAt(graph, nodeId, analysisOf(graph))?.sources[0];
  const input = activations.find((a) => a.nodeId === source);
  if (!w || !input) return undefined;
  return { input, kernel: w.kernel, kernelShape: w.kernelShape, bias: w.bias, strides: w.strides, padding: w.padding, dilation: w.dilation, activation: w.activation, depthwise: w.depthwise };
}

/** convArithmetic at (y, x, k) of a conv node, from the layer activations of the same image. */
export function convArithmeticAt(graph: Graph, model: tfjs.LayersModel, nodeId: string, activations: NodeActivation[], at: { y: number; x: number; k: number }): ConvArithmetic | undefined {
  const params = convArithmeticParams(graph, model, nodeId, activations);
  return params ? convArithmetic(params, at) : undefined;
}
