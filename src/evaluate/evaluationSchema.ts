// The evaluation of a trained network on a labelled set (#18): what `cnn-studio evaluate --json` prints, what the
// app's Training → Evaluate view shows and what the HTML report draws. One schema; every consumer infers from it.
// Metrics follow scikit-learn's definitions: precision = TP/(TP+FP), recall = TP/(TP+FN), F1 their harmonic mean,
// one-vs-rest ROC AUC (trapezoids over the ROC curve) and PR AUC as average precision (Σ (Rₙ − Rₙ₋₁)·Pₙ);
// calibration as a reliability diagram over equal-width confidence bins and its expected calibration error
// (ECE = Σ |bin|/N · |accuracy − confidence|, Guo et al. 2017).
import { z } from 'zod';

/** A curve as two equal-length arrays (x ascending), thinned to at most CURVE_POINTS points for drawing. */
export const CurveSchema = z.object({ x: z.array(z.number()), y: z.array(z.number()) });
export type Curve = z.infer<typeof CurveSchema>;
export const CURVE_POINTS = 201;

export const ClassEvaluationSchema = z.object({
  name: z.string(),
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  /** Samples whose true class is this one. */
  support: z.number().int().min(0),
  /** One-vs-rest ROC AUC; null when the class has no positives or no negatives in the set. */
  rocAuc: z.number().nullable(),
  /** Average precision (area under the PR curve, step-wise); null when the class has no positives. */
  prAuc: z.number().nullable(),
  /** ROC: x = false-positive rate, y = true-positive rate. */
  roc: CurveSchema,
  /** PR: x = recall, y = precision. */
  pr: CurveSchema,
});
export type ClassEvaluation = z.infer<typeof ClassEvaluationSchema>;

export const CalibrationBinSchema = z.object({
  /** Confidence range [lo, hi) (the last bin includes 1). */
  lo: z.number(),
  hi: z.number(),
  count: z.number().int().min(0),
  /** Mean top-1 confidence of the bin's samples; null when empty. */
  confidence: z.number().nullable(),
  /** Fraction of the bin's samples predicted correctly; null when empty. */
  accuracy: z.number().nullable(),
});

export const MisclassifiedSchema = z.object({
  /** The sample's index in the dataset evaluated (its place in the data, not its row among a split's or a draw's). */
  index: z.number().int().min(0),
  truth: z.number().int().min(0),
  predicted: z.number().int().min(0),
  /** The probability given to the predicted class. */
  confidence: z.number(),
  /** The image file, where the set came from a folder of files. */
  file: z.string().optional(),
});
export type Misclassified = z.infer<typeof MisclassifiedSchema>;

export const ModelEvaluationSchema = z.object({
  /** Where the samples came from, in words (a folder, "validation split of …"). */
  source: z.string(),
  classNames: z.array(z.string()),
  samples: z.number().int().min(0),
  accuracy: z.number(),
  /** Mean cross-entropy. */
  loss: z.number(),
  /** Unweighted means over the classes with support > 0. */
  macro: z.object({ precision: z.number(), recall: z.number(), f1: z.number(), rocAuc: z.number().nullable(), prAuc: z.number().nullable() }),
  perClass: z.array(ClassEvaluationSchema),
  /** Rows = true class, columns = predicted. */
  confusion: z.array(z.array(z.number().int().min(0))),
  calibration: z.object({ bins: z.array(CalibrationBinSchema), ece: z.number() }),
  /** The most confidently wrong first, at most MISCLASSIFIED_KEPT. */
  misclassified: z.array(MisclassifiedSchema),
  misclassifiedTotal: z.number().int().min(0),
});
export type ModelEvaluation = z.infer<typeof ModelEvaluationSchema>;
export const MISCLASSIFIED_KEPT = 200;
export const CALIBRATION_BINS = 10;
