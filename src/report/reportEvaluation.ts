// The report's evaluation section: headline metrics, per-class table, confusion matrix (a shaded table, or a
// heatmap past TABLE_CLASSES classes), ROC and PR curves per class, the reliability diagram with its ECE,
// and the most confident mistakes as thumbnails.
import type { ModelEvaluation } from '../evaluate/evaluationSchema';
import { heatmap, lineChart, reliabilityChart, seriesColor } from './charts';
import { attr, esc, figure, int, metrics, num3, pct, section, table, type ReportContext } from './html';
import { pngDataUrl } from './png';
import type { ReportImage } from './reportInput';

/** Up to this many classes the confusion matrix is a table with counts; beyond, a heatmap. */
export const TABLE_CLASSES = 20;
/** Thumbnails shown. */
export const THUMBNAILS_SHOWN = 48;

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function confusionPart(c: ReportContext, e: ModelEvaluation): string {
  const names = e.classNames;
  if (names.length > TABLE_CLASSES) return figure(c.t('confusionNote'), heatmap({ title: c.plain('confusionMatrix'), matrix: e.confusion }));
  const head = `<tr><th class="corner">${c.t('truthAxis')} \\ ${c.t('predictedAxis')}</th>${names.map((n) => `<th scope="col" title="${attr(n)}">${esc(short(n, 10))}</th>`).join('')}</tr>`;
  const body = e.confusion
    .map((row, r) => {
      const total = row.reduce((s, v) => s + v, 0) || 1;
      const cells = row.map((v, k) => {
        const share = v / total;
        // Diagonal green, mistakes red; the alpha is the row share, so a column of errors stands out.
        const bg = v === 0 ? '' : ` style="background:rgba(${r === k ? '31,111,63' : '179,38,30'},${(0.1 + 0.85 * share).toFixed(3)});color:${share > 0.5 ? '#fff' : '#222'}"`;
        return `<td class="num"${bg}>${v ? int(v) : ''}</td>`;
      });
      return `<tr><th scope="row" title="${attr(names[r] ?? '')}">${esc(short(names[r] ?? String(r), 14))}</th>${cells.join('')}</tr>`;
    })
    .join('');
  return `<table class="confusion">${`<thead>${head}</thead>`}<tbody>${body}</tbody></table><p class="note">${c.t('confusionNote')}</p>`;
}

function curvesPart(c: ReportContext, e: ModelEvaluation): string {
  const roc = lineChart({
    title: c.plain('rocCurves'),
    xLabel: c.plain('fprAxis'),
    yLabel: c.plain('tprAxis'),
    x: [0, 1],
    y: [0, 1],
    diagonal: c.plain('chance'),
    series: e.perClass.map((k, i) => ({ label: `${short(k.name, 16)} (${num3(k.rocAuc)})`, x: k.roc.x, y: k.roc.y, color: seriesColor(i) })),
  });
  const pr = lineChart({
    title: c.plain('prCurves'),
    xLabel: c.plain('recallAxis'),
    yLabel: c.plain('precisionAxis'),
    x: [0, 1],
    y: [0, 1],
    series: e.perClass.map((k, i) => ({ label: `${short(k.name, 16)} (${num3(k.prAuc)})`, x: k.pr.x, y: k.pr.y, color: seriesColor(i) })),
  });
  return `<div class="figure-row">${figure(`${c.t('rocCurves')} · ${c.t('colRocAuc')}`, roc)}${figure(`${c.t('prCurves')} · ${c.t('colAp')}`, pr)}</div>`;
}

/** The reliability diagram's numbers: each bin's range, size, mean confidence and accuracy. */
function binTable(c: ReportContext, e: ModelEvaluation): string {
  return table(
    [{ head: c.t('colBin') }, { head: c.t('samples'), numeric: true }, { head: c.t('colMeanConfidence'), numeric: true }, { head: c.t('colBinAccuracy'), numeric: true }],
    e.calibration.bins.map((b) => [`${b.lo.toFixed(1)}–${b.hi.toFixed(1)}`, int(b.count), pct(b.confidence), pct(b.accuracy)]),
    { className: 'bins' },
  );
}

function misclassifiedPart(c: ReportContext, e: ModelEvaluation, images: ReportImage[]): string {
  const byIndex = new Map(images.map((im) => [im.index, im]));
  const shown = e.misclassified.filter((m) => byIndex.has(m.index)).slice(0, THUMBNAILS_SHOWN);
  if (!shown.length) return '';
  const name = (k: number) => e.classNames[k] ?? String(k);
  const cards = shown.map((m) => {
    const im = byIndex.get(m.index)!;
    const words = { truth: name(m.truth), predicted: name(m.predicted) };
    const caption = c.t('misclassifiedCaption', words);
    const file = m.file ? `<span class="thumb-file" title="${attr(m.file)}">${esc(short(m.file.split(/[\\/]/).pop() ?? m.file, 22))}</span>` : '';
    return `<figure class="thumb"><img src="${pngDataUrl(im.width, im.height, im.channels, im.pixels)}" width="64" height="64" alt="${attr(c.plain('misclassifiedCaption', words))}"><figcaption><span class="thumb-label">${caption}</span><span class="thumb-conf">${c.t('confidence', { p: pct(m.confidence, 0) })}</span>${file}</figcaption></figure>`;
  });
  return `<h3>${c.t('misclassified')}</h3><p class="note">${c.t('misclassifiedNote', { shown: int(shown.length), total: int(e.misclassifiedTotal) })}</p><div class="thumbs">${cards.join('')}</div>`;
}

export function evaluationSection(c: ReportContext, e: ModelEvaluation, images: ReportImage[] = []): string {
  const head = metrics([
    [c.t('accuracy'), pct(e.accuracy)],
    [c.t('macroF1'), num3(e.macro.f1)],
    [c.t('macroPrecision'), num3(e.macro.precision)],
    [c.t('macroRecall'), num3(e.macro.recall)],
    [c.t('macroRocAuc'), num3(e.macro.rocAuc)],
    [c.t('ece'), num3(e.calibration.ece)],
  ]);
  const facts = `<p class="facts">${c.t('evaluatedOn')}: <strong>${esc(e.source)}</strong> · ${c.t('samples')}: ${int(e.samples)} · ${c.t('loss')}: ${num3(e.loss)} · ${c.t('macroPrAuc')}: ${num3(e.macro.prAuc)}</p>`;
  const perClass = table(
    [c.t('colClass'), c.t('colPrecision'), c.t('colRecall'), c.t('colF1'), c.t('colSupport'), c.t('colRocAuc'), c.t('colAp')].map((head, i) => ({ head, numeric: i > 0 })),
    e.perClass.map((k) => [esc(k.name), num3(k.precision), num3(k.recall), num3(k.f1), int(k.support), num3(k.rocAuc), num3(k.prAuc)]),
    { className: 'per-class' },
  );
  const reliability = reliabilityChart({
    title: c.plain('reliability'),
    xLabel: c.plain('confidenceAxis'),
    yLabel: c.plain('accuracyAxis'),
    bins: e.calibration.bins,
    barLabel: c.plain('binAccuracy'),
    diagonal: c.plain('perfectCalibration'),
  });
  return section('evaluation', c.t('evaluationSection'), [
    facts,
    head,
    `<h3>${c.t('perClassTable')}</h3>`,
    perClass,
    `<h3>${c.t('confusionMatrix')}</h3>`,
    confusionPart(c, e),
    `<h3>${c.t('rocCurves')} · ${c.t('prCurves')}</h3>`,
    curvesPart(c, e),
    `<h3>${c.t('reliability')}</h3>`,
    `<div class="figure-row">${figure(c.t('reliabilityNote', { ece: num3(e.calibration.ece) }), reliability, 'reliability')}${binTable(c, e)}</div>`,
    misclassifiedPart(c, e, images),
  ]);
}
