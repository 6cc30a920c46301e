// A convolution that reads the network's input (through weightless layers only: padding, rescaling) never needs
// its input gradient, yet tfjs' fused conv2d — what tf.layers.conv2d runs — computes dx eagerly in its custom
// gradient, whatever the tape asks for: on wasm, LeNet-5's first conv spent 12 of a b256 step's ~80 ms there.
// Such a layer's call runs the FusedConv2D kernel itself (conv + bias in one pass, as before) under a gradient
// registered for that kernel name, which the tape calls per input (dx only when asked for: a saliency map still
// gets it). tfjs records FusedConv2D only nested inside its fused op's custom gradient, where no registered
// gradient is read, so registering one changes nothing else. Same weights, config and class name: saving,
// loading and exporting are unchanged.
import type * as tfjs from '@tensorflow/tfjs';
import type { GradConfig, NamedAttrMap } from '@tensorflow/tfjs';
import { pair, type ConvLayerInternals } from './convLayerInternals';

type Tf = typeof tfjs;

/** Whether any layer upstream of `t` holds weights (trainable or frozen: a frozen layer may be unfrozen later). */
export function fedByWeights(t: tfjs.SymbolicTensor, seen = new Set<number>()): boolean {
  if (seen.has(t.id)) return false;
  seen.add(t.id);
  return t.sourceLayer.weights.length > 0 || t.inputs.some((i) => fedByWeights(i, seen));
}

const isOne = (v: number | [number, number]) => pair(v).every((d) => d === 1);

interface FusedConvAttrs {
  strides: [number, number];
  pad: 'same' | 'valid';
  dilations: [number, number];
  dataFormat: 'NHWC';
  dimRoundingMode: undefined;
  activation: 'linear';
}

const registered = new WeakSet<Tf>();

/** FusedConv2D's gradient for NHWC, dilation 1, no activation: dx, dW and Σdy for the bias, each computed when asked. */
function registerFusedConvGradient(tf: Tf): void {
  if (registered.has(tf)) return;
  registered.add(tf);
  const config: GradConfig = {
    kernelName: 'FusedConv2D',
    inputsToSave: ['x', 'filter'],
    gradFunc: (dy, saved, attrs: NamedAttrMap) => {
      const [x, filter] = saved as [tfjs.Tensor4D, tfjs.Tensor4D];
      const a = attrs as unknown as FusedConvAttrs;
      if (a.activation !== 'linear' || !isOne(a.dilations)) throw new Error('FusedConv2D gradient: only a linear, undilated conv is recorded by itself (inputGradient.ts)');
      const d = dy as tfjs.Tensor4D;
      return {
        x: () => tf.conv2dTranspose(d, filter, x.shape, a.strides, a.pad),
        filter: () => tf.engine().runKernel('Conv2DBackpropFilter', { x, dy: d }, { strides: a.strides, pad: a.pad, dataFormat: 'NHWC', dimRoundingMode: undefined, filterShape: filter.shape } as unknown as NamedAttrMap) as tfjs.Tensor4D,
        bias: () => tf.sum(d, [0, 1, 2]),
      };
    },
  };
  tf.registerGradient(config);
}

/** A channels-last, undilated tf.layers.conv2d whose backward pass computes no input gradient (see above). */
export function withoutInputGradient(tf: Tf, layer: tfjs.layers.Layer): tfjs.layers.Layer {
  const l = layer as unknown as ConvLayerInternals;
  if (l.dataFormat !== 'channelsLast' || !isOne(l.dilationRate)) return layer;
  registerFusedConvGradient(tf);
  const attrs: FusedConvAttrs = { strides: pair(l.strides), pad: l.padding === 'same' ? 'same' : 'valid', dilations: [1, 1], dataFormat: 'NHWC', dimRoundingMode: undefined, activation: 'linear' };
  l.call = (inputs) =>
    tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tfjs.Tensor4D;
      const operands: tfjs.NamedTensorMap = { x, filter: l.kernel.read() };
      if (l.bias) operands.bias = l.bias.read();
      const y = tf.engine().runKernel('FusedConv2D', operands, attrs as unknown as NamedAttrMap) as tfjs.Tensor;
      return l.activation && l.activation.getClassName() !== 'linear' ? l.activation.apply(y) : y;
    });
  return layer;
}
