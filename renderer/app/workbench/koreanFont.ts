// Loads the Noto Sans KR subsets that the Korean UI texts need, before they are shown. Chromium keeps text
// that was laid out while its subset was still downloading drawn with the fallback's missing-glyph boxes,
// even after the subset arrives (seen in headless Chromium: "CNN 스튜디오" in bold stayed boxes after a
// reload in Korean). Loading the faces first avoids that; they are small (about 20 KB a subset).
import { i18n } from '../../i18n';

const FAMILY = '"Noto Sans KR"';
const WEIGHTS = [400, 700] as const; // the weights main.tsx bundles; 600 uses 700

/** Every distinct non-ASCII character of the texts, in order of first use. */
export function distinctNonAscii(texts: Iterable<string>): string {
  const seen = new Set<string>();
  for (const text of texts) for (const ch of text) if (ch > '\u007f') seen.add(ch);
  return [...seen].join('');
}

function* stringsOf(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* stringsOf(v);
}

/** The characters of every Korean text the UI has (all namespaces). */
export function koreanUiCharacters(): string {
  return distinctNonAscii(stringsOf(i18n.store.data.ko));
}

/** Resolves when the faces for `chars` are loaded in both weights (or failed: the fallback is used then). */
export async function loadKoreanFaces(chars: string, fonts: FontFaceSet = document.fonts): Promise<void> {
  if (!chars) return;
  await Promise.allSettled(WEIGHTS.map((w) => fonts.load(`${w} 16px ${FAMILY}`, chars)));
}
