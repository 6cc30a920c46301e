// Packaged builds flip Electron's fuses (electron-builder "electronFuses"): no ELECTRON_RUN_AS_NODE, no
// NODE_OPTIONS, no --inspect, app code only from a validated asar. Checked against electron-builder's schema.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repo = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8'));
const scheme = createRequire(import.meta.url)('app-builder-lib/scheme.json');

describe('Electron fuses in package.json "build"', () => {
  const fuses = pkg.build?.electronFuses ?? {};

  it.each([
    ['runAsNode', false],
    ['enableCookieEncryption', true],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
    ['grantFileProtocolExtraPrivileges', false],
  ])('%s is %s', (name, value) => expect(fuses[name]).toBe(value));

  it('uses only fuse names electron-builder knows, each a boolean', () => {
    const known = scheme.definitions.FuseOptionsV1.properties as Record<string, { type: string }>;
    expect(scheme.properties.electronFuses).toBeDefined();
    for (const [name, value] of Object.entries(fuses)) {
      expect(Object.keys(known), `unknown fuse "${name}"`).toContain(name);
      expect(typeof value).toBe(known[name].type);
    }
  });

  it('packs the app into an asar, which the asar fuses need', () => {
    expect(pkg.build.asar).toBe(true);
    expect(pkg.build.files).not.toContain('**/*');
  });
});
