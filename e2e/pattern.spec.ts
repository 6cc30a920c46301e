// The pattern builder in the browser (#16): typing k=1, m=2, n=2, K 6, 16, F 5 valid, FC 120, 84 on 32×32×1
// updates the preview as it goes (rows and total), a stage that shrinks the map below 1×1 is shown inline
// with its arithmetic, *Replace the graph* drops LeNet-5's shapes on the canvas with the status bar's
// Trainable equal to the preview's total, undo restores the previous graph, *Add after* inserts the stages
// after the selected node, and the labels are in Korean. Screenshots at 1280×800.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, menu, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';

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

const text = (testId: string) => page.getByTestId(testId).innerText();
const total = () => text('pattern-total');
const row = (id: string) => page.getByTestId(`pattern-row-${id}`);

async function type(field: string, value: string): Promise<void> {
  await page.getByTestId(`pattern-${field}`).fill(value);
}

/** The Trainable count of the status bar once the analysis has caught up with the canvas. */
async function statusTrainable(expected: string): Promise<string> {
  await page.waitForFunction((v) => document.querySelector('[data-testid=status-trainable]')?.textContent?.includes(v), expected, { timeout: 20_000 });
  return text('status-trainable');
}

describe('pattern builder', () => {
  it('previews the shape flow and total as the numbers are typed', async () => {
    await menu(page, 'edit', 'patternBuilder');
    await page.getByTestId('pattern-builder').waitFor();
    // The defaults: [(Conv→ReLU)·2 → MaxPool]·2 → (FC→ReLU)·1 on 28×28×1.
    expect(await text('pattern-formula')).toBe('[(Conv→ReLU)·2 → MaxPool]·2 → (FC→ReLU)·1 → Softmax');
    const totals = [await total()];
    await type('k', '1');
    expect(await page.getByTestId('pattern-row-conv1_2').count()).toBe(0);
    totals.push(await total());
    await type('n', '2');
    await type('fcSizes', '120, 84');
    expect(await row('fc2').getByTestId('pattern-row-shape').innerText()).toBe('84');
    totals.push(await total());
    await type('filters', '6, 16');
    await page.getByTestId('pattern-doubleFilters').uncheck();
    await type('kernelSize', '5');
    await page.getByTestId('pattern-padding').selectOption('valid');
    totals.push(await total());
    await type('height', '32');
    await type('width', '32');
    totals.push(await total());
    expect(new Set(totals).size, totals.join(' | ')).toBe(totals.length); // each step changed the total
    expect(await text('pattern-formula')).toBe('[(Conv→ReLU)·1 → MaxPool]·2 → (FC→ReLU)·2 → Softmax');

    // LeNet-5's shapes and counts: (5·5·1)·6 + 6 = 156, (5·5·6)·16 + 16 = 2,416, 61,706 in all.
    const expected: [string, string, string][] = [
      ['conv1_1', '28×28×6', '156'],
      ['pool1', '14×14×6', '0'],
      ['conv2_1', '10×10×16', '2,416'],
      ['pool2', '5×5×16', '0'],
      ['flatten', '400', '0'],
      ['fc1', '120', '48,120'],
      ['fc2', '84', '10,164'],
      ['output', '10', '850'],
    ];
    for (const [id, shape, params] of expected) {
      expect([id, await row(id).getByTestId('pattern-row-shape').innerText(), await row(id).getByTestId('pattern-row-params').innerText()]).toEqual([id, shape, params]);
    }
    expect(await total()).toContain('61,706');
    await page.screenshot({ path: screenshotPath('pattern-builder.png') });
  });

  it('shows a stage that shrinks the map below 1×1 inline, with its arithmetic, and refuses to insert it', async () => {
    await type('m', '3'); // 32 → 28 → 14 → 10 → 5 → 1 → pool3: (1 − 2 + 2·0)/2 + 1 < 1
    const problem = page.getByTestId('pattern-issue-error');
    await problem.waitFor();
    expect(await problem.innerText()).toMatch(/^Stage 3: pool3: output width \(1 − 2 \+ 2·0\)\/2 \+ 1 = 0 is not positive/);
    expect(await page.getByTestId('pattern-replace').isDisabled()).toBe(true);
    await type('m', '0');
    expect(await page.getByTestId('pattern-field-m').getAttribute('class')).toContain('invalid');
    expect(await page.getByTestId('pattern-preview-none').isVisible()).toBe(true);
    await page.screenshot({ path: screenshotPath('pattern-builder-error.png') });
    await type('m', '2');
    expect(await total()).toContain('61,706');
  });

  it('replaces the graph with LeNet-5’s shapes, the status bar agreeing with the preview; undo brings the old graph back', async () => {
    const previewTotal = await page.getByTestId('pattern-total').getAttribute('data-trainable');
    expect(previewTotal).toBe('61706');
    // Make the old graph different in count from the new one, so the status bar's change is seen.
    await page.getByTestId('pattern-close').click();
    await newFromTemplate(page, 'pattern');
    await statusTrainable('218,490');
    await page.getByTestId('palette-patternBuilder').click(); // the palette opens it too, with the fields kept
    await page.getByTestId('pattern-replace').click();
    await page.getByTestId('pattern-builder').waitFor({ state: 'detached' });
    expect(await statusTrainable('61,706')).toContain('61,706');
    for (const [id, shape] of [['conv1_1', '28×28×6'], ['pool1', '14×14×6'], ['conv2_1', '10×10×16'], ['pool2', '5×5×16'], ['fc1', '120'], ['fc2', '84'], ['output', '10']])
      expect([id, await page.getByTestId(`node-shape-${id}`).innerText()]).toEqual([id, shape]);
    await page.waitForTimeout(400); // the fit's animation
    await page.screenshot({ path: screenshotPath('pattern-dropped.png') });

    await menu(page, 'edit', 'undo');
    expect(await statusTrainable('218,490')).toContain('218,490');
    expect(await page.getByTestId('node-conv1_1').count()).toBe(0);
    expect(await page.getByTestId('node-conv2d1').count()).toBe(1);
  });

  it('replaces the graph with the stages as blocks, the same count; undo brings the old graph back', async () => {
    await page.getByTestId('palette-patternBuilder').click();
    await page.getByTestId('pattern-as-blocks').check();
    await page.getByTestId('pattern-replace').click();
    await page.getByTestId('pattern-builder').waitFor({ state: 'detached' });
    expect(await statusTrainable('61,706')).toContain('61,706');
    expect(await page.locator('[data-testid^=node-block_]').count()).toBeGreaterThan(0);
    await page.waitForTimeout(400);
    await page.screenshot({ path: screenshotPath('pattern-dropped-blocks.png') });
    await menu(page, 'edit', 'undo');
    await statusTrainable('218,490');
    await page.getByTestId('palette-patternBuilder').click();
    await page.getByTestId('pattern-as-blocks').uncheck();
    await page.getByTestId('pattern-close').click();
  });

  it('adds the stages after the selected node as one undo step', async () => {
    await page.getByTestId('node-maxpooling2d2').click();
    await page.getByTestId('palette-patternBuilder').click();
    await type('n', '0');
    await type('m', '1');
    await type('filters', '8');
    await page.getByTestId('pattern-padding').selectOption('same');
    await type('kernelSize', '3');
    const add = page.getByTestId('pattern-add-after');
    expect(await add.innerText()).toBe('Add after maxpooling2d2');
    await add.click();
    await page.getByTestId('pattern-builder').waitFor({ state: 'detached' });
    // 7×7×32 → conv 8 → pool 3×3×8 (the last row and column dropped: a warning), then Flatten 72 → Dense 128.
    await page.waitForFunction(() => document.querySelector('[data-testid=node-shape-pool1]')?.textContent !== '?', undefined, { timeout: 20_000 });
    expect(await page.getByTestId('node-shape-pool1').innerText()).toBe('3×3×8');
    expect(await page.getByTestId('node-shape-conv1_1').innerText()).toBe('7×7×8');
    await page.screenshot({ path: screenshotPath('pattern-added-after.png') });
    await menu(page, 'edit', 'undo');
    await statusTrainable('218,490');
    expect(await page.getByTestId('node-pool1').count()).toBe(0);
  });

  it('speaks Korean', async () => {
    await page.getByTestId('lang-select').selectOption('ko');
    await menu(page, 'edit', 'patternBuilder');
    await page.getByTestId('pattern-builder').waitFor();
    expect(await page.locator('#pattern-title').innerText()).toBe('패턴 빌더');
    expect(await text('pattern-field-k')).toContain('k — 단계당 Conv→ReLU');
    expect(await text('pattern-preview')).toContain('전체 매개변수');
    expect(await page.getByTestId('pattern-replace').innerText()).toBe('그래프 바꾸기');
    await page.screenshot({ path: screenshotPath('pattern-builder-ko.png') });
    await page.keyboard.press('Escape');
    await page.getByTestId('pattern-builder').waitFor({ state: 'detached' });
    await page.getByTestId('lang-select').selectOption('en');
    expect(errors).toEqual([]);
  });
});
