// Blocks open inside open blocks (issue #16), in Chromium at 1280×800 against the real web host: a ResNet-20
// whose stages are one residual unit ×3 (stagedResnet20, stride 2 on each later stage's first repeat), opened
// from a project file. Opening stage32 shows its three ResidualBlocks captioned "repeat 1 · strides 2",
// "repeat 2", "repeat 3"; opening its first ResidualBlock turns it into a frame inside the stage's frame with
// its convs, its projection shortcut and the skip edge past the body; an inner conv at depth 2 is inspected
// read-only; closing folds it back, and reopening the stage shows the ResidualBlock open again. View state
// only: the project stays saved with nothing to undo. An Inception module (4 lanes) opens whole in view at the
// readable zoom. Screenshots in English and Korean.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { canvasMetrics } from './helpers/canvasMetrics';
import { launchBrowser, menu, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import { findTemplate } from '../src/project/templates';
import { serializeProjectFile } from '../src/project/projectFile';
import { stagedResnet20 } from '../src/export/testing/blockNets';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cnn-nestedflow-e2e-')));
const projectFile = path.join(workDir, 'staged-resnet20.cnnproj');

const STAGE = 'stage32';
const UNIT = `${STAGE}/repeat_1`;
const INNER = ['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn', 'shortcut', 'shortcut_bn', 'add', 'relu'];

beforeAll(async () => {
  const doc = (await findTemplate('lenet5'))!.makeDoc();
  writeFileSync(projectFile, serializeProjectFile({ ...doc, name: 'Staged ResNet-20', dataset: { kind: 'cifar10' }, graph: stagedResnet20() }));
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await page.getByTestId('canvas').waitFor();
  await menu(page, 'file', 'open');
  await page.getByTestId('file-browser').waitFor();
  await page.getByTestId('path-input').fill(projectFile);
  await page.getByTestId('path-ok').click();
  await page.getByTestId(`node-${STAGE}`).waitFor();
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

interface Box {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Screen boxes of the nodes directly inside `parent` (React Flow's parentId), or of the top-level ones. */
const childBoxes = (parent?: string) =>
  page.evaluate((p) => {
    const all = [...document.querySelectorAll('.react-flow__node')];
    const ids = all.map((n) => n.getAttribute('data-id') ?? '');
    const parentOf = (id: string) => ids.filter((o) => id.startsWith(`${o}/`)).sort((a, b) => b.length - a.length)[0];
    return all
      .filter((n) => parentOf(n.getAttribute('data-id') ?? '') === p)
      .map((n) => {
        const r = n.getBoundingClientRect();
        return { id: n.getAttribute('data-id') ?? '', x: r.x, y: r.y, width: r.width, height: r.height };
      });
  }, parent);

const boxOf = async (id: string) => (await page.locator(`.react-flow__node[data-id="${id}"]`).boundingBox())!;

const overlapping = (list: Box[]) => {
  const hit = (a: Box, b: Box) => a.x < b.x + b.width - 0.5 && b.x < a.x + a.width - 0.5 && a.y < b.y + b.height - 0.5 && b.y < a.y + a.height - 0.5;
  return list.flatMap((a, i) => list.slice(i + 1).filter((b) => hit(a, b)).map((b) => `${a.id} × ${b.id}`));
};

const within = (inner: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }) =>
  inner.x >= outer.x - 0.5 && inner.y >= outer.y - 0.5 && inner.x + inner.width <= outer.x + outer.width + 0.5 && inner.y + inner.height <= outer.y + outer.height + 0.5;

/** Waits until the view stops moving (the scroll that brings an opened frame into view, 60 ms after the click). */
const viewSettled = async () => {
  await page.waitForTimeout(150);
  await page.waitForFunction(
    () =>
      new Promise<boolean>((resolve) => {
        const transform = () => document.querySelector('.react-flow__viewport')?.getAttribute('style');
        const before = transform();
        setTimeout(() => resolve(transform() === before), 300);
      }),
  );
};

async function undoDisabled(): Promise<boolean> {
  await page.getByTestId('menu-edit').click();
  const disabled = await page.getByTestId('menu-undo').isDisabled();
  await page.getByTestId('menu-edit').click();
  return disabled;
}

describe('a block inside an open block opens in place', () => {
  it('opens stage32 into its three ResidualBlocks, each captioned with its repeat and what it changes', async () => {
    await page.getByTestId(`expand-${STAGE}`).click();
    await page.getByTestId(`inner-${UNIT}`).waitFor();
    await viewSettled();
    const inner = await childBoxes(STAGE);
    expect(inner.map((b) => b.id)).toEqual([1, 2, 3].map((i) => `${STAGE}/repeat_${i}`));
    expect(await page.getByTestId(`inner-${UNIT}`).getAttribute('data-type')).toBe('ResidualBlock');
    for (const i of [1, 2, 3]) expect(await page.getByTestId(`inner-shape-${STAGE}/repeat_${i}`).innerText()).toBe('16×16×32');
    expect(await page.locator(`[data-testid^="repeat-caption-${STAGE}/"]`).allInnerTexts()).toEqual(['repeat 1 · strides 2', 'repeat 2', 'repeat 3']);
    // Each inner ResidualBlock has the toggle that opens it.
    expect(await page.locator(`[data-testid^="expand-${STAGE}/"]`).count()).toBe(3);
    expect(overlapping(inner)).toEqual([]);
    expect(overlapping(await childBoxes())).toEqual([]);
  });

  it('opens its first ResidualBlock as a frame in the stage’s frame: convs, projection shortcut, the skip past the body', async () => {
    const closedStage = await boxOf(STAGE);
    await page.getByTestId(`expand-${UNIT}`).click();
    await page.getByTestId(`inner-${UNIT}/conv1`).waitFor();
    await viewSettled();
    expect(await page.getByTestId(`node-${UNIT}`).getAttribute('data-open')).toBe('true');
    const unit = await childBoxes(UNIT);
    expect(unit.map((b) => b.id).sort()).toEqual(INNER.map((i) => `${UNIT}/${i}`).sort());
    expect(await page.getByTestId(`inner-shape-${UNIT}/shortcut`).innerText()).toBe('16×16×32');
    expect(await page.getByTestId(`inner-${UNIT}/shortcut`).getAttribute('data-type')).toBe('Conv2D');

    // The stage grew to hold it; each frame holds its children; siblings never overlap at any depth.
    const [stage, frame] = [await boxOf(STAGE), await boxOf(UNIT)];
    expect(stage.width).toBeGreaterThan(closedStage.width + 200);
    expect(stage.height).toBeGreaterThan(closedStage.height);
    expect(within(frame, stage)).toBe(true);
    for (const b of unit) expect(within(b, frame)).toBe(true);
    for (const list of [unit, await childBoxes(STAGE), await childBoxes()]) expect(overlapping(list)).toEqual([]);
    // The caption of repeat 1 sits above its open frame, the later repeats right of it.
    const caption = (await page.getByTestId(`repeat-caption-${UNIT}`).boundingBox())!;
    expect(caption.y + caption.height).toBeLessThanOrEqual(frame.y + 1);
    expect((await boxOf(`${STAGE}/repeat_2`)).x).toBeGreaterThan(frame.x + frame.width);

    // Lanes and the skip edge as in a top-level ResidualBlock: the shortcut's lane under the main path.
    const lanes = page.locator(`[data-testid^="lane-${UNIT}/"]`);
    expect(await lanes.allInnerTexts()).toEqual(['Main path', 'Shortcut: 1×1 projection']);
    const byId = Object.fromEntries(unit.map((b) => [b.id.split('/').at(-1)!, b]));
    expect(byId.shortcut.y).toBeGreaterThan(byId.conv1.y + byId.conv1.height);
    const skip = (await page.getByTestId(`inner-edge-${UNIT}/shortcut_bn->add`).boundingBox())!;
    const body = ['conv1_relu', 'conv2', 'conv2_bn'].map((id) => byId[id]);
    expect(skip.x).toBeLessThan(body[0].x);
    expect(skip.x + skip.width).toBeGreaterThan(body[2].x + body[2].width);
    for (const b of body) expect(skip.y).toBeGreaterThanOrEqual(b.y + b.height - 6);
    // The chain through the stage: repeat_1's output meets repeat_2 on its middle line.
    expect(await page.getByTestId(`inner-edge-${STAGE}/repeat_1->repeat_2`).count()).toBe(1);
    expect(await page.getByTestId(`block-input-${UNIT}`).innerText()).toBe('32×32×16');

    // The opened frame is brought into view at a readable zoom: its header and its first layers show.
    const canvas = (await page.getByTestId('canvas').boundingBox())!;
    expect(frame.x).toBeGreaterThanOrEqual(canvas.x);
    expect(frame.y).toBeGreaterThanOrEqual(canvas.y);
    expect(within(byId.conv1, canvas)).toBe(true);
    // …and the stage's header with its ▾ stays in view too.
    expect(within((await page.getByTestId(`expand-${STAGE}`).boundingBox())!, canvas)).toBe(true);
    expect(await page.getByTestId(`node-${STAGE}`).locator('.block-frame-head').first().innerText()).toMatch(/unit 32\s+stage32\s+×3\s+16×16×32/);
    expect((await canvasMetrics(page)).textMin).toBeGreaterThanOrEqual(11);
    expect(await page.getByTestId('doc-title').innerText()).not.toContain('unsaved');
    expect(await undoDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('nestedflow-stage-unit-open-1280.png') });
  });

  it('inspects a conv two levels down read-only: Conv2D 3×3, stride 2, 32 filters, 4,608 parameters', async () => {
    await page.getByTestId(`inner-${UNIT}/conv1`).click();
    const inspector = page.getByTestId('inner-inspector');
    await inspector.waitFor();
    expect(await inspector.getAttribute('data-path')).toBe(`${UNIT}/conv1`);
    expect(await page.getByTestId('inspector-type').innerText()).toContain('Conv2D');
    expect(await page.getByTestId('inner-param-strides').locator('dd').innerText()).toBe('2');
    expect(await page.getByTestId('inner-param-filters').locator('dd').innerText()).toBe('32');
    expect(await page.getByTestId('inspector-params').innerText()).toBe('4,608'); // 3·3·16·32, no bias (BN follows)
    expect(await page.locator('.react-flow__node.selected').evaluateAll((ns) => ns.map((n) => n.getAttribute('data-id')))).toEqual([`${UNIT}/conv1`]);
    // Its block is the ResidualBlock around it: one click picks that, with its own inner layers listed.
    await page.getByTestId('inner-select-block').click();
    await page.locator(`[data-testid="inner-inspector"][data-path="${UNIT}"]`).waitFor();
    expect(await page.locator('[data-testid="inspector-inner"]').count()).toBe(INNER.length);
    await page.getByTestId(`inner-${UNIT}/conv2`).click();
    await page.locator(`[data-testid="inner-inspector"][data-path="${UNIT}/conv2"]`).waitFor();
    await page.screenshot({ path: screenshotPath('nestedflow-inner-inspector-1280.png') });
  });

  it('reads in Korean: captions and lane names fit', async () => {
    await page.getByTestId('lang-select').selectOption('ko');
    await page.waitForTimeout(200);
    expect(await page.getByTestId(`repeat-caption-${UNIT}`).innerText()).toBe('반복 1 · strides 2');
    const clipped = await page
      .locator(`[data-testid^="lane-${UNIT}/"], [data-testid^="repeat-caption-${STAGE}/"]`)
      .evaluateAll((ls) => ls.filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent));
    expect(clipped).toEqual([]);
    await page.screenshot({ path: screenshotPath('nestedflow-stage-unit-open-ko-1280.png') });
    await page.getByTestId('lang-select').selectOption('en');
  });

  it('closes the ResidualBlock, then the stage; reopening the stage shows the ResidualBlock open again', async () => {
    await page.getByTestId(`expand-${UNIT}`).click();
    await page.waitForFunction((u) => !document.querySelector(`.react-flow__node[data-id^="${u}/"]`), UNIT);
    expect(await page.getByTestId(`inner-${UNIT}`).count()).toBe(1);
    expect(await page.getByTestId('inner-inspector').count()).toBe(0); // the pick inside it is dropped
    await page.getByTestId(`expand-${UNIT}`).click();
    await page.getByTestId(`inner-${UNIT}/conv1`).waitFor();
    await page.getByTestId(`expand-${STAGE}`).click();
    await page.waitForFunction((s) => !document.querySelector(`.react-flow__node[data-id^="${s}/"]`), STAGE);
    expect(await page.getByTestId(`node-${STAGE}`).getAttribute('data-open')).toBeNull();
    expect(overlapping(await childBoxes())).toEqual([]);
    await page.getByTestId(`expand-${STAGE}`).click();
    await page.getByTestId(`inner-${UNIT}/conv1`).waitFor();
    await page.getByTestId(`expand-${STAGE}`).click();
    await page.waitForFunction((s) => !document.querySelector(`.react-flow__node[data-id^="${s}/"]`), STAGE);
    expect(await page.getByTestId('doc-title').innerText()).not.toContain('unsaved');
    expect(await undoDisabled()).toBe(true);
  });

  it('brings a whole Inception module into view when it opens, at the readable zoom (4 lanes, 1280×800)', async () => {
    await newFromTemplate(page, 'inception');
    await page.getByTestId('node-inception3a').waitFor();
    await page.getByTestId('expand-inception3a').click();
    await page.getByTestId('inner-inception3a/concat').waitFor();
    await viewSettled();
    const [frame, canvas] = [await boxOf('inception3a'), (await page.getByTestId('canvas').boundingBox())!];
    expect(within(frame, canvas)).toBe(true);
    expect((await canvasMetrics(page)).textMin).toBeGreaterThanOrEqual(11);
    await page.screenshot({ path: screenshotPath('nestedflow-inception-fits-1280.png') });
    expect(errors).toEqual([]);
  });
});
