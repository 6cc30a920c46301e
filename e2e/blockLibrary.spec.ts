// Block library files and dragging My blocks in the browser (issue #16): LeNet-5's C3 → ReLU → S4 made into
// "feature" and exported to a .cnnblocks file through the in-app browser; a new LeNet-5 refuses a file from a
// newer version (naming it, the project unchanged), imports the real one, and the definition dragged from My
// blocks lands at the drop point, or into the edge it is dropped on with its shapes. Screenshots at 1280×800.
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
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
const workDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cnn-blocklib-')));
const libraryFile = path.join(workDir, 'mine.cnnblocks');
const newerFile = path.join(workDir, 'from-the-future.cnnblocks');

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
const poll = <T>(f: () => Promise<T>) => expect.poll(f, { timeout: 15_000 });
const nodeIds = () => page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
const edgeNames = () => page.locator('.react-flow__edge').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
const closeNotices = async () => {
  const close = page.locator('.notice button:has-text("×")');
  while ((await close.count()) > 0) await close.first().click();
};

/** Chooses `file` in the in-app browser that the last click opened. */
async function choose(file: string, save = false) {
  await byTestId('file-browser').waitFor();
  if (save) {
    await byTestId('path-input').fill(path.dirname(file));
    await byTestId('path-input').press('Enter');
    await byTestId('files-name').fill(path.basename(file, '.cnnblocks'));
  } else await byTestId('path-input').fill(file);
  await byTestId('path-ok').click();
  await byTestId('file-browser').waitFor({ state: 'detached' });
}

/** A real drag (press, move, release) from My blocks' row to a point on the screen. */
async function dragBlock(blockId: string, to: { x: number; y: number }) {
  const row = byTestId(`my-block-${blockId}`);
  await row.scrollIntoViewIfNeeded();
  const from = (await row.boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x - 40, to.y - 40, { steps: 8 });
  await page.mouse.move(to.x, to.y, { steps: 8 });
  await page.mouse.up();
}

describe('block library files and dragging My blocks', () => {
  it('makes a block in LeNet-5 and exports the library to a .cnnblocks file', async () => {
    await byTestId('node-C3').click();
    await byTestId('node-activation2').click({ modifiers: ['Shift'] });
    await byTestId('node-S4').click({ modifiers: ['Shift'] });
    await menu(page, 'edit', 'makeBlock');
    await byTestId('make-block-name').fill('feature');
    await byTestId('make-block-name').press('Enter');
    await byTestId('node-block_1').waitFor();
    await closeNotices();
    await byTestId('block-library-export').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('block-library-buttons-1280.png') });
    await byTestId('block-library-export').click();
    await choose(libraryFile, true);
    await byTestId('notice-info').filter({ hasText: `Saved 1 block definition to ${libraryFile}` }).waitFor();
    const saved = JSON.parse(readFileSync(libraryFile, 'utf8'));
    expect([saved.format, saved.version]).toEqual(['cnn-studio-blocks', 1]);
    expect(saved.blocks.map((b: { name: string; graph: { nodes: { id: string }[] } }) => [b.name, b.graph.nodes.map((n) => n.id)])).toEqual([['feature', ['C3', 'activation2', 'S4']]]);
  });

  it('in a new project, a library from a newer version is refused naming the version, and nothing changes', async () => {
    writeFileSync(newerFile, JSON.stringify({ ...JSON.parse(readFileSync(libraryFile, 'utf8')), version: 2 }));
    await newFromTemplate(page, 'lenet5');
    await byTestId('node-C3').waitFor();
    await closeNotices();
    const before = { nodes: await nodeIds(), edges: await edgeNames(), title: await byTestId('doc-title').innerText() };
    await byTestId('block-library-import').click();
    await choose(newerFile);
    const refusal = byTestId('notice-error').filter({ hasText: 'from-the-future.cnnblocks was not imported' });
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('block library version 2; this app reads up to version 1) — update CNN Studio to import it. Nothing in the project changed.');
    expect(await byTestId('my-blocks').locator('[data-testid^=my-block-]').count()).toBe(0);
    expect({ nodes: await nodeIds(), edges: await edgeNames(), title: await byTestId('doc-title').innerText() }).toEqual(before);
    await page.screenshot({ path: screenshotPath('block-library-newer-refused-1280.png') });
  });

  it('imports the library: the definition is listed under My blocks', async () => {
    await closeNotices();
    await byTestId('menu-file').click();
    await byTestId('menu-importBlocks').waitFor();
    await page.screenshot({ path: screenshotPath('block-library-file-menu-1280.png') });
    await byTestId('menu-importBlocks').click();
    await choose(libraryFile);
    await byTestId('notice-info').filter({ hasText: 'Imported mine.cnnblocks: added “feature”.' }).waitFor();
    expect(await byTestId('my-block-feature').innerText()).toBe('feature');
  });

  it('a block dragged onto empty canvas lands at the drop point', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } }); // nothing selected: a loose drop
    const canvas = (await byTestId('canvas').boundingBox())!;
    const drop = { x: Math.round(canvas.x + canvas.width * 0.8), y: Math.round(canvas.y + canvas.height * 0.85) };
    await dragBlock('feature', drop);
    await byTestId('node-block_1').waitFor();
    const box = (await byTestId('node-block_1').boundingBox())!;
    // The node's centre is placed under the cursor (the canvas's default node size).
    expect(Math.abs(box.x + box.width / 2 - drop.x)).toBeLessThan(box.width / 2);
    expect(Math.abs(box.y + box.height / 2 - drop.y)).toBeLessThan(box.height / 2);
    expect((await edgeNames()).filter((e) => e.includes('block_1'))).toEqual([]);
  });

  it('a block dragged onto the Input → C1 edge goes into it, with its shapes', async () => {
    const label = (await byTestId('edge-label-e_input_C1').boundingBox())!;
    await dragBlock('feature', { x: label.x + label.width / 2, y: label.y + label.height / 2 });
    await byTestId('node-block_2').waitFor();
    expect(await edgeNames()).toEqual(expect.arrayContaining(['Edge from input to block_2', 'Edge from block_2 to C1']));
    expect(await edgeNames()).not.toContain('Edge from input to C1');
    // 28×28×1 → C3 (16 @ 5×5, valid) 24×24×16 → 2×2 pool 12×12×16.
    await poll(() => byTestId('node-shape-block_2').innerText()).toContain('12×12×16');
    await page.screenshot({ path: screenshotPath('block-library-dropped-1280.png') });
    await page.getByTestId('lang-select').selectOption('ko');
    await byTestId('block-library-import').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('block-library-buttons-ko-1280.png') });
    await page.getByTestId('lang-select').selectOption('en');
    expect(errors).toEqual([]);
  });
});
