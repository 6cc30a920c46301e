// Fine-tuning in the app: LeNet-5 trained one short epoch and saved (its weights beside the project), then C1
// and C3 frozen from the inspector ("Trainable" on C1, "Freeze up to here" on C3) and trained again from those
// weights — freezing does not make them stale. The weights saved after the second run hold C1's and C3's
// tensors byte for byte, while F5 moved; the canvas marks the frozen layers. Screenshot of the inspector.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ProjectDoc } from '../src/project/schema';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu as menuOf, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import { screenshotPath } from './helpers/screenshots';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
const workDir = mkdtempSync(path.join(tmpdir(), 'cnn-finetune-e2e-'));
const savePath = path.join(workDir, 'lenet.cnnproj');

const byTestId = (id: string) => page.getByTestId(id);
const poll = <T>(fn: () => Promise<T> | T, timeout = 30_000) => expect.poll(fn, { timeout, interval: 250 });
const savedFile = (): ProjectDoc | undefined => (existsSync(savePath) ? (JSON.parse(readFileSync(savePath, 'utf8')) as ProjectDoc) : undefined);

/** The saved weights' tensors by name ("C1/kernel" → bytes), from the folder the project file references. */
function savedTensors(): Map<string, Buffer> | undefined {
  const ref = savedFile()?.weights;
  if (!ref) return undefined;
  const dir = path.resolve(workDir, ref.path);
  if (!existsSync(path.join(dir, 'weights.bin'))) return undefined;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'model.json'), 'utf8')).weightsManifest[0].weights as { name: string; shape: number[] }[];
  const bin = readFileSync(path.join(dir, 'weights.bin'));
  const out = new Map<string, Buffer>();
  let at = 0;
  for (const w of manifest) {
    const n = w.shape.reduce((a, d) => a * d, 1) * 4;
    out.set(w.name, Buffer.from(bin.subarray(at, at + n)));
    at += n;
  }
  return out;
}

async function train(): Promise<void> {
  await byTestId('tab-training').click();
  await byTestId('train-start').click();
  await byTestId('confusion-matrix').waitFor({ state: 'detached', timeout: 30_000 }).catch(() => {});
  await byTestId('confusion-matrix').waitFor({ timeout: 180_000 });
}

beforeAll(async () => {
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await newFromTemplate(page, 'lenet5');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe('fine-tuning with frozen layers', () => {
  let first: Map<string, Buffer> | undefined;

  it('trains LeNet-5 one short epoch; the saved project references its weights', async () => {
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    await byTestId('ts-backend').selectOption('auto');
    await byTestId('ts-batchSize').fill('32');
    await byTestId('ts-optimizer').selectOption('adam');
    await byTestId('ts-learningRate').fill('0.003');
    await byTestId('ts-epochs').fill('1');
    await byTestId('train-limit').fill('600');
    await menuOf(page, 'file', 'saveAs');
    await byTestId('path-input').fill(savePath);
    await byTestId('path-ok').click();
    await byTestId('notice-info').filter({ hasText: savePath }).first().waitFor();
    await train();
    await poll(() => savedTensors()?.size ?? 0).toBe(10);
    first = savedTensors();
  }, 240_000);

  it('freezes C1 (Trainable) and everything up to C3 (Freeze up to here) from the inspector; the canvas shows them frozen', async () => {
    await byTestId('node-C1').click();
    await byTestId('finetune').waitFor();
    const trainable = byTestId('finetune-trainable');
    expect(await trainable.isChecked()).toBe(true);
    await trainable.uncheck();
    await byTestId('node-frozen-C1').waitFor();
    await byTestId('node-C3').click();
    await byTestId('finetune-freeze-up-to').click();
    await byTestId('node-frozen-C3').waitFor();
    expect(await byTestId('finetune-trainable').isChecked()).toBe(false);
    expect(await byTestId('node-frozen-F5').count()).toBe(0);
    expect(await byTestId('finetune').innerText()).toMatch(/2 layers frozen/); // C1, C3: the layers with weights up to C3
    expect(await byTestId('node-frozen-S2').count()).toBe(0);
    // LR × is for trainable layers: greyed out on a frozen one.
    expect(await byTestId('finetune-lr').isDisabled()).toBe(true);
    // Freezing is not a graph change for the weights: they are not stale.
    expect(await byTestId('weights-stale').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('screenshot-finetune.png') });
  });

  it('trains again from the saved weights: C1 and C3 stay byte for byte, F5 moves', async () => {
    await train();
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+s');
    await poll(() => savedFile()?.graph.nodes.find((n) => n.id === 'C1')?.trainable).toBe(false);
    await poll(() => {
      const now = savedTensors();
      return !!now && !!first && Buffer.compare(now.get('F5/kernel')!, first.get('F5/kernel')!) !== 0;
    }).toBe(true);
    const after = savedTensors()!;
    for (const name of ['C1/kernel', 'C1/bias', 'C3/kernel', 'C3/bias']) expect(Buffer.compare(after.get(name)!, first!.get(name)!), name).toBe(0);
    for (const name of ['F6/kernel', 'output/kernel']) expect(Buffer.compare(after.get(name)!, first!.get(name)!), name).not.toBe(0);
  }, 240_000);

  it('replaces the classifier for 5 classes (default: the dataset\'s 10) keeping the other weights; Ctrl+Z undoes it', async () => {
    await byTestId('node-output').click();
    await byTestId('finetune-replace').click();
    expect(await byTestId('finetune-classes').inputValue()).toBe('10'); // MNIST's class count
    await byTestId('finetune-classes').fill('5');
    await byTestId('finetune-replace-apply').click();
    expect(await byTestId('finetune-replace-message').innerText()).toMatch(/5 classes\. Its weights start fresh; the other layers keep theirs/);
    await poll(() => byTestId('node-shape-output').textContent()).toBe('5');
    await page.screenshot({ path: screenshotPath('finetune-replaced.png') });
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.press('Control+z');
    await poll(() => byTestId('node-shape-output').textContent()).toBe('10');
    expect(errors).toEqual([]);
  });
});
