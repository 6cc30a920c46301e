// The HTML report built from a real run (reportFixture: real digits in an image folder with a class folder
// named like markup, imported, LeNet-5 trained, evaluated on val/): it parses through its schema, references
// nothing outside itself, escapes every user string, speaks both languages and has exactly the sections
// whose data it was given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePngFast } from '../../node/data/pngDecode';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildReportHtml, ReportInputSchema, type ReportInput, type ReportSectionId } from './buildReport';
import { THUMBNAILS_SHOWN } from './reportEvaluation';
import reportTexts from './reportTexts';
import { HOSTILE_CLASS, makeReportFixture, type ReportFixture } from './testing/reportFixture';

const PROJECT = `Tom & Jerry's "CNN" <v2>`;
let fixture: ReportFixture;
let full: ReportInput;
const html: Record<'en' | 'ko', string> = { en: '', ko: '' };

beforeAll(async () => {
  fixture = await makeReportFixture({ hostileDigit: 3, projectName: PROJECT, epochs: 3 });
  full = fixture.input;
  html.en = buildReportHtml(full);
  html.ko = buildReportHtml({ ...full, lang: 'ko' });
}, 120_000);
afterAll(() => fixture?.cleanup());

const sectionsOf = (doc: string) => [...doc.matchAll(/<section class="report-section" id="(\w+)"/g)].map((m) => m[1]);
/** Every attribute that could load something: src, href, xlink:href, srcset, action, poster, data. */
const loadingAttributes = (doc: string) => [...doc.matchAll(/\s(?:src|href|xlink:href|srcset|action|poster|data|background)\s*=\s*"([^"]*)"/gi)].map((m) => m[1]);

describe('ReportInputSchema', () => {
  it('accepts the real run; refuses a wrong language, a missing project and pixels of the wrong size', () => {
    expect(() => ReportInputSchema.parse(full)).not.toThrow();
    expect(ReportInputSchema.safeParse({ ...full, lang: 'fr' }).success).toBe(false);
    expect(ReportInputSchema.safeParse({ ...full, project: undefined }).success).toBe(false);
    const im = full.misclassifiedImages![0];
    expect(ReportInputSchema.safeParse({ ...full, misclassifiedImages: [{ ...im, pixels: im.pixels.subarray(1) }] }).success).toBe(false);
    expect(() => buildReportHtml({ ...full, evaluation: { ...full.evaluation!, accuracy: 'high' as unknown as number } })).toThrow();
  });
});

describe('buildReportHtml: self-contained', () => {
  it.each(['en', 'ko'] as const)('%s: no URL, script, stylesheet link, web font or external load anywhere', (lang) => {
    const doc = html[lang];
    expect(doc).not.toMatch(/https?:/i);
    expect(doc).not.toMatch(/\/\/[a-z0-9.-]+\.[a-z]{2,}/i); // protocol-relative URLs
    expect(doc).not.toMatch(/<script|<link|<iframe|<object|<embed|@import|@font-face|javascript:/i);
    // CSS url() only to a fragment (the graph's arrow marker).
    for (const m of doc.matchAll(/url\(([^)]*)\)/g)) expect(m[1]).toMatch(/^#/);
    const loads = loadingAttributes(doc);
    expect(loads.length).toBeGreaterThan(0);
    for (const v of loads) expect(v, v.slice(0, 40)).toMatch(/^(data:image\/png;base64,|#)/);
    expect(doc).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  });

  it('has print CSS: A4 pages and a page break between sections', () => {
    expect(html.en).toMatch(/@page \{ size: A4;/);
    expect(html.en).toMatch(/@media print \{[\s\S]*\.report-section \+ \.report-section \{ break-before: page; \}/);
  });
});

describe('buildReportHtml: escaping', () => {
  it('shows the hostile class name and the project name as text, never as markup', () => {
    const doc = html.en;
    expect(full.evaluation!.classNames).toContain(HOSTILE_CLASS);
    expect(doc).not.toContain(HOSTILE_CLASS);
    // No tag carries an event handler (attribute values, where the escaped name may sit in an alt, set aside).
    expect(doc.replace(/"[^"]*"/g, '""')).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
    expect(doc).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(doc).not.toContain(PROJECT);
    expect(doc).toContain(`<h1>Tom &amp; Jerry&#39;s "CNN" &lt;v2&gt;</h1>`.replace(`&#39;`, `'`));
    expect(doc).toContain('<title>Model report — Tom &amp; Jerry\'s "CNN" &lt;v2&gt;</title>');
    // Every <img> is a thumbnail: its src a PNG data URL.
    const imgs = [...doc.matchAll(/<img\s[^>]*>/g)].map((m) => m[0]);
    expect(imgs.length).toBe(Math.min(THUMBNAILS_SHOWN, full.misclassifiedImages!.length));
    for (const tag of imgs) expect(tag).toMatch(/^<img src="data:image\/png;base64,[A-Za-z0-9+/=]+" width="64" height="64" alt="[^"<>]*">$/);
  });

  it('a hostile file path and source in the import report are escaped too', () => {
    const r = full.dataset!.importReport!;
    const evil = { ...r, folder: '"><svg onload=alert(1)>', skipped: [{ path: 'a/<b>&c.png', code: 'corrupt' as const, reason: '<script>x</script>' }] };
    const doc = buildReportHtml({ ...full, dataset: { ...full.dataset!, importReport: evil, source: '<i>src</i>' } });
    expect(doc).not.toMatch(/<svg onload|<script|<b>&c|<i>src/);
    expect(doc).toContain('&quot;&gt;&lt;svg onload=alert(1)&gt;'.replace('&quot;', '"'));
    expect(doc).toContain('a/&lt;b&gt;&amp;c.png');
  });
});

describe('buildReportHtml: content', () => {
  it('the layer table lists every node and the analysis totals', () => {
    const a = analyzeGraph(full.project.graph);
    const total = a.totals.trainable + a.totals.nonTrainable;
    expect(total).toBe(61_706); // LeNet-5 as the template builds it
    const layers = html.en.match(/<table class="data layers">[\s\S]*?<\/table>/)![0];
    expect(layers.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)!.length).toBe(full.project.graph.nodes.length);
    expect(layers).toContain('<tfoot><tr><td>Total</td><td></td><td></td><td class="num">61,706</td></tr></tfoot>');
    expect(html.en).toContain('<svg class="graph-picture"');
  });

  it('shows the evaluation numbers, a confusion row per class, a thumbnail whose pixels are the sample’s', () => {
    const e = full.evaluation!;
    expect(html.en).toContain(`<div class="metric-value">${(e.accuracy * 100).toFixed(1)}%</div>`);
    const confusion = html.en.match(/<table class="confusion">[\s\S]*?<\/table>/)![0];
    expect(confusion.match(/<tbody>[\s\S]*<\/tbody>/)![0].match(/<tr>/g)!.length).toBe(e.classNames.length);
    const first = html.en.match(/<img src="data:image\/png;base64,([^"]+)"/)!;
    const decoded = decodePngFast(Buffer.from(first[1], 'base64'))!;
    const im = full.misclassifiedImages!.find((x) => x.index === e.misclassified[0].index)!;
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(im.pixels))).toBe(true);
    expect(html.en).toContain(`ECE = ${e.calibration.ece.toFixed(3)}`);
    expect(html.en).toContain('The file is empty'); // the importer's reason for the empty file
  });
});

describe('buildReportHtml: languages', () => {
  it.each(['en', 'ko'] as const)('%s: html lang, heading and every section title from its texts', (lang) => {
    const doc = html[lang];
    const t = reportTexts[lang];
    expect(doc).toContain(`<html lang="${lang}">`);
    expect(doc).toContain(`<div class="kicker">${t.heading}</div>`);
    for (const key of ['modelSection', 'trainingSection', 'datasetSection', 'importSection', 'evaluationSection', 'robustnessSection'] as const) expect(doc).toContain(`<h2>${t[key]}</h2>`);
    const other = reportTexts[lang === 'en' ? 'ko' : 'en'];
    expect(doc).not.toContain(`<h2>${other.evaluationSection}</h2>`);
  });
});

describe('buildReportHtml: sections present only with their data', () => {
  const all: ReportSectionId[] = ['network', 'training', 'dataset', 'import', 'evaluation', 'robustness'];
  it.each<[string, (r: ReportInput) => ReportInput, ReportSectionId[]]>([
    ['everything', (r) => r, all],
    ['no training', (r) => ({ ...r, training: undefined }), ['network', 'dataset', 'import', 'evaluation', 'robustness']],
    ['no dataset', (r) => ({ ...r, dataset: undefined }), ['network', 'training', 'evaluation', 'robustness']],
    ['dataset without import report', (r) => ({ ...r, dataset: { ...r.dataset!, importReport: undefined } }), ['network', 'training', 'dataset', 'evaluation', 'robustness']],
    ['no evaluation', (r) => ({ ...r, evaluation: undefined }), ['network', 'training', 'dataset', 'import', 'robustness']],
    ['robustness without curves', (r) => ({ ...r, robustness: { ...r.robustness!, curves: [] } }), ['network', 'training', 'dataset', 'import', 'evaluation']],
    ['the project only', (r) => ({ lang: r.lang, generatedAt: r.generatedAt, project: r.project }), ['network']],
  ])('%s', (_name, make, expected) => {
    const doc = buildReportHtml(make(full));
    expect(sectionsOf(doc)).toEqual(expected);
    // The table of contents links exactly the sections there.
    expect([...doc.matchAll(/<li><a href="#(\w+)">/g)].map((m) => m[1])).toEqual(expected);
    expect(doc.includes('<img ')).toBe(expected.includes('evaluation'));
  });

  it('training without epochs has its settings but no curves', () => {
    const doc = buildReportHtml({ ...full, training: { ...full.training!, history: [] } });
    expect(doc).toContain('<caption>Settings</caption>');
    expect(doc).not.toContain('aria-label="Loss per epoch"');
    expect(html.en).toContain('aria-label="Loss per epoch"');
  });
});
