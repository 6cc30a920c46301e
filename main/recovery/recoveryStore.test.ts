// The recovery service on a real userData folder: autosave replaces its slot atomically, check lists slots
// newest first and counts damaged ones, ids cannot name paths.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { channels } from '../../src/contract';
import { createDispatcher } from '../transport/dispatch';
import { handlers } from '../services/recovery';
import { smallProjectDoc } from '../../src/project/testDoc';
import { writeRecovery } from './recoveryStore';

let dir: string;
const dispatch = createDispatcher(channels, handlers as any);
const call = (channel: string, req: unknown) => dispatch(channel, req, { emit: () => {}, allowedRoots: [], resourcesDir: dir, userDataDir: dir });

beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'recovery-'))));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('recovery store', () => {
  it('keeps one file per slot, lists newest first, and discards', async () => {
    await writeRecovery(dir, { id: 'a', doc: smallProjectDoc('A old') }, new Date('2024-01-01T10:00:00Z'));
    await writeRecovery(dir, { id: 'a', doc: smallProjectDoc('A new') }, new Date('2024-01-01T12:00:00Z'));
    await writeRecovery(dir, { id: 'b', doc: smallProjectDoc('B'), projectPath: '/home/me/b.cnnproj' }, new Date('2024-01-01T11:00:00Z'));
    expect(readdirSync(path.join(dir, 'recovery')).sort()).toEqual(['a.json', 'b.json']);
    const r = (await call('recovery.check', {})) as any;
    expect(r.value.items.map((i: any) => [i.id, i.name, i.projectPath])).toEqual([
      ['a', 'A new', undefined],
      ['b', 'B', '/home/me/b.cnnproj'],
    ]);
    expect(r.value.items[0].doc).toEqual(smallProjectDoc('A new'));
    expect(await call('recovery.discard', { id: 'a' })).toEqual({ ok: true, value: { discarded: true } });
    expect(await call('recovery.discard', { id: 'a' })).toEqual({ ok: true, value: { discarded: false } });
  });

  it('counts damaged recovery files without failing, and ignores temp files', async () => {
    await call('recovery.autosave', { id: 'good', doc: smallProjectDoc('Good') });
    writeFileSync(path.join(dir, 'recovery', 'cut.json'), '{"recoveryOf":{"savedAt":"x"},"format":"cnn-studio.pro');
    writeFileSync(path.join(dir, 'recovery', '.good.json.abc123.tmp'), 'partial');
    const r = (await call('recovery.check', {})) as any;
    expect(r.value.damaged).toBe(1);
    expect(r.value.items.map((i: any) => i.name)).toEqual(['Good']);
  });

  it.each(['../escape', 'a/b', '..', '', 'x'.repeat(65), 'a.json'])('refuses the slot id %j', async (id) => {
    expect(await call('recovery.autosave', { id, doc: smallProjectDoc() })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await call('recovery.discard', { id })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('uses the "default" slot when the caller names none', async () => {
    expect(await call('recovery.autosave', { doc: smallProjectDoc() })).toMatchObject({ ok: true, value: { id: 'default' } });
  });
});
