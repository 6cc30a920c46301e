// tfjs has no L2 pooling or LRN layer: custom Layer classes are made from the injected tf namespace
// (src/ never imports a backend) and registered once for serialisation, so saved models load again.
import type * as tfjs from '@tensorflow/tfjs';

type LayerClass = new (config: Record<string, unknown>) => tfjs.layers.Layer;
const cache = new WeakMap<object, Map<string, LayerClass>>();

export interface CustomLayerSpec {
  className: string;
  /** Config keys copied into the layer and saved with it. */
  keys: string[];
  outputShape(cfg: Record<string, any>, input: (number | null)[]): (number | null)[];
  call(tf: typeof tfjs, cfg: Record<string, any>, x: tfjs.Tensor4D): tfjs.Tensor;
}

export function customLayerClass(tf: typeof tfjs, spec: CustomLayerSpec): LayerClass {
  let byName = cache.get(tf);
  if (!byName) cache.set(tf, (byName = new Map()));
  const found = byName.get(spec.className);
  if (found) return found;
  class Custom extends tf.layers.Layer {
    static className = spec.className;
    cfg: Record<string, any>;
    constructor(config: Record<string, any>) {
      super(config);
      this.cfg = Object.fromEntries(spec.keys.map((k) => [k, config[k]]));
    }
    override computeOutputShape(inputShape: tfjs.Shape | tfjs.Shape[]): tfjs.Shape {
      const s = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as (number | null)[];
      return spec.outputShape(this.cfg, s);
    }
    override call(inputs: tfjs.Tensor | tfjs.Tensor[]): tfjs.Tensor {
      return tf.tidy(() => spec.call(tf, this.cfg, (Array.isArray(inputs) ? inputs[0] : inputs) as tfjs.Tensor4D));
    }
    override getConfig() {
      return { ...super.getConfig(), ...this.cfg };
    }
  }
  tf.serialization.registerClass(Custom as any);
  byName.set(spec.className, Custom as unknown as LayerClass);
  return Custom as unknown as LayerClass;
}

/** Padding TensorFlow uses for 'same': total = max((⌈W/S⌉ − 1)·S + F − W, 0), the extra pixel after. */
export function samePads(W: number, F: number, S: number): [number, number] {
  const total = Math.max((Math.ceil(W / S) - 1) * S + F - W, 0);
  return [Math.floor(total / 2), total - Math.floor(total / 2)];
}

/** A custom pooling layer's output size along one axis (null: unknown): ⌈W/S⌉ for 'same', ⌊(W − F + 2P)/S⌋ + 1 else. */
export const windowOutSize = (W: number | null, F: number, S: number, pad: 'same' | number): number | null =>
  W === null ? null : pad === 'same' ? Math.ceil(W / S) : Math.floor((W - F + 2 * pad) / S) + 1;
