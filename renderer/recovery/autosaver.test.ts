// The autosave schedule with fake timers, against an in-memory host that keeps recovery slots the way the
// recovery service does (one document per slot id; main/recovery/recoveryStore.test.ts tests the real one
// on disk). The renderer's tests import only src/ and renderer/, like the renderer.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { smallProjectDoc } from '../../src/project/testDoc';
import type { ProjectDoc } from '../../src/project/schema';
import { createAutosaver } from './autosaver';

/** recovery.autosave / .discard / .check with the requests the renderer sends through `host.invoke`. */
function fakeRecoveryHost() {
  const slots = new Map<string, { doc: ProjectDoc; projectPath?: string }>();
  const settle = () => new Promise<void>((r) => queueMicrotask(r)); // a host call is never synchronous
  return {
    async autosave(req: { id?: string; doc: ProjectDoc; projectPath?: string }) {
      await settle();
      slots.set(req.id ?? 'default', { doc: req.doc, projectPath: req.projectPath });
    },
    async discard(req: { id?: string }) {
      await settle();
      slots.delete(req.id ?? 'default');
    },
    check: () => [...slots.values()].map((s) => s.doc.name),
    projectPath: (id: string) => slots.get(id)?.projectPath,
  };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('autosaver', () => {
  it('writes a dirty document every interval, only when it changed, and discards it once clean', async () => {
    const host = fakeRecoveryHost();
    const saves: string[] = [];
    const a = createAutosaver({
      intervalMs: 30_000,
      save: async (doc, projectPath) => {
        saves.push(doc.name);
        await host.autosave({ id: 'w1', doc, projectPath });
      },
      discard: () => host.discard({ id: 'w1' }),
    });
    const v1 = smallProjectDoc('Edit 1');
    a.update({ doc: v1, dirty: false });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(saves).toEqual([]); // clean: nothing to protect
    a.update({ doc: v1, dirty: true, projectPath: '/home/me/a.cnnproj' });
    await vi.advanceTimersByTimeAsync(29_999);
    expect(saves).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(saves).toEqual(['Edit 1']);
    expect(host.check()).toEqual(['Edit 1']);
    expect(host.projectPath('w1')).toBe('/home/me/a.cnnproj');
    await a.flush(); // unchanged since the last autosave: no write
    expect(saves).toEqual(['Edit 1']);
    a.update({ doc: smallProjectDoc('Edit 2'), dirty: true });
    await a.flush();
    expect(host.check()).toEqual(['Edit 2']);
    a.update({ doc: smallProjectDoc('Edit 2'), dirty: false }); // saved by the user
    await a.flush();
    expect(host.check()).toEqual([]);
    a.stop();
  });

  it('discards the autosave as soon as the document is saved, not at the next tick', async () => {
    const host = fakeRecoveryHost();
    const a = createAutosaver({
      intervalMs: 30_000,
      save: (doc, projectPath) => host.autosave({ id: 'w1', doc, projectPath }),
      discard: () => host.discard({ id: 'w1' }),
    });
    a.update({ doc: smallProjectDoc('Edit 1'), dirty: true });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(host.check()).toEqual(['Edit 1']);
    a.update({ doc: smallProjectDoc('Edit 1'), dirty: false }); // saved by the user; the window may close now
    await vi.advanceTimersByTimeAsync(0); // the host's reply, no timer tick
    expect(host.check()).toEqual([]);
    a.stop();
  });

  it('saved while an autosave is being written: discarded right after it lands', async () => {
    const host = fakeRecoveryHost();
    let release: () => void = () => {};
    const a = createAutosaver({
      intervalMs: 30_000,
      save: async (doc, projectPath) => {
        await new Promise<void>((r) => (release = r));
        await host.autosave({ id: 'w1', doc, projectPath });
      },
      discard: () => host.discard({ id: 'w1' }),
    });
    a.update({ doc: smallProjectDoc('Edit 1'), dirty: true });
    await vi.advanceTimersByTimeAsync(30_000); // the autosave starts and waits
    a.update({ doc: smallProjectDoc('Edit 1'), dirty: false }); // the user saves meanwhile
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(host.check()).toEqual([]);
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

  it('does not overlap a slow save with the next tick', async () => {
    let running = 0;
    let most = 0;
    const a = createAutosaver({
      intervalMs: 1000,
      save: async () => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 2500));
        running--;
      },
      discard: async () => {},
    });
    a.update({ doc: smallProjectDoc('A'), dirty: true });
    await vi.advanceTimersByTimeAsync(1000);
    a.update({ doc: smallProjectDoc('B'), dirty: true });
    await vi.advanceTimersByTimeAsync(5000);
    expect(most).toBe(1);
    a.stop();
  });
});
