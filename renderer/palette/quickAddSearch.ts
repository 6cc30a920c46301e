// Ranking for the palette's quick-add box: a layer matches by its type id or its translated name;
// exact > prefix > word/capital prefix > substring > initials ("gap" → GlobalAveragePooling2D).

export interface LayerEntry {
  type: string;
  label: string;
}

/** Upper-case letters and digits of a CamelCase id, lower-cased: GlobalAveragePooling2D → "gap2d". */
const initials = (type: string) => type.replace(/[^A-Z0-9]/g, '').toLowerCase();

function score(q: string, e: LayerEntry): number | undefined {
  const type = e.type.toLowerCase();
  const label = e.label.toLowerCase();
  if (type === q || label === q) return 0;
  if (type.startsWith(q) || label.startsWith(q)) return 1;
  if (label.split(/[\s/()-]+/).some((w) => w.startsWith(q))) return 2;
  if (type.includes(q) || label.includes(q)) return 3;
  if (initials(e.type).startsWith(q)) return 4;
  return undefined;
}

/** Matching entries, best first (ties keep palette order). Empty query → nothing. */
export function searchLayers(query: string, entries: readonly LayerEntry[]): LayerEntry[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  return entries
    .map((e, i) => ({ e, i, s: score(q, e) }))
    .filter((x): x is { e: LayerEntry; i: number; s: number } => x.s !== undefined)
    .sort((a, b) => a.s - b.s || a.i - b.i)
    .map((x) => x.e);
}
