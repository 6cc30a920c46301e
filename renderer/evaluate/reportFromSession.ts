// The HTML report's input from what the app holds: the document (name, graph), the training session's result
// or the run that made the weights (curves, settings), the dataset (the last import's report when it is the
// project's folder), this evaluation and its thumbnails, and the Robustness lab's result for these weights.
import type { ReportInput } from '../../src/report/buildReport';
import type { ProjectDoc } from '../../src/project/schema';
import { currentLang } from '../i18n';
import { useProjectStore } from '../store/projectStore';
import { useTrainingSession } from '../training/trainingSession';
import { useDatasetImport } from '../dataset/datasetImport';
import { useLab } from '../experiments/robustness/labStore';
import type { EvaluateResult } from './evaluateStore';
import { reportImages } from './reportImages';

function inputShape(doc: ProjectDoc): [number, number, number] {
  const p = (doc.graph.nodes.find((n) => n.type === 'Input')?.params ?? {}) as { height?: number; width?: number; channels?: number };
  return [p.height ?? 28, p.width ?? 28, p.channels ?? 1];
}

function trainingPart(doc: ProjectDoc): ReportInput['training'] {
  const s = useTrainingSession.getState();
  const run = s.weightsOrigin?.runId ? doc.runs?.find((r) => r.id === s.weightsOrigin!.runId) : undefined;
  if (s.result && s.weightsOrigin?.source === 'trained')
    return {
      settings: run?.settings ?? doc.training,
      history: s.result.history,
      status: s.result.status,
      ...(s.backend ? { backend: s.backend.name } : {}),
      seconds: s.result.seconds,
      samplesPerSec: s.result.samplesPerSec,
      ...(s.result.bestEpoch !== undefined ? { bestEpoch: s.result.bestEpoch } : {}),
      ...(run ? { runName: run.name } : {}),
    };
  if (run) return { settings: run.settings, history: run.epochs, status: run.status, backend: run.backend.name, seconds: run.seconds, samplesPerSec: run.samplesPerSec, ...(run.bestEpoch !== undefined ? { bestEpoch: run.bestEpoch } : {}), runName: run.name };
  return undefined;
}

function datasetPart(doc: ProjectDoc, classNames: string[]): ReportInput['dataset'] {
  const s = useTrainingSession.getState();
  const run = s.weightsOrigin?.runId ? doc.runs?.find((r) => r.id === s.weightsOrigin!.runId) : undefined;
  const imp = useDatasetImport.getState();
  const own = doc.dataset.kind !== 'mnist' && imp.result && imp.path === doc.dataset.path ? imp.result : undefined;
  const trainSamples = s.plan?.trainSamples ?? run?.dataset.trainSamples;
  const validationSamples = s.plan?.validationSamples ?? run?.dataset.validationSamples;
  return {
    source: doc.dataset.kind === 'mnist' ? 'MNIST' : (doc.dataset.path ?? doc.dataset.kind),
    classNames: own?.summary.classNames ?? classNames,
    shape: own ? [own.summary.height, own.summary.width, own.summary.channels] : inputShape(doc),
    ...(trainSamples !== undefined ? { trainSamples } : {}),
    ...(validationSamples !== undefined ? { validationSamples } : {}),
    ...(own ? { classCounts: own.report.classes, importReport: own.report } : {}),
  };
}

function robustnessPart(): ReportInput['robustness'] {
  const results = useLab.getState().results;
  const r = results.find((x) => x.current) ?? results[0];
  return r ? { accuracy: r.report.accuracy, meanTrueProb: r.report.meanTrueProb, curves: r.report.curves } : undefined;
}

export function reportInput(result: EvaluateResult): ReportInput {
  const { doc } = useProjectStore.getState();
  const ev = result.report.evaluation;
  const training = trainingPart(doc);
  const robustness = robustnessPart();
  return {
    lang: currentLang(),
    generatedAt: new Date().toISOString(),
    project: { name: doc.name, graph: doc.graph },
    ...(training ? { training } : {}),
    dataset: datasetPart(doc, ev.classNames),
    evaluation: ev,
    misclassifiedImages: reportImages(ev, result.report.thumbnails),
    ...(robustness ? { robustness } : {}),
  };
}
