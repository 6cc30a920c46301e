// The report's dataset section (source, image shape, split sizes, samples per class as a table and bars)
// and the import report (what the folder import skipped and why, its warnings).
import type { ImportReport } from '../contract/dataset';
import { barChart, PALETTE } from './charts';
import { esc, figure, int, keyValues, section, sig, table, type ReportContext } from './html';
import type { ReportInput } from './reportInput';

type Dataset = NonNullable<ReportInput['dataset']>;
type ClassCount = NonNullable<Dataset['classCounts']>[number];

/** Skipped files listed in full up to here; the rest are counted. */
export const SKIPPED_LISTED = 200;

function classCountsPart(c: ReportContext, counts: ClassCount[]): string {
  const split = counts.some((k) => k.train !== undefined || k.validation !== undefined);
  const rows = counts.map((k) => [esc(k.name), int(k.count), ...(split ? [int(k.train ?? 0), int(k.validation ?? 0)] : [])]);
  const columns = [{ head: c.t('colClass') }, { head: c.t('colCount'), numeric: true }, ...(split ? [{ head: c.t('colTrain'), numeric: true }, { head: c.t('colValidation'), numeric: true }] : [])];
  const total = counts.reduce((s, k) => s + k.count, 0);
  const foot = [c.t('totalRow'), int(total), ...(split ? [int(counts.reduce((s, k) => s + (k.train ?? 0), 0)), int(counts.reduce((s, k) => s + (k.validation ?? 0), 0))] : [])];
  const bars = barChart({
    title: c.plain('classCounts'),
    rows: counts.map((k) => ({ label: k.name, values: split ? [k.train ?? 0, k.validation ?? 0] : [k.count] })),
    series: split
      ? [
          { label: c.plain('colTrain'), color: PALETTE[0] },
          { label: c.plain('colValidation'), color: PALETTE[1] },
        ]
      : [{ label: c.plain('colCount'), color: PALETTE[0] }],
  });
  return `<h3>${c.t('classCounts')}</h3>${figure(c.t('classCounts'), bars)}${table(columns, rows, { foot, className: 'class-counts' })}`;
}

export function datasetSection(c: ReportContext, d: Dataset): string {
  const [h, w, ch] = d.shape;
  const rows: [string, string][] = [
    [c.t('source'), esc(d.source)],
    [c.t('imageShape'), c.t('shapeValue', { h, w, c: ch })],
    [c.t('classes'), `${int(d.classNames.length)}: ${d.classNames.slice(0, 30).map(esc).join(', ')}${d.classNames.length > 30 ? ', …' : ''}`],
  ];
  if (d.trainSamples !== undefined) rows.push([c.t('trainSamples'), int(d.trainSamples)]);
  if (d.validationSamples !== undefined) rows.push([c.t('validationSamples'), int(d.validationSamples)]);
  const counts = d.classCounts ?? d.importReport?.classes;
  return section('dataset', c.t('datasetSection'), [keyValues(rows), counts?.length ? classCountsPart(c, counts) : '']);
}

export function importSection(c: ReportContext, r: ImportReport): string {
  const rows: [string, string][] = [
    [c.t('importFolder'), esc(r.folder)],
    [c.t('filesSeen'), int(r.files)],
    [c.t('filesImported'), int(r.imported)],
    [c.t('filesSkipped'), int(r.skipped.length)],
    [c.t('imbalanceRatio'), sig(r.imbalanceRatio, 3)],
    [c.t('splitSource'), r.splitSource === 'folders' ? c.t('splitFolders') : c.t('splitRandom')],
  ];
  const warnings = r.warnings.length ? `<h3>${c.t('warnings')}</h3><ul class="warnings">${r.warnings.map((w) => `<li>${esc(w.message)}</li>`).join('')}</ul>` : '';
  const listed = r.skipped.slice(0, SKIPPED_LISTED);
  const skipped = r.skipped.length
    ? table(
        [{ head: c.t('colFile') }, { head: c.t('colReason') }],
        listed.map((s) => [`<span class="path">${esc(s.path)}</span>`, esc(s.reason)]),
        { className: 'skipped', ...(r.skipped.length > listed.length ? { foot: [c.t('moreSkipped', { n: int(r.skipped.length - listed.length) }), ''] } : {}) },
      )
    : `<p class="note">${c.t('noneSkipped')}</p>`;
  return section('import', c.t('importSection'), [keyValues(rows), warnings, `<h3>${c.t('skippedFiles')}</h3>`, skipped]);
}
