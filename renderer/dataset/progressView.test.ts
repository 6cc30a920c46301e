import { describe, expect, it } from 'vitest';
import { progressView } from './progressView';

describe('dataset import progress', () => {
  it.each([
    ['scanning a folder', { done: 0, total: 0, rate: 0, phase: 'scan' }, { text: { key: 'progress.scanning' } }],
    ['reading IDX or CIFAR files whole (no count: never "0 / 0 files")', { done: 0, total: 0, rate: 0, phase: 'decode' }, { text: { key: 'progress.reading' } }],
    ['decoding 250 of 1000 images', { done: 250, total: 1000, rate: 812.6, phase: 'decode' }, { fraction: 0.25, text: { key: 'progress.count', values: { done: 250, total: 1000, rate: 813 } } }],
  ])('%s', (_label, progress, want) => expect(progressView(progress)).toEqual(want));
});
