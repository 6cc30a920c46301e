// Composite blocks drawn as graphs (issue #16): on ResNet-20 with its ResidualBlocks at the top level (the
// template nests them in stages, which e2e/nestedflow.spec.ts opens), opening residualblock4 (stride 2, 1×1
// projection shortcut) turns it into a group frame holding its 9 inner layers with their shapes, the shortcut
// in a lane of its own and its edge running past the body; opening is view state (not unsaved, nothing to
// undo); an inner conv is inspected read-only; closing brings the node back. The Inception net's module opens
// into its 4 named branches side by side. Nothing overlaps; text stays readable. Screenshots at 1280×800.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { canvasMetrics } from './helpers/canvasMetrics';
import { launchBrowser, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
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
  await page.getByTestId('node-residualblock4').waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Screen boxes of the canvas's nodes: top-level ones, or the inner ones of `block`. */
const boxes = (block?: string) =>
  page.evaluate((b) => {
    const sel = b ? `.react-flow__node[data-id^="${b}/"]` : '.react-flow__node:not(.react-flow__node-inner)';
    return [...document.querySelectorAll(sel)].map((n) => {
      const r = n.getBoundingClientRect();
      return { id: n.getAttribute('data-id') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
    });
  }, block);

const overlapping = (list: Box[]) => {
  const hit = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  return list.flatMap((a, i) => list.slice(i + 1).filter((b) => hit(a, b)).map((b) => `${a.id} × ${b.id}`));
};

const BLOCK = 'residualblock4';
const INNER = ['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn', 'shortcut', 'shortcut_bn', 'add', 'relu'];

async function undoDisabled(): Promise<boolean> {
  await page.getByTestId('menu-edit').click();
  const disabled = await page.getByTestId('menu-undo').isDisabled();
  await page.getByTestId('menu-edit').click(); // closes it again
  return disabled;
}

describe('composites drawn as graphs', () => {
  it('opens residualblock4 in place as a frame of its inner layers, with the shortcut in its own lane', async () => {
    await page.getByTestId(`expand-${BLOCK}`).click();
    await page.getByTestId(`inner-${BLOCK}/conv1`).waitFor();
    await page.waitForTimeout(400); // the scroll into view
    expect(await page.getByTestId(`node-${BLOCK}`).getAttribute('data-open')).toBe('true');
    const inner = await boxes(BLOCK);
    expect(inner.map((b) => b.id).sort()).toEqual(INNER.map((i) => `${BLOCK}/${i}`).sort());
    for (const id of ['conv1', 'conv1_bn', 'conv2', 'shortcut', 'shortcut_bn', 'add', 'relu'])
      expect(await page.getByTestId(`inner-shape-${BLOCK}/${id}`).innerText()).toBe('16×16×32');
    expect(await page.getByTestId(`inner-${BLOCK}/conv1`).getAttribute('data-type')).toBe('Conv2D');
    expect(await page.getByTestId(`inner-${BLOCK}/add`).getAttribute('data-type')).toBe('Add');

    // Inside the frame, nothing overlaps; the frame overlaps none of its neighbours.
    const frame = (await boxes()).find((b) => b.id === BLOCK)!;
    for (const b of inner) {
      expect(b.x).toBeGreaterThanOrEqual(frame.x);
      expect(b.y + b.height).toBeLessThanOrEqual(frame.y + frame.height + 0.5);
    }
    expect(overlapping(inner)).toEqual([]);
    expect(overlapping(await boxes())).toEqual([]);

    // The lanes: the main path, and the shortcut below it; its edge to the Add runs under the body.
    const lanes = page.locator(`[data-testid^="lane-${BLOCK}/"]`);
    expect(await lanes.evaluateAll((ls) => ls.map((l) => [l.getAttribute('data-testid'), l.textContent, l.getAttribute('data-ids')]))).toEqual([
      [`lane-${BLOCK}/conv1`, 'Main path', 'conv1 conv1_bn conv1_relu conv2 conv2_bn'],
      [`lane-${BLOCK}/shortcut`, 'Shortcut: 1×1 projection', 'shortcut shortcut_bn'],
    ]);
    const byId = Object.fromEntries(inner.map((b) => [b.id.split('/')[1], b]));
    expect(byId.shortcut.y).toBeGreaterThan(byId.conv1.y + byId.conv1.height);
    const skip = (await page.getByTestId(`inner-edge-${BLOCK}/shortcut_bn->add`).boundingBox())!;
    const body = ['conv1_relu', 'conv2', 'conv2_bn'].map((id) => byId[id]);
    expect(skip.x).toBeLessThan(body[0].x);
    expect(skip.x + skip.width).toBeGreaterThan(body[2].x + body[2].width);
    // (its box includes the arrowhead, at the Add's middle just under the body)
    for (const b of body) expect(skip.y).toBeGreaterThanOrEqual(b.y + b.height - 6);
    // The block input fans out to both lanes.
    expect(await page.getByTestId(`block-input-${BLOCK}`).innerText()).toBe('32×32×16');
    expect(await page.getByTestId(`inner-edge-${BLOCK}/input->shortcut`).count()).toBe(1);

    const m = await canvasMetrics(page);
    expect(m.textMin).toBeGreaterThanOrEqual(11);
    // View state: the project is not unsaved and there is nothing to undo.
    expect(await page.getByTestId('doc-title').innerText()).not.toContain('unsaved');
    expect(await undoDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('subflow-resnet20-1280.png') });
  });

  it('inspects an inner conv read-only: Conv2D 3×3, stride 2, 32 filters, 4,608 parameters', async () => {
    await page.getByTestId(`inner-${BLOCK}/conv1`).click();
    const inspector = page.getByTestId('inner-inspector');
    await inspector.waitFor();
    expect(await inspector.getAttribute('data-path')).toBe(`${BLOCK}/conv1`);
    expect(await page.getByTestId('inspector-type').innerText()).toContain('Conv2D');
    expect(await page.getByTestId('inner-param-kernelSize').locator('dd').innerText()).toBe('3');
    expect(await page.getByTestId('inner-param-strides').locator('dd').innerText()).toBe('2');
    expect(await page.getByTestId('inner-param-filters').locator('dd').innerText()).toBe('32');
    expect(await page.getByTestId('inspector-params').innerText()).toBe('4,608'); // 3·3·16·32, no bias (BN follows)
    expect(await page.getByTestId('inspector-output').innerText()).toBe('16×16×32');
    expect(await page.locator('.react-flow__node.selected').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-id')))).toEqual([`${BLOCK}/conv1`]);
    expect(await page.getByTestId('doc-title').innerText()).not.toContain('unsaved');
    await page.screenshot({ path: screenshotPath('subflow-inner-inspector-1280.png') });
  });

  it('closes the block back into one node', async () => {
    await page.getByTestId(`expand-${BLOCK}`).click();
    await page.waitForFunction((b) => !document.querySelector(`.react-flow__node[data-id^="${b}/"]`), BLOCK);
    expect(await page.getByTestId(`node-${BLOCK}`).getAttribute('data-open')).toBeNull();
    expect(await page.getByTestId('inner-inspector').count()).toBe(0);
    expect(overlapping(await boxes())).toEqual([]);
    expect(await undoDisabled()).toBe(true);
  });

  it('opens an Inception module into its 4 named branches side by side', async () => {
    await newFromTemplate(page, 'inception');
    await page.getByTestId('node-inception3a').waitFor();
    await page.getByTestId('expand-inception3a').click();
    await page.getByTestId('inner-inception3a/concat').waitFor();
    await page.waitForTimeout(400);
    const lanes = page.locator('[data-testid^="lane-inception3a/"]');
    expect(await lanes.evaluateAll((ls) => ls.map((l) => l.getAttribute('data-testid')!.split('/')[1]))).toEqual(['b1_1x1', 'b2_reduce', 'b3_reduce', 'b4_pool']);
    expect(await lanes.evaluateAll((ls) => ls.map((l) => l.textContent))).toEqual([
      '1×1 branch (b1)',
      '3×3 branch (b2): 1×1 reduce → 3×3',
      '5×5 branch (b3): 1×1 reduce → 5×5',
      'Pool branch (b4): 3×3 max-pool → 1×1',
    ]);
    // Each branch in its own lane: the branches' first layers share a column, one lane under the other.
    const inner = await boxes('inception3a');
    const at = (id: string) => inner.find((b) => b.id === `inception3a/${id}`)!;
    const firsts = ['b1_1x1', 'b2_reduce', 'b3_reduce', 'b4_pool'].map(at);
    for (let i = 1; i < firsts.length; i++) {
      expect(firsts[i].x).toBeCloseTo(firsts[0].x, 0);
      expect(firsts[i].y).toBeGreaterThanOrEqual(firsts[i - 1].y + firsts[i - 1].height);
    }
    expect(at('b2_3x3').y).toBeCloseTo(at('b2_reduce').y, 0);
    expect(at('concat').x).toBeGreaterThan(at('b2_3x3').x + at('b2_3x3').width);
    expect(overlapping(inner)).toEqual([]);
    expect(overlapping(await boxes())).toEqual([]);
    expect((await canvasMetrics(page)).textMin).toBeGreaterThanOrEqual(11);
    expect(await page.getByTestId('doc-title').innerText()).not.toContain('unsaved');
    await page.screenshot({ path: screenshotPath('subflow-inception-1280.png') });
  });

  it('reads in Korean and in the other theme', async () => {
    await page.getByTestId('lang-select').selectOption('ko');
    await page.waitForTimeout(200);
    expect(await page.getByTestId('lane-inception3a/b2_reduce').innerText()).toBe('3×3 가지 (b2): 1×1 축소 → 3×3');
    // A lane name fits its lane (no clipped text).
    const clipped = await page.locator('[data-testid^="lane-inception3a/"]').evaluateAll((ls) => ls.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
    expect(clipped).toEqual([]);
    await page.screenshot({ path: screenshotPath('subflow-inception-ko-1280.png') });
    await page.getByTestId('lang-select').selectOption('en');
    // The other theme: the frame, its lanes and edges keep their contrast.
    await page.getByTestId('menu-theme').click();
    await page.waitForTimeout(200);
    await page.screenshot({ path: screenshotPath('subflow-inception-theme-1280.png') });
    await page.getByTestId('menu-theme').click();
    expect(errors).toEqual([]);
  });
});
