// Files in web mode, in Chromium at 1280×800 against the real web host: the in-app browser lists the host's
// allowed folders, goes into a folder and shows its subfolders with their image counts, opens a project with the
// keyboard, Save As writes a new file, a typed path outside the allowed folders is refused with the host's
// message and nothing changes; Choose… in the Dataset tab fills the folder; New → Blank project; and LeNet-5
// trained a moment ago exports to ONNX from the session's weights without saving first.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import type { Browser, Page } from 'playwright-core';
import { startWebHost, type E2EHost } from './helpers/webHost';
import { launchBrowser, menu as menuOf, newFromTemplate, openApp, WORKBENCH_VIEWPORT } from './helpers/browser';
import { screenshotPath } from './helpers/screenshots';
import { findTemplate } from '../src/project/templates';
import { serializeProjectFile } from '../src/project/projectFile';

let host: E2EHost;
let browser: Browser;
let page: Page;
let errors: string[];
// Real paths: the host shows where a path really leads (the temp folder may be reached through a link).
const workDir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cnn-files-e2e-')));
const images = path.join(workDir, 'images');
const projectFile = path.join(workDir, 'open-me.cnnproj');
const CLASSES = { cat: 12, dog: 8 };

const byTestId = (id: string) => page.getByTestId(id);
const entry = (name: string) => page.locator(`[data-testid=files-entry][data-name="${name}"]`);
const menu = (group: string, action: string) => menuOf(page, group, action);
const entryNames = () => page.locator('[data-testid=files-entry]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-name')));

beforeAll(async () => {
  for (const [name, n] of Object.entries(CLASSES)) {
    mkdirSync(path.join(images, name), { recursive: true });
    for (let i = 0; i < n; i++) {
      const png = await sharp({ create: { width: 28, height: 28, channels: 3, background: { r: i * 20, g: name === 'cat' ? 200 : 40, b: 90 } } }).png().toBuffer();
      writeFileSync(path.join(images, name, `${i}.png`), png);
    }
  }
  writeFileSync(path.join(images, 'labels.txt'), 'not an image');
  const doc = (await findTemplate('pattern'))!.makeDoc();
  writeFileSync(projectFile, serializeProjectFile({ ...doc, name: 'Open me' }));
  host = await startWebHost();
  browser = await launchBrowser();
  ({ page, errors } = await openApp(browser, host.url, WORKBENCH_VIEWPORT));
  await byTestId('node-C1').waitFor();
});
// A test that failed with the browser open must not block the next one's clicks.
afterEach(async () => {
  if (await byTestId('file-browser').isVisible()) await page.keyboard.press('Escape');
});
afterAll(async () => {
  await browser?.close();
  await host?.close();
  rmSync(workDir, { recursive: true, force: true });
});

async function goTo(folder: string) {
  await byTestId('path-input').fill(folder);
  await byTestId('path-input').press('Enter');
  await page.locator('[data-testid=files-crumbs] button').last().filter({ hasText: path.basename(folder) }).waitFor();
}

describe('the in-app file browser (web mode)', () => {
  it('lists the allowed folders, goes into a folder and shows its folders with their image counts', async () => {
    await menu('file', 'open');
    await byTestId('file-browser').waitFor();
    await poll(async () => (await byTestId('files-roots').locator('button').allTextContents()).map((r) => r.trim())).toContain(realpathSync(tmpdir()));
    // The first view is the list of allowed folders itself.
    await poll(() => entryNames()).toContain(realpathSync(tmpdir()));

    await goTo(workDir);
    expect(await entryNames()).toEqual(['images', 'open-me.cnnproj']); // folders first; only .cnnproj files
    await entry('images').dblclick();
    await entry('cat').waitFor();
    expect(await entryNames()).toEqual(['cat', 'dog']);
    expect(await entry('cat').getByTestId('files-images').textContent()).toBe('12 images');
    expect(await entry('dog').getByTestId('files-images').textContent()).toBe('8 images');
    await page.screenshot({ path: screenshotPath('files-browser.png') });

    // Keyboard: Backspace goes up, arrows move, Enter opens the project.
    await byTestId('files-list').focus();
    await page.keyboard.press('Backspace');
    await entry('open-me.cnnproj').waitFor();
    await page.keyboard.press('ArrowDown');
    expect(await entry('open-me.cnnproj').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Enter');
    await byTestId('file-browser').waitFor({ state: 'detached' });
    await poll(() => byTestId('doc-title').textContent()).toContain('Open me');
    await byTestId('notice-info').filter({ hasText: projectFile }).first().waitFor();
  });

  it('Save As writes a new file from the folder and name it suggests', async () => {
    await menu('file', 'saveAs');
    await byTestId('file-browser').waitFor();
    // It starts beside the open project, its name filled in.
    await poll(() => byTestId('path-input').inputValue()).toBe(workDir);
    expect(await byTestId('files-name').inputValue()).toBe('open-me.cnnproj');
    expect(await entry('open-me.cnnproj').getAttribute('aria-selected')).toBe('true');
    await byTestId('files-name').fill('copy');
    await byTestId('path-ok').click();
    const copy = path.join(workDir, 'copy.cnnproj');
    await byTestId('notice-info').filter({ hasText: copy }).first().waitFor();
    expect(JSON.parse(readFileSync(copy, 'utf8')).name).toBe('Open me');
  });

  it('refuses a typed path outside the allowed folders with the reason, and nothing changes', async () => {
    const before = await byTestId('doc-title').textContent();
    await menu('file', 'open');
    await byTestId('file-browser').waitFor();
    await entry('copy.cnnproj').waitFor();
    const listed = await entryNames();
    for (const outside of ['/etc', '/etc/passwd']) {
      await byTestId('path-input').fill(outside);
      await byTestId('path-ok').click();
      await poll(() => byTestId('files-error').textContent()).toContain(`${outside} is outside the folders this app may use`);
      expect(await byTestId('files-error').textContent()).not.toMatch(/Open dialog/);
      expect(await entryNames()).toEqual(listed);
      expect(await byTestId('file-browser').isVisible()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await byTestId('file-browser').waitFor({ state: 'detached' });
    expect(await byTestId('doc-title').textContent()).toBe(before);
  });

  it('New → Blank project: Input → Flatten → Output, no errors', async () => {
    await menu('file', 'newBlank');
    // The project before had an Input and an Output too: wait until the canvas holds the blank project alone.
    await poll(() =>
      page.locator('[data-testid^=node-]').evaluateAll((n) => n.map((x) => x.getAttribute('data-testid')).filter((id) => /^node-[a-z0-9_]+$/.test(id!) && !/^node-(shape-|name$)/.test(id!)).sort()),
    ).toEqual(['node-flatten', 'node-input', 'node-output']);
    await poll(() => byTestId('status-trainable').textContent()).toContain('7,850');
    expect(await byTestId('status-issues').getAttribute('class')).toBe('ok');
  });

  it('Choose… in the Dataset tab fills the folder from the browser, where folders show their image counts', async () => {
    await byTestId('tab-dataset').click();
    await byTestId('dataset-panel').waitFor();
    // A folder outside: the reason, in words that fit this host, at the top of the tab (not below its fold).
    await byTestId('dataset-path').fill('/etc/cnn-studio-nothing');
    await byTestId('dataset-import').click();
    const error = byTestId('dataset-error');
    await poll(() => error.textContent()).toMatch(/outside the folders this app may use .*choose one inside them/);
    expect(await error.textContent()).not.toMatch(/Open dialog/);
    const box = (await error.boundingBox())!;
    expect(box.y + box.height).toBeLessThanOrEqual(800);
    await byTestId('dataset-choose').click();
    await byTestId('file-browser').waitFor();
    expect(await byTestId('file-browser').getAttribute('data-kind')).toBe('folder');
    await goTo(images);
    expect(await entryNames()).toEqual(['cat', 'dog']); // folders only
    await byTestId('path-ok').click(); // Choose this folder
    await byTestId('file-browser').waitFor({ state: 'detached' });
    expect(await byTestId('dataset-path').inputValue()).toBe(images);
    await byTestId('dataset-import').click();
    await byTestId('dataset-report').waitFor({ timeout: 60_000 });
    expect(await byTestId('dataset-training-data').textContent()).toContain(images);
    await page.screenshot({ path: screenshotPath('files-dataset-tab.png') });
  });

  it('after Open a model, Export and Dataset show the opened project, not the last one’s files and folder', async () => {
    await byTestId('dataset-fix-output').click(); // 2 classes, as the folder
    await byTestId('dataset-output-mismatch').waitFor({ state: 'detached' });
    await byTestId('tab-export').click();
    await byTestId('export-format-tfjs').check();
    await byTestId('export-no-weights').waitFor();
    await byTestId('export-untrained').check();
    const outDir = path.join(workDir, 'blank-tfjs');
    await byTestId('export-folder').fill(outDir);
    await byTestId('export-run').click();
    await byTestId('export-result').waitFor({ timeout: 60_000 });
    expect(await byTestId('export-result').textContent()).toMatch(/^Wrote 2 files \(/);

    await byTestId('import-choose').click();
    await goTo(outDir);
    expect(await entryNames()).toEqual(['model.json']); // .json and .onnx only
    await entry('model.json').dblclick();
    await byTestId('file-browser').waitFor({ state: 'detached' });
    expect(await byTestId('import-path').inputValue()).toBe(path.join(outDir, 'model.json'));
    await byTestId('import-run').click();
    await byTestId('import-done').waitFor();
    expect(await byTestId('export-result').count()).toBe(0);

    await byTestId('tab-dataset').click();
    const line = await byTestId('dataset-training-data').textContent();
    expect(line).not.toContain(images);
    expect(line).not.toMatch(/image folder \./);
    expect(line).toContain('Training needs a dataset');
    expect(await byTestId('dataset-path').inputValue()).toBe('');
    expect(await byTestId('dataset-report').count()).toBe(0);
  });

  it('exports LeNet-5 to ONNX right after training, from the session weights, without saving', async () => {
    await newFromTemplate(page, 'lenet5');
    await byTestId('tab-training').click();
    await byTestId('training-panel').waitFor();
    await byTestId('ts-backend').selectOption('cpu');
    for (const [k, v] of Object.entries({ batchSize: '32', epochs: '1', learningRate: '0.003' })) await byTestId(`ts-${k}`).fill(v);
    await byTestId('train-limit').fill('1000');
    await byTestId('train-start').click();
    await page.waitForFunction(() => !/Done|Failed/.test(document.querySelector('[data-testid=train-phase]')?.textContent ?? ''));
    await byTestId('train-phase').filter({ hasText: /Done|Failed/ }).waitFor({ timeout: 180_000 });
    expect(await byTestId('train-phase').textContent()).toContain('Done');

    await byTestId('tab-export').click();
    await byTestId('export-panel').waitFor();
    await byTestId('export-format-onnx').check();
    expect(await byTestId('export-weights').getAttribute('data-source')).toBe('trained');
    expect(await byTestId('export-no-weights').count()).toBe(0);
    await byTestId('export-save-project').waitFor(); // saving is offered, not required
    // The folder from the browser: a new folder's name typed in a folder it lists.
    await byTestId('export-choose').click();
    await byTestId('file-browser').waitFor();
    const outDir = path.join(workDir, 'lenet-onnx');
    await byTestId('path-input').fill(outDir);
    await byTestId('path-ok').click();
    await byTestId('file-browser').waitFor({ state: 'detached' });
    expect(await byTestId('export-folder').inputValue()).toBe(outDir);
    await byTestId('export-run').click();
    await byTestId('export-result').or(byTestId('export-error')).waitFor({ timeout: 120_000 });
    const shown = await byTestId('export-panel').textContent();
    expect(shown).not.toMatch(/no trained weights/);
    expect(await byTestId('export-result').textContent()).toMatch(/Wrote 1 file \(/);
    const onnx = path.join(outDir, 'lenet-5.onnx');
    expect(existsSync(onnx)).toBe(true);
    expect(statSync(onnx).size).toBeGreaterThan(61_706 * 4); // the weights are in it
    expect(await byTestId('doc-title').textContent()).toContain('(unsaved)');
    await poll(() => byTestId('export-result').evaluate((el) => el.getBoundingClientRect().top)).toBeGreaterThan(440); // scrolled back into view
    await page.screenshot({ path: screenshotPath('files-export-tab.png') });
    expect(errors).toEqual([]);
  });
});

function poll<T>(fn: () => Promise<T>) {
  return expect.poll(fn, { timeout: 15_000 });
}
