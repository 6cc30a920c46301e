// A trained network's softmax outputs on a labelled set → its ModelEvaluation (evaluationSchema.ts): accuracy,
// per-class precision/recall/F1 (src/train/metrics.ts), one-vs-rest ROC and PR curves with their areas, a
// reliability diagram with its ECE, and the most confidently wrong samples. The curves follow scikit-learn:
// roc_curve / precision_recall_curve put one threshold at each distinct score (tied scores move together),
// roc_auc_score integrates the ROC curve with trapezoids, average_precision_score = Σₙ (Rₙ − Rₙ₋₁)·Pₙ.
import { evaluate } from '../train/metrics';
import { CALIBRATION_BINS, CURVE_POINTS, MISCLASSIFIED_KEPT, type ClassEvaluation, type Curve, type Misclassified, type ModelEvaluation } from './evaluationSchema';

export interface PredictionsInput {
  /** n × classes, row-major, softmax outputs. */
  probabilities: Float32Array;
  /** n labels, each in 0 … classes − 1. */
  truth: ArrayLike<number>;
  classNames: string[];
  source: string;
  /** Mean cross-entropy if the caller has it; else computed from the probabilities. */
  loss?: number;
  /** Per-sample file (image folders), for Misclassified.file; one per row. */
  files?: (string | undefined)[];
  /** Each row's index in the whole dataset, for Misclassified.index, when the rows are a subset (a split, a draw); absent = the row number. */
  indices?: ArrayLike<number>;
}

/** Keras' clip for log(p): keeps the cross-entropy of a zero probability finite (src/train/loss.ts). */
const LOG_EPSILON = 1e-7;

/** The cumulative true/false positives at each distinct score, scores descending (sklearn's _binary_clf_curve). */
export interface BinaryCounts {
  tps: number[];
  fps: number[];
  /** The score at each threshold, descending. */
  thresholds: number[];
}

export function binaryCounts(positive: ArrayLike<boolean>, scores: ArrayLike<number>): BinaryCounts {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const tps: number[] = [];
  const fps: number[] = [];
  const thresholds: number[] = [];
  let tp = 0;
  for (let k = 0; k < n; k++) {
    if (positive[order[k]]) tp++;
    // A threshold closes after the last sample of each run of equal scores.
    if (k === n - 1 || scores[order[k + 1]] !== scores[order[k]]) {
      tps.push(tp);
      fps.push(k + 1 - tp);
      thresholds.push(scores[order[k]]);
    }
  }
  return { tps, fps, thresholds };
}

/** ROC curve (x = FPR, y = TPR from (0, 0)) and its trapezoidal area; null area without positives or negatives. */
export function rocCurve(c: BinaryCounts): { curve: Curve; auc: number | null } {
  const P = c.tps.at(-1) ?? 0;
  const N = c.fps.at(-1) ?? 0;
  const x = [0, ...c.fps.map((f) => (N ? f / N : 0))];
  const y = [0, ...c.tps.map((t) => (P ? t / P : 0))];
  if (!P || !N) return { curve: { x, y }, auc: null };
  let auc = 0;
  for (let k = 1; k < x.length; k++) auc += ((x[k] - x[k - 1]) * (y[k] + y[k - 1])) / 2;
  return { curve: { x, y }, auc };
}

/** PR curve (x = recall ascending, y = precision, from (0, 1)) and average precision; null AP without positives. */
export function prCurve(c: BinaryCounts): { curve: Curve; ap: number | null } {
  const P = c.tps.at(-1) ?? 0;
  const x = [0];
  const y = [1];
  let ap = 0;
  for (let k = 0; k < c.tps.length; k++) {
    const recall = P ? c.tps[k] / P : 0;
    const precision = c.tps[k] / (c.tps[k] + c.fps[k]);
    ap += (recall - x[x.length - 1]) * precision;
    x.push(recall);
    y.push(precision);
  }
  return { curve: { x, y }, ap: P ? ap : null };
}

/**
 * At most `max` points, the first and last kept: points on a straight line between their neighbours go first
 * (sklearn's drop_intermediate), then an even pick by index.
 */
export function thinCurve(curve: Curve, max = CURVE_POINTS): Curve {
  const { x, y } = curve;
  if (x.length <= max) return curve;
  const keep = [0];
  for (let k = 1; k < x.length - 1; k++) {
    const a = keep[keep.length - 1];
    const collinear = (x[k] - x[a]) * (y[k + 1] - y[a]) === (y[k] - y[a]) * (x[k + 1] - x[a]);
    if (!collinear) keep.push(k);
  }
  keep.push(x.length - 1);
  let picked = keep;
  if (keep.length > max) {
    const step = (keep.length - 1) / (max - 1);
    picked = Array.from({ length: max }, (_, j) => keep[Math.round(j * step)]);
  }
  return { x: picked.map((k) => x[k]), y: picked.map((k) => y[k]) };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);

export function evaluatePredictions(input: PredictionsInput): ModelEvaluation {
  const { probabilities, truth, classNames, source } = input;
  const classes = classNames.length;
  const n = truth.length;
  if (!classes) throw new Error('evaluatePredictions: no classes.');
  if (probabilities.length !== n * classes) throw new Error(`evaluatePredictions: ${probabilities.length} probabilities are not ${n} samples × ${classes} classes.`);
  if (input.files && input.files.length !== n) throw new Error(`evaluatePredictions: ${input.files.length} files for ${n} samples.`);
  if (input.indices && input.indices.length !== n) throw new Error(`evaluatePredictions: ${input.indices.length} indices for ${n} samples.`);
  for (let i = 0; i < n; i++)
    if (!Number.isInteger(truth[i]) || truth[i] < 0 || truth[i] >= classes) throw new Error(`evaluatePredictions: sample ${i}'s label ${truth[i]} is not a class (0 … ${classes - 1}).`);

  // Top-1 prediction (the first of equal maxima, as argmax) and its probability.
  const predicted = new Int32Array(n);
  const confidence = new Float64Array(n);
  let lossSum = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[i * classes + k] > probabilities[i * classes + best]) best = k;
    predicted[i] = best;
    confidence[i] = probabilities[i * classes + best];
    const pTrue = Math.min(1 - LOG_EPSILON, Math.max(LOG_EPSILON, probabilities[i * classes + truth[i]]));
    lossSum -= Math.log(pTrue);
  }
  const counts = evaluate(truth, predicted, classes);

  const scores = new Float32Array(n);
  const positive = new Array<boolean>(n);
  const perClass: ClassEvaluation[] = classNames.map((name, c) => {
    for (let i = 0; i < n; i++) {
      scores[i] = probabilities[i * classes + c];
      positive[i] = truth[i] === c;
    }
    const bc = binaryCounts(positive, scores);
    const roc = rocCurve(bc);
    const pr = prCurve(bc);
    const m = counts.perClass[c];
    return { name, precision: m.precision, recall: m.recall, f1: m.f1, support: m.support, rocAuc: roc.auc, prAuc: pr.ap, roc: thinCurve(roc.curve), pr: thinCurve(pr.curve) };
  });
  const supported = perClass.filter((c) => c.support > 0);
  const areas = (key: 'rocAuc' | 'prAuc') => {
    const vs = supported.map((c) => c[key]).filter((v): v is number => v !== null);
    return vs.length ? mean(vs) : null;
  };

  // Reliability diagram: equal-width bins of top-1 confidence, [k/B, (k+1)/B), the last one closed at 1.
  const bins = Array.from({ length: CALIBRATION_BINS }, (_, k) => ({ lo: k / CALIBRATION_BINS, hi: (k + 1) / CALIBRATION_BINS, count: 0, confSum: 0, correct: 0 }));
  for (let i = 0; i < n; i++) {
    const b = bins[Math.min(CALIBRATION_BINS - 1, Math.max(0, Math.floor(confidence[i] * CALIBRATION_BINS)))];
    b.count++;
    b.confSum += confidence[i];
    if (predicted[i] === truth[i]) b.correct++;
  }
  // ECE = Σ_b |b|/N · |acc(b) − conf(b)| (Guo et al. 2017, eq. 3).
  const ece = n ? bins.reduce((a, b) => a + (b.count ? Math.abs(b.correct - b.confSum) / n : 0), 0) : 0;

  const wrong: Misclassified[] = [];
  for (let i = 0; i < n; i++) {
    if (predicted[i] === truth[i]) continue;
    const file = input.files?.[i];
    wrong.push({ index: input.indices ? input.indices[i] : i, truth: truth[i], predicted: predicted[i], confidence: confidence[i], ...(file !== undefined ? { file } : {}) });
  }
  wrong.sort((a, b) => b.confidence - a.confidence || a.index - b.index);

  return {
    source,
    classNames: [...classNames],
    samples: n,
    accuracy: counts.accuracy,
    loss: input.loss ?? (n ? lossSum / n : 0),
    macro: {
      precision: mean(supported.map((c) => c.precision)),
      recall: mean(supported.map((c) => c.recall)),
      f1: mean(supported.map((c) => c.f1)),
      rocAuc: areas('rocAuc'),
      prAuc: areas('prAuc'),
    },
    perClass,
    confusion: counts.confusion,
    calibration: {
      bins: bins.map((b) => ({ lo: b.lo, hi: b.hi, count: b.count, confidence: b.count ? b.confSum / b.count : null, accuracy: b.count ? b.correct / b.count : null })),
      ece,
    },
    misclassified: wrong.slice(0, MISCLASSIFIED_KEPT),
    misclassifiedTotal: wrong.length,
  };
}
