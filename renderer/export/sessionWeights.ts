// Which weights an export writes: the training session's (trained or imported in this session, saved or not)
// when they belong to the open document and fit its graph, else the project's saved ones (read by the host).
// The session store does not say which document load its weights came with, so this module records the
// project store's loadSeq whenever the session's weights change; it is imported at start (projectActions).
import { useTrainingSession, type TrainingSessionState } from '../training/trainingSession';
import { useProjectStore } from '../store/projectStore';
import { graphHash } from '../../src/train/graphHash';
import type { ProjectDoc } from '../../src/project/schema';
import type { Req } from '../../src/contract';

let weightsSeq = useTrainingSession.getState().weights ? useProjectStore.getState().loadSeq : -1;
useTrainingSession.subscribe((s, prev) => {
  if (s.weights !== prev.weights) weightsSeq = s.weights ? useProjectStore.getState().loadSeq : -1;
});

export type ExportWeights = NonNullable<Req<'export.run'>['weights']>;

/** The session's weights for `doc` as the export request carries them, or undefined when they are not its. */
export function sessionWeightsFor(
  session: Pick<TrainingSessionState, 'weights' | 'weightsOrigin'>,
  doc: ProjectDoc,
  loadSeq: number,
): (ExportWeights & { source: 'trained' | 'saved' | 'imported' }) | undefined {
  const { weights, weightsOrigin } = session;
  if (!weights || !weightsOrigin || weightsSeq !== loadSeq || weightsOrigin.graphHash !== graphHash(doc.graph)) return undefined;
  return { weightSpecs: weights.weightSpecs, weightData: weights.weightData, normalization: weights.normalization, ...(weights.classNames ? { classNames: weights.classNames } : {}), graphHash: weightsOrigin.graphHash, source: weightsOrigin.source };
}
