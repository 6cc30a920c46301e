// Every layer type, written out: adding a layer is one file in src/layers/ and one line here.
import type { LayerDef } from './types';
import { input } from './input';
import { conv2d } from './conv2d';
import { depthwiseConv2d } from './depthwiseConv2d';
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

export const layers: readonly LayerDef[] = [
  input,
  conv2d,
  depthwiseConv2d,
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
];

const byType = new Map(layers.map((l) => [l.type, l]));

export const getLayer = (type: string): LayerDef | undefined => byType.get(type);
export const layerTypes = (): string[] => layers.map((l) => l.type);
