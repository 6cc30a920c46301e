// Every layer type, written out: adding a layer is one file in src/layers/ and one line here.
import type { LayerDef, PrimitiveLayerDef } from './types';
import { input } from './input';
import { conv2d } from './conv2d';
import { depthwiseConv2d } from './depthwiseConv2d';
import { separableConv2d } from './separableConv2d';
import { activation } from './activation';
import { maxPooling2d } from './maxPooling2d';
import { averagePooling2d } from './averagePooling2d';
import { l2Pooling2d } from './l2Pooling2d';
import { globalAveragePooling2d } from './globalAveragePooling2d';
import { globalMaxPooling2d } from './globalMaxPooling2d';
import { zeroPadding2d } from './zeroPadding2d';
import { flatten } from './flatten';
import { dense } from './dense';
import { dropout } from './dropout';
import { batchNormalization } from './batchNormalization';
import { localResponseNormalization } from './localResponseNormalization';
import { add } from './add';
import { concatenate } from './concatenate';
import { output } from './output';
import { residualBlock } from './residualBlock';
import { inceptionBlock } from './inceptionBlock';
import { userBlock } from './userBlock';

export const layers: readonly LayerDef[] = [
  input,
  conv2d,
  depthwiseConv2d,
  separableConv2d,
  activation,
  maxPooling2d,
  averagePooling2d,
  l2Pooling2d,
  globalAveragePooling2d,
  globalMaxPooling2d,
  zeroPadding2d,
  flatten,
  dense,
  dropout,
  batchNormalization,
  localResponseNormalization,
  add,
  concatenate,
  output,
  residualBlock,
  inceptionBlock,
  userBlock,
];

const byType = new Map(layers.map((l) => [l.type, l]));

export const getLayer = (type: string): LayerDef | undefined => byType.get(type);
export const layerTypes = (): string[] => layers.map((l) => l.type);

const primitives = layers.filter((l): l is PrimitiveLayerDef => !l.expand);

/** A layer built, exported and imported as itself (undefined for composites, which are expanded first). */
export const getPrimitiveLayer = (type: string): PrimitiveLayerDef | undefined => {
  const l = byType.get(type);
  return l && !l.expand ? l : undefined;
};

const byKerasClass = new Map(primitives.flatMap((l) => (l.keras ? l.keras.classNames.map((c) => [c, l] as const) : [])));

/** The layer a Keras / tfjs class name is read as (src/import/importTfjs). */
export const layerForKerasClass = (className: string): PrimitiveLayerDef | undefined => byKerasClass.get(className);

/** The layers an ONNX op may be read as, in registry order (src/import/importOnnx). */
export const layersForOnnxOp = (op: string): PrimitiveLayerDef[] => primitives.filter((l) => l.onnxImport?.ops.includes(op));

/** The layers tfjs has no class for, each with the custom tfjs layer it builds. */
export const customTfLayers = (): PrimitiveLayerDef[] => primitives.filter((l) => l.tfCustomLayer);
