// Export and "Open model" in the browser: LeNet-5 trained briefly in the app is exported as tfjs through the
// Export tab, then opened again with Open model. The imported weights are live at once: "try an image" gives
// the same probabilities as before the export (and as tfjs in Node on the exported files) without training;
// Save As keeps them beside the new project so a reopened project predicts too; training fine-tunes from
// them, and "Start fresh" really starts over.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Browser, Page } from 'playwright-core';
import { repoRoot, startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu as menuOf, newFromTemplate, openApp } from './helpers/browser';
import { parseImageBin } from '../src/data/mnist';
import { loadTfjsFromFiles, TFJS_MODEL_JSON, TFJS_SHARD } from '../src/export/tfjs/exportTfjs';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-export-e2e-'));
const exportDir = path.join(workDir, 'lenet-tfjs');

/** One real MNIST digit (28×28 grey bytes) from the embedded set: the image dropped on "try an image". */
const mnist = parseImageBin(new Uint8Array(readFileSync(path.join(repoRoot, 'resources/data/mnist-10k.bin'))));
const DIGIT = 9123;
const digit = Array.from(mnist.images.subarray(DIGIT * 784, (DIGIT + 1) * 784));

beforeAll(async () => {
  await tf.setBackend('cpu');
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

async function saveAs(file: string) {
  await menuOf(page, 'file', 'saveAs');
  await page.getByTestId('path-input').fill(file);
  await page.getByTestId('path-ok').click();
  await page.getByTestId('notice-info').filter({ hasText: file }).first().waitFor();
}

async function tab(id: string) {
  await page.getByTestId(`tab-${id}`).click();
  await page.getByTestId(`${id}-panel`).waitFor();
}

/** Drops the digit (as a PNG file) on "try an image" and returns the shown class probabilities in percent. */
async function tryDigit(): Promise<number[]> {
  await page.getByTestId('try-canvas').waitFor({ timeout: 30_000 });
  await page.getByTestId('try-image').evaluate(async (el, px) => {
    const c = document.createElement('canvas');
    c.width = c.height = 28;
    const img = new ImageData(28, 28);
    px.forEach((v, i) => img.data.set([v, v, v, 255], i * 4));
    c.getContext('2d')!.putImageData(img, 0, 0);
    const blob = await new Promise<Blob>((resolve) => c.toBlob((b) => resolve(b!), 'image/png'));
    const dt = new DataTransfer();
    dt.items.add(new File([blob], 'digit.png', { type: 'image/png' }));
    el.querySelector('.drop')!.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }));
  }, digit);
  await page.getByTestId('try-probs').waitFor({ timeout: 30_000 });
  const cells = await page.getByTestId('try-probs').locator('span').allTextContents();
  return cells.filter((c) => c.endsWith('%')).map((c) => Number(c.slice(0, -1)));
}

/** Trains with the panel's settings and returns the validation accuracy in percent. */
async function train(): Promise<number> {
  await page.getByTestId('train-start').click();
  await page.waitForFunction(() => !/Done|Failed/.test(document.querySelector('[data-testid=train-phase]')?.textContent ?? ''));
  await page.getByTestId('train-phase').filter({ hasText: /Done|Failed/ }).waitFor({ timeout: 180_000 });
  const acc = await page.getByTestId('val-accuracy').textContent();
  return Number(/([\d.]+)%/.exec(acc!)![1]);
}

async function settings(values: Record<string, string>) {
  for (const [k, v] of Object.entries(values)) {
    if (k === 'backend' || k === 'optimizer') await page.getByTestId(`ts-${k}`).selectOption(v);
    else await page.getByTestId(`ts-${k}`).fill(v);
  }
}

const closeTo = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => Math.abs(x - b[i]) <= 0.11); // shown with one decimal

let trained: number[];

describe('export and Open model', () => {
  it('trains LeNet-5 briefly and exports it as tfjs from the Export tab', async () => {
    await saveAs(path.join(workDir, 'lenet.cnnproj'));
    await tab('training');
    await settings({ backend: 'cpu', batchSize: '32', epochs: '1', learningRate: '0.003' });
    await page.getByTestId('train-limit').fill('1000');
    expect(await train()).toBeGreaterThan(50);
    trained = await tryDigit();
    expect(trained).toHaveLength(10);

    await tab('export');
    await page.getByTestId('export-format-tfjs').check();
    await page.getByTestId('export-folder').fill(exportDir);
    await page.getByTestId('export-run').click();
    await page.getByTestId('export-result').waitFor({ timeout: 60_000 });
    expect(existsSync(path.join(exportDir, TFJS_MODEL_JSON))).toBe(true);
    expect(existsSync(path.join(exportDir, TFJS_SHARD))).toBe(true);
  });

  it('Open model: try an image works at once, with the exported model’s predictions', async () => {
    await page.getByTestId('import-path').fill(path.join(exportDir, TFJS_MODEL_JSON));
    await page.getByTestId('import-run').click();
    await page.getByTestId('import-done').waitFor();
    await tab('training');
    // Nothing was trained in this document: no results, but the imported weights are ready to use.
    expect(await page.getByTestId('confusion-matrix').count()).toBe(0);
    expect(await page.getByTestId('train-init').getAttribute('data-source')).toBe('imported');
    const imported = await tryDigit();
    expect(closeTo(imported, trained), `${imported} vs ${trained}`).toBe(true);

    // The same files in Node give the same probabilities.
    const model = await loadTfjsFromFiles(tf, { json: readFileSync(path.join(exportDir, TFJS_MODEL_JSON), 'utf8'), bin: new Uint8Array(readFileSync(path.join(exportDir, TFJS_SHARD))) });
    const want = tf.tidy(() => Array.from((model.predict(tf.tensor4d(digit.map((v) => v / 255), [1, 28, 28, 1])) as tf.Tensor).dataSync()).map((p) => p * 100));
    model.dispose();
    expect(closeTo(imported, want), `${imported} vs ${want}`).toBe(true);
    // The comparison can fail: the probabilities are not the flat 10% each of a dead network. (How sure a
    // model trained for 31 steps is of one digit varies from run to run: CI once saw a top class of 21%.)
    expect(Math.max(...imported) - Math.min(...imported), `${imported}`).toBeGreaterThan(5);
  });

  it('Save As keeps the imported weights beside the project; reopened, it predicts without training', async () => {
    const file = path.join(workDir, 'imported.cnnproj');
    await saveAs(file);
    await page.getByTestId('training-panel').getByText('Weights saved to').waitFor();
    // One Save As is enough: the weights' folder is recorded in the project file, which stays clean.
    await expect.poll(() => JSON.parse(readFileSync(file, 'utf8')).weights?.path, { timeout: 10_000 }).toBeTruthy();
    await expect.poll(() => page.getByTestId('doc-title').textContent(), { timeout: 10_000 }).not.toContain('(unsaved)');

    await page.reload();
    await menuOf(page, 'file', 'recent-0');
    await page.getByTestId('notice-info').filter({ hasText: file }).first().waitFor();
    await tab('training');
    expect(await page.getByTestId('train-init').getAttribute('data-source')).toBe('saved');
    const reopened = await tryDigit();
    expect(closeTo(reopened, trained), `${reopened} vs ${trained}`).toBe(true);
  });

  it('training continues from those weights; "Start fresh" starts over', async () => {
    // A learning rate too small to learn anything in one short epoch: the accuracy is the starting weights'.
    await settings({ backend: 'cpu', optimizer: 'sgd', learningRate: '0.000001', epochs: '1', batchSize: '32' });
    await page.getByTestId('train-limit').fill('300');
    expect(await train()).toBeGreaterThan(50);
    expect(await page.getByTestId('train-init').getAttribute('data-source')).toBe('trained');
    await page.getByTestId('train-fresh').check();
    expect(await page.getByTestId('train-init').getAttribute('data-source')).toBe('fresh');
    expect(await train()).toBeLessThan(40);
    expect(errors).toEqual([]);
  });
});
