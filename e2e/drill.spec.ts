// Confusion-matrix drill-down in the browser (issue #15, item 7): LeNet-5 trained briefly; clicking a cell
// lists exactly the images it counts (each of that true and predicted class), 60 at a time; clicking one
// opens it in the Learn tab, whose prediction is the cell's and whose Grad-CAM is drawn; Korean texts.
// Screenshots at 1280×800 of the list and of the opened Learn view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, newFromTemplate, openApp, setPanelMaximised, WORKBENCH_VIEWPORT } from './helpers/browser';

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

async function field(testId: string, value: string): Promise<void> {
  await page.getByTestId(testId).fill(value);
  await page.getByTestId(testId).press('Enter');
}

/** The matrix as the page shows it: count per (true, predicted), from the cells' buttons. */
async function matrixCells(): Promise<{ t: number; p: number; n: number }[]> {
  return page.locator('[data-testid^=confusion-cell-]').evaluateAll((bs) =>
    bs.map((b) => {
      const [, t, p] = /confusion-cell-(\d+)-(\d+)/.exec(b.getAttribute('data-testid')!)!;
      return { t: Number(t), p: Number(p), n: Number(b.textContent) };
    }),
  );
}

/** The listed thumbnails' dataset index, true and predicted class. */
const listed = () =>
  page.getByTestId('drill-sample').evaluateAll((bs) => bs.map((b) => ({ index: Number(b.getAttribute('data-index')), label: Number(b.getAttribute('data-label')), predicted: Number(b.getAttribute('data-predicted')) })));

let mistake: { t: number; p: number; n: number };

/** The bottom panel maximised (the whole window) or back at its default height. */
describe('confusion-matrix drill-down', () => {
  it('trains LeNet-5 briefly (3,200 training / 800 validation digits)', async () => {
    await page.getByTestId('tab-training').click();
    await page.getByTestId('training-panel').waitFor();
    await page.getByTestId('ts-backend').selectOption('auto');
    await page.getByTestId('ts-optimizer').selectOption('adam');
    await field('ts-batchSize', '32');
    await field('ts-learningRate', '0.003');
    await field('ts-epochs', '1');
    await field('train-limit', '4000');
    await page.getByTestId('train-start').click();
    await page.getByTestId('confusion-matrix').waitFor({ timeout: 180_000 });
    const cells = await matrixCells();
    expect(cells.reduce((a, c) => a + c.n, 0)).toBe(800);
    // The biggest mistake (off the diagonal), else the biggest cell.
    const off = cells.filter((c) => c.t !== c.p).sort((a, b) => b.n - a.n);
    mistake = off[0] ?? cells.sort((a, b) => b.n - a.n)[0];
    console.log(`e2e drill: ${off.length} non-empty off-diagonal cells; listing true ${mistake.t} → predicted ${mistake.p} (${mistake.n})`);
  });

  it("a cell's button lists exactly the images it counts, each of its true and predicted class", async () => {
    const button = page.getByTestId(`confusion-cell-${mistake.t}-${mistake.p}`);
    expect(await button.getAttribute('aria-label')).toBe(`${mistake.n} image${mistake.n === 1 ? '' : 's'} of true ${mistake.t} predicted ${mistake.p}, show ${mistake.n === 1 ? 'it' : 'them'}`);
    // Keyboard: focus and Enter.
    await button.focus();
    await page.keyboard.press('Enter');
    await page.getByTestId('confusion-drill').waitFor();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=drill-sample]').length === n, Math.min(60, mistake.n), { timeout: 30_000 });
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    expect(await button.evaluate((b) => b.closest('td')!.classList.contains('chosen'))).toBe(true);
    expect(await page.getByTestId('drill-title').innerText()).toBe(`True ${mistake.t} → predicted ${mistake.p}: ${mistake.n} image${mistake.n === 1 ? '' : 's'}`);
    const items = await listed();
    expect(items).toHaveLength(Math.min(60, mistake.n));
    expect(new Set(items.map((s) => s.index)).size).toBe(items.length);
    for (const s of items) expect([s.label, s.predicted]).toEqual([mistake.t, mistake.p]);
    // Most confident first.
    const conf = await page.getByTestId('drill-sample').evaluateAll((bs) => bs.map((b) => Number(/\((\d+)%\)/.exec(b.getAttribute('title')!)![1])));
    expect([...conf].sort((a, b) => b - a)).toEqual(conf);
    // The list scrolled itself into view in the results column.
    const column = (await page.locator('.training-results').boundingBox())!;
    const head = (await page.getByTestId('drill-title').boundingBox())!;
    expect(head.y).toBeGreaterThanOrEqual(column.y - 1);
    expect(head.y + head.height).toBeLessThanOrEqual(column.y + column.height + 1);
    await page.screenshot({ path: screenshotPath('drill-list-1280.png') });
    await setPanelMaximised(page, true);
    await page.getByTestId('confusion-matrix').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('drill-matrix-1280.png') });
    await setPanelMaximised(page, false);
  });

  it('a click opens the image in Learn: the prediction is the cell’s, and Grad-CAM is drawn', async () => {
    const first = page.getByTestId('drill-sample').first();
    const firstIndex = await first.getAttribute('data-index');
    await first.click();
    await page.getByTestId('learn-panel').waitFor();
    expect(await page.getByTestId('tab-learn').getAttribute('aria-selected')).toBe('true');
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-panel]')?.getAttribute('data-busy') === 'false' && !!document.querySelector('[data-testid=learn-prediction]'), null, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-cam]')?.getAttribute('data-drawn') === 'true', null, { timeout: 60_000 });
    expect(Number(await page.getByTestId('learn-prediction').getAttribute('data-predicted'))).toBe(mistake.p);
    expect(await page.getByTestId('learn-source').innerText()).toBe(`From the confusion matrix: validation sample #${firstIndex}, true class ${mistake.t}`);
    expect(await page.getByTestId('learn-untrained').count()).toBe(0);
    // Not one of the chooser's strip: no thumbnail there is marked as the shown image.
    expect(await page.locator('[data-testid^=learn-sample-][aria-pressed=true]').count()).toBe(0);
    await page.getByTestId('node-C3').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-panel]')?.getAttribute('data-busy') === 'false' && !!document.querySelector('[data-testid=learn-layer][data-node="C3"]'), null, {
      timeout: 60_000,
    });
    await page.waitForTimeout(200);
    await page.screenshot({ path: screenshotPath('drill-learn-1280.png') });
  });

  it('a cell of more than 60 images pages with “show more” up to its count', async () => {
    await page.getByTestId('tab-training').click();
    // Back on the Training tab the chosen cell is still listed, and the sample limit is the one set before.
    await page.getByTestId('confusion-drill').waitFor();
    expect(await page.getByTestId('train-limit').inputValue()).toBe('4000');
    const big = (await matrixCells()).filter((c) => c.t === c.p).sort((a, b) => b.n - a.n)[0];
    expect(big.n).toBeGreaterThan(60);
    await page.getByTestId(`confusion-cell-${big.t}-${big.p}`).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=drill-sample]').length === 60 && !!document.querySelector('[data-testid=drill-more]'), null, { timeout: 30_000 });
    expect(await page.getByTestId('drill-more').innerText()).toBe(`Show more (${big.n - 60} left)`);
    while (await page.getByTestId('drill-more').count()) {
      const before = (await listed()).length;
      await page.getByTestId('drill-more').click();
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid=drill-sample]').length > n, before, { timeout: 30_000 });
      await page.waitForFunction(() => !document.querySelector('.confusion-drill p.muted:not(.confusion-drill-hint)'), null, { timeout: 30_000 });
    }
    const items = await listed();
    expect(items).toHaveLength(big.n);
    expect(new Set(items.map((s) => s.index)).size).toBe(big.n);
    for (const s of items) expect([s.label, s.predicted]).toEqual([big.t, big.p]);
  });

  it('in Korean, and Close (or the chosen cell again) closes the list', async () => {
    await page.getByTestId(`confusion-cell-${mistake.t}-${mistake.p}`).click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=drill-sample]').length === n, Math.min(60, mistake.n), { timeout: 30_000 });
    await page.getByTestId('lang-select').selectOption('ko');
    expect(await page.getByTestId('drill-title').innerText()).toBe(`실제 ${mistake.t} → 예측 ${mistake.p}: ${mistake.n}장`);
    expect(await page.getByTestId(`confusion-cell-${mistake.t}-${mistake.p}`).getAttribute('aria-label')).toBe(`실제 ${mistake.t}, 예측 ${mistake.p}인 이미지 ${mistake.n}장 보기`);
    expect(await page.getByTestId('drill-sample').first().getAttribute('title')).toMatch(/^실제 \d, 예측 \d \(\d+%\) — 들여다보기에서 열기$/);
    await page.getByTestId('confusion-drill').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('drill-list-ko-1280.png') });
    await page.getByTestId('drill-close').click();
    expect(await page.getByTestId('confusion-drill').count()).toBe(0);
    await page.getByTestId(`confusion-cell-${mistake.t}-${mistake.p}`).click();
    await page.getByTestId('confusion-drill').waitFor();
    await page.getByTestId(`confusion-cell-${mistake.t}-${mistake.p}`).click();
    expect(await page.getByTestId('confusion-drill').count()).toBe(0);
    await page.getByTestId('lang-select').selectOption('en');
    expect(errors).toEqual([]);
  });

  it('one drawing pad in both places: a stroke predicts in Try an image and in Learn; a dropped non-image is refused in words', async () => {
    const stroke = async (testId: string) => {
      const pad = page.getByTestId(testId);
      await pad.scrollIntoViewIfNeeded();
      const box = (await pad.boundingBox())!;
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 10 });
      await page.mouse.up();
    };
    await stroke('try-canvas');
    await page.getByTestId('try-probs').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: screenshotPath('drill-try-pad-1280.png') });

    await page.getByTestId('tab-learn').click();
    await stroke('learn-draw');
    // Drawn: no longer the drilled sample.
    await page.getByTestId('learn-source').waitFor({ state: 'detached', timeout: 20_000 });
    await page.waitForFunction(() => document.querySelector('[data-testid=learn-panel]')?.getAttribute('data-busy') === 'false', null, { timeout: 60_000 });
    await page.getByTestId('learn-draw').evaluate((el) => {
      const dt = new DataTransfer();
      dt.items.add(new File(['not a picture'], 'notes.txt', { type: 'text/plain' }));
      el.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
    });
    await page.getByText(/notes\.txt/).waitFor();
    await page.getByTestId('learn-draw-clear').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('drill-learn-pad-1280.png') });
    expect(errors).toEqual([]);
  });
});
