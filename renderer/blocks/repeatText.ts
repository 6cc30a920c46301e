// How a per-repeat change reads in the inspector: "C3: Filters (K) = 8", with the inner layer's own name
// and the editor's parameter label (`t` is the default namespace).
import type { BlockDefinition } from '../../src/graph/schema';

/** A param value as the user typed it: numbers and words as they are, a tuple as "3 × 3". */
export const valueText = (v: unknown): string => (Array.isArray(v) ? v.join(' × ') : typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));

/** The name of an inner layer of the definition (its id when unnamed). */
export const innerName = (block: BlockDefinition, innerId: string): string => {
  const n = block.graph.nodes.find((x) => x.id === innerId);
  return n?.name || innerId;
};

export const changeText = (t: (k: string, o?: Record<string, unknown>) => string, block: BlockDefinition, innerId: string, param: string, value: unknown): string =>
  `${innerName(block, innerId)}: ${t(`param.${param}`, { defaultValue: param })} = ${valueText(value)}`;
