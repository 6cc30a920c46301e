// Registers this app's custom tfjs layers (each layer's `tfCustomLayer`: L2Pooling2D, LocalResponseNormalization)
// with tfjs' serialiser, so tf.loadLayersModel can read a saved model before any graph has been built in this process.
import type * as tfjs from '@tensorflow/tfjs';
import { customLayerClass } from './customTfLayer';
import { customTfLayers } from './registry';

export const CUSTOM_TF_LAYER_CLASSES: readonly string[] = customTfLayers().map((l) => l.tfCustomLayer!.className);

/** Idempotent: classes are made once per tf namespace. */
export function registerCustomTfLayers(tf: typeof tfjs): void {
  for (const l of customTfLayers()) customLayerClass(tf, l.tfCustomLayer!);
}
