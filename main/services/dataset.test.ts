// The dataset channels through the real dispatcher (zod-checked both ways), as the UI and the trainer call them.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { datasetChannels } from '../../src/contract/dataset';
import type { HandlerContext } from './context';
import { fashionImage, greyPng } from '../../node/data/testImages';

const FASHION = '/usr/share/datasets/fashion-mnist';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cnn-dataset-svc-'));
const folder = path.join(tmp, 'data');
const events: { event: string; payload: any }[] = [];
const ctx: HandlerContext = { emit: (event, payload) => events.push({ event, payload }), allowedRoots: [tmp], resourcesDir: tmp, userDataDir: path.join(tmp, 'user') };

async function dispatcher() {
  // Imported together so a module reset (a "host restart") gives one consistent HostFailure class.
  const { handlers } = await import('./dataset');
  const { createDispatcher } = await import('../transport/dispatch');
  return createDispatcher(datasetChannels, handlers);
}

beforeAll(async () => {
  for (const cls of ['boot', 'coat']) for (let i = 0; i < 12; i++) {
    mkdirSync(path.join(folder, cls), { recursive: true });
    writeFileSync(path.join(folder, cls, `${String(i).padStart(2, "0")}.png`), await greyPng(cls === 'boot' ? i : 100 + i));
  }
  writeFileSync(path.join(folder, 'coat', 'broken.png'), 'nope');
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('dataset channels', () => {
  let datasetId: string;
  it('importFolder returns the report, summary and thumbnails, with progress events for the job', async () => {
    const call = await dispatcher();
    const r: any = await call('dataset.importFolder', { path: folder, options: { height: 28, width: 28, channels: 1 }, jobId: 'job-1' }, ctx);
    expect(r.ok).toBe(true);
    datasetId = r.value.datasetId;
    expect(r.value.summary).toMatchObject({ n: 24, classNames: ['boot', 'coat'], trainCount: 20, validationCount: 4 });
    expect(r.value.report.skipped).toEqual([expect.objectContaining({ path: 'coat/broken.png', code: 'not-an-image' })]);
    expect(r.value.thumbnails.classes.map((c: any) => c.k)).toEqual([8, 8]);
    expect(r.value.thumbnails.classes[0].pixels.length).toBe(8 * 28 * 28);
    const progress = events.filter((e) => e.event === 'dataset.progress').map((e) => e.payload);
    expect(progress.every((p) => p.jobId === 'job-1')).toBe(true);
    expect(progress.some((p) => p.phase === 'decode' && p.done === 24 + 1)).toBe(true); // 25 files tried
  });

  it('getBatch serves samples by id — also after a host restart, from the cache on disk', async () => {
    for (const fresh of [false, true]) {
      if (fresh) vi.resetModules();
      const call = await dispatcher();
      const r: any = await call('dataset.getBatch', { datasetId, start: 11, count: 3 }, ctx);
      expect(r.ok).toBe(true);
      expect(r.value.n).toBe(3);
      expect([...r.value.labels]).toEqual([0, 1, 1]);
      expect(Buffer.from(r.value.images.subarray(0, 784)).equals(Buffer.from(fashionImage(11)))).toBe(true);
      expect(Buffer.from(r.value.images.subarray(784, 1568)).equals(Buffer.from(fashionImage(100)))).toBe(true);
      const info: any = await call('dataset.info', { datasetId }, ctx);
      expect(info.value.validationIndices).toHaveLength(4);
      expect([...info.value.labels]).toEqual([...Array(12).fill(0), ...Array(12).fill(1)]);
      // Shuffled indices, as a streamed training batch asks for them.
      const s: any = await call('dataset.getSamples', { datasetId, indices: [12, 0, 11] }, ctx);
      expect([...s.value.labels]).toEqual([1, 0, 0]);
      expect(Buffer.from(s.value.images.subarray(0, 784)).equals(Buffer.from(fashionImage(100)))).toBe(true);
      expect(Buffer.from(s.value.images.subarray(1568)).equals(Buffer.from(fashionImage(11)))).toBe(true);
    }
  });

  it.each([
    { name: 'unknown id', req: { datasetId: 'ffffffffffffffffffffffff', start: 0, count: 1 }, code: 'not-found' },
    { name: 'not an id', req: { datasetId: '../../etc', start: 0, count: 1 }, code: 'not-found' },
    { name: 'past the end', req: () => ({ datasetId, start: 24, count: 1 }), code: 'out-of-range' },
    { name: 'negative start', req: () => ({ datasetId, start: -1, count: 1 }), code: 'bad-request' },
    { name: 'a sample past the end', channel: 'dataset.getSamples', req: () => ({ datasetId, indices: [0, 24] }), code: 'out-of-range' },
    { name: 'no samples', channel: 'dataset.getSamples', req: () => ({ datasetId, indices: [] }), code: 'bad-request' },
  ])('getBatch/getSamples refuses $name', async ({ req, code, channel }) => {
    const call = await dispatcher();
    const r: any = await call(channel ?? 'dataset.getBatch', typeof req === 'function' ? req() : req, ctx);
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe(code);
  });

  it('refuses folders outside the allowed roots', async () => {
    const call = await dispatcher();
    const r: any = await call('dataset.importFolder', { path: '/etc', options: {} }, ctx);
    expect(r.error.code).toBe('outside-allowed-folders');
  });

  it('saveReport writes JSON; cancel of an unknown job says so', async () => {
    const call = await dispatcher();
    const out = path.join(tmp, 'report.json');
    const r: any = await call('dataset.saveReport', { datasetId, path: out }, ctx);
    expect(r.ok).toBe(true);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved.report.classes.map((c: any) => c.count)).toEqual([12, 12]);
    expect(((await call('dataset.cancel', { jobId: 'nope' }, ctx)) as any).value).toEqual({ cancelled: false });
  });

  describe('saveReport writes only a .json report, backing up what it replaces', () => {
    const ssh = path.join(tmp, '.ssh');
    const keys = path.join(ssh, 'authorized_keys');
    beforeAll(() => {
      mkdirSync(ssh, { recursive: true });
      writeFileSync(keys, 'ssh-ed25519 AAAA me@host\n');
      symlinkSync(keys, path.join(tmp, 'innocent.json'));
      mkdirSync(path.join(tmp, 'folder.json'));
    });

    it.each([
      { name: 'an authorized_keys file', target: () => keys, code: 'bad-path', message: /^Reports are saved as \.json files — save it as authorized_keys\.json\.$/ },
      { name: 'a .json file in a hidden folder (~/.ssh)', target: () => path.join(ssh, 'report.json'), code: 'bad-path', message: /not saved inside hidden folders \(\.ssh\)/ },
      { name: 'a .json link to authorized_keys', target: () => path.join(tmp, 'innocent.json'), code: 'bad-path', message: /innocent\.json is a link to .*authorized_keys, which is not a \.json file/ },
      { name: 'a folder named like a report', target: () => path.join(tmp, 'folder.json'), code: 'bad-path', message: /is a folder or a special file, not a report/ },
      { name: 'a folder that does not exist', target: () => path.join(tmp, 'nope', 'r.json'), code: 'not-found', message: /does not exist — choose an existing folder/ },
      { name: 'a file outside the allowed folders', target: () => '/etc/r.json', code: 'outside-allowed-folders', message: /outside the folders this app may use/ },
    ])('refuses $name and changes nothing', async ({ target, code, message }) => {
      const call = await dispatcher();
      const r: any = await call('dataset.saveReport', { datasetId, path: target() }, ctx);
      expect([r.ok, r.error?.code]).toEqual([false, code]);
      expect(r.error.message).toMatch(message);
      expect(readFileSync(keys, 'utf8')).toBe('ssh-ed25519 AAAA me@host\n');
      expect(existsSync(`${keys}.bak`)).toBe(false);
    });

    it('over an existing report: the old one is kept as .bak, as a project save does', async () => {
      const call = await dispatcher();
      const out = path.join(tmp, 'again.json');
      writeFileSync(out, '{"mine": true}');
      const r: any = await call('dataset.saveReport', { datasetId, path: out }, ctx);
      expect(r.ok).toBe(true);
      expect(JSON.parse(readFileSync(out, 'utf8')).report.classes).toHaveLength(2);
      expect(readFileSync(`${out}.bak`, 'utf8')).toBe('{"mine": true}');
    });
  });

  it('importFolder does not follow links out of the allowed folders; the rest imports', async () => {
    const outside = mkdtempSync(path.join(os.tmpdir(), 'cnn-dataset-outside-'));
    try {
      writeFileSync(path.join(outside, 'private.png'), await greyPng(3));
      const linked = path.join(tmp, 'linked');
      mkdirSync(path.join(linked, 'a'), { recursive: true });
      mkdirSync(path.join(linked, 'b'), { recursive: true });
      writeFileSync(path.join(linked, 'a', '0.png'), await greyPng(1));
      writeFileSync(path.join(linked, 'b', '0.png'), await greyPng(2));
      symlinkSync(path.join(outside, 'private.png'), path.join(linked, 'a', 'private.png'));
      symlinkSync(outside, path.join(linked, 'c'));
      const call = await dispatcher();
      const r: any = await call('dataset.importFolder', { path: linked, options: { validationSplit: 0 } }, ctx);
      expect(r.ok).toBe(true);
      expect(r.value.summary.n).toBe(2);
      expect(r.value.report.skipped).toEqual(
        expect.arrayContaining([
          { path: 'a/private.png', code: 'outside-allowed-folders', reason: expect.stringContaining('outside the folders this app may read — not followed') },
          { path: 'c', code: 'outside-allowed-folders', reason: expect.stringContaining(outside) },
        ]),
      );
    } finally {
      rmSync(outside, { recursive: true, force: true });
    }
  });

  it('cancel stops the import itself: the job answers "cancelled" within a second of the cancel', async () => {
    const wide = path.join(tmp, 'wide');
    for (let d = 0; d < 10; d++) {
      mkdirSync(path.join(wide, `c${d}`), { recursive: true });
      for (let i = 0; i < 200; i++) writeFileSync(path.join(wide, `c${d}`, `${i}.png`), '');
    }
    const call = await dispatcher();
    let cancelledAt = 0;
    // The cancel arrives at the first progress event, as the UI's Cancel button would send it.
    const emit: HandlerContext['emit'] = (event, payload) => {
      if (event !== 'dataset.progress' || payload.jobId !== 'job-cancel' || cancelledAt) return;
      cancelledAt = performance.now();
      void call('dataset.cancel', { jobId: 'job-cancel' }, ctx);
    };
    const r: any = await call('dataset.importFolder', { path: wide, options: {}, jobId: 'job-cancel' }, { ...ctx, emit });
    expect([r.ok, r.error?.code]).toEqual([false, 'cancelled']);
    expect(performance.now() - cancelledAt).toBeLessThan(1000);
  });

  it('importFolder detects an IDX folder (real Fashion-MNIST t10k) and fits it to the Input: 28×28 grey → 32×32 RGB', async () => {
    const idx = path.join(tmp, 'fashion-idx');
    mkdirSync(idx);
    for (const kind of ['images-idx3', 'labels-idx1']) copyFileSync(path.join(FASHION, `t10k-${kind}-ubyte.gz`), path.join(idx, `train-${kind}-ubyte.gz`));
    const call = await dispatcher();
    const r: any = await call('dataset.importFolder', { path: idx, options: { height: 32, width: 32, channels: 3 } }, ctx);
    expect(r.ok).toBe(true);
    expect(r.value.format).toBe('idx');
    expect(r.value.summary).toMatchObject({ n: 10000, height: 32, width: 32, channels: 3 });
    expect(r.value.report.classes.map((c: any) => c.count)).toEqual(Array(10).fill(1000));
    const b: any = await call('dataset.getBatch', { datasetId: r.value.datasetId, start: 0, count: 1 }, ctx);
    const px = b.value.images as Uint8Array;
    // Grey replicated into R, G, B; and the picture is there (Fashion-MNIST's first test image is an ankle boot).
    for (let i = 0; i < 32 * 32; i++) expect(px[i * 3]).toBe(px[i * 3 + 2]);
    expect(px.reduce((a, v) => a + v, 0) / px.length).toBeGreaterThan(20);
    expect(b.value.labels[0]).toBe(9);
  });

  it('importFolder detects CIFAR-10 binary batches', async () => {
    const cifar = path.join(tmp, 'cifar', 'cifar-10-batches-bin');
    mkdirSync(cifar, { recursive: true });
    const records = 20;
    const bytes = new Uint8Array(records * 3073);
    for (let r = 0; r < records; r++) {
      bytes[r * 3073] = r % 10;
      bytes.fill(r * 10, r * 3073 + 1, r * 3073 + 3073);
    }
    writeFileSync(path.join(cifar, 'data_batch_1.bin'), bytes);
    const call = await dispatcher();
    const r: any = await call('dataset.importFolder', { path: path.dirname(cifar), options: { height: 32, width: 32, channels: 3 } }, ctx);
    expect(r.ok).toBe(true);
    expect(r.value.format).toBe('cifar10');
    expect(r.value.summary).toMatchObject({ n: 20, height: 32, width: 32, channels: 3, classNames: expect.arrayContaining(['airplane', 'truck']) });
    const b: any = await call('dataset.getBatch', { datasetId: r.value.datasetId, start: 3, count: 1 }, ctx);
    expect(b.value.labels[0]).toBe(3);
    expect(new Set(b.value.images)).toEqual(new Set([30]));
  });

  it('keeps the 8 most recently used datasets open; an older one re-opens from its cache on its next use', async () => {
    vi.resetModules();
    const call = await dispatcher();
    const { openDatasets } = await import('./dataset');
    // Ten one-image CIFAR folders, image k all pixels 10·k.
    const ids: string[] = [];
    for (let k = 0; k < 10; k++) {
      const dir = path.join(tmp, `one-cifar-${k}`);
      mkdirSync(dir);
      const record = new Uint8Array(3073).fill(10 * k);
      record[0] = k;
      writeFileSync(path.join(dir, 'data_batch_1.bin'), record);
      const r: any = await call('dataset.importFolder', { path: dir, options: { height: 32, width: 32, channels: 3 } }, ctx);
      expect(r.ok).toBe(true);
      ids.push(r.value.datasetId);
    }
    expect(openDatasets.keys()).toEqual(ids.slice(2));
    // The first one is no longer held, and still served: read back from the cache on disk.
    const b: any = await call('dataset.getBatch', { datasetId: ids[0], start: 0, count: 1 }, ctx);
    expect([b.ok, b.value.labels[0], new Set(b.value.images)]).toEqual([true, 0, new Set([0])]);
    expect(openDatasets.keys()).toEqual([...ids.slice(3), ids[0]]);
  });
});
