// Channels and events of the project area (project files, recent list, templates, file dialogs).
// Owned by the project feature; listed in ./index.ts.
import { z } from 'zod';
import { defineChannels, defineEvents } from './define';
import { PathSchema } from './primitives';
import { ProjectDocSchema } from '../project/schema';

export const RecentProjectSchema = z.object({
  path: PathSchema,
  name: z.string().max(500),
  openedAt: z.string().max(100),
});

export const TemplateInfoSchema = z.object({
  id: z.string().max(200),
  name: z.string().max(500),
  description: z.string().max(5000).optional(),
  category: z.string().max(200).optional(),
});

const FileFilterSchema = z.object({ name: z.string().max(200), extensions: z.array(z.string().max(20)).max(20) });

/** Web mode has no native dialogs: the UI shows its own path prompt when `supported` is false. */
export const DialogResultSchema = z.union([
  z.object({ supported: z.literal(false) }),
  z.object({ supported: z.literal(true), canceled: z.boolean(), path: PathSchema.optional() }),
]);

export const projectChannels = defineChannels({
  'project.new': {
    request: z.object({ templateId: z.string().min(1).max(200) }),
    response: z.object({ doc: ProjectDocSchema }),
  },
  'project.open': {
    request: z.object({ path: PathSchema }),
    /** migratedFrom: the file's version when it was older (save writes the current version). */
    response: z.object({ doc: ProjectDocSchema, path: PathSchema, migratedFrom: z.number().int().optional() }),
  },
  'project.save': {
    request: z.object({ path: PathSchema, doc: ProjectDocSchema }),
    response: z.object({ path: PathSchema, bytes: z.number().int() }),
  },
  'project.recent': {
    request: z.object({}).default({}),
    response: z.object({ items: z.array(RecentProjectSchema).max(10) }),
  },
  'project.listTemplates': {
    request: z.object({}).default({}),
    response: z.object({ templates: z.array(TemplateInfoSchema) }),
  },
  'dialog.openFile': {
    request: z
      .object({ title: z.string().max(200).optional(), filters: z.array(FileFilterSchema).max(10).optional(), directory: z.boolean().optional() })
      .default({}),
    response: DialogResultSchema,
  },
  'dialog.saveFile': {
    request: z
      .object({ title: z.string().max(200).optional(), defaultPath: PathSchema.optional(), filters: z.array(FileFilterSchema).max(10).optional() })
      .default({}),
    response: DialogResultSchema,
  },
});
export const projectEvents = defineEvents({});
export type TemplateInfo = z.infer<typeof TemplateInfoSchema>;
export type RecentProject = z.infer<typeof RecentProjectSchema>;
