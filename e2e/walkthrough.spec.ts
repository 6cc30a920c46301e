// The walkthrough in the browser (issue #15, item 5): LeNet-5 trained briefly looks at a real MNIST "3";
// the walkthrough has one step per node and the class probabilities last; Next (and → ←) move the canvas
// selection node by node; C1 shows its 6 maps; the last step's probabilities sum to 100% and name the
// predicted class; a maximised panel steps aside for the canvas and comes back; Korean labels. Screenshots
// at 1280×800 of C3 (a middle step), of the last step, in Korean and of a ResNet-20 block.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseImageBin } from '../src/data/mnist';
import { repoRoot, startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, newFromTemplate, openApp, trainBriefly, WORKBENCH_VIEWPORT } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];

/** A real MNIST "3" the run never trained on (past the first 3,000 digits), as 28×28 grey bytes. */
const mnist = parseImageBin(new Uint8Array(readFileSync(path.join(repoRoot, 'resources/data/mnist-10k.bin'))));
const THREE = mnist.labels.findIndex((label, i) => i >= 9000 && label === 3);
const three = Array.from(mnist.images.subarray(THREE * 784, (THREE + 1) * 784));

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

const walk = () => page.getByTestId('walkthrough');

/** Waits until the walkthrough shows step `k` (0-based) and the canvas has selected its node. */
async function atStep(k: number): Promise<string> {
  await page.waitForFunction(
    (step) => {
      const w = document.querySelector('[data-testid=walkthrough]');
      const node = w?.getAttribute('data-node');
      return w?.getAttribute('data-step') === String(step) && !!node && !!document.querySelector(`[data-testid="node-${node}"].selected`);
    },
    k,
    { timeout: 10_000 },
  );
  return (await walk().getAttribute('data-node'))!;
}

const selectedNodes = () => page.locator('.layer-node.selected').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));

describe('walkthrough: how the network recognizes this image', () => {
  it('trains LeNet-5 briefly', async () => {
    await trainBriefly(page, { limit: 3000 });
  });

  it('starts on a "3" with one step per node, and the class probabilities last', async () => {
    await page.getByTestId('tab-learn').click();
    await page.getByTestId('learn-panel').waitFor();
    // Dropped as a PNG file on the Learn tab's pad, as a person would.
    await page.getByTestId('learn-draw').evaluate(async (el, px) => {
      const c = document.createElement('canvas');
      c.width = c.height = 28;
      const img = new ImageData(28, 28);
      px.forEach((v, i) => img.data.set([v, v, v, 255], i * 4));
      c.getContext('2d')!.putImageData(img, 0, 0);
      const blob = await new Promise<Blob>((resolve) => c.toBlob((b) => resolve(b!), 'image/png'));
      const dt = new DataTransfer();
      dt.items.add(new File([blob], 'three.png', { type: 'image/png' }));
      el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    }, three);
    await page.waitForFunction(() => (document.querySelector('[data-testid=walk-start]') as HTMLButtonElement | null)?.disabled === false, null, { timeout: 60_000 });
    await page.getByTestId('walk-start').click();
    await walk().waitFor();
    const nodes = await page.locator('.layer-node').count();
    expect(nodes).toBe(11);
    expect(await walk().getAttribute('data-count')).toBe(String(nodes + 1));
    expect(await page.getByTestId('walk-strip-step').count()).toBe(nodes + 1);
    expect(await page.getByTestId('walk-counter').innerText()).toBe(`Step 1 / ${nodes + 1}`);
    expect(await atStep(0)).toBe('input');
    expect(await page.getByTestId('walk-image').count()).toBe(1);
    expect(await page.getByTestId('walk-result').innerText()).toBe('The image enters as 28×28×1: 784 numbers.');
  });

  it('Next moves the canvas selection to C1, which shows its 6 maps of 28×28 and the lecture’s numbers', async () => {
    await page.getByTestId('walk-next').click();
    expect(await atStep(1)).toBe('C1');
    expect(await selectedNodes()).toEqual(['node-C1']);
    const maps = page.getByTestId('walk-map');
    expect(await maps.count()).toBe(6);
    expect(await maps.evaluateAll((cs) => cs.map((c) => `${(c as HTMLCanvasElement).width}×${(c as HTMLCanvasElement).height}`))).toEqual(Array(6).fill('28×28'));
    expect(await page.getByTestId('walk-shape').innerText()).toBe('Shape: 28×28×1 → 28×28×6');
    expect(await page.getByTestId('walk-outputShape').innerText()).toContain('(28 − 5 + 2·2)/1 + 1 = 28');
    expect(await page.getByTestId('walk-params').innerText()).toContain('(5·5·1)·6 + 6 = 156');
    expect(await page.getByTestId('walk-param-count').getAttribute('data-params')).toBe('156');
    expect(await page.getByTestId('walk-result').innerText()).toBe('Out come 6 feature maps of 28×28.');
  });

  it('→ and ← step when the walkthrough has focus', async () => {
    await walk().focus();
    await page.keyboard.press('ArrowRight');
    expect(await atStep(2)).toBe('activation1');
    await page.keyboard.press('ArrowRight');
    expect(await atStep(3)).toBe('S2');
    await page.keyboard.press('ArrowLeft');
    expect(await atStep(2)).toBe('activation1');
    expect(await selectedNodes()).toEqual(['node-activation1']);
  });

  it('jumps from the strip to C3, a middle step: 16 maps of 10×10', async () => {
    await page.locator('[data-testid=walk-strip-step][data-node=C3]').click();
    expect(await atStep(4)).toBe('C3');
    expect(await page.getByTestId('walk-map').count()).toBe(16);
    expect(await page.getByTestId('walk-shape').innerText()).toBe('Shape: 14×14×6 → 10×10×16');
    expect(await page.getByTestId('walk-params').innerText()).toContain('(5·5·6)·16 + 16 = 2,416');
    await page.screenshot({ path: screenshotPath('walkthrough-c3-1280.png') });
  });

  it('a node clicked on the canvas jumps to its step', async () => {
    await page.getByTestId('node-F5').click();
    expect(await atStep(8)).toBe('F5');
    expect(await page.getByTestId('walk-result').innerText()).toBe('Out comes a vector of 120 numbers.');
  });

  it('ends at the class probabilities: they sum to 100% and name the predicted class', async () => {
    await page.locator('[data-testid=walk-strip-step]').last().click();
    expect(await atStep(11)).toBe('output');
    const step = page.getByTestId('walk-step');
    expect(await step.getAttribute('data-kind')).toBe('probabilities');
    const percents = (await page.getByTestId('walk-probs').locator('.learn-bar-value').allInnerTexts()).map((s) => Number.parseFloat(s));
    expect(percents).toHaveLength(10);
    expect(Math.abs(percents.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.6); // ten roundings to 0.1%
    expect(Number(await page.getByTestId('walk-sum').getAttribute('data-sum'))).toBeCloseTo(1, 4);
    const predicted = await step.getAttribute('data-predicted');
    expect(await page.getByTestId('learn-prediction').getAttribute('data-predicted')).toBe(predicted);
    expect(await page.getByTestId('walk-says').innerText()).toMatch(new RegExp(`^The network says “${predicted}”, with \\d+\\.\\d%\\.$`));
    console.log(`e2e walkthrough: MNIST #${THREE}, a 3, is predicted ${predicted} (${await page.getByTestId('walk-says').innerText()})`);
    expect(await page.getByTestId('walk-next').isDisabled()).toBe(true);
    await page.screenshot({ path: screenshotPath('walkthrough-final-1280.png') });
  });

  it('plays by itself from the start, Space pauses and Esc ends it', async () => {
    await page.getByTestId('walk-play').click(); // at the last step Play starts again from the Input
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=walkthrough]')?.getAttribute('data-step')) >= 1, null, { timeout: 15_000 });
    expect(await walk().getAttribute('data-playing')).toBe('true');
    await walk().focus();
    await page.keyboard.press(' ');
    expect(await walk().getAttribute('data-playing')).toBe('false');
    await page.keyboard.press('Escape');
    await walk().waitFor({ state: 'detached' });
    expect(await page.getByTestId('learn-node').count()).toBe(1);
  });

  it('steps a maximised panel aside for the canvas, and maximises it again at the end', async () => {
    const maximise = page.getByTestId('panel-maximise');
    await maximise.click();
    expect(await maximise.getAttribute('aria-pressed')).toBe('true');
    await page.getByTestId('walk-start').click();
    expect(await atStep(0)).toBe('input');
    expect(await maximise.getAttribute('aria-pressed')).toBe('false');
    expect(await page.getByTestId('node-input').isVisible()).toBe(true);
    await page.getByTestId('walk-end').click();
    expect(await maximise.getAttribute('aria-pressed')).toBe('true');
    await maximise.click();
  });

  it('in Korean', async () => {
    await page.getByTestId('walk-start').click();
    await page.getByTestId('lang-select').selectOption('ko');
    await page.getByTestId('walk-next').click();
    expect(await atStep(1)).toBe('C1');
    expect(await walk().locator('h3').first().innerText()).toBe('신경망이 이 이미지를 알아보는 과정');
    expect(await page.getByTestId('walk-counter').innerText()).toBe('단계 2 / 12');
    expect(await page.getByTestId('walk-next').innerText()).toContain('다음');
    expect(await page.getByTestId('walk-result').innerText()).toBe('28×28 특징 맵 6 개가 나옵니다.');
    expect(await page.getByTestId('walk-step').locator('.walk-step-title').innerText()).toContain('2D 합성곱');
    await page.screenshot({ path: screenshotPath('walkthrough-ko-1280.png') });
    await page.getByTestId('walk-end').click();
    await page.getByTestId('lang-select').selectOption('en');
  });

  // The template's stages are blocks (a residual block ×3, src/templates/resnet.ts): a stage is one step.
  it('walks ResNet-20 too (random weights, a drawn stroke): each stage is one step', async () => {
    await newFromTemplate(page, 'resnet20');
    await page.getByTestId('tab-learn').click();
    const pad = (await page.getByTestId('learn-draw').boundingBox())!;
    await page.mouse.move(pad.x + pad.width * 0.3, pad.y + pad.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(pad.x + pad.width * 0.6, pad.y + pad.height * 0.5, { steps: 6 });
    await page.mouse.move(pad.x + pad.width * 0.4, pad.y + pad.height * 0.8, { steps: 6 });
    await page.mouse.up();
    // The answer for this graph (random weights), not the last one for LeNet-5.
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-panel]')?.getAttribute('data-untrained') === 'true', null, { timeout: 60_000 });
    await page.waitForFunction(() => (document.querySelector('[data-testid=walk-start]') as HTMLButtonElement | null)?.disabled === false, null, { timeout: 60_000 });
    await page.getByTestId('walk-start').click();
    expect(await atStep(0)).toBe('input');
    expect(await walk().getAttribute('data-count')).toBe('10'); // 9 top-level nodes + the probabilities
    expect(await page.getByTestId('walk-untrained').count()).toBe(1);
    expect(await page.getByTestId('walk-map').count()).toBe(3); // the RGB input's channels, beside the picture
    await page.locator('[data-testid=walk-strip-step][data-node=stage2]').click();
    expect(await atStep(5)).toBe('stage2');
    expect(await page.getByTestId('walk-step').locator('.walk-step-title').innerText()).toContain('stage2');
    expect(await page.getByTestId('walk-shape').innerText()).toBe('Shape: 32×32×16 → 16×16×32');
    expect(await page.getByTestId('walk-map').count()).toBe(32);
    expect(await page.getByTestId('walk-step').innerText()).toContain('A block of several layers, shown as one step');
    await page.screenshot({ path: screenshotPath('walkthrough-resnet20-1280.png') });
    await page.getByTestId('walk-end').click();
    expect(errors).toEqual([]);
  });
});
