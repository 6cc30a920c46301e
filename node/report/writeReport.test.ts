// writeReportFile puts the whole report at the path (replacing an older one), leaves no temporary file
// beside it, and fails, leaving nothing, when the folder is missing.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lenet5 } from '../../src/templates/lenet5';
import { buildReportHtml } from '../../src/report/buildReport';
import { writeReportFile } from './writeReport';

const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});
const html = (lang: 'en' | 'ko') => buildReportHtml({ lang, generatedAt: '2026-12-02T18:30:00Z', project: { name: '숫자 분류기', graph: lenet5().graph } });

describe('writeReportFile', () => {
  it('writes the report as UTF-8, replaces an older one and leaves no temporary file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cnn-report-write-'));
    dirs.push(dir);
    const file = path.join(dir, 'report.html');
    await writeFile(file, 'old');
    const written = await writeReportFile(file, html('ko'));
    expect(written).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(html('ko'));
    expect(await readdir(dir)).toEqual(['report.html']);
  });

  it('fails when the folder does not exist, writing nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'cnn-report-write-'));
    dirs.push(dir);
    await expect(writeReportFile(path.join(dir, 'missing', 'report.html'), html('en'))).rejects.toThrow(/ENOENT/);
    expect(await readdir(dir)).toEqual([]);
  });
});
