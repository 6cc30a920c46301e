// A composite block's inside in the browser (issue #15 item 9): ResNet-20 with random weights and a drawn
// stroke, its ResidualBlocks at the top level (e2e/helpers/flatResnet.ts; the template nests them in stages); selecting a stride-2 residual block lists its 9 layers with their shapes ("Inside this block");
// opening its first conv shows that conv's 32 maps of 16×16, its filters (32 of 3×3×16) and the arithmetic
// at a clicked pixel equal to the map's value; the layer picker and Grad-CAM's node picker list the inner
// layers, and Grad-CAM runs on one. Moving the canvas selection off the block drops the inner layer.
// Picking a layer in the Learn tab selects its node (or its block) on the canvas. Screenshots at 1280×800
// (English and Korean), the panel maximised.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, openApp, setPanelMaximised, WORKBENCH_VIEWPORT } from './helpers/browser';
import { openFlatResnet20 } from './helpers/flatResnet';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await openFlatResnet20(page);
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
    { timeout: 90_000 },
  );
  await page.waitForTimeout(200);
}

const selectedNodes = () => page.locator('.layer-node.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

const BLOCK = 'residualblock4';
const CONV = `${BLOCK}/conv1`;

describe('learn: inside a composite block', () => {
  it('lists the selected residual block’s layers with their shapes', async () => {
    await page.getByTestId('tab-learn').click();
    await page.getByTestId('learn-panel').waitFor();
    await page.getByTestId('learn-node').selectOption(BLOCK);
    expect(await selectedNodes()).toEqual([`node-${BLOCK}`]);
    const pad = (await page.getByTestId('learn-draw').boundingBox())!;
    await page.mouse.move(pad.x + pad.width * 0.3, pad.y + pad.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(pad.x + pad.width * 0.6, pad.y + pad.height * 0.5, { steps: 6 });
    await page.mouse.move(pad.x + pad.width * 0.4, pad.y + pad.height * 0.8, { steps: 6 });
    await page.mouse.up();
    await settled(BLOCK);
    expect(await page.getByTestId('learn-panel').getAttribute('data-untrained')).toBe('true');
    const inside = page.getByTestId('learn-block-insides');
    expect(await inside.getAttribute('data-block')).toBe(BLOCK);
    const rows = inside.getByTestId('learn-inner');
    // "The whole block", then conv1, shortcut, their BNs, ReLU, conv2 and its BN, the Add and the last ReLU.
    expect(await rows.evaluateAll((bs) => bs.map((b) => b.getAttribute('data-path')))).toEqual([BLOCK, ...['conv1', 'shortcut', 'conv1_bn', 'shortcut_bn', 'conv1_relu', 'conv2', 'conv2_bn', 'add', 'relu'].map((id) => `${BLOCK}/${id}`)]);
    expect(await rows.nth(1).innerText()).toMatch(/^conv1\s+16×16×32$/);
    expect(await rows.nth(1).getAttribute('title')).toBe('Conv2D · 4,608 parameters'); // 3·3·16·32, no bias (BN follows)
    expect(await rows.first().getAttribute('aria-pressed')).toBe('true');
    // The block's own maps: its output, 32 of 16×16.
    expect(await page.getByTestId('learn-map').count()).toBe(32);
  });

  it('opens the inner conv: its maps, filters and the arithmetic', async () => {
    await page.getByTestId('learn-block-insides').locator(`[data-path="${CONV}"]`).click();
    await settled(CONV);
    expect(await page.getByTestId('learn-block-insides').locator(`[data-path="${CONV}"]`).getAttribute('aria-pressed')).toBe('true');
    expect(await page.getByTestId('learn-node').inputValue()).toBe(CONV);
    expect(await page.getByTestId('learn-layer').locator('h4').innerText()).toMatch(/residualblock4 › conv1\s+output 16×16×32/);
    const maps = page.getByTestId('learn-map');
    expect(await maps.count()).toBe(32);
    const sizes = await maps.evaluateAll((cs) => cs.map((c) => `${(c as HTMLCanvasElement).width}×${(c as HTMLCanvasElement).height}`));
    expect(sizes).toEqual(Array(32).fill('16×16'));
    // Filters: 32 of 3×3 over 16 input channels.
    await page.getByTestId('learn-filter').first().waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('learn-filter').count()).toBeGreaterThanOrEqual(32);
    // The arithmetic at a clicked pixel equals the map's value (the conv reads residualblock3's output).
    const map = page.getByTestId('learn-enlarged-map').first();
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width * (5.5 / 16), box.y + box.height * (7.5 / 16));
    const arith = page.getByTestId('learn-arith');
    await arith.waitFor();
    const pick = page.getByTestId('learn-pick');
    expect([await pick.getAttribute('data-y'), await pick.getAttribute('data-x')]).toEqual(['7', '5']);
    expect(Math.abs(Number(await arith.getAttribute('data-value')) - Number(await pick.getAttribute('data-value')))).toBeLessThan(1e-4);
    expect(await arith.innerText()).toContain('of residualblock3');
    // Hovering a map pixel outlines the inner conv's receptive field through the blocks before it: 17×17.
    const first = page.getByTestId('learn-map').nth(2);
    await first.scrollIntoViewIfNeeded();
    const fb = (await first.boundingBox())!;
    await page.mouse.move(fb.x + fb.width * (8.5 / 16), fb.y + fb.height * (8.5 / 16));
    const rf = page.getByTestId('learn-rf');
    await rf.waitFor();
    expect(Number(await rf.getAttribute('data-size'))).toBe(17);
  });

  it('the pickers list the inner layers; Grad-CAM runs on one', async () => {
    const options = await page.getByTestId('learn-node').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options).toContain(CONV);
    expect(options.indexOf(CONV)).toBeGreaterThan(options.indexOf(BLOCK));
    expect(options.indexOf(CONV)).toBeLessThan(options.indexOf('residualblock5'));
    expect(await page.getByTestId('learn-node').locator(`optgroup[label="Inside ${BLOCK}"] option`).count()).toBe(9);
    const camOptions = page.getByTestId('learn-cam-node').locator('option');
    expect(await camOptions.evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))).toContain(`${BLOCK}/conv2`);
    await page.getByTestId('learn-cam-node').selectOption(`${BLOCK}/conv2`);
    await page.waitForFunction((id) => document.querySelector('[data-testid=learn-cam]')?.getAttribute('data-node') === id, `${BLOCK}/conv2`, { timeout: 60_000 });
    expect(await page.getByTestId('learn-cam-section').innerText()).toContain(`${BLOCK} › conv2 · 16×16`);
    await setPanelMaximised(page, true);
    await page.getByTestId('learn-main').evaluate((el) => (el.scrollTop = 0)); // the block's list, then the conv's maps
    await page.getByTestId('learn-map').nth(2).hover();
    await page.screenshot({ path: screenshotPath('learn-block-inside-1280.png') });
  });

  it('in Korean', async () => {
    await page.getByTestId('lang-select').selectOption('ko');
    expect(await page.getByTestId('learn-block-insides').locator('h3').innerText()).toBe('이 블록의 내부');
    await page.screenshot({ path: screenshotPath('learn-block-inside-ko-1280.png') });
    await page.getByTestId('lang-select').selectOption('en');
    await setPanelMaximised(page, false);
  });

  it('moving the canvas selection off the block drops the inner layer; picking an inner layer selects its block', async () => {
    await page.getByTestId('learn-node').selectOption('gap');
    await settled('gap');
    expect(await selectedNodes()).toEqual(['node-gap']);
    expect(await page.getByTestId('learn-block-insides').count()).toBe(0);
    await page.getByTestId('learn-node').selectOption('residualblock7/add');
    await settled('residualblock7/add');
    expect(await page.getByTestId('learn-block-insides').getAttribute('data-block')).toBe('residualblock7');
    expect(await page.getByTestId('learn-map').count()).toBe(64);
    expect(await selectedNodes()).toEqual(['node-residualblock7']);
    expect(errors).toEqual([]);
  });
});
