// A dilated convolution in the app (its gradient: src/kernels/dilatedConv.ts): LeNet-5 with C3 set to
// dilation 2 trains in the worker, and the Learn tab draws Grad-CAM at C3 and at S2 before it (whose
// gradient passes through the dilated conv) with no error. Screenshot at 1280×800.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, newFromTemplate, openApp, trainBriefly, WORKBENCH_VIEWPORT } from './helpers/browser';

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

async function camAt(nodeId: string): Promise<{ max: number; error: number }> {
  await page.getByTestId('learn-cam-node').selectOption(nodeId);
  await page.waitForFunction(
    (id) => {
      const cam = document.querySelector('[data-testid=learn-cam]');
      return cam?.getAttribute('data-node') === id && cam.getAttribute('data-drawn') === 'true';
    },
    nodeId,
    { timeout: 60_000 },
  );
  return {
    max: Number(await page.getByTestId('learn-cam').getAttribute('data-max')),
    error: await page.getByTestId('learn-cam-section').locator('.learn-error').count(),
  };
}

describe('a dilated conv trains in the app and has a Grad-CAM', () => {
  it('C3 with dilation 2: 14×14 → 6×6 (effective kernel (5 − 1)·2 + 1 = 9)', async () => {
    await page.getByTestId('node-C3').click();
    await page.getByTestId('param-dilation').fill('2');
    await page.getByTestId('param-dilation').press('Enter');
    await page.waitForFunction(() => /6×6×16/.test(document.querySelector('[data-testid=node-C3]')?.textContent ?? ''), null, { timeout: 10_000 });
  });

  it('trains briefly in the worker', async () => {
    await trainBriefly(page, { limit: 1000, timeout: 240_000 });
  });

  it('Grad-CAM at the dilated C3 and at S2 before it, with no error', async () => {
    await page.getByTestId('node-C3').click();
    await page.getByTestId('tab-learn').click();
    await page.getByTestId('learn-panel').waitFor();
    const c3 = await camAt('C3');
    expect(c3.error).toBe(0);
    expect([0, 1]).toContain(c3.max);
    const s2 = await camAt('S2');
    expect(s2.error).toBe(0);
    expect([0, 1]).toContain(s2.max);
    console.log(`e2e dilated: Grad-CAM max at C3 ${c3.max}, at S2 ${s2.max}`);
    await camAt('C3');
    await page.screenshot({ path: screenshotPath('learn-dilated-cam-1280.png') });
    expect(errors).toEqual([]);
  });
});
