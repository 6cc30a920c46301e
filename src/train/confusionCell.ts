// The samples behind one confusion-matrix cell (true class t, predicted p), read from the same validation
// predictions the matrix was counted from (TrainResult.validation), so a cell's list and its number agree.
// Most confident first: a confident mistake says more about the model than a near tie.

export interface ValidationPredictions {
  /** Dataset indices of the validation samples, in the order the predictions were made. */
  indices: readonly number[];
  predicted: ArrayLike<number>;
  confidence: ArrayLike<number>;
}

export interface CellSamples {
  /** All samples in the cell (the matrix's number), however many this page holds. */
  total: number;
  /** This page's samples: dataset indices with their true class, prediction and confidence. */
  indices: number[];
  labels: number[];
  predicted: number[];
  confidence: number[];
}

/** Page `offset`…`offset + limit` of cell (trueClass, predictedClass), by confidence descending, ties by dataset index. */
export function confusionCellSamples(v: ValidationPredictions, labels: ArrayLike<number>, trueClass: number, predictedClass: number, page: { offset?: number; limit?: number } = {}): CellSamples {
  if (v.predicted.length !== v.indices.length || v.confidence.length !== v.indices.length)
    throw new Error(`confusionCellSamples: ${v.indices.length} validation samples but ${v.predicted.length} predictions and ${v.confidence.length} confidences.`);
  const inCell: number[] = [];
  for (let k = 0; k < v.indices.length; k++) if (labels[v.indices[k]] === trueClass && v.predicted[k] === predictedClass) inCell.push(k);
  inCell.sort((a, b) => v.confidence[b] - v.confidence[a] || v.indices[a] - v.indices[b]);
  const offset = Math.max(0, page.offset ?? 0);
  const shown = inCell.slice(offset, page.limit === undefined ? undefined : offset + Math.max(0, page.limit));
  return {
    total: inCell.length,
    indices: shown.map((k) => v.indices[k]),
    labels: shown.map((k) => labels[v.indices[k]]),
    predicted: shown.map((k) => v.predicted[k]),
    confidence: shown.map((k) => v.confidence[k]),
  };
}
