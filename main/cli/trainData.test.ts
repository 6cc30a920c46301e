// `cnn-studio train --data DIR` reads an IDX folder exactly as the app's dataset import does.
import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { loadTrainingData } from './trainData';
import { loadIdxFolder } from '../../node/data/loadDataset';

const FASHION = '/usr/share/datasets/fashion-mnist';

describe.skipIf(!existsSync(FASHION))('loadTrainingData on an IDX folder', () => {
  it('trains on the train pair and validates on the t10k pair, as the app does', async () => {
    const cli = await loadTrainingData({ kind: 'folder', path: FASHION });
    const app = (await loadIdxFolder(FASHION)).dataset;
    expect(cli.source).toBe('IDX train-images-idx3-ubyte.gz + train-labels-idx1-ubyte.gz');
    expect([cli.dataset.n, cli.dataset.validationIndices?.length]).toEqual([70000, 10000]);
    expect(cli.dataset.validationIndices).toEqual(app.validationIndices);
    expect(Buffer.from(cli.dataset.labels).equals(Buffer.from(app.labels))).toBe(true);
  });
});
