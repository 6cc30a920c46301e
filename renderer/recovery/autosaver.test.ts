// The autosave schedule with fake timers and the real recovery service behind it (a temp userData folder).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { channels } from '../../src/contract';
import { createDispatcher } from '../../main/transport/dispatch';
import { handlers } from '../../main/services/recovery';
import { smallProjectDoc } from '../../src/project/testDoc';
import { createAutosaver } from './autosaver';

let dir: string;
const dispatch = createDispatcher(channels, handlers as any);
const ctx = () => ({ emit: () => {}, allowedRoots: [], resourcesDir: dir, userDataDir: dir });
const check = async () => ((await dispatch('recovery.check', {}, ctx())) as any).value.items.map((i: any) => i.name);

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'autosave-'));
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

describe('autosaver', () => {
  it('writes a dirty document every interval, only when it changed, and discards it once clean', async () => {
    const saves: string[] = [];
    const a = createAutosaver({
      intervalMs: 30_000,
      save: async (doc, projectPath) => {
        saves.push(doc.name);
        const r = await dispatch('recovery.autosave', { id: 'w1', doc, projectPath }, ctx());
        if (!r.ok) throw new Error(r.error.message);
      },
      discard: () => dispatch('recovery.discard', { id: 'w1' }, ctx()),
    });
    const v1 = smallProjectDoc('Edit 1');
    a.update({ doc: v1, dirty: false });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(saves).toEqual([]); // clean: nothing to protect
    a.update({ doc: v1, dirty: true, projectPath: '/home/me/a.cnnproj' });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    vi.useRealTimers(); // the file system needs real time to finish
    await new Promise((r) => setTimeout(r, 50));
    expect(saves).toEqual(['Edit 1']);
    expect(await check()).toEqual(['Edit 1']);
    await a.flush(); // unchanged since the last autosave: no write
    expect(saves).toEqual(['Edit 1']);
    a.update({ doc: smallProjectDoc('Edit 2'), dirty: true });
    await a.flush();
    expect(await check()).toEqual(['Edit 2']);
    a.update({ doc: smallProjectDoc('Edit 2'), dirty: false }); // saved by the user
    await a.flush();
    expect(await check()).toEqual([]);
    a.stop();
  });

  it('keeps trying after a failed autosave', async () => {
    let calls = 0;
    const errors: unknown[] = [];
    const a = createAutosaver({
      intervalMs: 1000,
      save: async () => {
        if (++calls === 1) throw new Error('disk full');
      },
      discard: async () => {},
      onError: (e) => errors.push(e),
    });
    a.update({ doc: smallProjectDoc(), dirty: true });
    await vi.advanceTimersByTimeAsync(2000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    a.stop();
  });
});
