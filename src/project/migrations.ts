// Older project files are brought up to date one version at a time: migrations[n] turns version n into n+1.
// Each step is a pure function on plain JSON, so a file from any older version opens in the current app.
import { PROJECT_FORMAT } from './schema';

type Json = Record<string, unknown>;
export type Migration = (doc: Json) => Json;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Version 0 (prototype builds): no `format`, nodes and edges at the top level, positions as x/y,
 * edges as {from, to}. Version 1 nests them under `graph` and adds settings (filled by schema defaults).
 */
const v0ToV1: Migration = (doc) => {
  const nodes = Array.isArray(doc.nodes) ? doc.nodes : [];
  const edges = Array.isArray(doc.edges) ? doc.edges : [];
  return {
    format: PROJECT_FORMAT,
    version: 1,
    name: typeof doc.name === 'string' ? doc.name : 'Untitled',
    graph: {
      nodes: nodes.filter(isObject).map((n) => {
        const { x, y, ...rest } = n;
        return typeof x === 'number' && typeof y === 'number' ? { ...rest, position: { x, y } } : rest;
      }),
      edges: edges.filter(isObject).map((e, i) => {
        const { from, to, ...rest } = e;
        return { id: typeof e.id === 'string' ? e.id : `e${i}`, ...rest, source: e.source ?? from, target: e.target ?? to };
      }),
    },
  };
};

/**
 * Version 2 adds user block definitions (`graph.blocks`, absent = none, so nothing to fill) and stops saving
 * whether a composite is shown expanded: that is view state now, so the per-node `expanded` flag is dropped.
 */
const v1ToV2: Migration = (doc) => {
  const graph = isObject(doc.graph) ? doc.graph : undefined;
  const nodes = graph && Array.isArray(graph.nodes) ? graph.nodes : undefined;
  if (!graph || !nodes) return { ...doc, version: 2 };
  const withoutExpanded = nodes.map((n) => {
    if (!isObject(n) || !('expanded' in n)) return n;
    const { expanded: _shown, ...rest } = n;
    return rest;
  });
  return { ...doc, version: 2, graph: { ...graph, nodes: withoutExpanded } };
};

/** Version 3 adds the runs list (`runs`, absent = none yet: the schema fills an empty list). */
const v2ToV3: Migration = (doc) => ({ ...doc, version: 3 });

/** migrations[n]: version n → n + 1. */
export const migrations: Readonly<Record<number, Migration>> = {
  0: v0ToV1,
  1: v1ToV2,
  2: v2ToV3,
};

/** Applies every step from `from` up to `to`; throws if a step is missing (a bug, not a user error). */
export function migrate(doc: Json, from: number, to: number): Json {
  let cur = doc;
  for (let v = from; v < to; v++) {
    const step = migrations[v];
    if (!step) throw new Error(`No migration from project version ${v} to ${v + 1}.`);
    cur = step(cur);
  }
  return cur;
}

/** A version-0 document: the prototype shape with top-level nodes/edges and no format field. */
export const looksLikeVersion0 = (doc: Json): boolean =>
  doc.version === 0 && Array.isArray(doc.nodes) && Array.isArray(doc.edges) && doc.format === undefined;
