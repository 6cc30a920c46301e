// Live views while training (issue #15 item 6): a digit chosen in Learn is the probe; while LeNet-5 trains
// 2 epochs its maps update in the Learn panel; afterwards the epoch scrubber holds epochs 0…2, moving it
// changes the C1 filters shown, and Save GIF / PNG strip download a GIF with one frame per snapshot and a
// PNG as wide as the snapshots side by side. Screenshots at 1280×800 during training and while scrubbing.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import { gifFrameCount } from '../src/learn/gifFrames';

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

const where = () => page.getByTestId('live-where');
const filterPixels = () => page.getByTestId('learn-filter').evaluateAll((cs) => cs.map((c) => (c as HTMLCanvasElement).toDataURL()).join('|'));

/** Learn shows the worker's answer for C1 (no look in flight). */
const settled = () =>
  page.waitForFunction(() => document.querySelector('[data-testid=learn-panel]')?.getAttribute('data-busy') === 'false' && !!document.querySelector('[data-testid=learn-layer][data-node="C1"]'), null, { timeout: 60_000 });

async function fill(testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
  await page.getByTestId(testId).press('Enter');
}

describe('live views while training', () => {
  it('takes the digit chosen in Learn as the probe and updates its maps while LeNet-5 trains', async () => {
    await page.getByTestId('node-C1').click();
    await page.getByTestId('tab-learn').click();
    // The first look (sample 0) settles before another is asked: the worker picks its backend on the first.
    await settled();
    await page.getByTestId('learn-sample-3').click();
    await settled();

    await page.getByTestId('tab-training').click();
    await page.getByTestId('training-panel').waitFor();
    await page.getByTestId('ts-backend').selectOption('auto');
    await page.getByTestId('ts-optimizer').selectOption('adam');
    await fill('ts-batchSize', '32');
    await fill('ts-learningRate', '0.003');
    await fill('ts-epochs', '2');
    // 3,200 to train on (100 steps an epoch: room for live frames between the snapshots), 800 to validate.
    await fill('train-limit', '4000');
    // Every frame the panel shows, recorded in the page: a fast machine shows some for less than a poll takes.
    await page.evaluate(() => {
      const w = window as unknown as { __liveSteps: string[] };
      w.__liveSteps = [];
      const record = () => {
        const steps = document.querySelector('[data-testid=live-where]')?.getAttribute('data-steps');
        if (steps && !w.__liveSteps.includes(steps)) w.__liveSteps.push(steps);
      };
      new MutationObserver(record).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-steps'] });
    });
    await page.getByTestId('train-start').click();
    await page.getByTestId('tab-learn').click();

    // The frames the panel shows while training: the steps each was taken at.
    await where().waitFor({ timeout: 120_000 });
    const liveSteps = () => page.evaluate(() => (window as unknown as { __liveSteps: string[] }).__liveSteps);
    let seen: string[] = [];
    let shot = false;
    const t0 = Date.now();
    while (Date.now() - t0 < 240_000) {
      const done = (await page.getByTestId('live-save-gif').count()) > 0;
      seen = await liveSteps();
      if (!shot && !done && seen.length >= 2) {
        expect(await page.getByTestId('learn-map').count()).toBe(6);
        await page.screenshot({ path: screenshotPath('live-training-1280.png') });
        shot = true;
      }
      if (done) break;
      await page.waitForTimeout(150);
    }
    seen = await liveSteps();
    console.log(`e2e live: frames seen at steps ${seen.join(', ')}`);
    // Epoch 0, then live frames (as many as 5% of the time pays for) and the epoch-1 snapshot as it trains.
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(shot).toBe(true);
  });

  it('after training, the scrubber has epochs 0…2 and moving it changes the C1 filters shown', async () => {
    const scrubber = page.getByTestId('live-scrubber');
    expect(await scrubber.getAttribute('data-snapshots')).toBe('3');
    const slider = page.getByTestId('live-epoch');
    expect(await slider.getAttribute('max')).toBe('3'); // 0, 1, 2 and "live"
    await slider.focus();
    await slider.press('Home');
    await page.waitForFunction(() => document.querySelector('[data-testid=live-where]')?.getAttribute('data-epoch') === '0');
    expect(await where().innerText()).toMatch(/epoch 0 · before training/);
    expect(await page.getByTestId('learn-filter').count()).toBe(6);
    const before = await filterPixels();
    await slider.press('ArrowRight');
    await slider.press('ArrowRight');
    await page.waitForFunction(() => document.querySelector('[data-testid=live-where]')?.getAttribute('data-epoch') === '2');
    expect(await where().innerText()).toMatch(/epoch 2 of 2/);
    expect(await where().getAttribute('data-steps')).toBe('200');
    const after = await filterPixels();
    expect(after).not.toBe(before);
    await page.getByTestId('panel-maximise').click();
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('live-scrub-1280.png') });
  });

  it('saves the C1 filters over the epochs as a GIF (one frame per snapshot) and a PNG strip', async () => {
    await page.getByTestId('live-export-kind').selectOption('filters');
    const [gifDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('live-save-gif').click()]);
    expect(gifDownload.suggestedFilename()).toBe('C1-filters-epochs-0-2.gif');
    const gif = readFileSync((await gifDownload.path())!);
    expect(gifFrameCount(gif)).toBe(3);
    const tileWidth = gif.readUInt16LE(6);
    const tileHeight = gif.readUInt16LE(8);

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('live-save-png').click()]);
    expect(pngDownload.suggestedFilename()).toBe('C1-filters-epochs-0-2.png');
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([3 * tileWidth, tileHeight]); // IHDR width, height
    console.log(`e2e live: GIF ${gif.length} bytes, 3 frames of ${tileWidth}×${tileHeight}; PNG strip ${3 * tileWidth}×${tileHeight}`);
    expect(await page.getByTestId('live-export-message').innerText()).toMatch(/Saved C1-filters-epochs-0-2\.png/);
  });

  it('in Korean', async () => {
    await page.getByTestId('lang-select').selectOption('ko');
    await page.getByTestId('live-epoch').focus();
    await page.getByTestId('live-epoch').press('ArrowLeft');
    expect(await where().innerText()).toMatch(/에포크 1 \/ 2/);
    await page.screenshot({ path: screenshotPath('live-ko-1280.png') });
    await page.getByTestId('lang-select').selectOption('en');
    expect(errors).toEqual([]);
  });
});
