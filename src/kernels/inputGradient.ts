// A convolution that reads the network's input (through weightless layers only: padding, rescaling) never needs
// its input gradient, yet tfjs' fused conv2d — what tf.layers.conv2d runs — computes dx eagerly in its custom
// gradient, whatever the tape asks for: on wasm, LeNet-5's first conv spent 12 of a b256 step's ~80 ms there.
// Such a layer's call becomes tf.conv2d + bias + activation, whose registered gradients are lazy (the tape prunes
// dx); same weights, config and class name, so saving, loading and exporting are unchanged.
import type * as tfjs from '@tensorflow/tfjs';

type Tf = typeof tfjs;

/** Whether any layer upstream of `t` holds weights (trainable or frozen: a frozen layer may be unfrozen later). */
export function fedByWeights(t: tfjs.SymbolicTensor, seen = new Set<number>()): boolean {
  if (seen.has(t.id)) return false;
  seen.add(t.id);
  return t.sourceLayer.weights.length > 0 || t.inputs.some((i) => fedByWeights(i, seen));
}

/** The parts of tfjs-layers' Conv2D (private in its typings) its call reads. */
interface ConvLayerInternals {
  kernel: { read(): tfjs.Tensor4D };
  bias?: { read(): tfjs.Tensor1D } | null;
  padding: string;
  strides: number | [number, number];
  dilationRate: number | [number, number];
  dataFormat: string;
  activation?: { apply(t: tfjs.Tensor): tfjs.Tensor; getClassName(): string };
  call(inputs: tfjs.Tensor | tfjs.Tensor[], kwargs: unknown): tfjs.Tensor;
}

const isOne = (v: number | [number, number]) => (Array.isArray(v) ? v.every((d) => d === 1) : v === 1);

/** A channels-last, undilated tf.layers.conv2d whose backward pass computes no input gradient (see above). */
export function withoutInputGradient(tf: Tf, layer: tfjs.layers.Layer): tfjs.layers.Layer {
  const l = layer as unknown as ConvLayerInternals;
  if (l.dataFormat !== 'channelsLast' || !isOne(l.dilationRate)) return layer;
  const pad = l.padding === 'same' ? 'same' : 'valid';
  l.call = (inputs) =>
    tf.tidy(() => {
      const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tfjs.Tensor4D;
      let y: tfjs.Tensor = tf.conv2d(x, l.kernel.read(), l.strides, pad);
      if (l.bias) y = tf.add(y, l.bias.read());
      return l.activation && l.activation.getClassName() !== 'linear' ? l.activation.apply(y) : y;
    });
  return layer;
}
