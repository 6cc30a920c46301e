// `cnn-studio evaluate <project|template> --weights DIR [--data FOLDER|mnist] [--split all|validation|train]
// [--report FILE.html] [--json] [--limit N] [--lang en|ko] [--backend auto|wasm|cpu]` (#18): a trained network on
// a labelled set — accuracy, per-class precision/recall/F1, the confusion matrix, one-vs-rest ROC and PR curves
// with their areas, calibration (reliability bins, ECE) and the most confidently wrong images
// (src/evaluate/evaluatePredictions.ts). Classes are matched by folder name to the names the weights were trained
// with (src/evaluate/classMapping.ts). The input is normalised as the weights were trained (model.json), never
// re-measured on this data. --json prints the ModelEvaluation alone; --report writes the HTML report.
// Exit 0 done, 1 the network, its weights or the data's classes cannot be used, 2 misuse.
import path from 'node:path';
import { promises as fs } from 'node:fs';
import { defineCommand, type CliIO } from './command';
import { choice, flag, integer, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { imageClassifier } from './imageClassifier';
import { confineDataFolder, dataArgFrom, importReportLines, loadTrainingData, type DataArg } from './trainData';
import { defaultWorkspaceRoots } from '../security/pathGuard';
import type { InMemoryDataset } from '../../src/data/dataset';
import type { ImportReport } from '../../src/contract/dataset';
import type { ModelEvaluation } from '../../src/evaluate/evaluationSchema';
import type { RunInfo } from '../../node/evaluate/runInfo';

/** The misclassified images whose pixels go into the report, at most. */
export const REPORT_IMAGES = 48;

const SPLITS = {
  all: 'every sample of the data',
  validation: "the validation split training held out (the folder's val/ or t10k files, else the run's seeded split)",
  train: 'the samples training learned from',
};

interface EvaluationData {
  dataset: InMemoryDataset;
  source: string;
  /** Each sample's file inside the data folder (image folders only). */
  files?: string[];
  importReport?: ImportReport;
}

/** The data as `train` reads it (trainData.ts), keeping an image folder's file per sample and its import report. */
async function loadEvaluationData(arg: DataArg, input: { height: number; width: number; channels: 1 | 3 }): Promise<EvaluationData> {
  if (arg.kind !== 'mnist') {
    const folder = await confineDataFolder(arg);
    const { detectFolderFormat, loadDataset } = await import('../../node/data/loadDataset');
    const format = arg.kind === 'folder' ? await detectFolderFormat(folder) : arg.kind;
    if (format === 'folder') {
      const r = await loadDataset({ kind: 'folder', path: folder, ...input }, undefined, { allowedRoots: [folder, ...defaultWorkspaceRoots()] });
      return { dataset: r.dataset, source: `folder ${arg.path}`, ...(r.result ? { files: r.result.manifest.entries.map((e) => e.rel), importReport: r.result.report } : {}) };
    }
  }
  return loadTrainingData(arg, input);
}

/** The report file: not a folder, in a folder that exists or can be made, writable. */
async function checkReportPath(file: string): Promise<string | undefined> {
  const st = await fs.stat(file).catch(() => undefined);
  if (st?.isDirectory()) return `${file} is a folder — give a file name such as report.html.`;
  const { checkOutputFolder } = await import('../../node/fs/outputFolder');
  return checkOutputFolder(path.dirname(file)).then(
    () => undefined,
    (e: Error) => e.message,
  );
}

/** The HTML report: the project, the run (metrics.json), the data's summary and the evaluation, with pixels. */
async function writeReport(file: string, p: { lang: 'en' | 'ko'; doc: { name: string; graph: import('../../src/graph/schema').Graph }; run?: RunInfo; data: EvaluationData; split: { train: number[]; validation: number[] }; evaluation: ModelEvaluation }): Promise<void> {
  const { buildReportHtml } = await import('../../src/report/buildReport');
  const ds = p.data.dataset;
  const size = ds.height * ds.width * ds.channels;
  const validation = new Set(p.split.validation);
  const classCounts = ds.classNames.map((name) => ({ name, count: 0, train: 0, validation: 0 }));
  for (let i = 0; i < ds.n; i++) {
    const c = classCounts[ds.labels[i]];
    c.count++;
    c[validation.has(i) ? 'validation' : 'train']++;
  }
  const { run } = p;
  const html = buildReportHtml({
    lang: p.lang,
    generatedAt: new Date().toISOString(),
    project: { name: p.doc.name, graph: p.doc.graph },
    ...(run?.settings
      ? {
          training: {
            settings: run.settings,
            history: run.history,
            ...(run.status !== undefined ? { status: run.status } : {}),
            ...(run.backend !== undefined ? { backend: run.backend } : {}),
            ...(run.seconds !== undefined ? { seconds: run.seconds } : {}),
            ...(run.samplesPerSec !== undefined ? { samplesPerSec: run.samplesPerSec } : {}),
            ...(run.bestEpoch !== undefined ? { bestEpoch: run.bestEpoch } : {}),
            ...(run.runName !== undefined ? { runName: run.runName } : {}),
          },
        }
      : {}),
    dataset: {
      source: p.data.source,
      classNames: ds.classNames,
      shape: [ds.height, ds.width, ds.channels],
      trainSamples: p.split.train.length,
      validationSamples: p.split.validation.length,
      classCounts,
      ...(p.data.importReport ? { importReport: p.data.importReport } : {}),
    },
    evaluation: p.evaluation,
    misclassifiedImages: p.evaluation.misclassified.slice(0, REPORT_IMAGES).map((m) => ({ index: m.index, height: ds.height, width: ds.width, channels: ds.channels, pixels: ds.images.slice(m.index * size, (m.index + 1) * size) })),
  });
  const { ensureOutputFolder } = await import('../../node/fs/outputFolder');
  const { atomicWrite } = await import('../../node/fs/atomicWrite');
  await ensureOutputFolder(path.dirname(file));
  await atomicWrite(file, html);
}

export const evaluateCommand = defineCommand({
  name: 'evaluate',
  summary: 'Evaluate trained weights on a folder or split: accuracy, per-class P/R/F1, confusion, ROC/PR curves, calibration, mistakes',
  arguments: [PROJECT_ARGUMENT],
  options: {
    weights: text({ placeholder: 'DIR', description: 'a folder with model.json + weights.bin, as `cnn-studio train --out` writes', required: true }),
    data: text({ placeholder: 'FOLDER|mnist', description: 'the labelled images: a folder with one subfolder per class (named as the classes the network was trained on), an IDX or CIFAR folder, or "mnist"', defaultText: "the project's dataset" }),
    split: choice(SPLITS, { description: 'which samples of the data to evaluate', default: 'all' }),
    limit: integer({ min: 1, description: 'evaluate N samples drawn at random (always the same N) instead of all' }),
    report: text({ placeholder: 'FILE.html', description: 'also write the evaluation as one self-contained HTML report (the network, its training, the data, the curves, the mistakes)' }),
    json: flag('print the evaluation as one JSON object (accuracy, macro, perClass, confusion, calibration, misclassified, …) instead of tables'),
    lang: choice({ en: 'English', ko: 'Korean' }, { description: 'the language of the tables and the report', default: 'en' }),
    backend: choice(['auto', 'wasm', 'cpu'], { description: 'the tfjs backend; auto tries WebGPU (a hardware adapter), then wasm, then cpu', default: 'auto' }),
  },
  examples: [
    'cnn-studio evaluate lenet5 --weights runs/lenet --data mnist --split validation',
    'cnn-studio evaluate my.cnnproj --weights runs/w --data test/ --report report.html',
    'cnn-studio evaluate my.cnnproj --weights runs/w --data test/ --json',
  ],
  async run({ args: [project], options: o, verbose }, io: CliIO) {
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) return (io.err(`evaluate: ${loaded.message}`), 2);
    const { doc } = loaded;
    const isFile = !loaded.source.startsWith('template ');
    const reportFile = o.report !== undefined ? path.resolve(o.report) : undefined;
    if (reportFile) {
      const bad = await checkReportPath(reportFile);
      if (bad) return (io.err(`evaluate: --report ${bad}`), 2);
    }
    const classifier = await imageClassifier(doc, 'evaluate');
    if (!classifier.ok) return (io.err(classifier.message), 1);
    const [H, W, C] = classifier.shape;

    const weightsDir = path.resolve(o.weights);
    const { readWeightsFolder } = await import('../../node/export/writeExport');
    const saved = await readWeightsFolder(doc, weightsDir).catch((e: unknown) => e as Error);
    if (saved instanceof Error) return (io.err(`evaluate: cannot use the weights in ${weightsDir}: ${saved.message}`), 1);
    const { readRunInfo } = await import('../../node/evaluate/runInfo');
    const run = await readRunInfo(weightsDir);

    let data: EvaluationData;
    try {
      data = await loadEvaluationData(dataArgFrom(o.data, doc.dataset, isFile ? path.dirname(path.resolve(project)) : undefined), { height: H, width: W, channels: C });
    } catch (e) {
      return (io.err(`evaluate: ${(e as Error).message}`), 2);
    }
    // Skipped files and warnings, as `train` prints them (on stderr, so --json's stdout stays one object).
    if (data.importReport) for (const line of importReportLines(data.importReport)) io.err(line);
    const { takeFirst } = await import('../../src/data/mnist');
    // A split of the data the run trained on: its first `samples`, as `train --limit` took them, so the split is the run's.
    if (o.split !== 'all' && run?.dataset?.source === data.source && run.dataset.samples !== undefined && run.dataset.samples < data.dataset.n) {
      data = { ...data, dataset: takeFirst(data.dataset, run.dataset.samples), source: `${data.source}, first ${run.dataset.samples} as trained`, ...(data.files ? { files: data.files.slice(0, run.dataset.samples) } : {}) };
    }
    const ds = data.dataset;
    if (ds.height !== H || ds.width !== W || ds.channels !== C)
      return (io.err(`evaluate: the data holds ${ds.height}×${ds.width}×${ds.channels} images; ${doc.name}'s Input is ${H}×${W}×${C} — give data of that size, or an image folder (decoded at the Input's size).`), 1);

    const { mapClasses } = await import('../../src/evaluate/classMapping');
    const { analysis } = classifier;
    const mapping = mapClasses(ds.classNames, classifier.classNames.length, saved.classNames ?? run?.dataset?.classes, classifier.classNames);
    if (!mapping.ok) return (io.err(`evaluate: ${mapping.message}`), 1);
    if (mapping.note) io.err(`evaluate: note: ${mapping.note}`);

    // Which samples: the split (the run's settings, else the project's), then --limit drawn by a fixed seed.
    const { splitDataset } = await import('../../src/train/split');
    const settings = run?.settings ?? doc.training;
    const split = splitDataset(ds, settings.validationSplit, settings.seed);
    let indices = o.split === 'all' ? Array.from({ length: ds.n }, (_, i) => i) : split[o.split];
    let source = o.split === 'all' ? data.source : `${o.split} split of ${data.source}`;
    if (o.limit !== undefined && o.limit < indices.length) {
      const { mulberry32, shuffleInPlace } = await import('../../src/train/random');
      const drawn = [...indices];
      shuffleInPlace(drawn, mulberry32(0));
      indices = drawn.slice(0, o.limit).sort((a, b) => a - b);
      source += `, ${o.limit} drawn at random`;
    }
    if (!indices.length) return (io.err(`evaluate: the ${o.split} split of ${data.source} has no samples — choose --split all.`), 2);

    const { loadCliBackend } = await import('./trainRun');
    const { tf } = await loadCliBackend('evaluate', o.backend, { verbose, io });
    const { buildTfModelWithAnalysis } = await import('../../src/train/buildTfModel');
    const { applyWeights } = await import('../../src/train/applyWeights');
    let model;
    try {
      model = buildTfModelWithAnalysis(doc.graph, tf, analysis).model;
      applyWeights(tf, model, saved);
    } catch (e) {
      return (io.err(`evaluate: ${(e as Error).message}`), 1);
    }
    const { predictProbabilities } = await import('../../src/evaluate/predictProbabilities');
    const { evaluatePredictions } = await import('../../src/evaluate/evaluatePredictions');
    let evaluation: ModelEvaluation;
    try {
      // Labels as output units; pixels normalised as the weights were trained (model.json), not as this data would be.
      const labels = Uint16Array.from(ds.labels.subarray(0, ds.n), (l) => mapping.toOutput[l]);
      const asTrained: InMemoryDataset = { ...ds, labels, classNames: mapping.classNames, normalization: saved.normalization };
      const size = H * W * C;
      const batchSize = Math.max(1, Math.min(256, Math.floor(2 ** 24 / size)));
      // A count on a terminal for long sets (70,000 images ≈ 40 s on two cores); its \r and ESC [2K go to
      // stderr directly, as train's progress bar does (trainProgress.ts), only numbers through them.
      const tty = !o.json && !!process.stderr.isTTY && indices.length > 5000;
      const rows = await predictProbabilities(tf, model, asTrained, indices, batchSize, tty ? (done, total) => process.stderr.write(`\r\x1b[2Kevaluating ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')}`) : undefined);
      if (tty) process.stderr.write('\r\x1b[2K');
      const files = data.files;
      // Misclassified.index: the sample's place in the data, not in the evaluated selection.
      evaluation = evaluatePredictions({ probabilities: rows.probabilities, truth: rows.truth, classNames: mapping.classNames, source, indices, ...(files ? { files: indices.map((i) => files[i]) } : {}) });
    } catch (e) {
      return (io.err(`evaluate: ${(e as Error).message}`), 1);
    } finally {
      model.dispose();
    }

    if (o.json) io.out(JSON.stringify(evaluation));
    else {
      const { formatEvaluation } = await import('../../src/evaluate/formatEvaluation');
      io.out(formatEvaluation(evaluation, o.lang));
    }
    if (reportFile) {
      try {
        await writeReport(reportFile, { lang: o.lang, doc, ...(run ? { run } : {}), data, split, evaluation });
      } catch (e) {
        io.err(`evaluate: could not write the report ${reportFile}: ${(e as Error).message}`);
        return 1;
      }
      if (!o.json) io.out(`Wrote ${reportFile}`);
    }
    return 0;
  },
});
