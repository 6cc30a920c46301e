// Every term explained where it appears, in a real browser at 1280×800: "About this layer" with LeNet-5's
// first convolution's formulas filled in, a parameter's help, MaxPooling's unset stride, one undo step per
// field edit, the status bar's meanings, and the Korean inspector; with screenshots to look at.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import { openFlatResnet20 } from './helpers/flatResnet';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];

const byTestId = (id: string) => page.getByTestId(id);
const text = async (id: string) => (await byTestId(id).first().textContent())?.trim() ?? '';
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

/** Clicks a node on the canvas and waits for the inspector to show it. */
async function select(nodeId: string, typeLabel: string) {
  await byTestId(`node-${nodeId}`).click();
  await poll(() => text('inspector-type')).toContain(typeLabel);
}

/** Moves focus out of the inspector's fields, onto the canvas background. */
const focusCanvas = () => page.locator('.react-flow__pane').click({ position: { x: 12, y: 12 } });

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await page.evaluate(() => localStorage.setItem('cnn-studio-lang', 'en'));
  await page.reload();
  await newFromTemplate(page, 'lenet5');
  await byTestId('node-C1').waitFor();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('the inspector explains the layer', () => {
  it("shows About this layer with C1's formulas filled in with its numbers", async () => {
    await select('C1', 'Conv2D');
    const about = byTestId('inspector-about');
    await about.waitFor();
    expect(await about.textContent()).toContain('About this layer');
    expect(await text('about-what')).toContain('filters');
    // LeNet-5's C1 on 28×28×1 with P = 2: the lecture's output-size and parameter formulas.
    expect(await text('about-outputShape')).toContain('W2 = (W1 − F + 2P)/S + 1 = (28 − 5 + 2·2)/1 + 1 = 28');
    expect(await text('about-params')).toContain('(F·F·D1)·K + K = (5·5·1)·6 + 6 = 156');
    expect(await text('about-macs')).toContain('H2·W2·K·F·F·D1 = 28·28·6·5·5·1 = 117,600');
    expect(await text('about-receptiveField')).toContain('r = r_in + (F − 1)·j_in = 1 + (5 − 1)·1 = 5');
    expect(await text('inspector-params')).toBe('156');
    // The metric labels carry their meaning as a tooltip, and as readable text behind their (i).
    expect(await byTestId('inspector-macs').getAttribute('title')).toContain('Multiply-accumulates');
    await byTestId('fact-receptiveField-help-toggle').click();
    expect(await text('fact-receptiveField-help')).toContain('jump');
    await page.screenshot({ path: screenshotPath('explain-inspector-en-facts.png') });
    await byTestId('inspector-about').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('explain-inspector-en.png') });
    // The same in the dark theme, with a parameter's help pinned open.
    await byTestId('menu-theme').click();
    await byTestId('param-padding-help-toggle').click();
    await byTestId('param-padding-help').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('explain-inspector-dark.png') });
    await byTestId('param-padding-help-toggle').click();
    await byTestId('menu-theme').click();
    await byTestId('fact-receptiveField-help-toggle').click();
    await poll(() => byTestId('fact-receptiveField-help').count()).toBe(0);
  });

  it("explains a parameter: tooltip, on focus, and pinned by its (i)", async () => {
    expect(await byTestId('param-kernelSize').getAttribute('title')).toContain('F, the width and height of each filter');
    expect(await byTestId('param-dilation-help').count()).toBe(0);
    await byTestId('param-dilation').focus();
    await poll(() => text('param-dilation-help')).toContain('receptive field');
    await focusCanvas();
    await poll(() => byTestId('param-dilation-help').count()).toBe(0);
    await select('C1', 'Conv2D');
    await byTestId('param-filters-help-toggle').click();
    await poll(() => text('param-filters-help')).toContain('D2 = K');
    expect(await byTestId('param-filters-help-toggle').getAttribute('aria-expanded')).toBe('true');
  });

  it('shows MaxPooling\'s unset stride as the pool size, not as 0', async () => {
    await select('S2', 'Max pooling');
    const stride = byTestId('param-strides');
    expect(await stride.inputValue()).toBe('');
    expect(await stride.getAttribute('placeholder')).toBe('= pool size (2)');
    await stride.focus();
    await poll(() => text('param-strides-help')).toContain('Empty: pool size = 2.');
    await byTestId('inspector-type').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('explain-pooling-stride.png') });
    expect(await text('about-outputShape')).toContain('(28 − 2 + 2·0)/2 + 1 = 14');
    expect(await text('about-params')).toContain('params = 0');
    // A typed stride is applied; emptying the field goes back to S = F.
    await stride.fill('1');
    await stride.press('Enter');
    await poll(() => text('inspector-output')).toBe('27×27×6');
    await stride.fill('');
    await stride.press('Enter');
    await poll(() => text('inspector-output')).toBe('14×14×6');
    expect(await stride.getAttribute('placeholder')).toBe('= pool size (2)');
  });
});

describe('one undo step per field edit', () => {
  it('typing "40" into a field is one step: one Ctrl+Z restores the old value', async () => {
    await select('F5', 'Dense');
    const units = byTestId('param-units');
    expect(await units.inputValue()).toBe('120');
    await units.click({ clickCount: 3 });
    await page.keyboard.type('40', { delay: 60 });
    // While typing, the draft is shown and checked but the document keeps 120.
    expect(await units.inputValue()).toBe('40');
    expect(await text('inspector-output')).toBe('120');
    await focusCanvas(); // leaving the field commits it
    await select('F5', 'Dense');
    await poll(() => text('inspector-output')).toBe('40');
    await focusCanvas();
    await page.keyboard.press('Control+z');
    await select('F5', 'Dense');
    await poll(() => byTestId('param-units').inputValue()).toBe('120');
    await poll(() => text('inspector-output')).toBe('120'); // the analysis follows from the host
  });

  it('Esc reverts a draft, an invalid draft is refused at the field, a step button is one step', async () => {
    const units = byTestId('param-units');
    await units.fill('7');
    await units.press('Escape');
    expect(await units.inputValue()).toBe('120');
    await units.fill('0');
    await byTestId('param-units-error').waitFor();
    await units.press('Enter');
    expect(await text('inspector-output')).toBe('120'); // not written
    await units.press('Escape');
    await byTestId('param-units-inc').click();
    await poll(() => text('inspector-output')).toBe('121');
    await focusCanvas();
    await page.keyboard.press('Control+z');
    await select('F5', 'Dense');
    await poll(() => text('inspector-output')).toBe('120');
  });
});

describe('the status bar explains its totals', () => {
  it.each([
    ['status-trainable', 'weights and biases'],
    ['status-non-trainable', 'moving mean'],
    ['status-macs', 'Multiply-accumulates'.toLowerCase().slice(0, 8)],
    ['status-memory', '4 bytes'],
  ])('%s has a tooltip with its meaning', async (id, words) => {
    expect((await byTestId(id).getAttribute('title'))?.toLowerCase()).toContain(words.toLowerCase());
  });
});

describe("the lecture's other terms", () => {
  it("explains AlexNet's LRN, with its formula filled in", async () => {
    await newFromTemplate(page, 'alexnet');
    await select('localresponsenormalization1', 'Local response norm.');
    expect(await text('about-what')).toContain('Local response normalization');
    expect(await text('about-outputShape')).toContain('b_c = a_c / (2 + 0.0001·Σ_{|c′ − c| ≤ 2} a_c′²)^0.75');
    expect(await text('about-macs')).toContain('H·W·C·n = 55·55·96·5 = 1,452,000');
    await byTestId('param-size-help-toggle').click();
    expect(await text('param-size-help')).toContain('depth radius');
  });

  it("sums a residual block's inner layers and explains the skip", async () => {
    await openFlatResnet20(page); // its ResidualBlocks at the top level: the template nests them in stages
    await select('residualblock1', 'Residual block');
    expect(await text('about-what')).toContain('skip');
    expect(await text('about-params')).toMatch(/^params = Σ = [\d,]+( \+ [\d,]+)+ = [\d,]+$/);
    // The sum is the block's trainable + non-trainable count the facts show (e.g. "4,672 + 64").
    const counts = (await text('inspector-params')).split(' + ').map((s) => Number(s.replace(/,/g, '')));
    expect(await text('about-params')).toContain(`= ${counts.reduce((a, b) => a + b, 0).toLocaleString('en-US')}`);
  });

  it("sums a ResNet-20 stage's three residual blocks (a block ×3 in the template)", async () => {
    await newFromTemplate(page, 'resnet20');
    await byTestId('node-stage1').click();
    await poll(() => text('about-params')).toBe('params = Σ = 4,736 + 4,736 + 4,736 = 14,208');
    expect(await text('about-receptiveField')).toContain('r = r_in + (R − 1)·j_in = 3 + (13 − 1)·1 = 15');
  });
});

describe('in Korean', () => {
  it('the About section, the parameter help and the Output subtitle are Korean', async () => {
    await newFromTemplate(page, 'lenet5');
    await byTestId('node-C1').waitFor();
    await byTestId('lang-select').selectOption('ko');
    await select('C1', '2D 합성곱');
    await poll(() => byTestId('inspector-about').textContent()).toContain('이 층에 대하여');
    expect(await text('about-what')).toMatch(/필터/);
    expect(await text('about-params')).toContain('(5·5·1)·6 + 6 = 156');
    expect(await byTestId('param-kernelSize').getAttribute('title')).toMatch(/필터의 가로·세로 크기/);
    await byTestId('inspector-about').evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await page.screenshot({ path: screenshotPath('explain-inspector-ko.png') });
    await select('output', '출력');
    await poll(() => text('inspector-subtitle')).toBe('10개 클래스, 소프트맥스');
    expect(await text('inspector-summary-line')).toMatch(/소프트맥스/);
    await select('S2', '최대 풀링');
    expect(await byTestId('param-strides').getAttribute('placeholder')).toBe('= 풀 크기 (2)');
    expect(await byTestId('status-macs').getAttribute('title')).toMatch(/곱셈-누산/);
    await byTestId('lang-select').selectOption('en');
  });

  it('ran without page errors', () => expect(errors).toEqual([]));
});
