// The workbench in a real Chromium at 1280×800 against the real web host: generous default sizes, a
// dragged separator that grows the bottom panel (and the training chart), maximise and restore, collapse and
// expand by button, shortcut and tab click, the layout remembered across reloads (bad stored values
// ignored), and Korean drawn with real glyphs from the bundled Noto Sans KR.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, collectErrors } from './helpers/browser';

const VIEW = { width: 1280, height: 800 };
const MENU_PX = 40;
const STATUS_PX = 28;
const TAB_BAR_PX = 34;

let host: E2EHost;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let errors: string[];

const byTestId = (id: string) => page.getByTestId(id);
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}
async function box(selector: string): Promise<Box> {
  const b = await page.locator(selector).first().boundingBox();
  if (!b) throw new Error(`${selector} is not visible`);
  return b;
}
const height = async (selector: string) => Math.round((await box(selector)).height);
const width = async (selector: string) => Math.round((await box(selector)).width);

/** Which part of the window is drawn at a point: the bottom panel, the canvas, or something else. */
const partAt = (x: number, y: number) =>
  page.evaluate(([px, py]) => {
    const el = document.elementFromPoint(px, py);
    if (el?.closest('[data-testid=bottom-panel]')) return 'bottom';
    if (el?.closest('.react-flow')) return 'canvas';
    return el?.tagName ?? 'nothing';
  }, [x, y] as const);

/** Drags a separator by (dx, dy) with the mouse, as a person would. */
async function dragSeparator(id: string, dx: number, dy: number) {
  const b = await box(`#${id}`);
  const x = b.x + b.width / 2;
  const y = b.y + b.height / 2;
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + dx, y + dy, { steps: 12 });
  await page.mouse.up();
}

async function openEditor() {
  await page.goto(host.url);
  await page.locator('.react-flow__node').first().waitFor();
}

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: VIEW });
  page = await context.newPage();
  errors = collectErrors(page);
  page.on('dialog', (d) => void d.accept());
  await openEditor();
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('workbench layout at 1280×800', () => {
  it('opens with a generous bottom panel, the canvas usable, menu on top, status at the bottom, no page scroll', async () => {
    const workbench = await box('[data-testid=workbench]');
    expect(Math.round(workbench.y)).toBe(MENU_PX);
    expect(Math.round(workbench.height)).toBe(VIEW.height - MENU_PX - STATUS_PX);
    const bottom = await height('[data-testid=bottom-panel]');
    expect(bottom / workbench.height).toBeGreaterThanOrEqual(0.4);
    expect(bottom / workbench.height).toBeLessThanOrEqual(0.46);
    const canvas = await box('.centre');
    expect(canvas.height).toBeGreaterThan(380);
    expect(canvas.width).toBeGreaterThan(700);
    const status = await box('.statusbar');
    expect(Math.round(status.y + status.height)).toBe(VIEW.height);
    const scroll = await page.evaluate(() => ({ h: document.scrollingElement!.scrollHeight, w: document.scrollingElement!.scrollWidth }));
    expect(scroll).toEqual({ h: VIEW.height, w: VIEW.width });
    console.log(`default: bottom panel ${bottom} px of ${workbench.height} (${((bottom / workbench.height) * 100).toFixed(1)} %), canvas ${Math.round(canvas.width)}×${Math.round(canvas.height)}`);
    await page.screenshot({ path: screenshotPath('workbench-editor.png') });
  });

  it('grows the panel body and the training chart when the separator is dragged up', async () => {
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    const chartCanvas = '[data-testid=chart-loss] canvas';
    await page.locator(chartCanvas).first().waitFor();
    const before = { body: await height('[data-testid=panel-body]'), chart: await height(chartCanvas), canvas: await height('.centre') };
    await dragSeparator('separator-bottom', 0, -200);
    await poll(() => height('[data-testid=panel-body]')).toBeGreaterThanOrEqual(before.body + 190);
    const after = { body: await height('[data-testid=panel-body]'), chart: await height(chartCanvas), canvas: await height('.centre') };
    expect(after.canvas).toBeLessThanOrEqual(before.canvas - 190);
    expect(after.chart).toBeGreaterThan(before.chart); // uPlot follows its container (training/LiveCharts.tsx)
    console.log(`drag 200 px up: body ${before.body} → ${after.body} px, loss chart canvas ${before.chart} → ${after.chart} px, canvas ${before.canvas} → ${after.canvas} px`);
  });

  it('remembers the sizes and the active tab after a reload', async () => {
    const bottom = await height('[data-testid=bottom-panel]');
    const palette = await width('#workbench-palette');
    await page.waitForTimeout(300); // the store writes 150 ms after the last change
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    expect(Math.abs((await height('[data-testid=bottom-panel]')) - bottom)).toBeLessThanOrEqual(2);
    expect(Math.abs((await width('#workbench-palette')) - palette)).toBeLessThanOrEqual(2);
    expect(await byTestId('tab-training').getAttribute('aria-selected')).toBe('true');
  });

  it('maximises the training panel over canvas, palette and inspector, and restores it', async () => {
    await byTestId('tab-training').click();
    await byTestId('panel-maximise').click();
    const max = await box('[data-testid=bottom-panel]');
    expect(Math.round(max.y)).toBe(MENU_PX);
    expect(Math.round(max.height)).toBe(VIEW.height - MENU_PX - STATUS_PX);
    expect(Math.round(max.width)).toBe(VIEW.width);
    for (const [x, y] of [[100, 200], [640, 200], [1180, 200]]) expect(await partAt(x, y)).toBe('bottom');
    expect(await byTestId('palette-Conv2D').isVisible()).toBe(true); // still laid out beneath, not remounted…
    expect(await page.locator('#workbench-editor').getAttribute('inert')).not.toBeNull(); // …but out of reach
    await page.locator('.menubar').waitFor(); // menu bar and status bar stay
    expect(await partAt(640, VIEW.height - 10)).not.toBe('bottom');
    await page.screenshot({ path: screenshotPath('workbench-training-maximised.png') });

    // Remembered across a reload too.
    await page.waitForTimeout(300);
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor({ state: 'attached' });
    await poll(() => partAt(640, 200)).toBe('bottom');

    // A double click on the tab bar's empty part restores, as in VS Code.
    const bar = await box('[data-testid=bottom-tab-bar]');
    await page.mouse.dblclick(bar.x + bar.width * 0.6, bar.y + bar.height / 2);
    await poll(() => partAt(640, 200)).toBe('canvas');
    expect(await byTestId('panel-maximise').getAttribute('aria-pressed')).toBe('false');
    expect(await page.locator('#workbench-editor').getAttribute('inert')).toBeNull();
  });

  it('collapses and opens the bottom panel by shortcut, button and tab click', async () => {
    const open = await height('[data-testid=bottom-panel]');
    const canvasOpen = await height('.centre');
    await page.locator('.react-flow__pane').click({ position: { x: 20, y: 20 } });
    await page.keyboard.press('Control+j');
    await poll(() => height('[data-testid=bottom-panel]')).toBe(TAB_BAR_PX);
    expect(await byTestId('panel-body').isVisible()).toBe(false);
    expect(await height('.centre')).toBeGreaterThan(canvasOpen + open - TAB_BAR_PX - 5);
    await byTestId('tab-dataset').click(); // a tab click opens it, at its size before
    await poll(() => height('[data-testid=bottom-panel]')).toBe(open);
    expect(await byTestId('tab-dataset').getAttribute('aria-selected')).toBe('true');
    await byTestId('panel-toggle').click();
    await poll(() => height('[data-testid=bottom-panel]')).toBe(TAB_BAR_PX);
    await page.keyboard.press('Control+j');
    await poll(() => height('[data-testid=bottom-panel]')).toBe(open);
    // Dragged far enough down, it collapses like VS Code's.
    await dragSeparator('separator-bottom', 0, open);
    await poll(() => height('[data-testid=bottom-panel]')).toBe(TAB_BAR_PX);
    await byTestId('panel-toggle').click();
    await poll(() => height('[data-testid=bottom-panel]')).toBe(open);
  });

  it('collapses the palette and the inspector to rails and opens them again', async () => {
    const palette = await width('#workbench-palette');
    const inspector = await width('#workbench-inspector');
    const canvas = await width('.centre');
    await page.keyboard.press('Control+b');
    await byTestId('show-palette').waitFor();
    expect(await byTestId('palette-Conv2D').count()).toBe(0);
    await poll(() => width('#workbench-palette')).toBe(30);
    await byTestId('hide-inspector').click();
    await byTestId('show-inspector').waitFor();
    await poll(() => width('.centre')).toBeGreaterThan(canvas + palette + inspector - 2 * 30 - 5);
    await page.screenshot({ path: screenshotPath('workbench-rails.png') });
    await byTestId('show-palette').click();
    await poll(() => width('#workbench-palette')).toBe(palette);
    await page.keyboard.press('Control+Alt+b');
    await poll(() => width('#workbench-inspector')).toBe(inspector);
    // The separators take the keyboard: focused, the arrow keys resize.
    await page.locator('#separator-palette').focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
    await poll(() => width('#workbench-palette')).toBeGreaterThan(palette + 10);
  });

  it('ignores a bad stored layout and opens with the defaults', async () => {
    await page.waitForTimeout(300); // no write of the last change still pending (it would win on reload)
    await page.evaluate(() => localStorage.setItem('cnn-studio-workbench', '{"bottomPercent":"tall","paletteWidth":-5,"bottomCollapsed":"no"'));
    await page.reload();
    await page.locator('.react-flow__node').first().waitFor();
    const workbench = await box('[data-testid=workbench]');
    const bottom = await height('[data-testid=bottom-panel]');
    expect(bottom / workbench.height).toBeGreaterThanOrEqual(0.4);
    expect(await width('#workbench-palette')).toBe(210);
    expect(errors).toEqual([]);
  });
});

describe('Korean with the bundled font', () => {
  it('draws Hangul with Noto Sans KR glyphs, loaded from the app itself', async () => {
    await byTestId('lang-select').selectOption('ko');
    await poll(async () => (await byTestId('tab-training').textContent())?.trim()).toBe('학습');
    await byTestId('tab-training').click();

    // The face for Hangul is declared and loads (no @font-face for it without the bundle: an empty list).
    const faces = await page.evaluate(async () => {
      const loaded = await document.fonts.load('16px "Noto Sans KR"', '학습');
      return loaded.map((f) => ({ family: f.family.replace(/"/g, ''), status: f.status }));
    });
    expect(faces.length).toBeGreaterThan(0);
    expect(faces.every((f) => f.family === 'Noto Sans KR' && f.status === 'loaded')).toBe(true);

    // The text on screen is drawn with it: Chromium reports the platform font of the tab's Hangul.
    // Every weight in use, the tab (400) and the bold title (700), is drawn with it, also after a reload in
    // Korean (text laid out while its subset downloads would keep boxes: main.tsx loads the faces first).
    const cdp = await context.newCDPSession(page);
    const fontsOf = async (selector: string) => {
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      return (await cdp.send('CSS.getPlatformFontsForNode', { nodeId })).fonts;
    };
    // (The subset files name their family "Noto Sans KR Thin": they are cut from the variable font.)
    const drawnWithNoto = async (selector: string) => (await fontsOf(selector)).some((f) => f.familyName.startsWith('Noto Sans KR') && f.isCustomFont && f.glyphCount >= 2);
    for (const reload of [false, true]) {
      if (reload) {
        await page.reload();
        await page.locator('.react-flow__node').first().waitFor();
      }
      for (const selector of ['[data-testid=tab-training]', '[data-testid=menu-file]', '.brand']) {
        await poll(() => drawnWithNoto(selector)).toBe(true);
        console.log(`${reload ? 'after reload: ' : ''}${selector} drawn with ${JSON.stringify((await fontsOf(selector)).map((f) => `${f.postScriptName}: ${f.glyphCount}`))}`);
      }
    }

    // Real glyphs, not boxes: Hangul in the bundled font is wider than, and drawn unlike, a missing glyph.
    const measured = await page.evaluate(() => {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 64;
      const ctx = canvas.getContext('2d')!;
      const widthOf = (font: string, s: string) => ((ctx.font = font), ctx.measureText(s).width);
      const pixelsOf = (s: string) => {
        ctx.clearRect(0, 0, 64, 64);
        ctx.font = '40px "Noto Sans KR"';
        ctx.fillText(s, 4, 48);
        return Array.from(ctx.getImageData(0, 0, 64, 64).data.filter((_, i) => i % 4 === 3));
      };
      const a = pixelsOf('학');
      const box = pixelsOf('\uFFFE');
      return {
        hangul: widthOf('32px "Noto Sans KR"', '학습'),
        box: widthOf('32px "Noto Sans KR"', '\uFFFE\uFFFE'),
        differingPixels: a.filter((v, i) => Math.abs(v - box[i]) > 64).length,
      };
    });
    console.log(`measureText at 32 px: "학습" ${measured.hangul.toFixed(1)} px, missing-glyph boxes ${measured.box.toFixed(1)} px; ${measured.differingPixels} pixels differ between 학 and a box`);
    expect(Math.abs(measured.hangul - measured.box)).toBeGreaterThan(4);
    expect(measured.differingPixels).toBeGreaterThan(50);

    // The font files come from the app's own origin (the CSP allows no other), only the subsets in use.
    const files = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((n) => /noto-sans-kr.*\.woff2$/.test(n)),
    );
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.startsWith(host.origin))).toBe(true);
    console.log(`Noto Sans KR subsets loaded for this page: ${files.length} woff2 files`);
    await page.screenshot({ path: screenshotPath('workbench-korean.png') });
    expect(errors).toEqual([]);
  });
});
