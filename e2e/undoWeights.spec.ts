// Undo never drops the trained weights: LeNet-5 with one graph edit (C1 → 8 filters) and the training settings
// edited, saved (web mode's Save As asks for a path in the app), trained one short epoch on the embedded MNIST.
// The weights are saved beside the project and referenced in the file. Ctrl+Z then undoes the settings and the
// graph edit — the reference stays (in the Training tab and in the file saved again), only marked stale once
// the graph no longer matches the one trained; redo makes it fresh again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ProjectDoc } from '../src/project/schema';
import { graphHash } from '../src/train/graphHash';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu as menuOf, newFromTemplate, openApp } from './helpers/browser';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-undo-weights-e2e-'));
const savePath = path.join(workDir, 'lenet.cnnproj');

const byTestId = (id: string) => page.getByTestId(id);
const poll = <T>(fn: () => Promise<T> | T, timeout = 15_000) => expect.poll(fn, { timeout, interval: 200 });
const savedFile = (): ProjectDoc | undefined => (existsSync(savePath) ? (JSON.parse(readFileSync(savePath, 'utf8')) as ProjectDoc) : undefined);
const c1Filters = (doc: ProjectDoc | undefined) => doc?.graph.nodes.find((n) => n.id === 'C1')?.params.filters;

/** Presses a shortcut with the focus off every field (in a field Ctrl+Z undoes the text, not the project). */
async function shortcut(keys: string, times = 1) {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < times; i++) await page.keyboard.press(keys);
}

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('undo after training', () => {
  let trainedHash = '';

  it('trains an edited LeNet-5 one short epoch; the saved project references the weights', async () => {
    // One graph edit, then the settings: every one an undo step.
    await byTestId('node-C1').click();
    await byTestId('param-filters').fill('8');
    await byTestId('param-filters').press('Enter'); // fields commit on Enter or blur
    await poll(() => byTestId('node-shape-C1').textContent()).toContain('×8');
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    await byTestId('ts-backend').selectOption('auto');
    await byTestId('ts-batchSize').fill('32');
    await byTestId('ts-epochs').fill('1');
    await byTestId('ts-learningRate').fill('0.003');
    await byTestId('train-limit').fill('1000'); // 800 train / 200 validation digits (not a document setting)

    await menuOf(page, 'file', 'saveAs');
    await byTestId('path-input').fill(savePath);
    await byTestId('path-ok').click();
    await byTestId('notice-info').filter({ hasText: savePath }).first().waitFor();
    expect(savedFile()?.weights).toBeUndefined();

    await byTestId('train-start').click();
    await byTestId('confusion-matrix').waitFor({ timeout: 170_000 });
    await byTestId('weights-ref').waitFor({ timeout: 30_000 });
    // The project was clean (just saved), so the reference is written into the file too.
    await poll(() => savedFile()?.weights?.path).toBeTruthy();
    const file = savedFile()!;
    trainedHash = file.weights!.graphHash;
    expect(trainedHash).toBe(graphHash(file.graph));
    expect(c1Filters(file)).toBe(8);
    expect(await byTestId('weights-stale').count()).toBe(0);
  });

  it('Ctrl+Z undoes the last settings edit and keeps the weights reference', async () => {
    await shortcut('Control+z');
    await poll(() => byTestId('ts-learningRate').inputValue()).not.toBe('0.003');
    await byTestId('weights-ref').waitFor();
    expect(await byTestId('weights-stale').count()).toBe(0); // the graph is still the one trained
  });

  it('undoing the graph edit keeps the reference, marked stale; saving keeps it in the file', async () => {
    await shortcut('Control+z', 6); // epochs, batch size, C1's filters, and past the start of the history
    await poll(() => byTestId('node-shape-C1').textContent()).toContain('×6');
    await byTestId('weights-stale').waitFor();
    await byTestId('weights-ref').waitFor();

    await shortcut('Control+s');
    await poll(() => c1Filters(savedFile())).toBe(6);
    const file = savedFile()!;
    expect(file.weights?.graphHash).toBe(trainedHash); // still referenced, for the graph it was trained on
    expect(graphHash(file.graph)).not.toBe(trainedHash); // which the saved graph no longer is: stale
  });

  it('redo returns to the trained graph: the weights are fresh again', async () => {
    await shortcut('Control+Shift+z', 6);
    await poll(() => byTestId('node-shape-C1').textContent()).toContain('×8');
    await byTestId('weights-stale').waitFor({ state: 'detached' });
    await byTestId('weights-ref').waitFor();
    await poll(() => byTestId('ts-learningRate').inputValue()).toBe('0.003');
    expect(errors).toEqual([]);
  });
});
