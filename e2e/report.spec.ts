// The HTML report in Chromium, from a real run (src/report/testing/reportFixture.ts: real digits as an image
// folder, imported, LeNet-5 trained, evaluated): written with writeReportFile, opened with nothing but
// data: and about: requests (anything else is intercepted and fails the test), every section heading and
// chart visible, every thumbnail decoded, no script run by a markup-like project name, and printed to an
// A4 PDF with a page per section. The full-page picture is the README's docs/screenshot-report.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { buildReportHtml } from '../src/report/buildReport';
import reportTexts from '../src/report/reportTexts';
import { makeReportFixture, HOSTILE_CLASS, type ReportFixture } from '../src/report/testing/reportFixture';
import { writeReportFile } from '../node/report/writeReport';
import { collectErrors, launchBrowser } from './helpers/browser';
import { screenshotPath } from './helpers/screenshots';

const PROJECT = `Digits & "friends" — LeNet-5's report`;
/** About an A4 page at 96 dpi with the report's margins. */
const VIEWPORT = { width: 880, height: 1100 };
const SECTION_KEYS = ['modelSection', 'trainingSection', 'datasetSection', 'importSection', 'evaluationSection', 'robustnessSection'] as const;

let fixture: ReportFixture;
let browser: Browser;
let dir: string;

beforeAll(async () => {
  fixture = await makeReportFixture({ projectName: PROJECT });
  dir = await mkdtemp(path.join(tmpdir(), 'cnn-report-e2e-'));
  browser = await launchBrowser();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await fixture?.cleanup();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The written file opened in a fresh page; every request it makes is recorded, any non-data: one refused. */
async function open(html: string, name: string): Promise<{ page: Page; requests: string[]; refused: string[]; errors: string[]; dialogs: string[] }> {
  const file = await writeReportFile(path.join(dir, name), html);
  const page = await browser.newPage({ viewport: VIEWPORT });
  const requests: string[] = [];
  const refused: string[] = [];
  const dialogs: string[] = [];
  const errors = collectErrors(page);
  page.on('request', (r) => requests.push(r.url()));
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.route('**/*', (route) => {
    refused.push(route.request().url());
    return route.abort();
  });
  await page.setContent(await readFile(file, 'utf8'), { waitUntil: 'load' });
  return { page, requests, refused, errors, dialogs };
}

describe('the HTML report in Chromium', () => {
  it('loads with only data:/about: requests, shows every section and chart, and prints to A4 pages', async () => {
    const { page, requests, refused, errors, dialogs } = await open(buildReportHtml(fixture.input), 'report-en.html');
    expect(refused).toEqual([]);
    for (const url of requests) expect(url).toMatch(/^(data:|about:)/);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);

    expect(await page.locator('h1').innerText()).toBe(PROJECT);
    expect(await page.title()).toBe(`Model report — ${PROJECT}`);
    for (const key of SECTION_KEYS) expect(await page.getByRole('heading', { level: 2, name: reportTexts.en[key], exact: true }).isVisible(), key).toBe(true);

    // Charts drawn at a readable size; thumbnails decoded from their PNG data URLs at the dataset's size.
    const charts = await page.locator('svg.chart').evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.width, r.height]));
    expect(charts.length).toBe(2 + 1 + 2 + 1 + 3); // loss, accuracy; class counts; ROC, PR; reliability; three transforms
    for (const [w, h] of charts) expect(w > 200 && h > 150).toBe(true);
    const graph = await page.locator('svg.graph-picture').boundingBox();
    expect(graph!.width).toBeGreaterThan(600);
    const images = await page.locator('.thumb img').evaluateAll((els) => (els as HTMLImageElement[]).map((im) => [im.complete, im.naturalWidth, im.naturalHeight]));
    expect(images.length).toBe(Math.min(48, fixture.input.evaluation!.misclassified.length));
    expect(images.length).toBeGreaterThan(0);
    for (const im of images) expect(im).toEqual([true, 28, 28]);

    // Nothing wider than the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
    // The confusion matrix has a row per class with counts summing to the evaluated samples.
    const cells = await page.locator('table.confusion tbody td').allInnerTexts();
    expect(cells.reduce((s, v) => s + (v ? Number(v.replace(/,/g, '')) : 0), 0)).toBe(fixture.input.evaluation!.samples);

    await page.screenshot({ path: screenshotPath('report-en.png'), fullPage: true });

    // Print CSS: each section starts a page, so there are at least as many pages as sections.
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages).toBeGreaterThanOrEqual(SECTION_KEYS.length);
    await page.close();
  });

  it('Korean, with a project and a class named like markup: shown as text, nothing runs or loads', async () => {
    const input = { ...fixture.input, lang: 'ko' as const, project: { ...fixture.input.project, name: HOSTILE_CLASS } };
    const { page, requests, refused, errors, dialogs } = await open(buildReportHtml(input), 'report-ko.html');
    expect(refused).toEqual([]);
    for (const url of requests) expect(url).toMatch(/^(data:|about:)/);
    expect(errors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('html').getAttribute('lang')).toBe('ko');
    expect(await page.locator('h1').innerText()).toBe(HOSTILE_CLASS);
    expect(await page.locator('img:not([src^="data:image/png;base64,"])').count()).toBe(0);
    for (const key of SECTION_KEYS) expect(await page.getByRole('heading', { level: 2, name: reportTexts.ko[key], exact: true }).isVisible(), key).toBe(true);
    await page.screenshot({ path: screenshotPath('report-ko.png'), fullPage: true });
    await page.close();
  });
});
