// A block library file (.cnnblocks): the user's block definitions on their own, to carry them from one
// project to another. Pure: the hosts write and read the text, the editor parses it and merges it into the
// open graph. Versioned like project files (src/project/migrations.ts): migrations[n] turns version n into n+1.
import { z } from 'zod';
import { BlockDefinitionSchema, type BlockDefinition, type Graph } from '../graph/schema';
import { blockCycle, blocksUsedBy, findBlock, USER_BLOCK_TYPE } from '../layers/userBlock';
import { getLayer } from '../layers/registry';
import { checkJsonLimits, scanJsonText } from '../project/jsonLimits';
import { PROJECT_FORMAT } from '../project/schema';

export const BLOCK_LIBRARY_FORMAT = 'cnn-studio-blocks';
export const BLOCK_LIBRARY_VERSION = 1;
export const BLOCK_LIBRARY_EXTENSION = '.cnnblocks';
/** A library holds layer definitions only, far less than a project (src/project/projectFile.ts's 20 MB). */
export const MAX_BLOCK_LIBRARY_BYTES = 20 * 1024 * 1024;
const MAX_JSON_DEPTH = 64;

export const BlockLibrarySchema = z.object({
  format: z.literal(BLOCK_LIBRARY_FORMAT),
  version: z.literal(BLOCK_LIBRARY_VERSION),
  blocks: z.array(BlockDefinitionSchema).max(1000),
});
export type BlockLibrary = z.infer<typeof BlockLibrarySchema>;

type Json = Record<string, unknown>;
export type LibraryMigration = (doc: Json) => Json;

/** libraryMigrations[n]: version n → n + 1. Version 1 is the first, so the table is empty until a version 2. */
export const libraryMigrations: Readonly<Record<number, LibraryMigration>> = {};

/** Why a text is not a library the editor can import; the editor words each (renderer/blocks/libraryI18n.ts). */
export type BlockLibraryProblem =
  | { code: 'empty' }
  | { code: 'not-json'; detail: string }
  | { code: 'too-large'; detail: string }
  | { code: 'project-file' }
  | { code: 'not-a-library'; format?: string }
  | { code: 'bad-version'; version: string }
  | { code: 'newer-version'; version: number; supported: number }
  | { code: 'invalid-definition'; block: string; field: string; detail: string }
  | { code: 'duplicate-id'; block: string }
  | { code: 'missing-definition'; block: string; missing: string }
  | { code: 'recursive'; chain: string };

export type BlockLibraryParse = { ok: true; library: BlockLibrary; migratedFrom?: number } | { ok: false; problem: BlockLibraryProblem };

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Steps `doc` from version `from` up to `to` through `table`; a missing step means no CNN Studio wrote that
 * version (a bug or a hand edit), reported as a bad version rather than thrown.
 */
export function migrateLibrary(doc: Json, from: number, to = BLOCK_LIBRARY_VERSION, table = libraryMigrations): Json | undefined {
  let cur = doc;
  for (let v = from; v < to; v++) {
    const step = table[v];
    if (!step) return undefined;
    cur = step(cur);
  }
  return cur;
}

/** The chosen definitions (all when none are named) and every definition they nest, in the graph's order. */
export function blockLibraryOf(graph: Graph, blockIds?: readonly string[]): BlockLibrary {
  const all = graph.blocks ?? [];
  const wanted = new Set<string>();
  const visit = (id: string) => {
    const def = findBlock(all, id);
    if (!def || wanted.has(id)) return;
    wanted.add(id);
    blocksUsedBy(def).forEach(visit);
  };
  (blockIds ?? all.map((b) => b.id)).forEach(visit);
  return { format: BLOCK_LIBRARY_FORMAT, version: BLOCK_LIBRARY_VERSION, blocks: all.filter((b) => wanted.has(b.id)) };
}

/** The file text: validated, stable 2-space JSON (as project files). */
export const serializeBlockLibrary = (library: BlockLibrary): string => JSON.stringify(BlockLibrarySchema.parse(library), null, 2) + '\n';

const nameOf = (raw: unknown, index: number): string =>
  isObject(raw) && typeof raw.name === 'string' && raw.name ? raw.name : isObject(raw) && typeof raw.id === 'string' && raw.id ? raw.id : `#${index + 1}`;

/**
 * What the schema cannot see: every layer type is one this app has (a newer app's layer is not), and the
 * inputs, output and inner edges name layers inside the block.
 */
function inconsistency(def: BlockDefinition): { field: string; detail: string } | undefined {
  const unknown = def.graph.nodes.findIndex((n) => !getLayer(n.type));
  if (unknown >= 0) return { field: `graph.nodes.${unknown}.type`, detail: `no layer type "${def.graph.nodes[unknown].type}" in this app` };
  const ids = new Set(def.graph.nodes.map((n) => n.id));
  const dangling = 'names no layer inside the block';
  const input = def.inputs.findIndex((id) => !ids.has(id));
  if (input >= 0) return { field: `inputs.${input}`, detail: dangling };
  if (!ids.has(def.output)) return { field: 'output', detail: dangling };
  const edge = def.graph.edges.findIndex((e) => !ids.has(e.source) || !ids.has(e.target));
  return edge >= 0 ? { field: `graph.edges.${edge}`, detail: dangling } : undefined;
}

export function parseBlockLibrary(text: string): BlockLibraryParse {
  const fail = (problem: BlockLibraryProblem): BlockLibraryParse => ({ ok: false, problem });
  if (text.trim() === '') return fail({ code: 'empty' });
  if (text.length > MAX_BLOCK_LIBRARY_BYTES) return fail({ code: 'too-large', detail: `${(text.length / 1048576).toFixed(1)} MB` });
  const shape = scanJsonText(text, MAX_JSON_DEPTH);
  if (shape) return fail({ code: 'too-large', detail: shape.detail });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail({ code: 'not-json', detail: e instanceof Error ? e.message : String(e) });
  }
  if (!isObject(raw)) return fail({ code: 'not-a-library' });
  // Also drops `__proto__` keys, so no later copy reaches a prototype.
  const tooBig = checkJsonLimits(raw);
  if (tooBig) return fail({ code: 'too-large', detail: tooBig });
  if (raw.format === PROJECT_FORMAT) return fail({ code: 'project-file' });
  if (raw.format !== BLOCK_LIBRARY_FORMAT) return fail({ code: 'not-a-library', ...(raw.format !== undefined ? { format: JSON.stringify(raw.format).slice(0, 80) } : {}) });
  const version = raw.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return fail({ code: 'bad-version', version: JSON.stringify(version ?? null).slice(0, 40) });
  if (version > BLOCK_LIBRARY_VERSION) return fail({ code: 'newer-version', version, supported: BLOCK_LIBRARY_VERSION });
  const doc = version < BLOCK_LIBRARY_VERSION ? migrateLibrary(raw, version) : raw;
  if (!doc) return fail({ code: 'bad-version', version: String(version) });
  if (!Array.isArray(doc.blocks)) return fail({ code: 'invalid-definition', block: '—', field: 'blocks', detail: 'not a list of definitions' });

  // Each definition on its own, so the message names the one that is wrong and its field.
  const blocks: BlockDefinition[] = [];
  for (const [i, item] of (doc.blocks as unknown[]).entries()) {
    const parsed = BlockDefinitionSchema.safeParse(item);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return fail({ code: 'invalid-definition', block: nameOf(item, i), field: issue.path.join('.') || '(definition)', detail: issue.message });
    }
    const wrong = inconsistency(parsed.data);
    if (wrong) return fail({ code: 'invalid-definition', block: parsed.data.name, ...wrong });
    if (blocks.some((b) => b.id === parsed.data.id)) return fail({ code: 'duplicate-id', block: parsed.data.name });
    blocks.push(parsed.data);
  }
  for (const def of blocks) {
    const missing = blocksUsedBy(def).find((id) => !findBlock(blocks, id));
    if (missing) return fail({ code: 'missing-definition', block: def.name, missing });
    const chain = blockCycle(blocks, def.id);
    if (chain) return fail({ code: 'recursive', chain: chain.join(' → ') });
  }
  const library = BlockLibrarySchema.safeParse({ format: BLOCK_LIBRARY_FORMAT, version: BLOCK_LIBRARY_VERSION, blocks });
  if (!library.success) return fail({ code: 'invalid-definition', block: '—', field: library.error.issues[0].path.join('.'), detail: library.error.issues[0].message });
  return version < BLOCK_LIBRARY_VERSION ? { ok: true, library: library.data, migratedFrom: version } : { ok: true, library: library.data };
}

export interface BlockMergeReport {
  /** Names of definitions new to the graph. */
  added: string[];
  /** Names of definitions the graph already had, identical. */
  skipped: string[];
  /** Definitions whose id the graph uses for a different one: added under a new id and name. */
  renamed: { from: string; to: string; id: string }[];
}

/** JSON with sorted keys: two definitions are identical when this text is. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]` : isObject(v) ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}` : JSON.stringify(v);

const freeId = (base: string, used: Set<string>) => {
  for (let i = 2; ; i++) if (!used.has(`${base}_${i}`)) return `${base}_${i}`;
};
const freeName = (base: string, used: Set<string>) => {
  for (let i = 2; ; i++) if (!used.has(`${base} (${i})`)) return `${base} (${i})`;
};

/** Nested definitions before the ones that use them, so a renamed inner block is known when its user is read. */
function nestedFirst(blocks: readonly BlockDefinition[]): BlockDefinition[] {
  const out: BlockDefinition[] = [];
  const done = new Set<string>();
  const visit = (def: BlockDefinition) => {
    if (done.has(def.id)) return;
    done.add(def.id);
    for (const id of blocksUsedBy(def)) {
      const inner = findBlock(blocks, id);
      if (inner) visit(inner);
    }
    out.push(def);
  };
  blocks.forEach(visit);
  return out;
}

const remapNested = (def: BlockDefinition, idOf: Map<string, string>): BlockDefinition =>
  blocksUsedBy(def).some((id) => idOf.get(id) !== id)
    ? {
        ...def,
        graph: {
          ...def.graph,
          nodes: def.graph.nodes.map((n) => (n.type === USER_BLOCK_TYPE && typeof n.params?.block === 'string' && idOf.has(n.params.block) ? { ...n, params: { ...n.params, block: idOf.get(n.params.block) } } : n)),
        },
      }
    : def;

/**
 * Adds a library's definitions to the graph: one already there and identical is skipped; one whose id is taken
 * by a different definition comes in as "name (2)" under a fresh id, and the imported definitions that nest it
 * point at the new id. The graph's own definitions and instances never change.
 */
export function mergeBlockLibrary(graph: Graph, library: BlockLibrary): { graph: Graph; report: BlockMergeReport } {
  const existing = graph.blocks ?? [];
  const ids = new Set(existing.map((b) => b.id));
  const names = new Set(existing.map((b) => b.name));
  const idOf = new Map<string, string>();
  const report: BlockMergeReport = { added: [], skipped: [], renamed: [] };
  const added: BlockDefinition[] = [];
  for (const original of nestedFirst(library.blocks)) {
    const def = remapNested(original, idOf);
    const same = findBlock(existing, def.id);
    if (same && canonical(same) === canonical(def)) {
      idOf.set(original.id, def.id);
      report.skipped.push(def.name);
      continue;
    }
    if (same || ids.has(def.id)) {
      const id = freeId(def.id, ids);
      const name = freeName(def.name, names);
      idOf.set(original.id, id);
      report.renamed.push({ from: def.name, to: name, id });
      added.push({ ...def, id, name });
    } else {
      idOf.set(original.id, def.id);
      report.added.push(def.name);
      added.push(def);
    }
    ids.add(added[added.length - 1].id);
    names.add(added[added.length - 1].name);
  }
  return { graph: added.length ? { ...graph, blocks: [...existing, ...added] } : graph, report };
}
