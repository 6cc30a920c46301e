// The confusion-matrix cell whose images are listed (view state, not the document). Cleared when the result
// it belongs to goes (a new run, imported weights): a cell of the last run's matrix means nothing for the next.
import { create } from 'zustand';
import { useTrainingSession } from './trainingSession';

export interface DrillCell {
  trueClass: number;
  predictedClass: number;
  /** The matrix's number, shown until the worker's list (whose total is the same) arrives. */
  count: number;
}

export const useDrill = create<{ cell?: DrillCell }>()(() => ({}));

export const drillActions = {
  /** Lists a cell's images; the chosen cell again closes the list. */
  toggle: (cell: DrillCell) => {
    const now = useDrill.getState().cell;
    useDrill.setState({ cell: now?.trueClass === cell.trueClass && now.predictedClass === cell.predictedClass ? undefined : cell });
  },
  close: () => useDrill.setState({ cell: undefined }),
};

useTrainingSession.subscribe((s, prev) => {
  if (s.result !== prev.result) drillActions.close();
});
