// The New-from-template dialog at 1280×800: the ResNet and VGG descriptions say their stages are blocks (as the
// papers name them: conv2_x …, stage1 …, conv3-64 ×2 …), every description reads in full (no text cut off
// sideways), and the list scrolls inside the dialog. A screenshot to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, menu, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('New from template', () => {
  it('describes the ResNet and VGG stages as blocks, every description in full', async () => {
    await menu(page, 'file', 'new');
    const chooser = page.getByTestId('template-chooser');
    await chooser.waitFor();
    await page.getByTestId('template-resnet18').waitFor();
    const described = { resnet20: 'stages stage1–stage3 as blocks', resnet18: 'stages conv2_x–conv5_x as blocks', vgg16: 'conv3-64 ×2' };
    for (const [id, words] of Object.entries(described)) expect(await page.getByTestId(`template-${id}`).innerText(), id).toContain(words);
    // Nothing is cut off sideways; the dialog fits the window and its list scrolls within it.
    const clipped = await page.locator('.template-item').evaluateAll((items) => items.filter((el) => el.scrollWidth > el.clientWidth + 1).map((el) => el.getAttribute('data-testid')));
    expect(clipped).toEqual([]);
    const box = (await chooser.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(WORKBENCH_VIEWPORT.height);
    await page.getByTestId('template-resnet20').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('templates-dialog-1280.png') });
    await page.getByTestId('template-resnet20').click();
    await chooser.waitFor({ state: 'detached' });
    await page.getByTestId('node-stage2').waitFor();
    expect(errors).toEqual([]);
  });
});
