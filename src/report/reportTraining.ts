// The report's training section: the settings, the run's facts, and loss and accuracy per epoch (training
// against validation) as line charts.
import { lineChart, PALETTE } from './charts';
import { esc, figure, int, keyValues, section, sig, type ReportContext } from './html';
import type { ReportInput } from './reportInput';

type Training = NonNullable<ReportInput['training']>;

function settingsRows(c: ReportContext, s: Training['settings']): [string, string][] {
  const a = s.augmentation;
  const augmented = a.shift > 0 || a.scale > 0 || a.rotationDeg > 0;
  const rows: [string, string][] = [
    [c.t('optimizer'), esc(s.optimizer)],
    [c.t('learningRate'), sig(s.learningRate)],
  ];
  if (s.optimizer === 'momentum' || s.optimizer === 'nesterov') rows.push([c.t('momentum'), sig(s.momentum)]);
  rows.push(
    [c.t('schedule'), s.schedule === 'step' ? c.t('scheduleStep', { gamma: sig(s.stepGamma), size: s.stepSize }) : esc(s.schedule)],
    [c.t('batchSize'), int(s.batchSize)],
    [c.t('epochs'), int(s.epochs)],
    [c.t('validationSplit'), `${sig(s.validationSplit * 100, 3)}%`],
    [c.t('shuffle'), s.shuffle ? c.t('yes') : c.t('no')],
    [c.t('seed'), String(s.seed)],
    [c.t('earlyStopping'), s.earlyStoppingPatience > 0 ? c.t('earlyStoppingPatience', { n: s.earlyStoppingPatience }) : c.t('earlyStoppingOff')],
    [c.t('weightDecay'), sig(s.weightDecay)],
    [c.t('augmentation'), augmented ? c.t('augmentationValue', { shift: sig(a.shift), scale: sig(a.scale), rotation: sig(a.rotationDeg) }) : c.t('augmentationNone')],
    [c.t('backend'), esc(s.backend)],
  );
  return rows;
}

function runRows(c: ReportContext, tr: Training): [string, string][] {
  const rows: [string, string][] = [];
  if (tr.runName) rows.push([c.t('runName'), esc(tr.runName)]);
  if (tr.status) rows.push([c.t('status'), esc(tr.status)]);
  if (tr.backend) rows.push([c.t('backend'), esc(tr.backend)]);
  if (tr.seconds !== undefined) rows.push([c.t('duration'), c.t('seconds', { n: sig(tr.seconds, 3) })]);
  if (tr.samplesPerSec !== undefined) rows.push([c.t('throughput'), c.t('samplesPerSec', { n: int(Math.round(tr.samplesPerSec)) })]);
  if (tr.bestEpoch !== undefined) rows.push([c.t('bestEpoch'), String(tr.bestEpoch + 1)]);
  if (tr.history.length) rows.push([c.t('epochs'), int(tr.history.length)]);
  return rows;
}

const finite = (vs: (number | undefined)[]) => vs.filter((v): v is number => v !== undefined && Number.isFinite(v));

function curves(c: ReportContext, history: Training['history']): string {
  // Epochs are stored 0-based; people count them from 1.
  const x = history.map((h) => h.epoch + 1);
  const xDomain: [number, number] = x.length > 1 ? [x[0], x[x.length - 1]] : [x[0] - 0.5, x[0] + 0.5];
  const hasVal = history.some((h) => h.valLoss !== undefined || h.valAcc !== undefined);
  const chart = (title: string, yLabel: string, train: (number | undefined)[], val: (number | undefined)[], y: [number, number], percent: boolean) =>
    lineChart({
      title,
      xLabel: c.plain('epochAxis'),
      yLabel,
      integerX: true,
      percentY: percent,
      x: xDomain,
      y,
      series: [
        { label: c.plain('trainSeries'), x, y: train, color: PALETTE[0], markers: true },
        ...(hasVal ? [{ label: c.plain('validationSeries'), x, y: val, color: PALETTE[1], markers: true, dashed: true }] : []),
      ],
    });
  const losses = [history.map((h) => h.loss), history.map((h) => h.valLoss)];
  const accs = [history.map((h) => h.acc), history.map((h) => h.valAcc)];
  // Accuracy from the 20% step below the lowest point up to 100%, so late epochs' differences stay visible.
  const lowest = Math.min(1, ...finite(accs.flat()));
  const loss = chart(c.plain('lossCurve'), c.plain('lossAxis'), losses[0], losses[1], [0, Math.max(1e-3, ...finite(losses.flat())) * 1.05], false);
  const acc = chart(c.plain('accuracyCurve'), c.plain('accuracyAxis'), accs[0], accs[1], [Math.max(0, Math.floor(lowest * 5) / 5 - (lowest >= 1 ? 0.2 : 0)), 1], true);
  return `<div class="figure-row">${figure(c.t('lossCurve'), loss)}${figure(c.t('accuracyCurve'), acc)}</div>`;
}

export function trainingSection(c: ReportContext, tr: Training): string {
  const run = runRows(c, tr);
  return section('training', c.t('trainingSection'), [
    `<div class="two-col">${keyValues(settingsRows(c, tr.settings), c.t('settingsTable'))}${run.length ? keyValues(run, c.t('runTable')) : ''}</div>`,
    tr.history.length ? curves(c, tr.history) : '',
  ]);
}
