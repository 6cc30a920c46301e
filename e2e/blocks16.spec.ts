// The user's own blocks in the browser (issue #16): LeNet-5's C3 → ReLU → S4 made into a block "feature",
// listed under My blocks, a second instance added, the definition's filters edited (both instances' shapes
// change), unpacked, undo/redo, saved and reopened with the definition kept. Screenshots at 1280×800.
import { mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, menu, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cnn-blocks16-')));

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

const byTestId = (id: string) => page.getByTestId(id);
const shapeOf = (nodeId: string) => byTestId(`node-shape-${nodeId}`).innerText();
const poll = <T>(f: () => Promise<T>) => expect.poll(f, { timeout: 15_000 });

describe('the user\'s own blocks', () => {
  it('makes a block of C3 → ReLU → S4 and lists it under My blocks', async () => {
    await byTestId('node-C3').click();
    await byTestId('node-activation2').click({ modifiers: ['Shift'] });
    await byTestId('node-S4').click({ modifiers: ['Shift'] });
    await menu(page, 'edit', 'makeBlock');
    await byTestId('make-block-dialog').waitFor();
    await page.screenshot({ path: screenshotPath('blocks16-make-dialog.png') });
    await byTestId('make-block-name').fill('feature');
    await byTestId('make-block-name').press('Enter');
    await byTestId('make-block-dialog').waitFor({ state: 'detached' });
    await byTestId('node-block_1').waitFor();
    expect(await byTestId('node-C3').count()).toBe(0);
    await poll(() => shapeOf('block_1')).toContain('5×5×16');
    expect(await byTestId('my-block-feature').innerText()).toBe('feature');
    expect(await byTestId('block-definition').innerText()).toBe('feature');
    expect(await byTestId('block-instance-count').innerText()).toBe('1');
    await page.screenshot({ path: screenshotPath('blocks16-made.png') });
  });

  it('refuses the Input, and a selection with two inputs, saying why', async () => {
    await byTestId('node-C1').click();
    await byTestId('node-input').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+Alt+k');
    await poll(() => byTestId('notice-error').allInnerTexts()).toContainEqual(expect.stringContaining('input cannot be inside a block'));
    expect(await byTestId('make-block-dialog').count()).toBe(0);
    // C1 and S2 without the ReLU between them: two different layers (Input, the ReLU) feed the selection.
    await page.keyboard.press('Escape');
    await byTestId('node-C1').click();
    await byTestId('node-S2').click({ modifiers: ['Shift'] });
    await menu(page, 'edit', 'makeBlock');
    await poll(() => byTestId('notice-error').allInnerTexts()).toContainEqual(expect.stringContaining('2 different layers feed the selection'));
  });

  it('adds a second instance, and one edit of the definition changes both', async () => {
    await byTestId('node-block_1').click();
    await byTestId('my-block-feature').click();
    await byTestId('node-block_2').waitFor();
    // After block_1 (5×5×16): C3's 5×5 kernel gives 1×1 and the 2×2 pool cannot fit.
    await byTestId('node-block_2').click();
    await poll(() => byTestId('inspector-issue').first().innerText()).toMatch(/feature_2 › S4: output (width|height) \(1 − 2 \+ 2·0\)\/2 \+ 1 = 0 is not positive/);
    expect(await byTestId('block-instance-count').innerText()).toBe('2');
    await page.screenshot({ path: screenshotPath('blocks16-misfit.png') });
    // The definition's C3: 8 filters of 3×3 — fits both: 14 → 12 → 6 and 6 → 4 → 2.
    await byTestId('block-inner-C3').locator('summary').click();
    const inner = byTestId('block-inner-C3');
    await inner.getByTestId('param-filters').fill('8');
    await inner.getByTestId('param-filters').press('Enter');
    await inner.getByTestId('param-kernelSize').fill('3');
    await inner.getByTestId('param-kernelSize').press('Enter');
    await poll(() => shapeOf('block_1')).toContain('6×6×8');
    await poll(() => shapeOf('block_2')).toContain('2×2×8');
    await page.screenshot({ path: screenshotPath('blocks16-edited.png') });
  });

  it('unpacks an instance into layers, and undo/redo take it back and forth', async () => {
    await byTestId('node-block_2').click();
    await byTestId('block-unpack').click();
    await byTestId('node-block_2').waitFor({ state: 'detached' });
    expect(await byTestId('node-conv2d_1').count()).toBe(1);
    await byTestId('node-block_1').waitFor(); // the other instance stays
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+z');
    await byTestId('node-block_2').waitFor();
    await page.keyboard.press('Control+Shift+z');
    await byTestId('node-block_2').waitFor({ state: 'detached' });
    await page.keyboard.press('Control+z');
    await byTestId('node-block_2').waitFor();
  });

  it('saves the definition in the project file and reopens it', async () => {
    // The refusals' notices sit over the dialog's corner: close them first.
    const closeButtons = page.locator('.notice button:has-text("×")');
    while ((await closeButtons.count()) > 0) await closeButtons.first().click();
    await menu(page, 'file', 'saveAs');
    await byTestId('file-browser').waitFor();
    await byTestId('path-input').fill(workDir);
    await byTestId('path-input').press('Enter');
    await byTestId('files-name').fill('blocks');
    await byTestId('path-ok').click();
    const file = path.join(workDir, 'blocks.cnnproj');
    await byTestId('notice-info').filter({ hasText: file }).first().waitFor();
    const saved = JSON.parse(readFileSync(file, 'utf8'));
    expect(saved.version).toBe(3);
    expect(saved.graph.blocks.map((b: { name: string }) => b.name)).toEqual(['feature']);
    await newFromTemplate(page, 'lenet5');
    await byTestId('node-C3').waitFor();
    await menu(page, 'file', 'open');
    await byTestId('file-browser').waitFor();
    await byTestId('path-input').fill(file);
    await byTestId('path-ok').click();
    await byTestId('node-block_1').waitFor();
    await poll(() => shapeOf('block_2')).toContain('2×2×8');
    expect(await byTestId('my-block-feature').innerText()).toBe('feature');
    await page.getByTestId('lang-select').selectOption('ko');
    await byTestId('node-block_1').click();
    await page.screenshot({ path: screenshotPath('blocks16-reopened-ko.png') });
    await page.getByTestId('lang-select').selectOption('en');
    expect(errors).toEqual([]);
  });
});
