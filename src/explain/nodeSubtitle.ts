// The short label under a node's name (e.g. "6 @ 5×5 /1", "10 classes, softmax") in the UI language.
import type { Lang } from '../i18n/issues';
import { getLayer } from '../layers/registry';

/** The layer's summary of these params in `lang`; undefined for an unknown type, invalid params or no summary. */
export function nodeSubtitle(type: string, params: Record<string, unknown> | undefined, lang: Lang): string | undefined {
  const def = getLayer(type);
  if (!def?.summary) return undefined;
  const parsed = def.schema.safeParse(params ?? {});
  return parsed.success ? def.summary(parsed.data, lang) : undefined;
}
