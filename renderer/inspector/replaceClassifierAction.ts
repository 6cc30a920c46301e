// "Replace classifier…" from the UI: the document edit (one undo step, projectStore.replaceClassifier) and the
// session's weights kept for every other layer, the classifier's drawn anew (src/train/classifierWeights.ts),
// so the next training run continues from the imported/trained layers instead of starting over.
import { graphHash } from '../../src/train/graphHash';
import { reinitClassifierWeights } from '../../src/train/classifierWeights';
import type { ClassifierReplacement } from '../../src/graph/replaceClassifier';
import { useProjectStore } from '../store/projectStore';
import { useTrainingSession } from '../training/trainingSession';

export function replaceClassifierKeepingWeights(classes: number): ClassifierReplacement & { keptWeights?: boolean } {
  const before = useProjectStore.getState().doc.graph;
  const r = useProjectStore.getState().replaceClassifier(classes);
  if (!r.ok) return r;
  const s = useTrainingSession.getState();
  if (!s.weights || s.weightsOrigin?.graphHash !== graphHash(before)) return r;
  const patched = reinitClassifierWeights(s.weights, r.previousClasses, classes, Date.now() >>> 0);
  if (!patched) return r;
  useTrainingSession.setState({ weights: patched, weightsOrigin: { ...s.weightsOrigin, graphHash: graphHash(r.graph) }, modelReady: false, startFresh: false });
  return { ...r, keptWeights: true };
}

/** The class count a replaced classifier gets by default: the project's dataset's (MNIST: 10), else the current one. */
export function datasetClassCount(): number | undefined {
  const d = useProjectStore.getState().doc.dataset;
  if (d.kind === 'mnist') return 10;
  return 'classNames' in d && d.classNames?.length ? d.classNames.length : undefined;
}
