// bench/torch/train_speed.py's nets are the app's templates: the same parameter counts (all, trainable) and the
// same weight tensors by size as the tfjs models bench/models.ts builds. Skipped when no Python imports torch.
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { lenet5, resnet20 } from '../models';
import { findTorchPython, torchParams, type TorchRow } from './torchBench';

const py = findTorchPython();
const size = (shape: readonly (number | null)[]) => shape.reduce<number>((a, d) => a * (d ?? 1), 1);

describe.skipIf(!py.ok)(`train_speed.py builds the templates' nets (${py.ok ? `${py.interpreter}, torch ${py.torch}` : py.reason})`, () => {
  let rows: TorchRow[] = [];
  beforeAll(async () => {
    await tf.setBackend('cpu');
    if (py.ok) rows = await torchParams(py);
  });

  it.each([
    ['lenet', lenet5],
    ['resnet', resnet20],
  ] as const)('%s: parameter counts and weight sizes equal the tfjs model', (key, template) => {
    const model = template.build(tf);
    const torch = rows.find((r) => r.key === key);
    expect(torch).toBeDefined();
    expect(torch!.params).toBe(model.countParams());
    expect(torch!.trainableParams).toBe(model.trainableWeights.reduce((a, w) => a + size(w.shape), 0));
    expect(torch!.tensorSizes).toEqual(model.weights.map((w) => size(w.shape)).sort((a, b) => a - b));
    model.dispose();
  });
});
