// Learn's top patches per channel in the browser (issue #15 item 8, Zeiler & Fergus): LeNet-5 trained briefly;
// C1 gives 6 rows of 9 crops of 5×5 input pixels, C3 16 rows of 14×14 crops (its receptive field); clicking a
// crop opens its whole image in Learn (the crop's pixels are that image's, at the box); Korean labels.
// Screenshots at 1280×800 with the panel maximised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';

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

/** Waits until the Learn panel shows the worker's answer for `nodeId`. */
async function settled(nodeId: string): Promise<void> {
  await page.waitForFunction(
    (id) => document.querySelector('[data-testid=learn-panel]')?.getAttribute('data-busy') === 'false' && !!document.querySelector(`[data-testid=learn-layer][data-node="${id}"]`),
    nodeId,
    { timeout: 60_000 },
  );
}

/** Clicks "Find …" and waits for `rows` rows of crops for `nodeId`. */
async function find(nodeId: string, rows: number): Promise<void> {
  await page.locator(`[data-testid=patches][data-node="${nodeId}"]`).waitFor();
  await page.getByTestId('patches-find').click();
  await page.waitForFunction(
    ([id, n]) => {
      const section = document.querySelector(`[data-testid=patches][data-node="${id}"]`);
      return section?.getAttribute('data-busy') === 'false' && section.getAttribute('data-stale') === 'false' && document.querySelectorAll('[data-testid=patches-row]').length === n;
    },
    [nodeId, rows] as const,
    { timeout: 60_000 },
  );
}

/** Trains LeNet-5 for one epoch on the first 1000 digits. */
async function train(): Promise<void> {
  await page.getByTestId('tab-training').click();
  await page.getByTestId('training-panel').waitFor();
  await page.getByTestId('ts-backend').selectOption('auto');
  for (const [field, value] of [['ts-batchSize', '32'], ['ts-learningRate', '0.003'], ['ts-epochs', '1']]) {
    await page.getByTestId(field).fill(value);
    await page.getByTestId(field).press('Enter');
  }
  await page.getByTestId('ts-optimizer').selectOption('adam');
  await page.getByTestId('train-limit').fill('1000');
  const again = (await page.getByTestId('confusion-matrix').count()) > 0;
  await page.getByTestId('train-start').click();
  // A second run: the last run's matrix goes when it starts, and the new one comes when it ends.
  if (again) await page.getByTestId('confusion-matrix').waitFor({ state: 'detached', timeout: 30_000 });
  await page.getByTestId('confusion-matrix').waitFor({ timeout: 180_000 });
}

const cropSizes = () => page.getByTestId('patches-crop').locator('canvas').evaluateAll((cs) => cs.map((c) => `${(c as HTMLCanvasElement).width}×${(c as HTMLCanvasElement).height}`));

describe('learn: top patches per channel', () => {
  it('before training: says to train first, the button is off', async () => {
    await page.getByTestId('node-C1').click();
    await page.getByTestId('tab-learn').click();
    await settled('C1');
    const section = page.getByTestId('patches');
    expect(await section.innerText()).toMatch(/train the model first/);
    expect(await page.getByTestId('patches-find').isDisabled()).toBe(true);
  });

  it('trains LeNet-5 briefly', train);

  it('C1: 6 rows of 9 crops of 5×5 input pixels, strongest first', async () => {
    await page.getByTestId('node-C1').click();
    await page.getByTestId('tab-learn').click();
    await settled('C1');
    const button = page.getByTestId('patches-find');
    expect(await button.innerText()).toMatch(/^Find the 9 strongest patches per channel in \d+ validation images$/);
    await find('C1', 6);
    expect(await page.getByTestId('patches-crop').count()).toBe(54);
    expect(await cropSizes()).toEqual(Array(54).fill('5×5'));
    expect(await page.getByTestId('patches-filter').count()).toBe(6);
    const values = await page.getByTestId('patches-row').nth(0).locator('canvas[data-value]').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('data-value'))));
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(await page.getByTestId('patches-summary').innerText()).toMatch(/^\d+ validation images searched in [\d.]+ s/);
    console.log(`e2e patches: ${await page.getByTestId('patches-summary').innerText()}`);
    expect(await page.getByTestId('patches-stale').count()).toBe(0);
  });

  it('C3: 16 rows of 14×14 crops (its receptive field)', async () => {
    await page.getByTestId('learn-node').selectOption('C3');
    await settled('C3');
    await find('C3', 16);
    expect(await page.getByTestId('patches-crop').count()).toBe(16 * 9);
    expect(await cropSizes()).toEqual(Array(144).fill('14×14'));
    await page.getByTestId('panel-maximise').click();
    await page.getByTestId('patches').scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('patches-c3-1280.png') });
  });

  it('clicking a crop opens its whole image: the crop is that image at the box', async () => {
    // Two crops of different images, one after the other: the second surely changes the image shown.
    const first = page.getByTestId('patches-row').nth(5).getByTestId('patches-crop').nth(0);
    const sample = await first.getAttribute('data-sample');
    await first.click();
    await settled('C3');
    const crop = page.locator(`[data-testid=patches-crop]:not([data-sample="${sample}"])`).first();
    const canvas = crop.locator('canvas');
    const box = JSON.parse((await canvas.getAttribute('data-box'))!) as { top: number; left: number; bottom: number; right: number; pad: { top: number; left: number } };
    const cropPx = await canvas.evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data.filter((_, i) => i % 4 === 0)));
    const before = await page.getByTestId('learn-input').evaluate((c: HTMLCanvasElement) => Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data).join(','));
    await crop.click();
    await page.waitForFunction(
      (b) => {
        const c = document.querySelector('[data-testid=learn-input]') as HTMLCanvasElement;
        return Array.from(c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data).join(',') !== b;
      },
      before,
      { timeout: 30_000 },
    );
    await settled('C3');
    // The input view draws the 28×28 image at 168×168 (6 px a pixel): its block centres are the image's pixels.
    const [same, all] = await page.getByTestId('learn-input').evaluate(
      (c: HTMLCanvasElement, { box, cropPx }) => {
        const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        let m = 0;
        for (let r = box.top; r <= box.bottom; r++)
          for (let q = box.left; q <= box.right; q++) {
            m++;
            if (d[((r * 6 + 3) * c.width + q * 6 + 3) * 4] === cropPx[(r - box.top + box.pad.top) * 14 + (q - box.left + box.pad.left)]) n++;
          }
        return [n, m];
      },
      { box, cropPx },
    );
    expect(all).toBeGreaterThan(100); // most of the 14×14 field lies inside the image
    expect(same).toBe(all);
  });

  it('C1 again in Korean', async () => {
    await page.getByTestId('learn-node').selectOption('C1');
    await settled('C1');
    await page.getByTestId('lang-select').selectOption('ko');
    const section = page.getByTestId('patches');
    expect(await section.locator('h3').innerText()).toBe('상위 패치');
    expect(await page.getByTestId('patches-find').innerText()).toMatch(/^검증 이미지 \d+개에서 채널마다 가장 강한 패치 9개 찾기$/);
    expect(await page.getByTestId('patches-crop').count()).toBe(54); // C1's result is kept
    await section.scrollIntoViewIfNeeded();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('patches-ko-1280.png') });
    await page.getByTestId('lang-select').selectOption('en');
    expect(errors).toEqual([]);
  });

  it('after training again the result reads as stale until found again', async () => {
    await train();
    await page.getByTestId('tab-learn').click();
    await settled('C1');
    await page.getByTestId('patches-stale').waitFor();
    expect(await page.getByTestId('patches').getAttribute('data-stale')).toBe('true');
    expect(await page.getByTestId('patches-find').innerText()).toBe('Find them again with this model');
    await find('C1', 6);
    expect(await page.getByTestId('patches-stale').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
