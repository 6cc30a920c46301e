// One line per layer type in the lecture's words, for the palette tooltip (the text lives in the layer's own file).
import type { Lang } from '../i18n/issues';
import { getLayer } from '../layers/registry';

/** What a layer type computes, in one line; an unknown type gets its own name back. */
export function layerSummaryText(type: string, lang: 'en' | 'ko'): string {
  const def = getLayer(type);
  return def ? def.explain.summary[lang satisfies Lang] : type;
}
