// A template as the project file a user would save: the form shipped in resources/templates/, written by the
// same serializer the app saves with, so opening a template is opening an ordinary project.
import { PROJECT_FORMAT, PROJECT_VERSION, ProjectDocSchema } from '../project/schema';
import { serializeProjectFile } from '../project/projectFile';
import type { Template } from './index';

export const templateFileName = (t: Template) => `${t.id}.cnnproj`;

export function templateFileText(t: Template): string {
  return serializeProjectFile(ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, ...t.build() }));
}
