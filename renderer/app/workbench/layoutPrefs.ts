// The workbench layout a person chose (panel sizes, which panels are collapsed, the maximised bottom panel,
// the active tab), as one zod schema, read from and written to localStorage. A stored value that does not
// parse falls back to its default field by field, so a bad entry never breaks the window.
import { z } from 'zod';

export const LAYOUT_PREFS_KEY = 'cnn-studio-workbench';

/** Sizes in pixels for the side panels (they keep their width when the window is resized). */
export const PALETTE = { defaultPx: 210, minPx: 150, maxPx: 480 } as const;
export const INSPECTOR = { defaultPx: 300, minPx: 220, maxPx: 560 } as const;
/** The bottom panel as a percentage of the area between menu bar and status bar; 44 % leaves the canvas ~420 px at 1280×800. */
export const BOTTOM = { defaultPercent: 44, minPx: 140 } as const;
/** Width of a collapsed side panel (its rail with the expand button) and height of the bottom tab bar. */
export const RAIL_PX = 30;
export const TAB_BAR_PX = 34;

const px = (range: { defaultPx: number; minPx: number; maxPx: number }) =>
  z.number().finite().min(range.minPx).max(range.maxPx).catch(range.defaultPx);
const flag = z.boolean().catch(false);

export const LayoutPrefsSchema = z.object({
  paletteWidth: px(PALETTE),
  inspectorWidth: px(INSPECTOR),
  bottomPercent: z.number().finite().min(10).max(90).catch(BOTTOM.defaultPercent),
  paletteCollapsed: flag,
  inspectorCollapsed: flag,
  bottomCollapsed: flag,
  bottomMaximised: flag,
  /** The tab id; an id that no longer exists is replaced by the caller (see `withKnownTab`). */
  activeTab: z.string().min(1).max(64).catch('problems'),
});
export type LayoutPrefs = z.infer<typeof LayoutPrefsSchema>;

export const DEFAULT_LAYOUT_PREFS: LayoutPrefs = LayoutPrefsSchema.parse({});

/** Parses stored text: unreadable JSON or a non-object gives the defaults, a bad field gives that field's default. */
export function parseLayoutPrefs(text: string | null): LayoutPrefs {
  if (text === null) return DEFAULT_LAYOUT_PREFS;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return DEFAULT_LAYOUT_PREFS;
  }
  const parsed = LayoutPrefsSchema.safeParse(typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {});
  return parsed.success ? parsed.data : DEFAULT_LAYOUT_PREFS;
}

/** The prefs with an active tab that exists among `tabIds` (Problems otherwise). */
export function withKnownTab(prefs: LayoutPrefs, tabIds: readonly string[]): LayoutPrefs {
  return tabIds.includes(prefs.activeTab) ? prefs : { ...prefs, activeTab: 'problems' };
}

type PrefsStorage = Pick<Storage, 'getItem' | 'setItem'>;

export function readLayoutPrefs(storage: PrefsStorage | undefined): LayoutPrefs {
  try {
    return parseLayoutPrefs(storage?.getItem(LAYOUT_PREFS_KEY) ?? null);
  } catch {
    return DEFAULT_LAYOUT_PREFS; // storage unavailable (private mode, denied)
  }
}

export function writeLayoutPrefs(storage: PrefsStorage | undefined, prefs: LayoutPrefs): void {
  try {
    storage?.setItem(LAYOUT_PREFS_KEY, JSON.stringify(prefs));
  } catch {
    // not persisted (quota, private mode); the layout still works for this session
  }
}
