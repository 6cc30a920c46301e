// Registers this app's custom tfjs layers (each layer's `tfCustomLayer`: L2Pooling2D, LocalResponseNormalization, max and
// average pooling over an ignored padding) with tfjs' serialiser, so tf.loadLayersModel can read a saved model before
// any graph has been built in this process.
import type * as tfjs from '@tensorflow/tfjs';
import { customLayerClass, type CustomLayerSpec } from './customTfLayer';
import { customTfLayers } from './registry';
import { avgPoolIgnorePadSpec } from './averagePooling2d';
import { maxPoolIgnorePadSpec } from './maxPooling2d';

/**
 * Max and average pooling build a custom class only for a padding they ignore, so they do not declare it as their
 * `tfCustomLayer` (which says every such node needs one, e.g. in the export readiness list): listed here instead.
 */
const SOMETIMES_CUSTOM: readonly CustomLayerSpec[] = [maxPoolIgnorePadSpec, avgPoolIgnorePadSpec];

const SPECS: readonly CustomLayerSpec[] = [...customTfLayers().map((l) => l.tfCustomLayer!), ...SOMETIMES_CUSTOM];

export const CUSTOM_TF_LAYER_CLASSES: readonly string[] = SPECS.map((s) => s.className);

/** Idempotent: classes are made once per tf namespace. */
export function registerCustomTfLayers(tf: typeof tfjs): void {
  for (const s of SPECS) customLayerClass(tf, s);
}
