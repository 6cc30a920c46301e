// The project templates (src/templates, written by the templates feature) seen as project documents.
// Imported lazily so the host and CLI start without building every template graph.
import { ProjectDocSchema, PROJECT_FORMAT, PROJECT_VERSION, type ProjectDoc } from './schema';

export interface TemplateEntry {
  id: string;
  name: string;
  description?: string;
  category?: string;
  makeDoc(): ProjectDoc;
}

/** A template may give a whole document, a graph, or a function making either; all become a ProjectDoc. */
function toDoc(made: any, fallbackName: string): ProjectDoc {
  const value = typeof made === 'function' ? made() : made;
  if (value && typeof value === 'object' && 'format' in value) return ProjectDocSchema.parse(value);
  if (value && typeof value === 'object' && 'graph' in value)
    return ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name: fallbackName, ...value });
  return ProjectDocSchema.parse({ format: PROJECT_FORMAT, version: PROJECT_VERSION, name: fallbackName, graph: value });
}

function entryOf(t: any): TemplateEntry {
  const name = String(t.name ?? t.title ?? t.id);
  const source = t.build ?? t.create ?? t.makeDoc ?? t.doc ?? t.project ?? t.graph;
  return {
    id: String(t.id),
    name,
    description: typeof t.description === 'string' ? t.description : undefined,
    category: typeof t.category === 'string' ? t.category : undefined,
    makeDoc: () => toDoc(typeof source === 'function' ? source.bind(t) : source, name),
  };
}

export async function loadTemplates(): Promise<TemplateEntry[]> {
  const mod: any = await import('../templates');
  const list: any[] =
    mod.templates ?? (typeof mod.listTemplates === 'function' ? mod.listTemplates() : undefined) ?? mod.default ?? [];
  return (Array.isArray(list) ? list : Object.values(list)).map(entryOf);
}

export async function findTemplate(id: string): Promise<TemplateEntry | undefined> {
  return (await loadTemplates()).find((t) => t.id === id);
}
