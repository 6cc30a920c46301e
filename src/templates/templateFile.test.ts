// The shipped .cnnproj files never drift from the builders (regenerate with `npx tsx scripts/gen-templates.ts`).
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templates } from './index';
import { templateFileText } from './templateFile';

describe('resources/templates', () => {
  it.each(templates.map((t) => [t.id, t] as const))('%s.cnnproj equals its builder', (id, t) => {
    const file = readFileSync(join(__dirname, '..', '..', 'resources', 'templates', `${id}.cnnproj`), 'utf8');
    expect(file).toBe(templateFileText(t));
  });
});
