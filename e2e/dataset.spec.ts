// Importing an image folder in the browser: a generated dataset (real Fashion-MNIST pictures) with a few bad
// files; the report lists them, the classes and sample grid appear, the dataset can be fetched by id, and the
// Training tab trains LeNet-5 on it for an epoch (after the one-click fix of the Output's class count).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, collectErrors } from './helpers/browser';
import { greyPng } from '../node/data/testImages';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
let validationCount = -1;
const folder = mkdtempSync(path.join(os.tmpdir(), 'cnn-e2e-dataset-'));

beforeAll(async () => {
  for (const [cls, n] of [['boot', 12], ['coat', 12], ['bag', 3]] as const)
    for (let i = 0; i < n; i++) {
      mkdirSync(path.join(folder, cls), { recursive: true });
      writeFileSync(path.join(folder, cls, `${i}.png`), await greyPng(cls.length * 100 + i + cls.charCodeAt(0)));
    }
  writeFileSync(path.join(folder, 'coat', 'empty.png'), new Uint8Array(0));
  writeFileSync(path.join(folder, 'boot', 'notes.jpg'), 'not a picture');
  mkdirSync(path.join(folder, 'hat'));
  host = await startWebHost();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  errors = collectErrors(page);
  await page.goto(host.url);
  // LeNet-5 (28×28×1 input, 10 classes): the import takes its size from the Input node.
  await page.getByTestId('menu-file').click();
  await page.getByTestId('menu-new').click();
  await page.getByTestId('template-lenet5').click();
  await page.getByTestId('template-chooser').waitFor({ state: 'detached' });
  await page.getByTestId('tab-dataset').click();
  await page.getByTestId('dataset-panel').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('dataset import in the browser', () => {
  it('imports the folder: report with the bad files, class bars, sample grid, fetchable by id', async () => {
    await page.getByTestId('dataset-path').fill(folder);
    await page.getByTestId('dataset-import').click();
    await page.getByTestId('dataset-report').waitFor({ timeout: 60_000 });

    expect(await page.getByTestId('dataset-report-summary').textContent()).toMatch(/29 .*27 .*2 /);
    const skipped = await page.getByTestId('dataset-skipped').locator('tr').evaluateAll((rows) => rows.map((r) => [r.firstChild?.textContent, r.getAttribute('data-code')]));
    expect(skipped).toEqual(expect.arrayContaining([['coat/empty.png', 'empty-file'], ['boot/notes.jpg', 'not-an-image']]));
    const warnings = await page.getByTestId('dataset-warnings').locator('li').evaluateAll((li) => li.map((x) => x.getAttribute('data-code')));
    expect(warnings).toEqual(expect.arrayContaining(['empty-class', 'imbalance']));
    await page.getByTestId('dataset-imbalance').waitFor();

    expect(await page.getByTestId('dataset-class-row').count()).toBe(4); // bag, boot, coat, hat
    const rows = page.getByTestId('dataset-grid-row');
    expect(await rows.count()).toBe(4);
    expect(await rows.nth(1).locator('canvas').count()).toBe(8);
    // A thumbnail was really drawn: some non-black pixel.
    const drawn = await rows.nth(1).locator('canvas').first().evaluate((c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.some((v, i) => i % 4 !== 3 && v > 0));
    expect(drawn).toBe(true);

    // The trainer's way in: the id from the summary, then 'dataset.getBatch' over the host API.
    const datasetId = await page.getByTestId('dataset-summary').getAttribute('data-dataset-id');
    expect(datasetId).toMatch(/^[0-9a-f]{24}$/);
    const { dispatch } = await import('../main/transport');
    const batch: any = await dispatch('dataset.getBatch', { datasetId, start: 0, count: 5 }, { emit: () => {}, allowedRoots: [], resourcesDir: '', userDataDir: host.userDataDir });
    expect(batch.ok).toBe(true);
    expect(batch.value.images.length).toBe(5 * 28 * 28);
    expect(errors).toEqual([]);
  });

  it('re-importing the same folder comes from the cache', async () => {
    await page.getByTestId('dataset-import').click();
    await page.waitForFunction(() => /cache/.test(document.querySelector('[data-testid=dataset-summary]')?.textContent ?? ''), null, { timeout: 30_000 });
  });

  it('trains on the imported folder for one epoch', async () => {
    const line = page.getByTestId('dataset-training-data');
    expect(await line.getAttribute('data-kind')).toBe('folder');
    expect(await line.textContent()).toContain(folder);
    // LeNet-5 has 10 outputs; the folder has 4 classes (bag, boot, coat and the empty hat).
    expect(await page.getByTestId('dataset-output-mismatch').textContent()).toMatch(/10 .*4/);
    await page.getByTestId('dataset-fix-output').click();
    await page.getByTestId('dataset-output-mismatch').waitFor({ state: 'detached' });

    const datasetId = await page.getByTestId('dataset-summary').getAttribute('data-dataset-id');

    await page.getByTestId('tab-training').click();
    await page.getByTestId('training-panel').waitFor();
    await page.getByTestId('ts-backend').selectOption('cpu');
    await page.getByTestId('ts-epochs').fill('1');
    await page.getByTestId('ts-batchSize').fill('8');
    // Once shown, the results stay: the matrix must never appear, vanish and come back (a staged reveal that
    // started from "all shown" once did, and a row count taken in the gap read 0).
    await page.evaluate(() => {
      const w = window as unknown as { matrixVanished: boolean };
      w.matrixVanished = false;
      let seen = false;
      new MutationObserver(() => {
        const present = !!document.querySelector('[data-testid=confusion-matrix] tbody tr');
        if (present) seen = true;
        else if (seen) w.matrixVanished = true;
      }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByTestId('train-start').click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(400); // past the reveal of the later sections
    // The import's own split: its validation samples, each counted once, over the folder's 4 classes.
    expect(await page.getByTestId('train-data').getAttribute('data-kind')).toBe('folder');
    expect(await page.getByTestId('train-data').textContent()).toContain(folder);
    const rows = await page.getByTestId('confusion-matrix').locator('tbody tr').count();
    expect(rows).toBe(4);
    expect(await page.evaluate(() => (window as unknown as { matrixVanished: boolean }).matrixVanished)).toBe(false);
    const cells = await page.getByTestId('confusion-matrix').locator('tbody td').allTextContents();
    const { dispatch } = await import('../main/transport');
    const info: any = await dispatch('dataset.info', { datasetId }, { emit: () => {}, allowedRoots: [], resourcesDir: '', userDataDir: host.userDataDir });
    validationCount = info.value.summary.validationCount;
    expect(cells.reduce((a, c) => a + (Number(c) || 0), 0)).toBe(validationCount);
    expect(errors).toEqual([]);
  });

  it('streams the dataset batch by batch when it is over the streaming threshold, with the same split', async () => {
    // Threshold 0 MiB: every dataset counts as larger than memory; the worker asks for each batch's pixels.
    await page.evaluate(() => localStorage.setItem('cnn-studio.streamAboveMiB', '0'));
    const requests: string[] = [];
    page.on('request', (r) => {
      if (r.url().includes('dataset.getSamples')) requests.push(r.url());
    });
    await page.getByTestId('train-start').click();
    // A run on 22 samples takes about a second: wait for the streamed reads, then for the finished panel.
    for (let i = 0; i < 600 && requests.length === 0; i++) await page.waitForTimeout(100);
    await page.getByTestId('train-start').waitFor({ timeout: 120_000 });
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 120_000 });
    expect(requests.length).toBeGreaterThan(0);
    const cells = await page.getByTestId('confusion-matrix').locator('tbody td').allTextContents();
    expect(cells.reduce((a, c) => a + (Number(c) || 0), 0)).toBe(validationCount);
    await page.evaluate(() => localStorage.removeItem('cnn-studio.streamAboveMiB'));
    expect(errors).toEqual([]);
  });
});
