// Writes resources/templates/<id>.cnnproj from the template builders in src/templates (run: npx tsx scripts/gen-templates.ts).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { templateFileText } from '../src/templates/templateFile';
import { templates } from '../src/templates';

const dir = join(import.meta.dirname, '..', 'resources', 'templates');
for (const t of templates) writeFileSync(join(dir, `${t.id}.cnnproj`), templateFileText(t));
console.log(`wrote ${templates.length} templates to ${dir}`);
