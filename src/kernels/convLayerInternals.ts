// The parts of tfjs-layers' Conv2D (private in its typings) that the layers replacing its call read
// (dilatedConv.ts: a differentiable dilation; inputGradient.ts: no input gradient for a conv fed by the input).
import type * as tfjs from '@tensorflow/tfjs';

export interface ConvLayerInternals {
  kernel: { read(): tfjs.Tensor4D };
  bias?: { read(): tfjs.Tensor1D } | null;
  padding: string;
  dilationRate: number | [number, number];
  strides: number | [number, number];
  dataFormat: string;
  activation?: { apply(t: tfjs.Tensor): tfjs.Tensor; getClassName(): string };
  call(inputs: tfjs.Tensor | tfjs.Tensor[], kwargs: unknown): tfjs.Tensor;
}

/** A layer's or kernel's per-axis number (strides, dilations) as [h, w]; absent is 1. */
export const pair = (v: number | [number, number] | undefined): [number, number] => (Array.isArray(v) ? v : [v ?? 1, v ?? 1]);
