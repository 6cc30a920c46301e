import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { atomicWrite } from './atomicWrite';

// Root ignores directory permissions: as root (CI containers), the read-only case runs atomicWrite in a child
// that setpriv (util-linux) drops to the unprivileged user `nobody`, so the kernel really refuses the write.
const isRoot = process.getuid?.() === 0;
const SETPRIV = '/usr/bin/setpriv';
const NOBODY = 65534;

/** atomicWrite(target, data) as `nobody`; resolves to the error code it failed with ('' if it did not). */
function atomicWriteAsNobody(target: string, data: string): string {
  const mod = pathToFileURL(path.join(import.meta.dirname, 'atomicWrite.ts')).href;
  const code = `import { atomicWrite } from ${JSON.stringify(mod)};
    atomicWrite(${JSON.stringify(target)}, ${JSON.stringify(data)}, { backup: true }).then(() => console.log(''), (e) => console.log(e.code ?? e.message));`;
  const r = spawnSync(SETPRIV, [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '--', process.execPath, '--import', 'tsx', '--input-type=module', '-e', code], {
    cwd: path.join(import.meta.dirname, '..', '..'),
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`setpriv child failed (${r.status}): ${r.stderr}`);
  return r.stdout.trim();
}

let dir: string;
beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), 'atomic-'))));
afterEach(() => {
  chmodSync(dir, 0o755);
  rmSync(dir, { recursive: true, force: true });
});

describe('atomicWrite', () => {
  it('replaces the file and keeps the previous version as .bak', async () => {
    const f = path.join(dir, 'm.cnnproj');
    await atomicWrite(f, 'first', { backup: true });
    expect(readdirSync(dir)).toEqual(['m.cnnproj']); // no .bak for a new file
    await atomicWrite(f, 'second', { backup: true });
    expect(readFileSync(f, 'utf8')).toBe('second');
    expect(readFileSync(f + '.bak', 'utf8')).toBe('first');
  });

  it('leaves the old file intact and no temp file when it fails between write and rename', async () => {
    const f = path.join(dir, 'm.cnnproj');
    writeFileSync(f, 'old content');
    let tempSeen = '';
    await expect(
      atomicWrite(f, 'new content', {
        backup: true,
        beforeRename: (temp) => {
          tempSeen = readFileSync(temp, 'utf8'); // the temp file is complete before the rename
          throw new Error('simulated crash');
        },
      }),
    ).rejects.toThrow('simulated crash');
    expect(tempSeen).toBe('new content');
    expect(readFileSync(f, 'utf8')).toBe('old content');
    expect(readdirSync(dir)).toEqual(['m.cnnproj']);
  });

  it.skipIf(isRoot && !existsSync(SETPRIV))(
    `leaves the old file intact when the folder is read-only${isRoot && !existsSync(SETPRIV) ? ' (skipped: root, and no setpriv to drop privileges)' : ''}`,
    async () => {
      const f = path.join(dir, 'm.cnnproj');
      writeFileSync(f, 'old content');
      chmodSync(dir, 0o555);
      if (isRoot) expect(atomicWriteAsNobody(f, 'new content')).toBe('EACCES');
      else await expect(atomicWrite(f, 'new content', { backup: true })).rejects.toThrow(/EACCES|EPERM/);
      expect(readFileSync(f, 'utf8')).toBe('old content');
      expect(readdirSync(dir)).toEqual(['m.cnnproj']);
    },
  );

  it('fails without touching anything when the target\'s folder is a file (ENOTDIR)', async () => {
    const notADir = path.join(dir, 'plain-file');
    writeFileSync(notADir, 'not a folder');
    await expect(atomicWrite(path.join(notADir, 'm.cnnproj'), 'x', { backup: true })).rejects.toThrow(/ENOTDIR/);
    expect(readFileSync(notADir, 'utf8')).toBe('not a folder');
    expect(readdirSync(dir)).toEqual(['plain-file']);
  });

  it('removes the temp files of a killed earlier write when it next writes there, and leaves a running writer’s', async () => {
    const f = path.join(dir, 'm.cnnproj');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const abandoned = path.join(dir, `.m.cnnproj.cnn-tmp-${deadPid}-0a1b2c3d`);
    const running = path.join(dir, `.m.cnnproj.cnn-tmp-${process.ppid}-0a1b2c3d`);
    writeFileSync(abandoned, 'half a project');
    writeFileSync(running, 'being written');
    await atomicWrite(f, 'saved');
    expect(readdirSync(dir).sort()).toEqual([path.basename(running), 'm.cnnproj'].sort());
  });

  it('fails without touching anything when the folder does not exist', async () => {
    await expect(atomicWrite(path.join(dir, 'missing', 'm.cnnproj'), 'x')).rejects.toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
