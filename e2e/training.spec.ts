// Training in the browser: LeNet-5 on an MNIST subset in the worker; charts move, pause/resume and stop
// work, the confusion matrix appears, and the main thread never blocks for more than 100 ms meanwhile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, collectErrors } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  errors = collectErrors(page);
  page.on('dialog', (d) => void d.accept());
  // Long tasks on the main thread, with their start times (PerformanceObserver 'longtask', > 50 ms each).
  await page.addInitScript(() => {
    const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
    w.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    // What the panel was doing at each moment, to place a long task when one shows up.
    const m = window as unknown as { __phases: [number, string][] };
    m.__phases = [];
    new MutationObserver(() => {
      const p = document.querySelector('[data-testid=train-phase]')?.textContent;
      if (p && m.__phases.at(-1)?.[1] !== p) m.__phases.push([Math.round(performance.now()), p]);
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(host.url);
  await page.getByTestId('menu-file').click();
  await page.getByTestId('menu-new').click();
  await page.getByTestId('template-lenet5').click();
  await page.getByTestId('template-chooser').waitFor({ state: 'detached' });
  await page.getByTestId('tab-training').click();
  await page.getByTestId('training-panel').waitFor();
  // Small and quick: the automatic backend (here wasm: Chromium's WebGPU and WebGL are SwiftShader, which the
  // worker passes over), 1,000 digits (800 train / 200 validation), 32 per batch.
  await page.getByTestId('ts-backend').selectOption('auto');
  await page.getByTestId('ts-batchSize').fill('32');
  await page.getByTestId('train-limit').fill('1000');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
});

const now = () => page.evaluate(() => performance.now());
const longTasksSince = (t0: number) =>
  page.evaluate((t) => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks.filter((x) => x.start >= t), t0);
const progress = async () => Number(await page.getByTestId('train-progress').getAttribute('aria-valuenow'));
const chartPixels = (kind: string) => page.getByTestId(`chart-${kind}`).locator('canvas').evaluate((c: HTMLCanvasElement) => c.toDataURL());

describe('training in the browser', () => {
  it('trains one epoch: charts move, pause holds, resume finishes, confusion matrix appears, no long task > 100 ms', async () => {
    await page.getByTestId('ts-epochs').fill('1');
    await page.getByTestId('ts-learningRate').fill('0.003');
    const lossBefore = await chartPixels('loss');
    const t0 = await now();
    await page.getByTestId('train-start').click();
    await page.getByTestId('train-backend').waitFor();
    const backend = await page.getByTestId('train-backend').textContent();
    const notice = await page.locator('.training-message.notice').allTextContents();
    console.log(`e2e training backend: ${backend}${notice.length ? ` — ${notice.join(' ')}` : ''}`);
    // No GPU here: the software renderers are skipped with their reason, and wasm (with our kernels) trains.
    expect(backend).toContain('wasm');
    expect(notice.join(' ')).toMatch(/webgl runs on a software renderer \(.*SwiftShader/i);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-progress]')?.getAttribute('aria-valuenow')) >= 10, null, { timeout: 60_000 });

    await page.getByTestId('train-pause').click();
    await page.getByTestId('train-resume').waitFor();
    // The batch in flight when Pause was pressed still lands (the worker checks between batches): wait for
    // progress to settle, then it must not move while paused.
    let held = await progress();
    for (let i = 0; i < 20; i++) {
      await page.waitForTimeout(750);
      const p = await progress();
      if (p === held) break;
      held = p;
    }
    await page.waitForTimeout(1500);
    expect(await progress()).toBe(held);
    expect(held).toBeLessThan(100);
    await page.getByTestId('train-resume').click();

    await page.getByTestId('confusion-matrix').waitFor({ timeout: 120_000 });
    await page.waitForTimeout(700); // charts redraw at most every 500 ms
    expect(await chartPixels('loss')).not.toBe(lossBefore);
    const acc = await page.getByTestId('val-accuracy').textContent();
    expect(Number(/([\d.]+)%/.exec(acc!)![1])).toBeGreaterThan(50); // one epoch on 800 digits
    // 200 validation samples, every one counted once in the matrix.
    const cells = await page.getByTestId('confusion-matrix').locator('tbody td').allTextContents();
    expect(cells.reduce((a, c) => a + (Number(c) || 0), 0)).toBe(200);
    expect(await page.getByTestId('validation-grid').locator('figure').count()).toBeGreaterThan(10);

    // While training (start click → "Done"): the worker does the work; the page only draws progress.
    const phases = await page.evaluate(() => (window as unknown as { __phases: [number, string][] }).__phases);
    const doneAt = phases.filter(([, p]) => p === 'Done').at(-1)![0];
    const long = (await longTasksSince(t0)).filter((t) => t.start + t.duration < doneAt - 1);
    expect(long.filter((t) => t.duration > 100), `t0 ${Math.round(t0)}, phases ${JSON.stringify(phases)}`).toEqual([]);
    // Screenshot with the bottom area tall enough to show the whole panel (charts, matrix, table, grid).
    await page.getByTestId('try-canvas').waitFor();
    await page.addStyleTag({ content: '.app-bottom { height: 760px !important; }' });
    await page.waitForTimeout(300);
    await page.screenshot({ path: screenshotPath('screenshot-training.png') }); // `npm run screenshots` → docs/
  });

  it('draws a digit and shows class probabilities from the trained model', async () => {
    await page.getByTestId('try-canvas').scrollIntoViewIfNeeded();
    const box = (await page.getByTestId('try-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.8, { steps: 10 });
    await page.mouse.up();
    await page.getByTestId('try-probs').waitFor({ timeout: 20_000 });
    const rows = await page.getByTestId('try-probs').locator('span').allTextContents();
    const percents = rows.filter((r) => r.endsWith('%')).map((r) => Number(r.slice(0, -1)));
    expect(percents).toHaveLength(10);
    expect(percents.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
  });

  it('stops mid-epoch, keeping results, and can start again', async () => {
    await page.getByTestId('ts-epochs').fill('3');
    await page.getByTestId('train-start').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-progress]')?.getAttribute('aria-valuenow')) < 5);
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=train-progress]')?.getAttribute('aria-valuenow')) >= 5, null, { timeout: 60_000 });
    await page.getByTestId('train-stop').click();
    await page.getByTestId('train-start').waitFor({ timeout: 60_000 });
    expect(await progress()).toBeLessThan(100);
    await page.getByTestId('confusion-matrix').waitFor();
    expect(errors).toEqual([]);
  });
});
