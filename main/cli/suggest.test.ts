import { describe, expect, it } from 'vitest';
import { closest, editDistance } from './suggest';

describe('editDistance', () => {
  it.each([
    ['', '', 0],
    ['epoch', 'epochs', 1], // insertion
    ['jsn', 'json', 1],
    ['lr', 'lr', 0],
    ['bacth', 'batch', 1], // neighbours swapped
    ['kitten', 'sitting', 3],
    ['out', '', 3],
  ])('%j → %j is %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closest', () => {
  const trainOptions = ['data', 'epochs', 'batch', 'lr', 'schedule', 'augment', 'normalize', 'backend', 'limit', 'out', 'json', 'verbose', 'help'];
  it.each([
    ['epoch', 'epochs'],
    ['Epochs', 'epochs'],
    ['jsn', 'json'],
    ['bacth', 'batch'],
    ['shedule', 'schedule'],
    ['norm', 'normalize'], // an abbreviation
    ['verbos', 'verbose'],
    ['lrate', undefined], // too far from lr, and not a prefix of anything
    ['x', undefined],
    ['ot', 'out'],
    ['ut', undefined], // a short name must start alike
    ['lt', 'lr'],
    ['seed', undefined],
  ])('%j → %j', (typed, want) => {
    expect(closest(typed, trainOptions)).toBe(want);
  });
});
