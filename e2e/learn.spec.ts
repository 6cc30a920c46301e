// Learn in the browser (issue #15, items 1–4): LeNet-5 with random weights says so; trained briefly, a
// validation digit's C1 output is 6 maps of 28×28; a clicked pixel's convolution arithmetic equals the map's
// value; hovering a C3 map pixel outlines its 14×14 receptive field on the image; Grad-CAM is drawn; C1's
// filters are 6 images of 5×5; Korean labels. Screenshots at 1280×800 with the panel maximised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, newFromTemplate, openApp, setPanelMaximised, trainBriefly, WORKBENCH_VIEWPORT } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

/** Waits until the panel shows the worker's answer for `nodeId` (no look in flight). */
async function settled(nodeId: string): Promise<void> {
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid=learn-panel]')?.getAttribute('data-busy') === 'false' && !!document.querySelector(`[data-testid=learn-layer][data-node="${id}"]`),
    nodeId,
    { timeout: 60_000 },
  );
  await page.waitForTimeout(200);
}

/** Moves to (or clicks) pixel (y, x) of a map canvas. */
async function atPixel(testId: string, index: number, y: number, x: number, click = false): Promise<void> {
  const canvas = page.getByTestId(testId).nth(index);
  const [h, w] = await canvas.evaluate((c: HTMLCanvasElement) => [c.height, c.width]);
  const box = (await canvas.boundingBox())!;
  const px = box.x + ((x + 0.5) / w) * box.width;
  const py = box.y + ((y + 0.5) / h) * box.height;
  if (click) await page.mouse.click(px, py);
  else await page.mouse.move(px, py);
}

describe('learn: what every layer sees', () => {
  it('works before training, with random weights, and says so', async () => {
    await page.getByTestId('node-C1').click();
    await page.getByTestId('tab-learn').click();
    await page.getByTestId('learn-panel').waitFor();
    await settled('C1');
    expect(await page.getByTestId('learn-untrained').innerText()).toMatch(/random initial weights/);
    expect(await page.getByTestId('learn-filters-random').innerText()).toMatch(/still random — train first/);
    await page.screenshot({ path: screenshotPath('learn-untrained-1280.png') });
  });

  it('trains LeNet-5 briefly', async () => {
    await trainBriefly(page, { limit: 1000 });
  });

  it("shows C1's 6 maps of 28×28 for a chosen validation image, the prediction and no random-weights note", async () => {
    await page.getByTestId('node-C1').click();
    await page.getByTestId('tab-learn').click();
    await page.getByTestId('learn-sample-2').click();
    await settled('C1');
    expect(await page.getByTestId('learn-sample-2').getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('learn-untrained').count()).toBe(0);
    const maps = page.getByTestId('learn-map');
    expect(await maps.count()).toBe(6);
    const sizes = await maps.evaluateAll((cs) => cs.map((c) => `${(c as HTMLCanvasElement).width}×${(c as HTMLCanvasElement).height}`));
    expect(sizes).toEqual(Array(6).fill('28×28'));
    expect(await maps.first().getAttribute('title')).toMatch(/^channel 0: min −?[\d.]+, max −?[\d.]+$/);
    expect(await page.getByTestId('learn-prediction').innerText()).toMatch(/Predicted “\d”/);
    expect(await page.getByTestId('learn-legend').innerText()).toMatch(/scaled/);
    await page.screenshot({ path: screenshotPath('learn-panel-1280.png') });
  });

  it("clicking a pixel of the enlarged map shows the arithmetic, whose value is the map's", async () => {
    await page.getByTestId('learn-map').nth(3).click();
    expect(await page.getByTestId('learn-enlarged').getAttribute('data-channel')).toBe('3');
    await atPixel('learn-enlarged-map', 0, 12, 14, true);
    const pick = page.getByTestId('learn-pick');
    await pick.waitFor();
    expect([await pick.getAttribute('data-y'), await pick.getAttribute('data-x'), await pick.getAttribute('data-k')]).toEqual(['12', '14', '3']);
    const arith = page.getByTestId('learn-arith');
    const mapValue = Number(await pick.getAttribute('data-value'));
    const sum = Number(await arith.getAttribute('data-value'));
    expect(Math.abs(sum - mapValue)).toBeLessThan(1e-4 * Math.max(1, Math.abs(mapValue)));
    // 1 input channel: one row of a 5×5 patch and a 5×5 kernel.
    expect(await arith.locator('.learn-grid').count()).toBe(2);
    expect(await arith.locator('.learn-grid td').count()).toBe(50);
    expect(await page.getByTestId('learn-arith-total').innerText()).toMatch(/Σ over channels −?\d+\.\d{3} \+ bias −?\d+\.\d{3} = −?\d+\.\d{3}/);
    // A corner pixel: C1's padding 2 puts 2 rows and 2 columns of its patch on the padding.
    await atPixel('learn-enlarged-map', 0, 0, 0, true);
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-pick]')?.getAttribute('data-y') === '0');
    expect(await arith.locator('.learn-grid').first().locator('td.pad').count()).toBe(25 - 9);
    expect(Math.abs(Number(await arith.getAttribute('data-value')) - Number(await pick.getAttribute('data-value')))).toBeLessThan(1e-4);
  });

  it("shows C1's filters as 6 images of 5×5, and the Grad-CAM overlay", async () => {
    const filters = page.getByTestId('learn-filter');
    expect(await filters.count()).toBe(6);
    const sizes = await filters.evaluateAll((cs) => cs.map((c) => `${(c as HTMLCanvasElement).width}×${(c as HTMLCanvasElement).height}`));
    expect(sizes).toEqual(Array(6).fill('5×5'));
    expect(await page.getByTestId('learn-filters-random').count()).toBe(0);
    const cam = page.getByTestId('learn-cam');
    expect(await cam.getAttribute('data-drawn')).toBe('true');
    expect(await cam.getAttribute('data-node')).toBe('S4'); // the last spatial node, before Flatten
    // Coloured (not grey): the overlay was drawn over the greyscale digit.
    const coloured = await cam.evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - d[i + 1]) > 20 || Math.abs(d[i + 1] - d[i + 2]) > 20) n++;
      return n;
    });
    expect(coloured).toBeGreaterThan(100);
    console.log(`e2e learn: Grad-CAM on S4 for class ${await cam.getAttribute('data-class')}: max ${await cam.getAttribute('data-max')}`);
    await page.getByTestId('learn-cam-node').selectOption('C3');
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-cam]')?.getAttribute('data-node') === 'C3', null, { timeout: 30_000 });
    console.log(`e2e learn: Grad-CAM on C3: max ${await cam.getAttribute('data-max')}`);
    await page.getByTestId('learn-cam-class').selectOption('7');
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-cam]')?.getAttribute('data-class') === '7', null, { timeout: 30_000 });
    console.log(`e2e learn: Grad-CAM on C3 for class 7: max ${await cam.getAttribute('data-max')}`);
    await setPanelMaximised(page, true);
    await atPixel('learn-enlarged-map', 0, 12, 14, true);
    await page.screenshot({ path: screenshotPath('learn-c1-1280.png') });
  });

  it('hovering a C3 map pixel outlines its 14×14 receptive field on the image', async () => {
    await page.getByTestId('learn-node').selectOption('C3');
    await settled('C3');
    expect(await page.getByTestId('learn-map').count()).toBe(16);
    await atPixel('learn-map', 5, 4, 4);
    const rf = page.getByTestId('learn-rf');
    await rf.waitFor();
    const [top, left, bottom, right, size] = await Promise.all(['top', 'left', 'bottom', 'right', 'size'].map(async (k) => Number(await rf.getAttribute(`data-${k}`))));
    expect(size).toBe(14); // the analysis' r = 6 + (5 − 1)·2
    expect([bottom - top + 1, right - left + 1]).toEqual([14, 14]);
    expect([top, left]).toEqual([6, 6]); // rows 2y − 2 … 2y + 11
    expect(await page.getByTestId('learn-rf-text').innerText()).toContain('receptive field 14×14');
    // 6 input channels: the arithmetic lists each.
    await atPixel('learn-enlarged-map', 0, 3, 5, true);
    await page.getByTestId('learn-arith').waitFor();
    expect(Math.abs(Number(await page.getByTestId('learn-arith').getAttribute('data-value')) - Number(await page.getByTestId('learn-pick').getAttribute('data-value')))).toBeLessThan(1e-4);
    await atPixel('learn-map', 5, 4, 4);
    await page.screenshot({ path: screenshotPath('learn-c3-1280.png') });
  });

  it('shows the Output as class probabilities', async () => {
    await page.getByTestId('learn-node').selectOption('output');
    await settled('output');
    expect(await page.getByTestId('learn-layer').locator('.learn-bar-row').count()).toBe(10);
  });

  it('in Korean', async () => {
    await page.getByTestId('learn-node').selectOption('C1');
    await settled('C1');
    await page.getByTestId('lang-select').selectOption('ko');
    expect(await page.getByTestId('tab-learn').innerText()).toBe('들여다보기');
    expect(await page.getByTestId('learn-side').locator('h3').first().innerText()).toBe('이미지');
    expect(await page.getByTestId('learn-right').locator('h3').first().innerText()).toBe('Grad-CAM');
    expect(await page.getByTestId('learn-maps').locator('canvas').first().getAttribute('title')).toMatch(/^채널 0: 최소/);
    await page.screenshot({ path: screenshotPath('learn-ko-1280.png') });
    await page.getByTestId('lang-select').selectOption('en');
    expect(errors).toEqual([]);
  });
});
