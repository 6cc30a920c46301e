// Registers this app's custom tfjs layers (L2Pooling2D, LocalResponseNormalization) with tfjs' serialiser,
// so tf.loadLayersModel can read a saved model before any graph has been built in this process.
import type * as tfjs from '@tensorflow/tfjs';
import { customLayerClass } from './customTfLayer';
import { l2PoolSpec } from './l2Pooling2d';
import { lrnSpec } from './localResponseNormalization';

export const CUSTOM_TF_LAYER_CLASSES = [l2PoolSpec.className, lrnSpec.className] as const;

/** Idempotent: classes are made once per tf namespace. */
export function registerCustomTfLayers(tf: typeof tfjs): void {
  customLayerClass(tf, l2PoolSpec);
  customLayerClass(tf, lrnSpec);
}
