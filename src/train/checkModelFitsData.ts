// Before training: the model's input must take the dataset's images and its output must have one unit
// per class. A mismatch is a message saying which node to change, not a tfjs shape error mid-step.
import type * as tfjs from '@tensorflow/tfjs';
import type { TrainingDataset } from '../data/dataset';
import type { TrainingFailure } from './failures';

export function checkModelFitsData(model: tfjs.LayersModel, ds: TrainingDataset): TrainingFailure | undefined {
  const inShape = (model.inputs[0].shape ?? []).slice(1);
  const want = [ds.height, ds.width, ds.channels];
  if (inShape.length !== 3 || inShape.some((d, i) => d !== want[i]))
    return {
      code: 'model-mismatch',
      message: `The Input node takes ${inShape.join('×')} but the dataset's images are ${want.join('×')} — set the Input node to height ${ds.height}, width ${ds.width}, channels ${ds.channels}.`,
    };
  const outShape = (model.outputs[0].shape ?? []).slice(1);
  const classes = ds.classNames.length;
  if (outShape.length !== 1 || outShape[0] !== classes)
    return {
      code: 'model-mismatch',
      message: `The Output node gives ${outShape.join('×')} values but the dataset has ${classes} classes — set the Output node's classes to ${classes}.`,
    };
  if (ds.n === 0) return { code: 'empty-dataset', message: 'The dataset has no samples — choose a dataset with images in it.' };
  return undefined;
}
