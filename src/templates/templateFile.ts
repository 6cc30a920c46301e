// A template as the project file a user would save: the form shipped in resources/templates/.
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION } from '../project/schema';
import type { Template } from './index';

export function templateFileText(t: Template): string {
  const made = t.build();
  const doc = ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, ...made });
  return JSON.stringify(doc, null, 1) + '\n';
}
