// The worker's answer to 'cellSamples': one page of a confusion-matrix cell of the last run, with the pixels,
// from the dataset and validation predictions the worker kept (trainedOn), the same ones the matrix counted.
import type { TrainingDataset } from '../../src/data/dataset';
import type { TrainResult } from '../../src/train/trainer';
import { confusionCellSamples } from '../../src/train/confusionCell';
import type { CellImages, ToWorker } from './messages';

/** Loaded weights come without the run that made them: which images each cell counted is not known. */
export const NO_RUN_FOR_CELLS = 'The model was not trained in this session (its weights were loaded), so which images each cell counts is not known — train the model first.';

export async function cellImages(
  trainedOn: { dataset: TrainingDataset; validation?: NonNullable<TrainResult['validation']> } | undefined,
  samplePixels: (ds: TrainingDataset, indices: readonly number[]) => Promise<Uint8Array>,
  msg: Extract<ToWorker, { type: 'cellSamples' }>,
): Promise<CellImages> {
  if (!trainedOn?.validation) throw new Error(NO_RUN_FOR_CELLS);
  const ds = trainedOn.dataset;
  const cell = confusionCellSamples(trainedOn.validation, ds.labels, msg.trueClass, msg.predictedClass, { offset: msg.offset, limit: msg.limit });
  const images = await samplePixels(ds, cell.indices);
  return { ...cell, images, height: ds.height, width: ds.width, channels: ds.channels };
}
