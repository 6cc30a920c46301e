// A project's weights saved from the CLI as the app saves them (the host's 'train.saveWeights': the
// <project>.weights/ folder, written as one set), and the project document that refers to them.
import path from 'node:path';
import type { ProjectDoc } from '../../src/project/schema';
import type { handlers as TrainHandlers } from '../services/train';

type SaveWeightsRequest = Parameters<(typeof TrainHandlers)['train.saveWeights']>[0];

/** Saves `weights` beside the project file `target` and returns `doc` pointing at them (the file itself is the caller's to write). */
export async function saveProjectWeights(target: string, doc: ProjectDoc, weights: Omit<SaveWeightsRequest, 'projectPath' | 'graphHash'>): Promise<ProjectDoc & { weights: NonNullable<ProjectDoc['weights']> }> {
  const { handlers } = await import('../services/train');
  const { graphHash } = await import('../../src/train/graphHash');
  const folder = path.dirname(target);
  const ctx = { emit: () => {}, allowedRoots: [folder], resourcesDir: folder, userDataDir: folder };
  const saved = await handlers['train.saveWeights']({ projectPath: target, graphHash: graphHash(doc.graph), ...weights }, ctx);
  return { ...doc, weights: saved.weights };
}
