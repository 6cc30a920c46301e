// Writes resources/templates/<id>.cnnproj from the template builders in src/templates (run: npx tsx scripts/gen-templates.ts).
// src/templates/templateFile.test.ts fails when a committed file differs from what this writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateFileName, templateFileText } from '../src/templates/templateFile';
import { templates } from '../src/templates';

const dir = join(import.meta.dirname, '..', 'resources', 'templates');
mkdirSync(dir, { recursive: true });
for (const t of templates) writeFileSync(join(dir, templateFileName(t)), templateFileText(t));
console.log(`wrote ${templates.length} templates to ${dir}`);
