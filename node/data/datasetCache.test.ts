// The manifest is stored as columns; it must read back exactly, and version-1 manifests (entries as objects,
// written by earlier releases) must still be read so an upgrade does not decode every dataset again.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BLOB, CACHE_VERSION, MANIFEST, type Manifest, readManifest, writeManifest } from './datasetCache';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

function manifestOf(n: number): Manifest {
  return {
    version: CACHE_VERSION,
    folder: '/data/펫',
    key: { height: 2, width: 2, channels: 1, resize: 'stretch' },
    fingerprint: 'f'.repeat(40),
    n,
    height: 2,
    width: 2,
    channels: 1,
    classNames: ['cat', 'dog'],
    entries: Array.from({ length: n }, (_, i) => ({
      rel: `${i % 2 ? 'dog' : 'cat'}/${i} ü.png`,
      size: 100 + i,
      mtimeMs: 1_700_000_000_000 + i,
      label: i % 2,
      w: 28 + i,
      h: 30,
      slot: n - 1 - i,
      ...(i % 3 === 0 ? { split: 'validation' as const } : i % 3 === 1 ? { split: 'train' as const } : {}),
    })),
    skipped: [{ path: 'cat/bad.png', code: 'corrupt', reason: 'Not a PNG.', size: 3, mtimeMs: 5 }],
    validationIndices: [0, 3],
    channelStats: { mean: [0.5], std: [0.25] },
    split: { fraction: 0.2, seed: 1 },
    report: { folder: '/data/펫', scanned: n + 1, imported: n, skipped: [], classes: [], warnings: [] } as unknown as Manifest['report'],
  };
}

function cacheDir(n: number): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cnn-cache-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, BLOB), Buffer.alloc(n * 4));
  return dir;
}

describe('dataset cache manifest', () => {
  it.each([0, 1, 7])('reads back exactly what was written (%i entries), stored as columns', async (n) => {
    const dir = cacheDir(n);
    const m = manifestOf(n);
    await writeManifest(dir, m);
    const stored = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'));
    expect(stored.entries).toBeUndefined();
    expect(stored.columns.rel).toHaveLength(n);
    expect(await readManifest(dir)).toEqual(m);
  });

  it('still reads a version-1 manifest (entries as objects)', async () => {
    const dir = cacheDir(7);
    const m = manifestOf(7);
    writeFileSync(path.join(dir, MANIFEST), JSON.stringify({ ...m, version: 1 }));
    expect(await readManifest(dir)).toEqual(m);
    // …and rewrites it as columns, so the next re-open reads the fast form.
    expect(JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'))).toMatchObject({ version: CACHE_VERSION, columns: { rel: m.entries.map((e) => e.rel) } });
    expect(await readManifest(dir)).toEqual(m);
  });

  it('treats a damaged manifest or a short blob as no cache (the folder is decoded again)', async () => {
    const dir = cacheDir(7);
    await writeManifest(dir, manifestOf(7));
    const stored = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8'));
    stored.columns.size.pop();
    writeFileSync(path.join(dir, MANIFEST), JSON.stringify(stored));
    expect(await readManifest(dir)).toBeUndefined();
    await writeManifest(dir, manifestOf(8)); // 8 records of 4 bytes, the blob holds 7
    expect(await readManifest(dir)).toBeUndefined();
    writeFileSync(path.join(dir, MANIFEST), '{"version": 99}');
    expect(await readManifest(dir)).toBeUndefined();
  });
});
