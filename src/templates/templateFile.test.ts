// The shipped .cnnproj files never drift from the builders (regenerate with `npx tsx scripts/gen-templates.ts`),
// and each opens through the app's own project loader as a valid network.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { templates } from './index';
import { templateFileName, templateFileText } from './templateFile';
import { parseProjectFile } from '../project/projectFile';
import { analyzeGraph } from '../analysis/analyzeGraph';

const dir = join(__dirname, '..', '..', 'resources', 'templates');

describe('resources/templates', () => {
  it.each(templates.map((t) => [templateFileName(t), t] as const))('%s equals its builder and opens as a valid project', (file, t) => {
    const text = readFileSync(join(dir, file), 'utf8');
    expect(text, 'stale file: run `npx tsx scripts/gen-templates.ts`').toBe(templateFileText(t));
    const parsed = parseProjectFile(text);
    expect(parsed.ok && parsed.doc.name).toBe(t.build().name);
    if (parsed.ok) expect(analyzeGraph(parsed.doc.graph).ok).toBe(true);
  });

  it('holds no file without a template', () => {
    expect(readdirSync(dir).filter((f) => f.endsWith('.cnnproj')).sort()).toEqual(templates.map(templateFileName).sort());
  });
});
