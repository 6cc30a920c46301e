// evaluatePredictions against scikit-learn's documented examples and against direct, brute-force definitions:
// ROC AUC as the Mann–Whitney U statistic over every (positive, negative) pair with ties counted ½, average
// precision by counting at each threshold, per-class metrics and the confusion matrix by counting, ECE by hand.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { binaryCounts, evaluatePredictions, prCurve, rocCurve, thinCurve } from './evaluatePredictions';
import { CALIBRATION_BINS, CURVE_POINTS, MISCLASSIFIED_KEPT, ModelEvaluationSchema } from './evaluationSchema';

/** Two-class probability rows whose class-1 column is `scores` (what a binary classifier's softmax gives). */
function binaryRows(scores: number[]): Float32Array {
  return Float32Array.from(scores.flatMap((s) => [1 - s, s]));
}

/** One-hot rows for hard predictions: the class `p` gets 0.9, the rest share 0.1. */
function hardRows(predicted: number[], classes: number): Float32Array {
  const rows = new Float32Array(predicted.length * classes).fill(0.1 / (classes - 1));
  predicted.forEach((p, i) => (rows[i * classes + p] = 0.9));
  return rows;
}

/** Mann–Whitney U / (P·N): the probability a random positive scores above a random negative, ties ½. */
function mannWhitneyAuc(positive: boolean[], scores: ArrayLike<number>): number | null {
  let pairs = 0;
  let wins = 0;
  for (let i = 0; i < scores.length; i++)
    for (let j = 0; j < scores.length; j++) {
      if (!positive[i] || positive[j]) continue;
      pairs++;
      wins += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    }
  return pairs ? wins / pairs : null;
}

/** AP by its definition: at each distinct threshold t (descending), count precision and recall of "score ≥ t". */
function directAveragePrecision(positive: boolean[], scores: ArrayLike<number>): number | null {
  const P = positive.filter(Boolean).length;
  if (!P) return null;
  const thresholds = [...new Set(Array.from(scores))].sort((a, b) => b - a);
  let ap = 0;
  let lastRecall = 0;
  for (const t of thresholds) {
    let tp = 0;
    let predictedPositive = 0;
    for (let i = 0; i < scores.length; i++)
      if (scores[i] >= t) {
        predictedPositive++;
        if (positive[i]) tp++;
      }
    ap += (tp / P - lastRecall) * (tp / predictedPositive);
    lastRecall = tp / P;
  }
  return ap;
}

describe('scikit-learn documented examples', () => {
  it.each([
    // roc_auc_score / average_precision_score docs: y=[0,0,1,1], scores=[0.1,0.4,0.35,0.8]
    { name: 'roc_auc_score and average_precision_score docs', truth: [0, 0, 1, 1], scores: [0.1, 0.4, 0.35, 0.8], auc: 0.75, ap: 0.8333333333 },
    // every score tied: the ROC is the diagonal, AP the positive rate
    { name: 'all scores tied', truth: [0, 1, 0, 1], scores: [0.5, 0.5, 0.5, 0.5], auc: 0.5, ap: 0.5 },
    // perfect ranking
    { name: 'perfectly separated', truth: [0, 0, 1, 1, 1], scores: [0.1, 0.2, 0.7, 0.8, 0.9], auc: 1, ap: 1 },
    // reversed ranking: every positive below every negative
    { name: 'reversed', truth: [1, 1, 0, 0], scores: [0.1, 0.2, 0.8, 0.9], auc: 0, ap: 5 / 12 },
  ])('$name: ROC AUC $auc, AP $ap', ({ truth, scores, auc, ap }) => {
    const e = evaluatePredictions({ probabilities: binaryRows(scores), truth, classNames: ['neg', 'pos'], source: 'fixture' });
    expect(e.perClass[1].rocAuc).toBeCloseTo(auc, 6);
    expect(e.perClass[1].prAuc).toBeCloseTo(ap, 6);
    expect(ModelEvaluationSchema.safeParse(e).success).toBe(true);
  });

  it('roc_curve docs: fpr [0, 0, .5, .5, 1], tpr [0, .5, .5, 1, 1] for y=[1,1,2,2] (pos 2), scores=[.1,.4,.35,.8]', () => {
    const bc = binaryCounts([false, false, true, true], [0.1, 0.4, 0.35, 0.8]);
    expect(bc.thresholds).toEqual([0.8, 0.4, 0.35, 0.1]);
    expect(rocCurve(bc).curve).toEqual({ x: [0, 0, 0.5, 0.5, 1], y: [0, 0.5, 0.5, 1, 1] });
  });

  it('precision_recall_curve docs: precision [.5, .667, .5, 1, 1], recall [1, 1, .5, .5, 0] (reversed here: recall ascending)', () => {
    const { curve } = prCurve(binaryCounts([false, false, true, true], [0.1, 0.4, 0.35, 0.8]));
    expect(curve.x).toEqual([0, 0.5, 0.5, 1, 1]);
    expect(curve.y.map((v) => +v.toFixed(6))).toEqual([1, 1, 0.5, 0.666667, 0.5]);
  });

  it('confusion_matrix docs: y_true [2,0,2,2,0,1], y_pred [0,0,2,2,0,2] → [[2,0,0],[0,0,1],[1,0,2]]', () => {
    const e = evaluatePredictions({ probabilities: hardRows([0, 0, 2, 2, 0, 2], 3), truth: [2, 0, 2, 2, 0, 1], classNames: ['a', 'b', 'c'], source: 'fixture' });
    expect(e.confusion).toEqual([
      [2, 0, 0],
      [0, 0, 1],
      [1, 0, 2],
    ]);
  });

  it('classification_report docs: y_true [0,1,2,2,2], y_pred [0,0,2,2,1] → P [.5,0,1], R [1,0,.67], F1 [.67,0,.8], macro .5/.56/.49', () => {
    const e = evaluatePredictions({ probabilities: hardRows([0, 0, 2, 2, 1], 3), truth: [0, 1, 2, 2, 2], classNames: ['class 0', 'class 1', 'class 2'], source: 'fixture' });
    const round = (v: number) => +v.toFixed(2);
    expect(e.perClass.map((c) => [round(c.precision), round(c.recall), round(c.f1), c.support])).toEqual([
      [0.5, 1, 0.67, 1],
      [0, 0, 0, 1],
      [1, 0.67, 0.8, 3],
    ]);
    expect([round(e.macro.precision), round(e.macro.recall), round(e.macro.f1)]).toEqual([0.5, 0.56, 0.49]);
    expect(e.accuracy).toBe(0.6);
  });
});

/** n samples over `classes` classes, softmax-like rows with scores on a coarse grid (so ties happen). */
const fixture = fc.integer({ min: 2, max: 5 }).chain((classes) =>
  fc
    .array(fc.tuple(fc.integer({ min: 0, max: classes - 1 }), fc.array(fc.integer({ min: 0, max: 8 }), { minLength: classes, maxLength: classes })), { minLength: 1, maxLength: 60 })
    .map((rows) => {
      const probabilities = new Float32Array(rows.length * classes);
      rows.forEach(([, raw], i) => {
        const sum = raw.reduce((a, b) => a + b + 1, 0);
        raw.forEach((r, k) => (probabilities[i * classes + k] = (r + 1) / sum));
      });
      return { classes, truth: rows.map(([t]) => t), probabilities };
    }),
);

describe('against direct definitions on random fixtures', () => {
  it('ROC AUC = Mann–Whitney U/(P·N), AP = Σ ΔR·P by counting, per class; null where undefined', () => {
    fc.assert(
      fc.property(fixture, ({ classes, truth, probabilities }) => {
        const e = evaluatePredictions({ probabilities, truth, classNames: Array.from({ length: classes }, (_, k) => `c${k}`), source: 'random' });
        for (let c = 0; c < classes; c++) {
          const positive = truth.map((t) => t === c);
          const scores = Float32Array.from(truth, (_t, i) => probabilities[i * classes + c]);
          const auc = mannWhitneyAuc(positive, scores);
          const ap = directAveragePrecision(positive, scores);
          if (auc === null) expect(e.perClass[c].rocAuc).toBeNull();
          else expect(e.perClass[c].rocAuc).toBeCloseTo(auc, 9);
          if (ap === null) expect(e.perClass[c].prAuc).toBeNull();
          else expect(e.perClass[c].prAuc).toBeCloseTo(ap, 9);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('accuracy, confusion matrix and per-class precision/recall/F1/support equal a direct count', () => {
    fc.assert(
      fc.property(fixture, ({ classes, truth, probabilities }) => {
        const e = evaluatePredictions({ probabilities, truth, classNames: Array.from({ length: classes }, (_, k) => `c${k}`), source: 'random' });
        const argmax = truth.map((_t, i) => {
          const row = Array.from(probabilities.subarray(i * classes, (i + 1) * classes));
          return row.indexOf(Math.max(...row));
        });
        expect(e.accuracy).toBe(truth.filter((t, i) => t === argmax[i]).length / truth.length);
        for (let a = 0; a < classes; a++)
          for (let b = 0; b < classes; b++) expect(e.confusion[a][b]).toBe(truth.filter((t, i) => t === a && argmax[i] === b).length);
        for (let c = 0; c < classes; c++) {
          const tp = truth.filter((t, i) => t === c && argmax[i] === c).length;
          const predictedC = argmax.filter((p) => p === c).length;
          const support = truth.filter((t) => t === c).length;
          const precision = predictedC ? tp / predictedC : 0;
          const recall = support ? tp / support : 0;
          expect(e.perClass[c]).toMatchObject({ support, precision, recall });
          expect(e.perClass[c].f1).toBeCloseTo(precision + recall ? (2 * precision * recall) / (precision + recall) : 0, 12);
        }
        const supported = e.perClass.filter((c) => c.support > 0);
        expect(e.macro.recall).toBeCloseTo(supported.reduce((a, c) => a + c.recall, 0) / supported.length, 12);
        expect(e.misclassifiedTotal).toBe(truth.length - e.confusion.reduce((a, row, k) => a + row[k], 0));
        expect(e.calibration.bins.reduce((a, b) => a + b.count, 0)).toBe(truth.length);
      }),
      { numRuns: 300 },
    );
  });
});

describe('calibration', () => {
  it('ECE by hand: two samples at confidence .95/.91 (one right), two at .65/.6 (one right) → .5·.43 + .5·.125 = .2775', () => {
    const probabilities = Float32Array.from([0.95, 0.05, 0.09, 0.91, 0.35, 0.65, 0.6, 0.4]);
    const e = evaluatePredictions({ probabilities, truth: [0, 0, 1, 1], classNames: ['a', 'b'], source: 'fixture' });
    expect(e.calibration.bins).toHaveLength(CALIBRATION_BINS);
    const bin9 = e.calibration.bins[9];
    const bin6 = e.calibration.bins[6];
    expect([bin9.count, bin6.count]).toEqual([2, 2]);
    expect(bin9.accuracy).toBe(0.5);
    expect(bin9.confidence).toBeCloseTo(0.93, 6);
    expect(bin6.confidence).toBeCloseTo(0.625, 6);
    expect(e.calibration.bins.filter((b) => b.count === 0).every((b) => b.confidence === null && b.accuracy === null)).toBe(true);
    expect(e.calibration.ece).toBeCloseTo(0.2775, 6);
  });

  it.each([
    [1, 9],
    [0.5, 5],
    [0.9999, 9],
    [0.7, 6], // float32(0.7) = 0.699999988: below the 0.7 edge
  ])('confidence %f falls in bin %i (the last bin includes 1)', (conf, bin) => {
    const e = evaluatePredictions({ probabilities: Float32Array.from([conf, 1 - conf]), truth: [0], classNames: ['a', 'b'], source: 'fixture' });
    expect(e.calibration.bins.findIndex((b) => b.count === 1)).toBe(bin);
  });

  it('a perfectly calibrated set has ECE 0: confidence .75 and 3 of 4 right', () => {
    const probabilities = Float32Array.from([0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25]);
    const e = evaluatePredictions({ probabilities, truth: [0, 0, 0, 1], classNames: ['a', 'b'], source: 'fixture' });
    expect(e.calibration.ece).toBeCloseTo(0, 12);
  });
});

describe('misclassified samples and the loss', () => {
  it('most confident wrong first (ties by index), with files; at most MISCLASSIFIED_KEPT kept, the total counted', () => {
    const n = MISCLASSIFIED_KEPT + 50;
    // Every sample wrong (truth 0, predicted 1) at a confidence that repeats every 7 samples.
    const conf = Array.from({ length: n }, (_, i) => 0.55 + ((i * 3) % 7) / 20);
    const probabilities = Float32Array.from(conf.flatMap((c) => [1 - c, c]));
    const files = conf.map((_c, i) => (i % 2 ? `cat/${i}.png` : undefined));
    const e = evaluatePredictions({ probabilities, truth: new Array(n).fill(0), classNames: ['cat', 'dog'], source: 'fixture', files });
    expect(e.misclassifiedTotal).toBe(n);
    expect(e.misclassified).toHaveLength(MISCLASSIFIED_KEPT);
    for (let k = 1; k < e.misclassified.length; k++) {
      const [a, b] = [e.misclassified[k - 1], e.misclassified[k]];
      expect(a.confidence > b.confidence || (a.confidence === b.confidence && a.index < b.index)).toBe(true);
    }
    expect(e.misclassified[0]).toEqual({ index: 2, truth: 0, predicted: 1, confidence: Math.fround(0.85) });
    expect(e.misclassified.find((m) => m.index === 9)?.file).toBe('cat/9.png');
    expect(e.misclassified.every((m) => (m.index % 2 ? m.file === `cat/${m.index}.png` : !('file' in m)))).toBe(true);
  });

  it('indices: the rows of a subset report their dataset index', () => {
    const probabilities = Float32Array.from([0.9, 0.1, 0.2, 0.8, 0.3, 0.7]);
    const e = evaluatePredictions({ probabilities, truth: [1, 1, 0], classNames: ['a', 'b'], source: 'fixture', indices: [10, 20, 30] });
    expect(e.misclassified.map((m) => m.index)).toEqual([10, 30]);
  });

  it('mean cross-entropy from the probabilities (clipped at 1e-7 as Keras), or the one given', () => {
    const probabilities = Float32Array.from([0.8, 0.2, 0.25, 0.75, 1, 0]);
    const e = evaluatePredictions({ probabilities, truth: [0, 1, 1], classNames: ['a', 'b'], source: 'fixture' });
    expect(e.loss).toBeCloseTo((-Math.log(Math.fround(0.8)) - Math.log(0.75) - Math.log(1e-7)) / 3, 6);
    expect(evaluatePredictions({ probabilities, truth: [0, 1, 1], classNames: ['a', 'b'], source: 'fixture', loss: 0.5 }).loss).toBe(0.5);
  });

  it.each([
    ['a row count that is not n × classes', { probabilities: new Float32Array(5), truth: [0, 1] }, /5 probabilities are not 2 samples × 2 classes/],
    ['a label outside the classes', { probabilities: new Float32Array(4), truth: [0, 2] }, /sample 1's label 2 is not a class/],
  ])('refuses %s', (_name, bad, message) => {
    expect(() => evaluatePredictions({ ...bad, classNames: ['a', 'b'], source: 'fixture' })).toThrow(message);
  });
});

describe('curves', () => {
  it(`thinned to at most ${CURVE_POINTS} points, endpoints kept, x ascending, the area unchanged within the thinning`, () => {
    const n = 3000;
    let seed = 7;
    const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const truth = Array.from({ length: n }, () => (rand() < 0.4 ? 1 : 0));
    const scores = truth.map((t) => Math.min(1, Math.max(0, 0.5 * rand() + 0.3 * t)));
    const e = evaluatePredictions({ probabilities: binaryRows(scores), truth, classNames: ['a', 'b'], source: 'fixture' });
    for (const c of e.perClass)
      for (const curve of [c.roc, c.pr]) {
        expect(curve.x.length).toBeLessThanOrEqual(CURVE_POINTS);
        expect(curve.x.length).toBe(curve.y.length);
        expect(curve.x.every((v, k) => k === 0 || v >= curve.x[k - 1])).toBe(true);
      }
    const roc = e.perClass[1].roc;
    expect([roc.x[0], roc.y[0], roc.x.at(-1), roc.y.at(-1)]).toEqual([0, 0, 1, 1]);
    const pr = e.perClass[1].pr;
    expect([pr.x[0], pr.y[0], pr.x.at(-1)]).toEqual([0, 1, 1]);
    let area = 0;
    for (let k = 1; k < roc.x.length; k++) area += ((roc.x[k] - roc.x[k - 1]) * (roc.y[k] + roc.y[k - 1])) / 2;
    expect(area).toBeCloseTo(e.perClass[1].rocAuc!, 2);
  });

  it('drops only collinear points when that is enough (a staircase keeps its corners)', () => {
    const x = [0, 0, 0, 0.5, 1, 1];
    const y = [0, 0.25, 0.5, 0.5, 0.5, 1];
    expect(thinCurve({ x, y }, 5)).toEqual({ x: [0, 0, 1, 1], y: [0, 0.5, 0.5, 1] });
    expect(thinCurve({ x, y }, 6)).toEqual({ x, y });
  });
});
