// Undo and redo of every block operation in the browser (issue #16): make block, add an instance from My
// blocks, edit a definition's param, rename a definition, Repeat ×N, a per-repeat change, unpack and delete
// an unused definition — each one undo step, taken back and forth with Ctrl+Z / Ctrl+Shift+Z or the Edit
// menu, and checked on what the user sees: the canvas's nodes and shapes (the palette for a definition).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
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
const poll = <T>(f: () => Promise<T>) => expect.poll(f, { timeout: 15_000 });

/** What the canvas shows: each node's id, title (with ×N) and output shape, "!" when it has an error; sorted. */
const canvas = () =>
  page.locator('.react-flow__node .layer-node').evaluateAll((els) =>
    els
      .map((e) => {
        const id = e.getAttribute('data-testid')!.replace(/^node-/, '');
        const repeat = e.querySelector('.layer-node-repeat')?.textContent ?? '';
        const error = e.classList.contains('has-error') ? '!' : '';
        return `${id}:${e.querySelector('.layer-node-type')?.textContent}${repeat}:${e.querySelector('.layer-node-shape')?.textContent}${error}`;
      })
      .sort(),
  );

/** Ctrl+Z / Ctrl+Shift+Z with the focus off any field (there the keys undo the field's text). */
async function key(which: 'undo' | 'redo') {
  await page.locator('.react-flow__pane').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press(which === 'undo' ? 'Control+z' : 'Control+Shift+z');
}
const viaMenu = (which: 'undo' | 'redo') => menu(page, 'edit', which);

/**
 * Runs `op` and waits until the view shows `want` (the analysis of the new graph has arrived), then undo and
 * redo (by keys or the menu): the view is `before` after one undo and `after` after the redo — one
 * operation, one undo step.
 */
async function oneStep(op: () => Promise<void>, want: string[], by: typeof key = key, view: () => Promise<string[]> = canvas) {
  const before = await view();
  await op();
  await poll(view).not.toEqual(before);
  await poll(view).toEqual(expect.arrayContaining(want));
  const after = await view();
  await by('undo');
  await poll(view).toEqual(before);
  await by('redo');
  await poll(view).toEqual(after);
  return { before, after };
}

const shape = (id: string) => byTestId(`node-shape-${id}`).innerText();
const commit = async (scope: string, field: string, value: string) => {
  const input = byTestId(scope).getByTestId(field);
  await input.fill(value);
  await input.press('Enter');
};

describe('undo/redo of block operations', () => {
  it('make block: C3 → ReLU → S4 become "feature", and back', async () => {
    await poll(() => shape('C3')).toBe('10×10×16');
    const { before, after } = await oneStep(async () => {
      await byTestId('node-C3').click();
      await byTestId('node-activation2').click({ modifiers: ['Shift'] });
      await byTestId('node-S4').click({ modifiers: ['Shift'] });
      await page.keyboard.press('Control+Alt+k');
      await byTestId('make-block-name').fill('feature');
      await byTestId('make-block-name').press('Enter');
    }, ['block_1:feature:5×5×16']);
    expect(before).toContain('C3:Conv2D:10×10×16');
    expect(after.some((n) => n.startsWith('C3:'))).toBe(false);
  });

  it('add an instance from My blocks', async () => {
    const { after } = await oneStep(async () => {
      await byTestId('node-block_1').click();
      await byTestId('my-block-feature').click();
      await byTestId('node-block_2').waitFor();
    }, ['block_2:feature:?!'], viaMenu); // C3's 5×5 kernel on 5×5 leaves 1×1, and the 2×2 pool cannot fit: no shape
    expect(after.filter((n) => n.startsWith('block_'))).toEqual(['block_1:feature:5×5×16', 'block_2:feature:?!']);
  });

  it('edit the definition: padding same fits both instances', async () => {
    await byTestId('node-block_1').click();
    await byTestId('block-inner-C3').locator('summary').click();
    await oneStep(() => byTestId('block-inner-C3').getByTestId('param-padding-mode').selectOption('same').then(() => undefined), ['block_1:feature:7×7×16', 'block_2:feature:3×3×16']);
  });

  it('rename the definition: both faces change', async () => {
    await byTestId('node-block_1').click();
    await oneStep(() => commit('block-instance', 'block-definition-name', 'stage'), ['block_1:stage:7×7×16', 'block_2:stage:3×3×16'], viaMenu);
  });

  it('Repeat ×N of one instance', async () => {
    // 7×7×16 → 3×3×16 → 1×1×16.
    await oneStep(async () => {
      await byTestId('node-block_2').click();
      await page.keyboard.press('Control+Alt+r');
      await byTestId('make-block-times').press('Enter');
      await byTestId('make-block-dialog').waitFor({ state: 'detached' });
    }, ['block_2:stage×2:1×1×16']);
  });

  it('a per-repeat change: 8 filters on repeat 2', async () => {
    await byTestId('node-block_2').click();
    await byTestId('repeat-row-2').click();
    await oneStep(() => commit('repeat-editor', 'param-filters', '8'), ['block_2:stage×2:1×1×8'], viaMenu);
    // The redo brings the change back into the inspector too.
    await byTestId('node-block_2').click();
    await poll(() => byTestId('repeat-changes-2').innerText()).toContain('C3: Filters (K) = 8');
  });

  it('unpack a repeated instance', async () => {
    const { before, after } = await oneStep(async () => {
      await byTestId('node-block_2').click();
      await byTestId('block-unpack').click();
      await byTestId('node-block_2').waitFor({ state: 'detached' });
    }, ['conv2d_1:Conv2D:7×7×16', 'conv2d_2:Conv2D:3×3×8']);
    expect(before).toContain('block_2:stage×2:1×1×8');
    // Both repeats' layers, the second with its 8 filters.
    expect(after.filter((n) => n.includes(':Conv2D:'))).toEqual(['C1:Conv2D:28×28×6', 'conv2d_1:Conv2D:7×7×16', 'conv2d_2:Conv2D:3×3×8']);
    expect(await shape('block_1')).toBe('7×7×16');
  });

  it('delete a definition no instance uses', async () => {
    // A second definition of F6 alone, unpacked again, is unused.
    await byTestId('node-F6').click();
    await page.keyboard.press('Control+Alt+k');
    await byTestId('make-block-name').fill('head');
    await byTestId('make-block-name').press('Enter');
    await byTestId('node-F6').waitFor({ state: 'detached' });
    await byTestId('block-unpack').click(); // the new instance is selected
    await byTestId('node-dense_1').waitFor();
    const myBlocks = () => byTestId('my-blocks').locator('.palette-item').allInnerTexts();
    expect(await myBlocks()).toEqual(['stage', 'head']);
    const { after } = await oneStep(() => byTestId('my-block-delete-head').click(), ['stage'], key, myBlocks);
    expect(after).toEqual(['stage']);
    // The canvas is untouched by it.
    expect(await shape('block_1')).toBe('7×7×16');
    expect(errors).toEqual([]);
  });
});
