// The graph reads at first sight, in a real browser against the real web host: node text ≥ 11 px on screen
// at first open (1440×900 and 1280×800) and after opening big templates (the canvas scrolls instead of
// shrinking), handles with a ≥ 10 px hit area, readable edge labels, wheel scrolls / Ctrl+wheel zooms, and a
// palette item dropped onto an edge is inserted into it. Prints the numbers (CANVAS-METRICS lines).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, newFromTemplate, openApp } from './helpers/browser';
import { canvasMetrics, type CanvasMetrics } from './helpers/canvasMetrics';
import { screenshotPath } from './helpers/screenshots';

let host: E2EHost;
let browser: Browser;
/** Each page's collected errors (collectErrors fills its array as they come). */
const errors: string[][] = [];
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

async function openAt(width: number, height: number): Promise<Page> {
  const { page, errors: pageErrors } = await openApp(browser, host.url, { width, height });
  errors.push(pageErrors);
  await page.getByTestId('node-C1').waitFor();
  return page;
}

/** The metrics once the view has settled (fit after load, panels sized). */
async function settled(page: Page, label: string): Promise<CanvasMetrics> {
  let last = '';
  let m = await canvasMetrics(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    m = await canvasMetrics(page);
    const key = JSON.stringify(m);
    if (key === last && (m.labels > 0 || m.nodes < 2)) break;
    last = key;
  }
  console.log(`CANVAS-METRICS ${label} ${JSON.stringify(m)}`);
  return m;
}

const inside = async (page: Page, testId: string) => {
  const [box, canvas] = await Promise.all([page.getByTestId(testId).boundingBox(), page.getByTestId('canvas').boundingBox()]);
  return !!box && !!canvas && box.x >= canvas.x && box.y >= canvas.y && box.x + box.width <= canvas.x + canvas.width && box.y + box.height <= canvas.y + canvas.height;
};

const viewportTransform = (page: Page) =>
  page.locator('.react-flow__viewport').evaluate((el) => {
    const m = new DOMMatrix(getComputedStyle(el).transform);
    return { x: Math.round(m.e), y: Math.round(m.f), zoom: Math.round(m.a * 1000) / 1000 };
  });

/** A real palette drag: press on the item, move over the target element, release. */
async function dragOnto(page: Page, itemTestId: string, targetTestId: string, beforeRelease?: () => Promise<void>) {
  await page.getByTestId(itemTestId).scrollIntoViewIfNeeded();
  const item = (await page.getByTestId(itemTestId).boundingBox())!;
  const box = (await page.getByTestId(targetTestId).boundingBox())!;
  const target = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  await page.mouse.move(item.x + item.width / 2, item.y + item.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x - 40, target.y - 40, { steps: 8 });
  await page.mouse.move(target.x, target.y, { steps: 8 });
  await beforeRelease?.();
  await page.mouse.up();
}

/** Drags from one node's output handle to another node's input handle. */
async function connect(page: Page, source: string, target: string) {
  const from = (await page.locator(`[data-testid="node-${source}"] .react-flow__handle.source`).boundingBox())!;
  const to = (await page.locator(`[data-testid="node-${target}"] .react-flow__handle.target`).boundingBox())!;
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + to.height / 2, { steps: 12 });
  await page.mouse.up();
}

function expectReadable(m: CanvasMetrics) {
  expect(m.labels, 'edge labels drawn').toBeGreaterThan(0);
  expect(m.textMin, 'smallest node text on screen (px)').toBeGreaterThanOrEqual(11);
  expect(m.handleMin, 'handle hit area on screen (px)').toBeGreaterThanOrEqual(10);
  expect(m.edgeLabelMin, 'edge label text on screen (px)').toBeGreaterThanOrEqual(10);
}

describe('a graph that reads at first sight', () => {
  it.each([
    [1440, 900],
    [1280, 800],
  ] as const)('at %i×%i: LeNet-5 on first open, then VGG-16 and ResNet-18, all at readable size', async (w, h) => {
    const page = await openAt(w, h);
    const lenet = await settled(page, `${w}x${h} lenet5`);
    expectReadable(lenet);
    // LeNet-5 is laid out in rows across the canvas, not one narrow column, and is seen whole.
    expect(lenet.widthUsed).toBeGreaterThan(0.5);
    await page.screenshot({ path: screenshotPath(`canvas-lenet5-${w}.png`) });
    expect(lenet.nodesInView).toBe(lenet.nodes);

    for (const id of ['vgg16', 'resnet18']) {
      await newFromTemplate(page, id);
      await page.getByTestId('node-input').waitFor();
      const m = await settled(page, `${w}x${h} ${id}`);
      expectReadable(m);
      // VGG-16 (17 nodes, its stages as blocks) is too big to fit at a readable size: it starts at its Input,
      // and the rest is a scroll away. ResNet-18's 11 nodes (stages conv2_x … conv5_x as blocks) fit whole.
      expect(await inside(page, 'node-input'), 'the Input is in view').toBe(true);
      if (id === 'vgg16') expect(m.nodesInView).toBeLessThan(m.nodes);
      else expect(m.nodesInView).toBe(m.nodes);
      if (w === 1280 && id === 'vgg16') await page.screenshot({ path: screenshotPath('canvas-vgg16-1280.png') });
    }
    await page.close();
  });

  it('ResNet-20 from its template: three stages, each a residual block ×3, seen whole and readable', async () => {
    const page = await openAt(1280, 800);
    await newFromTemplate(page, 'resnet20');
    await page.getByTestId('node-stage3').waitFor();
    const m = await settled(page, '1280x800 resnet20');
    expectReadable(m);
    expect([m.nodes, m.nodesInView]).toEqual([9, 9]);
    // Each stage's face: its definition, "×3", its output shape and its parameters (He et al. 2016 §4.2).
    const faces = { stage1: ['32×32×16', '14.2K'], stage2: ['16×16×32', '52.1K'], stage3: ['8×8×64', '207K'] };
    for (const [id, [shape, params]] of Object.entries(faces)) {
      const face = await page.getByTestId(`node-${id}`).innerText();
      expect(face, id).toMatch(new RegExp(`^${id}\\b`));
      expect(face, id).toContain('×3');
      expect(face, id).toContain(shape);
      expect(face, id).toContain(params);
    }
    await page.screenshot({ path: screenshotPath('canvas-resnet20-1280.png') });
    await page.close();
  });

  it('scrolls with the wheel, zooms with Ctrl+wheel, and Auto layout keeps text readable', async () => {
    const page = await openAt(1280, 800);
    await newFromTemplate(page, 'vgg16');
    await settled(page, '1280x800 vgg16 before scrolling');
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.move(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    const before = await viewportTransform(page);
    await page.mouse.wheel(0, 300);
    await poll(async () => (await viewportTransform(page)).y).toBeLessThan(before.y - 100);
    expect((await viewportTransform(page)).zoom).toBe(before.zoom);
    await page.keyboard.down('Control');
    await page.mouse.wheel(0, -200);
    await page.keyboard.up('Control');
    await poll(async () => (await viewportTransform(page)).zoom).toBeGreaterThan(before.zoom);

    await page.getByTestId('auto-layout').click();
    await page.waitForTimeout(400);
    const m = await settled(page, '1280x800 vgg16 after auto layout');
    expectReadable(m);
    expect(await inside(page, 'node-input')).toBe(true);
    await page.close();
  });

  it('inserts a palette item dropped onto an edge, lighting the edge while the drag is over it', async () => {
    const page = await openAt(1280, 800);
    await settled(page, '1280x800 lenet5 before drop');
    const edgeIds = () => page.locator('.react-flow__edge').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
    const nodeIds = () => page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')!));
    const edgesBefore = await edgeIds();
    const nodesBefore = await nodeIds();
    expect(edgesBefore).toContain('Edge from F5 to F6');

    // A real drag: press on the palette item, move over the F5 → F6 edge, look, release.
    await page.getByTestId('palette-Dropout').scrollIntoViewIfNeeded();
  const item = (await page.getByTestId('palette-Dropout').boundingBox())!;
    const label = (await page.getByTestId('edge-label-e_F5_F6').boundingBox())!;
    const target = { x: label.x + label.width / 2, y: label.y + label.height / 2 };
    await page.mouse.move(item.x + item.width / 2, item.y + item.height / 2);
    await page.mouse.down();
    await page.mouse.move(target.x - 40, target.y - 40, { steps: 8 });
    await page.mouse.move(target.x, target.y, { steps: 8 });
    await poll(() => page.locator('.edge-label.drop-target').count()).toBe(1);
    await page.getByTestId('edge-drop-hint').waitFor();
    await page.screenshot({ path: screenshotPath('canvas-drop-on-edge-1280.png') });
    await page.mouse.up();

    await poll(async () => (await nodeIds()).length).toBe(nodesBefore.length + 1);
    const added = (await nodeIds()).find((id) => !nodesBefore.includes(id))!;
    const edgesAfter = await edgeIds();
    expect(edgesAfter).toHaveLength(edgesBefore.length + 1);
    expect(edgesAfter).not.toContain('Edge from F5 to F6');
    expect(edgesAfter).toEqual(expect.arrayContaining([`Edge from F5 to ${added}`, `Edge from ${added} to F6`]));
    expect(await page.locator('.edge-label.drop-target').count()).toBe(0);
    await poll(() => page.getByTestId(`node-shape-${added}`).textContent()).toBe('120');
    await page.close();
  });

  it('lays out a graph with a real branch through ELK: rows, no overlapping nodes, readable', async () => {
    const page = await openAt(1280, 800);
    await settled(page, '1280x800 lenet5 before branching');
    // Insert an Add between C3 and its ReLU, then give it a second input from C1: a skip across rows.
    await dragOnto(page, 'palette-Add', 'edge-label-e_C3_activation2');
    const add = await page.locator('.react-flow__node[data-id^="add"]').getAttribute('data-id');
    await connect(page, 'C1', add!);
    await poll(() => page.locator(`.react-flow__edge[aria-label="Edge from C1 to ${add}"]`).count()).toBe(1);
    await page.getByTestId('auto-layout').click();
    await page.waitForTimeout(600);
    const m = await settled(page, '1280x800 lenet5 + skip, after auto layout');
    expectReadable(m);
    const boxes = await page.locator('.react-flow__node').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON() as DOMRect));
    const overlaps = boxes.flatMap((a, i) => boxes.slice(i + 1).filter((b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
    expect(overlaps).toEqual([]);
    await page.screenshot({ path: screenshotPath('canvas-branch-elk-1280.png') });
    await page.close();
  });

  it('ran without page errors', () => {
    expect(errors.flat()).toEqual([]);
  });
});
