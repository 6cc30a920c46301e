// ResNet-20 with its nine ResidualBlocks at the top level (residualblock1 … residualblock9), opened as a
// project file through File → Open: the template nests them in its stages (src/templates/resnet.ts), and the
// specs about one top-level residual block (its frame, its inside in the Learn tab, its explanation) use this twin.
import { mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { resnet20Flat } from '../../src/templates/resnet';
import { serializeProjectFile } from '../../src/project/projectFile';
import { findTemplate } from '../../src/project/templates';
import { menu } from './browser';

/** Writes the flat ResNet-20 as "resnet20-flat.cnnproj" in a fresh temp folder; returns its path. */
export async function writeFlatResnet20(): Promise<string> {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'cnn-flat-resnet-')));
  const file = path.join(dir, 'resnet20-flat.cnnproj');
  const doc = (await findTemplate('resnet20'))!.makeDoc();
  writeFileSync(file, serializeProjectFile({ ...doc, name: `${doc.name}, flat`, graph: resnet20Flat() }));
  return file;
}

/** File → Open of the flat ResNet-20, waiting until its blocks are on the canvas. */
export async function openFlatResnet20(page: Page): Promise<void> {
  await menu(page, 'file', 'open');
  await page.getByTestId('file-browser').waitFor();
  await page.getByTestId('path-input').fill(await writeFlatResnet20());
  await page.getByTestId('path-ok').click();
  await page.getByTestId('node-residualblock9').waitFor();
}
