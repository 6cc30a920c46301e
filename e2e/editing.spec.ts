// Editing like a design tool, in a real browser at 1280×800 against the real web host: Ctrl+A selects the
// graph (and a field's text inside a field), Escape clears; Quick add and the palette insert into the selected
// edge or after the selected node, rewiring the chain without overlaps; paste lands offset; deleting a chain
// link offers to reconnect its neighbours; each of these is one undo step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { screenshotPath } from './helpers/screenshots';
import { launchBrowser, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];

const byTestId = (id: string) => page.getByTestId(id);
const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 15_000, interval: 100 });

interface CanvasGraph {
  /** Node id → its position in flow units (React Flow's transform). */
  nodes: Record<string, { x: number; y: number }>;
  /** "source→target" of every edge, sorted. */
  edges: string[];
}

/** The graph as the canvas draws it: node positions and edges (read from React Flow's DOM). */
const canvasGraph = (): Promise<CanvasGraph> =>
  page.evaluate(() => {
    const nodes: Record<string, { x: number; y: number }> = {};
    for (const el of document.querySelectorAll<HTMLElement>('.react-flow__node')) {
      const m = /translate\(([-\d.]+)px,\s*([-\d.]+)px\)/.exec(el.style.transform);
      nodes[el.dataset.id!] = { x: Number(m?.[1]), y: Number(m?.[2]) };
    }
    const edges = [...document.querySelectorAll('.react-flow__edge')]
      .map((el) => /Edge from (.+) to (.+)/.exec(el.getAttribute('aria-label') ?? ''))
      .map((m) => `${m?.[1]}→${m?.[2]}`)
      .sort();
    return { nodes, edges };
  });

/** Pairs of nodes whose on-screen boxes overlap. */
const overlappingNodes = () =>
  page.evaluate(() => {
    const boxes = [...document.querySelectorAll<HTMLElement>('.react-flow__node')].map((el) => ({ id: el.dataset.id!, r: el.getBoundingClientRect() }));
    const out: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i].r, boxes[j].r];
        if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) out.push(`${boxes[i].id}/${boxes[j].id}`);
      }
    return out;
  });

const selectedCount = (kind: 'node' | 'edge') => page.locator(`.react-flow__${kind}.selected`).count();
/** The target of the edge leaving `source` (the template is a chain). */
const next = (g: CanvasGraph, source: string) => g.edges.find((e) => e.startsWith(`${source}→`))!.split('→')[1];

/** Clicks the canvas background (focus out of any field, selection cleared). */
const clickPane = () => page.locator('.react-flow__pane').click({ position: { x: 8, y: 8 } });

/** Clicks an edge on its line, a third of the way along (its label sits in the middle). */
async function clickEdge(source: string, target: string) {
  const p = await page.evaluate(
    ([s, t]) => {
      const g = [...document.querySelectorAll('.react-flow__edge')].find((el) => el.getAttribute('aria-label') === `Edge from ${s} to ${t}`)!;
      const path = g.querySelector<SVGPathElement>('path.react-flow__edge-interaction') ?? g.querySelector<SVGPathElement>('path')!;
      const pt = path.getPointAtLength(path.getTotalLength() / 3);
      const m = path.getScreenCTM()!;
      return { x: pt.x * m.a + pt.y * m.c + m.e, y: pt.x * m.b + pt.y * m.d + m.f };
    },
    [source, target],
  );
  await page.mouse.click(p.x, p.y);
}

/** Fits the graph into view (an insert pans and zooms to the new node). */
async function fit() {
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(250);
}

/** Presses a shortcut with the focus out of any field (as after clicking the canvas). */
async function shortcut(key: string) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press(key);
}

/** The graph is back to `before` after one Ctrl+Z where the focus is (the action was one undo step). */
async function undoOnce(before: CanvasGraph) {
  await page.keyboard.press('Control+z');
  await poll(async () => (await canvasGraph()).edges).toEqual(before.edges);
  expect(Object.keys((await canvasGraph()).nodes).sort()).toEqual(Object.keys(before.nodes).sort());
}

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await byTestId('node-C1').waitFor();
  await page.waitForTimeout(300); // the first fit
});

afterAll(async () => {
  await browser?.close();
  await host?.close();
});

describe('editing', () => {
  it('Ctrl+A selects every node and edge, not the page text; Escape clears the selection', async () => {
    const g = await canvasGraph();
    await clickPane();
    await page.keyboard.press('Control+a');
    await poll(() => selectedCount('node')).toBe(Object.keys(g.nodes).length);
    expect(await selectedCount('edge')).toBe(g.edges.length);
    expect(await page.evaluate(() => window.getSelection()?.toString() ?? '')).toBe('');
    await page.keyboard.press('Escape');
    await poll(() => selectedCount('node')).toBe(0);
    expect(await selectedCount('edge')).toBe(0);
  });

  it('Ctrl+A in a text field selects the field text, not the nodes', async () => {
    const search = byTestId('palette-search');
    await search.fill('conv');
    await search.press('Control+a');
    expect(await search.evaluate((el: HTMLInputElement) => [el.selectionStart, el.selectionEnd])).toEqual([0, 4]);
    expect(await selectedCount('node')).toBe(0);
    await search.fill('');
  });

  it('Quick add with an edge selected inserts the layer into it, without overlaps; one undo step', async () => {
    await fit();
    const before = await canvasGraph();
    const a = 'C1';
    const b = next(before, a);
    await clickEdge(a, b);
    await poll(() => selectedCount('edge')).toBe(1);
    await poll(() => byTestId('palette-target').textContent()).toContain(`${a} → ${b}`);
    await byTestId('palette-search').fill('batchnorm');
    await page.screenshot({ path: screenshotPath('editing-quick-add-edge.png') });
    await byTestId('palette-search').press('Enter');
    const id = 'batchnormalization_1';
    await byTestId(`node-${id}`).waitFor();
    const after = await canvasGraph();
    expect(after.edges).toHaveLength(before.edges.length + 1);
    expect(after.edges).toEqual(expect.arrayContaining([`${a}→${id}`, `${id}→${b}`]));
    expect(after.edges).not.toContain(`${a}→${b}`);
    expect(await overlappingNodes()).toEqual([]);
    expect(await selectedCount('node')).toBe(1);
    // Enter leaves the focus in the (emptied) quick-add box, and Ctrl+Z there undoes the insert.
    expect(await byTestId('palette-search').evaluate((el) => el === document.activeElement)).toBe(true);
    await fit();
    await page.screenshot({ path: screenshotPath('editing-inserted.png') });
    await byTestId('palette-search').focus();
    await undoOnce(before);
  });

  it('a palette click with a node selected inserts the layer after it; one undo step', async () => {
    await fit();
    const before = await canvasGraph();
    const n = 'C3';
    const x = next(before, n);
    await byTestId(`node-${n}`).click();
    await poll(() => byTestId('palette-target').textContent()).toContain(n);
    await byTestId('palette-Dropout').click();
    await byTestId('node-dropout_1').waitFor();
    const after = await canvasGraph();
    expect(after.edges).toEqual(expect.arrayContaining([`${n}→dropout_1`, `dropout_1→${x}`]));
    expect(after.edges).not.toContain(`${n}→${x}`);
    expect(await overlappingNodes()).toEqual([]);
    await undoOnce(before);
  });

  it('the palette tooltip explains the layer in a line', async () => {
    const title = await byTestId('palette-Conv2D').getAttribute('title');
    expect(title).not.toBe('Conv2D');
    expect(title!.length).toBeGreaterThan(30);
  });

  it('copy/paste and duplicate land one offset (+40, +100: clear of the original) away, cascading; one undo step each', async () => {
    await fit();
    const before = await canvasGraph();
    await byTestId('node-C1').click();
    await shortcut('Control+c');
    await shortcut('Control+v');
    await byTestId('node-conv2d_1').waitFor();
    await shortcut('Control+v');
    await byTestId('node-conv2d_2').waitFor();
    const g = await canvasGraph();
    const c1 = before.nodes.C1;
    expect(g.nodes.conv2d_1).toEqual({ x: c1.x + 40, y: c1.y + 100 });
    expect(g.nodes.conv2d_2).toEqual({ x: c1.x + 80, y: c1.y + 200 });
    await shortcut('Control+z');
    await byTestId('node-conv2d_2').waitFor({ state: 'detached' });
    expect(Object.keys((await canvasGraph()).nodes)).toContain('conv2d_1');
    await undoOnce(before);
    // Duplicate (Ctrl+D) lands the same way.
    await fit();
    await byTestId('node-C1').click();
    await shortcut('Control+d');
    await byTestId('node-conv2d_1').waitFor();
    expect((await canvasGraph()).nodes.conv2d_1).toEqual({ x: c1.x + 40, y: c1.y + 100 });
    await undoOnce(before);
  });

  it('deleting a middle node offers Reconnect; it joins the neighbours in one undo step', async () => {
    await fit();
    const before = await canvasGraph();
    const n = 'C3';
    const prev = before.edges.find((e) => e.endsWith(`→${n}`))!.split('→')[0];
    const x = next(before, n);
    await byTestId(`node-${n}`).click();
    await shortcut('Delete');
    await byTestId(`node-${n}`).waitFor({ state: 'detached' });
    const action = byTestId('notice-action');
    await action.waitFor();
    expect(await byTestId('notice-info').filter({ has: action }).textContent()).toContain(`Deleted ${n}`);
    expect(await action.textContent()).toBe(`Reconnect ${prev} → ${x}`);
    await page.screenshot({ path: screenshotPath('editing-reconnect-toast.png') });
    const deleted = await canvasGraph();
    await action.click();
    await poll(async () => (await canvasGraph()).edges).toContain(`${prev}→${x}`);
    expect((await canvasGraph()).edges).toHaveLength(deleted.edges.length + 1);
    await undoOnce(deleted); // the reconnect
    await undoOnce(before); // the delete
  });

  it('speaks Korean: the insert line and the reconnect offer', async () => {
    await byTestId('lang-select').selectOption('ko');
    await fit();
    await byTestId('node-C3').click();
    await poll(() => byTestId('palette-target').textContent()).toBe('C3 뒤에 추가');
    await shortcut('Delete');
    const action = byTestId('notice-action');
    await poll(() => action.textContent()).toContain('다시 연결');
    expect(await byTestId('notice-info').filter({ has: action }).textContent()).toContain('C3 삭제됨');
    await page.screenshot({ path: screenshotPath('editing-reconnect-toast-ko.png') });
    await shortcut('Control+z');
    await action.waitFor({ state: 'detached' }); // the undone delete takes its offer with it
    await byTestId('lang-select').selectOption('en');
  });

  it('ran without page errors', () => {
    expect(errors).toEqual([]);
  });
});
