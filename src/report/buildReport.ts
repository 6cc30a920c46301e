// The evaluation report (#18) as ONE self-contained HTML document: CSS in a <style>, charts as inline SVG,
// thumbnails as data: URLs, no script, no web font, no URL of any kind — it opens offline, mails as one file and
// prints to PDF (Electron's webContents.printToPDF) one section per page. A Content-Security-Policy that allows
// nothing but inline style and data: images backs the escaping up: even a slipped tag could load or run nothing.
import { ReportInputSchema, type ReportInput } from './reportInput';
import { esc, formatDate, reportContext } from './html';
import { REPORT_CSS } from './reportStyle';
import { networkSection } from './reportNetwork';
import { trainingSection } from './reportTraining';
import { datasetSection, importSection } from './reportDataset';
import { evaluationSection } from './reportEvaluation';
import { robustnessSection } from './reportRobustness';
import type { ReportTextKey } from './reportTexts';

export { ReportInputSchema, ReportImageSchema, RobustnessResultSchema, type ReportInput, type ReportImage } from './reportInput';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The report's sections in order; each present only when its data is. */
export type ReportSectionId = 'network' | 'training' | 'dataset' | 'import' | 'evaluation' | 'robustness';

export function buildReportHtml(input: ReportInput): string {
  const r = ReportInputSchema.parse(input);
  const c = reportContext(r.lang);
  const sections: { id: ReportSectionId; title: ReportTextKey; html: string }[] = [{ id: 'network', title: 'modelSection', html: networkSection(c, r.project.graph) }];
  if (r.training) sections.push({ id: 'training', title: 'trainingSection', html: trainingSection(c, r.training) });
  if (r.dataset) sections.push({ id: 'dataset', title: 'datasetSection', html: datasetSection(c, r.dataset) });
  if (r.dataset?.importReport) sections.push({ id: 'import', title: 'importSection', html: importSection(c, r.dataset.importReport) });
  if (r.evaluation) sections.push({ id: 'evaluation', title: 'evaluationSection', html: evaluationSection(c, r.evaluation, r.misclassifiedImages) });
  if (r.robustness?.curves.length) sections.push({ id: 'robustness', title: 'robustnessSection', html: robustnessSection(c, r.robustness) });
  const date = formatDate(r.generatedAt);
  const toc = `<nav class="toc" aria-label="${c.t('contents')}"><ol>${sections.map((s) => `<li><a href="#${s.id}">${c.t(s.title)}</a></li>`).join('')}</ol></nav>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${r.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="CNN Studio">`,
    `<title>${c.t('documentTitle', { project: r.project.name })}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    `<header class="report-header"><div class="kicker">${c.t('heading')}</div><h1>${esc(r.project.name)}</h1><p class="subtitle">${c.t('generated', { date })}</p>${toc}</header>`,
    ...sections.map((s) => s.html),
    `<footer class="report-footer">CNN Studio · ${c.t('generated', { date })}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
