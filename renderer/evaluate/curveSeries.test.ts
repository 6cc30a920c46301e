// The charts' columns from a real evaluation (src/evaluate/evaluatePredictions.ts on hand-made probabilities):
// ROC's reference is the diagonal on the curve's own x, PR's the class's prevalence; the reliability bars are
// the non-empty bins with their counts; the report's thumbnails are cut per misclassified sample.
import { describe, expect, it } from 'vitest';
import { evaluatePredictions } from '../../src/evaluate/evaluatePredictions';
import { prColumns, reliabilityBars, rocColumns } from './curveSeries';
import { reportImages } from './reportImages';
import { suggestedReportPath } from './reportPath';

// Six samples, three classes: rows are softmax outputs; samples 1 and 4 are wrong.
const probabilities = Float32Array.from([0.8, 0.1, 0.1, 0.3, 0.6, 0.1, 0.1, 0.7, 0.2, 0.2, 0.2, 0.6, 0.55, 0.05, 0.4, 0.1, 0.1, 0.8]);
const truth = [0, 0, 1, 2, 2, 2];
const ev = evaluatePredictions({ probabilities, truth, classNames: ['a', 'b', 'c'], source: 'fixture' });

describe('curve columns', () => {
  it.each([0, 1, 2])('class %i: ROC with its diagonal, PR with its prevalence, x ascending', (k) => {
    const c = ev.perClass[k];
    const [x, y, diag] = rocColumns(c);
    expect(x).toEqual(c.roc.x);
    expect(y).toEqual(c.roc.y);
    expect(diag).toEqual(c.roc.x);
    expect(x.every((v, i) => i === 0 || v >= x[i - 1])).toBe(true);
    const [rx, precision, base] = prColumns(c, ev.samples);
    expect(rx).toEqual(c.pr.x);
    expect(precision).toEqual(c.pr.y);
    expect(new Set(base)).toEqual(new Set([truth.filter((t) => t === k).length / truth.length]));
    expect(base).toHaveLength(rx.length);
  });

  it('the reliability bars are the non-empty bins, scaled by the fullest', () => {
    const { bars, maxCount } = reliabilityBars(ev.calibration.bins);
    const filled = ev.calibration.bins.filter((b) => b.count > 0);
    expect(bars.map((b) => [b.lo, b.count, b.accuracy])).toEqual(filled.map((b) => [b.lo, b.count, b.accuracy]));
    expect(bars.reduce((s, b) => s + b.count, 0)).toBe(truth.length);
    expect(maxCount).toBe(Math.max(...filled.map((b) => b.count)));
    expect(reliabilityBars([])).toEqual({ bars: [], maxCount: 0 });
  });
});

describe('report thumbnails and path', () => {
  it('cuts one image per kept misclassified sample (most confident first), named by its index', () => {
    expect(ev.misclassified.map((m) => m.index)).toEqual([1, 4]);
    // Two 2×1 RGB thumbnails back to back, as the worker sends them.
    const pixels = Uint8Array.from([1, 2, 3, 4, 5, 6, 11, 12, 13, 14, 15, 16]);
    const images = reportImages(ev, { pixels, height: 1, width: 2, channels: 3 });
    expect(images.map((im) => [im.index, Array.from(im.pixels)])).toEqual([
      [1, [1, 2, 3, 4, 5, 6]],
      [4, [11, 12, 13, 14, 15, 16]],
    ]);
    // Fewer pixels than samples (a short read): only the whole images.
    expect(reportImages(ev, { pixels: pixels.subarray(0, 6), height: 1, width: 2, channels: 3 })).toHaveLength(1);
  });

  it.each([
    [undefined, 'LeNet-5', 'html', { defaultName: 'LeNet-5-evaluation.html' }],
    ['/home/u/nets/lenet.cnnproj', 'LeNet-5', 'html', { defaultPath: '/home/u/nets/LeNet-5-evaluation.html', defaultName: 'LeNet-5-evaluation.html' }],
    ['C:\\nets\\a.cnnproj', 'a/b: c', 'pdf', { defaultPath: 'C:\\nets\\a-b- c-evaluation.pdf', defaultName: 'a-b- c-evaluation.pdf' }],
    ['/p/x.cnnproj', '  ', 'html', { defaultPath: '/p/model-evaluation.html', defaultName: 'model-evaluation.html' }],
  ] as const)('suggests a report path beside %s for %j', (project, name, ext, want) => {
    expect(suggestedReportPath(project, name, ext)).toEqual(want);
  });
});
