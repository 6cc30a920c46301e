// Importing an image folder in the browser: a generated dataset (real Fashion-MNIST pictures) with a few bad
// files; the report lists them, the classes and sample grid appear, and the dataset can be fetched by id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, collectErrors } from './helpers/browser';
import { greyPng } from '../main/data/testImages';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
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
});
