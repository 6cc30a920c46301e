// Layer names and the labels of layer-specific parameters come from the layer files (src/layers/*.ts
// `labels`, `paramLabels`), so a new layer needs no entry here; en.ts and ko.ts spread them in.
import type { Lang } from '../../src/i18n/issues';
import { layers } from '../../src/layers/registry';

/** Layer type → its name in `lang` (the "layer" namespace of the editor texts). */
export const layerNames = (lang: Lang): Record<string, string> => Object.fromEntries(layers.map((l) => [l.type, l.labels[lang]]));

/** Parameter → its label in `lang`, for the parameters the layers label themselves. */
export const layerParamLabels = (lang: Lang): Record<string, string> =>
  Object.fromEntries(layers.flatMap((l) => Object.entries(l.paramLabels ?? {}).map(([param, label]) => [param, label[lang]])));
