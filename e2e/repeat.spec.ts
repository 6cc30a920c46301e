// Repeat ×N in the browser (issue #16): LeNet-5's C3 → ReLU repeated ×2 with Ctrl+Alt+R; the instance reads
// "conv ×2" and its inspector lists both repeats (14 → 10 → 6: the second conv reads 16 channels, so it has
// more parameters). The definition's C3 padding set to same keeps 14×14 through both; 8 filters on repeat 2
// only change that repeat's shape and the instance's output and count, on the canvas and in the table; the
// change is cleared, ×1 set, and a ×2 instance unpacked into both repeats' layers; with two definitions the
// inspector switches an instance between them. Screenshots at 1280×800 of ×3 with an override (en, ko).
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

const byTestId = (id: string) => page.getByTestId(id);
const text = (id: string) => byTestId(id).innerText();
const poll = <T>(f: () => Promise<T>) => expect.poll(f, { timeout: 15_000 });
/** A conv's weights and biases: k·k·in·out + out. */
const conv = (k: number, cin: number, cout: number) => k * k * cin * cout + cout;
const grouped = (n: number) => n.toLocaleString('en-US');
/** The per-repeat table as [in → out, parameters] rows. */
const table = async () => {
  const rows = await byTestId('repeat-table').locator('tbody.repeat-row').count();
  const out: string[][] = [];
  for (let k = 1; k <= rows; k++) out.push([await text(`repeat-shapes-${k}`), await text(`repeat-params-${k}`)]);
  return out;
};
const commit = async (scope: string, field: string, value: string) => {
  const input = byTestId(scope).getByTestId(field);
  await input.fill(value);
  await input.press('Enter');
};

describe('Repeat ×N', () => {
  it('repeats C3 → ReLU ×2 from the shortcut: the face reads "conv ×2", the table lists both repeats', async () => {
    await byTestId('node-C3').click();
    await byTestId('node-activation2').click({ modifiers: ['Shift'] });
    await page.keyboard.press('Control+Alt+r');
    const dialog = byTestId('make-block-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-mode')).toBe('repeat');
    expect(await byTestId('make-block-times').inputValue()).toBe('2');
    await byTestId('make-block-name').fill('conv');
    await byTestId('make-block-name').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    await byTestId('node-block_1').waitFor();
    expect(await byTestId('node-C3').count()).toBe(0);
    expect(await byTestId('node-block_1').locator('.layer-node-type').innerText()).toBe('conv');
    expect(await byTestId('node-block_1').locator('.layer-node-name').count()).toBe(0); // "conv_1" would repeat it
    expect(await text('node-repeat-block_1')).toBe('×2');
    expect(await byTestId('node-block_1').locator('.layer-node-summary').innerText()).toBe('2 layers each');
    // 14×14×6 → 10×10×16 → 6×6×16.
    await poll(() => text('node-shape-block_1')).toBe('6×6×16');
    await poll(table).toEqual([
      ['14×14×6 → 10×10×16', grouped(conv(5, 6, 16))],
      ['10×10×16 → 6×6×16', grouped(conv(5, 16, 16))],
    ]);
    expect(await text('repeat-total-shapes')).toBe('14×14×6 → 6×6×16');
    expect(await text('repeat-total-params')).toBe(grouped(conv(5, 6, 16) + conv(5, 16, 16)));
    // The block's own fields replace the generic ones (no raw "overrides" field).
    expect(await byTestId('param-overrides-field').count()).toBe(0);
    expect(await byTestId('param-block-field').count()).toBe(0);
  });

  it('the definition\'s C3 with padding same keeps 14×14 through both repeats', async () => {
    await byTestId('block-inner-C3').locator('summary').click();
    await byTestId('block-inner-C3').getByTestId('param-padding-mode').selectOption('same');
    await poll(table).toEqual([
      ['14×14×6 → 14×14×16', grouped(conv(5, 6, 16))],
      ['14×14×16 → 14×14×16', grouped(conv(5, 16, 16))],
    ]);
    await poll(() => text('node-shape-block_1')).toBe('14×14×16');
    await poll(() => text('node-shape-S4')).toBe('7×7×16');
  });

  it('8 filters on repeat 2 only: that repeat, the instance\'s output and its count change', async () => {
    await byTestId('repeat-row-2').click();
    const editor = byTestId('repeat-editor');
    expect(await editor.getAttribute('data-repeat')).toBe('2');
    expect(await editor.getAttribute('data-layer')).toBe('C3');
    // Prefilled with what repeat 2 runs: the definition's 16.
    expect(await editor.getByTestId('param-filters').inputValue()).toBe('16');
    await commit('repeat-editor', 'param-filters', '8');
    await poll(table).toEqual([
      ['14×14×6 → 14×14×16', grouped(conv(5, 6, 16))],
      ['14×14×16 → 14×14×8', grouped(conv(5, 16, 8))],
    ]);
    expect(await byTestId('repeat-changes-2').innerText()).toContain('C3: Filters (K) = 8');
    expect(await byTestId('repeat-changes-1').count()).toBe(0);
    expect(await editor.getByTestId('repeat-field-filters').getAttribute('data-overridden')).toBe('true');
    expect(await text('repeat-field-filters-changed')).toBe('changed · definition: 16');
    await poll(() => text('node-shape-block_1')).toBe('14×14×8');
    await poll(() => text('node-shape-S4')).toBe('7×7×8');
    const total = conv(5, 6, 16) + conv(5, 16, 8);
    expect(await text('repeat-total-params')).toBe(grouped(total));
    expect(await byTestId('node-block_1').locator('.layer-node-params').innerText()).toBe('5.62K params');
    // Repeat 1 still runs the definition's 16 filters, unmarked.
    await byTestId('repeat-editor-repeat').selectOption('0');
    expect(await editor.getByTestId('param-filters').inputValue()).toBe('16');
    expect(await editor.getByTestId('repeat-field-filters').getAttribute('data-overridden')).toBe('false');
  });

  it('×3 with the override: screenshots in English and Korean', async () => {
    await commit('repeat-section', 'param-repeat', '3');
    expect(await text('node-repeat-block_1')).toBe('×3');
    await poll(table).toEqual([
      ['14×14×6 → 14×14×16', grouped(conv(5, 6, 16))],
      ['14×14×16 → 14×14×8', grouped(conv(5, 16, 8))],
      ['14×14×8 → 14×14×16', grouped(conv(5, 8, 16))],
    ]);
    await byTestId('repeat-row-2').click();
    await poll(() => byTestId('repeat-editor').getAttribute('data-repeat')).toBe('2');
    expect(await byTestId('repeat-row-2').getAttribute('class')).toContain('picked');
    // The notices and the bottom panel out of the way: the inspector's whole height for the table and editor.
    const closeButtons = page.locator('.notice button:has-text("×")');
    while ((await closeButtons.count()) > 0) await closeButtons.first().click();
    await byTestId('panel-toggle').click();
    const shoot = async (name: string) => {
      await byTestId('block-instance').evaluate((el) => el.scrollIntoView({ block: 'start' }));
      await page.screenshot({ path: screenshotPath(name) });
    };
    await shoot('repeat-inspector-1280.png');
    await page.getByTestId('lang-select').selectOption('ko');
    await poll(() => byTestId('repeat-section').locator('h4').innerText()).toBe('반복별');
    await shoot('repeat-inspector-ko-1280.png');
    await page.getByTestId('lang-select').selectOption('en');
    await byTestId('panel-toggle').click();
  });

  it('clears the override; ×1 leaves one run and no ×N on the face', async () => {
    await byTestId('repeat-clear-2-C3-filters').click();
    await poll(() => byTestId('repeat-change').count()).toBe(0);
    expect((await table())[1]).toEqual(['14×14×16 → 14×14×16', grouped(conv(5, 16, 16))]);
    await poll(() => text('node-shape-S4')).toBe('7×7×16');
    await commit('repeat-section', 'param-repeat', '1');
    await byTestId('node-repeat-block_1').waitFor({ state: 'detached' });
    expect(await byTestId('repeat-table').count()).toBe(0);
    expect(await byTestId('node-block_1').locator('.layer-node-summary').innerText()).toBe('2 layers');
    await poll(() => text('node-shape-block_1')).toBe('14×14×16');
  });

  it('Edit → Repeat ×N… on the instance asks only the count; unpacking ×2 gives both repeats\' layers', async () => {
    await byTestId('node-block_1').click();
    await menu(page, 'edit', 'repeatBlock');
    const dialog = byTestId('make-block-dialog');
    await dialog.waitFor();
    expect(await dialog.getAttribute('data-mode')).toBe('instance');
    expect(await byTestId('make-block-name').count()).toBe(0);
    await byTestId('make-block-times').press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(await text('node-repeat-block_1')).toBe('×2');
    await byTestId('block-unpack').click();
    await byTestId('node-block_1').waitFor({ state: 'detached' });
    for (const id of ['conv2d_1', 'conv2d_2']) await poll(() => text(`node-shape-${id}`)).toBe('14×14×16');
    expect(await byTestId('node-activation_1').count()).toBe(1);
    expect(await byTestId('node-activation_2').count()).toBe(1);
    await poll(() => text('node-shape-S4')).toBe('7×7×16');
  });

  it('with two definitions, the inspector picks which one an instance is', async () => {
    // The unpacked repeats sit side by side over the nodes after them: Auto layout lays the rows out again.
    await page.screenshot({ path: screenshotPath('repeat-unpacked-1280.png') });
    await menu(page, 'edit', 'autoLayout');
    await page.waitForTimeout(500);
    await byTestId('node-S4').click();
    await page.keyboard.press('Control+Alt+k');
    await byTestId('make-block-name').fill('pool');
    await byTestId('make-block-name').press('Enter');
    await byTestId('node-S4').waitFor({ state: 'detached' });
    await poll(() => text('node-shape-block_1')).toBe('7×7×16');
    const picker = byTestId('block-definition-picker');
    expect(await picker.locator('option').allInnerTexts()).toEqual(['conv', 'pool']);
    // The unused "conv" (C3 → ReLU, padding same) in the pool's place: 14×14×16 stays 14×14×16.
    await picker.selectOption('conv');
    await poll(() => byTestId('node-block_1').locator('.layer-node-type').innerText()).toBe('conv');
    await poll(() => text('node-shape-block_1')).toBe('14×14×16');
    await picker.selectOption('pool');
    await poll(() => text('node-shape-block_1')).toBe('7×7×16');
    expect(errors).toEqual([]);
  });
});
