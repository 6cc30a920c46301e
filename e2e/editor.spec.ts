// The editor in a real browser against the real web host: build a graph by drag and drop, see shapes
// and errors follow the parameters, undo/redo, save/reopen, templates, Korean, and a README screenshot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, collectErrors } from './helpers/browser';
import { analyzeGraph } from '../src/analysis/analyzeGraph';
import { findTemplate } from '../src/project/templates';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-editor-e2e-'));
const savePath = path.join(workDir, 'my-net.cnnproj');

const byTestId = (id: string) => page.getByTestId(id);
const text = async (id: string) => (await byTestId(id).textContent())?.trim();
const grouped = (n: number) => n.toLocaleString('en-US');
/** expect.poll with room for a loaded CI machine (its default gives up after 1 s). */
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/** Drags from one node's output handle to another node's input handle, as a user would. */
async function connect(source: string, target: string) {
  const from = await page.locator(`[data-testid="node-${source}"] .react-flow__handle.source`).boundingBox();
  const to = await page.locator(`[data-testid="node-${target}"] .react-flow__handle.target`).boundingBox();
  if (!from || !to) throw new Error(`handles of ${source} → ${target} not visible`);
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

async function menu(group: 'file' | 'edit', action: string) {
  await byTestId(`menu-${group}`).click();
  await byTestId(`menu-${action}`).click();
}

/** Node ids shown on the canvas, sorted. */
const canvasNodeIds = () => page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!).sort());

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  errors = collectErrors(page);
  page.on('dialog', (d) => void d.accept());
  await page.goto(host.url);
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('editor', () => {
  it('opens the LeNet-5 template on first start with its totals in the status bar', async () => {
    await byTestId('node-C1').waitFor();
    const lenet = (await findTemplate('lenet5'))!.makeDoc();
    const totals = analyzeGraph(lenet.graph).totals;
    await poll(() => text('status-params')).toContain(grouped(totals.trainable));
    expect(await canvasNodeIds()).toEqual(lenet.graph.nodes.map((n) => n.id).sort());
  });

  it('drags a Conv2D from the palette, connects it, and the edge shape follows its parameters', async () => {
    const canvas = (await byTestId('canvas').boundingBox())!;
    await byTestId('palette-Conv2D').dragTo(byTestId('canvas'), { targetPosition: { x: canvas.width * 0.72, y: canvas.height * 0.3 } });
    await byTestId('node-conv2d_1').waitFor();
    expect(await text('node-shape-conv2d_1')).toBe('?'); // no input yet
    await connect('input', 'conv2d_1');
    await poll(() => text('node-shape-conv2d_1')).toBe('26×26×32'); // (28 − 3)/1 + 1 = 26

    // Quick-add a Flatten below the selected Conv2D: it is connected, and its edge carries 26×26×32.
    await byTestId('node-conv2d_1').click();
    await byTestId('palette-search').fill('flatt');
    await byTestId('palette-search').press('Enter');
    await poll(() => text('edge-label-e_conv2d_1_flatten_1')).toBe('26×26×32');

    await byTestId('node-conv2d_1').click();
    await byTestId('param-kernelSize').fill('5');
    await byTestId('param-kernelSize').press('Enter'); // a field commits once, on Enter or blur (one undo step)
    await poll(() => text('edge-label-e_conv2d_1_flatten_1')).toBe('24×24×32');
    await byTestId('param-filters').fill('8');
    await byTestId('param-filters').press('Enter');
    await poll(() => text('edge-label-e_conv2d_1_flatten_1')).toBe('24×24×8');
  });

  it('shows a too large kernel as an error on the node and in the problems panel', async () => {
    await byTestId('param-kernelSize').fill('40');
    await byTestId('param-kernelSize').press('Enter');
    await poll(() => byTestId('node-conv2d_1').getAttribute('class')).toContain('has-error');
    const row = page.locator('[data-testid="problem-row"][data-node="conv2d_1"][data-severity="error"]');
    await poll(() => row.textContent()).toContain('F ≤ 28');
    // Clicking the problem selects its node (the inspector shows it).
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await row.locator('.issue-main').click();
    await poll(() => text('inspector-type')).toContain('Conv2D');
    // Errors are listed before warnings.
    const severities = await page.locator('[data-testid="problem-row"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-severity')));
    expect(severities.indexOf('warning') === -1 || severities.lastIndexOf('error') < severities.indexOf('warning')).toBe(true);
    // A zod-invalid value is refused at the field with the schema's message, and not written.
    await byTestId('param-filters').fill('0');
    await byTestId('param-filters-error').waitFor();
    expect(await text('node-shape-conv2d_1')).toBe('?');
  });

  it('undoes and redoes parameter edits with the keyboard', async () => {
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+z'); // kernel 40 → 5
    await poll(() => text('edge-label-e_conv2d_1_flatten_1')).toBe('24×24×8');
    await page.keyboard.press('Control+z'); // filters 8 → 32
    await poll(() => text('edge-label-e_conv2d_1_flatten_1')).toBe('24×24×32');
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+y');
    await poll(() => byTestId('node-conv2d_1').getAttribute('class')).toContain('has-error');
  });

  it('duplicates (Ctrl+D), copies and pastes (Ctrl+C/V) and deletes (Delete) nodes', async () => {
    const before = await canvasNodeIds();
    await byTestId('node-flatten_1').click();
    await page.keyboard.press('Control+d');
    await byTestId('node-flatten_2').waitFor();
    await page.keyboard.press('Control+c'); // the duplicate is selected now
    await page.keyboard.press('Control+v');
    await byTestId('node-flatten_3').waitFor();
    await page.keyboard.press('Delete'); // the pasted node is selected
    await byTestId('node-flatten_3').waitFor({ state: 'detached' });
    await byTestId('node-flatten_2').click();
    await page.keyboard.press('Backspace');
    await byTestId('node-flatten_2').waitFor({ state: 'detached' });
    expect(await canvasNodeIds()).toEqual(before);
  });

  it('saves to a file, and after a reload opens the same graph from it', async () => {
    const before = await canvasNodeIds();
    await menu('file', 'saveAs');
    await byTestId('path-input').fill(savePath);
    await byTestId('path-ok').click();
    await byTestId('notice-info').filter({ hasText: savePath }).waitFor();
    const saved = JSON.parse(readFileSync(savePath, 'utf8'));
    expect(saved.graph.nodes.map((n: { id: string }) => n.id).sort()).toEqual(before);
    expect(saved.graph.nodes.find((n: { id: string }) => n.id === 'conv2d_1').params.kernelSize).toBe(40);

    await page.reload();
    await byTestId('node-C1').waitFor();
    expect(await canvasNodeIds()).not.toEqual(before); // a fresh LeNet-5
    await menu('file', 'recent-0');
    await byTestId('node-conv2d_1').waitFor();
    expect(await canvasNodeIds()).toEqual(before);
    await poll(() => byTestId('node-conv2d_1').getAttribute('class')).toContain('has-error');
    await poll(() => text('edge-label-e_conv2d_1_flatten_1')).toBe('?');
  });

  it('a failed open shows why and leaves the project untouched', async () => {
    const before = await canvasNodeIds();
    await menu('file', 'open');
    await byTestId('path-input').fill(path.join(workDir, 'missing.cnnproj'));
    await byTestId('path-ok').click();
    await poll(() => byTestId('notice-error').last().textContent()).toContain('missing.cnnproj');
    expect(await canvasNodeIds()).toEqual(before);
  });

  it('loads the ResNet-20 template and shows a stage (a residual block ×3) from the inside', async () => {
    await menu('file', 'new');
    await byTestId('template-resnet20').click();
    const resnet = (await findTemplate('resnet20'))!.makeDoc();
    const totals = analyzeGraph(resnet.graph).totals;
    await poll(() => text('status-params')).toContain(grouped(totals.trainable));
    expect(await canvasNodeIds()).toEqual(resnet.graph.nodes.map((n) => n.id).sort());
    const block = resnet.graph.nodes.find((n) => n.type === 'Block')!;
    await byTestId(`expand-${block.id}`).click();
    // Opened in place as a group frame of its inner layers (view state: the project stays saved).
    const inner = page.locator(`[data-testid^="inner-${block.id}/"]`);
    await poll(() => inner.count()).toBeGreaterThanOrEqual(3); // its three repeats, each a ResidualBlock
    expect(await text('doc-title')).not.toContain('unsaved');
    await byTestId(`expand-${block.id}`).click();
    await poll(() => inner.count()).toBe(0);
  });

  it('switches to Korean', async () => {
    await byTestId('lang-select').selectOption('ko');
    await poll(() => text('menu-file')).toBe('파일');
    expect(await text('tab-problems')).toContain('문제');
    expect(await text('palette-Conv2D')).toBe('2D 합성곱');
    expect(await page.evaluate(() => localStorage.getItem('cnn-studio-lang'))).toBe('ko');
    await byTestId('lang-select').selectOption('en');
  });

  it('takes the README screenshot (LeNet-5, a node selected, dark theme)', async () => {
    await menu('file', 'new');
    await byTestId('template-lenet5').click();
    await byTestId('node-C1').waitFor();
    if ((await page.evaluate(() => document.documentElement.dataset.theme)) !== 'dark') await byTestId('menu-theme').click();
    while (await page.locator('.notice button').count()) await page.locator('.notice button').first().click();
    await page.setViewportSize({ width: 1600, height: 1150 });
    await byTestId('auto-layout').click();
    await poll(() => text('doc-title')).toContain('unsaved'); // the layout moved the nodes
    await page.waitForTimeout(300); // the fit-view animation
    await page.locator('.react-flow__controls-zoomin').click();
    await byTestId('node-C1').click();
    await byTestId('inspector-output').waitFor();
    const out = screenshotPath('screenshot-editor.png'); // out/screenshots; `npm run screenshots` puts it in docs/
    await page.screenshot({ path: out });
    expect(readFileSync(out).length).toBeGreaterThan(10_000);
  });

  it('ran without page errors', () => {
    expect(errors).toEqual([]);
  });
});
